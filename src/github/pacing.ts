import { randomUUID } from "node:crypto";
import type { ProbotOctokit } from "probot";
import { DEFAULT_HOLD_MS, MemoryPaceStore, type Bucket, type PaceStore, type TakeRequest } from "./pace-store.js";
import { httpStatus, nativeJsonResponses, retryAfterMs, type GitHubClient } from "./octokit.js";

/**
 * GitHub's secondary rate limits apply to the identity making the requests; with installation tokens that
 * is each installation's bot, so every installation gets a budget of its own. Published limits
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits):
 * at most 100 concurrent requests; 900 points a minute on REST (GET/HEAD 1, POST/PATCH/PUT/DELETE 5) and
 * 2,000 on GraphQL (query 1, mutation 5); 80 content-creating requests a minute and 500 an hour. The best
 * practices add: "wait at least one second" between POST, PATCH, PUT or DELETE requests, and after a limit
 * answer, wait `retry-after` seconds, or until `x-ratelimit-reset` when `x-ratelimit-remaining` is 0.
 *
 * Each limit is a token bucket whose capacity plus one window's refill equals the limit, so no window of
 * that length ever holds more than the limit, whatever the timing. Concurrency needs no bucket: the queue
 * runs at most 2 reviews of an installation at once, each with at most 8 requests in flight.
 */
export interface PaceBudget {
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
  contentPerMinute: number;
  contentPerHour: number;
  writeSpacingMs: number;
}

export const GITHUB_SECONDARY_LIMITS: PaceBudget = {
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2000,
  contentPerMinute: 80,
  contentPerHour: 500,
  writeSpacingMs: 1000,
};

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A bucket that lets at most `limit` through in any `windowMs`: a third (a fifth per hour) as burst, the rest as refill. */
function bucketFor(limit: number, windowMs: number, burstShare: number): Bucket {
  const capacity = Math.floor(limit * burstShare);
  return { capacity, perMs: (limit - capacity) / windowMs };
}

export function bucketsFor(budget: PaceBudget): Bucket[] {
  return [
    bucketFor(budget.restPointsPerMinute, MINUTE, 1 / 3),
    bucketFor(budget.graphqlPointsPerMinute, MINUTE, 1 / 4),
    bucketFor(budget.contentPerMinute, MINUTE, 1 / 4),
    bucketFor(budget.contentPerHour, HOUR, 1 / 5),
  ];
}

export interface RequestCost {
  restPoints: number;
  graphqlPoints: number;
  /** Content-creating (and mutative: spaced `writeSpacingMs` apart). */
  write: boolean;
}

/**
 * What one request costs. Every REST write and every GraphQL mutation is counted as content-creating:
 * GitHub does not list which requests create content, and the app's writes (check runs, reviews,
 * comments, reactions, resolved threads) all show up on the pull request.
 */
export function requestCost(method: string, url: string, body?: unknown): RequestCost {
  const path = new URL(url, "https://api.github.com").pathname.replace(/^\/api\/v3(?=\/)/, "");
  const m = method.toUpperCase();
  if (path === "/graphql" || path === "/api/graphql") {
    const query = typeof body === "object" && body ? String((body as { query?: unknown }).query ?? "") : "";
    const mutation = /^\s*mutation\b/.test(query);
    return { restPoints: 0, graphqlPoints: mutation ? 5 : 1, write: mutation };
  }
  const read = m === "GET" || m === "HEAD" || m === "OPTIONS";
  return { restPoints: read ? 1 : 5, graphqlPoints: 0, write: !read };
}

export class PacingWaitTooLong extends Error {
  override name = "PacingWaitTooLong";
  constructor(readonly waitMs: number) {
    super(`GitHub's rate limit for this installation allows the next request in ${Math.ceil(waitMs / 1000)} s, longer than a review waits`);
  }
}

export interface PacerOptions {
  budget?: PaceBudget;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A request that would wait longer than this fails at once (default 120 s): the job retries later. */
  maxWaitMs?: number;
  /** Added to each wait so waiters of one installation do not all ask again at the same moment (default up to 25 ms). */
  jitter?: () => number;
  /** How long a write's turn lasts at most when it is never ended (a worker died mid-write; default 60 s). */
  writeHoldMs?: number;
}

/** A write's turn: the installation's other writes wait until it ends, then the write spacing. */
export interface WriteTurn {
  /**
   * Ends the turn: when the write was sent (default), the next write of the installation goes no sooner than
   * the write spacing from now; when it was not, no sooner than the spacing from when the turn began.
   */
  end(sent?: boolean): Promise<void>;
}

/** One limiter per installation id, over a store shared by every client of that installation (and, in Redis, every worker). */
export class InstallationPacer {
  readonly budget: PaceBudget;
  private readonly buckets: Bucket[];
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly jitter: () => number;
  private readonly writeHoldMs: number;

  constructor(
    readonly store: PaceStore = new MemoryPaceStore(),
    options: PacerOptions = {},
  ) {
    this.budget = options.budget ?? GITHUB_SECONDARY_LIMITS;
    this.buckets = bucketsFor(this.budget);
    this.clock = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.jitter = options.jitter ?? (() => Math.floor(Math.random() * 25));
    this.writeHoldMs = options.writeHoldMs ?? DEFAULT_HOLD_MS;
  }

  /** Resolves when a request of this cost may go for this installation (having taken its cost). */
  async acquire(installationId: number | string, cost: RequestCost): Promise<void> {
    await this.take(installationId, cost);
  }

  /**
   * Resolves when a write of this cost may go for this installation, with the installation's write turn: no
   * other write of the installation (in any worker sharing the store) goes until the turn ends and the write
   * spacing has passed. End it once the write's answer has arrived (or once it is known it will not be sent).
   */
  async acquireWriteTurn(installationId: number | string, cost: RequestCost): Promise<WriteTurn> {
    const holder = randomUUID();
    await this.take(installationId, { ...cost, write: true }, holder);
    let ended = false;
    return {
      end: async (sent = true) => {
        if (ended) return;
        ended = true;
        await this.store.endTurn(String(installationId), holder, sent ? this.clock() + this.budget.writeSpacingMs : 0);
      },
    };
  }

  private async take(installationId: number | string, cost: RequestCost, holder?: string): Promise<void> {
    const request: TakeRequest = {
      buckets: this.buckets,
      cost: [cost.restPoints, cost.graphqlPoints, cost.write ? 1 : 0, cost.write ? 1 : 0],
      write: cost.write,
      spacingMs: this.budget.writeSpacingMs,
      ...(holder ? { holder, holdMs: this.writeHoldMs } : {}),
    };
    let waited = 0;
    for (;;) {
      const wait = await this.store.take(String(installationId), request, this.clock());
      if (wait <= 0) return;
      if (waited + wait > this.maxWaitMs) throw new PacingWaitTooLong(wait);
      const pause = wait + this.jitter();
      waited += pause;
      await this.sleep(pause);
    }
  }

  /** The pacer's clock (epoch ms). */
  now(): number {
    return this.clock();
  }

  /** Holds every request of this installation until `until` (epoch ms). */
  block(installationId: number | string, until: number): Promise<void> {
    return this.store.block(String(installationId), until);
  }

  /** Waits `ms` on the pacer's clock (a retry's backoff). */
  pause(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Request option: called after the limiter lets a request through, just before it is sent; throwing cancels it. */
export interface GatedRequest {
  beforeSend?: () => Promise<void>;
}

interface PacingOptions {
  pacer?: InstallationPacer;
  auth?: { installationId?: number | string };
  /** Octokit's retry plugin options, followed here instead (see `pacing`). */
  retry?: { enabled?: boolean; retries?: number; retryAfterBaseValue?: number; doNotRetry?: number[] };
  /** Set by `pacedOctokit({ ownRetries })`, which turns the plugin off: whether requests are repeated here. */
  pacedRetry?: boolean;
}

const paced = new WeakSet<object>();

/**
 * The Octokit plugin: every request of an installation's client waits for that installation's limiter,
 * then runs its `beforeSend` gate, then goes. A write holds the installation's write turn from when the
 * limiter lets it through until its answer has arrived, so its gate (the review's head check) runs inside the
 * turn with nothing between the gate's answer and the write leaving, and the next write of the installation,
 * in any worker, reaches GitHub at least the write spacing after this one, however late a busy event loop
 * sent it. Answers feed the limiter: a secondary limit's `retry-after` (or GitHub's advice of a minute
 * without one) and a spent primary quota (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`) hold all of
 * that installation's requests, in every worker sharing the store. Waiting out and repeating the refused
 * request stays with `withSecondaryRateLimitWait` (it asks the limiter again, after this turn has ended).
 * Octokit's retry plugin would repeat a failed attempt (5xx, timeout) inside this hook, past the limiter and the
 * gate (a review could go out after a push its head check would have seen, and a write inside the turn of
 * the attempt that failed). It repeats nothing on paced clients: every request that failed is repeated here,
 * with the plugin's settings and backoff (1, 4, 9 s), each attempt taking its turn from the limiter and running
 * its gate again. A gate must not itself write for the same installation: it would wait for its own turn.
 */
export function pacing(octokit: { hook: GitHubClient["hook"]; auth?: unknown }, options: PacingOptions): Record<string, never> {
  const pacer = options.pacer;
  const installationId = options.auth?.installationId;
  if (!pacer) return {};
  if (installationId !== undefined) paced.add(octokit);
  const retry = { ...options.retry, enabled: options.pacedRetry ?? options.retry?.enabled };
  octokit.hook.wrap("request", async (request, opts) => {
    // The token exchange (and other app-authenticated requests) are not the installation's to pace.
    const unpaced = installationId === undefined || /^\/app(\/|$)|\/access_tokens$/.test(String(opts.url));
    // The installation token first (cached for an hour), so a granted request is not held up by it.
    if (!unpaced) await (octokit as { auth?: (o: object) => Promise<unknown> }).auth?.({ type: "installation" }).catch(() => undefined);
    // GraphQL requests carry their `query` among the options.
    const cost = requestCost(opts.method, opts.url, opts);
    const gate = (opts.request as GatedRequest | undefined)?.beforeSend;
    // Every attempt goes through the limiter and, for a gated request, its gate: a push during a backoff stops it.
    const retries = retry.enabled !== false ? ((opts.request as { retries?: number }).retries ?? retry.retries ?? 3) : 0;
    // Every hook gets the same options object (before-after-hook binds it): the retry plugin, inside this hook,
    // reads this `retries` and repeats nothing. `opts.request` is the client's own defaults object whenever the
    // caller passes no `request` option, shared by all its requests: it is replaced, never changed, or every
    // later request of the client would read `retries: 0` here and go without retries.
    if (retries > 0) opts.request = { ...opts.request, retries: 0 } as typeof opts.request;
    for (let attempt = 0; ; attempt++) {
      try {
        if (unpaced) {
          await gate?.();
          return await request(opts);
        }
        return await attemptOnce(async () => request(opts), cost, gate);
      } catch (error) {
        if (attempt >= retries || !retryable(error, retry.doNotRetry ?? NOT_RETRIED_INSIDE_THE_LIMITER)) throw error;
        await pacer.pause((attempt + 1) ** 2 * (retry.retryAfterBaseValue ?? 1000));
      }
    }
  });

  async function attemptOnce<T extends { headers: unknown }>(send: () => Promise<T>, cost: RequestCost, gate: (() => Promise<void>) | undefined): Promise<T> {
    let turn: WriteTurn | undefined;
    if (cost.write) turn = await pacer!.acquireWriteTurn(installationId!, cost);
    else await pacer!.acquire(installationId!, cost);
    let sent = false;
    try {
      await gate?.();
      sent = true;
      const response = await send();
      const hold = holdFrom(response.headers as Record<string, string | undefined>, undefined, pacer!.now());
      if (hold) await pacer!.block(installationId!, hold);
      return response;
    } catch (error) {
      const status = httpStatus(error);
      if (status === 403 || status === 429) {
        const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
        const hold = holdFrom(headers, String((error as Error).message), pacer!.now());
        if (hold) await pacer!.block(installationId!, hold).catch(() => undefined);
      }
      throw error;
    } finally {
      // The answer is in: the next write of the installation waits the spacing from now (from the grant, when
      // the gate stopped this one).
      await turn?.end(sent).catch(() => undefined);
    }
  }
  return {};
}

/** What Octokit's retry plugin would repeat: an HTTP error (a failed connection or a timeout counts as 500) not in `doNotRetry`. */
function retryable(error: unknown, doNotRetry: number[]): boolean {
  const status = httpStatus(error);
  return status !== undefined && (error as { request?: unknown }).request !== undefined && status >= 400 && !doNotRetry.includes(status);
}

/** Until when GitHub's answer says to hold an installation's requests (epoch ms), if it does. */
export function holdFrom(headers: Record<string, string | undefined>, errorMessage: string | undefined, now = Date.now()): number | undefined {
  if (headers["x-ratelimit-remaining"] === "0" && headers["x-ratelimit-reset"]) {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    if (Number.isFinite(reset) && reset > now) return reset + 1000;
  }
  if (errorMessage === undefined) return undefined;
  const after = retryAfterMs(headers["retry-after"], now);
  if (after !== undefined) return now + after;
  if (/\bsecondary rate\b/i.test(errorMessage)) return now + 60_000;
  return undefined;
}

/** The answers Octokit's retry plugin does not repeat by default (@octokit/plugin-retry), and 429. */
const NOT_RETRIED_INSIDE_THE_LIMITER = [400, 401, 403, 404, 410, 422, 451, 429];

/**
 * An Octokit class whose installation clients are paced by `pacer`, with Octokit's own throttling off:
 * it shares one limiter ("no-id") across every installation of a process, or of a whole fleet through
 * Redis, and its clustered mode does not survive a Redis restart. Octokit's retry plugin runs inside the
 * limiter and would repeat a 429 after 1, 4 and 9 s whatever its `retry-after`: here a 429 comes out, holds
 * the installation, and `withSecondaryRateLimitWait` repeats it through the limiter.
 */
export function pacedOctokit(Base: typeof ProbotOctokit, pacer: InstallationPacer, options: { ownRetries?: boolean } = {}): typeof ProbotOctokit {
  // Successful JSON answers are parsed by JSON.parse, not Octokit's BigInt-aware parser (see nativeJsonResponses).
  return Base.plugin(pacing as never, nativeJsonResponses as never).defaults((given: Record<string, any>) => ({
    ...given,
    auth: onBaseUrl(given.auth, given.baseUrl),
    pacer,
    throttle: { ...given.throttle, enabled: false },
    // `ownRetries`: the retry plugin is off altogether (it builds a Bottleneck limiter and waits two timer ticks
    // for every request); the pacing hook repeats failed requests with its settings. Only for a `Base` whose own
    // defaults leave `retry.enabled` alone (ProbotOctokit's do), so that the setting given here is the one used.
    ...(options.ownRetries ? { pacedRetry: given.retry?.enabled !== false } : {}),
    retry: { ...given.retry, doNotRetry: given.retry?.doNotRetry ?? NOT_RETRIED_INSIDE_THE_LIMITER, ...(options.ownRetries ? { enabled: false } : {}) },
  })) as typeof ProbotOctokit;
}

/**
 * The app authentication's own `request` on the client's `baseUrl`. Probot hands @octokit/auth-app a bare
 * `@octokit/request`, whose base is api.github.com: an installation token asked for outside a request (the
 * pacing hook fetches it before the installation's turn) went to github.com whatever the server, so on GitHub
 * Enterprise Server every installation's first request waited for a connection to github.com to fail (10 s
 * where it is firewalled) and sent the app's signed JWT there. Tokens fetched inside a request already use the
 * request's base URL.
 */
function onBaseUrl(auth: unknown, baseUrl: unknown): unknown {
  const request = (auth as { request?: { defaults?: (o: object) => unknown; endpoint?: { DEFAULTS?: { baseUrl?: string } } } } | undefined)?.request;
  if (typeof baseUrl !== "string" || !request?.defaults || request.endpoint?.DEFAULTS?.baseUrl === baseUrl) return auth;
  return { ...(auth as object), request: request.defaults({ baseUrl }) };
}

const gated = new WeakSet<object>();

/**
 * For clients without the pacing plugin (tests, other callers): runs the `beforeSend` gate right before the
 * request. On a paced client the plugin runs it after the limiter instead, so this does nothing there.
 */
export function withSendGate<T extends GitHubClient>(octokit: T): T {
  if (paced.has(octokit) || gated.has(octokit)) return octokit;
  gated.add(octokit);
  octokit.hook.before("request", async (opts) => {
    await (opts.request as GatedRequest | undefined)?.beforeSend?.();
  });
  return octokit;
}
