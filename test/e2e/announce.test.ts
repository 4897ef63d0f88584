import { createHmac } from "node:crypto";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest, type RecordedRequest } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { MemoryQueue } from "../../src/queue/memory-queue.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";
import { validateRequestBody } from "../github/helpers/openapi.js";
import { BASE, HEAD, VIEWS_AFTER, VIEWS_BEFORE } from "../github/pr-world.js";

// A pull request's check run is created `queued` when its delivery arrives, while its review waits in the
// queue (here: behind the review of the same pull request's previous head, which is held at its head check);
// the review then takes that run over instead of making another.

const SECRET = "announce-webhook-secret";
const INSTALLATION = 31337;
const HEAD2 = "4e2d3f0a8c6e5d7f9a1b2c3d4e5f6a7b8c9d0e1f";
const sign = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

let github: FakeGitHub;
let app: RunningAppServer;
const pull: FakePullRequest = {
  owner: "acme", repo: "shop", number: 12, title: "Add payment webhook", author: "dev-ana",
  baseRef: "main", baseSha: BASE, headRef: "feature/payments", headSha: HEAD,
  baseFiles: { "shop/views.py": VIEWS_BEFORE },
  headFiles: { "shop/views.py": VIEWS_AFTER },
};
let holding = false;
let releaseHold: () => void = () => undefined;
const held = new Promise<void>((resolve) => (releaseHold = resolve));
let reachedHold: () => void = () => undefined;
const reached = new Promise<void>((resolve) => (reachedHold = resolve));

beforeAll(async () => {
  github = new FakeGitHub({
    app: { id: 4242, slug: "django-sec" },
    installationId: INSTALLATION,
    pull: { ...pull },
    // The first review's head check waits until the test lets it go.
    hold: (r: RecordedRequest) => {
      if (!holding || r.method !== "GET" || !/\/pulls\/12$/.test(r.path)) return undefined;
      holding = false;
      reachedHold();
      return held;
    },
  });
  const host = await github.start();
  app = await startAppServer({
    env: { APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
    Octokit: testOctokit(),
    queue: new MemoryQueue({ concurrency: 4 }),
    announceAfterMs: 0,
  });
});

afterAll(async () => {
  releaseHold();
  await app?.close();
  await github?.stop();
});

async function deliver(action: string, head: string, id: string): Promise<number> {
  const body = JSON.stringify(pullRequestDelivery({ ...pull, headSha: head }, INSTALLATION, action));
  const res = await fetch(`${app.url}${app.webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": sign(body) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Waits (polling, no time limit of its own: jest's applies) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}

const checkRunWrites = (head: string) => {
  const created = github.requests.find((r) => r.method === "POST" && r.path.endsWith("/check-runs") && r.body?.head_sha === head);
  const id = github.checkRuns.find((c) => c.head_sha === head)?.id;
  return { created, updates: github.requests.filter((r) => r.method === "PATCH" && r.path.endsWith(`/check-runs/${id}`)) };
};

describe("check runs announced when the delivery arrives", () => {
  it("creates the waiting review's run `queued` at once, and the review takes it over: one run per head, no review of the replaced head", async () => {
    holding = true;
    expect(await deliver("opened", HEAD, "d-1")).toBe(202);
    await reached;
    // The pull request moves on while the first review is held; its push's review must wait (one job per pull request).
    github.push(HEAD2, { "shop/views.py": VIEWS_AFTER, "shop/extra.py": "X = 1\n" });
    expect(await deliver("synchronize", HEAD2, "d-2")).toBe(202);
    await until(() => github.checkRuns.some((c) => c.head_sha === HEAD2));
    // Announced while the review waits: queued, nothing reviewed yet.
    expect(github.checkRuns.find((c) => c.head_sha === HEAD2)).toMatchObject({ name: "django-sec", status: "queued", external_id: "12" });
    expect(checkRunWrites(HEAD2).updates).toHaveLength(0);

    releaseHold();
    await app.idle();

    const runs2 = github.checkRuns.filter((c) => c.head_sha === HEAD2);
    expect(runs2).toHaveLength(1);
    expect(runs2[0]).toMatchObject({ status: "completed", conclusion: expect.stringMatching(/^(success|failure)$/) });
    const writes = checkRunWrites(HEAD2);
    expect(writes.created?.body).toMatchObject({ status: "queued" });
    // Taken over: in_progress when the review started, then completed.
    expect(writes.updates.map((u) => u.body.status)).toEqual(["in_progress", "completed"]);
    // The first head's review ended superseded and posted nothing.
    const runs1 = github.checkRuns.filter((c) => c.head_sha === HEAD);
    expect(runs1).toHaveLength(1);
    expect(runs1[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(runs1[0].output?.title).toMatch(/^Superseded/);
    expect(github.reviews.every((r) => r.commit_id === HEAD2)).toBe(true);
    // Every write is one GitHub accepts.
    for (const r of github.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/graphql"))) {
      expect(validateRequestBody(r.method, r.path.split("?")[0], r.body)).toEqual([]);
    }
  });
});
