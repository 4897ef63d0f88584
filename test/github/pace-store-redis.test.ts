import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { decide, MemoryPaceStore, RedisPaceStore, type TakeRequest } from "../../src/github/pace-store.js";
import { bucketsFor, GITHUB_SECONDARY_LIMITS, InstallationPacer, PacingWaitTooLong, type RequestCost } from "../../src/github/pacing.js";
import { busiestWindow, FakeClock } from "./fake-clock.js";

// These tests start their own redis-server on a free 127.0.0.1 port (they stop and restart it).
const haveRedis = spawnSync("redis-server", ["--version"]).status === 0;
if (!haveRedis && process.env.CI) throw new Error("redis-server must be installed in CI (see .ci/run)");
const describeRedis = haveRedis ? describe : describe.skip;

const READ: RequestCost = { restPoints: 1, graphqlPoints: 0, write: false };
const WRITE: RequestCost = { restPoints: 5, graphqlPoints: 0, write: true };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

class OwnRedis {
  private proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), "pace-redis-"));
  constructor(
    readonly port: number,
    private readonly persistent: boolean,
  ) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const persistence = this.persistent ? ["--appendonly", "yes", "--appendfsync", "always", "--save", ""] : ["--appendonly", "no", "--save", ""];
    this.proc = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, ...persistence], { stdio: "ignore" });
    for (let i = 0; i < 200; i++) {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on("error", () => undefined);
      const ok = await client.connect().then(() => client.ping()).then(() => true, () => false);
      client.disconnect();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("redis-server did not start");
  }
  /** Kills the server without letting it save anything (a crash, an OOM kill). */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise((resolve) => {
      proc.once("exit", resolve);
      proc.kill("SIGKILL");
    });
  }
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe("the Redis script decides as the in-process algorithm does", () => {
  it("gives the same answers as decide() for a mixed sequence (checked against a running Redis when there is one)", async () => {
    // Pure half: the memory store is decide() itself; the Redis half runs below when redis-server exists.
    const request: TakeRequest = { buckets: bucketsFor(GITHUB_SECONDARY_LIMITS), cost: [5, 0, 1, 1], write: true, spacingMs: 1000 };
    let state = undefined as ReturnType<typeof decide>["state"] | undefined;
    const waits: number[] = [];
    for (const now of [0, 10, 1000, 1500, 2000, 2000]) {
      const out = decide(state, request, now);
      state = out.state;
      waits.push(out.wait);
    }
    expect(waits).toEqual([0, 990, 0, 500, 0, 1000]);
  });
});

describeRedis("pacing state in Redis", () => {
  let redis: OwnRedis;
  const stores: RedisPaceStore[] = [];
  // A generous default: these tests are about answers, not time limits, and a loaded machine is slow to answer.
  const store = (prefix: string, timeoutMs = 10_000) => {
    const s = new RedisPaceStore(redis.url, { prefix, timeoutMs });
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await redis?.stop();
  });

  it("answers exactly as the in-process store for the same sequence of requests", async () => {
    redis = new OwnRedis(await freePort(), false);
    await redis.start();
    const remote = store("same:");
    const local = new MemoryPaceStore();
    const buckets = bucketsFor(GITHUB_SECONDARY_LIMITS);
    const steps: [string, TakeRequest, number][] = [];
    for (let i = 0; i < 400; i++) {
      const write = i % 3 === 0;
      steps.push([String(i % 2), { buckets, cost: write ? [5, 0, 1, 1] : [1, 0, 0, 0], write, spacingMs: 1000 }, 1_000_000 + i * 137]);
    }
    for (const [key, request, now] of steps) expect(await remote.take(key, request, now)).toBe(await local.take(key, request, now));
  });

  it("answers exactly as the in-process store for writes that take and end turns", async () => {
    redis = new OwnRedis(await freePort(), false);
    await redis.start();
    const remote = store("turns:");
    const local = new MemoryPaceStore();
    const buckets = bucketsFor(GITHUB_SECONDARY_LIMITS);
    const answers: [number, number][] = [];
    let held: string | undefined;
    for (let i = 0; i < 300; i++) {
      const now = 1_000_000 + i * 211;
      const key = String(i % 2);
      if (held && i % 5 === 0) {
        // Every fifth step ends the turn taken last (sometimes a turn that has already run out).
        await remote.endTurn(key, held, now + 1000);
        await local.endTurn(key, held, now + 1000);
        held = undefined;
        continue;
      }
      const write = i % 3 !== 1;
      const holder = write && i % 2 === 0 ? `w${i}` : undefined;
      const request: TakeRequest = { buckets, cost: write ? [5, 0, 1, 1] : [1, 0, 0, 0], write, spacingMs: 1000, ...(holder ? { holder, holdMs: 3000 } : {}) };
      const pair: [number, number] = [await remote.take(key, request, now), await local.take(key, request, now)];
      answers.push(pair);
      if (holder && pair[1] === 0) held = holder;
    }
    for (const [r, l] of answers) expect(r).toBe(l);
    // The sequence did make writes wait for a turn and let some through.
    expect(answers.some(([, l]) => l > 0) && answers.some(([, l]) => l === 0)).toBe(true);
  });

  it("holds every worker's writes of an installation while one worker's write has its turn, and spaces the next from its end", async () => {
    redis = new OwnRedis(await freePort(), false);
    await redis.start();
    const clock = new FakeClock();
    const pacer = (s: RedisPaceStore) => new InstallationPacer(s, { now: () => clock.now, sleep: clock.sleep, jitter: () => 0 });
    const workerA = pacer(store("turn:"));
    const workerB = pacer(store("turn:"));
    const t0 = clock.now;
    const turn = await workerA.acquireWriteTurn(1, WRITE);
    const granted: Record<string, number> = {};
    const take = async (name: string, p: InstallationPacer, installation: number, cost: RequestCost) => {
      await p.acquire(installation, cost);
      granted[name] = clock.now;
    };
    const answered = async () => {
      await clock.sleep(2500);
      await turn.end();
    };
    await clock.settle([take("b-write", workerB, 1, WRITE), take("b-read", workerB, 1, READ), take("b-other", workerB, 2, WRITE), answered()]);
    expect(granted).toEqual({ "b-write": t0 + 3500, "b-read": t0, "b-other": t0 });
  });

  it("shares one installation's budget between two workers, and keeps installations apart", async () => {
    redis = new OwnRedis(await freePort(), false);
    await redis.start();
    const clock = new FakeClock();
    const pacer = (s: RedisPaceStore) => new InstallationPacer(s, { now: () => clock.now, sleep: clock.sleep, jitter: () => 0 });
    const workerA = pacer(store("fleet:"));
    const workerB = pacer(store("fleet:"));
    const granted: Record<string, number[]> = { "a-1": [], "b-1": [], "b-2": [] };
    const run = async (p: InstallationPacer, name: string, installation: number, count: number) => {
      for (let i = 0; i < count; i++) {
        await p.acquire(installation, WRITE);
        granted[name].push(clock.now);
      }
    };
    const t0 = clock.now;
    await clock.settle([run(workerA, "a-1", 1, 30), run(workerB, "b-1", 1, 30), run(workerB, "b-2", 2, 5)]);
    const installation1 = [...granted["a-1"], ...granted["b-1"]].sort((x, y) => x - y);
    for (let i = 1; i < installation1.length; i++) expect(installation1[i] - installation1[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(busiestWindow(installation1, 60_000)).toBeLessThanOrEqual(GITHUB_SECONDARY_LIMITS.contentPerMinute);
    // Both workers got turns, and installation 2 was not held by installation 1's sixty writes.
    expect(granted["a-1"].length && granted["b-1"].length).toBeTruthy();
    expect(granted["b-2"]).toEqual([t0, t0 + 1000, t0 + 2000, t0 + 3000, t0 + 4000]);
  });

  it("keeps pacing through a Redis restart that lost its data, and uses Redis again within seconds", async () => {
    redis = new OwnRedis(await freePort(), false);
    await redis.start();
    const clock = new FakeClock();
    const pacer = new InstallationPacer(store("restart:", 300), { now: () => clock.now, sleep: clock.sleep, jitter: () => 0 });
    const probe = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => 200, lazyConnect: true });
    probe.on("error", () => undefined);
    try {
      await pacer.acquire(1, WRITE);
      await probe.connect();
      expect(await probe.exists("restart:1")).toBe(1);

      await redis.kill();
      // Redis is down: the request still goes (decided in this process) instead of failing or hanging.
      await expect(clock.settle([pacer.acquire(2, READ)])).resolves.toBeDefined();

      await redis.start();
      // Back, empty: within seconds the decisions are Redis's again, from fresh buckets.
      let inRedis = false;
      for (let i = 0; i < 100 && !inRedis; i++) {
        await clock.settle([pacer.acquire(3, READ)]);
        inRedis = (await probe.exists("restart:3").catch(() => 0)) === 1;
        if (!inRedis) await new Promise((r) => setTimeout(r, 100));
      }
      expect(inRedis).toBe(true);
      expect(await probe.exists("restart:1")).toBe(0);
    } finally {
      probe.disconnect();
    }
  }, 30_000);

  it("keeps an installation's hold through a restart of a Redis with persistence", async () => {
    redis = new OwnRedis(await freePort(), true);
    await redis.start();
    const clock = new FakeClock();
    const pacer = new InstallationPacer(store("persist:", 300), { now: () => clock.now, sleep: clock.sleep, jitter: () => 0, maxWaitMs: 120_000 });
    await pacer.block(1, clock.now + 30 * 60_000);
    await redis.kill();
    await redis.start();
    // The hold comes back from Redis's append-only file.
    let answered = false;
    for (let i = 0; i < 100 && !answered; i++) {
      const probe = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
      probe.on("error", () => undefined);
      answered = await probe.connect().then(() => probe.hget("persist:1", "bl")).then((v) => v !== null, () => false);
      probe.disconnect();
      if (!answered) await new Promise((r) => setTimeout(r, 50));
    }
    expect(answered).toBe(true);
    // A worker started after the restart knows only what Redis kept.
    const fresh = new InstallationPacer(store("persist:", 2000), { now: () => clock.now, sleep: clock.sleep, jitter: () => 0, maxWaitMs: 120_000 });
    await expect(fresh.acquire(1, READ)).rejects.toBeInstanceOf(PacingWaitTooLong);
    await expect(clock.settle([fresh.acquire(2, READ)])).resolves.toBeDefined();
    await expect(pacer.acquire(1, READ)).rejects.toBeInstanceOf(PacingWaitTooLong);
  }, 30_000);
});
