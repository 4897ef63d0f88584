// Recall on real vulnerabilities: `npm run bench -- --vulns MIRROR [--out DIR] [--verbose]`.
//
// bench/real-vulns/cases.json lists security fixes in public Django projects (facts only: repo, fix commit,
// path, vulnerable lines at the fix's parent, the enclosing function's span in the fixed file). MIRROR holds
// the fetched snapshots as bare git dirs, MIRROR/<owner>+<name>/repo. The files are rebuilt with
// `git show <parent>:<path>` and `git show <fix>:<path>` into a temporary directory (or --out DIR) and each is
// analysed on its own, as a pull request touching that file would be.
//
// Recall: a finding at medium or high confidence on one of the vulnerable lines.
// Fix silenced: for a recalled case, no medium/high finding of the rules that hit it inside the fixed
// function's span (cases without a function: fewer such findings in the fixed file than in the vulnerable one).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeProject } from "../src/core/analysis/analyze-project.js";
import { linesOf } from "../src/core/analysis/merge-flows.js";
import type { Finding } from "../src/core/analysis/types.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { allRules } from "../rules/index.js";

export interface VulnCase {
  id: string;
  repo: string;
  fix: string;
  parent: string;
  path: string;
  fixedPath?: string;
  vulnerableLines: number[];
  fixedRange?: [number, number];
  function?: string;
  category: string;
  inGuide: boolean;
  advisory?: string;
  note: string;
}

export interface CaseResult {
  id: string;
  category: string;
  inGuide: boolean;
  recalled: boolean;
  rules: string[];
  silenced: boolean | null;
  error?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const casesFile = resolve(here, "..", "..", "bench", "real-vulns", "cases.json");

function gitShow(mirror: string, repo: string, rev: string, path: string): string {
  const gitDir = join(mirror, repo.replace("/", "+"), "repo");
  return execFileSync("git", ["--git-dir", gitDir, "show", `${rev}:${path}`], { encoding: "utf8", maxBuffer: 1 << 26 });
}

const strong = (f: Finding) => f.confidence !== "low";

async function findings(path: string, text: string): Promise<Finding[]> {
  const result = await analyzeProject({ files: [{ path, text }], config: DEFAULT_CONFIG, rules: allRules });
  return result.findings.filter(strong);
}

// A finding that stands for several sinks of one flow (merge-flows.ts) is on each of their lines: a pull request
// adding any one of them gets the finding there.
const touches = (f: Finding, lines: number[]) => lines.some((l) => (l >= f.line && l <= f.endLine) || linesOf(f).includes(l));
// Counted per sink, so merging does not change whether a fix removed some of them.
const sinks = (fs: Finding[]) => fs.reduce((n, f) => n + 1 + (f.alsoAt?.length ?? 0), 0);
const within = (f: Finding, [a, b]: [number, number]) => f.line <= b && f.endLine >= a;

export async function runCase(c: VulnCase, mirror: string, out: string): Promise<CaseResult> {
  const base = { id: c.id, category: c.category, inGuide: c.inGuide };
  let before: string;
  let after: string;
  try {
    before = gitShow(mirror, c.repo, c.parent, c.path);
    after = gitShow(mirror, c.repo, c.fix, c.fixedPath ?? c.path);
  } catch (error) {
    return { ...base, recalled: false, rules: [], silenced: null, error: `snapshot missing: ${(error as Error).message.split("\n")[0]}` };
  }
  for (const [side, text] of [["vulnerable", before], ["fixed", after]] as const) {
    const p = join(out, c.id, side, c.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  // The exclude globs skip tests/ and migrations/; the dev set has none, so the path is kept as is.
  const vulnerable = await findings(c.path, before);
  const hits = vulnerable.filter((f) => touches(f, c.vulnerableLines));
  const rules = [...new Set(hits.map((f) => f.ruleId))];
  if (!hits.length) return { ...base, recalled: false, rules, silenced: null };
  const fixed = (await findings(c.fixedPath ?? c.path, after)).filter((f) => rules.includes(f.ruleId));
  const silenced = c.fixedRange
    ? !fixed.some((f) => within(f, c.fixedRange!))
    : sinks(fixed) < sinks(vulnerable.filter((f) => rules.includes(f.ruleId)));
  return { ...base, recalled: true, rules, silenced };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(0)}%` : "–");

function summarise(label: string, rs: CaseResult[]): string {
  const recalled = rs.filter((r) => r.recalled);
  const silenced = recalled.filter((r) => r.silenced);
  return `| ${label} | ${rs.length} | ${recalled.length} | ${pct(recalled.length, rs.length)} | ${silenced.length}/${recalled.length} | ${pct(silenced.length, recalled.length)} |`;
}

export async function realVulnsSection(mirror: string, opts: { out?: string; verbose?: boolean } = {}): Promise<Record<string, unknown>> {
  const cases = (JSON.parse(readFileSync(casesFile, "utf8")) as { cases: VulnCase[] }).cases;
  const out = opts.out ?? mkdtempSync(join(tmpdir(), "django-sec-vulns-"));
  const results: CaseResult[] = [];
  try {
    for (const c of cases) results.push(await runCase(c, mirror, out));
  } finally {
    // The rebuilt files are third-party code: keep them only where --out asked for them.
    if (!opts.out) rmSync(out, { recursive: true, force: true });
  }
  const missing = results.filter((r) => r.error);
  const rs = results.filter((r) => !r.error);
  console.log(`\n## Real vulnerabilities (${rs.length} cases from bench/real-vulns/cases.json; files rebuilt under ${opts.out ?? "a temporary directory, removed after the run; --out DIR keeps them"})\n`);
  console.log("| set | cases | flagged (medium/high, on the vulnerable line) | recall | fix silences it | silenced |");
  console.log("|---|---:|---:|---:|---:|---:|");
  console.log(summarise("all", rs));
  console.log(summarise("in the guide's scope", rs.filter((r) => r.inGuide)));
  for (const cat of [...new Set(rs.map((r) => r.category))].sort()) console.log(summarise(cat, rs.filter((r) => r.category === cat)));
  if (missing.length) console.log(`\n${missing.length} case(s) skipped, snapshot not in ${mirror}: ${missing.map((r) => r.id).join(", ")}`);
  if (opts.verbose) {
    console.log("\n| case | category | in guide | flagged by | fix silences it |\n|---|---|---|---|---|");
    for (const r of rs) console.log(`| ${r.id} | ${r.category} | ${r.inGuide ? "yes" : "no"} | ${r.rules.join(", ") || "–"} | ${r.silenced === null ? "–" : r.silenced ? "yes" : "no"} |`);
  }
  return { cases: results };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const arg = (name: string) => process.argv.flatMap((a, i, all) => (all[i - 1] === name ? [a] : []))[0];
  const mirror = arg("--vulns");
  if (!mirror) {
    console.error("usage: node dist/bench/real-vulns.js --vulns MIRROR [--out DIR] [--verbose] [--json FILE]");
    process.exit(2);
  }
  const result = await realVulnsSection(resolve(mirror), { out: arg("--out"), verbose: process.argv.includes("--verbose") });
  const json = arg("--json");
  if (json) writeFileSync(json, JSON.stringify(result, null, 1));
}
