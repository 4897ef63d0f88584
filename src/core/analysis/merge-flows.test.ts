import { allRules } from "../../../rules/index.js";
import { DEFAULT_CONFIG } from "../config/config.js";
import type { ChangeSet } from "../diff/types.js";
import { analyzeSources } from "./analyze-project.js";
import { fingerprintsOf, linesOf, mergeSameFlow } from "./merge-flows.js";
import type { MarkedFinding } from "./types.js";

const scan = (text: string, changes?: ChangeSet) =>
  analyzeSources({ files: [{ path: "app/views.py", text }], config: DEFAULT_CONFIG, rules: allRules, changes }).findings.filter((f) => f.ruleId === "tainted-html");

const VIEW = [
  "from django.http import HttpResponse", // 1
  "from django.utils.safestring import mark_safe", // 2
  "", // 3
  "def show(request):", // 4
  '    key = request.GET.get("key")', // 5
  '    a = mark_safe("<b>%s</b>" % key)', // 6
  '    b = mark_safe(f"<i>{key}</i>")', // 7
  '    other = request.GET.get("other")', // 8
  '    c = mark_safe(f"<i>{other}</i>")', // 9
  "    return HttpResponse(a + b + c)", // 10
  "",
].join("\n");

describe("one finding per request value and rule", () => {
  it("merges the sinks one value reaches into the first, naming the others", () => {
    const found = scan(VIEW);
    expect(found.map((f) => f.line)).toEqual([6, 9]);
    expect(found[0].message).toMatch(/also reaches `mark_safe` on line 7\.$/);
    expect(linesOf(found[0])).toEqual([6, 7]);
    // A second value read on its own line is another problem: its own finding, nothing merged into it.
    expect(found[1].alsoAt).toBeUndefined();
    expect(found[1].message).not.toMatch(/also reaches/);
  });

  it("keeps the fingerprint of each merged sink, so an earlier comment on it is not taken for fixed", () => {
    const merged = scan(VIEW)[0];
    // Without the first sink, the second is reported alone, with the fingerprint merging kept for it.
    const alone = scan(VIEW.replace('    a = mark_safe("<b>%s</b>" % key)', '    a = ""')).find((f) => f.line === 7)!;
    expect(alone.alsoAt).toBeUndefined();
    expect(fingerprintsOf(merged)).toEqual([merged.fingerprint, alone.fingerprint]);
  });

  it("keeps the sink inside the change when a pull request adds only the later one", () => {
    const changes: ChangeSet = new Map([["app/views.py", { path: "app/views.py", status: "modified", binary: false, added: [{ start: 7, end: 7 }], hunks: [{ start: 4, end: 10 }] }]]);
    const found = scan(VIEW, changes).filter((f) => f.inChange);
    expect(found.map((f) => f.line)).toEqual([7]);
    expect(found[0].message).toMatch(/also reaches `mark_safe` on line 6\.$/);
  });

  it("does not merge sinks the analysis judged differently, or findings without a flow", () => {
    const base: MarkedFinding = {
      ruleId: "tainted-html", messageId: "fromVariable", path: "a.py", line: 6, endLine: 6, column: 1, severity: "high", confidence: "high",
      cwe: [], message: "m.", fingerprint: "f6", fileLevel: false, inChange: true,
      trace: [{ line: 5, label: "`request.GET` read" }, { line: 6, label: "reaches `mark_safe`" }],
    };
    const low = { ...base, line: 7, fingerprint: "f7", confidence: "low" as const, trace: [base.trace![0], { line: 7, label: "reaches `mark_safe`" }] };
    const noFlow = { ...base, line: 8, fingerprint: "f8", trace: undefined };
    const noFlow2 = { ...base, line: 9, fingerprint: "f9", trace: undefined };
    expect(mergeSameFlow([base, low, noFlow, noFlow2]).map((f) => f.fingerprint)).toEqual(["f6", "f7", "f8", "f9"]);
    const sameJudgement = { ...low, confidence: "high" as const };
    expect(mergeSameFlow([base, sameJudgement, noFlow]).map((f) => [f.fingerprint, f.alsoAt])).toEqual([["f6", [{ line: 7, fingerprint: "f7" }]], ["f8", undefined]]);
  });
});
