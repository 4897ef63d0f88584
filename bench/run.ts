import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProject } from "./generate-project.js";
import type { WorkerResult } from "./analyzer-worker.js";
import type { RealResult } from "./real-code.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const quick = process.argv.includes("--quick");

// `npm run bench -- --settings-oracle`: Django's check --deploy vs django-sec on real settings modules
// (scripts/settings-oracle/run.mjs; needs python3-django and the snapshots it names).
if (process.argv.includes("--settings-oracle")) {
  const args = process.argv.slice(2).filter((a) => a !== "--settings-oracle");
  const r = spawnSync(process.execPath, [join(root, "scripts", "settings-oracle", "run.mjs"), ...args], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

function worker(mode: string, files: number): WorkerResult {
  const out = execFileSync(process.execPath, [join(here, "analyzer-worker.js"), mode, String(files), "1"], { encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split("\n").pop()!) as WorkerResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs a measurement `runs` times and keeps the median run by wall time. */
function measure(mode: string, files: number, runs: number): WorkerResult {
  const results = Array.from({ length: runs }, () => worker(mode, files));
  const m = median(results.map((r) => r.ms));
  return results.find((r) => r.ms === m)!;
}

/** Least-squares slope of log(time) against log(size): 1.0 is linear growth. */
export function fittedExponent(points: { size: number; ms: number }[]): number {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

const mbps = (r: WorkerResult) => r.bytes / 1e6 / (r.ms / 1000);
const fps = (r: WorkerResult) => r.files / (r.ms / 1000);
const fmt = (n: number, d = 1) => n.toFixed(d);

function analyzerSection(): Record<string, unknown> {
  const sizes = quick ? { small: 50, large: 500 } : { small: 50, large: 5000 };
  const rows: Record<string, unknown>[] = [];
  console.log("\n## Analyzer (all rules; each figure from its own process)\n");
  console.log(`| size | files | MB | floor s | analysis s | files/s | MB/s | analysis/floor | taint off s | taint cost | peak RSS MB | threads s | threads MB/s | threads peak RSS MB |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, files] of Object.entries(sizes)) {
    const runs = files <= 100 ? 5 : 1;
    const floor = measure("floor", files, runs);
    const full = measure("analysis", files, runs);
    const noTaint = measure("analysis-no-taint", files, runs);
    const threads = measure("analysis-parallel", files, runs);
    if (threads.findings !== full.findings) throw new Error(`analysis-parallel found ${threads.findings} findings, analysis ${full.findings}`);
    const row = {
      size: name, files: full.files, mb: full.bytes / 1e6, floorMs: floor.ms, analysisMs: full.ms, filesPerSec: fps(full), mbPerSec: mbps(full),
      ratioToFloor: full.ms / floor.ms, noTaintMs: noTaint.ms, taintRatio: full.ms / noTaint.ms, peakRssMb: full.maxRssMb, floorPeakRssMb: floor.maxRssMb, findings: full.findings,
      threadsMs: threads.ms, threadsMbPerSec: mbps(threads), threadsWorkers: threads.workers, threadsPeakRssMb: threads.maxRssMb,
    };
    rows.push(row);
    const threadCells = threads.workers ? `${fmt(threads.ms / 1000, 2)} | ${fmt(row.threadsMbPerSec, 2)} | ${threads.maxRssMb}` : "in-process (small) | | ";
    console.log(`| ${name} | ${row.files} | ${fmt(row.mb)} | ${fmt(floor.ms / 1000, 2)} | ${fmt(full.ms / 1000, 2)} | ${fmt(row.filesPerSec, 0)} | ${fmt(row.mbPerSec, 2)} | ${fmt(row.ratioToFloor, 2)}× | ${fmt(noTaint.ms / 1000, 2)} | ${fmt(row.taintRatio, 2)}× | ${row.peakRssMb} | ${threadCells} |`);
  }
  console.log(`\n"threads": analysis as \`django-sec scan\` runs it by default, on ${availableParallelism()} worker threads (one per available core), start-up included.`);

  const base = quick ? 100 : 400;
  const growth = [1, 2, 4, 8].map((k) => ({ factor: k, size: base * k, ms: measure("analysis", base * k, 1).ms }));
  const exponent = fittedExponent(growth);
  console.log(`\nGrowth (analysis of ${base}×k files): ${growth.map((g) => `${g.factor}×: ${fmt(g.ms / 1000, 2)} s`).join(", ")}; fitted exponent ${fmt(exponent, 2)} (1.00 = linear)`);
  return { sizes: rows, growth, exponent };
}

function cliSection(): Record<string, unknown> {
  const files = quick ? 500 : 5000;
  const dir = join(root, "bench", ".corpus", `project-${files}`);
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (const f of generateProject(files, 1)) {
    bytes += Buffer.byteLength(f.text);
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.text);
  }
  const bin = join(root, "bin", "django-sec.js");
  const scan = (...extra: string[]) => {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [bin, "scan", dir, "--format", "json", "--fail-on", "never", ...extra], { encoding: "utf8", maxBuffer: 1 << 28 });
    return { run, ms: Number(process.hrtime.bigint() - start) / 1e6 };
  };
  // The default --jobs: one thread per available core.
  const { run, ms } = scan();
  const single = scan("--jobs", "1");
  const startup = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const ok = run.status === 0 && single.run.status === 0 && startup.status === 0 && run.stdout === single.run.stdout;
  const failure = run.status !== 0 ? `failed (exit ${run.status}): ${run.stderr.slice(0, 300)}` : single.run.status !== 0 ? `--jobs 1 failed (exit ${single.run.status}): ${single.run.stderr.slice(0, 300)}` : "reports differ between the default --jobs and --jobs 1";
  const mb = fmt(bytes / 1e6);
  console.log(
    `\n## CLI as a whole process\n\n\`django-sec scan\` on ${files} files (${mb} MB): ${ok ? `${fmt(ms / 1000, 2)} s with the default --jobs (${availableParallelism()}), ${fmt(single.ms / 1000, 2)} s with --jobs 1` : failure}; start-up (\`--version\`): ${fmt(startupMs, 0)} ms`,
  );
  return { files, ms, jobs: availableParallelism(), singleThreadMs: single.ms, startupMs, ok };
}

/**
 * Real code bases given with `--real DIR` (repeatable): Python MB/s of the analysis in-process and on two
 * threads. The repository ships no third-party code, so these are measured only when asked for.
 */
function realCodeSection(dirs: string[]): Record<string, unknown>[] {
  if (!dirs.length) return [];
  console.log("\n## Real code (`--real DIR`; median of three runs each)\n");
  console.log("| code base | files | .py files | MB of Python | in-process s | MB/s | two threads s | MB/s | findings |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const rows: Record<string, unknown>[] = [];
  for (const dir of dirs) {
    const run = (mode: string) => {
      const runs = Array.from({ length: 3 }, () => JSON.parse(execFileSync(process.execPath, [join(here, "real-code.js"), resolve(dir), mode], { encoding: "utf8", maxBuffer: 1 << 24 }).trim()) as RealResult);
      return runs.sort((a, b) => a.ms - b.ms)[1];
    };
    const single = run("single");
    const threads = run("threads");
    const rate = (r: RealResult) => r.pythonBytes / 1e6 / (r.ms / 1000);
    rows.push({ dir, single, threads });
    console.log(`| ${dir.split(/[\\/]/).filter(Boolean).pop()} | ${single.files} | ${single.pythonFiles} | ${fmt(single.pythonBytes / 1e6, 2)} | ${fmt(single.ms / 1000, 2)} | ${fmt(rate(single), 2)} | ${fmt(threads.ms / 1000, 2)} | ${fmt(rate(threads), 2)} | ${single.findings} |`);
  }
  return rows;
}

const argAfter = (flag: string) => process.argv.flatMap((a, i, all) => (all[i - 1] === flag ? [a] : []));
const noiseDir = argAfter("--noise")[0];
if (noiseDir) {
  // `npm run bench -- --noise CORPUS [--corpus-list bench/noise-heldout.txt] [--sample N --seed S --exclude judged.json]`:
  // only the noise benchmark (--corpus-list names the commits of another set, default bench/noise-corpus.txt).
  const { noiseSection } = await import(new URL("./noise.js", import.meta.url).href) as typeof import("./noise.js");
  const sample = Number(argAfter("--sample")[0] ?? 0);
  const seed = Number(argAfter("--seed")[0] ?? 11);
  const noise = noiseSection(resolve(noiseDir), { sample, seed, exclude: argAfter("--exclude"), corpusList: argAfter("--corpus-list").map((f) => resolve(f))[0] });
  writeFileSync(join(root, "bench", "noise-results.json"), JSON.stringify({ date: new Date().toISOString(), node: process.version, noise }, null, 2) + "\n");
  console.log("\nWrote bench/noise-results.json");
  process.exit(0);
}

// `npm run bench -- --vulns MIRROR [--verbose]`: only the recall on real vulnerabilities (see bench/real-vulns.ts).
if (process.argv.includes("--vulns")) {
  const { realVulnsSection } = await import("./real-vulns.js");
  const mirror = process.argv[process.argv.indexOf("--vulns") + 1];
  if (!mirror) throw new Error("--vulns needs the directory of fetched snapshots (MIRROR/<owner>+<name>/repo)");
  await realVulnsSection(resolve(mirror), { verbose: process.argv.includes("--verbose") });
  process.exit(0);
}
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, quick };
console.log(`# django-sec benchmarks${quick ? " (quick)" : ""}`);
results.analyzer = analyzerSection();
results.cli = cliSection();
results.realCode = realCodeSection(process.argv.flatMap((a, i, all) => (all[i - 1] === "--real" ? [a] : [])));
const pr = await import(new URL("./pr-pipeline.js", import.meta.url).href).then((m: { prPipelineSection(q: boolean): Promise<unknown> }) => m.prPipelineSection(quick)).catch((error: unknown) => {
  console.log(`\n## Pull-request pipeline\n\nnot measured: ${error instanceof Error ? error.message : String(error)}`);
  return { skipped: true };
});
results.pullRequests = pr;
results.queue = await import(new URL("./queue-throughput.js", import.meta.url).href)
  .then((m: { queueSection(q: boolean): Promise<unknown> }) => m.queueSection(quick))
  .catch((error: unknown) => {
    console.log(`\n## Queue\n\nnot measured: ${error instanceof Error ? error.message : String(error)}`);
    return { skipped: true };
  });
results.load = await import(new URL("./load-scenario.js", import.meta.url).href)
  .then((m: { loadSection(q: boolean): Promise<unknown> }) => m.loadSection(quick))
  .catch((error: unknown) => {
    console.log(`\n## Load across installations\n\nnot measured: ${error instanceof Error ? error.message : String(error)}`);
    return { skipped: true };
  });
writeFileSync(join(root, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
console.log("\nWrote bench/results.json");
process.exit(0);
