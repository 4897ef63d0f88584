import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isLiteral, isPlainTextTemplate, KEY_OR_COUNT, NUMERIC_FILTERS, SETTINGS_VALUE } from "./template-values.js";

// Values that cannot hold a space or quote: ids, counts, flags, slugs, loop counters, settings constants.
const TRUSTED = /^(?:csrf_token|forloop\.\w+|True|False|None|id|pk|slug)$|(?:[._]slug|(?:^|\.)(?:is|has)_\w+|\.num_pages|\.number)$/;
// Filters whose output has no space or quote left: URL-encoding, numbers, dates in a fixed format.
const CLOSING_FILTERS = new Set(["urlencode", "iriencode", "slugify", "yesno", "date", "time", "add", ...NUMERIC_FILTERS]);

/** The HTML before `at` ends inside a start tag, right after `name=` and outside any quoted value. */
function unquotedAttribute(text: string, at: number): string | undefined {
  const lt = text.lastIndexOf("<", at);
  if (lt < 0 || at - lt > 2000 || !/^<[A-Za-z]/.test(text.slice(lt, lt + 2))) return undefined;
  let quote = "";
  for (let i = lt; i < at; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return undefined;
  }
  if (quote) return undefined;
  return /([A-Za-z_:][-\w:.]*)\s*=\s*$/.exec(text.slice(Math.max(lt, at - 200), at))?.[1];
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
    fix: "Quote the attribute: `<a href=\"{{ profile.website }}\">`. Good:\n\n```html\n<a href=\"{{ profile.website }}\">{{ profile.name }}</a>\n```",
    note:
      "Not reported: literals, ids, counts, slugs, `is_`/`has_` flags, settings constants, and values ending in a filter whose output has no space (`urlencode`, `length`, `date`, `yesno`...), and plain-text templates. Attributes written by a template tag (`{% url %}`) are not values and are not reported.",
  },
  messages: {
    unquotedAttribute:
      "`{{value}}` is the unquoted value of the `{{attr}}` attribute: escaping leaves spaces, so a value like `x onmouseover=...` adds its own attribute. Put the value in quotes: `{{attr}}=\"{{ {{value}} }}\"`.",
  },
  checkTemplate({ tokens, text, path, report }) {
    if (isPlainTextTemplate(path, tokens)) return;
    for (const t of tokens) {
      if (t.type !== "variable") continue;
      const e = t.expression;
      if (isLiteral(e) || TRUSTED.test(e) || SETTINGS_VALUE.test(e) || KEY_OR_COUNT.test(e)) continue;
      const last = t.filters[t.filters.length - 1]?.name;
      if (last && CLOSING_FILTERS.has(last)) continue;
      const attr = unquotedAttribute(text, t.offset);
      if (!attr) continue;
      report(t, "unquotedAttribute", { value: e, attr });
    }
  },
});
