import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isMarkupFreeUrlParam, isValidatedField } from "../../src/core/analysis/project-index.js";
import type { TaintHit } from "../../src/core/analysis/taint/types.js";
import { BROWSER_SET_SOURCE } from "./browser-set-source.js";
import { flowMessages, reportTaint } from "./report-taint.js";

/** The URL parameter a hit starts from: `URL parameter \`name\``, or the key the line of the first step reads from `**kwargs` (`kwargs["kind"]`). */
function urlParameterSource(hit: TaintHit, lines: readonly string[]): string {
  if (hit.origin.label !== "URL parameter `kwargs`" || !hit.trace[1]) return hit.origin.label;
  const keys = [...(lines[hit.trace[1].line - 1] ?? "").matchAll(/\bkwargs(?:\[\s*["'](\w+)["']\s*\]|\.get\(\s*["'](\w+)["'])/g)];
  const key = keys.length === 1 ? keys[0] : undefined;
  return key ? `URL parameter \`${key[1] ?? key[2]}\`` : hit.origin.label;
}

export default defineRule({
  id: "tainted-html",
  severity: "high",
  confidence: "high",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html",
  supersedes: ["mark-safe-untrusted", "format-html-misuse"],
  docs: {
    what: "Follows request data into HTML that skips escaping: `mark_safe()`, `SafeString()`, the format string of `format_html()`, and HTML `HttpResponse` bodies.",
    why: "Unescaped request data in a page lets an attacker run script in other users' browsers (cross-site scripting), for example through a crafted link.",
    example:
      "from django.http import HttpResponse\n\ndef hello(request):\n    name = request.GET.get('name', '')\n    return HttpResponse(f'<h1>Hello {name}</h1>')\n",
    good: "from django.http import HttpResponse\nfrom django.utils.html import format_html\n\ndef hello(request):\n    name = request.GET.get('name', '')\n    return HttpResponse(format_html('<h1>Hello {}</h1>', name))\n",
    note: "A URL parameter that every URL pattern capturing it limits to letters, digits and `_ . - @ + : ~ ,` (`[a-z0-9._]+`, `\\w+`, `<slug:...>`, `<int:...>`), named or unnamed (an unnamed group fills the view's parameters after `request` in order), is not reported. A form field that passed its own validation (a `clean_<field>()` that raises `ValidationError`, a number, date, choice, model-choice or slug field, or a name every model and form of the project declares as such, e.g. a model field with `choices` read through a `ModelForm`) is reported at low confidence: whether the check keeps markup out is not seen. So is a cookie or a request header (`request.COOKIES`, `request.headers`, `META['HTTP_...']`): the victim's browser sends those, and no link or page of an attacker can choose them.",
    fix: "Render a template (autoescaping is on), or build the HTML with `format_html('<h1>Hello {}</h1>', name)` so each value is escaped. Use `escape()` if you must build the string yourself.",
  },
  messages: flowMessages("unescaped, so it can inject script into the page", "Escape it with `format_html()` or `escape()`, or render a template."),
  // A URL parameter every route captures with letters, digits and `_ . - @ + : ~ ,` only cannot open a tag: no finding.
  checkModule: (ctx) =>
    reportTaint(ctx, "html", (hit) =>
      isMarkupFreeUrlParam(ctx.project.index, urlParameterSource(hit, ctx.lines))
        ? null
        : isValidatedField(ctx.project.index, hit.origin.label) || BROWSER_SET_SOURCE.test(hit.origin.label)
          ? { confidence: "low" }
          : {},
    ),
});
