/**
 * Load across installations: N installations × M pull requests posted in one burst (one organisation after
 * the other, as a busy morning looks), then a second push to every third pull request, against fake GitHub
 * APIs that answer every request after 50 ms. The app runs as `npm start` does (one process, in-process
 * queue) and as receivers and workers on Redis with 1, 2 and 4 worker processes. For each run: reviews per
 * minute, time from an installation's first delivery to its first check run (p50, max), time until every
 * pull request's final head has its review, the busiest minute of writes and REST points of any one
 * installation against GitHub's secondary limits, and the peak RSS of each app process.
 *
 * Where the time goes: CPU seconds of each process (app or workers, receiver, Redis, the fake GitHub with its
 * router, in a process of its own, and the harness: this driver) over the same window, job slot use, GitHub requests per job
 * and the pacing floor (see LoadRow). Workers first review `--warmup` pull requests of other installations.
 *
 * `node dist/bench/load-scenario.js [--quick] [--installations N] [--prs M] [--modes memory,1,2,4]
 * [--concurrency N] [--warmup N] [--warmup-per-worker] [--ceiling] [--timeline] [--node-args "FLAGS"] [--cpu-prof DIR]`
 * runs this section alone; `--ceiling` adds
 * reviews per CPU-second per process and the CPU-bound ceilings, `--cpu-prof` writes V8 profiles of the
 * app processes (the profiler's own cost then shows in their CPU seconds).
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { Queue } from "bullmq";
import { pullRequestDelivery, type FakePullRequest } from "../src/demo/fake-github.js";
import type { FleetCommand, FleetRepo, Seen } from "./fake-fleet.js";
import { startRedis } from "./local-redis.js";
import { CpuMeter } from "./proc-cpu.js";
import { classifyRequest, maxInWindow } from "./pr-pipeline.js";
import { syntheticPull } from "./pr-synthetic.js";

const here = dirname(fileURLToPath(import.meta.url));
const serverJs = resolve(here, "..", "src", "github", "server.js");
const probeJs = resolve(here, "worker-probe.js");
const fleetJs = resolve(here, "fake-fleet.js");
const LATENCY_MS = 50;
const SECRET = "bench-load-secret";
const APP = { id: 77, slug: "django-sec" };
/** GitHub's published secondary limits for one identity (an installation's bot): per minute and per hour. */
const CONTENT_PER_MINUTE = 80;
const CONTENT_PER_HOUR = 500;
const POINTS_PER_MINUTE = 900;
const SECOND_PUSH_PATH = "load/second_push.py";
const RUN_TIMEOUT_MS = Number(process.env.BENCH_LOAD_TIMEOUT_MS) || 600_000;

export type LoadMode = "memory" | 1 | 2 | 4 | number;

export interface LoadRow {
  mode: string;
  installations: number;
  prs: number;
  pushes: number;
  seconds: number;
  reviewsPerMinute: number;
  firstCheckRunP50: number;
  firstCheckRunMax: number;
  allFinalHeadsSeconds: number;
  /** The busiest 60 s of writes (all content-creating here) of any one installation, and its REST points. */
  maxWritesPerInstallationMinute: number;
  maxPointsPerInstallationMinute: number;
  /** Shortest time between two writes of one installation (GitHub: "wait at least one second"). */
  minWriteGapMs: number;
  reviewsOnStaleHead: number;
  /**
   * Each review on a replaced head: whether its head check read the pull request before the push (the race
   * GitHub leaves open: no conditional review) or after it (the check saw the new head, yet the review went: a bug),
   * how long after that read the push came, and how long after the push the review arrived.
   */
  staleReviews: { headReadBeforePush: boolean; pushAfterReadMs: number; reviewAfterPushMs: number }[];
  /**
   * For each review posted: from when GitHub read the head for the review's last head check (its arrival plus
   * the fake's latency) until the review arrived. A push inside this window gets a review on the replaced
   * commit; GitHub has no conditional review, so the window can be narrowed, not closed.
   */
  headCheckToReviewMs: { p50: number; max: number; count: number };
  peakRssMb: number[];
  /** CPU seconds of each process from the first delivery until every final head was reviewed. */
  cpu: ProcessCpu[];
  /** Review jobs: their count (every head a review started for), and how the workers' job slots were used. */
  jobs: number;
  /**
   * The pacing floor: the most writes any one installation made, less one, times GitHub's one second between
   * writes. No number of workers finishes that installation's reviews sooner.
   */
  pacingFloorSeconds: number;
  /** GitHub requests per review job, by kind (app-authenticated token exchanges apart). */
  requestsPerJob: Record<string, number>;
  slots?: SlotUse;
  /** What each app process measured of itself, second by second (worker-probe.ts), within the run's window. */
  probes: { name: string; seconds: ProbeSecond[] }[];
  /** The harness's view, second by second: pull requests with their final head reviewed, and BullMQ's job counts. */
  timeline: { t: number; reviewed: number; active?: number; waiting?: number; delayed?: number }[];
}

/**
 * Reviews per minute in the run's steady phase: from the moment a tenth of the pull requests had their final
 * head reviewed until nine tenths had, leaving out the burst's ramp-up (deliveries arriving, first tokens)
 * and its drain (the last installations' paced writes), which weigh more in a shorter run.
 */
export function steadyReviewsPerMinute(r: Pick<LoadRow, "prs" | "timeline">): number {
  const at = (share: number) => r.timeline.find((x) => x.reviewed >= share * r.prs);
  const from = at(0.1);
  const to = at(0.9);
  if (!from || !to || to.t <= from.t) return NaN;
  return ((to.reviewed - from.reviewed) / (to.t - from.t)) * 60;
}

export interface ProbeSecond {
  t: number;
  cpuMs: number;
  elu: number;
  gc: { minor: number; major: number; incremental: number; weak: number; minorCount: number; majorCount: number };
  heapMb: number;
  /** CPU milliseconds of the analysis itself in that second (run-review.ts's analysisCpu). */
  analysisMs?: number;
  slots?: number;
  peakBusy?: number;
}

export interface ProcessCpu {
  /** `app` (in-process), `receiver`, `worker 1`…, `redis`, `fake GitHub` (every fake and their router), or `harness` (the load driver). */
  name: string;
  seconds: number;
  /** Share of one core over the run's wall time. */
  coreShare: number;
  /** CPU seconds of its main thread alone (the rest: V8's GC and compiler threads, libuv's pool). */
  mainSeconds: number;
}

export interface SlotUse {
  /** Slots of all workers when CONCURRENCY fixes them; undefined when each worker's slot governor chooses. */
  slots?: number;
  /** Mean jobs running (BullMQ's active jobs), sampled every 250 ms. */
  meanActive: number;
  /** Share of samples with a job ready to run (waiting) while a fixed slot was free, or (governed) at all. */
  idleWithWork: number;
}

export interface LoadOptions {
  /** CONCURRENCY of each app process (default: the app's own default). */
  concurrency?: number;
  /** Writes a V8 CPU profile of each app process into this directory (`--cpu-prof`). */
  cpuProfDir?: string;
  redisPid?: number;
  /**
   * Pull requests (of other installations) reviewed before the measured burst, so that the figures are those
   * of running workers, not of processes just started: V8 compiles the analysis while it first runs, and
   * that cost, paid once per process, would otherwise count as a second worker's.
   */
  warmup?: number;
  /** Node options of the worker (and in-process app) processes; default: those `npm run worker` uses (workerNodeFlags()). */
  nodeArgs?: string[];
}

/**
 * The Node options between `node` and the script in package.json's `worker` script: the benchmark starts
 * its workers the way a deployment does.
 */
export function workerNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(here, "..", "..", "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.worker ?? "").split(/\s+/);
  const script = words.findIndex((w) => w.endsWith(".js"));
  return words[0] === "node" && script > 0 ? words.slice(1, script) : [];
}

const sign = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

/** Wall-clock milliseconds with sub-millisecond precision, comparable with the fake GitHub process's times. */
const clock = () => performance.timeOrigin + performance.now();

/**
 * The fake GitHub (every repository's fake behind one router) in a process of its own, so that its CPU is
 * measured apart from this driver's; `call` sends it one command and resolves with its answer.
 */
async function startFleet(cpuProfDir?: string): Promise<{ child: ChildProcess; call<T>(cmd: FleetCommand): Promise<T> }> {
  // With `--cpu-prof`, the fake GitHub is profiled too (its CPU is the harness's, not the app's).
  const execArgv = cpuProfDir ? [...process.execArgv, "--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=fake-github-${process.pid}-${Date.now()}.cpuprofile`] : process.execArgv;
  const child = fork(fleetJs, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv });
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error !== undefined) w?.reject(new Error(msg.error));
    else w?.resolve(msg.result);
  });
  child.once("exit", () => {
    for (const w of waiting.values()) w.reject(new Error("the fake GitHub process exited"));
    waiting.clear();
  });
  return {
    child,
    call: <T>(cmd: FleetCommand) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd });
      }),
  };
}

function readProbe(file: string): ProbeSecond[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ProbeSecond);
  } catch {
    return [];
  }
}

/** A delivery serialised and signed ahead of time: that is GitHub's work, not the deployment's machine's. */
interface SignedDelivery {
  event: string;
  body: Buffer;
  signature: string;
}

function signedDelivery(event: string, payload: unknown): SignedDelivery {
  const body = JSON.stringify(payload);
  return { event, body: Buffer.from(body, "utf8"), signature: sign(body) };
}

/** The driver's connections to the receiver, kept alive between deliveries (as many as deliveries in flight). */
const driverAgent = new Agent({ keepAlive: true, maxSockets: 32 });

function postOnce(url: URL, headers: Record<string, string | number>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers, agent: driverAgent }, (res) => {
      res.on("error", reject);
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.resume();
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Posts a signed delivery; a connection error is retried with the same delivery id, as GitHub's redelivery would. */
async function post(url: string, delivery: SignedDelivery): Promise<number> {
  const headers = { "content-type": "application/json", "content-length": delivery.body.length, "x-github-event": delivery.event, "x-github-delivery": randomUUID(), "x-hub-signature-256": delivery.signature };
  const target = new URL(url);
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(target, headers, delivery.body);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Peak resident memory of a process (Linux `VmHWM`), in MB. */
function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** Starts `server.js` in its own process; resolves when it says where it listens. */
function startProcess(env: Record<string, string>, args: string[], nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs, serverJs, ...args], { env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("app process did not start within 30 s")), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (process.env.BENCH_LOAD_LOG_LEVEL) process.stderr.write(chunk);
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.once("exit", (code) => reject(new Error(`app process exited (${code}) before listening`)));
  });
}

const percentile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

export async function loadRun(mode: LoadMode, installations: number, prsPer: number, redisUrl: string | undefined, privateKey: string, options: LoadOptions = {}): Promise<LoadRow> {
  const prs: { pull: FakePullRequest; repo: string; installation: number; pushed: boolean; pushedAt?: number; oldHead?: string }[] = [];
  const synthetic = Array.from({ length: prsPer }, (_, j) => syntheticPull("typical", 11 + j));
  const templates = synthetic.map((s) => s.pull);
  const prPaths = new Set([...synthetic.flatMap((s) => s.changed), SECOND_PUSH_PATH]);
  const repos: FleetRepo[] = [];
  for (let i = 0; i < installations; i++) {
    const installation = 3000 + i;
    for (let j = 0; j < prsPer; j++) {
      const pull: FakePullRequest = { ...templates[j], owner: `org${i}`, repo: `service-${j}` };
      repos.push({ owner: pull.owner, repo: pull.repo, installation, template: j });
      prs.push({ pull, repo: `${pull.owner}/${pull.repo}`, installation, pushed: false });
    }
  }
  // Warm-up pull requests from other installations, reviewed before the measured burst (see LoadOptions.warmup).
  const warmups: typeof prs = [];
  for (let k = 0; k < (options.warmup ?? 0); k++) {
    const installation = 2000 + Math.floor(k / 2);
    const pull: FakePullRequest = { ...templates[k % templates.length], owner: `warmup${Math.floor(k / 2)}`, repo: `service-${k % 2}` };
    repos.push({ owner: pull.owner, repo: pull.repo, installation, template: k % templates.length });
    warmups.push({ pull, repo: `${pull.owner}/${pull.repo}`, installation, pushed: false });
  }
  const measured = new Set(prs.map((p) => p.installation));
  const fleet = await startFleet(options.cpuProfDir);
  const { host } = await fleet.call<{ host: string }>({ type: "init", templates, repos, app: APP, latencyMs: LATENCY_MS });
  await fleet.call({ type: "watch", name: "measured", repos: prs.map((p) => p.repo) });
  await fleet.call({ type: "watch", name: "warm-up", repos: warmups.map((p) => p.repo) });
  /** How many of these pull requests have their current head reviewed (asked of the fake GitHub). */
  const reviewedCount = (list: typeof prs) => fleet.call<number>({ type: "reviewed", name: list === prs ? "measured" : "warm-up" });
  const env: Record<string, string> = { APP_ID: String(APP.id), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: process.env.BENCH_LOAD_LOG_LEVEL || "fatal" };
  if (options.concurrency) env.CONCURRENCY = String(options.concurrency);
  const probeDir = mkdtempSync(join(tmpdir(), "load-probe-"));
  const probeFiles = new Map<string, string>();
  // Each app process (not the receiver) measures itself once a second (worker-probe.ts).
  const profile = (name: string) => {
    const args = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=${name}-${process.pid}-${Date.now()}.cpuprofile`] : [];
    if (name !== "receiver") args.push(...(options.nodeArgs ?? workerNodeFlags()), "--import", pathToFileURL(probeJs).href);
    return args;
  };
  const probeEnv = (name: string) => {
    const file = join(probeDir, `${name}.jsonl`);
    probeFiles.set(name, file);
    return { BENCH_PROBE_FILE: file };
  };
  const children: ChildProcess[] = [];
  // Each process's CPU is measured on its own: the app's processes, Redis, and this one (the harness).
  const pids = new Map<string, number | undefined>();
  let webhookUrl: string;
  let queue: Queue | undefined;
  let queueRedis: Redis | undefined;
  const workers = mode === "memory" ? 1 : Number(mode);
  if (mode === "memory") {
    const app = await startProcess({ ...env, ...probeEnv("app") }, [], profile("app"));
    children.push(app.child);
    pids.set("app", app.child.pid);
    webhookUrl = `${app.url}/api/github/webhooks`;
  } else {
    if (!redisUrl) throw new Error("Redis is needed for worker processes");
    const queueName = `load-${randomUUID()}`;
    const workerEnv = { ...env, REDIS_URL: redisUrl, QUEUE_NAME: queueName };
    for (let w = 0; w < workers; w++) {
      const child = (await startProcess({ ...workerEnv, ...probeEnv(`worker ${w + 1}`) }, ["--role", "worker"], profile(`worker${w + 1}`))).child;
      children.push(child);
      pids.set(`worker ${w + 1}`, child.pid);
    }
    const receiver = await startProcess(workerEnv, ["--role", "receiver"], profile("receiver"));
    children.push(receiver.child);
    pids.set("receiver", receiver.child.pid);
    webhookUrl = `${receiver.url}/api/github/webhooks`;
    pids.set("redis", options.redisPid);
    queueRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(queueName, { connection: queueRedis });
  }
  pids.set("fake GitHub", fleet.child.pid);
  pids.set("harness", process.pid);
  const meter = new CpuMeter(pids);
  // Fixed slots only when CONCURRENCY is given; otherwise each worker's governor chooses them.
  const slots = options.concurrency ? workers * options.concurrency : undefined;
  const use = { samples: 0, active: 0, idleWithWork: 0 };
  const timeline: LoadRow["timeline"] = [];
  let counts: { active?: number; waiting?: number; delayed?: number } = {};
  let ticker: NodeJS.Timeout | undefined;
  let sampler: NodeJS.Timeout | undefined;
  const firstDelivery = new Map<number, number>();
  let start = 0;
  try {
    await new Promise((r) => setTimeout(r, 500));
    if (warmups.length) {
      for (const pr of warmups) if ((await post(webhookUrl, signedDelivery("pull_request", pullRequestDelivery(pr.pull, pr.installation, "opened")))) !== 202) throw new Error("warm-up delivery refused");
      const deadline = Date.now() + RUN_TIMEOUT_MS;
      while ((await reviewedCount(warmups)) < warmups.length) {
        if (Date.now() > deadline) throw new Error("warm-up pull requests not reviewed in time");
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500));
      await fleet.call({ type: "reset" });
    }
    // Every delivery of the burst and of the second pushes, serialised and signed before the measured window.
    const PUSHED_FILES = { [SECOND_PUSH_PATH]: "from django.http import HttpResponse\n\n\ndef ping(request):\n    return HttpResponse('pong')\n" };
    const pushedHead = (pr: (typeof prs)[number]) => `${pr.pull.headSha.slice(0, 30)}feedc0de00`;
    const opened = prs.map((pr) => signedDelivery("pull_request", pullRequestDelivery(pr.pull, pr.installation, "opened")));
    const synchronized = prs.map((pr, k) => (k % 3 === 0 ? signedDelivery("pull_request", pullRequestDelivery({ ...pr.pull, headSha: pushedHead(pr), headFiles: PUSHED_FILES }, pr.installation, "synchronize")) : undefined));
    start = clock();
    meter.mark();
    if (queue) {
      const q = queue;
      let sampling = false;
      sampler = setInterval(() => {
        if (sampling) return;
        sampling = true;
        void q
          .getJobCounts("active", "waiting", "prioritized", "delayed")
          .then((c) => {
            counts = { active: c.active, waiting: c.waiting + c.prioritized, delayed: c.delayed };
            use.samples++;
            use.active += c.active;
            if ((slots === undefined || c.active < slots) && c.waiting + c.prioritized > 0) use.idleWithWork++;
          })
          .catch(() => undefined)
          .finally(() => (sampling = false));
      }, 250);
    }
    const startedAt = Date.now();
    let reviewedNow = 0;
    ticker = setInterval(() => timeline.push({ t: (Date.now() - startedAt) / 1000, reviewed: reviewedNow, ...counts }), 1000);
    // The burst: each organisation's pull requests in turn, 20 deliveries in flight at a time.
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < prs.length) {
          const k = next++;
          const pr = prs[k];
          if (!firstDelivery.has(pr.installation)) firstDelivery.set(pr.installation, clock());
          const status = await post(webhookUrl, opened[k]);
          if (status !== 202) throw new Error(`delivery answered ${status}`);
        }
      }),
    );
    // A second push to every third pull request, 2 s later: its first head's review becomes obsolete.
    await new Promise((r) => setTimeout(r, 2000));
    for (const [k, pr] of prs.entries()) {
      const delivery = synchronized[k];
      if (!delivery) continue;
      const headSha = pushedHead(pr);
      pr.oldHead = pr.pull.headSha;
      pr.pushedAt = clock();
      await fleet.call({ type: "push", repo: pr.repo, headSha, addFiles: PUSHED_FILES });
      pr.pull = { ...pr.pull, headSha, headFiles: PUSHED_FILES };
      pr.pushed = true;
      const status = await post(webhookUrl, delivery);
      if (status !== 202) throw new Error(`delivery answered ${status}`);
    }
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while ((reviewedNow = await reviewedCount(prs)) < prs.length) {
      if (Date.now() > deadline) throw new Error(`final heads not all reviewed within ${RUN_TIMEOUT_MS / 1000} s (${reviewedNow}/${prs.length})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const allDone = clock();
    const used = meter.read();
    const usedMain = meter.readMain();
    const endedAt = Date.now();
    if (sampler) clearInterval(sampler);
    if (ticker) clearInterval(ticker);
    // Give each probe time to write the second the run ended in.
    await new Promise((r) => setTimeout(r, 1100));
    const probes = [...probeFiles].map(([name, file]) => ({ name, seconds: readProbe(file).filter((p) => p.t > startedAt && p.t <= endedAt + 1000) }));
    const rss = children.map((c) => peakRssMb(c.pid));
    const { seen, heads } = await fleet.call<{ seen: Seen[]; heads: Record<string, number> }>({ type: "collect" });

    if (process.env.BENCH_LOAD_DUMP) writeFileSync(`${process.env.BENCH_LOAD_DUMP}-${mode}.json`, JSON.stringify({ startedAt, firstDelivery: [...firstDelivery], seen: seen.map((s) => ({ at: s.at, i: s.installation, m: s.request.method, p: s.request.path })) }));
    const byInstallation = new Map<number, Seen[]>();
    for (const s of seen) if (measured.has(s.installation)) byInstallation.set(s.installation, [...(byInstallation.get(s.installation) ?? []), s]);
    const firstCheck: number[] = [];
    let maxWrites = 0;
    let maxPoints = 0;
    let minGap = Infinity;
    let mostWrites = 0;
    const groups = new Map<string, number>();
    for (const [installation, list] of byInstallation) {
      const created = list.find((s) => s.request.method === "POST" && /\/check-runs$/.test(s.request.path));
      if (created) firstCheck.push((created.at - firstDelivery.get(installation)!) / 1000);
      const classes = list.map((s) => ({ s, c: classifyRequest(s.request, prPaths) })).filter((x) => x.c.kind !== "auth");
      const writes = classes.filter((x) => x.c.kind === "write").map((x) => x.s.at);
      mostWrites = Math.max(mostWrites, writes.length);
      for (const x of classes) groups.set(x.c.group, (groups.get(x.c.group) ?? 0) + 1);
      maxWrites = Math.max(maxWrites, maxInWindow(writes, 60_000));
      const rest = classes.filter((x) => x.s.request.path !== "/api/graphql");
      maxPoints = Math.max(maxPoints, maxInWindow(rest.map((x) => x.s.at), 60_000, rest.map((x) => (x.c.kind === "write" ? 5 : 1))));
      const sorted = classes.filter((x) => x.c.kind === "write").sort((a, b) => a.s.at - b.s.at);
      for (let i = 1; i < sorted.length; i++) {
        const gap = sorted[i].s.at - sorted[i - 1].s.at;
        if (process.env.BENCH_LOAD_DEBUG && gap < 900) console.log(installation, gap.toFixed(0), sorted[i - 1].s.request.method, sorted[i - 1].s.request.path, sorted[i].s.request.method, sorted[i].s.request.path);
        minGap = Math.min(minGap, gap);
      }
    }
    if (firstCheck.length < installations) throw new Error("an installation never got a check run");
    // A review that reached GitHub for a head the pull request had already left.
    let stale = 0;
    const staleReviews: LoadRow["staleReviews"] = [];
    for (const pr of prs) {
      if (!pr.pushed) continue;
      const mine = seen.filter((s) => s.repo === pr.repo);
      for (const review of mine.filter((s) => s.request.method === "POST" && /\/reviews$/.test(s.request.path) && s.request.body?.commit_id === pr.oldHead && s.at > pr.pushedAt!)) {
        stale++;
        // Its head check: the last read of the pull request before it. GitHub answered it after the fake's latency.
        const read = mine.filter((s) => s.request.method === "GET" && /\/pulls\/\d+$/.test(s.request.path) && s.at < review.at).pop();
        const readAt = read ? read.at + LATENCY_MS : NaN;
        staleReviews.push({ headReadBeforePush: readAt <= pr.pushedAt!, pushAfterReadMs: pr.pushedAt! - readAt, reviewAfterPushMs: review.at - pr.pushedAt! });
      }
    }
    // The window between each review's head check (the last pulls.get of its pull request before it) and the review.
    const windows: number[] = [];
    const lastHeadRead = new Map<string, number>();
    for (const s of seen) {
      if (!measured.has(s.installation) || !s.repo) continue;
      if (s.request.method === "GET" && /\/pulls\/\d+$/.test(s.request.path)) lastHeadRead.set(s.request.path, s.at);
      const review = s.request.method === "POST" ? /^(.*\/pulls\/\d+)\/reviews$/.exec(s.request.path) : null;
      const read = review ? lastHeadRead.get(review[1]) : undefined;
      if (read !== undefined) windows.push(Math.max(0, s.at - read - LATENCY_MS));
    }
    const seconds = (allDone - start) / 1000;
    const cpu = [...used].map(([name, s]) => ({ name, seconds: s, coreShare: s / seconds, mainSeconds: usedMain.get(name) ?? NaN }));
    const jobs = prs.reduce((n, pr) => n + (heads[pr.repo] ?? 0), 0);
    return {
      mode: mode === "memory" ? "in-process" : `Redis, ${mode} worker${mode === 1 ? "" : "s"}`,
      installations,
      prs: prs.length,
      pushes: prs.filter((p) => p.pushed).length,
      seconds,
      reviewsPerMinute: (prs.length / seconds) * 60,
      firstCheckRunP50: percentile(firstCheck, 0.5),
      firstCheckRunMax: Math.max(...firstCheck),
      allFinalHeadsSeconds: seconds,
      maxWritesPerInstallationMinute: maxWrites,
      maxPointsPerInstallationMinute: maxPoints,
      minWriteGapMs: minGap,
      reviewsOnStaleHead: stale,
      staleReviews,
      headCheckToReviewMs: { p50: windows.length ? percentile(windows, 0.5) : NaN, max: windows.length ? Math.max(...windows) : NaN, count: windows.length },
      peakRssMb: rss,
      cpu,
      jobs,
      pacingFloorSeconds: Math.max(0, mostWrites - 1),
      requestsPerJob: Object.fromEntries([...groups].sort((a, b) => b[1] - a[1]).map(([g, n]) => [g, n / jobs])),
      slots: queue && use.samples ? { slots, meanActive: use.active / use.samples, idleWithWork: use.idleWithWork / use.samples } : undefined,
      probes,
      timeline,
    };
  } finally {
    if (sampler) clearInterval(sampler);
    if (ticker) clearInterval(ticker);
    await queue?.close();
    await queueRedis?.quit();
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once("exit", r)))));
    // Only once the app processes are gone: their probes write into it until then.
    try {
      rmSync(probeDir, { recursive: true, force: true });
    } catch {
      // A temporary directory left behind is no reason to fail the run.
    }
    await fleet.call({ type: "stop" }).catch(() => undefined);
    fleet.child.disconnect();
  }
}

export function printLoadHeader(): void {
  console.log("| run | installations × PRs (+ pushes) | reviews/min | first check run p50 / max s | all final heads reviewed s (pacing floor) | busiest minute of one installation: writes / points | shortest write gap ms | reviews on a stale head | head check → review ms p50 / max | peak RSS MB per process |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
}

export function printLoadRow(r: LoadRow): void {
  const over = r.maxWritesPerInstallationMinute > CONTENT_PER_MINUTE || r.maxPointsPerInstallationMinute > POINTS_PER_MINUTE ? " **over**" : "";
  console.log(
    `| ${r.mode} | ${r.installations} × ${r.prs / r.installations} (+${r.pushes}) | ${r.reviewsPerMinute.toFixed(0)} | ${r.firstCheckRunP50.toFixed(1)} / ${r.firstCheckRunMax.toFixed(1)} | ${r.allFinalHeadsSeconds.toFixed(1)} (${r.pacingFloorSeconds}) | ${r.maxWritesPerInstallationMinute} / ${r.maxPointsPerInstallationMinute}${over} | ${Number.isFinite(r.minWriteGapMs) ? r.minWriteGapMs.toFixed(0) : "–"} | ${r.reviewsOnStaleHead} | ${r.headCheckToReviewMs.p50.toFixed(0)} / ${r.headCheckToReviewMs.max.toFixed(0)} | ${r.peakRssMb.join(", ")} |`,
  );
}

/** Where each run's CPU went: per process, CPU seconds, CPU milliseconds per reviewed pull request, and share of one core. */
export function printCpuTable(rows: LoadRow[]): void {
  for (const r of rows) {
    const total = Object.values(r.requestsPerJob).reduce((a, b) => a + b, 0);
    console.log(`\n${r.mode}: ${r.jobs} review jobs for ${r.prs} pull requests; ${total.toFixed(1)} GitHub requests per job (${Object.entries(r.requestsPerJob).map(([g, n]) => `${g} ${n.toFixed(2)}`).join(", ")}).`);
  }
  console.log("\n| run | process | CPU s | CPU ms per review: all threads / main thread / helper threads | share of a core | jobs running (mean, of fixed slots) / work waiting |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const r of rows) {
    for (const [i, p] of r.cpu.entries()) {
      const slots = i === 0 && r.slots ? `${r.slots.meanActive.toFixed(1)}${r.slots.slots ? ` of ${r.slots.slots}` : " (governed)"} / ${pct(r.slots.idleWithWork)}` : "";
      const ms = (x: number) => ((x / r.prs) * 1000).toFixed(0);
      const split = p.name === "harness" || !Number.isFinite(p.mainSeconds) ? "" : ` / ${ms(p.mainSeconds)} / ${ms(p.seconds - p.mainSeconds)}`;
      console.log(`| ${i === 0 ? r.mode : ""} | ${p.name} | ${p.seconds.toFixed(1)} | ${ms(p.seconds)}${split} | ${pct(p.coreShare)} | ${slots} |`);
    }
  }
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/**
 * CPU milliseconds per reviewed pull request, split by process, and the workers' split into the analysis
 * (measured inside each worker around every analysis) and everything else a review costs them: Probot,
 * the HTTP client, the queue's Redis traffic, logging, JSON, and V8's GC and compiler threads.
 */
export function printStale(rows: LoadRow[]): void {
  for (const r of rows) {
    if (!r.staleReviews.length) continue;
    const list = r.staleReviews.map((x) => `head read ${x.headReadBeforePush ? "before" : "AFTER"} the push (push ${x.pushAfterReadMs.toFixed(0)} ms after the read, review ${x.reviewAfterPushMs.toFixed(0)} ms after the push)`);
    console.log(`\n${r.mode}: reviews on a replaced head: ${list.join("; ")}.`);
  }
}

export function printCpuSplit(rows: LoadRow[]): void {
  console.log("\n| run | workers: all / analysis / rest (of which helper threads) | receiver | Redis | fake GitHub | harness (load driver) | all processes |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const ms = (x: number) => ((x / r.prs) * 1000).toFixed(0);
    const of = (f: (n: string) => boolean) => r.cpu.filter((p) => f(p.name));
    const sum = (ps: ProcessCpu[], f: (p: ProcessCpu) => number = (p) => p.seconds) => ps.reduce((n, p) => n + f(p), 0);
    const workers = of((n) => n === "app" || n.startsWith("worker"));
    const analysis = r.probes.filter((p) => p.name === "app" || p.name.startsWith("worker")).reduce((n, p) => n + p.seconds.reduce((m, x) => m + (x.analysisMs ?? 0), 0), 0) / 1000;
    const all = sum(workers);
    const helpers = all - sum(workers, (p) => p.mainSeconds);
    const cell = (f: (n: string) => boolean) => (of(f).length ? ms(sum(of(f))) : "–");
    console.log(
      `| ${r.mode} | ${ms(all)} / ${ms(analysis)} / ${ms(all - analysis)} (${ms(helpers)}) | ${cell((n) => n === "receiver")} | ${cell((n) => n === "redis")} | ${cell((n) => n === "fake GitHub")} | ${cell((n) => n === "harness")} | ${ms(sum(r.cpu))} |`,
    );
  }
}

/**
 * What each app process measured of itself (worker-probe.ts): its CPU share and event-loop utilization over
 * the whole run and in three phases (ramp: until a tenth of the pull requests were reviewed; steady: until
 * nine tenths; tail: the rest), main-thread GC pause per review and the slots its governor chose. A loop
 * busy much more than the process's CPU share was waiting for a core; a loop far from busy had too little
 * to do (too few jobs in flight, or none left).
 */
export function printProbeTable(rows: LoadRow[]): void {
  console.log("\n| run | process | CPU share of a core: all / ramp / steady / tail | loop busy: all / ramp / steady / tail | GC pause ms per review: scavenge / mark-compact (count per review) | slots (governor): mean / max |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const r of rows) {
    const at = (share: number) => r.timeline.find((x) => x.reviewed >= share * r.prs)?.t ?? Infinity;
    const start = r.probes[0]?.seconds[0]?.t ?? 0;
    const rampEnd = at(0.1);
    const steadyEnd = at(0.9);
    for (const [i, p] of r.probes.entries()) {
      const t0 = p.seconds[0]?.t ?? start;
      const phase = (from: number, to: number) => p.seconds.filter((x) => (x.t - t0) / 1000 >= from && (x.t - t0) / 1000 < to);
      const mean = (xs: ProbeSecond[], f: (x: ProbeSecond) => number) => (xs.length ? xs.reduce((n, x) => n + f(x), 0) / xs.length : NaN);
      const phases = [p.seconds, phase(0, rampEnd), phase(rampEnd, steadyEnd), phase(steadyEnd, Infinity)];
      const share = phases.map((xs) => pct(mean(xs, (x) => x.cpuMs / 1000))).join(" / ");
      const busy = phases.map((xs) => pct(mean(xs, (x) => x.elu))).join(" / ");
      const sum = (f: (x: ProbeSecond) => number) => p.seconds.reduce((n, x) => n + f(x), 0);
      const per = (n: number) => (n / r.prs).toFixed(1);
      const gc = `${per(sum((x) => x.gc.minor))} / ${per(sum((x) => x.gc.major + x.gc.incremental))} (${(sum((x) => x.gc.minorCount) / r.prs).toFixed(2)} / ${(sum((x) => x.gc.majorCount) / r.prs).toFixed(2)})`;
      const slots = p.seconds.filter((x) => x.slots !== undefined);
      const slotText = slots.length ? `${mean(slots, (x) => x.slots!).toFixed(0)} / ${Math.max(...slots.map((x) => x.slots!))}` : "–";
      console.log(`| ${i === 0 ? r.mode : ""} | ${p.name} | ${share} | ${busy} | ${gc} | ${slotText} |`);
    }
  }
}

/** Second by second: pull requests reviewed, BullMQ's jobs, and each app process's CPU, loop, GC and slots. */
export function printTimeline(rows: LoadRow[]): void {
  for (const r of rows) {
    console.log(`\n${r.mode}, second by second (reviewed; active / waiting / delayed jobs; per process: CPU % of a core, loop busy %, GC ms, slots/peak busy)`);
    const t0 = Math.min(...r.probes.map((p) => p.seconds[0]?.t ?? Infinity));
    r.timeline.forEach((x, k) => {
      const procs = r.probes.map((p) => {
        const s = p.seconds.find((y) => Math.round((y.t - t0) / 1000) === k);
        return s ? `${p.name}: ${String(Math.round(s.cpuMs / 10)).padStart(3)} ${String(Math.round(s.elu * 100)).padStart(3)} ${String(Math.round(s.gc.minor + s.gc.major + s.gc.incremental)).padStart(3)} ${s.slots ?? "-"}/${s.peakBusy ?? "-"}` : `${p.name}: –`;
      });
      console.log(`${String(Math.round(x.t)).padStart(3)} s ${String(x.reviewed).padStart(4)} | ${x.active ?? "-"}/${x.waiting ?? "-"}/${x.delayed ?? "-"} | ${procs.join(" | ")}`);
    });
  }
}

/**
 * The CPU-bound ceiling of each run: reviews per CPU-second of each process, and the reviews per minute
 * the app could reach if CPU were all that limited it. These hold whatever else the machine runs, unlike
 * the wall-clock rates: a worker whose CPU per review is W ms reviews at most 60,000 / W pull requests a
 * minute on a core of its own; N workers on N cores, N times that, as long as the receiver and Redis keep up.
 */
export function printCeiling(rows: LoadRow[], cores: number): void {
  console.log(`\n| run | reviews per CPU-second: workers / receiver / redis / fake GitHub / harness | ceiling of one worker on its own core | ceiling of the deployment (workers + receiver + redis) on ${cores} cores | ceiling of this ${cores}-core machine running the harness too |`);
  console.log("|---|---|---:|---:|---:|");
  for (const r of rows) {
    const sum = (f: (name: string) => boolean) => r.cpu.filter((p) => f(p.name)).reduce((n, p) => n + p.seconds, 0);
    const workers = sum((n) => n === "app" || n.startsWith("worker"));
    const receiver = sum((n) => n === "receiver");
    const redis = sum((n) => n === "redis");
    const fake = sum((n) => n === "fake GitHub");
    const harness = sum((n) => n === "harness") + fake;
    const rate = (s: number) => (s > 0 ? (r.prs / s).toFixed(2) : "–");
    const perMinute = (cpuSeconds: number, n: number) => ((n * 60 * r.prs) / cpuSeconds).toFixed(0);
    const workerCount = r.cpu.filter((p) => p.name === "app" || p.name.startsWith("worker")).length;
    console.log(
      `| ${r.mode} | ${rate(workers)} / ${rate(receiver)} / ${rate(redis)} / ${rate(fake)} / ${rate(harness - fake)} | ${perMinute(workers / workerCount, 1)}/min | ${perMinute(workers + receiver + redis, cores)}/min | ${perMinute(workers + receiver + redis + harness, cores)}/min |`,
    );
  }
}

export async function loadSection(
  quick: boolean,
  opts: { installations?: number; prs?: number; modes?: LoadMode[]; ceiling?: boolean; timeline?: boolean; warmupPerWorker?: boolean } & Omit<LoadOptions, "redisPid"> = {},
): Promise<unknown> {
  const installations = opts.installations ?? (quick ? 4 : 10);
  const prsPer = opts.prs ?? (quick ? 3 : 10);
  const warmup = opts.warmup ?? (quick ? 0 : 40);
  const modes = opts.modes ?? ["memory", 1, 2, 4];
  console.log(`\n## Load across installations (${installations} installations × ${prsPer} PRs in a burst, 50 ms per GitHub request${warmup ? `, after ${warmup} warm-up PRs of other installations${opts.warmupPerWorker ? " per worker process" : ""}` : ""})\n`);
  console.log(`Worker processes: node ${(opts.nodeArgs ?? workerNodeFlags()).join(" ") || "(no options)"}.\n`);
  console.log(`GitHub's secondary limits per installation: ${CONTENT_PER_MINUTE} content-creating requests a minute (${CONTENT_PER_HOUR} an hour), ${POINTS_PER_MINUTE} REST points a minute; writes at least 1 s apart.\n`);
  const redis = modes.some((m) => m !== "memory") ? await startRedis() : undefined;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const rows: LoadRow[] = [];
  printLoadHeader();
  try {
    for (const mode of modes) {
      if (mode !== "memory" && !redis) {
        console.log(`| Redis, ${mode} workers | not measured: redis-server is not installed |`);
        continue;
      }
      try {
        const row = await loadRun(mode, installations, prsPer, redis?.url, privateKey, { concurrency: opts.concurrency, cpuProfDir: opts.cpuProfDir, redisPid: redis?.pid, warmup: opts.warmupPerWorker && mode !== "memory" ? warmup * Number(mode) : warmup, nodeArgs: opts.nodeArgs });
        rows.push(row);
        printLoadRow(row);
      } catch (error) {
        console.log(`| ${mode} | failed: ${error instanceof Error ? error.message : String(error)} |`);
      }
    }
  } finally {
    redis?.stop();
  }
  printStale(rows);
  printCpuTable(rows);
  printCpuSplit(rows);
  if (opts.ceiling) printCeiling(rows, availableParallelism());
  printProbeTable(rows);
  if (opts.timeline) printTimeline(rows);
  const one = rows.find((r) => r.mode === "Redis, 1 worker");
  const two = rows.find((r) => r.mode === "Redis, 2 workers");
  if (one && two) {
    console.log(`\n2 workers / 1 worker: ${(two.reviewsPerMinute / one.reviewsPerMinute).toFixed(2)}× reviews per minute (target ≥ 1.7×).`);
    console.log(`Steady phase (a tenth to nine tenths of the pull requests reviewed): ${steadyReviewsPerMinute(one).toFixed(0)} and ${steadyReviewsPerMinute(two).toFixed(0)} reviews per minute, ${(steadyReviewsPerMinute(two) / steadyReviewsPerMinute(one)).toFixed(2)}×.`);
    // Within a fifth of the pacing floor, the installations' write spacing, not the workers, set the pace.
    const paced = rows.filter((r) => r.allFinalHeadsSeconds < 1.2 * r.pacingFloorSeconds + 5).map((r) => r.mode);
    if (paced.length) console.log(`Pacing-bound (all final heads reviewed within a fifth of the pacing floor, plus 5 s): ${paced.join(", ")}. More workers cannot speed these up; use more installations (--installations) to compare workers.`);
  }
  return { installations, prsPer, rows };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const modes = arg("--modes")?.split(",").map((m) => (m === "memory" ? "memory" : Number(m))) as LoadMode[] | undefined;
  await loadSection(process.argv.includes("--quick"), {
    installations: Number(arg("--installations")) || undefined,
    prs: Number(arg("--prs")) || undefined,
    modes,
    concurrency: Number(arg("--concurrency")) || undefined,
    cpuProfDir: arg("--cpu-prof"),
    ceiling: process.argv.includes("--ceiling"),
    timeline: process.argv.includes("--timeline"),
    nodeArgs: arg("--node-args")?.split(/\s+/).filter(Boolean),
    warmup: arg("--warmup") === undefined ? undefined : Number(arg("--warmup")),
    // Each worker process reviews --warmup pull requests before the burst (by default the workers share them).
    warmupPerWorker: process.argv.includes("--warmup-per-worker"),
  });
  process.exit(0);
}
