import type { AnalysisResult } from "../../src/core/analysis/analyze-project.js";
import type { Finding, SourceFile } from "../../src/core/analysis/types.js";
import { classifyPaths } from "../../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { mergeResults } from "../../src/parallel/merge-results.js";
import { planChunks } from "../../src/parallel/plan-chunks.js";

const file = (path: string, bytes = 10): SourceFile => ({ path, text: "x".repeat(bytes) });
const classify = classifyPaths(DEFAULT_CONFIG);
const paths = (chunks: SourceFile[][]) => chunks.map((c) => c.map((f) => f.path));

describe("planChunks", () => {
  it.each<[string, SourceFile[], { maxFiles: number; maxBytes: number }, string[][]]>([
    ["no files", [], { maxFiles: 2, maxBytes: 100 }, []],
    ["closes a chunk at maxFiles", ["a.py", "b.py", "c.py", "d.py", "e.py"].map((p) => file(p)), { maxFiles: 2, maxBytes: 1000 }, [["a.py", "b.py"], ["c.py", "d.py"], ["e.py"]]],
    ["closes a chunk once it reaches maxBytes", [file("a.py", 40), file("b.py", 70), file("c.py", 10), file("d.py", 10)], { maxFiles: 10, maxBytes: 100 }, [["a.py", "b.py"], ["c.py", "d.py"]]],
    ["a huge file is a chunk of its own", [file("a.py", 10), file("big.py", 5000), file("c.py", 10)], { maxFiles: 10, maxBytes: 100 }, [["a.py", "big.py"], ["c.py"]]],
    ["counts bytes, not characters", [file("a.py", 0), { path: "b.py", text: "é".repeat(30) }, file("c.py")], { maxFiles: 10, maxBytes: 60 }, [["a.py", "b.py"], ["c.py"]]],
    ["keeps settings modules out of the chunks", [file("a.py"), file("proj/settings.py"), file("b.html"), file("proj/settings/prod.py"), file("c.py")], { maxFiles: 2, maxBytes: 1000 }, [["a.py", "b.html"], ["c.py"]]],
    ["keeps ignored and excluded files in the chunks", [file("notes.txt"), file("app/tests/test_x.py"), file("app/settings/tests/x.txt")], { maxFiles: 10, maxBytes: 1000 }, [["notes.txt", "app/tests/test_x.py", "app/settings/tests/x.txt"]]],
  ])("%s", (_name, files, budget, expected) => {
    const plan = planChunks(files, classify, budget);
    expect(paths(plan.chunks)).toEqual(expected);
    expect(plan.bytes).toBe(files.reduce((n, f) => n + Buffer.byteLength(f.text), 0));
    const settings = files.filter((f) => f.path.endsWith(".py") && classify.language(f.path) && classify.settingsKind(f.path) !== "none");
    expect(plan.settings).toEqual(settings);
  });
});

const finding = (path: string, line: number, ruleId: string, column = 1): Finding => ({
  ruleId, messageId: "m", path, line, endLine: line, column, severity: "low", confidence: "low", cwe: [], message: `${ruleId}@${line}`, fingerprint: `${path}:${line}:${ruleId}`, fileLevel: false,
});
const part = (over: Partial<AnalysisResult>): AnalysisResult => ({ findings: [], suppressed: [], suppressions: [], errors: [], analyzed: [], ignored: [], ...over });

describe("mergeResults", () => {
  const files = ["b.py", "a.py", "c.html", "d.txt"].map((p) => file(p));

  it("puts every list back in input file order and sorts findings by path, line, column and rule", () => {
    const merged = mergeResults(files, [
      part({
        analyzed: [{ path: "c.html", language: "template", settingsKind: "none" }, { path: "a.py", language: "python", settingsKind: "none" }],
        errors: [{ path: "a.py", reason: "rule-crashed", detail: "r1" }, { path: "a.py", reason: "rule-crashed", detail: "r2" }],
        findings: [{ ...finding("a.py", 3, "r2"), inChange: true }, { ...finding("c.html", 1, "r1"), inChange: false }],
        ignored: ["d.txt"],
      }),
      part({
        analyzed: [{ path: "b.py", language: "python", settingsKind: "none", syntaxErrorLine: 2 }],
        errors: [{ path: "b.py", reason: "rule-crashed", detail: "r3" }],
        findings: [{ ...finding("b.py", 1, "r1"), inChange: true }, { ...finding("a.py", 3, "r1"), inChange: true }, { ...finding("a.py", 1, "r9", 5), inChange: true }],
        suppressions: [{ path: "b.py", line: 1, ruleIds: ["r0"], reason: "" }],
      }),
    ]);
    expect(merged.analyzed.map((a) => a.path)).toEqual(["b.py", "a.py", "c.html"]);
    expect(merged.errors.map((e) => `${e.path} ${e.detail}`)).toEqual(["b.py r3", "a.py r1", "a.py r2"]);
    expect(merged.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}`)).toEqual(["a.py:1:r9", "a.py:3:r1", "a.py:3:r2", "b.py:1:r1", "c.html:1:r1"]);
    expect(merged.ignored).toEqual(["d.txt"]);
    expect(merged.suppressions).toHaveLength(1);
  });

  it("keeps findings with equal keys in the order their file reported them", () => {
    const first = { ...finding("a.py", 2, "r1"), messageId: "first", inChange: true };
    const second = { ...finding("a.py", 2, "r1"), messageId: "second", inChange: true };
    expect(mergeResults(files, [part({ findings: [first, second] })]).findings.map((f) => f.messageId)).toEqual(["first", "second"]);
  });

  it("throws on a result for a file it was not given", () => {
    expect(() => mergeResults(files, [part({ ignored: ["elsewhere.txt"] })])).toThrow(/"elsewhere.txt", which was not among the files analysed/);
  });
});
