import { sampleAnalysis, testRules } from "../../../test/cli/sample-analysis.js";
import { validateSarif as validate } from "../../../test/cli/sarif-schema.js";
import { FINGERPRINT_KEY, toSarif } from "./sarif.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function sampleLog(): Json {
  const result = sampleAnalysis();
  return toSarif({
    rules: testRules,
    findings: result.findings,
    suppressed: result.suppressed,
    errors: [{ path: "static/logo.html", reason: "binary", detail: "contains NUL bytes" }],
    toolVersion: "1.2.3",
    informationUri: "https://github.com/django-sec/django-sec",
  }) as Json;
}


describe("SARIF report", () => {
  it("validates against the SARIF 2.1.0 schema subset", () => {
    const log = sampleLog();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema subset rejects a misspelled or missing field (so the check above can fail)", () => {
    const log = sampleLog();
    log.runs[0].results[0].locations[0].physicalLocation.region.startline = 3;
    expect(validate(log)).toBe(false);
    const noDriver = sampleLog();
    delete noDriver.runs[0].tool.driver.name;
    expect(validate(noDriver)).toBe(false);
  });

  it("describes the tool and each rule the way GitHub code scanning reads them", () => {
    const driver = sampleLog().runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "django-sec", version: "1.2.3", informationUri: "https://github.com/django-sec/django-sec" });
    const rule = driver.rules[0];
    expect(rule).toMatchObject({
      id: "csrf-exempt-view",
      name: "CsrfExemptView",
      shortDescription: { text: testRules[0].docs.what },
      helpUri: "https://github.com/django-sec/django-sec/blob/main/docs/rules.md#csrf-exempt-view",
      defaultConfiguration: { level: "warning" },
      properties: { precision: "high", "security-severity": "5.0" },
    });
    expect(rule.properties.tags).toEqual(expect.arrayContaining(["security", "external/cwe/cwe-352"]));
    expect(rule.help.text).toContain("How to fix it");
    expect(rule.help.markdown).toContain("**How to fix it.**");
    expect(Number.isFinite(Number(rule.properties["security-severity"]))).toBe(true);
  });

  it("emits results with rule index, level, location and fingerprint", () => {
    const log = sampleLog();
    const rules: Json[] = log.runs[0].tool.driver.rules;
    const results: Json[] = log.runs[0].results;
    expect(results).toHaveLength(3);
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(results[0]).toMatchObject({
      ruleId: "csrf-exempt-view",
      level: "warning",
      message: { text: "`webhook` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers." },
      locations: [{ physicalLocation: { artifactLocation: { uri: "shop/views.py", uriBaseId: "%SRCROOT%" }, region: { startLine: 3, startColumn: 2, endLine: 3 } } }],
    });
    expect(results[0].partialFingerprints[FINGERPRINT_KEY]).toMatch(/\S+/);
    expect(results[1]).toMatchObject({ ruleId: "suppression-without-reason", level: "note" });
    expect(results[0].suppressions).toBeUndefined();
  });

  it("keeps suppressed findings as results with an in-source suppression and its reason", () => {
    const suppressed = sampleLog().runs[0].results[2];
    expect(suppressed).toMatchObject({
      ruleId: "csrf-exempt-view",
      locations: [{ physicalLocation: { region: { startLine: 8 } } }],
      suppressions: [{ kind: "inSource", justification: "signed by the payment provider" }],
    });
  });

  it("reports skipped files as tool notifications", () => {
    const [invocation] = sampleLog().runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: "warning",
        message: { text: "Skipped static/logo.html: binary (contains NUL bytes)" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "static/logo.html", uriBaseId: "%SRCROOT%" } } }],
      },
    ]);
  });

  it("escapes characters that are not allowed in a URI reference", () => {
    const [f] = sampleAnalysis().findings;
    const log = toSarif({ rules: testRules, findings: [{ ...f, path: "my app/views#1.py" }], suppressed: [], errors: [], toolVersion: "1", informationUri: "https://x.test" }) as Json;
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("my%20app/views%231.py");
    expect(validate(log)).toBe(true);
  });
});
