// What the app's project context buys on real code: `node dist/bench/pr-context.js DIR...`.
// For every views module (`views.py`, `views/<x>.py`, `api.py`) of each project, as if a pull request changed only
// it: the inline-worthy findings (medium/high severity and confidence, not file-level) with no project context
// (the app before it read context), with the context files the app now reads (`planContextFiles` over the
// project's files), and with the whole project's facts (`django-sec scan`). Also how many context files were
// planned. Every run reads the project's settings modules as context, as the app does when it needs them.
import { collectFiles } from "../src/cli/collect-files.js";
import { analyzeProject, readProjectFacts } from "../src/core/analysis/analyze-project.js";
import { DEPLOYMENT_FILE } from "../src/core/analysis/deployed-settings.js";
import type { MarkedFinding, SourceFile } from "../src/core/analysis/types.js";
import { classifyPaths } from "../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { planContextFiles } from "../src/github/context-files.js";
import { allRules } from "../rules/index.js";

const dirs = process.argv.slice(2);
if (!dirs.length) {
  console.error("usage: node dist/bench/pr-context.js DIR...");
  process.exit(2);
}
const config = DEFAULT_CONFIG;
const classify = classifyPaths(config);
const inline = (f: MarkedFinding) => (f.severity === "medium" || f.severity === "high") && f.confidence !== "low" && !f.fileLevel;
const VIEWS = /(?:^|\/)(?:views(?:\/\w+)?|api)\.py$/;
const total = { modules: 0, alone: 0, context: 0, scan: 0, related: 0, urlconfs: 0, urlconfsLeftOut: 0 };
console.log("| project | views modules | inline findings, no context | with the app's context | with the whole tree (scan) | context files per module (related + URLconfs) |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const dir of dirs) {
  const { files } = collectFiles({ root: dir, targets: [dir], classify, exclude: config.exclude, maxFileSize: config.maxFileSize });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const tree = files.map((f) => ({ path: f.path, sha: f.path, size: Buffer.byteLength(f.text) }));
  const settings = files.filter((f) => classify.isSettingsModule(f.path));
  const facts = readProjectFacts({ files, config });
  const row = { modules: 0, alone: 0, context: 0, scan: 0, related: 0, urlconfs: 0, urlconfsLeftOut: 0 };
  for (const file of files.filter((f) => VIEWS.test(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const plan = planContextFiles([file], tree, (p) => p !== file.path && !classify.isSettingsModule(p) && !DEPLOYMENT_FILE.test(p));
    const context = plan.files.map((e) => byPath.get(e.path)!);
    const count = async (input: { contextFiles: SourceFile[]; facts?: typeof facts }) => (await analyzeProject({ files: [file], config, rules: allRules, ...input })).findings.filter(inline).length;
    row.modules++;
    row.alone += await count({ contextFiles: settings });
    row.context += await count({ contextFiles: [...settings, ...context] });
    row.scan += await count({ contextFiles: settings, facts });
    row.related += plan.related;
    row.urlconfs += plan.urlconfs;
    if (plan.urlconfsLeftOut) row.urlconfsLeftOut++;
  }
  const name = dir.replace(/\/+$/, "").split("/").pop();
  const per = (n: number) => (row.modules ? (n / row.modules).toFixed(1) : "–");
  console.log(`| ${name} | ${row.modules} | ${row.alone} | ${row.context} | ${row.scan} | ${per(row.related)} + ${per(row.urlconfs)}${row.urlconfsLeftOut ? ` (URLconfs left out for ${row.urlconfsLeftOut})` : ""} |`);
  for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += row[k];
}
console.log(`| total | ${total.modules} | ${total.alone} | ${total.context} | ${total.scan} | ${(total.related / total.modules).toFixed(1)} + ${(total.urlconfs / total.modules).toFixed(1)} |`);
