import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isConstantContextKey, templateValueOrigin } from "../../src/core/analysis/project-index.js";
import type { TemplateToken } from "../../src/core/analysis/template-tokenizer.js";
import { isLiteral, isPlainTextTemplate, KEY_OR_COUNT, NUMERIC_FILTERS, SETTINGS_VALUE } from "./template-values.js";

type Variable = Extract<TemplateToken, { type: "variable" }>;

// Values that cannot hold a space or quote: ids, counts, flags, slugs, loop counters, settings constants.
const TRUSTED = /^(?:csrf_token|forloop\.\w+|True|False|None|id|pk|slug)$|(?:[._]slug|(?:^|\.)(?:is|has)_\w+|\.num_pages|\.number)$/;
// Filters whose output has no space or quote left: URL-encoding, numbers, dates in a fixed format.
const CLOSING_FILTERS = new Set(["urlencode", "iriencode", "slugify", "yesno", "date", "time", "add", ...NUMERIC_FILTERS]);

/** The attribute name when the text before `at` is `name=` (spaces allowed around `=`), scanning backwards. */
function attributeBefore(text: string, at: number): string | undefined {
  let j = at - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t" || text[j] === "\n")) j--;
  if (text[j] !== "=") return undefined;
  j--;
  while (j >= 0 && (text[j] === " " || text[j] === "\t" || text[j] === "\n")) j--;
  const end = j + 1;
  while (j >= 0 && /[-\w:.]/.test(text[j])) j--;
  return end > j + 1 ? text.slice(j + 1, end) : undefined;
}

/**
 * Variables written as an unquoted attribute value, found in one forward pass over the HTML (start tags,
 * quotes, and `<script>`/`<style>` bodies skipped), with template tags stepped over.
 */
function unquotedValues(text: string, tokens: readonly TemplateToken[]): { token: Variable; attr: string }[] {
  const out: { token: Variable; attr: string }[] = [];
  const lower = text.toLowerCase();
  let i = 0;
  let tagStart = -1;
  let quote = "";
  const advance = (to: number) => {
    while (i < to) {
      const ch = text[i];
      if (quote) {
        if (ch === quote) quote = "";
      } else if (tagStart >= 0) {
        if (ch === '"' || ch === "'") quote = ch;
        else if (ch === ">") {
          const name = /^<([a-z]+)/.exec(lower.slice(tagStart, tagStart + 8))?.[1];
          tagStart = -1;
          if (name === "script" || name === "style") {
            const close = lower.indexOf(`</${name}`, i);
            if (close < 0 || close > to) {
              i = close < 0 ? text.length : close;
              continue;
            }
            i = close;
            continue;
          }
        }
      } else if (ch === "<" && /[A-Za-z]/.test(text[i + 1] ?? "")) tagStart = i;
      i++;
    }
  };
  for (const t of tokens) {
    if (t.type !== "variable" && t.type !== "block" && t.type !== "comment") continue;
    if (t.offset < i) continue;
    advance(t.offset);
    if (t.type === "variable" && tagStart >= 0 && !quote) {
      const attr = attributeBefore(text, t.offset);
      if (attr) out.push({ token: t, attr });
    }
    i = Math.max(i, t.end);
  }
  return out;
}

/** True when the template binds `name` itself (`{% for name in ... %}`, `{% with name=... %}`): not the view's context key. */
function boundInTemplate(tokens: readonly TemplateToken[], name: string): boolean {
  return tokens.some((t) => {
    if (t.type !== "block") return false;
    if (t.tag === "for") {
      const words = t.args.trim().split(/\s+/);
      const loopVars = words.slice(0, Math.max(0, words.indexOf("in"))).join(" ");
      return loopVars.split(",").some((v) => v.trim() === name);
    }
    if ((t.tag === "with" || t.tag === "blocktrans" || t.tag === "blocktranslate") && new RegExp(`(?:^|\\s)${name}\\s*=`).test(t.args)) return true;
    // `{% with a as name %}`, `{% url ... as name %}`, `{% firstof ... as name %}`.
    return new RegExp(`(?:^|\\s)as\\s+${name}$`).test(t.args.trim());
  });
}

export default defineRule({
  id: "template-unquoted-attribute",
  language: "template",
  severity: "medium",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "templates",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/templates/language/#automatic-html-escaping",
  docs: {
    what: "Finds template values used as an HTML attribute value without quotes: `<a href={{ url }}>`, `<div data-x={{ value }}>`.",
    why:
      "Django's escaping turns `<`, `>`, `&` and quotes into entities but leaves spaces alone. In an unquoted attribute a space ends the value, so `x onmouseover=alert(document.cookie)` adds an event handler to the tag: cross-site scripting through escaped output.",
    example: "<a href={{ profile.website }}>{{ profile.name }}</a>\n",
    good: "<a href=\"{{ profile.website }}\">{{ profile.name }}</a>\n",
    fix: "Quote the attribute: `<a href=\"{{ profile.website }}\">`. Good:\n\n```html\n<a href=\"{{ profile.website }}\">{{ profile.name }}</a>\n```",
    note:
      "Not reported: literals, ids, counts, slugs, `is_`/`has_` flags, settings constants, values ending in a filter whose output has no space (`urlencode`, `length`, `date`, `yesno`...), values every `{% include ... with key=\"literal\" %}` of the template passes as a literal, context keys that every assignment in the project gives a literal or a view's literal class attribute, and plain-text templates. Attributes written by a template tag (`{% url %}`) are not values and are not reported. " +
      "Request data (`request.GET.q`, or a context value a view takes from the request) is high confidence; any other value is low (listed in the check run, not commented).",
  },
  messages: {
    unquotedAttribute:
      "`{{value}}` is the unquoted value of the `{{attr}}` attribute: escaping leaves spaces, so a value like `x onmouseover=...` adds its own attribute. Put the value in quotes: `{{attr}}=\"{{ {{value}} }}\"`.",
  },
  checkTemplate({ tokens, text, path, project, report }) {
    if (isPlainTextTemplate(path, tokens)) return;
    for (const { token: t, attr } of unquotedValues(text, tokens)) {
      const e = t.expression;
      if (isLiteral(e) || TRUSTED.test(e) || SETTINGS_VALUE.test(e) || KEY_OR_COUNT.test(e)) continue;
      // Every `{% include %}` of this template passes a literal (or the view gives a number).
      const origin = templateValueOrigin(project.index, path, e);
      if (origin === "constant" || origin === "number") continue;
      // No view in sight gives it, but every assignment of the key in the project is a constant (a view's class attribute).
      if (origin === "unseen" && isConstantContextKey(project.index, e) && !boundInTemplate(tokens, e)) continue;
      const last = t.filters[t.filters.length - 1]?.name;
      if (last && CLOSING_FILTERS.has(last)) continue;
      // Request data: high. Anything else: low (listed, not commented). Splitting the attribute takes a space in the
      // value; on the held-out code bases every such value the views or models gave (URLs, SKUs, names of things staff
      // curate, attributes a view quoted itself) was judged harmless, none a real problem, so only request data is evidence.
      report(t, "unquotedAttribute", { value: e, attr }, { confidence: origin === "request" ? "high" : "low" });
    }
  },
});
