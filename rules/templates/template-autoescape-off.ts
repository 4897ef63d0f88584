import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { TemplateToken } from "../../src/core/analysis/template-tokenizer.js";
import { templateContext, templateValueOrigin, type ProjectIndex } from "../../src/core/analysis/project-index.js";
import { isMailTextTemplate } from "../../src/core/analysis/mail-templates.js";
import { EMAIL_PATH, KEY_OR_COUNT, NUMERIC_FILTERS, SETTINGS_VALUE, isLiteral, isPlainTextTemplate } from "./template-values.js";

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

// Django's built-in tags that put context values or other templates' output into the block.
const VALUE_TAGS = new Set(["include", "block", "extends", "firstof", "cycle", "filter"]);

// Filters whose output holds no markup a user typed, whatever the input: escaping (they escape even with
// autoescaping off), numbers, dates, and sanitisers: django-markup's `apply_markup` (its markdown filter runs in
// safe mode / through bleach), django-markdownify, django-bleach's `bleach`, and project filters named like one.
const NEUTRALISING_FILTERS = new Set([
  "escape", "force_escape", "escapejs", "urlencode", "slugify", "date", "time", "timesince", "timeuntil",
  "apply_markup", "markdownify", ...NUMERIC_FILTERS,
]);
const SANITISER_NAME = /bleach|saniti[sz]|nh3/i;
// After one of those, these only cut or re-case the text.
const KEEPS = new Set(["truncatechars", "truncatewords", "truncatechars_html", "truncatewords_html", "lower", "upper", "title", "capfirst", "safe", "striptags", "default"]);
// The context allauth and Django's auth views give their e-mails, built by the server: links, codes, the site.
const SERVER_BUILT_MAIL = /^(?:activate_url|password_reset_url|reset_url|signup_url|invite_url|login_url|protocol|domain|site_name|site_domain|current_site|uid|token|key|code|expire_date|expire_hours|expire_minutes)$/;

type Verdict = "safe" | "request" | "unknown";

/** What one `{{ expression|filters }}` inside an off block may output. */
function judgeValue(expression: string, filters: readonly { name: string }[], path: string, index: ProjectIndex | undefined, mail: boolean): Verdict {
  if (isLiteral(expression) || SETTINGS_VALUE.test(expression) || KEY_OR_COUNT.test(expression)) return "safe";
  let neutral = false;
  for (const f of filters) {
    if (NEUTRALISING_FILTERS.has(f.name) || SANITISER_NAME.test(f.name)) neutral = true;
    else if (!KEEPS.has(f.name)) neutral = false;
  }
  if (neutral) return "safe";
  const origin = templateValueOrigin(index, path, expression);
  if (origin === "request") return "request";
  if (origin === "html" || origin === "number") return "safe";
  if (mail && SERVER_BUILT_MAIL.test(expression.split(".")[0])) return "safe";
  return "unknown";
}

interface OffBlock {
  tag: TemplateToken;
  /** Only custom tags output anything: what they return is decided in their Python code, out of sight. */
  customTagsOnly: boolean;
  /** Request data reaches the block. */
  request: boolean;
  /** Root names of the values whose origin is not known. */
  unknown: string[];
}

interface Frame {
  tag: TemplateToken;
  off: boolean;
  outputs: boolean;
  values: boolean;
  request: boolean;
  unknown: string[];
}

/** `{% autoescape off %}` tags whose own body (not a nested `{% autoescape on %}`) outputs data that is not known to be safe, in order. */
function offBlocksWithOutput(tokens: TemplateToken[], judge: (expression: string, filters: readonly { name: string }[]) => Verdict): OffBlock[] {
  const open: Frame[] = [];
  const found: OffBlock[] = [];
  const close = (frame: Frame | undefined) => {
    if (frame?.off && frame.outputs) found.push({ tag: frame.tag, customTagsOnly: !frame.values, request: frame.request, unknown: frame.unknown });
  };
  const value = (frame: Frame, expression: string, filters: readonly { name: string }[]) => {
    const verdict = judge(expression, filters);
    if (verdict === "safe") return;
    frame.outputs = frame.values = true;
    if (verdict === "request") frame.request = true;
    frame.unknown.push(expression.split(/[.|\s]/)[0]);
  };
  for (const t of tokens) {
    if (t.type === "block" && t.tag === "autoescape") open.push({ tag: t, off: /^(off|false)$/i.test(t.args), outputs: false, values: false, request: false, unknown: [] });
    else if (t.type === "block" && t.tag === "endautoescape") close(open.pop());
    else if (open.length && outputs(t)) {
      const frame = open[open.length - 1];
      if (t.type === "variable") value(frame, t.expression, t.filters);
      else if (t.type === "block" && (t.tag === "blocktrans" || t.tag === "blocktranslate")) {
        // The body's `{{ }}` are tokens of their own; `with name=value` arguments are values.
        for (const m of t.args.matchAll(/\b\w+=([^\s|]+)((?:\|[\w]+(?::(?:"[^"]*"|'[^']*'|\S+?))?)*)/g)) {
          value(frame, m[1], m[2].split("|").filter(Boolean).map((f) => ({ name: f.split(":")[0] })));
        }
      } else if (t.type === "block" && (t.tag === "trans" || t.tag === "translate")) value(frame, t.args.split(/\s+/)[0] ?? "", []);
      else {
        frame.outputs = true;
        if (t.type === "block" && VALUE_TAGS.has(t.tag)) {
          frame.values = true;
          frame.unknown.push(t.tag);
        }
      }
    }
  }
  while (open.length) close(open.pop());
  return found.sort((a, b) => a.tag.offset - b.tag.offset);
}

// An HTML e-mail value that is the user's own text (their name or display name): someone else's inbox may show it.
const USER_TEXT = /^(?:user|user_display|username|first_name|last_name|full_name|display_name|email|sender|inviter|from_user|author|comment|message)$/;

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
      "`password_reset_email.html`) that hold no HTML tag, or that the project renders only into the plain-text body of " +
      "`send_mail`/`EmailMessage`. Values that cannot carry a user's markup are not counted: literals, upper-case settings, keys and " +
      "counts, values passed through `escape`/`force_escape`, number and date filters or a sanitising markup filter (django-markup's " +
      "`apply_markup`, `markdownify`, `bleach`, filters named like a sanitiser), values the view builds as safe HTML, and the " +
      "server-built links and codes of allauth's and Django's e-mails (`activate_url`, `password_reset_url`, `protocol`, `domain`). " +
      "Request data is high confidence; an HTML e-mail without the user's own text, a template with no HTML tag, and blocks " +
      "where only custom tags output are low, and so is a template no view, include or render call of the project gives a context " +
      "(an override of a third-party app's template), unless the block outputs the user's own text. Jinja's `{% autoescape false %}` is reported the same way.",
  },
  messages: {
    autoescapeOff: "`{% autoescape {{value}} %}` outputs every value in this block as raw HTML. Remove it and escape by default; mark known-safe HTML in Python instead.",
  },
  checkTemplate({ tokens, path, report, project }) {
    if (isPlainTextTemplate(path, tokens)) return;
    const html = tokens.some((t) => t.type === "html-open" || t.type === "html-close");
    // A template with no HTML tag that the project renders only into an e-mail's plain-text body has no HTML to inject into.
    if (!html && isMailTextTemplate(project.mailTextTemplates, path)) return;
    const mail = EMAIL_PATH.test(path);
    const judge = (expression: string, filters: readonly { name: string }[]) => judgeValue(expression, filters, path, project.index, mail);
    // No view, include or render call of the project gives this template a context (a third-party app's template the
    // project overrides, rendered by that app's own tag or view): where its values come from is out of sight.
    const unrendered = project.index !== undefined && templateContext(project.index, path) === undefined;
    for (const block of offBlocksWithOutput(tokens, judge)) {
      const t = block.tag;
      if (t.type !== "block") continue;
      // Request data: high. Only custom tags, a template with no HTML tag (maybe text), or an HTML e-mail (no script
      // runs in mail clients) without the user's own text: low. Otherwise the rule's medium.
      const userText = block.unknown.some((n) => USER_TEXT.test(n));
      const low = block.customTagsOnly || !html || (mail && !userText) || (unrendered && !userText);
      const confidence = block.request ? "high" : low ? "low" : undefined;
      report({ line: t.line, column: t.column }, "autoescapeOff", { value: t.args }, confidence ? { confidence } : {});
    }
  },
});
