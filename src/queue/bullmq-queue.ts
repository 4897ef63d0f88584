import { createHash, randomUUID } from "node:crypto";
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { RedisAnnouncements, type Announcements } from "./announcements.js";
import { jobIdentity, type JobIdentity, type QueuedEvent } from "./job-key.js";
import { queueOptions, type EnqueueResult, type JobHandlers, type QueueOptions, type ReviewQueue } from "./review-queue.js";

export interface BullQueueOptions extends Partial<QueueOptions> {
  redisUrl: string;
  /** Queue name (and key prefix for our own keys); tests use their own. */
  name?: string;
  /** How long a worker's lock on a job lasts without renewal; a killed worker's job is taken over after it. */
  lockDurationMs?: number;
}

interface JobData {
  event: QueuedEvent;
  identity: JobIdentity;
}

// Admits a job when its installation has fewer than `limit` live leases; expired leases (a killed worker's) don't count.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3]); return 1
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

type LeaseRedis = Redis & { reviewLeaseAcquire(key: string, ...args: (string | number)[]): Promise<number> };

// BullMQ's largest priority.
const MAX_PRIORITY = 2_097_152;

/** Review jobs on Redis through BullMQ: stateless receivers enqueue, any number of workers run them. */
export class BullQueue implements ReviewQueue {
  readonly kind = "bullmq" as const;
  private readonly options: QueueOptions;
  private readonly name: string;
  private readonly lockDuration: number;
  private readonly redis: Redis;
  private readonly queue: Queue<JobData>;
  private worker?: Worker<JobData>;
  private workerConnection?: Redis;
  private running = 0;
  private peakBusy = 0;

  constructor(opts: BullQueueOptions) {
    this.options = queueOptions(opts);
    this.name = opts.name ?? "django-sec-reviews";
    this.lockDuration = opts.lockDurationMs ?? 30_000;
    this.redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
    // Sent by its SHA (EVALSHA), not as text with every lease taken or renewed; ioredis loads it when Redis lacks it.
    this.redis.defineCommand("reviewLeaseAcquire", { numberOfKeys: 1, lua: ACQUIRE });
    this.queue = new Queue<JobData>(this.name, { connection: this.redis });
  }

  async enqueue(event: QueuedEvent): Promise<EnqueueResult> {
    const identity = jobIdentity(event);
    // BullMQ ids must not contain ':'; a hash of the key keeps them short and safe.
    const jobId = `j${createHash("sha256").update(identity.key).digest("hex").slice(0, 32)}`;
    if (await this.queue.getJob(jobId)) return { jobId, added: false };
    await this.queue.add("review", { event, identity }, {
      jobId,
      priority: await this.turnOf(identity, jobId),
      attempts: this.options.attempts,
      backoff: { type: "exponential", delay: this.options.backoffMs },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600 },
    });
    return { jobId, added: true };
  }

  async work(handlers: JobHandlers): Promise<void> {
    const connection = (this.workerConnection = this.redis.duplicate({ maxRetriesPerRequest: null }));
    this.worker = new Worker<JobData>(this.name, (job, token) => this.process(job, token, handlers), {
      connection,
      concurrency: this.options.concurrency,
      lockDuration: this.lockDuration,
      stalledInterval: Math.max(500, Math.floor(this.lockDuration / 2)),
      maxStalledCount: 2,
    });
    this.worker.on("failed", (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void handlers.failed?.(job.data.event, error)?.catch(() => undefined);
    });
    this.worker.on("error", () => undefined);
    await this.worker.waitUntilReady();
  }

  /**
   * Installations take turns: a job's priority is its place among its installation's waiting jobs, so every
   * installation's first job runs before any installation's second (BullMQ runs lower numbers first, and
   * equal ones in arrival order). A burst from one organisation then delays another's first review by
   * at most one job per installation.
   */
  private async turnOf(identity: JobIdentity, jobId: string): Promise<number> {
    const key = this.pendingKey(identity);
    const result = await this.redis.multi().sadd(key, jobId).scard(key).expire(key, 24 * 3600).exec();
    const place = Number(result?.[1]?.[1]);
    return Number.isFinite(place) ? Math.min(MAX_PRIORITY, Math.max(1, place)) : 1;
  }

  private pendingKey(identity: JobIdentity): string {
    return `${this.name}:pending:${identity.installationId ?? "none"}`;
  }

  slots(): number {
    return this.worker?.concurrency ?? this.options.concurrency;
  }

  setSlots(n: number): void {
    this.options.concurrency = Math.max(1, Math.floor(n));
    // BullMQ's worker takes more jobs at once from its next fetch, and fewer as running ones end.
    if (this.worker) this.worker.concurrency = this.options.concurrency;
  }

  takePeakBusy(): number {
    const peak = Math.max(this.peakBusy, this.running);
    this.peakBusy = this.running;
    return peak;
  }

  private async process(job: Job<JobData>, token: string | undefined, handlers: JobHandlers): Promise<void> {
    this.running++;
    this.peakBusy = Math.max(this.peakBusy, this.running);
    try {
      await this.processLeased(job, token, handlers);
    } finally {
      this.running--;
    }
  }

  private async processLeased(job: Job<JobData>, token: string | undefined, handlers: JobHandlers): Promise<void> {
    const { event, identity } = job.data;
    // Started (or about to be dropped): it no longer holds a place in its installation's turn.
    await this.redis.srem(this.pendingKey(identity), job.id!);
    // One job per pull request at a time, and at most `perInstallation` per installation.
    const leases: [string, number][] = [[`${this.name}:running:${identity.installationId ?? "none"}`, this.options.perInstallation]];
    if (identity.pr) leases.unshift([`${this.name}:pr:${identity.pr}`, 1]);
    const take = (key: string, limit: number) => (this.redis as LeaseRedis).reviewLeaseAcquire(key, Date.now(), Date.now() + this.lockDuration, job.id!, limit, this.lockDuration * 4);
    const release = () => Promise.all(leases.map(([key]) => this.redis.zrem(key, job.id!).catch(() => undefined)));
    for (const [key, limit] of leases) {
      if (await take(key, limit)) continue;
      await release();
      // Busy: wait a little without using an attempt.
      await job.moveToDelayed(Date.now() + 500 + Math.floor(Math.random() * 1000), token);
      throw new DelayedError();
    }
    const renew = setInterval(() => void Promise.all(leases.map(([key, limit]) => take(key, limit))).catch(() => undefined), Math.max(250, Math.floor(this.lockDuration / 3)));
    try {
      await handlers.run(event, { retry: job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0 });
    } finally {
      clearInterval(renew);
      await release();
    }
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "paused");
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Whether this Redis keeps jobs across a restart (`CONFIG GET appendonly`): without the append-only file,
   * a restart loses every delivery already answered 202. Undefined when Redis does not allow CONFIG (some
   * managed services), which then is the operator's to check.
   */
  async appendOnly(): Promise<boolean | undefined> {
    try {
      const reply = (await this.redis.config("GET", "appendonly")) as unknown;
      const value = Array.isArray(reply) ? reply[1] : undefined;
      return typeof value === "string" ? value === "yes" : undefined;
    } catch {
      return undefined;
    }
  }

  /** True for one caller across all processes until `ttlMs` passes (one worker sweeps at a time). */
  async claim(name: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.name}:claim:${name}`, randomUUID(), "PX", Math.max(1, Math.floor(ttlMs)), "NX")) === "OK";
  }

  /** Check runs announced for this queue's jobs, in its Redis (see announcements.ts). */
  announcements(): Announcements {
    return new RedisAnnouncements(this.redis, `${this.name}:announce:`);
  }

  /** Counts of jobs by state (health endpoint, tests). */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts("waiting", "active", "delayed", "completed", "failed");
  }

  async close(): Promise<void> {
    // Worker.close() waits for running jobs; jobs not started stay in Redis for another worker.
    await this.worker?.close();
    await this.queue.close();
    // BullMQ leaves connections it was given open; this queue made them, so it closes them.
    await this.workerConnection?.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}
