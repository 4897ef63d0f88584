import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import type { SourceFile } from "../../src/core/analysis/types.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { allRules } from "../../rules/index.js";

// A small Django project written the way real projects are: every finding must be marked
// `# expect: <rule-id>` (or `{# expect: ... #}` in templates) on the line above the flagged line, or
// `# expect-file: <rule-id>` for a finding about the whole file (reported on line 1).
const corpusDir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "realistic");
const MARKER = /^\s*(?:#|\{#)\s*(expect-file|expect|ok|todo-expect|todo-ok):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function corpus(): SourceFile[] {
  return walk(corpusDir)
    .sort()
    .map((p) => ({ path: relative(corpusDir, p).split("\\").join("/"), text: readFileSync(p, "utf8") }));
}

/** `path:line rule-id` for each marker of the given kinds, pointing at the next code line. */
function markers(files: SourceFile[], kinds: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const lines = f.text.split("\n");
    lines.forEach((line, i) => {
      const m = MARKER.exec(line);
      if (!m || (!kinds.includes(m[1]) && m[1] !== "expect-file")) return;
      if (m[1] === "expect-file") {
        if (kinds.includes("expect")) for (const id of m[2].split(",")) out.push(`${f.path}:1 ${id.trim()}`);
        return;
      }
      let target = i + 1;
      while (target < lines.length && (!lines[target].trim() || MARKER.test(lines[target]))) target++;
      for (const id of m[2].split(",")) out.push(`${f.path}:${target + 1} ${id.trim()}`);
    });
  }
  return out.sort();
}

describe("realistic Django project", () => {
  const files = corpus();
  const result = analyzeSources({ files, contextFiles: [], config: DEFAULT_CONFIG, rules: allRules });
  const found = [...new Set(result.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`))].sort();

  it("analyses every file without errors", () => {
    expect(result.errors).toEqual([]);
    expect(result.analyzed.length).toBeGreaterThan(30);
  });

  it("reports exactly the `expect` markers (known false positives marked `todo-ok` aside)", () => {
    const knownNoise = markers(files, ["todo-ok"]);
    expect(found.filter((f) => !knownNoise.includes(f))).toEqual(markers(files, ["expect"]));
  });

  it("`todo-expect` and `todo-ok` markers are still accurate (remove them once fixed)", () => {
    expect(markers(files, ["todo-expect"]).filter((m) => found.includes(m))).toEqual([]);
    expect(markers(files, ["todo-ok"]).filter((m) => !found.includes(m))).toEqual([]);
  });

  it("reports nothing on `ok` lines", () => {
    const ok = markers(files, ["ok"]);
    expect(found.filter((f) => ok.includes(f))).toEqual([]);
    expect(ok.length).toBeGreaterThan(0);
  });

  it("markers name real rules", () => {
    const ids = new Set(allRules.map((r) => r.id));
    const named = markers(files, ["expect", "ok", "todo-expect", "todo-ok"]).map((m) => m.split(" ")[1]);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});
