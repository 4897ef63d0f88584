import { sampleAnalysis } from "../../../test/cli/sample-analysis.js";
import { renderJson, toJsonReport } from "./json.js";

describe("JSON report", () => {
  it("has exactly the documented fields", () => {
    const result = sampleAnalysis();
    const report = toJsonReport(result.findings, [{ path: "a.py", reason: "binary", detail: "contains NUL bytes" }]);
    expect(Object.keys(report)).toEqual(["findings", "errors"]);
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
    expect(report.errors).toEqual([{ path: "a.py", reason: "binary" }]);
  });

  it("renders parseable JSON for an empty result", () => {
    expect(JSON.parse(renderJson([], []))).toEqual({ findings: [], errors: [] });
  });
});
