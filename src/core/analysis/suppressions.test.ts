import markSafe from "../../../rules/xss/mark-safe-untrusted.js";
import { runRule } from "../../../test/helpers/test-rule.js";
import { DEFAULT_CONFIG } from "../config/config.js";
import { findSuppressions, MARK_SAFE_RULES, suppressionFor } from "./suppressions.js";

const find = (line: string, foreign = true) => findSuppressions("a.py", [line], "python", { foreign });

describe("findSuppressions: ours", () => {
  it("reads rule ids and the reason", () => {
    expect(find("x = 1  # django-sec: ignore[a-rule, b-rule] - checked by hand")).toEqual([
      { path: "a.py", line: 1, ruleIds: ["a-rule", "b-rule"], reason: "checked by hand" },
    ]);
  });
  it("reads the template form", () => {
    expect(findSuppressions("t.html", ["{{ x|safe }} {# django-sec: ignore[template-safe-filter] sanitised #}"], "template")).toEqual([
      { path: "t.html", line: 1, ruleIds: ["template-safe-filter"], reason: "sanitised" },
    ]);
  });
});

describe("findSuppressions: other tools' comments", () => {
  it.each([
    ["bare nosec", "html = mark_safe(x)  # nosec", { ruleIds: [], anyRule: true, reason: "", via: "# nosec" }],
    ["nosec with a reason", "html = mark_safe(x)  # nosec - escaped in the template tag", { ruleIds: [], anyRule: true, reason: "escaped in the template tag", via: "# nosec" }],
    ["nosec B308", "html = mark_safe(x)  # nosec B308", { ruleIds: [...MARK_SAFE_RULES], reason: "", via: "# nosec B308" }],
    ["nosec: B703, B308 with a reason", "html = mark_safe(x)  # nosec: B703, B308 value is bleach-cleaned", { ruleIds: [...MARK_SAFE_RULES], reason: "value is bleach-cleaned", via: "# nosec B703, B308" }],
    ["nosec by test name", "html = mark_safe(x)  # nosec django_mark_safe", { ruleIds: [...MARK_SAFE_RULES], reason: "", via: "# nosec django_mark_safe" }],
    ["noqa: S308", "html = mark_safe(x)  # noqa: S308", { ruleIds: [...MARK_SAFE_RULES], reason: "", via: "# noqa: S308" }],
    ["noqa with other codes and a reason comment", "html = mark_safe(x)  # noqa: E501,S308  # constant markup", { ruleIds: [...MARK_SAFE_RULES], reason: "constant markup", via: "# noqa: E501, S308" }],
    ["bare nosemgrep", "html = mark_safe(x)  # nosemgrep", { ruleIds: [], anyRule: true, reason: "", via: "# nosemgrep" }],
    ["nosemgrep naming avoid-mark-safe", "html = mark_safe(x)  # nosemgrep: python.django.security.audit.avoid-mark-safe.avoid-mark-safe", { ruleIds: [...MARK_SAFE_RULES], reason: "", via: "# nosemgrep: python.django.security.audit.avoid-mark-safe.avoid-mark-safe" }],
  ])("%s", (_name, line, expected) => {
    expect(find(line)).toEqual([{ path: "a.py", line: 1, ...expected }]);
  });

  it.each([
    ["nosec for another Bandit test", "subprocess.call(cmd, shell=True)  # nosec B602"],
    ["noqa for other codes", "html = mark_safe(x)  # noqa: E501"],
    ["bare noqa", "html = mark_safe(x)  # noqa"],
    ["nosemgrep naming another rule", "html = mark_safe(x)  # nosemgrep: python.lang.security.audit.eval-detected"],
    ["no comment", "nosec = mark_safe(x)"],
  ])("ignores %s", (_name, line) => {
    expect(find(line)).toEqual([]);
  });

  it("reads none when honor-foreign-suppressions is off, and never in templates", () => {
    expect(find("html = mark_safe(x)  # nosec B308", false)).toEqual([]);
    expect(findSuppressions("t.html", ["{{ x }} # nosec"], "template", { foreign: true })).toEqual([]);
  });
});

describe("suppressionFor", () => {
  const [nosec] = find("html = mark_safe(x)  # nosec B308").map((s) => ({ ...s, line: 5 }));
  it("covers the mapped rules on the finding's own lines only", () => {
    expect(suppressionFor("mark-safe-untrusted", 5, false, [nosec])).toBe(nosec);
    expect(suppressionFor("mark-safe-untrusted", 3, false, [nosec], 6)).toBe(nosec);
    expect(suppressionFor("mark-safe-untrusted", 6, false, [nosec])).toBeUndefined();
    expect(suppressionFor("csrf-exempt-view", 5, false, [nosec])).toBeUndefined();
    expect(suppressionFor("mark-safe-untrusted", 5, true, [nosec])).toBeUndefined();
  });
  it("a bare one covers any rule on its line", () => {
    const [bare] = find("@csrf_exempt  # nosec");
    expect(suppressionFor("csrf-exempt-view", 1, false, [bare])).toBe(bare);
  });
});

describe("foreign suppressions in an analysis", () => {
  const code = (comment: string) => `from django.utils.safestring import mark_safe\ndef f(request):\n    return mark_safe(request.GET["q"])${comment}\n`;

  it("a finding under # nosec B308 is suppressed with its reason, and no suppression-without-reason finding", () => {
    const result = runRule(markSafe, code("  # nosec B308 - shown to staff only"));
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((s) => [s.finding.ruleId, s.suppression.via, s.suppression.reason])).toEqual([["mark-safe-untrusted", "# nosec B308", "shown to staff only"]]);
  });

  it("the same line is reported when honor-foreign-suppressions is off, or the comment names another hazard", () => {
    expect(runRule(markSafe, code("  # nosec B308"), undefined, {}, { ...DEFAULT_CONFIG, honorForeignSuppressions: false }).findings).toHaveLength(1);
    expect(runRule(markSafe, code("  # noqa: E501")).findings).toHaveLength(1);
    expect(runRule(markSafe, code("")).findings).toHaveLength(1);
  });
});
