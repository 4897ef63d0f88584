import type { ImportTable } from "../../src/core/analysis/imports.js";
import { isConstantString } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { keywordArg, positionalArgs, walkStatements } from "../sql-injection/string-building.js";

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
]);

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
  if (q !== undefined && (ESCAPING_FILTERS.has(q) || AUTOESCAPE_POSITION.has(q))) return escapesBy(node, q);
  if (fn?.type === "identifier" && !imports.bindings.has(fn.text) && isLocalEscaper(fn, imports)) return true;
  if (q !== undefined && GETTEXT.has(q)) {
    const args = positionalArgs(node);
    const message = q.includes("pgettext") ? args[1] : args[0];
    return isConstantString(message);
  }
  if (fn?.type !== "attribute") return false;
  const method = fn.childForFieldName("attribute")?.text ?? "";
  const object = fn.childForFieldName("object");
  // Django form rendering escapes field values.
  if (FORM_RENDERERS.has(method)) return true;
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
  let fn: SyntaxNode | null = name.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  const body = fn?.childForFieldName("body");
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
