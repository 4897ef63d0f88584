// Scores the data-flow rules against the marked corpus in test/fixtures/taint-corpus:
// recall on `# expect:` lines and false positives on `# ok:` lines, per rule and overall.
// Runs the compiled analyzer: `npm run taint:score` builds first.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { analyzeSources } = await import(join(root, "dist/src/core/analysis/analyze-project.js"));
const { scoreMarkers } = await import(join(root, "dist/src/core/analysis/taint/score-markers.js"));
const { DEFAULT_CONFIG } = await import(join(root, "dist/src/core/config/config.js"));
const { default: dataFlow } = await import(join(root, "dist/rules/data-flow/index.js"));

const corpus = join(root, "test/fixtures/taint-corpus");
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".py") ? [p] : [];
  });
const files = walk(corpus).sort().map((p) => ({ path: relative(corpus, p).split("\\").join("/"), text: readFileSync(p, "utf8") }));

const result = analyzeSources({ files, contextFiles: [], config: { ...DEFAULT_CONFIG, exclude: [] }, rules: dataFlow });
const scores = scoreMarkers(files, result.findings, dataFlow.map((r) => r.id));

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : "n/a");
const markerCount = (kind, id) => files.reduce((n, f) => n + (f.text.match(new RegExp(`#\\s*${kind}:[^\\n]*\\b${id}\\b`, "g")) ?? []).length, 0);
console.log(`Taint corpus: ${files.length} files\n`);
console.log("| rule | expected | found | recall | ok lines | false positives | unmarked findings | known misses (todo-expect) |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
let expected = 0, found = 0, fps = 0, oks = 0, unmarked = 0, todos = 0;
for (const s of scores) {
  const ok = markerCount("ok", s.ruleId);
  const todo = markerCount("todo-expect", s.ruleId);
  console.log(`| ${s.ruleId} | ${s.expected} | ${s.found} | ${pct(s.found, s.expected)} | ${ok} | ${s.falsePositives.length} | ${s.unmarked.length} | ${todo} |`);
  expected += s.expected; found += s.found; fps += s.falsePositives.length; oks += ok; unmarked += s.unmarked.length; todos += todo;
}
console.log(`| **overall** | ${expected} | ${found} | ${pct(found, expected)} | ${oks} | ${fps} | ${unmarked} | ${todos} |`);
console.log(`\nRecall counting known misses as misses: ${pct(found, expected + todos)}`);
for (const s of scores) {
  for (const m of s.missed) console.log(`missed   ${s.ruleId} ${m.path}:${m.line}`);
  for (const m of s.falsePositives) console.log(`false+   ${s.ruleId} ${m.path}:${m.line}`);
  for (const m of s.unmarked) console.log(`unmarked ${s.ruleId} ${m.path}:${m.line}`);
}
if (result.errors.length) console.log(`errors: ${JSON.stringify(result.errors)}`);
process.exitCode = found / expected >= 0.9 && fps === 0 ? 0 : 1;
