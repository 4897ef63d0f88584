// One measurement per process, so peak RSS belongs to that measurement alone.
import { availableParallelism } from "node:os";
import { analyzeProject } from "../src/core/analysis/analyze-project.js";
import { parsePython } from "../src/core/analysis/parse-python.js";
import { tokenizeTemplate } from "../src/core/analysis/template-tokenizer.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { analyzeInParallel } from "../src/parallel/analyze-in-parallel.js";
import { allRules } from "../rules/index.js";
import { generateProject, type GeneratedFile } from "./generate-project.js";

export interface WorkerResult {
  mode: string;
  files: number;
  bytes: number;
  ms: number;
  /** CPU milliseconds (user + system) of the measurement, every thread of the process: less moved by other load than `ms`. */
  cpuMs: number;
  maxRssMb: number;
  findings?: number;
  nodes?: number;
  /** analysis-parallel: worker threads used (0 when the input was small enough to stay in-process). */
  workers?: number;
}

async function floor(files: GeneratedFile[]): Promise<number> {
  let nodes = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f.path.endsWith(".py")) {
      const cursor = parsePython(f.text).walk();
      walk: for (;;) {
        nodes++;
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) break walk;
      }
    } else nodes += tokenizeTemplate(f.text).length;
    if ((i + 1) % 100 === 0) await new Promise((r) => setImmediate(r));
  }
  return nodes;
}

async function main(): Promise<void> {
  const [mode, countArg, seedArg] = process.argv.slice(2);
  const files = generateProject(Number(countArg), Number(seedArg ?? 1));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result: WorkerResult = { mode, files: files.length, bytes, ms: 0, cpuMs: 0, maxRssMb: 0 };
  if (mode === "floor") result.nodes = await floor(files);
  else if (mode === "analysis-parallel") {
    // As the CLI runs it by default: one thread per available core, in-process below the size threshold.
    const analysis = await analyzeInParallel({ files, config: { ...DEFAULT_CONFIG }, rules: allRules }, { jobs: availableParallelism(), onPlan: (p) => (result.workers = p.workers) });
    result.findings = analysis.findings.length;
  } else if (mode === "analysis" || mode === "analysis-no-taint") {
    const config = { ...DEFAULT_CONFIG, taint: mode !== "analysis-no-taint" };
    const analysis = await analyzeProject({ files, config, rules: allRules });
    result.findings = analysis.findings.length;
  } else throw new Error(`unknown mode "${mode}": use floor, analysis, analysis-no-taint or analysis-parallel`);
  result.ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  result.cpuMs = (used.user + used.system) / 1000;
  result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(result) + "\n");
}

await main();
