import { sampleAnalysis, testRules } from "../../../test/cli/sample-analysis.js";
import type { MarkedFinding } from "../analysis/types.js";
import { firstSentence, renderText, type TextReportInput } from "./text.js";

const rules = new Map(testRules.map((r) => [r.id, r]));

function input(overrides: Partial<TextReportInput> = {}): TextReportInput {
  const result = sampleAnalysis();
  return { findings: result.findings, errors: [], rules, filesAnalyzed: 1, suppressedCount: result.suppressed.length, color: false, ...overrides };
}

describe("renderText", () => {
  it("prints one line per finding with its confidence, then one fix paragraph per rule, then a summary", () => {
    expect(renderText(input())).toBe(
      [
        "shop/views.py:3:2  medium  high-confidence  csrf-exempt-view  `webhook` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers.",
        "shop/views.py:12:10  low  high-confidence  suppression-without-reason  Suppression of `csrf-exempt-view` gives no reason. Add one after the brackets so reviewers can judge it.",
        "",
        "How to fix:",
        `  csrf-exempt-view: ${rules.get("csrf-exempt-view")!.docs.fix} (django-sec explain csrf-exempt-view)`,
        `  suppression-without-reason: ${rules.get("suppression-without-reason")!.docs.fix} (django-sec explain suppression-without-reason)`,
        "",
        "2 findings (1 medium, 1 low); 1 file checked, 1 suppressed.",
        "",
      ].join("\n"),
    );
  });

  it("shows the source under each finding with a caret from its column, and one fix paragraph for two findings of a rule", () => {
    const [f] = sampleAnalysis().findings;
    const lines = ["from django.views.decorators.csrf import csrf_exempt", "", "@csrf_exempt", "def webhook(request):"];
    const text = renderText(input({ findings: [f, { ...f, line: 3 }], source: (p) => (p === "shop/views.py" ? lines : undefined) }));
    expect(text).toContain("  |\n3 | @csrf_exempt\n  |  ^^^^^^^^^^^\n\n");
    expect(text.match(/csrf-exempt-view: Remove the decorator/g)).toHaveLength(1);
  });

  it("says how many findings are below the gate confidence, in the baseline, or fixed", () => {
    const [f] = sampleAnalysis().findings;
    const text = renderText(input({ findings: [f, { ...f, confidence: "low" }], gateConfidence: "medium", baselined: 2, fixed: 1, suppressedCount: 0 }));
    expect(text).toContain("medium  low-confidence  csrf-exempt-view");
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 findings (2 medium); 1 file checked, 1 below medium confidence (worth a look; not counted for the exit code), 2 in the baseline, 1 finding fixed.");
  });

  it.each([
    ["no findings", { findings: [] as MarkedFinding[], suppressedCount: 0 }, "No findings; 1 file checked.\n"],
    ["diff mode with findings left out", { findings: [] as MarkedFinding[], suppressedCount: 0, outsideChange: 3 }, "No findings in the change; 1 file checked, 3 pre-existing findings outside the change left out (--all shows them).\n"],
    ["diff mode, one left out", { findings: [] as MarkedFinding[], suppressedCount: 0, outsideChange: 1 }, "No findings in the change; 1 file checked, 1 pre-existing finding outside the change left out (--all shows them).\n"],
  ])("summary: %s", (_name, overrides, expected) => {
    expect(renderText(input(overrides))).toBe(expected);
  });

  it("lists skipped files and syntax errors", () => {
    const text = renderText(
      input({
        findings: [],
        suppressedCount: 0,
        errors: [
          { path: "data/big.py", reason: "too-large", detail: "2000000 bytes, limit 1000000" },
          { path: "legacy.py", reason: "not-utf8" },
        ],
        syntaxErrors: [{ path: "broken.py", line: 4 }],
      }),
    );
    expect(text).toContain("Skipped 2 files:\n  data/big.py: too-large (2000000 bytes, limit 1000000)\n  legacy.py: not-utf8\n");
    expect(text).toContain("note: broken.py:4: syntax error; the rest of the file was still checked");
    expect(text.trimEnd().split("\n").at(-1)).toBe("No findings; 1 file checked, 2 files skipped.");
  });

  it("uses ANSI colours only when asked", () => {
    expect(renderText(input({ color: true }))).toContain("\u001b[33mmedium\u001b[0m");
    expect(renderText(input({ color: false }))).not.toContain("\u001b[");
  });

  it("keeps each finding on one line even when a path or message holds control characters", () => {
    const [f] = sampleAnalysis().findings;
    const text = renderText(input({ findings: [{ ...f, path: "evil\n\u001b[2Jname.py", message: "a\nb" }], rules: new Map() }));
    expect(text.split("\n")[0]).toBe("evil [2Jname.py:3:2  medium  high-confidence  csrf-exempt-view  a b");
    expect(text).not.toContain("\u001b");
  });

  it.each([
    ["one sentence", "Remove it.", "Remove it."],
    ["two sentences", "Remove it. Then redeploy.", "Remove it."],
    ["a full stop inside code", "Call `os.path.join(a, b). ` first. Then go.", "Call `os.path.join(a, b). ` first."],
    ["no full stop", "Remove it", "Remove it"],
    ["an abbreviation", "Use a header, e.g. a signature. Then go.", "Use a header, e.g. a signature."],
  ])("fix hint takes the first sentence: %s", (_name, text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });
});
