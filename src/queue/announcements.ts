import { AsyncLocalStorage } from "node:async_hooks";
import type { Redis } from "ioredis";

/**
 * Check runs announced when a delivery arrives, handed to the job that reviews it. The receiver creates the
 * job's check run `queued` right away (under the installation's pacing), so every installation sees its run
 * within seconds of a push, however long the queue is; the job later takes that run over (`in_progress`, then
 * `completed`) instead of creating its own. Exactly one run per job: whoever comes first decides.
 *
 * - The receiver `claim`s the job's key (an announcement is under way), creates the run, and `record`s its id;
 *   when the run could not be created it `release`s the claim.
 * - The job `take`s the key when it starts: an id recorded for it (once: a retry makes its own run, the first
 *   attempt's being closed as interrupted), or undefined when no announcement was made (the job creates its run).
 *   While an announcement is under way it waits for it, at most until the claim lapses. Taking marks the key,
 *   so an announcement that comes after the job started is not made.
 */
export interface Announcements {
  claim(key: string): Promise<boolean>;
  /** False when the claim had lapsed and the job took the key meanwhile (the announced run is then not the job's). */
  record(key: string, checkRunId: number): Promise<boolean>;
  release(key: string): Promise<void>;
  take(key: string): Promise<number | undefined>;
}

/** How long an announcement may be under way (the pacer gives up on a request after 120 s). */
export const CLAIM_MS = 130_000;
/** How long an announced run's id is kept for its job (a backlog can be long). */
export const RECORD_MS = 24 * 3600_000;
const POLL_MS = 100;

type Slot = { state: "pending"; until: number; waiters: (() => void)[] } | { state: "taken"; until: number } | { state: "run"; id: number; until: number };

/** In this process (the in-process queue). */
export class MemoryAnnouncements implements Announcements {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly now: () => number = Date.now) {}

  private get(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot && slot.until <= this.now()) {
      this.slots.delete(key);
      if (slot.state === "pending") slot.waiters.forEach((w) => w());
      return undefined;
    }
    return slot;
  }

  private set(key: string, slot: Slot): void {
    const old = this.slots.get(key);
    this.slots.delete(key);
    this.slots.set(key, slot);
    if (old?.state === "pending") old.waiters.forEach((w) => w());
    // Oldest first: forget lapsed entries.
    for (const [k, s] of this.slots) {
      if (s.until > this.now() && this.slots.size <= 100_000) break;
      this.slots.delete(k);
    }
  }

  async claim(key: string): Promise<boolean> {
    if (this.get(key)) return false;
    this.set(key, { state: "pending", until: this.now() + CLAIM_MS, waiters: [] });
    return true;
  }

  async record(key: string, checkRunId: number): Promise<boolean> {
    if (this.get(key)?.state !== "pending") return false;
    this.set(key, { state: "run", id: checkRunId, until: this.now() + RECORD_MS });
    return true;
  }

  async release(key: string): Promise<void> {
    if (this.get(key)?.state === "pending") this.set(key, { state: "taken", until: 0 });
  }

  async take(key: string): Promise<number | undefined> {
    for (;;) {
      const slot = this.get(key);
      if (slot?.state === "pending") {
        await new Promise<void>((resolve) => {
          slot.waiters.push(resolve);
          // The claim may lapse with nobody touching the key.
          setTimeout(resolve, Math.max(0, slot.until - this.now()) + 1).unref();
        });
        continue;
      }
      this.set(key, { state: "taken", until: this.now() + RECORD_MS });
      return slot?.state === "run" ? slot.id : undefined;
    }
  }
}

// KEYS[1]: the job's key. ARGV[1]: how long "taken" is kept. Returns the recorded id, "pending", or "none".
const TAKE = `
local v = redis.call('GET', KEYS[1])
if v == 'pending' then return 'pending' end
redis.call('SET', KEYS[1], 'taken', 'PX', ARGV[1])
if (not v) or v == 'taken' then return 'none' end
return v`;

// Records an id only over this process's own pending claim.
const RECORD = `
if redis.call('GET', KEYS[1]) ~= 'pending' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == 'pending' then redis.call('DEL', KEYS[1]) end
return 1`;

/** In Redis, shared by receivers and workers (the BullMQ queue's Redis). */
export class RedisAnnouncements implements Announcements {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(key: string): Promise<boolean> {
    return (await this.redis.set(this.prefix + key, "pending", "PX", CLAIM_MS, "NX")) === "OK";
  }

  async record(key: string, checkRunId: number): Promise<boolean> {
    return Number(await this.redis.eval(RECORD, 1, this.prefix + key, String(checkRunId), RECORD_MS)) === 1;
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + key);
  }

  async take(key: string): Promise<number | undefined> {
    for (;;) {
      const v = String(await this.redis.eval(TAKE, 1, this.prefix + key, RECORD_MS));
      if (v === "pending") {
        await new Promise((r) => setTimeout(r, POLL_MS));
        continue;
      }
      const id = Number(v);
      return v !== "none" && Number.isSafeInteger(id) && id > 0 ? id : undefined;
    }
  }
}

/** What the job being run offers its handlers: the check run announced for it, if any (taken once). */
export interface JobScope {
  announcedCheckRun?: () => Promise<number | undefined>;
}

/** The job a worker is running, for the handlers it calls through Probot (which passes only the event on). */
export const jobScope = new AsyncLocalStorage<JobScope>();
