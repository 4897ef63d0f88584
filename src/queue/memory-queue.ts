import { jobIdentity, type JobIdentity, type QueuedEvent } from "./job-key.js";
import { queueOptions, type EnqueueResult, type JobHandlers, type QueueOptions, type ReviewQueue } from "./review-queue.js";

interface Entry {
  event: QueuedEvent;
  identity: JobIdentity;
  attempt: number;
}

// Keys of finished jobs are remembered this long, so a late redelivery does not run again.
const REMEMBER_MS = 60 * 60 * 1000;
const REMEMBER_MAX = 10_000;

/** The embedded default: the same interface as the Redis queue, held in this process's memory. */
export class MemoryQueue implements ReviewQueue {
  readonly kind = "memory" as const;
  private readonly options: QueueOptions;
  private readonly waiting: Entry[] = [];
  private readonly known = new Map<string, number>();
  private readonly runningByInstallation = new Map<string, number>();
  private readonly runningPrs = new Set<string>();
  private running = 0;
  private peakBusy = 0;
  /** When each installation last started a job (a counter), for round-robin between installations. */
  private readonly lastTurn = new Map<string, number>();
  private turns = 0;
  private timers = new Set<NodeJS.Timeout>();
  private handlers?: JobHandlers;
  private closing = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: Partial<QueueOptions> = {}, private readonly now: () => number = Date.now) {
    this.options = queueOptions(options);
  }

  async enqueue(event: QueuedEvent): Promise<EnqueueResult> {
    const identity = jobIdentity(event);
    this.forgetOld();
    if (this.closing || this.known.has(identity.key)) return { jobId: identity.key, added: false };
    this.known.set(identity.key, this.now());
    this.waiting.push({ event, identity, attempt: 1 });
    this.pump();
    return { jobId: identity.key, added: true };
  }

  async work(handlers: JobHandlers): Promise<void> {
    this.handlers = handlers;
    this.pump();
  }

  slots(): number {
    return this.options.concurrency;
  }

  setSlots(n: number): void {
    this.options.concurrency = Math.max(1, Math.floor(n));
    this.pump();
  }

  takePeakBusy(): number {
    const peak = Math.max(this.peakBusy, this.running);
    this.peakBusy = this.running;
    return peak;
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && this.timers.size === 0;
  }

  private pump(): void {
    while (this.handlers && !this.closing && this.running < this.options.concurrency) {
      const index = this.nextIndex();
      if (index === -1) break;
      const [entry] = this.waiting.splice(index, 1);
      void this.runEntry(entry, this.handlers);
    }
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /**
   * The next job to start: installations take turns (fewest jobs running first, then the one that started
   * a job least recently, one never served before all others), and each installation's jobs run in arrival
   * order. A job waits while its installation is at its concurrency cap or another job of its pull request runs.
   */
  private nextIndex(): number {
    let best = -1;
    let bestTurn = Infinity;
    let bestRunning = Infinity;
    const seen = new Set<string>();
    for (let i = 0; i < this.waiting.length; i++) {
      const e = this.waiting[i];
      const inst = String(e.identity.installationId);
      if (seen.has(inst)) continue;
      if (this.installationRunning(e) >= this.options.perInstallation) {
        seen.add(inst);
        continue;
      }
      if (e.identity.pr && this.runningPrs.has(e.identity.pr)) continue;
      seen.add(inst);
      const turn = this.lastTurn.get(inst) ?? -1;
      const running = this.installationRunning(e);
      if (running < bestRunning || (running === bestRunning && turn < bestTurn)) [best, bestTurn, bestRunning] = [i, turn, running];
    }
    if (best !== -1) this.lastTurn.set(String(this.waiting[best].identity.installationId), this.turns++);
    if (this.lastTurn.size > 10_000) {
      const busy = new Set([...this.waiting.map((e) => String(e.identity.installationId)), ...this.runningByInstallation.keys()]);
      for (const inst of this.lastTurn.keys()) if (!busy.has(inst)) this.lastTurn.delete(inst);
    }
    return best;
  }

  private installationRunning(e: Entry): number {
    return this.runningByInstallation.get(String(e.identity.installationId)) ?? 0;
  }

  private async runEntry(entry: Entry, handlers: JobHandlers): Promise<void> {
    const inst = String(entry.identity.installationId);
    this.running++;
    this.peakBusy = Math.max(this.peakBusy, this.running);
    this.runningByInstallation.set(inst, this.installationRunning(entry) + 1);
    if (entry.identity.pr) this.runningPrs.add(entry.identity.pr);
    try {
      await handlers.run(entry.event, { retry: entry.attempt > 1 });
    } catch (error) {
      if (entry.attempt < this.options.attempts && !this.closing) this.retryLater(entry);
      else await handlers.failed?.(entry.event, error).catch(() => undefined);
    } finally {
      this.running--;
      this.runningByInstallation.set(inst, this.installationRunning(entry) - 1);
      if (entry.identity.pr) this.runningPrs.delete(entry.identity.pr);
      this.pump();
    }
  }

  private retryLater(entry: Entry): void {
    const delay = this.options.backoffMs * 2 ** (entry.attempt - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.waiting.push({ ...entry, attempt: entry.attempt + 1 });
      this.pump();
    }, delay);
    this.timers.add(timer);
  }

  private forgetOld(): void {
    const cutoff = this.now() - REMEMBER_MS;
    for (const [key, at] of this.known) {
      if (at >= cutoff && this.known.size <= REMEMBER_MAX) break;
      this.known.delete(key);
    }
  }
}
