import type { SourceFile } from "../core/analysis/types.js";
import type { PathClassifier } from "../core/config/classify-path.js";

export interface ChunkBudget {
  maxFiles: number;
  maxBytes: number;
}

export interface ChunkPlan {
  /** Python settings modules, in input order: analysed together in one place (see planChunks). */
  settings: SourceFile[];
  /** Every other file, cut into consecutive chunks in input order. */
  chunks: SourceFile[][];
  bytes: number;
}

/**
 * Splits files into chunks for workers to pull. Settings modules stay out of the chunks: their
 * settings models are memoised in the order they are first needed and can depend on that order
 * (a star-import cycle), so they are analysed together, in input order, with every file as context.
 * A chunk closes at `maxFiles` files or once it reaches `maxBytes`, so one huge file is a chunk
 * of its own and cannot hold up a worker with many others behind it.
 */
export function planChunks(files: SourceFile[], classify: PathClassifier, budget: ChunkBudget): ChunkPlan {
  const settings: SourceFile[] = [];
  const chunks: SourceFile[][] = [];
  let current: SourceFile[] = [];
  let currentBytes = 0;
  let bytes = 0;
  for (const file of files) {
    const size = Buffer.byteLength(file.text);
    bytes += size;
    if (classify.isSettingsModule(file.path)) {
      settings.push(file);
      continue;
    }
    current.push(file);
    currentBytes += size;
    if (current.length >= budget.maxFiles || currentBytes >= budget.maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
  }
  if (current.length) chunks.push(current);
  return { settings, chunks, bytes };
}
