// The noise benchmark (issue 11): how many findings the app would comment on inline, per 10,000 lines
// of Python, on real, well-kept Django projects scanned with the default config. The repository ships
// no third-party code: `scripts/extract-corpus.sh` re-extracts the projects listed in
// bench/noise-corpus.txt, and hand judgements of sampled findings are kept in bench/noise-judgements*.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { confidenceAtLeast, severityReaches } from "../src/core/report/policy.js";
import { mulberry32 } from "./generate-project.js";
import type { NoiseFinding, NoiseResult } from "./noise-worker.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const fmt = (n: number, d = 1) => n.toFixed(d);

/** What the app comments on inline by default: a line finding of medium or high severity, at `comment-confidence` or above. */
export function inlineWorthy(f: Pick<NoiseFinding, "fileLevel" | "severity" | "confidence">): boolean {
  return !f.fileLevel && severityReaches(f.severity, "medium") && confidenceAtLeast(f.confidence, DEFAULT_CONFIG.commentConfidence);
}

/** Each project directory's `owner/name@commit`, from lists of `owner/name COMMIT` lines (the first list naming a directory wins). */
export function projectCommits(lists: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of lists) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const m = /^([\w.-]+)\/([\w.-]+)\s+([0-9a-f]{40})/.exec(line.trim());
      if (m && !out.has(m[2])) out.set(m[2], `${m[1]}/${m[2]}@${m[3]}`);
    }
  }
  return out;
}

export interface SampledFinding extends NoiseFinding {
  repo: string;
}

/**
 * Scans every project directory under `corpus`, prints the figures, and writes every finding to
 * bench/.noise/findings.json. With `sample` > 0, also draws that many inline-worthy findings with the
 * given seed (skipping any already judged in `exclude` files) into bench/.noise/sample.json. Commits come
 * from CORPUS/COMMITS.txt, then `corpusList` (default bench/noise-corpus.txt; bench/noise-heldout.txt for
 * the held-out set).
 */
export function noiseSection(corpus: string, options: { sample?: number; seed?: number; exclude?: string[]; corpusList?: string } = {}): Record<string, unknown> {
  const known = projectCommits([join(corpus, "COMMITS.txt"), options.corpusList ?? join(root, "bench", "noise-corpus.txt")]);
  const dirs = readdirSync(corpus).filter((d) => !d.startsWith(".") && statSync(join(corpus, d)).isDirectory()).sort();
  console.log(`\n## Noise on real projects (\`--noise ${corpus}\`; default config)\n`);
  console.log("Inline-worthy: a line finding of medium or high severity at medium confidence or above (what the app comments on by default).\n");
  console.log("| project | commit | .py files | KLOC Python | templates | findings | inline-worthy | per 10 KLOC | analysis s |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  const rows: Record<string, unknown>[] = [];
  const all: SampledFinding[] = [];
  let lines = 0;
  let inline = 0;
  const byRule = new Map<string, number>();
  for (const name of dirs) {
    const out = execFileSync(process.execPath, ["--max-old-space-size=3072", join(here, "noise-worker.js"), join(corpus, name)], { encoding: "utf8", maxBuffer: 1 << 28 });
    const r = JSON.parse(out.trim().split("\n").pop()!) as NoiseResult;
    const repo = known.get(name) ?? name;
    const worthy = r.findings.filter(inlineWorthy);
    for (const f of worthy) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    all.push(...r.findings.map((f) => ({ ...f, repo })));
    lines += r.pythonLines;
    inline += worthy.length;
    const per = (worthy.length / r.pythonLines) * 10_000;
    rows.push({ project: name, repo, pythonFiles: r.pythonFiles, pythonLines: r.pythonLines, templates: r.templateFiles, findings: r.findings.length, inlineWorthy: worthy.length, per10kloc: per, ms: r.ms });
    console.log(`| ${name} | ${repo.split("@")[1]?.slice(0, 10) ?? "?"} | ${r.pythonFiles} | ${fmt(r.pythonLines / 1000)} | ${r.templateFiles} | ${r.findings.length} | ${worthy.length} | ${fmt(per, 2)} | ${fmt(r.ms / 1000, 1)} |`);
  }
  const overall = lines ? (inline / lines) * 10_000 : 0;
  console.log(`| **all** | | | ${fmt(lines / 1000)} | | ${all.length} | ${inline} | **${fmt(overall, 2)}** | |`);
  console.log("\nInline-worthy findings by rule:\n");
  console.log("| rule | findings | per 10 KLOC |");
  console.log("|---|---:|---:|");
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`| ${rule} | ${n} | ${fmt((n / lines) * 10_000, 2)} |`);
  const outDir = join(root, "bench", ".noise");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "findings.json"), JSON.stringify(all, null, 1) + "\n");
  console.log(`\nEvery finding: bench/.noise/findings.json`);
  let sample: SampledFinding[] = [];
  if (options.sample) {
    const judged = new Set<string>();
    for (const file of options.exclude ?? []) {
      type Judged = { repo: string; path: string; line: number; rule: string };
      const parsed = JSON.parse(readFileSync(file, "utf8")) as Judged[] | { judgements: Judged[] };
      for (const j of Array.isArray(parsed) ? parsed : parsed.judgements) judged.add(`${j.repo.split("@")[0]}|${j.path}|${j.line}|${j.rule}`);
    }
    const pool = all.filter((f) => inlineWorthy(f) && !judged.has(`${f.repo.split("@")[0]}|${f.path}|${f.line}|${f.ruleId}`));
    const random = mulberry32(options.seed ?? 11);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    sample = pool.slice(0, options.sample);
    writeFileSync(join(outDir, "sample.json"), JSON.stringify(sample, null, 1) + "\n");
    console.log(`Sample of ${sample.length} inline-worthy findings (seed ${options.seed ?? 11}): bench/.noise/sample.json`);
  }
  return { corpus, projects: rows, pythonLines: lines, inlineWorthy: inline, per10kloc: overall, byRule: Object.fromEntries(byRule), sampled: sample.length };
}
