import type { ImportTable } from "../../src/core/analysis/imports.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import { isConstantString } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { judgeTextNested, keywordArg, positionalArgs, walkStatements } from "../sql-injection/string-building.js";

// Calls whose result is escaped, sanitised or rendered through an auto-escaping template.
const ESCAPING_CALLS = new Set([
  "django.utils.html.escape",
  "django.utils.html.conditional_escape",
  "django.utils.html.format_html",
  "django.utils.html.format_html_join",
  "django.utils.html.json_script",
  "django.utils.html.escapejs",
  "django.utils.safestring.mark_safe",
  "django.template.defaultfilters.escape",
  "django.template.defaultfilters.force_escape",
  "django.template.defaultfilters.escapejs",
  "django.template.defaultfilters.json_script",
  "django.template.loader.render_to_string",
  "html.escape",
  "markupsafe.escape",
  "bleach.clean",
  "bleach.linkify",
  "nh3.clean",
  "nh3.clean_text",
  "lxml.html.clean.clean_html",
  "lxml_html_clean.clean_html",
  "pygments.highlight",
  "django.urls.reverse",
  "django.urls.reverse_lazy",
  "django.core.urlresolvers.reverse",
  "django.shortcuts.resolve_url",
]);

// Django's form and widget rendering escapes what it outputs: `BoundField.label_tag()`, `.as_widget()`,
// `.as_hidden()`, `BoundWidget.tag()`, and sanitisers' methods (`Cleaner().clean_html()`, html_sanitizer's
// `Sanitizer().sanitize()`); `get_absolute_url()` is built by `reverse()`, which percent-encodes.
const SAFE_METHODS = new Set(["label_tag", "as_widget", "as_hidden", "as_text", "as_textarea", "legend_tag", "clean_html", "sanitize", "get_absolute_url"]);
// Objects whose `render()` runs an auto-escaping template: a field's widget, a `Template`, a node list.
const RENDERING_OBJECT = /(?:^|\.)(?:widget|template|nodelist)$/i;
const NUMBER_BUILTINS = new Set(["int", "len", "float", "round", "abs"]);

// Django helpers that escape their input unless told not to: the filters default to escaping, the
// `django.utils.html` functions escape only with `autoescape` on.
const ESCAPING_FILTERS = new Set(
  ["urlize", "urlizetrunc", "linebreaks_filter", "linebreaksbr", "unordered_list", "join", "linenumbers"].map((n) => `django.template.defaultfilters.${n}`),
);
const AUTOESCAPE_POSITION = new Map([["django.utils.html.linebreaks", 1], ["django.utils.html.urlize", 3]]);
// Number formatting yields digits, signs and the locale's separators.
// Numbers, and Django's "3 days, 2 hours" from `timesince`/`timeuntil` (counts and translated unit names).
const NUMBER_FORMATTERS = new Set([
  "django.utils.formats.number_format", "django.utils.timesince.timesince", "django.utils.timesince.timeuntil",
]);

// Percent-encoding: every character that means something in HTML (`<`, `>`, quotes, `&`) comes out as `%XX`, unless
// the call's `safe` characters keep some of them.
const URL_QUOTERS = new Map([
  ...["urllib.parse.quote", "urllib.parse.quote_plus", "urllib.quote", "urllib.quote_plus", "requests.utils.quote", "requests.compat.quote", "requests.compat.quote_plus"].map((n) => [n, 1] as const),
  ...["django.utils.http.urlquote", "django.utils.http.urlquote_plus"].map((n) => [n, 1] as const),
  ...["urllib.parse.urlencode", "urllib.urlencode", "django.utils.http.urlencode", "requests.compat.urlencode"].map((n) => [n, 2] as const),
]);
// `HttpRequest.get_full_path()`: Django percent-encodes the path (`escape_uri_path`) and the query (`iri_to_uri`), which
// leave no `<`, `>` or `"`; only `'` (and `&`) stay as they are.
const FULL_PATH_METHODS = new Set(["get_full_path", "get_full_path_info"]);

const FORM_RENDERERS = new Set(["as_p", "as_table", "as_ul", "as_div"]);
const TEMPLATE_LOADERS = new Set(["django.template.loader.get_template", "django.template.loader.select_template"]);

const GETTEXT = new Set(
  ["gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy", "gettext_noop"].map(
    (n) => `django.utils.translation.${n}`,
  ),
);

/** True for values that are already safe to put into HTML: escaped, sanitised, rendered, translated constants, settings. */
export function isSafeHtmlValue(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type === "attribute") return (imports.qualifyNode(node) ?? "").startsWith("django.conf.settings.");
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  const q = imports.qualifyNode(fn);
  if (q !== undefined && (ESCAPING_CALLS.has(q) || NUMBER_FORMATTERS.has(q))) return true;
  if (q !== undefined && URL_QUOTERS.has(q)) return keepsNoMarkup(keywordArg(node, "safe") ?? positionalArgs(node)[URL_QUOTERS.get(q)!]);
  if (q !== undefined && (ESCAPING_FILTERS.has(q) || AUTOESCAPE_POSITION.has(q))) return escapesBy(node, q);
  if (fn?.type === "identifier" && !imports.bindings.has(fn.text) && isLocalEscaper(fn, imports)) return true;
  if (fn?.type === "identifier" && !imports.bindings.has(fn.text)) {
    const args = positionalArgs(node);
    // Numbers, and `str()` of HTML already safe.
    if (NUMBER_BUILTINS.has(fn.text) && !definedInModule(node, fn.text)) return true;
    if (fn.text === "str" && args.length === 1 && isSafeHtmlValue(args[0], imports)) return true;
    if (isSafeHelperCall(node, fn.text, imports)) return true;
  }
  if (q !== undefined && GETTEXT.has(q)) {
    const args = positionalArgs(node);
    const message = q.includes("pgettext") ? args[1] : args[0];
    return isConstantString(message);
  }
  if (fn?.type !== "attribute") return false;
  const method = fn.childForFieldName("attribute")?.text ?? "";
  if (method === "replace" && escapedByReplaces(node)) return true;
  const object = fn.childForFieldName("object");
  // Django form rendering escapes field values.
  if (FORM_RENDERERS.has(method) || SAFE_METHODS.has(method)) return true;
  // BoundWidget.tag() (a choice of a RadioSelect, CheckboxSelectMultiple) renders its template.
  if (method === "tag" && !node.childForFieldName("arguments")?.namedChildren.some((a) => a.type !== "comment")) return true;
  if (method === "render" && object && RENDERING_OBJECT.test(object.text.replace(/\s+/g, ""))) return true;
  if (FULL_PATH_METHODS.has(method) && object && /(?:^|\.)request$/.test(object.text) && !positionalArgs(node).length && !quotedBySingleQuotes(node)) return true;
  // `QueryDict.urlencode()` percent-encodes every character that means something in HTML.
  if (method === "urlencode" && !node.childForFieldName("arguments")?.namedChildren.some((a) => a.type !== "comment")) return true;
  if (method !== "render" || !object) return false;
  // A form renderer's `render(template_name, context)`, as in Django's own widgets: a rendered template.
  if (/(?:^|\.)renderer$/.test(object.text) && isTemplateName(positionalArgs(node))) return true;
  if (object.type !== "call") return false;
  // get_template("x.html").render(context), and super().render(...) in widgets and forms.
  const of = object.childForFieldName("function");
  return imports.is(of, ...TEMPLATE_LOADERS) || (of?.type === "identifier" && of.text === "super");
}

/** True when a percent-encoder's `safe` argument is absent or a constant that keeps none of `<`, `>`, quotes and `&`. */
function keepsNoMarkup(safe: SyntaxNode | undefined): boolean {
  if (!safe) return true;
  return isConstantString(safe) && !/[<>"'&]/.test(safe.text.replace(/^[rRuUbB]*(?:'''|"""|'|")/, "").replace(/(?:'''|"""|'|")$/, ""));
}

/**
 * False only when the statement holding a value builds the markup around it (a string literal there holds `<`) and
 * no string literal of it holds a `'`: otherwise the value may land in a single-quoted attribute or script string,
 * where a `'` that percent-encoding left alone ends it.
 */
function quotedBySingleQuotes(node: SyntaxNode): boolean {
  let stmt: SyntaxNode | null = node;
  while (stmt && !/_statement$|^(?:module|block)$/.test(stmt.type)) stmt = stmt.parent;
  if (!stmt || stmt.type === "module" || stmt.type === "block") return true;
  let found = false;
  let markup = false;
  const visit = (n: SyntaxNode): void => {
    if (found) return;
    if (n.type === "string") {
      const body = n.text.replace(/^[rRuUbBfF]*(?:'''|"""|'|")/, "").replace(/(?:'''|"""|'|")$/, "");
      if (body.includes("'")) found = true;
      if (body.includes("<")) markup = true;
      return;
    }
    for (const c of n.namedChildren) visit(c);
  };
  visit(stmt);
  return found || !markup;
}

/**
 * Escaping written out by hand: a chain of `.replace("<", "&lt;")`-style calls that turns `<` and also `&` or `"`
 * into entities (`(text or "").replace("&", "&amp;").replace("<", "&lt;")...`).
 */
function escapedByReplaces(call: SyntaxNode): boolean {
  const replaced = new Set<string>();
  let cur: SyntaxNode | null = call;
  while (cur?.type === "call") {
    const fn: SyntaxNode | null = cur.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "replace") break;
    const [from, to] = positionalArgs(cur);
    const a = from && isConstantString(from) ? from.text.slice(1, -1) : undefined;
    const b = to && isConstantString(to) ? to.text.slice(1, -1) : undefined;
    if (a !== undefined && b !== undefined && /^&#?\w+;$/.test(b)) replaced.add(a);
    cur = fn.childForFieldName("object");
  }
  return replaced.has("<") && (replaced.has("&") || replaced.has('"'));
}

/** `(template_name, context)` arguments, as opposed to a DRF renderer's `(data, media_type, ...)`. */
function isTemplateName(args: SyntaxNode[]): boolean {
  const first = args[0];
  return args.length >= 2 && (isConstantString(first) || /(?:^|\.)template_name$/.test(first.text));
}

/**
 * Whether a Django escaping helper escapes in this call: the filters unless `autoescape=False`; the
 * `django.utils.html` functions when `autoescape` is `True` or the caller's own `autoescape` flag (the
 * `needs_autoescape` filter idiom: with autoescaping off in the template, raw output is what the author chose).
 */
function escapesBy(call: SyntaxNode, q: string): boolean {
  const position = AUTOESCAPE_POSITION.get(q);
  const flag = keywordArg(call, "autoescape") ?? (position === undefined ? undefined : positionalArgs(call)[position]);
  if (position === undefined) return flag?.type !== "false";
  return flag?.type === "true" || (flag?.type === "identifier" && flag.text === "autoescape");
}

/**
 * True when a local name is bound in the enclosing function to an escaping function, or to the
 * `needs_autoescape` filter idiom `esc = conditional_escape if autoescape else (lambda x: x)`
 * (when the template turned autoescaping off, the author chose raw output).
 */
function isLocalEscaper(name: SyntaxNode, imports: ImportTable): boolean {
  const body = enclosingFunction(name)?.childForFieldName("body");
  if (!body) return false;
  const escaper = (v: SyntaxNode | null): boolean => {
    if (!v) return false;
    if (v.type === "parenthesized_expression") return escaper(v.namedChildren[0] ?? null);
    const q = imports.qualifyNode(v);
    return q !== undefined && ESCAPING_CALLS.has(q);
  };
  const identity = (v: SyntaxNode | null): boolean => {
    if (v?.type === "parenthesized_expression") return identity(v.namedChildren[0] ?? null);
    if (v?.type !== "lambda") return false;
    const params = v.childForFieldName("parameters")?.namedChildren ?? [];
    return params.length === 1 && v.childForFieldName("body")?.text === params[0].text;
  };
  let bindings = 0;
  let safe = true;
  walkStatements(body, (type, current) => {
    if (type !== "assignment") return;
    const node = current();
    if (node.childForFieldName("left")?.text !== name.text) return;
    bindings++;
    const right = node.childForFieldName("right");
    if (escaper(right)) return;
    if (right?.type === "conditional_expression") {
      const [a, , b] = right.namedChildren;
      if ((escaper(a) || identity(a)) && (escaper(b) || identity(b)) && (escaper(a) || escaper(b))) return;
    }
    safe = false;
  });
  return bindings > 0 && safe;
}

/** True when the module defines a function of this name at its top level (so a builtin's name means that). */
function definedInModule(node: SyntaxNode, name: string): boolean {
  return topLevelFunction(node, name) !== undefined;
}

function topLevelFunction(node: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const child of node.tree.rootNode.namedChildren) {
    const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
  }
  return undefined;
}

const helperVerdicts = new WeakMap<SyntaxNode, "always" | "args" | "no">();
let helperDepth = 0;

/**
 * A call of a function of the same module that only ever returns safe HTML built from its parameters
 * (`def icon(name, title): return format_html(...)`, or markup built from constants and the parameters),
 * with arguments that are themselves constants or safe: the helper's summary, one hop away.
 */
function isSafeHelperCall(call: SyntaxNode, name: string, imports: ImportTable): boolean {
  const fn = topLevelFunction(call, name);
  if (!fn || helperDepth > 2) return false;
  helperDepth++;
  try {
    let summary = helperVerdicts.get(fn);
    if (summary === undefined) {
      helperVerdicts.set(fn, "no"); // recursion reads as unsafe
      const params = new Set(
        (fn.childForFieldName("parameters")?.namedChildren ?? []).map((p) => (p.type === "identifier" ? p.text : p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? "")),
      );
      const opts = { imports, isSafeValue: isSafeHtmlValue, isSafeInput: (n: SyntaxNode) => n.type === "identifier" && params.has(n.text) };
      const returns: SyntaxNode[] = [];
      const body = fn.childForFieldName("body");
      if (body) walkStatements(body, (type, current) => type === "return_statement" && returns.push(current()));
      const all = (o: typeof opts | { imports: ImportTable; isSafeValue: typeof isSafeHtmlValue }) =>
        returns.length > 0 && returns.every((r) => {
          const value = r.namedChildren[0];
          return !value || judgeTextNested(value, o).kind === "safe";
        });
      // "always": safe whatever the arguments (format_html inside); "args": safe when the arguments are.
      summary = all({ imports, isSafeValue: isSafeHtmlValue }) ? "always" : all(opts) ? "args" : "no";
      helperVerdicts.set(fn, summary);
    }
    if (summary === "always") return true;
    if (summary === "no") return false;
    const argOpts = { imports, isSafeValue: isSafeHtmlValue };
    return (call.childForFieldName("arguments")?.namedChildren ?? []).every((a) => {
      if (a.type === "comment") return true;
      const value = a.type === "keyword_argument" ? a.childForFieldName("value") : a;
      return !value || judgeTextNested(value, argOpts).kind === "safe";
    });
  } finally {
    helperDepth--;
  }
}
