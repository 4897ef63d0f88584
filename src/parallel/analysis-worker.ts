import { parentPort, workerData } from "node:worker_threads";
import { allRules } from "../../rules/index.js";
import { analyzeProject } from "../core/analysis/analyze-project.js";
import type { ChunkRequest, WorkerMessage, WorkerSetup } from "./worker-messages.js";

// Entry point of an analysis worker thread (see analyze-in-parallel.ts). Rules hold functions and
// cannot be posted, so each worker loads the full rule list itself.

if (!parentPort) throw new Error("analysis-worker.js runs only as a worker thread started by analyzeInParallel");
const port = parentPort;
const { config, facts } = workerData as WorkerSetup;
// Filtering once keeps one array identity across chunks, so the combined rule query is compiled
// once per worker instead of once per chunk; analyzeProject's own filter then keeps every rule.
const rules = allRules.filter((r) => config.rules[r.id] !== "off" && (config.taint || r.guideSection !== "data-flow"));

const post = (message: WorkerMessage) => port.postMessage(message);

port.on("message", (request: ChunkRequest) => void analyzeChunk(request));
post({ type: "ready" });

async function analyzeChunk({ chunk, files, changes, progress }: ChunkRequest): Promise<void> {
  try {
    const onFile = progress ? () => post({ type: "file", chunk }) : undefined;
    const result = await analyzeProject({ files, config, rules, changes, facts, onFile });
    post({ type: "result", chunk, result });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: "failed", chunk, error: { name: e.name, message: e.message, stack: e.stack } });
  }
}
