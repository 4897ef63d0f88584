import { createHmac } from "node:crypto";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";
import { validateGraphqlBody } from "../github/helpers/graphql-schema.js";
import { BASE, HEAD } from "../github/pr-world.js";

// A pull request touching 150 Python files is read 50 files to a GraphQL query, not one REST read each.
const SECRET = "large-pull-secret";
const FILES = 150;
const EXEMPT_FILE = "app77/views.py";

let github: FakeGitHub;
let app: RunningAppServer;
let pull: FakePullRequest;

beforeAll(async () => {
  const headFiles: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) headFiles[`app${i}/views.py`] = `from django.http import HttpResponse\n\n\ndef page_${i}(request):\n    return HttpResponse("ok")\n`;
  headFiles[EXEMPT_FILE] = "from django.http import HttpResponse\nfrom django.views.decorators.csrf import csrf_exempt\n\n\n@csrf_exempt\ndef hook(request):\n    return HttpResponse(\"ok\")\n";
  pull = {
    owner: "acme", repo: "shop", number: 31, title: "Split the views", author: "dev-ana",
    baseRef: "main", baseSha: BASE, headRef: "split", headSha: HEAD, baseFiles: {}, headFiles,
  };
  github = new FakeGitHub({ app: { id: 4242, slug: "django-sec" }, installationId: 31337, pull });
  const host = await github.start();
  app = await startAppServer({
    env: { APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
    Octokit: testOctokit(),
  });
});

afterAll(async () => {
  await app?.close();
  await github?.stop();
});

it("reviews a 150-file pull request with three batched reads of the files", async () => {
  const body = JSON.stringify(pullRequestDelivery(pull, 31337));
  const res = await fetch(`${app.url}${app.webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "large-1", "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
    body,
  });
  expect(res.status).toBe(202);
  await app.idle();

  const blobQueries = github.requests.filter((r) => r.path.endsWith("/graphql") && String(r.body?.query).includes("object(expression:"));
  expect(blobQueries).toHaveLength(3);
  for (const q of blobQueries) expect(validateGraphqlBody(q.body)).toEqual([]);
  const fileReads = github.requests.filter((r) => r.method === "GET" && /\/contents\/app\d+/.test(r.path));
  expect(fileReads).toEqual([]);

  const [run] = github.checkRuns;
  // csrf-exempt-view is medium: reported, but under the default fail-on threshold (high).
  expect(run).toMatchObject({ status: "completed", conclusion: "success" });
  expect(run.annotations).toEqual([expect.objectContaining({ path: EXEMPT_FILE, start_line: 5 })]);
  expect(github.reviews).toHaveLength(1);
  expect(github.reviews[0].comments).toEqual([expect.objectContaining({ path: EXEMPT_FILE, line: 5 })]);
});

it("reads again only the file a push changed: the rest come from the blob cache", async () => {
  const before = github.requests.length;
  const NEW_HEAD = "7".repeat(40);
  const changed = "app3/views.py";
  github.push(NEW_HEAD, { ...pull.headFiles, [changed]: "from django.utils.safestring import mark_safe\n\n\ndef page(request):\n    return mark_safe(request.GET['q'])\n" });
  const body = JSON.stringify(pullRequestDelivery({ ...pull, headSha: NEW_HEAD }, 31337, "synchronize"));
  const res = await fetch(`${app.url}${app.webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "large-2", "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
    body,
  });
  expect(res.status).toBe(202);
  await app.idle();

  const during = github.requests.slice(before);
  const fileReads = during.filter((r) => (r.method === "GET" && /\/contents\/app\d+/.test(r.path)) || String(r.body?.query ?? "").includes("object(expression:"));
  expect(fileReads.map((r) => decodeURIComponent(r.path.split("?")[0]))).toEqual([expect.stringMatching(/\/contents\/app3\/views\.py$/)]);
  const run = github.checkRuns.find((r) => r.head_sha === NEW_HEAD);
  expect(run?.status).toBe("completed");
  expect(run?.annotations.map((a: { path: string }) => a.path).sort()).toEqual([EXEMPT_FILE, changed].sort());
});
