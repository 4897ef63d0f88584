import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createProbot, type ProbotOctokit } from "probot";
import app from "../index.js";
import { BullQueue } from "../queue/bullmq-queue.js";
import { closeInterruptedCheckRuns } from "./interrupted-runs.js";
import type { QueuedEvent } from "../queue/job-key.js";
import { MemoryQueue } from "../queue/memory-queue.js";
import type { ReviewQueue } from "../queue/review-queue.js";
import { ByteBudget, intakeLimitsFromEnv, jsonDeeperThan, readSignedBody, wellFormedSignature, type IntakeLimits } from "./webhook-intake.js";

export type ServerRole = "all" | "receiver" | "worker";

export interface AppServerOptions {
  /** Probot's environment variables (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, WEBHOOK_PATH) and REDIS_URL. */
  env: Record<string, string | undefined>;
  port?: number;
  host?: string;
  /** A different Octokit class (tests turn retries and throttling off). */
  Octokit?: typeof ProbotOctokit;
  /** `receiver` answers webhooks and enqueues; `worker` runs reviews; `all` does both (the default). */
  role?: ServerRole;
  /** The queue between the two roles; default: BullMQ when REDIS_URL is set, else in-process. */
  queue?: ReviewQueue;
  /** Jobs this process runs at once. */
  concurrency?: number;
  /** Limits on reading webhook bodies; default from DJANGO_SEC_WEBHOOK_MEMORY_MB, DJANGO_SEC_BODY_TIMEOUT_MS. */
  intake?: Partial<IntakeLimits>;
}

export interface RunningAppServer {
  /** `http://host:port` (workers serve only `/healthz`). */
  url: string;
  webhookPath: string;
  queue: ReviewQueue;
  /** Resolves when no job is waiting or running (tests, the demo). */
  idle(): Promise<void>;
  /** Stops taking deliveries and jobs, lets running reviews finish, closes the queue. */
  close(): Promise<void>;
}

const QUEUED_EVENTS = new Set(["pull_request", "check_run", "check_suite", "issue_comment"]);

/**
 * The app's HTTP server. Receivers verify each delivery's signature, put it on the queue and answer
 * 202 at once (GitHub wants an answer within 10 seconds); workers take deliveries off the queue and
 * run the Probot handlers on them. `/healthz` answers in both roles.
 */
export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const role = options.role ?? "all";
  const probot = createProbot({ env: options.env, overrides: options.Octokit ? { Octokit: options.Octokit } : {} });
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

  if (role !== "receiver") {
    await queue.work({
      run: async (event, { retry }) => {
        if (retry) {
          const closed = await closeInterruptedCheckRuns(probot, event.name, event.payload).catch((err: unknown) => {
            log.warn({ err, delivery: event.id }, "could not close interrupted check runs");
            return 0;
          });
          if (closed) log.info({ delivery: event.id, closed }, "closed check runs of an interrupted review");
        }
        await probot.receive({ id: event.id, name: event.name, payload: event.payload } as Parameters<typeof probot.receive>[0]);
      },
      failed: async (event, err) => log.error({ err, delivery: event.id, event: event.name }, "review job failed for good"),
      superseded: async (event) => log.info({ delivery: event.id, event: event.name }, "review job superseded by a newer push"),
    });
  }

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
    close: async () => {
      // While running reviews finish, the server keeps answering: `/healthz` and deliveries get 503, so a
      // load balancer sees the instance draining rather than a refused connection. Then it stops listening.
      accepting = false;
      await queue.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 && value.length < 512 ? value : undefined;
}

/** Answers with JSON; `close`: the request body was not read to its end, so the connection cannot be reused. */
function reply(res: ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...(close ? { connection: "close" } : {}) }).end(JSON.stringify(body));
}
