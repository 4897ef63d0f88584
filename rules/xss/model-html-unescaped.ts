import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { codeText, judgeText, walkStatements } from "../sql-injection/string-building.js";
import { isSafeHtmlValue } from "./html-safe.js";
import { unsafeTextEvidence } from "./mark-safe-untrusted.js";

// A string literal holding an HTML tag: `<a href=`, `<b>`, `</span>`, `<br/>`.
const TAGS = "a|abbr|b|blockquote|br|button|code|div|em|font|form|h[1-6]|hr|i|iframe|img|input|label|li|mark|ol|option|p|pre|s|select|small|span|strong|sub|sup|table|td|textarea|th|time|tr|u|ul";
const HTML_TAG = new RegExp(`<\\/?(?:${TAGS})(?:\\s[^<>]*)?\\/?>|<(?:${TAGS})\\s+[\\w-]+=`, "i");
// `models.Model`, `Model`, `AbstractLicenseModel`, `TimeStampedModel`.
const MODEL_CLASS = /Model\b/;

/** True when a class looks like a Django model: it derives from one or declares `models.*Field` attributes. */
function isModelClass(cls: SyntaxNode, depth = 0): boolean {
  const bases = cls.childForFieldName("superclasses");
  if (MODEL_CLASS.test(bases?.text ?? "")) return true;
  if (/^[ \t]+\w+[ \t]*=[ \t]*models\.[A-Za-z]*Field\(/m.test(cls.childForFieldName("body")?.text ?? "")) return true;
  // A base class of the same module that is a model (an abstract model such as `AbstractLicenseModel`).
  if (depth > 3) return false;
  return (bases?.namedChildren ?? []).some((b) =>
    b.type === "identifier" &&
    cls.tree.rootNode.namedChildren.some((top) => {
      const def = top.type === "decorated_definition" ? top.childForFieldName("definition") : top;
      return def?.type === "class_definition" && def.childForFieldName("name")?.text === b.text && def.id !== cls.id && isModelClass(def, depth + 1);
    }),
  );
}

/** The string literals of an expression and of the local assignments in the function (where HTML is usually put together). */
function holdsMarkup(fn: SyntaxNode): boolean {
  const scope = fn.childForFieldName("body") ?? fn;
  // A string literal's tag is in the text around it too (HTML_TAG has no anchors or lookarounds): without one
  // there, no literal holds one, and the body's nodes need not be read.
  if (!HTML_TAG.test(scope.text)) return false;
  let found = false;
  const visit = (n: SyntaxNode) => {
    if (found) return;
    if (n.type === "string") {
      if (HTML_TAG.test(n.text)) found = true;
      return;
    }
    for (const c of n.namedChildren) visit(c);
  };
  visit(scope);
  return found;
}

const MARKED = /@(?:[\w.]*\.)?mark_safe\b/;

export default defineRule({
  id: "model-html-unescaped",
  severity: "medium",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "xss",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html",
  docs: {
    what:
      "Finds model methods and properties that return HTML markup put together (f-string, `%`, `.format()`, `+`) from the model's own text fields (`CharField`, `TextField`, `EmailField`) without escaping them.",
    why:
      "A model method that returns markup is written to be shown as HTML: templates print it with `|safe` or code passes it to `mark_safe()`. The text fields are what users type, so a title such as `<img src=x onerror=alert(1)>` runs as script for everyone who sees the page (stored XSS).",
    example:
      "from django.db import models\n\nclass Photo(models.Model):\n    title = models.CharField(max_length=200)\n    source_url = models.URLField()\n\n    @property\n    def attribution(self):\n        return f'<a href=\"{self.source_url}\">{self.title}</a>'\n",
    good:
      "from django.db import models\nfrom django.utils.html import format_html\n\nclass Photo(models.Model):\n    title = models.CharField(max_length=200)\n    source_url = models.URLField()\n\n    @property\n    def attribution(self):\n        return format_html('<a href=\"{}\">{}</a>', self.source_url, self.title)\n",
    fix: "Build the markup with `format_html()`, which escapes each value and returns safe HTML, or `escape()` each field before putting it in.",
    note:
      "Only text fields the class (or a model class of the same module, such as an abstract base) declares are taken as user text; numbers, ids, URLs built by `reverse()` and escaped values are not reported. Methods decorated with `@mark_safe` are left to `mark-safe-untrusted`. The template that prints the result with `|safe` is usually in another file, so it is not required. " +
      "Still missed: fields declared in another module (the rule reads one file, as a pull request shows it), HTML built in functions outside model classes from model instances passed in, and `__str__` (escaped wherever Django prints it).",
  },
  mentions: /models\./,
  messages: {
    modelHtml:
      "`{{function}}` returns HTML built from `{{field}}`, a text field of the model, without escaping it; shown as HTML it can run script. Build it with `format_html()`.",
  },
  checkModule({ root, imports, report }) {
    const classes: SyntaxNode[] = [];
    walkStatements(root, (type, current) => type === "class_definition" && classes.push(current()));
    for (const top of root.namedChildren) {
      const cls = top.type === "decorated_definition" ? top.childForFieldName("definition") : top;
      if (cls?.type === "class_definition" && !classes.some((c) => c.id === cls.id)) classes.push(cls);
    }
    for (const cls of classes) {
      if (!isModelClass(cls)) continue;
      for (const child of cls.childForFieldName("body")?.namedChildren ?? []) {
        const fn = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
        if (fn?.type !== "function_definition") continue;
        // `__str__`/`__repr__` give text for logs, the admin and `{{ obj }}`, which Django escapes.
        if (/^__\w+__$/.test(fn.childForFieldName("name")?.text ?? "")) continue;
        if (child.type === "decorated_definition" && MARKED.test(child.text.slice(0, child.text.indexOf("def ")))) continue;
        if (!holdsMarkup(fn)) continue;
        const body = fn.childForFieldName("body");
        if (!body) continue;
        const returns: SyntaxNode[] = [];
        walkStatements(body, (type, current) => type === "return_statement" && returns.push(current()));
        for (const ret of returns) {
          const value = ret.namedChildren[0];
          if (!value) continue;
          const v = judgeText(value, { imports, isSafeValue: isSafeHtmlValue });
          if (v.kind !== "built") continue;
          const e = unsafeTextEvidence(value, imports, {});
          if (e?.evidence !== "modelField") continue;
          report(e.node, "modelHtml", { function: fn.childForFieldName("name")?.text ?? "this method", field: codeText(e.node) }, {
            trace: [{ line: e.node.startPosition.row + 1, label: "model text field put into markup" }, { line: ret.startPosition.row + 1, label: "returned as HTML" }],
          });
          break;
        }
      }
    }
  },
});
