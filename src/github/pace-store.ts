import { Redis } from "ioredis";

/**
 * Token buckets, a spacing between writes, the write in flight and a "blocked until" time, per key (an
 * installation). One decision is atomic: it refills the buckets for the time elapsed, then either takes the
 * request's cost and answers 0, or takes nothing and answers how long to wait before asking again. The same
 * algorithm runs in this process (`MemoryPaceStore`) or inside Redis as one Lua script (`RedisPaceStore`), so
 * several worker processes share one installation's budget.
 *
 * A write may take the installation's write turn (`holder`): no other write of that key is let through until
 * the holder ends it (`endTurn`, when its answer has arrived) or `holdMs` passes (a worker that died mid-write),
 * and the spacing then counts from the end. A write's answer arrives after GitHub received it, so the next
 * write reaches GitHub at least `spacingMs` after it, however late a busy process sent either of them.
 */
export interface Bucket {
  /** Tokens it holds when full: the most a burst can take at once. */
  capacity: number;
  /** Tokens added per millisecond. */
  perMs: number;
}

export interface TakeRequest {
  buckets: readonly Bucket[];
  /** Tokens taken from each bucket (same order). */
  cost: readonly number[];
  /** A write: at least `spacingMs` after the previous write of the same key starts (or ends its turn). */
  write: boolean;
  spacingMs: number;
  /** A write that takes the key's write turn: its id, unique to this one request. */
  holder?: string;
  /** How long a turn lasts when its holder never ends it (default 60 s). */
  holdMs?: number;
}

export const DEFAULT_HOLD_MS = 60_000;

export interface PaceStore {
  /** 0 when the request may go now (its cost is taken), else milliseconds to wait before asking again. */
  take(key: string, request: TakeRequest, now: number): Promise<number>;
  /** No request of `key` goes before `until` (GitHub said `retry-after`, or the hour's quota is spent). */
  block(key: string, until: number): Promise<void>;
  /** `holder`'s write turn is over (if it still has it): the next write of `key` goes no sooner than `until`. */
  endTurn(key: string, holder: string, until: number): Promise<void>;
  close(): Promise<void>;
}

export interface PaceState {
  at: number;
  nextWrite: number;
  blockedUntil: number;
  tokens: number[];
  /** The write holding the turn, and until when at most (0: none). */
  holder?: string;
  heldUntil?: number;
}

/** The decision itself, pure: the state after it and the wait (0: taken). The Lua script below is its twin. */
export function decide(state: PaceState | undefined, request: TakeRequest, now: number): { wait: number; state: PaceState } {
  const at = state ? Math.max(state.at, now) : now;
  const elapsed = state ? Math.max(0, now - state.at) : 0;
  const blockedUntil = state?.blockedUntil ?? 0;
  let nextWrite = state?.nextWrite ?? 0;
  let holder = state?.holder ?? "";
  let heldUntil = state?.heldUntil ?? 0;
  let wait = Math.max(0, blockedUntil - now);
  if (request.write) wait = Math.max(wait, nextWrite - now);
  // While another write holds the turn, ask again after one spacing: the turn's end plus the spacing is no sooner.
  if (request.write && heldUntil > now) wait = Math.max(wait, Math.min(heldUntil - now, request.spacingMs));
  const tokens = request.buckets.map((b, i) => {
    const t = Math.min(b.capacity, (state?.tokens[i] ?? b.capacity) + elapsed * b.perMs);
    const cost = request.cost[i] ?? 0;
    if (cost > 0 && t < cost) wait = Math.max(wait, Math.ceil((cost - t) / b.perMs));
    return t;
  });
  if (wait === 0) {
    request.buckets.forEach((_, i) => (tokens[i] -= request.cost[i] ?? 0));
    if (request.write) nextWrite = now + request.spacingMs;
    if (request.write && request.holder) {
      holder = request.holder;
      heldUntil = now + (request.holdMs ?? DEFAULT_HOLD_MS);
    }
  }
  return { wait, state: { at, nextWrite, blockedUntil, tokens, holder, heldUntil } };
}

/** The state after `holder` ends its turn at `until` (pure; the Lua script END_TURN is its twin). */
export function endTurnOf(state: PaceState | undefined, holder: string, until: number): PaceState {
  const out: PaceState = state ? { ...state } : { at: 0, nextWrite: 0, blockedUntil: 0, tokens: [] };
  if (out.holder === holder) {
    out.holder = "";
    out.heldUntil = 0;
  }
  out.nextWrite = Math.max(out.nextWrite, until);
  return out;
}

/** A process's own pacing state; also what a Redis store falls back to while Redis cannot answer. */
export class MemoryPaceStore implements PaceStore {
  private readonly states = new Map<string, PaceState>();

  async take(key: string, request: TakeRequest, now: number): Promise<number> {
    const { wait, state } = decide(this.states.get(key), request, now);
    this.states.set(key, state);
    // Long-idle keys are full buckets again: forget them rather than grow without bound.
    if (this.states.size > 10_000) for (const [k, s] of this.states) if (now - s.at > 3_600_000 && s.blockedUntil < now && (s.heldUntil ?? 0) < now) this.states.delete(k);
    return wait;
  }

  async block(key: string, until: number): Promise<void> {
    const state = this.states.get(key);
    if (state) state.blockedUntil = Math.max(state.blockedUntil, until);
    else this.states.set(key, { at: 0, nextWrite: 0, blockedUntil: until, tokens: [] });
  }

  async endTurn(key: string, holder: string, until: number): Promise<void> {
    this.states.set(key, endTurnOf(this.states.get(key), holder, until));
  }

  async close(): Promise<void> {}
}

// KEYS[1] the key's hash. ARGV: now, spacing ms, ttl ms, write (1/0), bucket count, holder ('' for none),
// hold ms, then per bucket: capacity, tokens per ms, cost. Numbers are written with 17 significant digits so
// no token is lost.
const TAKE = `
local now = tonumber(ARGV[1])
local spacing = tonumber(ARGV[2])
local write = ARGV[4] == '1'
local n = tonumber(ARGV[5])
local holder = ARGV[6]
local holdMs = tonumber(ARGV[7])
local fields = {'at', 'nw', 'bl', 'ho', 'hu'}
for i = 1, n do fields[#fields + 1] = 't' .. i end
local v = redis.call('HMGET', KEYS[1], unpack(fields))
local known = v[1] ~= false
local at = tonumber(v[1]) or now
local nw = tonumber(v[2]) or 0
local bl = tonumber(v[3]) or 0
local ho = v[4] or ''
local hu = tonumber(v[5]) or 0
local elapsed = 0
if known then elapsed = math.max(0, now - at) end
local wait = 0
if bl > now then wait = bl - now end
if write and nw - now > wait then wait = nw - now end
if write and hu > now and math.min(hu - now, spacing) > wait then wait = math.min(hu - now, spacing) end
local tokens = {}
for i = 1, n do
  local base = 7 + (i - 1) * 3
  local cap = tonumber(ARGV[base + 1])
  local rate = tonumber(ARGV[base + 2])
  local cost = tonumber(ARGV[base + 3])
  local t = tonumber(v[5 + i]) or cap
  t = math.min(cap, t + elapsed * rate)
  tokens[i] = t
  if cost > 0 and t < cost then
    local need = math.ceil((cost - t) / rate)
    if need > wait then wait = need end
  end
end
if wait == 0 then
  for i = 1, n do tokens[i] = tokens[i] - tonumber(ARGV[7 + (i - 1) * 3 + 3]) end
  if write then nw = now + spacing end
  if write and holder ~= '' then
    ho = holder
    hu = now + holdMs
  end
end
local out = {'at', string.format('%.17g', math.max(at, now)), 'nw', string.format('%.17g', nw), 'bl', string.format('%.17g', bl), 'ho', ho, 'hu', string.format('%.17g', hu)}
for i = 1, n do
  out[#out + 1] = 't' .. i
  out[#out + 1] = string.format('%.17g', tokens[i])
end
redis.call('HSET', KEYS[1], unpack(out))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return wait`;

// KEYS[1] the key's hash. ARGV: until, ttl ms, field ('bl': every request).
const BLOCK = `
local bl = tonumber(redis.call('HGET', KEYS[1], ARGV[3])) or 0
if tonumber(ARGV[1]) > bl then redis.call('HSET', KEYS[1], ARGV[3], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

// KEYS[1] the key's hash. ARGV: holder, until, ttl ms. Ends the holder's turn (if it still has it); no write before until.
const END_TURN = `
if redis.call('HGET', KEYS[1], 'ho') == ARGV[1] then redis.call('HSET', KEYS[1], 'ho', '', 'hu', '0') end
local nw = tonumber(redis.call('HGET', KEYS[1], 'nw')) or 0
if tonumber(ARGV[2]) > nw then redis.call('HSET', KEYS[1], 'nw', ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`;

type PacedRedis = Redis & {
  paceTake(key: string, ...args: (string | number)[]): Promise<number>;
  paceBlock(key: string, until: number, ttl: number, field: "bl"): Promise<number>;
  paceEndTurn(key: string, holder: string, until: number, ttl: number): Promise<number>;
};

export interface RedisPaceStoreOptions {
  /** Prefix of the keys (one hash per installation). */
  prefix: string;
  /** How long a decision may wait for Redis before this process decides alone (default 2 s). */
  timeoutMs?: number;
  /** Told once per outage that Redis did not answer and the local store decides meanwhile. */
  onFallback?(error: unknown): void;
}

/**
 * Pacing state in Redis: every worker process of a deployment takes from the same buckets of an
 * installation, and different installations never share one. Nothing depends on Redis keeping its data:
 * after a restart that lost it (no persistence) the buckets start full again, and with persistence they
 * carry on. While Redis does not answer (restarting, unreachable) each decision waits at most `timeoutMs`,
 * then this process decides alone from its own copy of the algorithm, so a review never fails or hangs
 * for the limiter's sake; ioredis reconnects by itself and reloads the script if the new server lacks it.
 */
export class RedisPaceStore implements PaceStore {
  private readonly redis: PacedRedis;
  private readonly local = new MemoryPaceStore();
  private readonly timeoutMs: number;
  private outage = false;

  constructor(
    redisUrl: string,
    private readonly options: RedisPaceStoreOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(50 * times, 500),
      connectTimeout: 2000,
    }) as PacedRedis;
    this.redis.on("error", () => undefined);
    this.redis.defineCommand("paceTake", { numberOfKeys: 1, lua: TAKE });
    this.redis.defineCommand("paceBlock", { numberOfKeys: 1, lua: BLOCK });
    this.redis.defineCommand("paceEndTurn", { numberOfKeys: 1, lua: END_TURN });
  }

  async take(key: string, request: TakeRequest, now: number): Promise<number> {
    const args: (string | number)[] = [now, request.spacingMs, ttlFor(request), request.write ? 1 : 0, request.buckets.length, request.holder ?? "", request.holdMs ?? DEFAULT_HOLD_MS];
    request.buckets.forEach((b, i) => args.push(b.capacity, b.perMs, request.cost[i] ?? 0));
    try {
      const wait = await this.withTimeout(this.redis.paceTake(this.options.prefix + key, ...args));
      this.outage = false;
      return Number(wait);
    } catch (error) {
      this.fallback(error);
      return this.local.take(key, request, now);
    }
  }

  async block(key: string, until: number): Promise<void> {
    await this.local.block(key, until);
    await this.remote(this.redis.paceBlock(this.options.prefix + key, until, Math.max(60_000, until - Date.now() + 60_000), "bl"));
  }

  async endTurn(key: string, holder: string, until: number): Promise<void> {
    // The turn may have been taken here while Redis did not answer: it ends in both.
    await this.local.endTurn(key, holder, until);
    await this.remote(this.redis.paceEndTurn(this.options.prefix + key, holder, until, Math.max(60_000, until - Date.now() + 60_000)));
  }

  private async remote(work: Promise<unknown>): Promise<void> {
    try {
      await this.withTimeout(work);
      this.outage = false;
    } catch (error) {
      this.fallback(error);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private fallback(error: unknown): void {
    if (this.outage) return;
    this.outage = true;
    this.options.onFallback?.(error);
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

/** A key lives as long as its slowest bucket takes to fill up again: after that it is a fresh key. */
function ttlFor(request: TakeRequest): number {
  const fill = Math.max(request.spacingMs, request.holder ? (request.holdMs ?? DEFAULT_HOLD_MS) : 0, ...request.buckets.map((b) => b.capacity / b.perMs));
  return Math.ceil(fill) + 60_000;
}
