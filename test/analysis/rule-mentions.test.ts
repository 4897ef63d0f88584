import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import { defineRule, type Rule, type RuleSpec } from "../../src/core/analysis/define-rule.js";
import type { SourceFile } from "../../src/core/analysis/types.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { allRules } from "../../rules/index.js";
import { generateProject } from "../../bench/generate-project.js";

// A rule's `mentions` lets files without those words skip it. The gate must never lose a finding:
// every corpus the project has gives the same findings with the gates as without them.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function filesUnder(dir: string): SourceFile[] {
  return walk(join(root, dir))
    .filter((p) => /\.(py|html|txt)$/.test(p))
    .sort()
    .map((p) => ({ path: relative(join(root, dir), p).split("\\").join("/"), text: readFileSync(p, "utf8") }));
}

const ungated: Rule[] = allRules.map((r) => ({ ...r, mentions: undefined }));
const summary = (files: SourceFile[], rules: Rule[]) =>
  analyzeSources({ files, config: DEFAULT_CONFIG, rules }).findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.ruleId} ${f.fingerprint}`);

describe("rule mentions", () => {
  it("some rules have them, and each matches its own docs example", () => {
    const gated = allRules.filter((r) => r.mentions);
    expect(gated.length).toBeGreaterThan(5);
    for (const r of gated) expect([r.id, r.mentions!.test(r.docs.example)]).toEqual([r.id, true]);
  });

  it.each([
    ["the bundled example project", "examples/vulnerable-shop"],
    ["the realistic corpus", "test/fixtures/realistic"],
    ["the rules' fixtures", "rules"],
  ])("lose no finding on %s", (_name, dir) => {
    const files = filesUnder(dir);
    const withGates = summary(files, allRules);
    expect(withGates.length).toBeGreaterThan(10);
    expect(withGates).toEqual(summary(files, ungated));
  });

  it("lose no finding on a generated project", () => {
    const files = generateProject(120, 7);
    const withGates = summary(files, allRules);
    expect(withGates.length).toBeGreaterThan(100);
    expect(withGates).toEqual(summary(files, ungated));
  });

  it("skip a rule in a file that never names its trigger", () => {
    const calls: string[] = [];
    const probe = defineRule({
      ...allRules.find((r) => r.id === "csrf-exempt-view")!,
      id: "probe",
      mentions: /needle/,
      query: undefined,
      checkModule: ({ path, reportFile }) => {
        calls.push(path);
        reportFile("exemptView", { view: "x" });
      },
    } as RuleSpec);
    const files = [
      { path: "a.py", text: "x = 'needle'\n" },
      { path: "b.py", text: "x = 'haystack'\n" },
    ];
    const found = analyzeSources({ files, config: DEFAULT_CONFIG, rules: [probe] }).findings.map((f) => f.path);
    expect(found).toEqual(["a.py"]);
    expect(calls).toEqual(["a.py"]);
  });

  it("must not be global regexes, which keep state between files", () => {
    expect(() => defineRule({ ...allRules[0], id: "stateful", mentions: /x/g } as RuleSpec)).toThrow(/mentions/);
  });
});
