import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { TemplateToken } from "../../src/core/analysis/template-tokenizer.js";
import type { Fix } from "../../src/core/analysis/types.js";

type HtmlOpen = Extract<TemplateToken, { type: "html-open" }>;

// `https://`, `//host` and other schemes (`mailto:`) send the form, and a token in it, somewhere else.
const EXTERNAL_ACTION = /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
// Tags that may put the token in the form without it showing here: an included template, a child
// template's block, or a form helper such as crispy-forms' `{% crispy %}`.
const MAY_CARRY_TOKEN = /^(?:include|block|endblock|crispy)$|csrf/;
// A project's own form-rendering tag (`{% render_form_horizontal form %}`) is usually an inclusion tag,
// and Django hands `csrf_token` to an inclusion tag's template, so that template may print the token.
// `form` as a word of the name, so `format_date` is not one.
const FORM_TAG = /(?:^|_)form(?:set)?s?(?:_|$)/i;
// Form tags of well-known libraries that render fields only, never the token, keyed by the
// `{% load %}` name that brings them in: django-bootstrap3/4/5 and Django REST framework.
const FIELDS_ONLY_FORM_TAGS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  ["bootstrap3", "bootstrap4", "django_bootstrap5", "rest_framework"].map((lib) => [
    lib,
    new Set(lib === "rest_framework" ? ["render_form"] : ["bootstrap_form", "bootstrap_formset", "bootstrap_form_errors", "bootstrap_formset_errors"]),
  ]),
);

/** Tag names whose form tags are known to render no token, from the libraries this template loads. */
function fieldsOnlyTags(tokens: TemplateToken[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    if (t.type !== "block" || t.tag !== "load") continue;
    // `{% load a b %}` loads libraries; `{% load x y from lib %}` loads single tags of `lib`.
    const words = t.args.split(/\s+/);
    const from = words.indexOf("from");
    for (const lib of from >= 0 ? words.slice(from + 1) : words) for (const tag of FIELDS_ONLY_FORM_TAGS.get(lib) ?? []) out.add(tag);
  }
  return out;
}

type Verdict = { kind: "has-token" | "unknown" } | { kind: "missing"; close: TemplateToken };

/**
 * For each token index, what the tokens from there up to the next `</form>` say about a form whose body
 * starts there. Built backwards in one pass, so many unclosed forms stay linear.
 */
function verdictsFrom(tokens: TemplateToken[]): Verdict[] {
  const out: Verdict[] = new Array(tokens.length + 1);
  const fieldsOnly = fieldsOnlyTags(tokens);
  const mayCarryToken = (tag: string): boolean => MAY_CARRY_TOKEN.test(tag) || (FORM_TAG.test(tag) && !fieldsOnly.has(tag));
  // No `</form>` after this point: the form goes on in another template, which may hold the token.
  out[tokens.length] = { kind: "unknown" };
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.type === "html-close" && t.tag === "form") out[i] = { kind: "missing", close: t };
    else if (t.type === "block" && t.tag === "csrf_token") out[i] = { kind: "has-token" };
    else if (t.type === "block" && mayCarryToken(t.tag)) out[i] = { kind: "unknown" };
    else if (t.type === "variable" && /^(?:csrf_token|csrf_input)$/.test(t.expression)) out[i] = { kind: "has-token" };
    else if (t.type === "html-open" && t.tag === "input" && t.attrs.name === "csrfmiddlewaretoken") out[i] = { kind: "has-token" };
    else out[i] = out[i + 1];
  }
  return out;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * Inserts `{% csrf_token %}` on its own line after the `<form ...>` tag, indented like the form's first
 * line of content; only when the tag starts and ends its lines, so nothing else moves.
 */
function insertToken(form: HtmlOpen, close: TemplateToken, lines: string[]): Fix | undefined {
  const first = lines[form.line - 1];
  const last = lines[form.endLine - 1];
  if (first.slice(0, form.column - 1).trim() !== "") return undefined;
  const endColumn = form.endLine === form.line ? form.column - 1 + form.raw.length : form.raw.length - form.raw.lastIndexOf("\n") - 1;
  if (last.slice(endColumn).trim() !== "" || close.line === form.endLine) return undefined;
  const body = lines.slice(form.endLine, close.line - 1).find((l) => l.trim() !== "");
  const formIndent = indentOf(first);
  const indent = body !== undefined && indentOf(body).length > formIndent.length ? indentOf(body) : formIndent + (formIndent.includes("\t") ? "\t" : "  ");
  return { line: form.endLine, endLine: form.endLine, replacement: `${last}\n${indent}{% csrf_token %}` };
}

export default defineRule({
  id: "template-form-without-csrf-token",
  language: "template",
  severity: "low",
  confidence: "medium",
  cwe: 352,
  owasp: "A01:2021",
  guideSection: "templates",
  djangoDocs: "https://docs.djangoproject.com/en/stable/howto/csrf/",
  docs: {
    what: "Finds `<form method=\"post\">` elements with no `{% csrf_token %}` before their `</form>`.",
    why:
      "Without the token Django rejects the submission (403, CSRF verification failed) while `CsrfViewMiddleware` is on, and the usual " +
      "workaround, `csrf_exempt`, lets any site submit the form with a logged-in user's cookies. If the view is already exempt, that forgery works today.",
    example: "<form method=\"post\" action=\"{% url 'account:email' %}\">\n  {{ form.as_p }}\n  <button>Save</button>\n</form>\n",
    good: "<form method=\"post\" action=\"{% url 'account:email' %}\">\n  {% csrf_token %}\n  {{ form.as_p }}\n  <button>Save</button>\n</form>\n",
    fix: "Add `{% csrf_token %}` inside the form, and keep the view protected by `CsrfViewMiddleware` (no `csrf_exempt`).",
    note:
      "The rule reads one template at a time, so it stays silent where the token could come from elsewhere: forms with an " +
      "`{% include %}`, a `{% block %}` (a child template may fill it with the token), a crispy-forms or other `csrf` tag, " +
      "or a custom tag with `form` in its name inside (Django passes `csrf_token` to an inclusion tag's template, so a " +
      "form-rendering tag such as `{% bootstrap_form_horizontal form %}` may print it), and forms whose `</form>` is in " +
      "another template. Form tags known to render fields only (django-bootstrap3/4/5's `{% bootstrap_form %}`, Django REST " +
      "framework's `{% render_form %}`) are still checked. A `{% csrf_token %}` placed in a base template outside the " +
      "`<form>` does not count: the token must be inside the form to be submitted. Forms posting to another site " +
      "(`action=\"https://...\"`) are skipped, because the token must not leak there. `{{ csrf_token }}` in a hidden " +
      "`csrfmiddlewaretoken` input, and Jinja's `{{ csrf_input }}`, count as the token. GET forms, `formmethod=\"post\"` on " +
      "buttons, and forms built by JavaScript are not checked. The suggested fix adds the tag on the line after the " +
      "`<form>` tag when that tag has its lines to itself.",
  },
  messages: {
    missingToken: "This POST form has no `{% csrf_token %}`. Add it inside the form so Django can check the request came from your site.",
  },
  checkTemplate({ tokens, lines, report }) {
    let verbatim = false;
    let verdicts: Verdict[] | undefined;
    tokens.forEach((t, i) => {
      if (t.type === "block" && (t.tag === "verbatim" || t.tag === "endverbatim")) verbatim = t.tag === "verbatim";
      // Inside `{% verbatim %}` the tag is printed as text, so a token there would not render either.
      if (verbatim || t.type !== "html-open" || t.tag !== "form" || t.selfClosing) return;
      if ((t.attrs.method ?? "").trim().toLowerCase() !== "post") return;
      const action = t.attrs.action ?? "";
      if (EXTERNAL_ACTION.test(action)) return;
      verdicts ??= verdictsFrom(tokens);
      const verdict = verdicts[i + 1];
      if (verdict.kind !== "missing") return;
      const close = verdict.close;
      // A fix is certain only when the action cannot point to another site.
      const fix = action.includes("{{") ? undefined : insertToken(t, close, lines);
      report({ line: t.line, column: t.column }, "missingToken", {}, fix ? { fix } : {});
    });
  },
});
