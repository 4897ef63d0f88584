// Findings of chosen rules on real code bases: `node dist/bench/rule-noise.js --rules id1,id2 DIR...`.
// Prints, per directory, the Python KLOC and the medium/high-confidence findings of those rules (one line
// each, for hand checking), then the total per 10 KLOC. Used to check that new rules add no noise to mature code.
// `--low` lists the low-confidence findings too (kept out of the inline review, shown in the check run).
import { collectFiles } from "../src/cli/collect-files.js";
import { analyzeProject } from "../src/core/analysis/analyze-project.js";
import { classifyPaths } from "../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { allRules } from "../rules/index.js";

const args = process.argv.slice(2);
const listLow = args.includes("--low");
if (listLow) args.splice(args.indexOf("--low"), 1);
const at = args.indexOf("--rules");
const ids = at >= 0 ? args.splice(at, 2)[1].split(",") : [];
const rules = allRules.filter((r) => ids.includes(r.id));
if (!rules.length || !args.length) {
  console.error("usage: node dist/bench/rule-noise.js --rules id1,id2 DIR...");
  process.exit(2);
}
const config = DEFAULT_CONFIG;
const classify = classifyPaths(config);
let lines = 0;
let strong = 0;
let weak = 0;
for (const dir of args) {
  const { files } = collectFiles({ root: dir, targets: [dir], classify, exclude: config.exclude, maxFileSize: config.maxFileSize });
  const kloc = files.filter((f) => classify.language(f.path) === "python").reduce((n, f) => n + f.text.split("\n").length, 0);
  lines += kloc;
  const result = await analyzeProject({ files, config, rules, wholeProject: true });
  const hits = result.findings.filter((f) => f.confidence !== "low");
  strong += hits.length;
  weak += result.findings.length - hits.length;
  console.log(`\n## ${dir}: ${(kloc / 1000).toFixed(1)} KLOC Python, ${hits.length} medium/high, ${result.findings.length - hits.length} low`);
  for (const f of listLow ? result.findings : hits) console.log(`${f.path}:${f.line} ${f.ruleId} [${f.confidence}] ${f.message}`);
}
console.log(`\nTotal: ${(lines / 1000).toFixed(1)} KLOC, ${strong} medium/high findings (${((strong * 10000) / lines).toFixed(2)} per 10 KLOC), ${weak} low`);
