import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { TemplateToken } from "../../src/core/analysis/template-tokenizer.js";
import { isPlainTextTemplate } from "./template-values.js";

// Built-in tags that output no context values of their own; any other tag (include, block, custom
// tags) may render data under the block's switched-off escaping.
const QUIET_TAGS = new Set([
  "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "comment", "endcomment",
  "load", "static", "url", "csrf_token", "now", "spaceless", "endspaceless",
  "templatetag", "lorem", "verbatim", "endverbatim", "ifchanged", "endifchanged", "widthratio",
  "get_current_language", "get_available_languages", "get_current_language_bidi", "resetcycle",
]);

/** Whether the block opened at `tokens[start]` outputs anything that could come from a user. */
function outputsValues(tokens: TemplateToken[], start: number): boolean {
  let depth = 0;
  for (let i = start + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "variable") return true;
    if (t.type !== "block") continue;
    if (t.tag === "autoescape") depth++;
    else if (t.tag === "endautoescape") {
      if (depth === 0) return false;
      depth--;
    } else if ((t.tag === "trans" || t.tag === "translate") && /^["']/.test(t.args)) continue;
    else if (!QUIET_TAGS.has(t.tag)) return true;
  }
  return false;
}

export default defineRule({
  id: "template-autoescape-off",
  language: "template",
  severity: "medium",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "templates",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#autoescape",
  docs: {
    what: "Finds `{% autoescape off %}` blocks, which turn off HTML escaping for every value inside them.",
    why: "Every variable in the block, and every template included or block filled inside it, is output as raw HTML; one user-supplied value is enough for cross-site scripting.",
    example: "{% autoescape off %}\n  <div>{{ comment.body }}</div>\n{% endautoescape %}\n",
    fix: "Remove the block and let Django escape values. Mark only values that are known to be safe HTML with `format_html()` or `mark_safe()` in Python.",
    note:
      "Escaping stays off for templates included inside the block and for child templates filling a `{% block %}` in it, so the " +
      "rule reports blocks containing those too. Not reported: blocks that output no values (only text and built-in tags such " +
      "as `{% url %}`, `{% trans %}` or `{% if %}`), and plain-text (`.txt`) templates such as email bodies, where HTML " +
      "escaping would only garble the text. Jinja's `{% autoescape false %}` is reported the same way.",
  },
  messages: {
    autoescapeOff: "`{% autoescape {{value}} %}` outputs every value in this block as raw HTML. Remove it and escape by default; mark known-safe HTML in Python instead.",
  },
  checkTemplate({ tokens, path, report }) {
    if (isPlainTextTemplate(path)) return;
    tokens.forEach((t, i) => {
      if (t.type !== "block" || t.tag !== "autoescape" || !/^(off|false)$/i.test(t.args)) return;
      if (outputsValues(tokens, i)) report({ line: t.line, column: t.column }, "autoescapeOff", { value: t.args });
    });
  },
});
