import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isConstantString } from "../../src/core/analysis/py-value.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { codeText, hasSplat, judgeText, positionalArgs } from "../sql-injection/string-building.js";
import { isSafeHtmlValue } from "./html-safe.js";
import { modelValueCheckers } from "./model-types.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";


export default defineRule({
  id: "format-html-misuse",
  severity: "medium",
  confidence: "high",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "xss",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html",
  docs: {
    what:
      "Finds `format_html()` calls whose format string is already filled in with an f-string, `%`, `.format()` or `+`, and calls that pass no arguments at all.",
    why:
      "`format_html()` escapes only its arguments. Values pasted into the format string before the call are not escaped, yet the result is marked safe, so they can inject script. Without arguments the call escapes nothing and just marks the string safe.",
    example: "from django.utils.html import format_html\n\ndef link(url, title):\n    return format_html(f'<a href=\"{url}\">{title}</a>')\n",
    summary: "Finds format_html() calls whose format string is already filled in, or that have no arguments.",
    good: "from django.utils.html import format_html\n\ndef link(url, title):\n    return format_html('<a href=\"{}\">{}</a>', url, title)\n",
    fix:
      "Keep the format string constant and pass values as arguments: `format_html('<a href=\"{}\">{}</a>', url, title)`. For a constant string with nothing to fill in, use `mark_safe()`.",
    note:
      "A format string filled in only with values the project's models show cannot hold markup (a number, a field with constant `choices`, the username of a user model that keeps Django's username validator) is reported at low confidence. " +
      "Calling `format_html()` without `args` or `kwargs` is deprecated since Django 5.0 and raises `TypeError` from Django 6.0. With a constant string that is an upgrade problem, not an injection, so it is reported at low severity.",
  },
  mentions: /format_html/,
  messages: {
    preInterpolated:
      "The format string of `format_html` is built with {{how}}, so those values are not escaped. Use placeholders and pass the values as arguments: `format_html(\"<b>{}</b>\", value)`.",
    noArgsConstant:
      "`format_html` without arguments is deprecated since Django 5.0 and an error in Django 6.0. Use `mark_safe()` for a constant string.",
    noArgsValue:
      "`format_html({{value}})` has no arguments, so it escapes nothing and marks the value safe (and fails in Django 6.0). Pass the values as arguments to a constant format string.",
  },
  checkModule({ root, text, imports, report, project }) {
    let isMarkupFree: ((node: SyntaxNode) => boolean) | undefined;
    for (const call of callsTo(callIndex(root, imports, text), TRACKED.formatHtml)) {
      const args = call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
      const template = positionalArgs(call)[0];
      if (!template || args[0]?.id !== template.id) continue;
      const v = judgeText(template, { imports, isSafeValue: isSafeHtmlValue });
      if (v.kind === "built") {
        // Values the project's models show cannot hold markup (a number, a constant choice, a validated username):
        // the pattern is still wrong, but nothing in sight can inject script.
        isMarkupFree ??= modelValueCheckers(project.index).isMarkupFree;
        const free = judgeText(template, { imports, isSafeValue: (n, imp) => isSafeHtmlValue(n, imp) || isMarkupFree!(n) }).kind === "safe";
        report(call, "preInterpolated", { how: v.how }, free ? { confidence: "low" } : undefined);
        continue;
      }
      if (args.length > 1 || hasSplat(call)) continue;
      // A constant (possibly through a local variable) only needs mark_safe; anything else is marked safe unescaped.
      // A constant marked safe injects nothing: only the deprecation (an error in Django 6.0) is left, at low severity.
      if (v.kind === "safe" || isConstantString(template)) report(call, "noArgsConstant", {}, { severity: "low" });
      else report(call, "noArgsValue", { value: codeText(template) });
    }
  },
});
