import { defineRule } from "../analysis/define-rule.js";
import { testRules } from "../../../test/cli/sample-analysis.js";
import { fence, renderRuleReference, ruleDocMarkdown, ruleDocText } from "./rule-docs.js";

const templateRule = defineRule({
  id: "sample-template-rule",
  severity: "low",
  confidence: "low",
  cwe: [79, 116],
  owasp: "A03:2021",
  guideSection: "templates",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/templates/builtins/",
  docs: { what: "Finds a | pipe.", why: "Because.", example: "{{ x|safe }}\n", good: "{{ x }}\n", fix: "Remove it.", note: "Dated advice." },
  messages: { m: "m" },
  language: "template",
  checkTemplate() {},
});

describe("rule docs", () => {
  it("renders the reference with an index, section headings and an anchor per rule", () => {
    const md = renderRuleReference([...testRules, templateRule]);
    expect(md.startsWith("# django-sec rules\n")).toBe(true);
    expect(md).toContain("| [`csrf-exempt-view`](#csrf-exempt-view) | medium | high |");
    expect(md).toContain("| [`sample-template-rule`](#sample-template-rule) | low | low | Finds a \\| pipe. |");
    expect(md).toContain('## CSRF\n\n<a id="csrf-exempt-view"></a>\n\n### csrf-exempt-view\n');
    // Sections follow the order of the rule list.
    const order = ["## CSRF", "## Suppressions", "## Templates"].map((h) => md.indexOf(h));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("includes severity, CWE links, OWASP, guide section, what/why/example/fix/note and the Django link", () => {
    const md = ruleDocMarkdown(templateRule);
    expect(md).toContain("**Severity:** low · **Confidence:** low");
    expect(md).toContain("[CWE-79](https://cwe.mitre.org/data/definitions/79.html), [CWE-116](https://cwe.mitre.org/data/definitions/116.html)");
    expect(md).toContain("**OWASP:** A03:2021 Injection");
    expect(md).toContain("**Guide section:** Templates");
    expect(md).toContain("**Example that triggers it:**\n\n```django\n{{ x|safe }}\n```\n\n**Compliant example:**\n\n```django\n{{ x }}\n```");
    expect(md).toContain("**Note.** Dated advice.");
    expect(md).toContain("<https://docs.djangoproject.com/en/stable/ref/templates/builtins/>");
    expect(ruleDocMarkdown(testRules[0])).not.toContain("**Note.**");
  });

  it("renders plain text for the terminal", () => {
    const text = ruleDocText(testRules[0]);
    expect(text.split("\n")[0]).toBe("csrf-exempt-view  (medium severity, high confidence)");
    expect(text).toContain("How to fix it\n    Remove the decorator.");
    expect(text).toContain("    @csrf_exempt\n    def transfer(request):");
    expect(text).toContain("Compliant example\n    from django.contrib.auth.decorators import login_required");
    expect(text).toContain("Rule docs:   https://github.com/django-sec/django-sec/blob/main/docs/rules.md#csrf-exempt-view");
  });

  it.each([
    ["plain code", "x = 1", "```python\nx = 1\n```"],
    ["code with a triple backtick", "s = '```'", "````python\ns = '```'\n````"],
  ])("fences %s with more backticks than it holds", (_n, code, expected) => {
    expect(fence(code, "python")).toBe(expected);
  });
});
