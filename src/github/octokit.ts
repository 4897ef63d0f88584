import type { ProbotOctokit } from "probot";

/** The installation-authenticated client the handlers get from Probot (`context.octokit`). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** The slice of Probot's pino logger the review uses, so callers outside a webhook can pass their own. */
export interface ReviewLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  child(bindings: Record<string, unknown>): ReviewLog;
}

/** The HTTP status of an Octokit request error, if it is one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** How long one request to GitHub may take before it is abandoned (and retried like a 5xx). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

type Fetch = typeof globalThis.fetch;
const timed = new WeakSet<object>();

/**
 * Gives every request of this client a time limit. Octokit waits forever by default, so one GitHub
 * call that never answers would leave the check run `in_progress`. The limit is set on each attempt's
 * `fetch`, below the retry plugin: a timed-out attempt fails like a 5xx and is retried with backoff.
 */
export function withRequestTimeout<T extends GitHubClient>(octokit: T, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): T {
  if (timed.has(octokit)) return octokit;
  timed.add(octokit);
  octokit.hook.before("request", (options) => {
    const request = (options.request ??= {}) as { fetch?: Fetch & { timed?: true } };
    if (request.fetch?.timed) return;
    const inner: Fetch = request.fetch ?? globalThis.fetch;
    const fetchWithTimeout = ((input: Parameters<Fetch>[0], init: RequestInit = {}) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      return inner(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
    }) as Fetch & { timed?: true };
    fetchWithTimeout.timed = true;
    request.fetch = fetchWithTimeout;
  });
  return octokit;
}

const refreshing = new WeakSet<object>();

interface InstallationAuthState {
  installationId?: number;
  cache?: { delete?(key: string): unknown };
}

/**
 * Drops an installation token GitHub stopped accepting (401) from the token cache and repeats the
 * request once with a new one. Tokens are cached for almost an hour, so a review that starts near the
 * end of a token's life would otherwise fail halfway and could not even complete its check run.
 * (`auth({ refresh: true })` is not used: it asks api.github.com even on GitHub Enterprise Server.
 * The cache key is `@octokit/auth-app`'s for a token of the whole installation: its id.)
 */
export function withTokenRefresh<T extends GitHubClient>(octokit: T): T {
  if (refreshing.has(octokit)) return octokit;
  refreshing.add(octokit);
  octokit.hook.error("request", async (error, options) => {
    const request = (options.request ?? {}) as { tokenRefreshed?: boolean };
    if (httpStatus(error) !== 401 || request.tokenRefreshed) throw error;
    const state = (await octokit.auth({ type: "installation", factory: (s: InstallationAuthState) => s }).catch(() => undefined)) as InstallationAuthState | undefined;
    if (!state?.installationId || typeof state.cache?.delete !== "function") throw error;
    await state.cache.delete(String(state.installationId));
    return octokit.request({ ...options, request: { ...options.request, tokenRefreshed: true } } as never);
  });
  return octokit;
}

const waiting = new WeakSet<object>();
/** GitHub's advice when a secondary rate limit comes without `retry-after`: wait at least a minute. */
const SECONDARY_LIMIT_DEFAULT_WAIT_MS = 60_000;

/**
 * Waits out a secondary rate limit (403 or 429 saying so) for `retry-after` seconds, then repeats the
 * request, at most twice. Probot's client only logs these, so without this a review GitHub slowed down
 * would lose its inline comments. A wait longer than `maxWaitMs` gives up at once (the error stands).
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
export function withSecondaryRateLimitWait<T extends GitHubClient>(octokit: T, maxWaitMs = 120_000): T {
  if (waiting.has(octokit)) return octokit;
  waiting.add(octokit);
  octokit.hook.error("request", async (error, options) => {
    const status = httpStatus(error);
    const request = (options.request ?? {}) as { secondaryLimitRetries?: number };
    const retries = request.secondaryLimitRetries ?? 0;
    if ((status !== 403 && status !== 429) || retries >= 2) throw error;
    const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
    if (headers["x-ratelimit-remaining"] === "0" || !/\bsecondary rate\b/i.test(String((error as Error).message))) throw error;
    const waitMs = retryAfterMs(headers["retry-after"]) ?? SECONDARY_LIMIT_DEFAULT_WAIT_MS;
    if (waitMs > maxWaitMs) throw error;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return octokit.request({ ...options, request: { ...options.request, secondaryLimitRetries: retries + 1 } } as never);
  });
  return octokit;
}

/** `retry-after` in milliseconds: seconds, or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const scrubbing = new WeakSet<object>();

/**
 * Leaves the request body out of errors from this client. Octokit keeps it on `error.request.body`,
 * and Probot logs errors whole, so a refused review would put its comments (quoting the reviewed
 * code) and a refused check run its summary in the logs. Method, URL and status stay.
 * Install last: it must see errors after the hooks that retry.
 */
export function withoutRequestBodies<T extends GitHubClient>(octokit: T): T {
  if (scrubbing.has(octokit)) return octokit;
  scrubbing.add(octokit);
  octokit.hook.error("request", (error) => {
    const request = (error as { request?: { body?: unknown } } | null)?.request;
    if (request && request.body !== undefined) request.body = "[omitted]";
    throw error;
  });
  return octokit;
}

/**
 * The Octokit plugin that parses successful JSON answers with the platform's `JSON.parse`. Octokit's own
 * parser (json-with-bigint, so that integers past 2^53 come back as BigInt) first rewrites the whole text with
 * a regular expression over every string and number, then parses it with a reviver: on Node 20 it costs a
 * worker several times what JSON.parse does, on every file read and listing. No id, count or size this app
 * reads from GitHub comes near 2^53, and the code compares them with numbers (a BigInt would never be equal).
 * Everything else stays Octokit's: error answers (parsed by Octokit for its error message), non-JSON answers
 * (text or bytes, chosen as Octokit chooses them), and requests that ask for the raw body themselves.
 */
export function nativeJsonResponses(octokit: { hook: GitHubClient["hook"] }): Record<string, never> {
  octokit.hook.wrap("request", async (request, options) => {
    // Asked for the body stream by the caller: theirs to read.
    if ((options.request as { parseSuccessResponseBody?: boolean } | undefined)?.parseSuccessResponseBody === false) return request(options);
    // Replaced, not changed: without a `request` option of the caller's, it is the client's defaults object, shared by all its requests.
    options.request = { ...options.request, parseSuccessResponseBody: false } as typeof options.request;
    const response = await request(options);
    const body = response.data as unknown;
    if (!(body instanceof ReadableStream)) return response;
    response.data = await responseData(body, response.headers["content-type"]);
    return response;
  });
  return {};
}

/** What Octokit's `getResponseData` gives for a body of this content type, with JSON parsed by JSON.parse. */
async function responseData(body: ReadableStream, contentType: string | undefined): Promise<unknown> {
  const read = new Response(body);
  if (!contentType) return read.text().catch(() => "");
  const type = contentType.split(";", 1)[0].trim().toLowerCase();
  if (type === "application/json" || type === "application/scim+json") {
    let text = "";
    try {
      text = await read.text();
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
  if (type.startsWith("text/") || (charset === "utf-8" && type !== "application/octet-stream")) return read.text().catch(() => "");
  return read.arrayBuffer().catch(() => new ArrayBuffer(0));
}
