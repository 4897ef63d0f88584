import type { QueuedEvent } from "./job-key.js";

export interface EnqueueResult {
  jobId: string;
  /** False when an equivalent job was already queued, running or recently done. */
  added: boolean;
}

export interface QueueOptions {
  /** Jobs run at once by this process. */
  concurrency: number;
  /** Jobs of one installation running at once across all workers, so one busy organisation cannot starve the rest. */
  perInstallation: number;
  /** Attempts per job, with exponential backoff between them. */
  attempts: number;
  backoffMs: number;
}

/**
 * A review spends most of its time waiting: for GitHub's answers, and for its installation's writes to be
 * spaced a second apart. With 4 slots a worker kept a third of its core busy (load scenario: about 0.15 s of
 * CPU in 2.7 s per review, 50 ms a request) and could not start a fifth installation's first review; 16
 * slots serve 8 busy installations at once and let one worker use about half to three quarters of a core
 * on typical pull requests. 16 is where a worker starts: unless CONCURRENCY fixes it, the slot governor
 * (slot-governor.ts) moves it between 4 and 64 by how busy the worker's event loop is. Each installation
 * still runs at most `perInstallation` reviews at once.
 */
export const DEFAULT_QUEUE_OPTIONS: QueueOptions = { concurrency: 16, perInstallation: 2, attempts: 4, backoffMs: 2000 };

/**
 * What a worker does with jobs. The queue never decides that a job is obsolete: which head of a pull request
 * is newest comes from GitHub when the job runs (deliveries arrive in any order, and again), so a job for an
 * older head runs too, and its review ends "superseded" after asking GitHub.
 */
export interface JobHandlers {
  /** Runs the job; throwing makes it retry (up to `attempts`). `retry` is true when an earlier attempt failed or its worker died. */
  run(event: QueuedEvent, info: { retry: boolean }): Promise<void>;
  /** Called once when a job has failed for the last time (so its check run can end `neutral`). */
  failed?(event: QueuedEvent, error: unknown): Promise<void>;
}

/** The queue between webhook receivers and review workers: BullMQ on Redis, or in-process. */
export interface ReviewQueue {
  readonly kind: "memory" | "bullmq";
  enqueue(event: QueuedEvent): Promise<EnqueueResult>;
  /** Starts working jobs in this process (the worker role). */
  work(handlers: JobHandlers): Promise<void>;
  /** Jobs this process runs at once now. */
  slots(): number;
  /** Changes how many jobs this process runs at once (the slot governor); running jobs are not stopped. */
  setSlots(n: number): void;
  /** Most jobs running at once in this process since the last call (then starts over from those running now). */
  takePeakBusy(): number;
  /** Resolves when no job is waiting or running in this process (tests, demo). */
  idle(): Promise<void>;
  /** Stops taking jobs, lets running ones finish (or hands them back), closes connections. */
  close(): Promise<void>;
}

/** Options over the defaults; keys given as `undefined` keep their default. */
export function queueOptions(given: Partial<QueueOptions>): QueueOptions {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_QUEUE_OPTIONS, ...defined };
}
