import { sampleAnalysis } from "../../../test/cli/sample-analysis.js";
import { renderJson, toJsonReport } from "./json.js";

describe("JSON report", () => {
  it("has exactly the documented fields", () => {
    const result = sampleAnalysis();
    const report = toJsonReport({
      toolVersion: "1.2.3",
      findings: result.findings,
      suppressed: result.suppressed,
      errors: [{ path: "a.py", reason: "binary", detail: "contains NUL bytes" }],
      filesAnalyzed: 1,
      failing: 0,
    });
    expect(Object.keys(report)).toEqual(["tool", "summary", "findings", "suppressed", "errors"]);
    expect(report.tool).toEqual({ name: "django-sec", version: "1.2.3" });
    expect(report.summary).toEqual({
      findings: 2, bySeverity: { high: 0, medium: 1, low: 1 }, byConfidence: { high: 2, medium: 0, low: 0 }, failing: 0,
      filesAnalyzed: 1, suppressed: 1, baselined: 0, fixed: 0, skipped: 1,
    });
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(["ruleId", "path", "line", "endLine", "column", "severity", "confidence", "cwe", "message", "fingerprint", "inChange"]);
    }
    expect(report.findings[0]).toEqual({
      ruleId: "csrf-exempt-view",
      path: "shop/views.py",
      line: 3,
      endLine: 3,
      column: 2,
      severity: "medium",
      confidence: "high",
      cwe: ["CWE-352"],
      message: "`webhook` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers.",
      fingerprint: result.findings[0].fingerprint,
      inChange: true,
    });
    expect(report.suppressed).toHaveLength(1);
    expect(report.suppressed[0]).toMatchObject({ ruleId: "csrf-exempt-view", suppression: { reason: expect.any(String) } });
    expect(report.errors).toEqual([{ path: "a.py", reason: "binary" }]);
  });

  it("lists the lines of sinks merged into a finding as alsoAt, and only then", () => {
    const [f] = sampleAnalysis().findings;
    const report = toJsonReport({ toolVersion: "1", findings: [{ ...f, alsoAt: [{ line: 9, fingerprint: "x" }] }, f], suppressed: [], errors: [], filesAnalyzed: 1, failing: 0 });
    expect(report.findings[0].alsoAt).toEqual([9]);
    expect("alsoAt" in report.findings[1]).toBe(false);
  });

  it("renders parseable JSON for an empty result", () => {
    expect(JSON.parse(renderJson({ toolVersion: "0.0.0", findings: [], suppressed: [], errors: [], filesAnalyzed: 0, failing: 0 }))).toMatchObject({ findings: [], suppressed: [], errors: [] });
  });
});
