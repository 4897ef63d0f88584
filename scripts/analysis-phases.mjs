// CPU milliseconds of one in-process analysis of a code base, by phase: `npm run build && node
// scripts/analysis-phases.mjs (DIR | gen:N) [ROUNDS]`. DIR is collected as `django-sec scan DIR` collects it
// (context and deployment files too); gen:N is the benchmark's generated project of N files. One warm-up
// analysis, then ROUNDS (default 3) timed ones; each figure is the least of the rounds (CPU time, which other
// load moves less than wall time, but still moves: compare builds by running this alternately with each).
// Prints one JSON line: the whole analysis, tree-sitter parsing alone, the project index alone, and the CPU of
// each rule's own checks (the first data-flow rule of a file pays for the file's data-flow analysis).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const load = (p) => import(join(dist, p));
const [target, roundsArg] = process.argv.slice(2);
if (!target) throw new Error("usage: node scripts/analysis-phases.mjs (DIR | gen:N) [ROUNDS]");
const { allRules } = await load("rules/index.js");
const { analyzeProject } = await load("src/core/analysis/analyze-project.js");
const { parsePython } = await load("src/core/analysis/parse-python.js");
const { buildProjectIndex } = await load("src/core/analysis/project-index.js");
const { DEFAULT_CONFIG } = await load("src/core/config/config.js");
let input;
if (target.startsWith("gen:")) {
  const { generateProject } = await load("bench/generate-project.js");
  input = { files: generateProject(Number(target.slice(4)), 1), config: { ...DEFAULT_CONFIG }, rules: allRules };
} else {
  const { collectContextFiles, collectDeploymentFiles, collectFiles } = await load("src/cli/collect-files.js");
  const { classifyPaths } = await load("src/core/config/classify-path.js");
  const classify = classifyPaths(DEFAULT_CONFIG);
  const { files } = collectFiles({ root: target, targets: [target], classify, exclude: DEFAULT_CONFIG.exclude, maxFileSize: DEFAULT_CONFIG.maxFileSize });
  const contextFiles = collectContextFiles(target, files, classify.isSettingsModule, DEFAULT_CONFIG.maxFileSize);
  input = { files, contextFiles, deploymentFiles: collectDeploymentFiles(target), config: DEFAULT_CONFIG, rules: allRules };
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// Each rule's checks, timed around the call (the rule objects are this process's own).
const ruleMs = new Map();
for (const rule of allRules) {
  for (const key of ["check", "checkModule", "checkSettings", "checkTemplate"]) {
    const fn = rule[key];
    if (typeof fn !== "function") continue;
    rule[key] = function (...args) {
      const t = cpu();
      try {
        return fn.apply(this, args);
      } finally {
        ruleMs.set(rule.id, (ruleMs.get(rule.id) ?? 0) + cpu() - t);
      }
    };
  }
}
const rounds = Number(roundsArg ?? 3);
const runs = [];
for (let i = 0; i <= rounds; i++) {
  const rulesBefore = new Map(ruleMs);
  const t0 = cpu();
  const result = await analyzeProject(input);
  const t1 = cpu();
  for (const f of input.files) if (f.path.endsWith(".py")) parsePython(f.text.replace(/\r\n?/g, "\n"));
  const t2 = cpu();
  buildProjectIndex([...input.files, ...(input.contextFiles ?? [])]);
  const t3 = cpu();
  const rules = Object.fromEntries([...ruleMs].map(([id, ms]) => [id, ms - (rulesBefore.get(id) ?? 0)]));
  // Round 0 is V8 compiling the analysis: not counted.
  if (i > 0) runs.push({ analysis: t1 - t0, parse: t2 - t1, index: t3 - t2, rules, findings: result.findings.length });
  await new Promise((r) => setImmediate(r));
}
const least = (get) => Math.round(Math.min(...runs.map(get)));
const rulesTotal = (r) => Object.values(r.rules).reduce((a, b) => a + b, 0);
const top = Object.keys(runs[0].rules)
  .map((id) => [id, least((r) => r.rules[id])])
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8);
console.log(
  JSON.stringify({
    target, rounds, findings: runs[0].findings,
    analysisCpuMs: least((r) => r.analysis), analysisCpuMsEachRound: runs.map((r) => Math.round(r.analysis)),
    parseOnlyCpuMs: least((r) => r.parse), indexOnlyCpuMs: least((r) => r.index), ruleChecksCpuMs: least(rulesTotal),
    topRules: Object.fromEntries(top),
  }),
);
