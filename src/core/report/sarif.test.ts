import { sampleAnalysis, testRules } from "../../../test/cli/sample-analysis.js";
import { validateSarif as validate } from "../../../test/cli/sarif-schema.js";
import { allRules } from "../../../rules/index.js";
import taintedHtml from "../../../rules/data-flow/tainted-html.js";
import { analyzeSources } from "../analysis/analyze-project.js";
import { DEFAULT_CONFIG } from "../config/config.js";
import { ruleShortDescription } from "./rule-docs.js";
import { FINGERPRINT_KEY, LINE_HASH_KEY, toSarif } from "./sarif.js";

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
  it("validates against the official SARIF 2.1.0 schema", () => {
    const log = sampleLog();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema rejects a misspelled or missing field (so the check above can fail)", () => {
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
      shortDescription: { text: "Finds views that turn off CSRF checks with csrf_exempt." },
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

  it.each(allRules.map((r) => [r.id, r] as const))("%s: a one-line shortDescription under 100 characters, without markdown", (_id, rule) => {
    const text = ruleShortDescription(rule);
    expect(text.length).toBeLessThan(100);
    expect(text.length).toBeGreaterThan(15);
    expect(text).not.toMatch(/[`\n]|\*\*|\]\(/);
  });

  it("shortDescription drops markdown links, code and emphasis", () => {
    const rule = { ...testRules[0], docs: { ...testRules[0].docs, summary: undefined, what: "Finds **bad** [views](https://x.test/a) with `csrf_exempt` (see [docs](https://x.test/b))." } };
    expect(ruleShortDescription(rule)).toBe("Finds bad views with csrf_exempt (see docs).");
  });

  it("a data-flow finding carries its path as a code flow, a line hash and a rank, and validates", () => {
    const text = "from django.utils.safestring import mark_safe\ndef view(request):\n    name = request.GET['name']\n    return mark_safe('<b>' + name + '</b>')\n";
    const result = analyzeSources({ files: [{ path: "shop/views.py", text }], config: DEFAULT_CONFIG, rules: [taintedHtml] });
    expect(result.findings).toHaveLength(1);
    const lines = text.split("\n");
    const log = toSarif({ rules: [taintedHtml], findings: result.findings, suppressed: [], errors: [], toolVersion: "1", informationUri: "https://x.test", source: (p) => (p === "shop/views.py" ? lines : undefined) }) as Json;
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const [r] = log.runs[0].results;
    expect(r.rank).toBe(90);
    expect(r.partialFingerprints[LINE_HASH_KEY]).toMatch(/^[0-9a-f]{16}:1$/);
    expect(r.partialFingerprints[FINGERPRINT_KEY]).toBe(result.findings[0].fingerprint);
    const steps = r.codeFlows[0].threadFlows[0].locations;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.map((s: Json) => s.location.physicalLocation.region.startLine)).toEqual(result.findings[0].trace!.map((t) => t.line));
    expect(steps[0].location.physicalLocation.artifactLocation.uri).toBe("shop/views.py");
  });

  it("sinks merged into one data-flow finding become its related locations, and validate", () => {
    const text = "from django.utils.safestring import mark_safe\ndef view(request):\n    name = request.GET['name']\n    a = mark_safe('<b>' + name + '</b>')\n    return mark_safe('<i>' + name + '</i>')\n";
    const result = analyzeSources({ files: [{ path: "shop/views.py", text }], config: DEFAULT_CONFIG, rules: [taintedHtml] });
    expect(result.findings.map((f) => [f.line, f.alsoAt?.map((a) => a.line)])).toEqual([[4, [5]]]);
    const log = toSarif({ rules: [taintedHtml], findings: result.findings, suppressed: [], errors: [], toolVersion: "1", informationUri: "https://x.test" }) as Json;
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const [r] = log.runs[0].results;
    expect(r.relatedLocations.map((l: Json) => l.physicalLocation.region.startLine)).toEqual([5]);
  });

  it("the line hash follows the line's text and counts identical lines", () => {
    const [f] = sampleAnalysis().findings;
    const hashOf = (lines: string[], line: number) =>
      (toSarif({ rules: testRules, findings: [{ ...f, line, endLine: line }], suppressed: [], errors: [], toolVersion: "1", informationUri: "https://x.test", source: () => lines }) as Json).runs[0].results[0].partialFingerprints[LINE_HASH_KEY];
    const a = hashOf(["x = 1", "@csrf_exempt"], 2);
    expect(hashOf(["", "", "  @csrf_exempt  "], 3)).toBe(a);
    expect(hashOf(["@csrf_exempt", "@csrf_exempt"], 2)).toBe(a.replace(/:1$/, ":2"));
  });

  it("a certain fix becomes a SARIF fix replacing whole lines", () => {
    const [f] = sampleAnalysis().findings;
    const log = toSarif({ rules: testRules, findings: [{ ...f, fix: { line: 3, endLine: 4, replacement: "def webhook(request):" } }], suppressed: [], errors: [], toolVersion: "1", informationUri: "https://x.test" }) as Json;
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.runs[0].results[0].fixes[0].artifactChanges[0]).toEqual({
      artifactLocation: { uri: "shop/views.py", uriBaseId: "%SRCROOT%" },
      replacements: [{ deletedRegion: { startLine: 3, startColumn: 1, endLine: 5, endColumn: 1 }, insertedContent: { text: "def webhook(request):\n" } }],
    });
  });

  it("keeps at most maxResults results, the most severe first, and says how many were left out", () => {
    const [f] = sampleAnalysis().findings;
    const findings = [
      { ...f, severity: "low" as const, line: 1 },
      { ...f, severity: "high" as const, line: 2 },
      { ...f, severity: "medium" as const, line: 3 },
    ];
    const log = toSarif({ rules: testRules, findings, suppressed: [], errors: [], toolVersion: "1", informationUri: "https://x.test", maxResults: 2 }) as Json;
    expect(log.runs[0].results.map((r: Json) => r.locations[0].physicalLocation.region.startLine)).toEqual([2, 3]);
    expect(log.runs[0].invocations[0].toolExecutionNotifications.at(-1).message.text).toMatch(/^1 of 3 results were left out: GitHub code scanning accepts at most 2 results per run/);
  });

  it("never writes a URI that climbs out of the root", () => {
    const [f] = sampleAnalysis().findings;
    const log = toSarif({ rules: testRules, findings: [f, { ...f, path: "../other/views.py" }], suppressed: [], errors: [{ path: "../x.py", reason: "binary" }], toolVersion: "1", informationUri: "https://x.test" }) as Json;
    expect(JSON.stringify(log)).not.toContain("../");
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].invocations[0].toolExecutionNotifications.at(-1).message.text).toMatch(/1 results outside the analysis root were left out/);
  });
});
