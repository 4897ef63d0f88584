import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createProbot, ProbotOctokit } from "probot";
import app from "../index.js";
import { BullQueue } from "../queue/bullmq-queue.js";
import { closeInterruptedCheckRuns } from "./interrupted-runs.js";
import type { GitHubClient, ReviewLog } from "./octokit.js";
import { StuckRunSweeper, type SweepOptions, type SweepReport } from "./sweeper.js";
import { MemoryPaceStore, RedisPaceStore } from "./pace-store.js";
import { InstallationPacer, pacedOctokit } from "./pacing.js";
import type { QueuedEvent } from "../queue/job-key.js";
import { MemoryQueue } from "../queue/memory-queue.js";
import type { ReviewQueue } from "../queue/review-queue.js";
import { governSlots, type SlotGovernor } from "../queue/slot-governor.js";
import { jobIdentity } from "../queue/job-key.js";
import { MemoryAnnouncements, jobScope, type Announcements } from "../queue/announcements.js";
import { announceCheckRun, completeCheckRun } from "./check-run.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, withRequestTimeout } from "./octokit.js";
import { renderNeutralOutput } from "../core/report/check-summary.js";
import { ByteBudget, intakeLimitsFromEnv, jsonDeeperThan, readSignedBody, wellFormedSignature, type IntakeLimits } from "./webhook-intake.js";

export type ServerRole = "all" | "receiver" | "worker";

export interface AppServerOptions {
  /** Probot's environment variables (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, WEBHOOK_PATH) and REDIS_URL. */
  env: Record<string, string | undefined>;
  port?: number;
  host?: string;
  /** A different Octokit class (tests turn retries and throttling off); it is paced only when `pacer` is given too. */
  Octokit?: typeof ProbotOctokit;
  /**
   * Paces each installation's GitHub requests (default: a pacer on REDIS_URL's Redis, shared by every
   * worker, or in this process; none when a different `Octokit` is given); `false` turns pacing off.
   */
  pacer?: InstallationPacer | false;
  /** `receiver` answers webhooks and enqueues; `worker` runs reviews; `all` does both (the default). */
  role?: ServerRole;
  /** The queue between the two roles; default: BullMQ when REDIS_URL is set, else in-process. */
  queue?: ReviewQueue;
  /**
   * Jobs this process runs at once. Unset: the slot governor chooses (from 16, between 4 and 64), adding
   * slots while all are busy and the event loop has room, removing them when it is saturated.
   */
  concurrency?: number;
  /**
   * The stuck-run sweeper (worker roles): on start, then every `intervalMs` (0: on start only). Off unless
   * given; `npm start` turns it on (see `sweepSettingsFromEnv`).
   */
  sweep?: SweepSettings | false;
  /** Limits on reading webhook bodies; default from DJANGO_SEC_WEBHOOK_MEMORY_MB, DJANGO_SEC_BODY_TIMEOUT_MS. */
  intake?: Partial<IntakeLimits>;
  /**
   * How long after a pull request's delivery its check run is created `queued`, unless its job has started
   * (and made its own run) by then (default 1 s).
   */
  announceAfterMs?: number;
}

export const DEFAULT_ANNOUNCE_AFTER_MS = 1000;

export type SweepSettings = Partial<SweepOptions> & { intervalMs?: number };

export const DEFAULT_SWEEP_INTERVAL_MS = 5 * 60_000;

/** `DJANGO_SEC_SWEEP_INTERVAL_MS` (default 5 minutes; `0` turns the sweeper off) and `DJANGO_SEC_STUCK_AFTER_MS`. */
export function sweepSettingsFromEnv(env: Record<string, string | undefined>): SweepSettings | false {
  // Only an explicit 0 turns it off: a typo keeps the default, so a required check cannot hang because of it.
  const given = Number(env.DJANGO_SEC_SWEEP_INTERVAL_MS);
  const interval = env.DJANGO_SEC_SWEEP_INTERVAL_MS && Number.isFinite(given) && given >= 0 ? given : DEFAULT_SWEEP_INTERVAL_MS;
  if (interval === 0) return false;
  const stuck = Number(env.DJANGO_SEC_STUCK_AFTER_MS);
  return { intervalMs: interval, ...(stuck > 0 ? { stuckAfterMs: stuck } : {}) };
}

/** Logged at start when the queue's Redis would lose accepted deliveries on a restart. */
export const NO_PERSISTENCE_WARNING =
  "Redis runs without the append-only file (appendonly no): a Redis restart loses every queued delivery already answered 202. Set `appendonly yes` (see the README's Deployment section).";

export interface RunningAppServer {
  /** `http://host:port` (workers serve only `/healthz`). */
  url: string;
  webhookPath: string;
  queue: ReviewQueue;
  /** Resolves when no job is waiting or running (tests, the demo). */
  idle(): Promise<void>;
  /** The start-up sweep of stuck check runs (undefined when the sweeper is off, or another worker swept). */
  startupSweep: Promise<SweepReport | undefined>;
  /** Sweeps now (or joins the sweep under way). */
  sweep(): Promise<SweepReport | undefined>;
  /** Problems of the deployment found at start (also logged). */
  warnings: string[];
  /** Stops taking deliveries and jobs, lets running reviews finish, closes the queue. */
  close(): Promise<void>;
}

const QUEUED_EVENTS = new Set(["pull_request", "check_run", "check_suite", "issue_comment"]);
/** The pull request actions whose review gets its check run when the delivery arrives. */
const ANNOUNCED_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);

/**
 * The app's HTTP server. Receivers verify each delivery's signature, put it on the queue and answer
 * 202 at once (GitHub wants an answer within 10 seconds); workers take deliveries off the queue and
 * run the Probot handlers on them. `/healthz` answers in both roles.
 */
export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const role = options.role ?? "all";
  const env = options.env;
  const pacer = options.pacer === false ? undefined : (options.pacer ?? (options.Octokit ? undefined : defaultPacer(env, (err) => log.warn({ err }, "pacing state unreachable in Redis: pacing in this process until it answers"))));
  // With Probot's own client, the pacing hook does the retries and Octokit's retry plugin is off.
  const Octokit = pacer ? pacedOctokit(options.Octokit ?? ProbotOctokit, pacer, { ownRetries: !options.Octokit }) : options.Octokit;
  // REDIS_URL is ours: given to Probot, it would cluster Octokit's single limiter for the whole fleet.
  const probot = createProbot({ env: { ...env, REDIS_URL: undefined }, overrides: Octokit ? { Octokit } : {} });
  const extraHandlers: ((req: IncomingMessage, res: ServerResponse) => unknown)[] = [];
  await probot.load(app, { cwd: process.cwd(), addHandler: (h) => void extraHandlers.push(h) });
  const log = probot.log.child({ name: "django-sec", role });
  const queue =
    options.queue ??
    (options.env.REDIS_URL
      ? new BullQueue({ redisUrl: options.env.REDIS_URL, concurrency: options.concurrency, name: options.env.QUEUE_NAME || undefined, lockDurationMs: Number(options.env.QUEUE_LOCK_MS) || undefined })
      : new MemoryQueue({ concurrency: options.concurrency }));
  const webhookPath = options.env.WEBHOOK_PATH || "/api/github/webhooks";
  const limits: IntakeLimits = { ...intakeLimitsFromEnv(options.env), ...options.intake };
  const inFlight = new ByteBudget(limits.maxInFlightBytes);
  const secret = options.env.WEBHOOK_SECRET ?? "";
  // Check runs created `queued` on arrival, handed to their jobs (shared through Redis with the queue).
  const announcements: Announcements = queue instanceof BullQueue ? queue.announcements() : new MemoryAnnouncements();
  const announcing = new Set<Promise<void>>();
  const graceTimers = new Set<NodeJS.Timeout>();
  const announceAfterMs = options.announceAfterMs ?? DEFAULT_ANNOUNCE_AFTER_MS;
  const requestTimeoutMs = Number(env.DJANGO_SEC_REQUEST_TIMEOUT_MS) || DEFAULT_REQUEST_TIMEOUT_MS;
  // The receiver's client of each installation, for announcing check runs: built once, not per delivery (building
  // Probot's client costs more than the request). Its token comes from Probot's token cache at each request.
  const announceClients = new Map<number, Promise<GitHubClient>>();
  const announceClient = (installationId: number): Promise<GitHubClient> => {
    const known = announceClients.get(installationId);
    if (known) return known;
    if (announceClients.size >= 1000) announceClients.delete(announceClients.keys().next().value!);
    const client = probot.auth(installationId).then((octokit) => withRequestTimeout(octokit as unknown as GitHubClient, requestTimeoutMs));
    client.catch(() => announceClients.delete(installationId));
    announceClients.set(installationId, client);
    return client;
  };

  const warnings: string[] = [];
  if (queue instanceof BullQueue) {
    const aof = await queue.appendOnly();
    if (aof === false) warnings.push(NO_PERSISTENCE_WARNING);
    if (aof === undefined) log.info("could not read Redis's appendonly setting (CONFIG GET refused): make sure it persists the queue");
  }
  for (const warning of warnings) log.warn(warning);

  if (role !== "receiver") {
    await queue.work({
      run: async (event, { retry }) => {
        // Before anything decides the job is obsolete: a run this job (or a lost one) left unfinished is closed.
        if (retry || event.sweep) {
          const closed = await closeInterruptedCheckRuns(probot, event.name, event.payload).catch((err: unknown) => {
            log.warn({ err, delivery: event.id }, "could not close interrupted check runs");
            return 0;
          });
          if (closed) log.info({ delivery: event.id, closed }, "closed check runs of an interrupted review");
        }
        // The check run announced when the delivery arrived, for the handler to take over (once per job).
        const key = jobIdentity(event).key;
        await jobScope.run({ announcedCheckRun: () => announcements.take(key) }, () =>
          probot.receive({ id: event.id, name: event.name, payload: event.payload } as Parameters<typeof probot.receive>[0]),
        );
      },
      failed: async (event, err) => log.error({ err, delivery: event.id, event: event.name }, "review job failed for good"),
    });
  }
  // A queue given by the caller keeps the slots it was made with (tests); CONCURRENCY fixes them.
  const governor: SlotGovernor | undefined = role !== "receiver" && !options.queue && options.concurrency === undefined ? governSlots(queue, { intervalMs: 1000 }) : undefined;

  const sweepSettings = role !== "receiver" && options.sweep ? options.sweep : undefined;
  const sweeper = sweepSettings
    ? new StuckRunSweeper(
        {
          appOctokit: async () => (await probot.auth()) as unknown as GitHubClient,
          installationOctokit: async (id) => (await probot.auth(id)) as unknown as GitHubClient,
          enqueue: (event) => queue.enqueue(event),
          log: log as unknown as ReviewLog,
        },
        sweepSettings,
      )
    : undefined;
  const interval = sweepSettings?.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  let sweeping: Promise<SweepReport | undefined> | undefined;
  const sweep = (): Promise<SweepReport | undefined> => {
    if (!sweeper) return Promise.resolve(undefined);
    sweeping ??= (async () => {
      // With several workers on one Redis, one of them sweeps per interval.
      if (queue instanceof BullQueue && !(await queue.claim("sweep", Math.max(1000, interval * 0.9)))) return undefined;
      return sweeper.sweep();
    })()
      .catch((err: unknown) => {
        log.warn({ err }, "sweep of stuck check runs failed");
        return undefined;
      })
      .finally(() => (sweeping = undefined));
    return sweeping;
  };
  const startupSweep = sweep();
  const timer = sweeper && interval > 0 ? setInterval(() => void sweep(), interval) : undefined;
  timer?.unref();

  let accepting = true;
  const server: Server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      log.error({ err }, "request handling failed");
      if (!res.headersSent) reply(res, 500, { message: "internal error" });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "").split("?", 1)[0];
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      return reply(res, accepting ? 200 : 503, { status: accepting ? "ok" : "shutting-down", role, queue: queue.kind });
    }
    if (path === webhookPath && role !== "worker") {
      if (req.method !== "POST") return reply(res, 405, { message: "use POST" });
      return receive(req, res);
    }
    for (const handler of extraHandlers) if (await handler(req, res)) return;
    reply(res, 404, { message: "Not Found" });
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!accepting) return reply(res, 503, { message: "shutting down" }, true);
    const name = header(req, "x-github-event");
    const id = header(req, "x-github-delivery");
    const signature = header(req, "x-hub-signature-256");
    if (!name || !id || !signature) {
      log.warn({ delivery: id, event: name }, "webhook rejected: missing GitHub headers");
      return reply(res, 400, { message: "x-github-event, x-github-delivery and x-hub-signature-256 are required" });
    }
    if (!wellFormedSignature(signature) || !secret) {
      log.warn({ delivery: id, event: name }, "webhook rejected: bad signature");
      return reply(res, 401, { message: "signature does not match" }, true);
    }
    const { result, release } = await readSignedBody(req, secret, signature, limits, inFlight);
    let payload: Record<string, unknown>;
    try {
      switch (result.kind) {
        case "too-large":
          log.warn({ delivery: id, event: name, limit: limits.maxBodyBytes }, "webhook rejected: body too large");
          return reply(res, 413, { message: "payload too large" }, true);
        case "busy":
          log.warn({ delivery: id, event: name, inFlightBytes: inFlight.inUse }, "webhook refused: too many request bodies being read at once");
          res.setHeader("retry-after", "5");
          return reply(res, 503, { message: "busy, retry later" }, true);
        case "timeout":
          log.warn({ delivery: id, event: name, timeoutMs: limits.bodyTimeoutMs }, "webhook rejected: body not received in time");
          return reply(res, 408, { message: "request body timeout" }, true);
        case "aborted":
          log.warn({ delivery: id, event: name }, "webhook dropped: the connection closed before the body was complete");
          return reply(res, 400, { message: "incomplete body" }, true);
        case "bad-signature":
          log.warn({ delivery: id, event: name }, "webhook rejected: bad signature");
          return reply(res, 401, { message: "signature does not match" });
      }
      const text = result.body.toString("utf8");
      if (jsonDeeperThan(text, limits.maxJsonDepth)) {
        log.warn({ delivery: id, event: name, maxDepth: limits.maxJsonDepth }, `webhook rejected: JSON nested deeper than ${limits.maxJsonDepth} levels`);
        return reply(res, 400, { message: `JSON nested deeper than ${limits.maxJsonDepth} levels` });
      }
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new TypeError("not an object");
        payload = parsed as Record<string, unknown>;
      } catch {
        log.warn({ delivery: id, event: name }, "webhook rejected: body is not a JSON object");
        return reply(res, 400, { message: "body must be a JSON object" });
      }
    } finally {
      release();
    }
    // The server began draining while this body was read: the queue no longer takes it.
    if (!accepting) return reply(res, 503, { message: "shutting down" });
    if (!QUEUED_EVENTS.has(name)) return reply(res, 200, { ignored: name });
    const event: QueuedEvent = { id, name, payload };
    const { jobId, added } = await queue.enqueue(event);
    log.info({ delivery: id, event: name, action: payload.action, jobId, duplicate: !added }, added ? "webhook queued" : "webhook already queued");
    reply(res, 202, { queued: added, duplicate: !added });
    if (added) announce(event);
  }

  /**
   * A pull request's push gets its `django-sec` check run at once, `queued`, under its installation's pacing:
   * a long queue (a burst from other organisations, one busy organisation's many pull requests) delays the
   * review, not the run the pull request shows. The job takes the run over when it starts; a job that started
   * first makes its own and no run is announced: the announcement waits `announceAfterMs` (1 s), so a queue
   * with free slots costs no extra write. Drafts get their run from the job (it ends at once).
   */
  function announce(event: QueuedEvent): void {
    const p = event.payload as { action?: unknown; pull_request?: { number?: unknown; draft?: unknown; head?: { sha?: unknown } }; repository?: { name?: unknown; owner?: { login?: unknown } }; installation?: { id?: unknown } };
    if (event.name !== "pull_request" || !ANNOUNCED_ACTIONS.has(String(p.action)) || p.pull_request?.draft) return;
    const [installationId, owner, repo, pullNumber, sha] = [p.installation?.id, p.repository?.owner?.login, p.repository?.name, p.pull_request?.number, p.pull_request?.head?.sha];
    if (typeof installationId !== "number" || typeof owner !== "string" || typeof repo !== "string" || typeof pullNumber !== "number" || typeof sha !== "string") return;
    const key = jobIdentity(event).key;
    const ref = { owner, repo };
    const timer = setTimeout(() => {
      graceTimers.delete(timer);
      const task: Promise<void> = (async () => {
        if (!(await announcements.claim(key))) return;
        let octokit: GitHubClient;
        let runId: number;
        try {
          octokit = await announceClient(installationId);
          runId = (await announceCheckRun(octokit, ref, sha, pullNumber)).id;
        } catch (err) {
          // The job creates its run when it starts.
          await announcements.release(key);
          log.warn({ err, delivery: event.id }, "queued check run not created; the review creates its run");
          return;
        }
        if (await announcements.record(key, runId)) return;
        // The claim lapsed and the job started with a run of its own: this one is not needed.
        await completeCheckRun(octokit, ref, runId, "neutral", renderNeutralOutput("Replaced", "This run was created when the push arrived; the review reports in another run on this commit."));
      })()
        .catch((err: unknown) => log.warn({ err, delivery: event.id }, "queued check run not recorded"))
        .finally(() => announcing.delete(task));
      announcing.add(task);
    }, announceAfterMs);
    graceTimers.add(timer);
  }

  // Node's own limits as a backstop to the body timeout above (they are checked only every 30 s).
  server.requestTimeout = limits.bodyTimeoutMs + 10_000;
  server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    webhookPath,
    queue,
    idle: () => queue.idle(),
    startupSweep,
    sweep,
    warnings,
    close: async () => {
      // While running reviews finish, the server keeps answering: `/healthz` and deliveries get 503, so a
      // load balancer sees the instance draining rather than a refused connection. Then it stops listening.
      accepting = false;
      if (timer) clearInterval(timer);
      governor?.stop();
      sweeper?.stop();
      // Deliveries not yet announced keep their job, which creates its run when it starts.
      for (const t of graceTimers) clearTimeout(t);
      graceTimers.clear();
      await Promise.allSettled([...announcing]);
      await sweeping;
      await queue.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await queue.close();
      await pacer?.close();
    },
  };
}

/** Per-installation pacing: in Redis when the deployment has one (every worker shares each installation's budget), else in this process. */
function defaultPacer(env: Record<string, string | undefined>, onFallback: (error: unknown) => void): InstallationPacer {
  if (!env.REDIS_URL) return new InstallationPacer(new MemoryPaceStore());
  return new InstallationPacer(new RedisPaceStore(env.REDIS_URL, { prefix: `${env.QUEUE_NAME || "django-sec-reviews"}:pace:`, onFallback }));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 && value.length < 512 ? value : undefined;
}

/** Answers with JSON; `close`: the request body was not read to its end, so the connection cannot be reused. */
function reply(res: ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...(close ? { connection: "close" } : {}) }).end(JSON.stringify(body));
}
