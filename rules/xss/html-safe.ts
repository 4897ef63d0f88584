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
    if (isSafeHelperCall(node, imports)) return true;
  }
  if (q !== undefined && GETTEXT.has(q)) {
    const args = positionalArgs(node);
    const message = q.includes("pgettext") ? args[1] : args[0];
    return isConstantString(message);
  }
  if (fn?.type !== "attribute") return false;
  if (isSafeHelperCall(node, imports)) return true;
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

/** The method of the class around `call` that `self.name(...)`/`cls.name(...)` calls, if that class defines it. */
function ownMethod(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const fn = enclosingFunction(call);
  let up = fn?.parent;
  if (up?.type === "decorated_definition") up = up.parent;
  const cls = up?.type === "block" ? up.parent : undefined;
  if (cls?.type !== "class_definition") return undefined;
  for (const child of cls.childForFieldName("body")?.namedChildren ?? []) {
    const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
  }
  return undefined;
}

/** The methods of that name in every class at the top of the module. */
function sameNamedMethods(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const top of node.tree.rootNode.namedChildren) {
    const cls = top.type === "decorated_definition" ? top.childForFieldName("definition") : top;
    if (cls?.type !== "class_definition") continue;
    for (const child of cls.childForFieldName("body")?.namedChildren ?? []) {
      const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
      if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) out.push(def);
    }
  }
  return out;
}

interface HelperParam {
  name: string;
  /** The default value, when the parameter has one. */
  fallback?: SyntaxNode;
}

function helperParams(fn: SyntaxNode): HelperParam[] {
  return (fn.childForFieldName("parameters")?.namedChildren ?? []).map((p) => ({
    name: p.type === "identifier" ? p.text : p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? "",
    fallback: p.type === "default_parameter" || p.type === "typed_default_parameter" ? p.childForFieldName("value") ?? undefined : undefined,
  }));
}

/**
 * A helper's summary: `undefined` when some return may not be safe HTML, else the parameters whose values its returns
 * put into the HTML as they are (empty when it is safe whatever the arguments, e.g. `format_html` inside).
 */
const helperSummaries = new WeakMap<SyntaxNode, Set<string> | null>();
let helperDepth = 0;

function helperSummary(fn: SyntaxNode, method: boolean, imports: ImportTable): Set<string> | undefined {
  const known = helperSummaries.get(fn);
  if (known !== undefined) return known ?? undefined;
  helperSummaries.set(fn, null); // recursion reads as unsafe
  // A method's `self` is the object, not a value the caller hands in.
  const params = new Set(helperParams(fn).slice(method ? 1 : 0).map((p) => p.name));
  const used = new Set<string>();
  const opts = {
    imports,
    isSafeValue: isSafeHtmlValue,
    isSafeInput: (n: SyntaxNode) => {
      if (n.type !== "identifier" || !params.has(n.text)) return false;
      used.add(n.text);
      return true;
    },
  };
  const returns: SyntaxNode[] = [];
  const body = fn.childForFieldName("body");
  if (body) walkStatements(body, (type, current) => type === "return_statement" && returns.push(current()));
  const safe = returns.length > 0 && returns.every((r) => {
    const value = r.namedChildren[0];
    return !value || judgeTextNested(value, opts).kind === "safe";
  });
  const summary = safe ? used : null;
  helperSummaries.set(fn, summary);
  return summary ?? undefined;
}

/**
 * A call of a function of the same module (`helper(...)`), or of a method of the caller's class (`self.helper(...)`),
 * that only ever returns safe HTML built from constants, safe values and its parameters (`def icon(name, title): return
 * format_html(...)`, `return reverse(...) + f"?kind={kind}"`), where every argument the HTML takes as it is is itself
 * constant or safe: the helper's summary, one hop away.
 */
function isSafeHelperCall(call: SyntaxNode, imports: ImportTable): boolean {
  const callee = call.childForFieldName("function");
  let fn: SyntaxNode | undefined;
  let method = false;
  if (callee?.type === "identifier") fn = topLevelFunction(call, callee.text);
  else if (callee?.type === "attribute" && /^(?:self|cls)$/.test(callee.childForFieldName("object")?.text ?? "")) {
    fn = ownMethod(call, callee.childForFieldName("attribute")?.text ?? "");
    method = true;
  }
  if (!fn || helperDepth > 2) return false;
  helperDepth++;
  try {
    // A subclass of this module may override the method: every class here that defines the name must build safe HTML.
    const overrides = method ? sameNamedMethods(call, fn.childForFieldName("name")?.text ?? "").filter((d) => d.id !== fn.id) : [];
    let needed = helperSummary(fn, method, imports);
    for (const other of overrides) {
      if (!needed) break;
      const more = helperSummary(other, true, imports);
      needed = more ? new Set([...needed, ...more]) : undefined;
    }
    if (!needed) return false;
    if (needed.size === 0) return true;
    const params = helperParams(fn).slice(method ? 1 : 0);
    const args = (call.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "comment");
    if (args.some((a) => a.type === "list_splat" || a.type === "dictionary_splat")) return false;
    const argOpts = { imports, isSafeValue: isSafeHtmlValue };
    const given = new Map<string, SyntaxNode>();
    args.forEach((a, i) => {
      if (a.type === "keyword_argument") {
        const value = a.childForFieldName("value");
        if (value) given.set(a.childForFieldName("name")?.text ?? "", value);
      } else if (params[i]) given.set(params[i].name, a);
    });
    return params.every((p) => {
      if (!needed.has(p.name)) return true;
      const value = given.get(p.name) ?? p.fallback;
      return value !== undefined && judgeTextNested(value, argOpts).kind === "safe";
    });
  } finally {
    helperDepth--;
  }
}
