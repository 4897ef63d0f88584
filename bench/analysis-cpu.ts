/**
 * CPU milliseconds of one analysis of the load scenario's typical pull requests (their changed files and the
 * settings modules the review reads with them, every rule), in this process: `node dist/bench/analysis-cpu.js
 * [ROUNDS]`. It prints one JSON line. CPU time depends much less than wall time on what else the machine runs,
 * so two builds can be compared on a busy machine by running this alternately with each (the same findings
 * count shows that both did the same work).
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allRules } from "../rules/index.js";
import { analyzeProject } from "../src/core/analysis/analyze-project.js";
import { parseConfig } from "../src/core/config/parse-config.js";
import { syntheticPull } from "./pr-synthetic.js";

export async function analysisCpu(rounds: number): Promise<{ cpuMsPerAnalysis: number; wallMsPerAnalysis: number; findingsPerRound: number }> {
  const { config } = parseConfig(undefined, { knownRuleIds: new Set(allRules.map((r) => r.id)) });
  // The four pull requests of `load-scenario.ts` (seeds 11 to 14).
  const inputs = [0, 1, 2, 3].map((j) => {
    const s = syntheticPull("typical", 11 + j);
    const head = s.pull.headFiles;
    return {
      files: s.changed.map((path) => ({ path, text: head[path] })),
      contextFiles: Object.keys(head)
        .filter((path) => /settings/.test(path) && !s.changed.includes(path))
        .map((path) => ({ path, text: head[path] })),
    };
  });
  let findings = 0;
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) for (const input of inputs) findings += (await analyzeProject({ ...input, config, rules: allRules })).findings.length;
  };
  // V8 compiles the analysis while it first runs: that is not what is compared.
  await run(Math.min(20, rounds));
  findings = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run(rounds);
  const used = process.cpuUsage(cpu);
  const n = rounds * inputs.length;
  return { cpuMsPerAnalysis: (used.user + used.system) / 1000 / n, wallMsPerAnalysis: (performance.now() - start) / n, findingsPerRound: findings / rounds };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await analysisCpu(Number(process.argv[2]) || 30);
  console.log(JSON.stringify({ cpuMsPerAnalysis: Number(r.cpuMsPerAnalysis.toFixed(1)), wallMsPerAnalysis: Number(r.wallMsPerAnalysis.toFixed(1)), findingsPerRound: r.findingsPerRound }));
}
