import type { ImportTable } from "../../src/core/analysis/imports.js";
import { isConstantString } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { positionalArgs, walkStatements } from "../sql-injection/string-building.js";

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
  if (q !== undefined && ESCAPING_CALLS.has(q)) return true;
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
  if (method !== "render" || object?.type !== "call") return false;
  // get_template("x.html").render(context), and super().render(...) in widgets and forms.
  const of = object.childForFieldName("function");
  return imports.is(of, ...TEMPLATE_LOADERS) || (of?.type === "identifier" && of.text === "super");
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
