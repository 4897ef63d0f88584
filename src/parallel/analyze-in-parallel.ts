import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { allRules } from "../../rules/index.js";
import { analyzeProject, readProjectFacts, type AnalysisResult, type AnalyzeInput } from "../core/analysis/analyze-project.js";
import type { SourceFile } from "../core/analysis/types.js";
import { classifyPaths } from "../core/config/classify-path.js";
import type { ChangeSet } from "../core/diff/types.js";
import { mergeResults } from "./merge-results.js";
import { planChunks, type ChunkBudget, type ChunkPlan } from "./plan-chunks.js";
import type { ChunkRequest, SerializedError, WorkerMessage, WorkerSetup } from "./worker-messages.js";

export interface ParallelOptions {
  /** Threads to analyse with; 1 or less analyses in-process. */
  jobs: number;
  /** Inputs with fewer bytes of source are analysed in-process (default DEFAULT_MIN_BYTES). */
  minBytes?: number;
  /** How much work a worker takes at a time (default DEFAULT_BUDGET). */
  budget?: ChunkBudget;
  /** The worker script (tests); default: analysis-worker.js beside this module. */
  workerScript?: URL;
  /** Told how the run was split; `workers` is 0 when it ran in-process. */
  onPlan?: (plan: { workers: number; chunks: number }) => void;
  /** Told when a worker fails; the chunk it had is then analysed in-process. */
  onWorkerFailure?: (error: Error) => void;
}

// Each worker loads the rules and warms up its own JIT, which costs more than the analysis of a small
// project gains from a second thread (two vCPUs here give two threads only 1.2-1.6 times one thread's
// throughput). Measured on real code (Debian's Django apps): freedombox, 1.4 MB of Python, 0.69 s
// in-process against 0.97 s threaded; Django itself, 4.5 MB, 1.89 s against 2.04 s; on the denser
// generated projects threads paid from about 3 MB (3.2 MB: 2.72 s against 2.24 s). Explicit `--jobs`
// in the CLI skips this threshold.
export const DEFAULT_MIN_BYTES = 5_000_000;
// About 0.1 s of work per chunk: small enough that the last chunks even out, large enough that
// the per-chunk set-up (path globs, posting the files) stays around 1 %.
export const DEFAULT_BUDGET: ChunkBudget = { maxFiles: 64, maxBytes: 128_000 };
const WORKER_SCRIPT = new URL("./analysis-worker.js", import.meta.url);
const SETTINGS_CHUNK = -1;

interface Chunk {
  id: number;
  files: SourceFile[];
}

/**
 * analyzeProject on worker threads, with the same result. Runs in-process instead when jobs ≤ 1,
 * the rules are not `allRules` (workers can only load those), the input is small, paths repeat,
 * or the worker script is missing (e.g. under ts-jest, where only the .ts sources exist).
 * A chunk whose worker fails is analysed in-process, so a failure surfaces as it would without threads.
 */
export async function analyzeInParallel(input: AnalyzeInput, options: ParallelOptions): Promise<AnalysisResult> {
  const script = options.workerScript ?? WORKER_SCRIPT;
  const usable = options.jobs >= 2 && input.rules === allRules && !hasRepeatedPath(input.files) && existsSync(fileURLToPath(script));
  const plan = usable ? planChunks(input.files, classifyPaths(input.config), options.budget ?? DEFAULT_BUDGET) : undefined;
  const workers = plan && plan.bytes >= (options.minBytes ?? DEFAULT_MIN_BYTES) ? Math.min(Math.floor(options.jobs), plan.chunks.length) : 0;
  if (!plan || workers < 2) {
    options.onPlan?.({ workers: 0, chunks: 0 });
    return analyzeProject(input);
  }
  options.onPlan?.({ workers, chunks: plan.chunks.length });
  return runPlan(input, plan, workers, script, options.onWorkerFailure ?? (() => {}));
}

async function runPlan(whole: AnalyzeInput, plan: ChunkPlan, workerCount: number, script: URL, onWorkerFailure: (error: Error) => void): Promise<AnalysisResult> {
  // Every part is analysed with the facts of the whole project's settings.
  const input = { ...whole, facts: whole.facts ?? readProjectFacts(whole) };
  const progress = progressCounter(input.files.length, input.onFile);
  const pending: Chunk[] = plan.chunks.map((files, id) => ({ id, files }));
  const results: AnalysisResult[] = [];
  const redo: Chunk[] = [];
  let stopping = false;
  const lane: LaneEvents = {
    take: () => pending.shift(),
    request: (chunk) => ({ chunk: chunk.id, files: chunk.files, changes: changesFor(input.changes, chunk.files), progress: Boolean(input.onFile) }),
    attempt: (chunk) => progress.attempt(chunk.id),
    result: (chunk, result) => (results[chunk.id] = result),
    failed: (error, chunk) => {
      if (stopping) return;
      if (chunk) redo.push(chunk);
      onWorkerFailure(error);
    },
  };
  const setup: WorkerSetup = { config: input.config, facts: input.facts };
  const workers: Worker[] = [];
  const lanes: Promise<void>[] = [];
  for (let i = 0; i < workerCount; i++) {
    try {
      const worker = new Worker(script, { workerData: setup });
      workers.push(worker);
      lanes.push(runLane(worker, lane));
    } catch (error) {
      onWorkerFailure(error instanceof Error ? error : new Error(String(error)));
    }
  }
  try {
    // The settings modules are analysed here while the workers start up, with every file as context
    // and in input order, exactly as analyzeProject would see them (see planChunks).
    const settings = plan.settings.length
      ? analyzeProject({ ...input, files: plan.settings, contextFiles: [...(input.contextFiles ?? []), ...input.files], onFile: progress.attempt(SETTINGS_CHUNK) })
      : undefined;
    const [settingsResult] = await Promise.all([settings, ...lanes]);
    // Chunks of failed workers, and all that is left if every worker failed.
    for (const chunk of [...redo, ...pending.splice(0)]) {
      results[chunk.id] = await analyzeProject({ ...input, files: chunk.files, contextFiles: [], baseFiles: undefined, changes: changesFor(input.changes, chunk.files), onFile: progress.attempt(chunk.id) });
    }
    return mergeResults(input.files, settingsResult ? [settingsResult, ...results] : results);
  } finally {
    stopping = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

interface LaneEvents {
  take(): Chunk | undefined;
  request(chunk: Chunk): ChunkRequest;
  /** Starts an attempt at a chunk; the returned function counts one analysed file. */
  attempt(chunk: Chunk): () => void;
  result(chunk: Chunk, result: AnalysisResult): void;
  /** The worker is gone; `chunk` is the one it had, if any. */
  failed(error: Error, chunk: Chunk | undefined): void;
}

/** Feeds one worker chunks until none are left or it fails. Never rejects; always ends. */
function runLane(worker: Worker, on: LaneEvents): Promise<void> {
  return new Promise((resolve) => {
    let current: Chunk | undefined;
    let tick = () => {};
    let ended = false;
    const end = (failure?: Error) => {
      if (ended) return;
      ended = true;
      if (failure) on.failed(failure, current);
      void worker.terminate();
      resolve();
    };
    const sendNext = () => {
      current = on.take();
      if (!current) return end();
      tick = on.attempt(current);
      worker.postMessage(on.request(current));
    };
    worker.on("message", (m: WorkerMessage) => {
      if (ended) return;
      if (m.type === "ready" && !current) sendNext();
      else if (m.type === "file" && m.chunk === current?.id) tick();
      else if (m.type === "result" && m.chunk === current?.id) {
        on.result(current, m.result);
        sendNext();
      } else if (m.type === "failed" && m.chunk === current?.id) end(workerError(m.error));
      else end(new Error(`analysis worker sent an unexpected message (${String((m as { type?: unknown })?.type)})`));
    });
    worker.on("error", (error) => end(error));
    worker.on("messageerror", (error) => end(error));
    worker.on("exit", (code) => end(new Error(`analysis worker stopped with exit code ${code}`)));
  });
}

function workerError(error: SerializedError): Error {
  const e = new Error(`analysis worker failed: ${error.name}: ${error.message}`);
  if (error.stack) e.stack = `${e.name}: ${e.message}\n(worker stack) ${error.stack}`;
  return e;
}

/** Progress across attempts: files counted by a failed attempt at a chunk are not counted again when it is redone. */
function progressCounter(total: number, onFile: AnalyzeInput["onFile"]) {
  let done = 0;
  const reported = new Map<number, number>();
  return {
    attempt(chunk: number): () => void {
      let seen = 0;
      return () => {
        seen++;
        if (seen <= (reported.get(chunk) ?? 0)) return;
        reported.set(chunk, seen);
        onFile?.(++done, total);
      };
    },
  };
}

function changesFor(changes: ChangeSet | undefined, files: SourceFile[]): ChangeSet | undefined {
  if (!changes) return undefined;
  const subset: ChangeSet = new Map();
  for (const f of files) {
    const change = changes.get(f.path);
    if (change) subset.set(f.path, change);
  }
  return subset;
}

function hasRepeatedPath(files: SourceFile[]): boolean {
  return new Set(files.map((f) => f.path)).size !== files.length;
}
