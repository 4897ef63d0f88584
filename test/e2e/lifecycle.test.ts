import { randomUUID } from "node:crypto";
import { FakeGitHub, pullRequestDelivery, type FakeGitHubOptions, type FakePullRequest, type StoredCheckRun } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { BullQueue } from "../../src/queue/bullmq-queue.js";
import { MemoryQueue } from "../../src/queue/memory-queue.js";
import type { ReviewQueue } from "../../src/queue/review-queue.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";
import { BASE, HEAD, VIEWS_AFTER, VIEWS_BEFORE } from "../github/pr-world.js";
import { deliver, E2E_APP, E2E_INSTALLATION } from "./serve-app.js";

// The lifecycle of a pull request's review through the real server and queue, against the fake GitHub:
// nothing may end with a passing (`neutral`) check and no review, or stay `in_progress` for good.
const SECRET = "lifecycle-secret";
const HEAD_B = "b".repeat(40);
const VIEWS_B = `${VIEWS_AFTER}\n\ndef refund(request):\n    return JsonResponse({"refunded": False})\n`;

const redisUrl = process.env.REDIS_URL;
if (!redisUrl && process.env.CI) throw new Error("REDIS_URL must be set in CI (see .ci/run)");

type QueueKind = "memory" | "bullmq";
const kinds: QueueKind[] = redisUrl ? ["memory", "bullmq"] : ["memory"];

function makeQueue(kind: QueueKind): ReviewQueue {
  return kind === "memory"
    ? new MemoryQueue({ backoffMs: 20 })
    : new BullQueue({ redisUrl: redisUrl ?? "", name: `lifecycle-${randomUUID()}`, lockDurationMs: 2000, backoffMs: 50 });
}

function newPull(overrides: Partial<FakePullRequest> = {}): FakePullRequest {
  return {
    owner: "acme", repo: "shop", number: 12, title: "Add payment webhook", author: "dev-ana",
    baseRef: "main", baseSha: BASE, headRef: "feature/payments", headSha: HEAD,
    baseFiles: { "shop/views.py": VIEWS_BEFORE }, headFiles: { "shop/views.py": VIEWS_AFTER },
    ...overrides,
  };
}

let github: FakeGitHub | undefined;
let app: RunningAppServer | undefined;

afterEach(async () => {
  await app?.close();
  await github?.stop();
  app = github = undefined;
});

type SweepOption = Parameters<typeof startAppServer>[0]["sweep"];

async function start(kind: QueueKind, pull: FakePullRequest, extra: Partial<FakeGitHubOptions> = {}, sweep: SweepOption = false, seed: StoredCheckRun[] = []) {
  github = new FakeGitHub({ app: E2E_APP, installationId: E2E_INSTALLATION, pull, ...extra });
  github.checkRuns.push(...seed);
  const host = await github.start();
  app = await startAppServer({
    env: { APP_ID: String(E2E_APP.id), PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
    Octokit: testOctokit(),
    queue: makeQueue(kind),
    sweep,
  });
  return { github, app };
}

const runsOn = (gh: FakeGitHub, sha: string) => gh.checkRuns.filter((r) => r.head_sha === sha).map((r) => [r.status, r.conclusion, r.output?.title]);
const inProgress = (gh: FakeGitHub) => gh.checkRuns.filter((r) => r.status !== "completed");

describe.each(kinds)("review lifecycle (%s queue)", (kind) => {
  it("reviews a draft's head when it is marked ready for review without a new push; a redelivery runs once", async () => {
    const pull = newPull({ draft: true });
    const { github, app } = await start(kind, pull);
    expect((await deliver(app, SECRET, "pull_request", pullRequestDelivery(pull, E2E_INSTALLATION, "opened"), "d-opened")).status).toBe(202);
    await app.idle();
    expect(runsOn(github, HEAD)).toEqual([["completed", "neutral", "Draft: will review when ready"]]);

    pull.draft = false;
    const ready = pullRequestDelivery(pull, E2E_INSTALLATION, "ready_for_review");
    expect(await (await deliver(app, SECRET, "pull_request", ready, "d-ready")).json()).toEqual({ queued: true, duplicate: false });
    await app.idle();
    expect(await (await deliver(app, SECRET, "pull_request", ready, "d-ready")).json()).toEqual({ queued: false, duplicate: true });
    await app.idle();

    expect(runsOn(github, HEAD)).toEqual([
      ["completed", "neutral", "Draft: will review when ready"],
      ["completed", "success", "1 medium in this change"],
    ]);
    expect(github.reviews).toHaveLength(1);
  });

  it("reviews the pull request's real head when an older push's delivery arrives again after the newer one", async () => {
    const pull = newPull();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = true;
    // A's review is held at its start, so B's delivery and A's late redelivery both wait behind it.
    const { github, app } = await start(kind, pull, {
      hold: (req) => (holding && req.method === "POST" && req.path.endsWith("/check-runs") ? ((holding = false), held) : undefined),
    });
    const atA = pullRequestDelivery(pull, E2E_INSTALLATION, "opened");
    await deliver(app, SECRET, "pull_request", atA, "d-a");
    await until(() => !holding);
    github.push(HEAD_B, { "shop/views.py": VIEWS_B });
    await deliver(app, SECRET, "pull_request", pullRequestDelivery(pull, E2E_INSTALLATION, "synchronize"), "d-b");
    expect(await (await deliver(app, SECRET, "pull_request", atA, "d-a")).json()).toEqual({ queued: false, duplicate: true });
    release();
    await app.idle();

    expect(runsOn(github, HEAD_B)).toEqual([["completed", "success", "1 medium in this change"]]);
    expect(runsOn(github, HEAD)).toEqual([["completed", "neutral", `Superseded by ${HEAD_B.slice(0, 7)}`]]);
    expect(github.reviews.map((r) => r.commit_id)).toEqual([HEAD_B]);
  });

  it("closes an interrupted run as neutral when the pull request moved on before the job ran again", async () => {
    const pull = newPull();
    let broken = true;
    const atA = pullRequestDelivery(pull, E2E_INSTALLATION, "synchronize");
    const { github, app } = await start(kind, pull, {
      // The first attempt dies after starting its check run (GitHub errors, even on the clean-up), and a
      // push to B lands meanwhile; B's delivery is queued while A's attempt is still running.
      fault: (req) => {
        if (!broken) return undefined;
        if (req.method === "GET" && req.path.split("?")[0].endsWith("/pulls/12")) {
          github.push(HEAD_B, { "shop/views.py": VIEWS_B });
          void app.queue.enqueue({ id: "d-b", name: "pull_request", payload: pullRequestDelivery(pull, E2E_INSTALLATION, "synchronize") });
          return { status: 502 };
        }
        if (req.method === "PATCH") {
          broken = false;
          return { status: 502 };
        }
        return undefined;
      },
    });
    await deliver(app, SECRET, "pull_request", atA, "d-a");
    await until(() => !broken && github.checkRuns.some((r) => r.head_sha === HEAD_B && r.status === "completed"));
    await app.idle();

    expect(inProgress(github)).toEqual([]);
    expect(runsOn(github, HEAD)).toEqual([
      ["completed", "neutral", "Interrupted"],
      ["completed", "neutral", `Superseded by ${HEAD_B.slice(0, 7)}`],
    ]);
    expect(runsOn(github, HEAD_B)).toEqual([["completed", "success", "1 medium in this change"]]);
  });

  it("sweeps on start: a run left in_progress on an open pull request's head is reviewed again and closed", async () => {
    const pull = newPull();
    const now = Date.parse("2026-03-01T12:00:00Z");
    const lost: StoredCheckRun = { id: 9001, name: "django-sec", head_sha: HEAD, external_id: "12", status: "in_progress", started_at: iso(now - 2 * 3600_000), output: { title: "Reviewing" }, annotations: [] };
    const { github, app } = await start(kind, pull, {}, { intervalMs: 0, now: () => now }, [lost]);
    const report = await app.startupSweep;
    await app.idle();

    expect(report).toMatchObject({ installations: 1, pulls: 1, stuck: 1, requeued: 1, closed: 0 });
    expect(inProgress(github)).toEqual([]);
    expect(runsOn(github, HEAD)).toEqual([
      ["completed", "neutral", "Interrupted"],
      ["completed", "success", "1 medium in this change"],
    ]);
    expect(github.reviews).toHaveLength(1);
  });
});

describe.each(kinds)("a delivery lost before a worker took it (%s queue)", (kind) => {
  it("is found by the sweeper, which queues the review of the unreviewed head", async () => {
    const pull = newPull();
    // The pull request's last update was two hours before the sweep, and no run of ours is on its head.
    const now = Date.now() + 2 * 3600_000;
    const { github, app } = await start(kind, pull, {}, { intervalMs: 0, now: () => now });
    const report = await app.startupSweep;
    await app.idle();
    expect(report).toMatchObject({ pulls: 1, stuck: 0, unreviewed: 1, requeued: 1 });
    expect(runsOn(github, HEAD)).toEqual([["completed", "success", "1 medium in this change"]]);
    expect(github.reviews).toHaveLength(1);
  });
});

const redisSuite = redisUrl ? describe : describe.skip;

redisSuite("Redis restarting without persistence", () => {
  it("loses the queued delivery, and the sweeper of the next worker reviews the pull request anyway", async () => {
    const { Redis } = await import("ioredis");
    const name = `restart-${randomUUID()}`;
    const pull = newPull();
    github = new FakeGitHub({ app: E2E_APP, installationId: E2E_INSTALLATION, pull });
    const host = await github.start();
    const env = { APP_ID: String(E2E_APP.id), PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" };
    const queue = () => new BullQueue({ redisUrl: redisUrl ?? "", name, lockDurationMs: 2000 });
    const receiver = await startAppServer({ env, role: "receiver", Octokit: testOctokit(), queue: queue() });
    expect((await deliver(receiver, SECRET, "pull_request", pullRequestDelivery(pull, E2E_INSTALLATION, "opened"), "d-lost")).status).toBe(202);
    await receiver.close();

    // What a restart without the append-only file leaves: none of this queue's keys.
    const redis = new Redis(redisUrl ?? "");
    const keys = await redis.keys(`bull:${name}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    await redis.quit();

    const later = Date.now() + 2 * 3600_000;
    app = await startAppServer({ env, role: "worker", Octokit: testOctokit(), queue: queue(), sweep: { intervalMs: 0, now: () => later } });
    await app.startupSweep;
    await app.idle();
    expect(runsOn(github, HEAD)).toEqual([["completed", "success", "1 medium in this change"]]);
    expect(github.reviews).toHaveLength(1);
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Waits for a condition the test itself causes; the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}
