import csrfExempt from "../../../rules/csrf/csrf-exempt-view.js";
import type { Rule } from "../analysis/define-rule.js";
import type { MarkedFinding, Severity } from "../analysis/types.js";
import { CHECK_TEXT_LIMIT, checkConclusion, fitLines, renderAnnotations, renderCheckSummary, type CheckSummaryInput } from "./check-summary.js";

const rules = new Map<string, Rule>([[csrfExempt.id, csrfExempt]]);

function finding(line: number, severity: Severity = "medium", inChange = true): MarkedFinding {
  return {
    ruleId: "csrf-exempt-view", messageId: "exemptView", path: "shop/views.py", line, endLine: line, column: 1,
    severity, confidence: "high", cwe: ["CWE-352"], message: "`pay` accepts cross-site POSTs.",
    fingerprint: `fp${line}`, fileLevel: false, inChange,
  };
}

function input(over: Partial<CheckSummaryInput> = {}): CheckSummaryInput {
  return {
    headSha: "abcdef1234567890", failOn: "high", inChange: [], preExisting: [], rules, filesAnalyzed: 2, errors: [],
    skipped: [], notes: [], configProblems: [], configChanged: false, suppressionsAdded: [], suppressedCount: 0,
    resolvedThreads: 0, maxInlineComments: 25, ...over,
  };
}

describe("checkConclusion", () => {
  it.each([
    ["high finding, fail-on high", [finding(1, "high")], "high", "failure"],
    ["medium finding, fail-on high", [finding(1, "medium")], "high", "success"],
    ["medium finding, fail-on medium", [finding(1, "medium")], "medium", "failure"],
    ["low finding, fail-on medium", [finding(1, "low")], "medium", "success"],
    ["high finding outside the change", [finding(1, "high", false)], "high", "success"],
    ["fail-on never", [finding(1, "high")], "never", "success"],
    ["nothing", [], "low", "success"],
  ] as const)("%s", (_name, findings, failOn, expected) => {
    expect(checkConclusion([...findings], failOn)).toBe(expected);
  });
});

describe("checkConclusion with a comment-confidence", () => {
  const low = { ...finding(1, "high"), confidence: "low" as const };
  it("a finding below the confidence never fails the check", () => {
    expect(checkConclusion([low], "low", "medium")).toBe("success");
    expect(checkConclusion([low, finding(2, "high")], "high", "medium")).toBe("failure");
    expect(checkConclusion([low], "high", "low")).toBe("failure");
  });
  it("annotations below the confidence are notices", () => {
    expect(renderAnnotations([low, finding(2, "high")], rules, "medium").map((a) => a.annotation_level)).toEqual(["notice", "failure"]);
  });
});

describe("renderCheckSummary", () => {
  it("counts by severity and rule and lists what was not commented inline", () => {
    const out = renderCheckSummary(input({
      inChange: [
        { finding: finding(3, "high"), placement: "inline" },
        { finding: finding(9), placement: "outside-diff" },
        { finding: finding(12), placement: "already-commented" },
      ],
      preExisting: [finding(40, "low", false)],
      skipped: [{ path: "big.py", reason: "larger than 1000000 bytes" }],
      configProblems: [{ path: "fail-on", message: 'expected "high" | "medium" | "low" | "never", got "hgh"' }],
      configChanged: true,
      suppressionsAdded: [{ path: "shop/views.py", line: 7, ruleIds: ["csrf-exempt-view"], reason: "" }],
    }));
    expect(out.title).toBe("1 high, 2 medium in this change");
    expect(out).toMatchSnapshot();
    expect(out.summary).toContain("| High | 1 | 0 |");
    expect(out.summary).toContain("| Low | 0 | 1 |");
    expect(out.summary).toContain("1 inline comment posted, 1 already commented on by an earlier run.");
    expect(out.summary).toContain("line 9");
    expect(out.summary).not.toMatch(/line 3:.*outside/);
    expect(out.text).toContain("line 40");
  });

  it("says plainly when nothing was found", () => {
    const out = renderCheckSummary(input());
    expect(out.title).toBe("No findings in this change");
    expect(out.text).toBeUndefined();
  });

  it("keeps the summary within GitHub's limit and says how much was left out", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ finding: finding(i + 1), placement: "over-cap" as const }));
    const out = renderCheckSummary(input({ inChange: many }));
    expect(out.summary.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(out.summary).toMatch(/…and \d+ more lines left out/);
  });

  it("names the file for a problem with no key path", () => {
    const out = renderCheckSummary(input({ configProblems: [{ path: "", message: "not valid YAML; using the defaults" }] }));
    expect(out.summary).toContain("- the file: not valid YAML; using the defaults");
  });

  it("escapes config text that could inject markup", () => {
    const out = renderCheckSummary(input({ configProblems: [{ path: "rules", message: "got <img src=x> [link](http://e)" }] }));
    expect(out.summary).toContain("got \\<img src=x\\> \\[link\\](http://e)");
  });
});

describe("fitLines", () => {
  it.each([
    ["everything fits", ["a", "b"], 100, "H\na\nb"],
    ["one line left out", ["a", "b".repeat(200)], 120, "H\na\n\n_…and 1 more lines left out to fit GitHub's 120-character limit._"],
  ])("%s", (_name, lines, limit, expected) => {
    expect(fitLines("H", lines, limit)).toBe(expected);
  });
});

describe("renderAnnotations", () => {
  it("maps severity to level and bounds the title", () => {
    const [a] = renderAnnotations([{ ...finding(3, "high"), ruleId: "x".repeat(300) }], rules);
    expect(a.annotation_level).toBe("failure");
    expect(a.title.length).toBeLessThanOrEqual(255);
    const [b] = renderAnnotations([finding(5, "low")], rules);
    expect(b).toMatchObject({ path: "shop/views.py", start_line: 5, end_line: 5, annotation_level: "notice" });
    expect(b.message).toContain("How to fix:");
  });
});
