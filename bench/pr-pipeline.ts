/**
 * The pull-request pipeline benchmark: the real app (in its own process, production Octokit) reviews
 * synthetic pull requests served by the fake GitHub API with a per-request latency. For each size it
 * measures the wall time from posting the signed webhook to the completed check run, the app's peak RSS,
 * and every GitHub request by kind, checked against the request budgets; then a `/django-sec recheck`
 * with no code change. Called by run.ts (`npm run bench`); `node dist/bench/pr-pipeline.js [--quick]`
 * runs this section alone.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { classifyPaths } from "../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { BATCH_READS_FROM, BATCH_SIZE } from "../src/github/batch-read.js";
import { NEEDS_PROJECT_SETTINGS } from "../src/github/settings-context.js";
import { CONTEXT_LIMITS } from "../src/github/context-files.js";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest, type RecordedRequest } from "../src/demo/fake-github.js";
import type { WorkerReply, WorkerRequest } from "./pr-app-worker.js";
import { PR_SHAPES, syntheticPull, type PrSize } from "./pr-synthetic.js";

const here = dirname(fileURLToPath(import.meta.url));
const APP = { id: 77, slug: "django-sec" };
const INSTALLATION_ID = 901;
const LATENCY_MS = 50;
/** GitHub's secondary rate limits: content-creating requests and REST points per minute. */
const CONTENT_PER_MINUTE = 80;
const POINTS_PER_MINUTE = 900;
const ANNOTATIONS_PER_REQUEST = 50;
const RUN_TIMEOUT_MS = Number(process.env.BENCH_PR_TIMEOUT_MS) || 300_000;

type Kind = "read" | "write" | "auth";

/** What a request to the fake is, in the terms of the request budgets. */
export interface RequestClass {
  kind: Kind;
  group: string;
  /** Counted by GitHub's "content-creating requests" secondary limit. */
  content: boolean;
}

/**
 * Classifies a recorded request. Writes are POST/PATCH/PUT/DELETE to the REST API, except the
 * installation token exchange (auth, cached for an hour) and GraphQL queries (reads sent as POST).
 */
export function classifyRequest(r: RecordedRequest, prPaths: ReadonlySet<string>): RequestClass {
  const path = r.path.split("?")[0];
  const m = r.method;
  if (m === "POST" && /\/access_tokens$/.test(path)) return { kind: "auth", group: "token", content: false };
  if (path === "/api/graphql") {
    const query = String(r.body?.query ?? "");
    if (/^\s*mutation\b/.test(query)) return { kind: "write", group: "resolve thread", content: false };
    if (!query.includes("object(expression:")) return { kind: "read", group: "review threads", content: false };
    // Batched reads of the pull request's files, or of the project context (files beyond it, see context-files.ts).
    const paths = Object.entries((r.body?.variables ?? {}) as Record<string, unknown>).filter(([k]) => /^e\d+$/.test(k)).map(([, v]) => String(v).slice(String(v).indexOf(":") + 1));
    return { kind: "read", group: paths.every((p) => prPaths.has(p)) ? "file contents" : "project context", content: false };
  }
  if (m === "GET") {
    if (path === "/api/v3/app") return { kind: "read", group: "app identity", content: false };
    if (/\/pulls\/\d+$/.test(path)) return { kind: "read", group: "pulls.get", content: false };
    if (/\/pulls\/\d+\/files$/.test(path)) return { kind: "read", group: "file listing", content: false };
    if (/\/pulls\/\d+\/comments$/.test(path)) return { kind: "read", group: "review comments", content: false };
    if (/\/git\/trees\//.test(path)) return { kind: "read", group: "repository tree", content: false };
    const contents = path.match(/\/contents\/(.+)$/);
    if (contents) {
      const file = decodeURIComponent(contents[1]);
      if (/^\.github\/django-sec\.ya?ml$/.test(file)) return { kind: "read", group: "config", content: false };
      return { kind: "read", group: prPaths.has(file) ? "file contents" : "settings context", content: false };
    }
    if (/\/collaborators\//.test(path)) return { kind: "read", group: "permission", content: false };
    return { kind: "read", group: "other", content: false };
  }
  if (/\/check-runs(\/\d+)?$/.test(path)) return { kind: "write", group: m === "POST" ? "check run create" : "check run update", content: true };
  if (/\/reviews$/.test(path)) return { kind: "write", group: "review", content: true };
  if (/\/reactions$/.test(path)) return { kind: "write", group: "reaction", content: true };
  if (/\/comments(\/\d+\/replies)?$/.test(path)) return { kind: "write", group: "comment", content: true };
  return { kind: "write", group: "other", content: false };
}

/** The most events in any window of `windowMs` (timestamps in ms, any order). */
export function maxInWindow(times: number[], windowMs: number, weights?: number[]): number {
  const items = times.map((t, i) => ({ t, w: weights?.[i] ?? 1 })).sort((a, b) => a.t - b.t);
  let best = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < items.length; hi++) {
    sum += items[hi].w;
    while (items[hi].t - items[lo].t >= windowMs) sum -= items[lo++].w;
    best = Math.max(best, sum);
  }
  return best;
}

interface RunFigures {
  /** Seconds from posting the webhook to its HTTP answer, and to the check run completed. */
  answeredS: number | null;
  answerStatus: number | null;
  completedS: number;
  /**
   * Where the time went, from request timestamps (seconds, approximate): reading (webhook to the last file
   * read), analysing (last file read to the next request, the review-comments listing), posting (from there
   * to the completed check run, including Octokit's one-second spacing of writes).
   */
  phases: { readS: number; analyseS: number; postS: number };
  conclusion?: string;
  annotations: number;
  reads: number;
  writes: number;
  auth: number;
  contentCreating: number;
  maxContentPerMinute: number;
  maxPointsPerMinute: number;
  byGroup: Record<string, number>;
  newReviews: number;
  newInlineComments: number;
  newIssueComments: number;
  maxRssMb: number;
}

/** The first delivery sent again with its id (GitHub's Redeliver), no code change. */
interface RedeliveryFigures {
  answerStatus: number | null;
  /** Seconds until the app answered and until it had no review waiting or running. */
  answeredS: number;
  idleS: number;
  requests: number;
  newCheckRuns: number;
  newReviews: number;
  newInlineComments: number;
}

interface SizeFigures {
  size: PrSize;
  files: number;
  analysable: number;
  additions: number;
  deletions: number;
  latencyMs: number;
  review: RunFigures;
  recheck: RunFigures;
  redelivery: RedeliveryFigures;
  budgets: { readBudget: number; readsOk: boolean; writeBudget: number; writesOk: boolean; secondaryOk: boolean; recheckPostsNothing: boolean };
}

/** A child process running the app; requests go one at a time. */
class AppWorker {
  private pending?: (reply: WorkerReply) => void;
  private output = "";
  private constructor(private readonly child: ChildProcess) {
    child.on("message", (reply: WorkerReply) => this.pending?.(reply));
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString("utf8")).slice(-4000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
  }

  static async start(env: Record<string, string>): Promise<{ worker: AppWorker; url: string }> {
    const worker = new AppWorker(fork(join(here, "pr-app-worker.js"), [], { stdio: ["ignore", "pipe", "pipe", "ipc"] }));
    const ready = await worker.ask({ type: "start", env });
    if (ready.type !== "ready") throw new Error(`the app did not start: ${ready.type === "error" ? ready.message : ready.type}`);
    return { worker, url: ready.url + ready.webhookPath };
  }

  ask(request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const exit = (code: number | null) => reject(new Error(`the app process exited (${code}): ${this.output.slice(-500)}`));
      this.child.once("exit", exit);
      this.pending = (reply) => {
        this.child.off("exit", exit);
        this.pending = undefined;
        resolve(reply);
      };
      this.child.send(request);
    });
  }

  async maxRssMb(): Promise<number> {
    const usage = await this.ask({ type: "usage" });
    return usage.type === "usage" ? usage.maxRssMb : NaN;
  }

  async idle(): Promise<void> {
    await this.ask({ type: "idle" });
  }

  /** Recent log output of the app (errors only: it runs at LOG_LEVEL=error). */
  log(): string {
    return this.output.trim();
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "stop" } satisfies WorkerRequest);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

function repositoryOf(p: FakePullRequest) {
  const owner = { login: p.owner, type: "Organization" };
  return { id: 1, name: p.repo, full_name: `${p.owner}/${p.repo}`, private: false, owner, default_branch: p.baseRef };
}


function recheckPayload(p: FakePullRequest) {
  const repository = repositoryOf(p);
  const user = { login: p.author, type: "User" };
  return {
    action: "created",
    issue: { number: p.number, title: p.title, user, state: "open", pull_request: { url: `https://example.invalid/pulls/${p.number}` } },
    comment: { id: 5_000_001, user, body: "/django-sec recheck", author_association: "OWNER" },
    repository,
    sender: user,
    installation: { id: INSTALLATION_ID },
  };
}

/** Posts a signed delivery without waiting for the answer; resolves to the answer's status and time. */
function deliver(url: string, secret: string, event: string, payload: unknown, id: string = randomUUID()): Promise<{ status: number | null; at: number }> {
  const body = JSON.stringify(payload);
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": sign(secret, body) },
    body,
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  })
    .then(async (res) => {
      await res.arrayBuffer();
      return { status: res.status, at: performance.now() };
    })
    .catch(() => ({ status: null, at: performance.now() }));
}

/** Waits for a check run after index `before` to be completed; returns it and when it was seen. */
async function completedRun(fake: FakeGitHub, before: number, worker: AppWorker, answer: Promise<{ status: number | null }>) {
  const deadline = performance.now() + RUN_TIMEOUT_MS;
  let refused: number | null | undefined;
  void answer.then((a) => {
    if (a.status === null || a.status >= 300) refused = a.status;
  });
  for (;;) {
    const run = fake.checkRuns.slice(before).find((r) => r.status === "completed");
    if (run) return { run, at: performance.now() };
    const why = refused !== undefined ? `the app answered the webhook with ${refused === null ? "no response" : `HTTP ${refused}`}` : performance.now() > deadline ? `no completed check run after ${RUN_TIMEOUT_MS / 1000} s` : "";
    if (why) {
      const last = fake.requests.slice(-5).map((r) => `${r.method} ${r.path}`);
      throw new Error(`${why}; last requests to the fake: ${last.join(", ") || "none"}; app log: ${worker.log().slice(-800) || "(empty)"}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One delivery through the app, measured from posting it to the check run completed. */
async function measureRun(
  fake: FakeGitHub,
  stamps: WeakMap<RecordedRequest, number>,
  prPaths: ReadonlySet<string>,
  worker: AppWorker,
  latencyMs: number,
  send: () => Promise<{ status: number | null; at: number }>,
): Promise<RunFigures> {
  const counts = { requests: fake.requests.length, runs: fake.checkRuns.length, reviews: fake.reviews.length, comments: fake.comments.length, issueComments: fake.issueComments.length };
  const t0 = performance.now();
  const answer = send();
  const { run, at } = await completedRun(fake, counts.runs, worker, answer);
  // A synchronous app answers right after the run; a queued one (202) has answered long before.
  const answered = await Promise.race([answer, new Promise<null>((r) => setTimeout(() => r(null), 2000))]);
  const requests = fake.requests.slice(counts.requests);
  const byGroup: Record<string, number> = {};
  const totals = { read: 0, write: 0, auth: 0 };
  const contentTimes: number[] = [];
  let lastRead = t0;
  let commentsListed: number | undefined;
  const pointTimes: number[] = [];
  const points: number[] = [];
  for (const r of requests) {
    const c = classifyRequest(r, prPaths);
    byGroup[c.group] = (byGroup[c.group] ?? 0) + 1;
    totals[c.kind]++;
    const t = stamps.get(r) ?? 0;
    if (c.content) contentTimes.push(t);
    if (["file listing", "file contents", "config", "settings context", "repository tree", "project context"].includes(c.group)) lastRead = Math.max(lastRead, t);
    if (c.group === "review comments") commentsListed ??= t;
    if (c.kind !== "auth" && r.path !== "/api/graphql") {
      pointTimes.push(t);
      points.push(r.method === "GET" ? 1 : 5);
    }
  }
  return {
    answeredS: answered ? (answered.at - t0) / 1000 : null,
    answerStatus: answered?.status ?? null,
    completedS: (at - t0) / 1000,
    phases: {
      readS: (lastRead - t0) / 1000,
      analyseS: Math.max(0, (commentsListed ?? lastRead) - lastRead - latencyMs) / 1000,
      postS: (at - (commentsListed ?? lastRead)) / 1000,
    },
    conclusion: run.conclusion,
    annotations: run.annotations.length,
    reads: totals.read,
    writes: totals.write,
    auth: totals.auth,
    contentCreating: contentTimes.length,
    maxContentPerMinute: maxInWindow(contentTimes, 60_000),
    maxPointsPerMinute: maxInWindow(pointTimes, 60_000, points),
    byGroup,
    newReviews: fake.reviews.length - counts.reviews,
    newInlineComments: fake.comments.length - counts.comments,
    newIssueComments: fake.issueComments.length - counts.issueComments,
    maxRssMb: await worker.maxRssMb(),
  };
}

async function measureRedelivery(fake: FakeGitHub, worker: AppWorker, send: () => Promise<{ status: number | null; at: number }>): Promise<RedeliveryFigures> {
  const counts = { requests: fake.requests.length, runs: fake.checkRuns.length, reviews: fake.reviews.length, comments: fake.comments.length };
  const t0 = performance.now();
  const answer = await send();
  // A review it starts is over when the app is idle and its check run, if any, is complete.
  await worker.idle();
  while (fake.checkRuns.slice(counts.runs).some((r) => r.status !== "completed")) await new Promise((r) => setTimeout(r, 5));
  return {
    answerStatus: answer.status,
    answeredS: (answer.at - t0) / 1000,
    idleS: (performance.now() - t0) / 1000,
    requests: fake.requests.length - counts.requests,
    newCheckRuns: fake.checkRuns.length - counts.runs,
    newReviews: fake.reviews.length - counts.reviews,
    newInlineComments: fake.comments.length - counts.comments,
  };
}

async function measureSize(size: PrSize, latencyMs: number): Promise<SizeFigures> {
  const { pull } = syntheticPull(size);
  const stamps = new WeakMap<RecordedRequest, number>();
  const fake = new FakeGitHub({
    pull,
    app: APP,
    installationId: INSTALLATION_ID,
    latencyMs,
    // Never a fault: the hook only timestamps each request as the fake handles it.
    fault: (r) => void stamps.set(r, performance.now()),
  });
  const host = await fake.start();
  let worker: AppWorker | undefined;
  try {
    // Warm-up outside the measurement: the fake computes every patch once, on the first listing.
    const listed: { filename: string; status: string; additions: number; deletions: number }[] = [];
    for (let page = 1; ; page++) {
      const res = await fetch(`http://${host}/api/v3/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}/files?per_page=100&page=${page}`, { headers: { authorization: "token warm-up" } });
      const items = (await res.json()) as typeof listed;
      listed.push(...items);
      if (!res.headers.get("link")?.includes('rel="next"')) break;
    }
    const prPaths = new Set(listed.map((f) => f.filename));
    const classify = classifyPaths(DEFAULT_CONFIG);
    const analysable = listed.filter((f) => classify.language(f.filename) !== undefined).length;

    const secret = randomBytes(16).toString("hex");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const env = { APP_ID: String(APP.id), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "error" };
    const started = await AppWorker.start(env);
    worker = started.worker;
    const deliveryId = randomUUID();
    const review = await measureRun(fake, stamps, prPaths, worker, latencyMs, () => deliver(started.url, secret, "pull_request", pullRequestDelivery(pull, INSTALLATION_ID), deliveryId));
    const recheck = await measureRun(fake, stamps, prPaths, worker, latencyMs, () => deliver(started.url, secret, "issue_comment", recheckPayload(pull)));
    const redelivery = await measureRedelivery(fake, worker, () => deliver(started.url, secret, "pull_request", pullRequestDelivery(pull, INSTALLATION_ID), deliveryId));

    // Reads: listing pages + one per analysed file (one per 50 in large PRs), plus constant extras (see README, "Benchmarks").
    const pages = Math.max(1, Math.ceil(listed.length / 100));
    const commentPages = Math.max(1, Math.ceil(fake.comments.length / 100));
    const changedSettings = listed.filter((f) => classify.isSettingsModule(f.filename)).length;
    // The repository's other settings modules are read (one tree listing plus one read each) when the
    // pull request changes a settings module or names an editing view.
    const headPaths = Object.keys(pull.headFiles);
    const needsProject = listed.some((f) => classify.settingsKind(f.filename) !== "none" || NEEDS_PROJECT_SETTINGS.test(pull.headFiles[f.filename] ?? ""));
    const projectSettings = needsProject ? headPaths.filter((p) => !prPaths.has(p) && classify.isSettingsModule(p)).length : 0;
    // The project context (context-files.ts): when Python other than settings or a template changed, at most
    // CONTEXT_LIMITS.maxFiles + maxUrlconfs files beyond the pull request, 100 to a GraphQL query.
    const needsContext = listed.some((f) => f.status !== "removed" && classify.language(f.filename) !== undefined && !classify.isSettingsModule(f.filename));
    const contextQueries = needsContext ? Math.ceil((CONTEXT_LIMITS.maxFiles + CONTEXT_LIMITS.maxUrlconfs) / BATCH_SIZE) : 0;
    // One listing of the repository tree serves both.
    const tree = needsProject || needsContext ? 1 : 0;
    const extras = 1 /* config */ + 2 /* pulls.get before and after analysis */ + commentPages + 1 /* app identity, once per process */ + 2 * changedSettings /* star-imported settings */ + projectSettings + tree + contextQueries;
    // Above BATCH_READS_FROM files the contents come 100 to a GraphQL query.
    const contentReads = analysable > BATCH_READS_FROM ? Math.ceil(analysable / BATCH_SIZE) : analysable;
    const readBudget = pages + contentReads + extras;
    const writeBudget = 3 + Math.ceil(review.annotations / ANNOTATIONS_PER_REQUEST);
    const secondaryOk = [review, recheck].every((r) => r.maxContentPerMinute <= CONTENT_PER_MINUTE && r.maxPointsPerMinute <= POINTS_PER_MINUTE);
    return {
      size,
      files: listed.length,
      analysable,
      additions: listed.reduce((n, f) => n + f.additions, 0),
      deletions: listed.reduce((n, f) => n + f.deletions, 0),
      latencyMs,
      review,
      recheck,
      redelivery,
      budgets: {
        readBudget,
        readsOk: review.reads <= readBudget,
        writeBudget,
        writesOk: review.writes <= writeBudget,
        secondaryOk,
        recheckPostsNothing: recheck.newReviews === 0 && recheck.newInlineComments === 0 && recheck.newIssueComments === 0,
      },
    };
  } finally {
    await worker?.stop();
    await fake.stop();
  }
}

const s = (x: number | null, d = 2) => (x === null ? "–" : x.toFixed(d));
const ok = (b: boolean) => (b ? "ok" : "**over**");
const GROUPS = ["file listing", "file contents", "config", "pulls.get", "review comments", "app identity", "repository tree", "settings context", "project context", "review threads", "permission", "other"];

function printTables(rows: SizeFigures[], latencyMs: number): void {
  console.log(`\n## Pull-request pipeline (real app in its own process, fake GitHub with ${latencyMs} ms per request)\n`);
  console.log("| PR | files | lines +/− | analysed | annotations | inline comments | webhook answered s | check run completed s | reading s | analysing s | posting s | peak RSS MB |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const v = r.review;
    console.log(`| ${r.size} | ${r.files} | +${r.additions}/−${r.deletions} | ${r.analysable} | ${v.annotations} | ${v.newInlineComments} | ${s(v.answeredS)}${v.answerStatus && v.answerStatus !== 200 ? ` (HTTP ${v.answerStatus})` : ""} | ${s(v.completedS)} | ${s(v.phases.readS)} | ${s(v.phases.analyseS)} | ${s(v.phases.postS)} | ${v.maxRssMb} |`);
  }
  console.log("\nGitHub requests of the review against the targets (writes exclude the installation-token exchange, shown as auth):\n");
  console.log("| PR | reads | read budget | writes | write budget 3+⌈annotations/50⌉ | auth | content-creating | max content-creating/min (≤ 80) | max REST points/min (≤ 900) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const v = r.review;
    console.log(`| ${r.size} | ${v.reads} | ${r.budgets.readBudget} ${ok(r.budgets.readsOk)} | ${v.writes} | ${r.budgets.writeBudget} ${ok(r.budgets.writesOk)} | ${v.auth} | ${v.contentCreating} | ${v.maxContentPerMinute} ${ok(v.maxContentPerMinute <= CONTENT_PER_MINUTE)} | ${v.maxPointsPerMinute} ${ok(v.maxPointsPerMinute <= POINTS_PER_MINUTE)} |`);
  }
  const groups = GROUPS.filter((g) => rows.some((r) => r.review.byGroup[g]));
  console.log("\nReads of the review by kind:\n");
  console.log(`| PR | ${groups.join(" | ")} |`);
  console.log(`|---|${groups.map(() => "---:").join("|")}|`);
  for (const r of rows) console.log(`| ${r.size} | ${groups.map((g) => r.review.byGroup[g] ?? 0).join(" | ")} |`);
  console.log("\nRecheck (`/django-sec recheck` by the author, no code change):\n");
  console.log("| PR | check run completed s | reads | writes | content-creating | new reviews | new inline comments | new issue comments | posts nothing new | peak RSS MB |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
  for (const r of rows) {
    const v = r.recheck;
    console.log(`| ${r.size} | ${s(v.completedS)} | ${v.reads} | ${v.writes} | ${v.contentCreating} | ${v.newReviews} | ${v.newInlineComments} | ${v.newIssueComments} | ${r.budgets.recheckPostsNothing ? "yes" : "**no**"} | ${v.maxRssMb} |`);
  }
  console.log("\nRedelivery (the first webhook sent again with the same delivery id, no code change):\n");
  console.log("| PR | answer | answered s | idle s | requests | new check runs | new reviews | new inline comments |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const d = r.redelivery;
    console.log(`| ${r.size} | ${d.answerStatus === null ? "none" : `HTTP ${d.answerStatus}`} | ${s(d.answeredS)} | ${s(d.idleS)} | ${d.requests} | ${d.newCheckRuns} | ${d.newReviews} | ${d.newInlineComments} |`);
  }
}

/** Measures each size in turn (typical and large with --quick; huge too otherwise), prints the tables, returns the figures. */
export async function prPipelineSection(quick: boolean, latencyMs = LATENCY_MS): Promise<unknown> {
  const sizes: PrSize[] = quick ? ["typical", "large"] : ["typical", "large", "huge"];
  const rows: SizeFigures[] = [];
  for (const size of sizes) rows.push(await measureSize(size, latencyMs));
  printTables(rows, latencyMs);
  return { latencyMs, shapes: Object.fromEntries(sizes.map((z) => [z, PR_SHAPES[z]])), sizes: rows };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await prPipelineSection(process.argv.includes("--quick"));
  if (process.argv.includes("--json")) console.log(JSON.stringify(figures, null, 2));
}
