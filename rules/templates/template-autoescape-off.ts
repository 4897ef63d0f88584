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

/** Whether a token may output data that could come from a user. */
function outputs(t: TemplateToken): boolean {
  if (t.type === "variable") return true;
  if (t.type !== "block" || t.tag === "autoescape" || t.tag === "endautoescape") return false;
  if ((t.tag === "trans" || t.tag === "translate") && /^["']/.test(t.args)) return false;
  return !QUIET_TAGS.has(t.tag);
}

/** `{% autoescape off %}` tags whose own body (not a nested `{% autoescape on %}`) outputs data, in order. */
// Django's built-in tags that put context values or other templates' output into the block.
const VALUE_TAGS = new Set(["include", "block", "extends", "firstof", "cycle", "filter", "blocktrans", "blocktranslate", "trans", "translate"]);

interface OffBlock {
  tag: TemplateToken;
  /** Only custom tags output anything: what they return is decided in their Python code, out of sight. */
  customTagsOnly: boolean;
}

function offBlocksWithOutput(tokens: TemplateToken[]): OffBlock[] {
  const open: Array<{ tag: TemplateToken; off: boolean; outputs: boolean; values: boolean }> = [];
  const found: OffBlock[] = [];
  const close = (frame: { tag: TemplateToken; off: boolean; outputs: boolean; values: boolean } | undefined) => {
    if (frame?.off && frame.outputs) found.push({ tag: frame.tag, customTagsOnly: !frame.values });
  };
  for (const t of tokens) {
    if (t.type === "block" && t.tag === "autoescape") open.push({ tag: t, off: /^(off|false)$/i.test(t.args), outputs: false, values: false });
    else if (t.type === "block" && t.tag === "endautoescape") close(open.pop());
    else if (open.length && outputs(t)) {
      open[open.length - 1].outputs = true;
      if (t.type === "variable" || (t.type === "block" && VALUE_TAGS.has(t.tag))) open[open.length - 1].values = true;
    }
  }
  while (open.length) close(open.pop());
  return found.sort((a, b) => a.tag.offset - b.tag.offset);
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
    good: "<div>{{ comment.body }}</div>\n",
    fix: "Remove the block and let Django escape values. Mark only values that are known to be safe HTML with `format_html()` or `mark_safe()` in Python.",
    note:
      "Escaping stays off for templates included inside the block and for child templates filling a `{% block %}` in it, so the " +
      "rule reports blocks containing those too. Not reported: blocks that output no values (only text and built-in tags such " +
      "as `{% url %}`, `{% trans \"...\" %}` or `{% if %}`, or values only inside a nested `{% autoescape on %}`), and plain-text templates such as email bodies, where HTML " +
      "escaping would only garble the text: `.txt` files, and email templates (in an `email/` folder or named like " +
      "`password_reset_email.html`) that hold no HTML tag. Jinja's `{% autoescape false %}` is reported the same way.",
  },
  messages: {
    autoescapeOff: "`{% autoescape {{value}} %}` outputs every value in this block as raw HTML. Remove it and escape by default; mark known-safe HTML in Python instead.",
  },
  checkTemplate({ tokens, path, report }) {
    if (isPlainTextTemplate(path, tokens)) return;
    for (const { tag: t, customTagsOnly } of offBlocksWithOutput(tokens)) {
      if (t.type === "block") report({ line: t.line, column: t.column }, "autoescapeOff", { value: t.args }, customTagsOnly ? { confidence: "low" } : {});
    }
  },
});
