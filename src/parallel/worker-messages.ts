import type { AnalysisResult } from "../core/analysis/analyze-project.js";
import type { ProjectFacts } from "../core/analysis/project-facts.js";
import type { SourceFile } from "../core/analysis/types.js";
import type { Config } from "../core/config/config.js";
import type { ChangeSet } from "../core/diff/types.js";

/** Handed to each analysis worker when it starts (`workerData`). */
export interface WorkerSetup {
  config: Config;
  /** The whole project's facts: a worker sees only its chunks, not the settings modules. */
  facts: ProjectFacts;
}

/** Main thread -> worker: analyse one chunk. A worker has at most one chunk at a time. */
export interface ChunkRequest {
  chunk: number;
  files: SourceFile[];
  /** The change restricted to this chunk's paths; undefined for a full scan. */
  changes?: ChangeSet;
  /** Whether to send a `file` message after each file (only when someone shows progress). */
  progress: boolean;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** Worker -> main thread. `file` is sent after each file, for progress. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "file"; chunk: number }
  | { type: "result"; chunk: number; result: AnalysisResult }
  | { type: "failed"; chunk: number; error: SerializedError };
