import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { confidenceFromCode } from "../../src/core/analysis/project-index.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { codeText, positionalArgs, walkStatements } from "../sql-injection/string-building.js";
import { jsContexts } from "../templates/js-string-context.js";
import { textEvidence } from "./display-text.js";

// HTML escapers: they turn `'` into `&#x27;`, which the browser decodes back to `'` before it runs an
// event-handler attribute, so they do not keep a value inside a JavaScript string there.
const HTML_ESCAPERS = new Set([
  "django.utils.html.escape",
  "django.utils.html.conditional_escape",
  "django.template.defaultfilters.escape",
  "django.template.defaultfilters.force_escape",
  "html.escape",
  "markupsafe.escape",
]);
const FORMAT_HTML = "django.utils.html.format_html";
// Values that are safe inside a JavaScript string: JavaScript-escaped, or numbers.
const JS_SAFE = new Set(["django.utils.html.escapejs", "django.template.defaultfilters.escapejs", "builtins.int", "builtins.float", "builtins.len"]);

const HANDLER = /\bon[a-z]{3,}\s*=\s*(\\?["'])/gi;
const HAS_HANDLER = /\bon[a-z]{3,}\s*=\s*\\?["']/i;
const HOLE = "\u0001";

interface Hole {
  offset: number;
  /** The event-handler attribute the hole sits in, once known. */
  attribute?: string;
  /** The value put into the hole. */
  value: SyntaxNode;
  /** Where to report: the f-string interpolation, or the argument of `.format()`/`format_html()`. */
  at: SyntaxNode;
}

/** The text of a string literal (prefix and quotes kept) with each f-string interpolation replaced by one marker character. */
function fStringHoles(str: SyntaxNode): { text: string; holes: Hole[] } {
  let text = "";
  let pos = str.startIndex;
  const holes: Hole[] = [];
  for (const child of str.namedChildren) {
    if (child.type !== "interpolation") continue;
    text += str.text.slice(pos - str.startIndex, child.startIndex - str.startIndex);
    const expr = child.childForFieldName("expression") ?? child.namedChildren[0];
    if (expr) holes.push({ offset: text.length, value: expr, at: child });
    text += HOLE;
    pos = child.endIndex;
  }
  text += str.text.slice(pos - str.startIndex);
  return { text, holes };
}

const PLACEHOLDER = /\{\{|\}\}|\{(\w*)(?:![rsa])?(?::[^{}]*)?\}/g;

/** The holes of a `.format()`/`format_html()` template: `{}`, `{0}` and `{name}` placeholders matched to the call's arguments. */
function formatHoles(template: SyntaxNode, call: SyntaxNode): { text: string; holes: Hole[] } {
  const positional = positionalArgs(call).filter((a) => a.id !== template.id);
  const keywords = new Map<string, SyntaxNode>();
  for (const a of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (a.type !== "keyword_argument") continue;
    const v = a.childForFieldName("value");
    if (v) keywords.set(a.childForFieldName("name")?.text ?? "", v);
  }
  let auto = 0;
  const values: Array<SyntaxNode | undefined> = [];
  const text = template.text.replace(PLACEHOLDER, (m, field: string | undefined) => {
    if (m === "{{" || m === "}}") return m;
    values.push(field === undefined || field === "" ? positional[auto++] : /^\d+$/.test(field) ? positional[Number(field)] : keywords.get(field));
    return HOLE;
  });
  const holes: Hole[] = [];
  let from = 0;
  for (const value of values) {
    const offset = text.indexOf(HOLE, from);
    from = offset + 1;
    if (value) holes.push({ offset, value, at: value });
  }
  return { text, holes };
}

/** The holes that sit inside a quoted JavaScript string of an event-handler attribute (`onclick="f('{x}')"`). */
function holesInHandlerStrings(text: string, holes: Hole[]): Hole[] {
  const out: Hole[] = [];
  for (const m of text.matchAll(HANDLER)) {
    const quote = m[1];
    const start = m.index! + m[0].length;
    const end = text.indexOf(quote, start);
    if (end < 0) continue;
    const inside = holes.filter((h) => h.offset >= start && h.offset < end);
    if (!inside.length) continue;
    const contexts = jsContexts(text.slice(start, end), inside.map((h) => h.offset - start));
    inside.forEach((h, i) => {
      if (contexts[i] === "single-quoted" || contexts[i] === "double-quoted" || contexts[i] === "template-literal") out.push({ ...h, attribute: /on[a-z]+/i.exec(m[0])![0] });
    });
  }
  return out;
}

/** The methods (and functions) named `name` in a class body, else in its base classes defined in the same module. */
function methodOf(cls: SyntaxNode | null, name: string, depth = 0): SyntaxNode | undefined {
  if (!cls || depth > 3) return undefined;
  for (const child of cls.childForFieldName("body")?.namedChildren ?? []) {
    const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
  }
  for (const base of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (base.type !== "identifier") continue;
    for (const top of cls.tree.rootNode.namedChildren) {
      const def = top.type === "decorated_definition" ? top.childForFieldName("definition") : top;
      if (def?.type === "class_definition" && def.childForFieldName("name")?.text === base.text) {
        const found = methodOf(def, name, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** A method of the class (`self._escape(v)`, also inherited within the module) or a module function whose every return is an HTML escaper's result. */
function isLocalHtmlEscaper(call: SyntaxNode, imports: ImportTable): boolean {
  const fn = call.childForFieldName("function");
  let def: SyntaxNode | undefined;
  if (fn?.type === "identifier") {
    for (const top of call.tree.rootNode.namedChildren) {
      const d = top.type === "decorated_definition" ? top.childForFieldName("definition") : top;
      if (d?.type === "function_definition" && d.childForFieldName("name")?.text === fn.text) def = d;
    }
  } else if (fn?.type === "attribute" && fn.childForFieldName("object")?.text === "self") {
    let cls: SyntaxNode | null = call.parent;
    while (cls && cls.type !== "class_definition") cls = cls.parent;
    def = methodOf(cls, fn.childForFieldName("attribute")?.text ?? "");
  }
  const body = def?.childForFieldName("body");
  if (!body) return false;
  let returns = 0;
  let escaping = 0;
  walkStatements(body, (type, current) => {
    if (type !== "return_statement") return;
    returns++;
    if (returnsEscaped(current().namedChildren[0] ?? null, imports)) escaping++;
  });
  return returns > 0 && returns === escaping;
}

/** `escape(x)`, or `escape(x) if x else ''`: an HTML escaper's result (or a constant). */
function returnsEscaped(v: SyntaxNode | null, imports: ImportTable): boolean {
  if (!v) return false;
  if (v.type === "string") return !v.namedChildren.some((c) => c.type === "interpolation");
  if (v.type === "conditional_expression") {
    const [a, , b] = v.namedChildren;
    return returnsEscaped(a ?? null, imports) && returnsEscaped(b ?? null, imports);
  }
  return v.type === "call" && HTML_ESCAPERS.has(imports.qualifyNode(v.childForFieldName("function")) ?? "");
}

/** How a value put into a handler's JavaScript string was treated: HTML-escaped, safe there, or neither. */
function treatment(value: SyntaxNode, imports: ImportTable): "html-escaped" | "js-safe" | "raw" {
  if (value.type === "integer" || value.type === "float" || (value.type === "string" && !value.namedChildren.some((c) => c.type === "interpolation"))) return "js-safe";
  if (value.type === "attribute" && /^(?:pk|id|\w+_id)$/.test(value.childForFieldName("attribute")?.text ?? "")) return "js-safe";
  if (value.type !== "call") return "raw";
  const q = imports.qualifyNode(value.childForFieldName("function")) ?? "";
  if (JS_SAFE.has(q)) return "js-safe";
  if (HTML_ESCAPERS.has(q) || isLocalHtmlEscaper(value, imports)) return "html-escaped";
  return "raw";
}

export default defineRule({
  id: "escaped-value-in-event-handler",
  severity: "medium",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "xss",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.escape",
  docs: {
    what:
      "Finds HTML built in Python that puts an HTML-escaped value (`escape()`, `conditional_escape()`, a `format_html()` argument, a project helper that returns `escape(...)`) inside a quoted JavaScript string of an event-handler attribute such as `onclick=\"remove('{name}')\"`.",
    why:
      "HTML escaping turns `'` into `&#x27;`, but the browser decodes entities in an attribute before it runs the handler, so the quote is back and a value such as `x');alert(document.cookie);('` leaves the string and runs as script. Only JavaScript escaping protects a JavaScript string.",
    example:
      "from django.utils.html import escape\nfrom django.utils.safestring import mark_safe\n\ndef remove_button(tag):\n    return mark_safe(f\"<button onclick=\\\"removeTag('{escape(tag)}')\\\">x</button>\")\n",
    good:
      "from django.utils.html import format_html\n\ndef remove_button(tag):\n    return format_html('<button class=\"remove\" data-tag=\"{}\">x</button>', tag)\n",
    fix:
      "Put the value in a `data-` attribute (HTML escaping is right there) and read it from a listener (`el.dataset.tag`), or JavaScript-escape it with `escapejs()` before it goes into the string.",
    note:
      "Looks at f-strings and at `.format()`/`format_html()` templates. Values that are safe in a JavaScript string are not reported: `escapejs()`, numbers, ids and constants. A value put into a handler without any escaping is left to `mark-safe-untrusted` and `tainted-html`. " +
      "Confidence: an explicit `escape()` (the author took the value for untrusted text) is medium, request data high, a bare `format_html()` argument of unknown origin low. " +
      "Still missed: `%` formatting, handler markup assembled across several strings, and handlers in Django templates (`onclick=\"f('{{ v }}')\"`), which are the template rules' business.",
  },
  mentions: /\bon[a-z]{3,}\s*=/i,
  messages: {
    escapedInHandler:
      "`{{value}}` is HTML-escaped but sits inside a JavaScript string of the `{{attribute}}` handler; the browser decodes `&#x27;` back to `'` before running it, so the value can end the string and run script. Pass it in a `data-` attribute, or use `escapejs()`.",
  },
  checkModule({ root, text, imports, report }) {
    if (!/\bon[a-z]{3,}\s*=\s*\\?["'][^"'\n]*['"`][^\n]*\{/i.test(text)) return;
    const seen = new Set<number>();
    const visit = (node: SyntaxNode) => {
      if (node.type === "string") {
        if (HAS_HANDLER.test(node.text)) check(node);
        return;
      }
      for (const child of node.namedChildren) visit(child);
    };
    const check = (str: SyntaxNode) => {
      const parent = str.parent;
      let pieces: { text: string; holes: Hole[] };
      let viaFormatHtml = false;
      if (str.namedChildren.some((c) => c.type === "interpolation")) pieces = fStringHoles(str);
      else if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.text === "format" && parent.parent?.type === "call") pieces = formatHoles(str, parent.parent);
      else if (parent?.type === "argument_list" && parent.parent?.type === "call" && imports.qualifyNode(parent.parent.childForFieldName("function")) === FORMAT_HTML && positionalArgs(parent.parent)[0]?.id === str.id) {
        pieces = formatHoles(str, parent.parent);
        viaFormatHtml = true;
      } else return;
      for (const h of holesInHandlerStrings(pieces.text, pieces.holes)) {
        const how = treatment(h.value, imports);
        if (how === "js-safe" || (how === "raw" && !viaFormatHtml) || seen.has(h.at.id)) continue;
        seen.add(h.at.id);
        const attribute = h.attribute ?? "on…";
        // An explicit HTML escape shows the value is taken for untrusted text; a bare `format_html` argument needs its origin.
        const confidence = confidenceFromCode(h.value.text) === "high" ? "high" : how === "html-escaped" || textEvidence(h.value) ? "medium" : "low";
        report(h.at, "escapedInHandler", { value: codeText(h.value), attribute }, { confidence });
      }
    };
    visit(root);
  },
});
