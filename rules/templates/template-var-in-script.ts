import { templateValueOrigin } from "../../src/core/analysis/project-index.js";
import { defineRule, type Report } from "../../src/core/analysis/define-rule.js";
import type { TemplateToken } from "../../src/core/analysis/template-tokenizer.js";
import { jsContexts, type JsContext } from "./js-string-context.js";
import { KEY_OR_COUNT, NUMERIC_FILTERS, SETTINGS_VALUE, isLiteral } from "./template-values.js";

type Variable = Extract<TemplateToken, { type: "variable" }>;
type HtmlOpen = Extract<TemplateToken, { type: "html-open" }>;

// `type` values browsers run as JavaScript (plus Babel's in-browser JSX); anything else, such as
// `application/json` or `text/template`, is a data block the browser does not execute.
const JS_TYPES = new Set([
  "", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript",
  "application/x-javascript", "text/x-javascript", "text/jscript", "text/livescript", "text/babel", "text/jsx",
]);
// Values that are never user text: the CSRF token, loop counters, the language code, paginator numbers,
// upper-case names and their entries (`STATIC_URL`, `settings.API_ROOT`, `HORIZON_CONFIG.delay`): constants
// and settings the code puts in the context, `is_`/`has_` flags (`is_active`), and slugs, which `SlugField`
// limits to letters, digits, `-` and `_`. Settings are checked with `SETTINGS_VALUE`, keys and counts with `KEY_OR_COUNT`.
// `request.get_host`, `request.META.HTTP_HOST`, `request.path`, `request.path_info` (not `get_full_path`, which carries the query).
const OWN_HOST_OR_PATH = /^request\.(?:get_host|META\.(?:HTTP_HOST|SERVER_NAME|SERVER_PORT)|path|path_info|scheme|is_secure)$/;
const TRUSTED_EXPRESSION = /^(?:csrf_token|forloop\.\w+|True|False|None|id|pk|slug|request\.LANGUAGE_CODE)$|(?:\.num_pages|\.get_absolute_url|[._]slug|(?:^|\.)(?:is|has)_\w+)$|^page_obj\.(?:number|next_page_number|previous_page_number|start_index|end_index)$/;

function isJavaScript(script: HtmlOpen): boolean {
  if ("src" in script.attrs) return false; // the browser ignores the element's content
  const type = (script.attrs.type ?? "").split(";")[0].trim().toLowerCase();
  return JS_TYPES.has(type);
}

/** What an output in JavaScript needs fixing for, or undefined when the value is harmless there. */
function problem(v: Variable, where: JsContext): string | undefined {
  if (isLiteral(v.expression) || TRUSTED_EXPRESSION.test(v.expression) || SETTINGS_VALUE.test(v.expression) || KEY_OR_COUNT.test(v.expression)) return undefined;
  const names = v.filters.map((f) => f.name);
  if (names.includes("json_script")) return undefined;
  // A trailing `default:"..."` only swaps in a literal.
  let end = names.length;
  while (end > 0 && /^default(_if_none)?$/.test(names[end - 1]) && isLiteral(v.filters[end - 1].arg ?? "")) end--;
  const meaningful = names.slice(0, end).filter((n) => n !== "safe");
  const last = meaningful[meaningful.length - 1];
  if (last && NUMERIC_FILTERS.has(last)) return undefined;
  // `yesno` outputs one of the words of its (literal) argument, or yes/no/maybe.
  const lastFilter = v.filters[names.lastIndexOf(last ?? "")];
  if (last === "yesno" && (lastFilter?.arg === undefined || isLiteral(lastFilter.arg))) return undefined;
  // `date`/`time` print date parts in a fixed format (or nothing for a non-date value).
  if ((last === "date" || last === "time") && (lastFilter?.arg === undefined || isLiteral(lastFilter.arg))) return undefined;
  if (where === "template-literal") return "inTemplateLiteral";
  if (last === "escapejs") return where === "single-quoted" || where === "double-quoted" ? undefined : "escapejsOutsideString";
  if (names.includes("safe") || names.includes("safeseq")) return "unescapedInScript";
  return where === "single-quoted" || where === "double-quoted" ? "htmlEscapedInString" : "htmlEscapedInCode";
}

/** Replaces template tags in `code` (which starts at `base`) by `x`s so their quotes don't count. */
function maskTags(code: string, base: number, inner: TemplateToken[]): string {
  let out = "";
  let pos = 0;
  for (const t of inner) {
    if (t.type !== "variable" && t.type !== "block" && t.type !== "comment") continue;
    out += code.slice(pos, t.offset - base) + "x".repeat(t.end - t.offset);
    pos = t.end - base;
  }
  return out + code.slice(pos);
}

/** The value as written, filters included: the same text renders the same value within one script. */
const valueKey = (v: Variable) => v.expression + v.filters.map((f) => `|${f.name}:${f.arg ?? ""}`).join("");

const ARITHMETIC = new Set(["*", "/", "%", "-"]);

/**
 * Whether the value at `from`..`to` of `masked` is an operand of `*`, `/`, `%` or `-`, or of `+` with another
 * template value or a digit on the other side: code the developer wrote for a number.
 */
function isArithmeticOperand(masked: string, from: number, to: number, tagEnds: Set<number>, tagStarts: Set<number>): boolean {
  let b = from - 1;
  while (b >= 0 && (masked[b] === " " || masked[b] === "\t")) b--;
  let a = to;
  while (a < masked.length && (masked[a] === " " || masked[a] === "\t")) a++;
  const before = masked[b] ?? "";
  const after = masked[a] ?? "";
  // `*/` ends a comment and `//` or `/*` starts one: not division.
  if (ARITHMETIC.has(before) && !(before === "/" && masked[b - 1] === "*")) return true;
  if (ARITHMETIC.has(after) && !(after === "/" && (masked[a + 1] === "/" || masked[a + 1] === "*"))) return true;
  const operand = (i: number, step: number, tagEdge: Set<number>) => {
    while (i >= 0 && i < masked.length && (masked[i] === " " || masked[i] === "\t")) i += step;
    return /\d/.test(masked[i] ?? "") || tagEdge.has(step < 0 ? i + 1 : i);
  };
  return (before === "+" && operand(b - 1, -1, tagEnds)) || (after === "+" && operand(a + 1, 1, tagStarts));
}

/**
 * For each value of a script, whether a later quoted string of the same script holds request data. A backslash at the
 * end of an HTML-escaped value only breaks its own string open: the rest of the script is then a syntax error unless a
 * later string holds text the same attacker writes, which then runs as code. One pass from the end; `fromRequest`
 * is asked once per distinct expression.
 */
function laterRequestStrings(variables: Variable[], contexts: JsContext[], fromRequest: (expression: string) => boolean): boolean[] {
  const asked = new Map<string, boolean>();
  const out = new Array<boolean>(variables.length).fill(false);
  let seen = false;
  for (let j = variables.length - 1; j >= 0; j--) {
    out[j] = seen;
    if (contexts[j] !== "single-quoted" && contexts[j] !== "double-quoted" && contexts[j] !== "template-literal") continue;
    const e = variables[j].expression;
    let request = asked.get(e);
    if (request === undefined) asked.set(e, (request = fromRequest(e)));
    if (request) seen = true;
  }
  return out;
}

function checkScript(code: string, base: number, inner: TemplateToken[], report: Report, fromRequest: (expression: string) => boolean): void {
  const variables = inner.filter((t): t is Variable => t.type === "variable");
  if (!variables.length) return;
  const masked = maskTags(code, base, inner);
  const contexts = jsContexts(masked, variables.map((v) => v.offset - base));
  // A value the script uses in arithmetic is a number, here and wherever else the script writes it.
  const tagEnds = new Set(variables.map((v) => v.end - base));
  const tagStarts = new Set(variables.map((v) => v.offset - base));
  const numbers = new Set<string>();
  variables.forEach((v, k) => {
    if (contexts[k] === "code" && isArithmeticOperand(masked, v.offset - base, v.end - base, tagEnds, tagStarts)) numbers.add(valueKey(v));
  });
  const seen = new Set<string>();
  let later: boolean[] | undefined;
  variables.forEach((v, k) => {
    if (numbers.has(valueKey(v))) return;
    const messageId = problem(v, contexts[k]);
    // One finding per value and line: `{{ n }}/({{ n }}+{{ m }})` names `n` once.
    const once = `${v.line}\0${v.expression}\0${messageId}`;
    if (!messageId || seen.has(once)) return;
    seen.add(once);
    // HTML escaping keeps quotes and `<` out; a lone value ending in a backslash is a syntax error, not code.
    later ??= laterRequestStrings(variables, contexts, fromRequest);
    const lone = messageId === "htmlEscapedInString" && !later[k];
    report({ line: v.line, column: v.column }, messageId, { expression: v.expression }, lone ? { key: v.expression, confidence: "low" } : { key: v.expression });
  });
}

// Event-handler attributes with a quoted value: `onclick="..."`, found in the tag with template tags masked.
const HANDLER = /\s(on[a-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/dgi;

function checkHandlers(tag: HtmlOpen, inner: TemplateToken[], text: string, report: Report): void {
  const masked = maskTags(tag.raw, tag.offset, inner);
  let next = 0; // attributes come in source order, like the tokens
  for (let m = HANDLER.exec(masked); m; m = HANDLER.exec(masked)) {
    const [from, to] = m.indices![2] ?? m.indices![3]!;
    const start = tag.offset + from;
    const end = tag.offset + to;
    while (next < inner.length && inner[next].offset < start) next++;
    let stop = next;
    while (stop < inner.length && inner[stop].end <= end) stop++;
    const within = inner.slice(next, stop);
    next = stop;
    // The browser decodes HTML escaping in attribute values before it runs them as JavaScript, so an
    // autoescaped value breaks out of a JavaScript string here.
    const variables = within.filter((t): t is Variable => t.type === "variable");
    const contexts = jsContexts(maskTags(text.slice(start, end), start, within), variables.map((v) => v.offset - start));
    const attr = m[1].toLowerCase();
    const seen = new Set<string>();
    variables.forEach((v, k) => {
      if (seen.has(v.expression) || !problem(v, contexts[k])) return;
      seen.add(v.expression);
      report({ line: v.line, column: v.column }, "inEventHandler", { expression: v.expression, attr }, { key: v.expression });
    });
  }
  HANDLER.lastIndex = 0;
}

export default defineRule({
  id: "template-var-in-script",
  language: "template",
  severity: "medium",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "templates",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#json-script",
  supersedes: ["template-safe-filter"],
  docs: {
    what: "Finds template values written into JavaScript, inside `<script>` elements or `on...` event-handler attributes, without JavaScript escaping.",
    why:
      "Django's autoescaping is HTML escaping: it does not stop a value from running as JavaScript. `var n = {{ n }};` runs `1;alert(document.cookie)`, " +
      "a backslash in one quoted value opens the next string on the line, and in an event handler the browser decodes the escaping before running the code.",
    example: "<script>\n  const next = {{ request.GET.next }};\n</script>\n",
    summary: "Finds template values written into JavaScript without JavaScript escaping.",
    good: "{{ request.GET.next|json_script:\"next-url\" }}\n<script>\n  const next = JSON.parse(document.getElementById(\"next-url\").textContent);\n</script>\n",
    fix:
      "Pass data with the `json_script` filter (`{{ data|json_script:\"page-data\" }}` outside the script) and read it with " +
      "`JSON.parse(document.getElementById(\"page-data\").textContent)`. For a single string, `escapejs` is enough inside a " +
      "quoted string (`'{{ name|escapejs }}'`).",
    note:
      "The guide's `var username = {{ username|escapejs }};` is unsafe: `escapejs` only protects a value inside a single- or " +
      "double-quoted JavaScript string, not bare code, and not a template literal (backticks), where `${...}` still runs. " +
      "Not reported: literals, `csrf_token`, `forloop` counters, upper-case constants and settings and their entries (`STATIC_URL`, " +
      "`LANGUAGE_CODE`, `settings.API_ROOT`, `APP_CONFIG.delay`), primary keys and counts " +
      "(`obj.pk`, `obj.id`, `author_id`, `qs.count`), `is_`/`has_` flags, slugs, paginator numbers, `get_absolute_url` (`reverse()` percent-encodes), " +
      "values the script uses in arithmetic (`100*{{ n }}`, here and elsewhere in the script), " +
      "numeric filters (`length`, `floatformat`, ...), `yesno` and `date`/`time` with literal arguments, `json_script`, " +
      "and scripts that do not run (`type=\"application/json\"`, `text/template` and other non-JavaScript types, or a `src` " +
      "attribute). The rule tells strings from code with a light lexer, not a JavaScript parser; unusual regex literals can " +
      "confuse it. A value written twice on one line is reported once. An HTML-escaped value in a quoted string is low confidence " +
      "unless request data is written into a later string of the same script: HTML escaping keeps quotes and `<` out, so a " +
      "trailing backslash alone only breaks the script, while a second request value after it would run as code.",
  },
  messages: {
    htmlEscapedInCode: "`{{expression}}` is written into JavaScript code with HTML escaping only, which does not stop it running code. Pass it with the `json_script` filter and `JSON.parse`.",
    htmlEscapedInString: "`{{expression}}` is in a JavaScript string with HTML escaping only; a backslash in it can break the string open. Use `escapejs` here, or pass the data with `json_script`.",
    unescapedInScript: "`{{expression}}` is written into JavaScript unescaped (`safe`); a quote or `</script>` in it runs as code. Pass it with the `json_script` filter instead.",
    escapejsOutsideString: "`{{expression}}` uses `escapejs` outside a quoted JavaScript string, where it does not stop code running. Quote it, or pass the data with `json_script`.",
    inTemplateLiteral: "`{{expression}}` is in a JavaScript template literal, where `${...}` in the value runs even with `escapejs`. Pass the data with `json_script` instead.",
    inEventHandler: "`{{expression}}` is written into the `{{attr}}` handler; the browser undoes HTML escaping before running it. Use `escapejs` inside a quoted string, or read the value from a `data-` attribute.",
  },
  checkTemplate({ tokens, text, path, project, report: reportFinding }) {
    // The page's own host and path are not text an attacker picks for a victim: the browser sends the host of the
    // link (and Django refuses a Host with other characters than a host name's), and only paths the URL patterns
    // accept render the page: low. The query string (`get_full_path`, `GET`) is free text and keeps its confidence.
    const reportAny: Report = (at, messageId, data = {}, options = {}) =>
      reportFinding(at, messageId, data, OWN_HOST_OR_PATH.test(String(data.expression ?? "")) ? { ...options, confidence: "low" } : options);
    // The evidence for a value: request data (high), a number the view computes (no finding), or an origin no
    // view in sight shows (low: listed, not commented).
    const report: Report = (at, messageId, data = {}, options = {}) => {
      const origin = templateValueOrigin(project.index, path, String(data.expression ?? ""));
      if (origin === "number" || origin === "constant") return;
      reportAny(at, messageId, data, { ...options, confidence: origin === "request" && options.confidence !== "low" ? "high" : "low" });
    };
    const fromRequest = (expression: string) => templateValueOrigin(project.index, path, expression) === "request";
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type !== "html-open") continue;
      let j = i + 1;
      while (j < tokens.length && tokens[j].offset < t.end) j++;
      const inTag = tokens.slice(i + 1, j);
      if (inTag.some((x) => x.type === "variable") && Object.keys(t.attrs).some((a) => a.startsWith("on"))) checkHandlers(t, inTag, text, report);
      if (t.tag !== "script" || t.selfClosing || !isJavaScript(t)) continue;
      let k = j;
      while (k < tokens.length && !(tokens[k].type === "html-close" && (tokens[k] as { tag: string }).tag === "script")) k++;
      const end = k < tokens.length ? tokens[k].offset : text.length;
      checkScript(text.slice(t.end, end), t.end, tokens.slice(j, k), report, fromRequest);
      i = k - 1;
    }
  },
});
