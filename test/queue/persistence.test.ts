import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { NO_PERSISTENCE_WARNING, startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { BullQueue } from "../../src/queue/bullmq-queue.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";

// A Redis that restarts without its append-only file loses every delivery already answered 202: the
// server says so at start. Needs Redis (REDIS_URL, started by .ci/run with `--appendonly no`).
const redisUrl = process.env.REDIS_URL;
if (!redisUrl && process.env.CI) throw new Error("REDIS_URL must be set in CI (see .ci/run)");
const suite = redisUrl ? describe : describe.skip;

suite("the queue's Redis persistence", () => {
  let app: RunningAppServer | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const env = { APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: "s", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" };
  const queue = () => new BullQueue({ redisUrl: redisUrl ?? "", name: `persistence-${randomUUID()}` });

  it("reads Redis's own appendonly setting", async () => {
    const direct = new Redis(redisUrl ?? "");
    const [, expected] = (await direct.config("GET", "appendonly")) as string[];
    await direct.quit();
    const q = queue();
    expect(await q.appendOnly()).toBe(expected === "yes");
    await q.close();
  });

  it.each([
    [false, [NO_PERSISTENCE_WARNING]],
    [true, []],
    [undefined, []],
  ])("warns at start when appendonly is off (appendonly: %s)", async (aof, warnings) => {
    const q = queue();
    q.appendOnly = async () => aof;
    app = await startAppServer({ env, role: "receiver", queue: q, Octokit: testOctokit() });
    expect(app.warnings).toEqual(warnings);
  });
});
