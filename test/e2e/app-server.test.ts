import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { FakeGitHub } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";
import { validateRequestBody } from "../github/helpers/openapi.js";
import { BASE, DECORATOR_LINE, HEAD, VIEWS_AFTER, VIEWS_BEFORE } from "../github/pr-world.js";

const SECRET = "e2e-webhook-secret";
const delivery = readFileSync(new URL("../fixtures/github/pull_request.opened.json", import.meta.url), "utf8");

let github: FakeGitHub;
let app: RunningAppServer;

beforeAll(async () => {
  github = new FakeGitHub({
    app: { id: 4242, slug: "django-sec" },
    installationId: 31337,
    pull: {
      owner: "acme", repo: "shop", number: 12, title: "Add payment webhook", author: "dev-ana",
      baseRef: "main", baseSha: BASE, headRef: "feature/payments", headSha: HEAD,
      baseFiles: { "shop/views.py": VIEWS_BEFORE, "README.md": "# shop\n" },
      headFiles: { "shop/views.py": VIEWS_AFTER, "README.md": "# shop\n\nNow with payments.\n" },
    },
  });
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

function post(body: string, signature: string, id: string) {
  return fetch(`${app.url}${app.webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": signature },
    body,
  });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("the app over real HTTP", () => {
  it("rejects a delivery signed with the wrong secret and posts nothing", async () => {
    const res = await post(delivery, sign(delivery, "not-the-secret"), "e2e-bad");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(github.requests).toEqual([]);
  });

  it("reviews a signed pull_request.opened delivery: check run, one review, completed check", async () => {
    const res = await post(delivery, sign(delivery), "e2e-good");
    // Answered at once; the review runs from the queue.
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: true, duplicate: false });
    await app.idle();
    const [run] = github.checkRuns;
    expect(run).toMatchObject({ name: "django-sec", head_sha: HEAD, external_id: "12", status: "completed", conclusion: "success" });
    expect(run.annotations).toHaveLength(1);
    expect(github.reviews).toHaveLength(1);
    expect(github.reviews[0].comments).toEqual([expect.objectContaining({ path: "shop/views.py", line: DECORATOR_LINE })]);
    for (const r of github.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/graphql"))) {
      expect(validateRequestBody(r.method, r.path.split("?")[0], r.body)).toEqual([]);
    }
  });

  it("does not run again when the same delivery arrives again", async () => {
    const requestsBefore = github.requests.length;
    const res = await post(delivery, sign(delivery), "e2e-good");
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: false, duplicate: true });
    await app.idle();
    expect(github.checkRuns).toHaveLength(1);
    expect(github.reviews).toHaveLength(1);
    expect(github.requests.length).toBe(requestsBefore);
  });

  it.each([
    ["missing headers", { "content-type": "application/json" }, 400],
    ["a bad signature", { "x-github-event": "pull_request", "x-github-delivery": "e2e-x", "x-hub-signature-256": "sha256=00" }, 401],
  ])("rejects a delivery with %s", async (_name, headers, status) => {
    const res = await fetch(`${app.url}${app.webhookPath}`, { method: "POST", headers, body: delivery });
    expect(res.status).toBe(status);
  });

  it("answers GET /healthz", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", role: "all", queue: "memory" });
  });
});
