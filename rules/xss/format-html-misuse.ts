import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { isConstantString } from "../../src/core/analysis/py-value.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import type { SyntaxNode, TraceStep } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { codeText, hasSplat, judgeText, optInFlag, positionalArgs } from "../sql-injection/string-building.js";
import { isSafeHtmlValue } from "./html-safe.js";
import { modelValueCheckers } from "./model-types.js";

type SafeValue = (node: SyntaxNode, imports: ImportTable) => boolean;

/**
 * Why a misuse only matters when a caller opts in: the call sits in `if extra:` of a parameter `extra=None` (or the
 * unsafe part is added there), and with every such flag at its default the format string holds only safe values.
 * Whether any caller passes the flag is out of sight, so the finding is worth a look, not a comment.
 */
function optInOnly(call: SyntaxNode, template: SyntaxNode, imports: ImportTable, isSafe: SafeValue): TraceStep | undefined {
  const flag = optInFlag(call, enclosingFunction(call));
  if (flag !== undefined) return { line: call.startPosition.row + 1, label: `runs only when a caller passes \`${flag}\`` };
  let skipped: { flag: string; at: SyntaxNode } | undefined;
  const v = judgeText(template, { imports, isSafeValue: isSafe, optInSkipped: (f, at) => (skipped ??= { flag: f, at }) });
  return v.kind === "safe" && skipped ? { line: skipped.at.startPosition.row + 1, label: `added only when a caller passes \`${skipped.flag}\`` } : undefined;
}


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
      "Calling `format_html()` without `args` or `kwargs` is deprecated since Django 5.0 and raises `TypeError` from Django 6.0. With a constant string that is an upgrade problem, not an injection, so it is reported at low severity. " +
      "The values filled into the format string are judged as `mark-safe-untrusted` judges HTML, and only one that may carry markup from outside makes a finding: " +
      "constants (of the module, or a class's own `self.MESSAGE`/`Errors.MESSAGE`, sliced or not), numbers (`obj.id`, `len()`, `.count()`), `reverse()`/`get_absolute_url()` URLs, " +
      "`escape()`/`conditional_escape()`/`format_html()` output, joins and lists of such fragments, fields the project's models show cannot hold markup (numbers, constant `choices`, the username of a user model that keeps Django's username validator), and helpers of the module or methods of the class " +
      "(`self.changelist_url(obj, Perm.KIND)`) that only put such values, or the safe arguments they are given, into the HTML. " +
      "A format string that holds only such values is the low deprecation advice when it has no arguments, and no finding when it has. " +
      "When the value that may carry markup is only added under `if extra:` for an optional parameter `extra=None` (or the call only runs there), the finding is low confidence: whether any caller passes it is out of sight.",
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
    // The safe values of the mark-safe rules, and values the project's models show cannot hold markup (numbers,
    // dates, choices, slugs): only a value that may carry markup from outside makes a filled-in format string a hazard.
    const { isSafeHtml, isMarkupFree } = modelValueCheckers(project.index);
    const isSafe: SafeValue = (n, imp) => isSafeHtmlValue(n, imp) || isSafeHtml(n) || isMarkupFree(n);
    for (const call of callsTo(callIndex(root, imports, text), TRACKED.formatHtml)) {
      const args = call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
      const template = positionalArgs(call)[0];
      if (!template || args[0]?.id !== template.id) continue;
      const v = judgeText(template, { imports, isSafeValue: isSafe });
      const optIn = v.kind === "safe" ? undefined : optInOnly(call, template, imports, isSafe);
      const options = optIn ? { confidence: "low" as const, trace: [optIn] } : undefined;
      if (v.kind === "built") {
        report(call, "preInterpolated", { how: v.how }, options);
        continue;
      }
      if (args.length > 1 || hasSplat(call)) continue;
      // A constant (possibly through a local variable) only needs mark_safe; anything else is marked safe unescaped.
      // A constant marked safe injects nothing: only the deprecation (an error in Django 6.0) is left, at low severity.
      if (v.kind === "safe" || isConstantString(template)) report(call, "noArgsConstant", {}, { severity: "low" });
      else report(call, "noArgsValue", { value: codeText(template) }, options);
    }
  },
});
