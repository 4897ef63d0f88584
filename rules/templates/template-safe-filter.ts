import { isStoredFileName, templateValueOrigin } from "../../src/core/analysis/project-index.js";
import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isUsernameChain } from "../../src/core/analysis/user-model.js";
import type { TemplateFilter, TemplateToken } from "../../src/core/analysis/template-tokenizer.js";
import { isDisplayNameChain } from "../xss/display-text.js";
import { KEY_OR_COUNT, NUMERIC_FILTERS, SETTINGS_VALUE, isLiteral, isPlainTextTemplate, splitOutsideQuotes } from "./template-values.js";

const MARK_SAFE = new Set(["safe", "safeseq"]);

// Filters whose output is escaped or cannot hold markup, whatever their input. `escape` and Jinja's
// `e` skip values already marked safe, so they only count before `safe`, never after it.
const ESCAPE_ALWAYS = new Set(["force_escape", "escapejs", "urlencode", "slugify", ...NUMERIC_FILTERS]);
const ESCAPE_UNLESS_SAFE = new Set(["escape", "e", "escapeseq"]);
// These escape their input themselves while autoescaping is on (the rule only looks at that case).
const ESCAPE_WHILE_AUTOESCAPING = new Set(["linebreaks", "linebreaksbr", "urlize", "urlizetrunc", "unordered_list", "join"]);
// Leave escaped text escaped: they only cut, re-case or pad it.
const KEEP_ESCAPED = new Set([
  "truncatechars", "truncatewords", "truncatechars_html", "truncatewords_html", "lower", "upper", "title",
  "capfirst", "wordwrap", "center", "ljust", "rjust", "striptags", "safe", "safeseq",
]);
// A project filter named like a sanitiser (django-bleach's `bleach`, `sanitize_html`, nh3 wrappers) may
// well clean the value; the rule cannot see its code, so it stays silent rather than guess.
const SANITISER_NAME = /bleach|saniti[sz]|nh3|clean/i;

// Tags whose arguments are values that end up in the output.
const VALUE_TAGS = new Set(["with", "include", "firstof", "cycle", "blocktrans", "blocktranslate", "trans"]);

// Django's own HTML renderers escape what they embed and return safe strings already, so `|safe` on
// them changes nothing: form and field rendering, `block.super`, the CSRF token.
const ALREADY_SAFE = /(?:^|\.)(?:as_p|as_table|as_ul|as_div|label_tag|errors|non_field_errors|media)$|^(?:block\.super|csrf_token|csrf_input)$/;
// Text the developer writes in code, meant to hold HTML: a form or model field's `help_text` (Django
// documents it as not escaped in generated forms, and its admin marks it safe) and an admin fieldset's
// `description`; settings (`SETTINGS_VALUE`) too. Keys and counts are numbers.
const DEVELOPER_TEXT = /(?:^|\.)help_text$|^fieldset\.description$/;

/** The `safe`/`safeseq` filter that leaves this chain's output unescaped, if any. */
function unescapedBy(expression: string, filters: TemplateFilter[]): string | undefined {
  const at = filters.findIndex((f) => MARK_SAFE.has(f.name));
  if (at === -1 || isLiteral(expression) || ALREADY_SAFE.test(expression) || DEVELOPER_TEXT.test(expression) || SETTINGS_VALUE.test(expression) || KEY_OR_COUNT.test(expression)) return undefined;
  if (filters.some((f) => SANITISER_NAME.test(f.name))) return undefined;
  let escaped = false;
  for (const f of filters.slice(0, at)) {
    if (ESCAPE_ALWAYS.has(f.name) || ESCAPE_UNLESS_SAFE.has(f.name) || ESCAPE_WHILE_AUTOESCAPING.has(f.name)) escaped = true;
    else if (!KEEP_ESCAPED.has(f.name)) escaped = false;
  }
  for (const f of filters.slice(at + 1)) {
    if (ESCAPE_ALWAYS.has(f.name)) escaped = true;
    else if (!KEEP_ESCAPED.has(f.name) && !ESCAPE_UNLESS_SAFE.has(f.name) && !ESCAPE_WHILE_AUTOESCAPING.has(f.name)) escaped = false;
  }
  return escaped ? undefined : filters[at].name;
}

function parseChain(text: string): { expression: string; filters: TemplateFilter[] } {
  const [expression = "", ...rest] = splitOutsideQuotes(text, /\|/);
  const filters = rest.map((f) => {
    const colon = f.indexOf(":");
    return colon === -1 ? { name: f.trim() } : { name: f.slice(0, colon).trim(), arg: f.slice(colon + 1).trim() };
  });
  return { expression: expression.trim(), filters };
}

/** `{% with body=post.body|safe %}`-style arguments that mark a value safe. */
function unsafeTagArguments(token: Extract<TemplateToken, { type: "block" }>): Array<{ expression: string; filter: string }> {
  if (!VALUE_TAGS.has(token.tag)) return [];
  const out: Array<{ expression: string; filter: string }> = [];
  // Jinja's i18n `{% trans a=x|safe, b=y %}` separates its variables with commas; Django's `{% trans "..." %}` has none.
  const bits = token.tag === "trans" ? splitOutsideQuotes(token.args, /,/).map((b) => b.trim().replace(/^(\w+)[ \t\n]*=[ \t\n]*/, "$1=")) : splitOutsideQuotes(token.args, /\s/);
  for (const bit of bits) {
    const value = bit.replace(/^\w+=/, "");
    if (!value.includes("|")) continue;
    const { expression, filters } = parseChain(value);
    const filter = unescapedBy(expression, filters);
    if (filter) out.push({ expression, filter });
  }
  return out;
}

// A Wagtail block template's own value (`{{ self.title }}`; Django's template context has no `self` otherwise): text
// a CMS editor typed in the page editor, where StreamFields commonly offer editors `RawHTMLBlock` as well.
const WAGTAIL_BLOCK_VALUE = /^self\./;

export default defineRule({
  id: "template-safe-filter",
  language: "template",
  severity: "medium",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "templates",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#safe",
  docs: {
    what: "Finds template values marked safe with the `safe` or `safeseq` filter, which turns off HTML escaping for them.",
    why: "If any part of the value comes from a user, their HTML and `<script>` tags run in every visitor's browser (stored or reflected XSS).",
    example: "<div class=\"bio\">{{ profile.bio|safe }}</div>\n",
    good: "<div class=\"bio\">{{ profile.bio }}</div>\n",
    fix: "Drop `|safe` and let Django escape the value. If the value must contain HTML, build it in Python with `format_html()` or clean it with a sanitiser such as nh3 or bleach, and mark only that result safe.",
    note:
      "Not reported: string literals (`{{ \"<br>\"|safe }}`), values escaped first (`|escape|safe`, `|force_escape|safe`, " +
      "`|linebreaks|safe`, `|urlize|safe` and other filters that escape their input while autoescaping is on), numbers " +
      "(`|length|safe`, `obj.pk`, `obj.id`, `author_id`, `qs.count`), Django's own renderers (`form.as_p`, `field.errors`, `form.media`, " +
      "`block.super`), text the developer writes in code to hold HTML (a field's `help_text`, which Django's admin marks safe too, " +
      "and an admin `fieldset.description`), upper-case constants and settings and their entries (`SITE_BANNER`, " +
      "`settings.FOOTER_HTML`, `APP_CONFIG.modules`), and chains through a filter named like a sanitiser (`bleach`, `sanitize`, `clean`, `nh3`). " +
      "Order matters: `|safe|escape` is still unescaped, because `escape` skips values already marked safe; `|safe|force_escape` " +
      "is escaped. Also checked: `safe` in the arguments of `with`, `include ... with`, `firstof`, `cycle`, `blocktranslate` and Jinja's `{% trans a=x|safe, b=y %}`. " +
      "Confidence: request data is high; a display name of an object (`project.name`, `user.get_full_name()`, `product.get_title`) is medium, since plain-text names never need `|safe` (low in a template with no HTML tag, often rendered as plain text, for the stored `.name`/`.url` of a model's `FileField`, a storage path, and for a Wagtail block template's own value, `self.title`, which CMS editors type); " +
      "other values whose origin no view in sight shows are low (listed, not commented). Email subject templates (`*_subject.txt`, `*-subject.jinja`) are plain text. " +
      "`{% filter safe %}` is not reported: Django refuses to compile it. Inside `{% autoescape off %}` `safe` changes nothing, " +
      "so those values are left to `template-autoescape-off`; plain-text templates are skipped: `.txt` files, and email " +
      "templates (in an `email/` folder or named like `welcome_email.html`) that hold no HTML tag. A value inside a " +
      "`<script>` is reported by `template-var-in-script` instead.",
  },
  messages: {
    safeFilter: "`{{expression}}` is marked `|{{filter}}`, so it is not HTML-escaped. Drop the filter, or sanitise the value in Python before marking it safe.",
    safeArgument: "`{{expression}}` is marked `|{{filter}}` in `{% {{tag}} %}`, so it is output without HTML escaping. Drop the filter, or sanitise the value in Python first.",
  },
  checkTemplate({ tokens, path, report, project }) {
    if (isPlainTextTemplate(path, tokens)) return;
    // The evidence for a value: request data (high), the view gave safe HTML or a number (no finding),
    // or an origin no view in sight shows (low: listed, not commented).
    // A display name (`project.name`, `user.get_full_name()`) is plain text a user typed: marking it safe is
    // never needed for markup, so it is medium even when no view in sight shows where the object comes from.
    // A template with no HTML tag at all is often rendered as plain text (a notification name, a chat
    // message), where `|safe` only keeps quotes from becoming entities: a display name there is worth a look only.
    const tagless = !tokens.some((t) => t.type === "html-open" || t.type === "html-close");
    const judged = (expression: string): { confidence: "high" | "medium" | "low" } | undefined => {
      const origin = templateValueOrigin(project.index, path, expression);
      if (origin === "html" || origin === "number" || origin === "constant") return undefined;
      if (origin === "request") return { confidence: "high" };
      // A user's username, which Django's validator keeps to letters, digits and `@.+-_`, cannot carry markup.
      const username = isUsernameChain(project.index?.userModel, project.index?.models, expression);
      return { confidence: isDisplayNameChain(expression) && !tagless && !username && !isStoredFileName(project.index, expression) && !WAGTAIL_BLOCK_VALUE.test(expression) ? "medium" : "low" };
    };
    // Autoescaping on/off, innermost last; templates start with it on.
    const autoescape: boolean[] = [];
    for (const t of tokens) {
      if (t.type === "block") {
        if (t.tag === "autoescape") autoescape.push(!/^(off|false)$/i.test(t.args));
        else if (t.tag === "endautoescape") autoescape.pop();
      }
      if (autoescape.length && !autoescape[autoescape.length - 1]) continue;
      if (t.type === "variable") {
        const filter = unescapedBy(t.expression, t.filters);
        const evidence = filter ? judged(t.expression) : undefined;
        if (filter && evidence) report({ line: t.line, column: t.column }, "safeFilter", { expression: t.expression, filter }, { key: t.expression, ...evidence });
      } else if (t.type === "block") {
        for (const { expression, filter } of unsafeTagArguments(t)) {
          const evidence = judged(expression);
          if (evidence) report({ line: t.line, column: t.column }, "safeArgument", { expression, filter, tag: t.tag }, { key: expression, ...evidence });
        }
      }
    }
  },
});
