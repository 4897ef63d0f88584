import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FakeGitHub } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { BullQueue } from "../../src/queue/bullmq-queue.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";
import { BASE, HEAD, VIEWS_AFTER, VIEWS_BEFORE } from "../github/pr-world.js";

// A worker process is killed in the middle of a review; another worker takes the job over once the
// dead worker's lock expires, and the pull request still gets exactly one review and no check run
// left `in_progress`. Needs Redis (REDIS_URL, started by .ci/run) and the built app in dist/.
const redisUrl = process.env.REDIS_URL;
const SECRET = "takeover-secret";
const delivery = readFileSync(new URL("../fixtures/github/pull_request.opened.json", import.meta.url), "utf8");
const serverJs = join(process.cwd(), "dist", "src", "github", "server.js");

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const suite = redisUrl ? describe : describe.skip;
if (!redisUrl && process.env.CI) throw new Error("REDIS_URL must be set in CI (see .ci/run)");

suite("a worker killed mid-review (BullMQ on Redis)", () => {
  let github: FakeGitHub;
  let receiver: RunningAppServer | undefined;
  let rescuer: RunningAppServer | undefined;
  let doomed: ChildProcess | undefined;

  beforeAll(() => {
    // CI builds before testing; a developer's checkout may not have dist/ yet.
    if (!existsSync(serverJs)) execFileSync(process.execPath, [join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });
  }, 120_000);

  afterEach(async () => {
    doomed?.kill("SIGKILL");
    await rescuer?.close();
    await receiver?.close();
    await github?.stop();
    doomed = rescuer = receiver = undefined;
  });

  /** A receiver in this process, a worker process that starts the review and is killed, and how to start a rescuer. */
  async function killMidReview() {
    // Once the doomed worker has started its check run (created it, or taken over the one the receiver created
    // `queued` while the worker process was starting), every later request is held until the worker is dead,
    // so it cannot finish the review however slowly this test process is scheduled.
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let holding = true;
    github = new FakeGitHub({
      hold: () => (holding && github.checkRuns.some((r) => r.status === "in_progress") ? released : undefined),
      app: { id: 4242, slug: "django-sec" },
      installationId: 31337,
      latencyMs: 50,
      pull: {
        owner: "acme", repo: "shop", number: 12, title: "Add payment webhook", author: "dev-ana",
        baseRef: "main", baseSha: BASE, headRef: "feature/payments", headSha: HEAD,
        baseFiles: { "shop/views.py": VIEWS_BEFORE }, headFiles: { "shop/views.py": VIEWS_AFTER },
      },
    });
    const host = await github.start();
    const env: Record<string, string> = {
      APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal", REDIS_URL: redisUrl ?? "", QUEUE_NAME: `takeover-${randomUUID()}`, QUEUE_LOCK_MS: "1500",
    };
    // In this process the queue is passed in rather than REDIS_URL: with REDIS_URL, Probot also opens Redis
    // connections for cluster-wide request throttling, which it never closes (jest would not exit).
    const { REDIS_URL: _url, ...localEnv } = env;
    const queueFor = () => new BullQueue({ redisUrl: redisUrl ?? "", name: env.QUEUE_NAME, lockDurationMs: 1500 });
    receiver = await startAppServer({ env: localEnv, role: "receiver", queue: queueFor() });
    doomed = spawn(process.execPath, [serverJs, "--role", "worker"], { env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" }, stdio: "ignore" });

    const res = await fetch(`${receiver.url}${receiver.webhookPath}`, {
      method: "POST",
      headers: {
        "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "takeover-1",
        "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(delivery).digest("hex")}`,
      },
      body: delivery,
    });
    expect(res.status).toBe(202);

    await until("the first worker to start the review", () => github.checkRuns.length === 1 && github.checkRuns[0].status === "in_progress");
    const worker = doomed;
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    holding = false;
    release();
    expect(github.reviews).toHaveLength(0);
    expect(github.checkRuns[0].status).toBe("in_progress");

    return {
      receiver,
      rescue: async () => (rescuer = await startAppServer({ env: localEnv, role: "worker", Octokit: testOctokit(), queue: queueFor() })),
    };
  }

  it("is taken over by another worker, with exactly one review posted", async () => {
    const { rescue } = await killMidReview();
    const worker = await rescue();
    await until("the second worker to finish", () => github.reviews.length > 0 && github.checkRuns.every((r) => r.status === "completed"));
    await worker.idle();

    expect(github.reviews).toHaveLength(1);
    expect(github.checkRuns.map((r) => [r.status, r.conclusion, r.output?.title])).toEqual([
      ["completed", "neutral", "Interrupted"],
      ["completed", "success", expect.any(String)],
    ]);
  }, 90_000);

  it("closes the interrupted run as neutral when the pull request moved on before the takeover", async () => {
    const { receiver, rescue } = await killMidReview();
    const headB = "b".repeat(40);
    github.push(headB, { "shop/views.py": `${VIEWS_AFTER}\n# B\n` });
    const atB = JSON.parse(delivery);
    atB.action = "synchronize";
    atB.pull_request.head.sha = headB;
    const body = JSON.stringify(atB);
    const res = await fetch(`${receiver.url}${receiver.webhookPath}`, {
      method: "POST",
      headers: {
        "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "takeover-b",
        "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
      },
      body,
    });
    expect(res.status).toBe(202);
    const worker = await rescue();
    await until("B's review and A's interrupted run to end", () => github.reviews.length > 0 && github.checkRuns.some((r) => r.head_sha === HEAD && r.output?.title?.startsWith("Superseded")));
    await worker.idle();

    expect(github.checkRuns.filter((r) => r.status !== "completed")).toEqual([]);
    expect(github.checkRuns.filter((r) => r.head_sha === HEAD).map((r) => [r.status, r.conclusion, r.output?.title])).toEqual([
      ["completed", "neutral", "Interrupted"],
      ["completed", "neutral", `Superseded by ${headB.slice(0, 7)}`],
    ]);
    expect(github.reviews.map((r) => r.commit_id)).toEqual([headB]);
  }, 90_000);
});
