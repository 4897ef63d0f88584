import { FakeGitHub, pullRequestDelivery, type FakePullRequest } from "../../src/demo/fake-github.js";
import type { RunningAppServer } from "../../src/github/app-server.js";
import { validateGraphqlBody } from "../github/helpers/graphql-schema.js";
import { BASE, HEAD } from "../github/pr-world.js";
import { deliver, E2E_APP, E2E_INSTALLATION, serveApp, stopAll } from "./serve-app.js";

// A pull request touching 150 Python files is read 100 files to a GraphQL query, not one REST read each.
const SECRET = "large-pull-secret";
const FILES = 150;
const EXEMPT_FILE = "app77/views.py";

let github: FakeGitHub;
let app: RunningAppServer;
let pull: FakePullRequest;

beforeAll(async () => {
  const headFiles: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) headFiles[`app${i}/views.py`] = `from django.http import HttpResponse\n\n\ndef page_${i}(request):\n    return HttpResponse("ok")\n`;
  headFiles[EXEMPT_FILE] = "from django.http import HttpResponse\nfrom django.views.decorators.csrf import csrf_exempt\n\n\n@csrf_exempt\ndef hook(request):\n    request.user.orders.all().delete()\n    return HttpResponse(\"ok\")\n";
  pull = {
    owner: "acme", repo: "shop", number: 31, title: "Split the views", author: "dev-ana",
    baseRef: "main", baseSha: BASE, headRef: "split", headSha: HEAD, baseFiles: {}, headFiles,
  };
  github = new FakeGitHub({ app: E2E_APP, installationId: E2E_INSTALLATION, pull });
  app = await serveApp(await github.start(), SECRET);
});

afterAll(() => stopAll(app, github));

it("reviews a 150-file pull request with two batched reads of the files", async () => {
  const res = await deliver(app, SECRET, "pull_request", pullRequestDelivery(pull, E2E_INSTALLATION), "large-1");
  expect(res.status).toBe(202);
  await app.idle();

  const blobQueries = github.requests.filter((r) => r.path.endsWith("/graphql") && String(r.body?.query).includes("object(expression:"));
  expect(blobQueries).toHaveLength(2);
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
  const res = await deliver(app, SECRET, "pull_request", pullRequestDelivery({ ...pull, headSha: NEW_HEAD }, E2E_INSTALLATION, "synchronize"), "large-2");
  expect(res.status).toBe(202);
  await app.idle();

  const during = github.requests.slice(before);
  const fileReads = during.filter((r) => (r.method === "GET" && /\/contents\/app\d+/.test(r.path)) || String(r.body?.query ?? "").includes("object(expression:"));
  expect(fileReads.map((r) => decodeURIComponent(r.path.split("?")[0]))).toEqual([expect.stringMatching(/\/contents\/app3\/views\.py$/)]);
  const run = github.checkRuns.find((r) => r.head_sha === NEW_HEAD);
  expect(run?.status).toBe("completed");
  expect(run?.annotations.map((a: { path: string }) => a.path).sort()).toEqual([EXEMPT_FILE, changed].sort());
});
