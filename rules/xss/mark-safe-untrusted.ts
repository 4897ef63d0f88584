import { defineRule, type Report } from "../../src/core/analysis/define-rule.js";
import { confidenceFromCode } from "../../src/core/analysis/project-index.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode, TraceStep } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { codeText, judgeText, walkStatements, keywordArg, positionalArgs, type JudgeOptions, type Verdict } from "../sql-injection/string-building.js";
import { isSafeHtmlValue } from "./html-safe.js";


function shortName(q: string): string {
  return q.slice(q.lastIndexOf(".") + 1);
}

function builtTrace(v: Verdict & { kind: "built" }, at: SyntaxNode): TraceStep[] | undefined {
  const built = v.at.startPosition.row + 1;
  const used = at.startPosition.row + 1;
  return built === used ? undefined : [{ line: built, label: `HTML built with ${v.how}` }, { line: used, label: "marked safe" }];
}

/** The return statements of a function, not those of functions nested in it. */
function returnsOf(fn: SyntaxNode): SyntaxNode[] {
  const body = fn.childForFieldName("body");
  const out: SyntaxNode[] = [];
  if (body) walkStatements(body, (type, current) => type === "return_statement" && out.push(current()));
  return out;
}

// `isinstance(value, SafeData)`: Django's idiom for a filter or tag that keeps a value's safeness.
const SAFE_DATA_CHECK = /\bisinstance\([^()\n]*\bSafe(?:Data|String|Text)\b/;

/**
 * True when the call only runs once the input was found to be safe already: it sits in the branch of an
 * `if` or `x if cond else y` whose condition checks `isinstance(..., SafeData)`, directly or through a
 * local flag (`is_safe = isinstance(value, SafeData)`).
 */
function keepsSafeness(call: SyntaxNode): boolean {
  let flags: RegExp | undefined | null;
  const checks = (cond: SyntaxNode | null, fn: SyntaxNode | null): boolean => {
    if (!cond) return false;
    if (SAFE_DATA_CHECK.test(cond.text)) return true;
    if (flags === undefined) {
      const names = [...(fn?.text ?? "").matchAll(/^[ \t]*(\w+)[ \t]*=[ \t]*isinstance\([^()\n]*\bSafe(?:Data|String|Text)\b/gm)].map((m) => m[1]);
      flags = names.length ? new RegExp(`\\b(?:${names.join("|")})\\b`) : null;
    }
    return flags !== null && flags.test(cond.text);
  };
  let fn: SyntaxNode | null = call.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  for (let child = call, at = call.parent; at && at !== fn; child = at, at = at.parent) {
    if (at.type === "conditional_expression" && at.namedChildren[0]?.id === child.id && checks(at.namedChildren[1] ?? null, fn)) return true;
    if ((at.type === "if_statement" || at.type === "elif_clause") && at.childForFieldName("consequence")?.id === child.id && checks(at.childForFieldName("condition"), fn)) return true;
  }
  return false;
}

function checkDecorated(deco: SyntaxNode, imports: ImportTable, report: Report): void {
  const fn = deco.parent?.parent?.childForFieldName("definition");
  if (fn?.type !== "function_definition") return;
  const opts: JudgeOptions = { imports, isSafeValue: isSafeHtmlValue };
  for (const ret of returnsOf(fn)) {
    const value = ret.namedChildren[0];
    const v = value ? judgeText(value, opts) : undefined;
    if (!v || v.kind === "safe" || (v.kind === "opaque" && v.gaveUp)) continue;
    report(deco, "decoratedFunction", { function: fn.childForFieldName("name")?.text ?? "this function", line: ret.startPosition.row + 1 }, { confidence: confidenceFromCode(value!.text) });
    return;
  }
}

export default defineRule({
  id: "mark-safe-untrusted",
  severity: "high",
  confidence: "medium",
  cwe: 79,
  owasp: "A03:2021",
  guideSection: "xss",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe",
  docs: {
    what:
      "Finds `mark_safe()`, `SafeString()` and `@mark_safe` applied to HTML that is not a constant and not produced by `escape()`, `conditional_escape()`, `format_html()`, `render_to_string()` or `json_script()`.",
    why:
      "Marking a string safe turns off Django's auto-escaping for it. If any part of it comes from a user, that user can add `<script>` or event-handler attributes that run in other visitors' browsers (stored or reflected XSS).",
    example: "from django.utils.safestring import mark_safe\n\ndef render_bad(user_input):\n    return mark_safe(user_input)\n",
    summary: "Finds mark_safe(), SafeString() and @mark_safe applied to HTML that may not be escaped.",
    good: "from django.utils.html import escape, format_html\nfrom django.utils.safestring import mark_safe\n\ndef render_good(user_input):\n    return format_html(\"<b>{}</b>\", user_input)\n\ndef render_escaped(user_input):\n    return mark_safe(f\"<b>{escape(user_input)}</b>\")\n",
    fix:
      "Build HTML with `format_html(\"<b>{}</b>\", value)`, which escapes each argument, or escape values first: `mark_safe(escape(value))`. If the value must contain user HTML, clean it with an HTML sanitiser such as nh3 or bleach before marking it safe.",
    note:
      "f-strings, `%`, `.format()` and `+` are accepted when every interpolated value is a constant or already escaped, and local variables of the same function are followed. Translated constants (`_(\"...\")`, also with numeric `%d` values) and `settings.*` values are trusted, and so are " +
      "Django's escaping helpers used with escaping on (`urlize(text, autoescape=autoescape)` in a `needs_autoescape` filter, " +
      "`linebreaksbr`), `number_format()`, `timesince()`/`timeuntil()`, `QueryDict.urlencode()`, values formatted by numeric `%` conversions (`%d`), a form renderer's `renderer.render(template_name, context)`, and a `mark_safe()` " +
      "that only runs once `isinstance(value, SafeData)` showed the input was safe already. A value whose origin is not visible here (an attribute, a parameter, another function's result) is reported too, because it needs a look: suppress the finding with a reason if it is known to be safe.",
  },
  mentions: /mark_safe|SafeString|SafeText/,
  messages: {
    builtHtml:
      "HTML marked safe by `{{fn}}` is built with {{how}} from a value that is not escaped, so it can inject script. Use `format_html()`, or `escape()` each value.",
    unverifiedValue:
      "`{{fn}}` marks `{{value}}` as safe HTML without escaping it. Use `format_html()` or `escape()`, or clean it with an HTML sanitiser if it must contain markup.",
    decoratedFunction:
      "`@mark_safe` marks everything `{{function}}` returns as safe HTML, and the value returned on line {{line}} is not escaped. Build it with `format_html()` instead.",
  },
  checkModule({ root, text, imports, report }) {
    const index = callIndex(root, imports, text);
    for (const deco of index.decorators.get(TRACKED.markSafe) ?? []) checkDecorated(deco, imports, report);
    const opts: JudgeOptions = { imports, isSafeValue: isSafeHtmlValue };
    for (const call of callsTo(index, TRACKED.markSafe, TRACKED.safeString)) {
      const q = imports.qualifyNode(call.childForFieldName("function"))!;
      const arg = positionalArgs(call)[0] ?? keywordArg(call, "s");
      if (!arg) continue;
      const v = judgeText(arg, opts);
      if (v.kind === "safe" || (v.kind === "opaque" && v.gaveUp) || keepsSafeness(call)) continue;
      // Request data in sight is reported by tainted-html with its path; here the origin is out of sight
      // unless the marked code reads the request itself.
      const confidence = confidenceFromCode(v.kind === "built" ? `${v.at.text}\n${arg.text}` : arg.text);
      if (v.kind === "built") report(call, "builtHtml", { fn: shortName(q), how: v.how }, { trace: builtTrace(v, call), confidence });
      else report(call, "unverifiedValue", { fn: shortName(q), value: codeText(arg) }, { confidence });
    }
  },
});
