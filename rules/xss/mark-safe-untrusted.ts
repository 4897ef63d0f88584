import { defineRule, type Report } from "../../src/core/analysis/define-rule.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import { confidenceFromCode, type ProjectIndex } from "../../src/core/analysis/project-index.js";
import { adminShownNames, isAdminClass } from "../../src/core/analysis/admin-columns.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode, TraceStep } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { codeText, judgeText, judgeTextNested, walkStatements, keywordArg, positionalArgs, type JudgeOptions, type Verdict } from "../sql-injection/string-building.js";
import { isSafeHtmlValue } from "./html-safe.js";
import { evidencePhrase, textEvidence, type TextContext, type TextEvidence } from "./display-text.js";
import { modelValueCheckers } from "./model-types.js";


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
  const fn = enclosingFunction(call);
  for (let child = call, at = call.parent; at && at.id !== fn?.id; child = at, at = at.parent) {
    if (at.type === "conditional_expression" && at.namedChildren[0]?.id === child.id && checks(at.namedChildren[1] ?? null, fn)) return true;
    if ((at.type === "if_statement" || at.type === "elif_clause") && at.childForFieldName("consequence")?.id === child.id && checks(at.childForFieldName("condition"), fn)) return true;
  }
  return false;
}

// Method names of `str` that build a new string from the receiver and arguments: followed, not leaves.
const BUILDING_METHODS = new Set(["format", "join", "replace", "strip", "lstrip", "rstrip", "get"]);
const LEAF_TYPES = new Set(["string", "concatenated_string", "parenthesized_expression", "conditional_expression", "boolean_operator", "binary_operator", "call", "identifier", "attribute"]);

/** True when `name` is assigned (`name = ...`, `name += ...`) in the function around `node`: a value built here. */
function assignedLocally(node: SyntaxNode): boolean {
  const body = enclosingFunction(node)?.childForFieldName("body")?.text ?? "";
  return new RegExp(`^[ \\t]*${node.text}[ \\t]*\\+?=[^=]`, "m").test(body);
}

// Statements whose body may not run: an assignment inside one leaves the value before it in force.
const BRANCHING = new Set(["if_statement", "elif_clause", "else_clause", "for_statement", "while_statement", "try_statement", "except_clause", "with_statement", "match_statement", "case_clause"]);

/**
 * The values of a local name that may still reach its use besides the one judged (the last assignment before it):
 * when that assignment sits in a branch that does not hold the use (`name = user.get_full_name()` then
 * `if not name: name = user.username`), the assignments before it, back to one outside any such branch.
 */
function earlierValues(use: SyntaxNode): SyntaxNode[] {
  const fn = enclosingFunction(use);
  const body = fn?.childForFieldName("body");
  if (!body) return [];
  const assigns: SyntaxNode[] = [];
  walkStatements(body, (type, current) => {
    if (type !== "assignment") return;
    const node = current();
    if (node.childForFieldName("left")?.text === use.text && node.endIndex <= use.startIndex) assigns.push(node);
  });
  const out: SyntaxNode[] = [];
  for (let i = assigns.length - 1; i > 0; i--) {
    let conditional = false;
    for (let at = assigns[i].parent; at && at.id !== fn!.id; at = at.parent) {
      if (BRANCHING.has(at.type) && !(use.startIndex >= at.startIndex && use.endIndex <= at.endIndex)) conditional = true;
    }
    if (!conditional) break;
    const right = assigns[i - 1].childForFieldName("right");
    if (right) out.push(right);
  }
  return out;
}

/**
 * Which evidence of user text (see display-text.ts) reaches the marked HTML unescaped: the value is judged a
 * second time with every leaf trusted except those that are evidently user text. Undefined when none is.
 */
export function unsafeTextEvidence(
  value: SyntaxNode,
  imports: ImportTable,
  ctx: TextContext = {},
  isSafe: SafeValue = isSafeHtmlValue,
  depth = 0,
): { evidence: TextEvidence; node: SyntaxNode } | undefined {
  let found: { evidence: TextEvidence; node: SyntaxNode } | undefined;
  // Evidence in a value a branch may leave in force, which the judge (following the last assignment) does not see.
  let branched: { evidence: TextEvidence; node: SyntaxNode } | undefined;
  const note = (n: SyntaxNode): boolean => {
    const e = textEvidence(n, ctx);
    if (e && !found) found = { evidence: e, node: n };
    return e !== undefined;
  };
  const opts: JudgeOptions = {
    imports,
    isSafeValue: (n, imp) => {
      if (isSafe(n, imp)) return true;
      if (!LEAF_TYPES.has(n.type)) return true;
      if (n.type === "call") {
        const fn = n.childForFieldName("function");
        const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text ?? "" : "";
        if (BUILDING_METHODS.has(method)) return false;
        return !note(n);
      }
      if (n.type === "identifier") {
        if (!assignedLocally(n)) return true;
        // The judge follows the last assignment; one in a branch leaves the earlier value possible too.
        if (depth < 2 && !branched) {
          for (const earlier of earlierValues(n)) {
            branched = unsafeTextEvidence(earlier, imports, ctx, isSafe, depth + 1);
            if (branched) break;
          }
        }
        return false;
      }
      return false;
    },
    isSafeInput: (n) => !note(n),
  };
  // Nested (from inside the judge's own callbacks) it must leave the outer judgement's budget and memo alone.
  const v = depth ? judgeTextNested(value, opts) : judgeText(value, opts);
  return v.kind === "safe" || (v.kind === "opaque" && v.gaveUp) ? branched : (found ?? branched);
}

const ADMIN_CLASS = /(?:Admin|Inline)$/;
const ADMIN_BASES = /\b(?:admin\.\w+|\w*ModelAdmin|\w*Admin|\w*Inline)\b/;

/** The parameters of a function, in order. */
function parameters(fn: SyntaxNode): string[] {
  return (fn.childForFieldName("parameters")?.namedChildren ?? []).map((p) =>
    p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren.find((c) => c.type === "identifier")?.text ?? ""),
  );
}

/**
 * The row object of an admin list column: the parameter after `self` of a method of a `ModelAdmin` or inline
 * (by class name or base), or of a function given `allow_tags`/`@admin.display`. Its fields are data users
 * of the admin (or of the app) typed, shown to other staff.
 */
function adminRowObjects(fn: SyntaxNode, allowTags: boolean): Set<string> {
  const params = parameters(fn);
  let cls: SyntaxNode | null = fn.parent;
  while (cls && cls.type !== "class_definition" && cls.type !== "function_definition" && cls.type !== "module") cls = cls.parent;
  const inAdmin =
    cls?.type === "class_definition" &&
    (ADMIN_CLASS.test(cls.childForFieldName("name")?.text ?? "") || ADMIN_BASES.test(cls.childForFieldName("superclasses")?.text ?? ""));
  const displayDecorated = /@(?:admin\.)?display\b/.test(fn.parent?.type === "decorated_definition" ? fn.parent.text.slice(0, fn.parent.text.indexOf("def ")) : "");
  if (!inAdmin && !allowTags && !displayDecorated) return new Set();
  const obj = params[0] === "self" ? params[1] : params[0];
  return new Set(obj ? [obj] : []);
}

/**
 * True when `fn` is a method of an admin class that the admin never calls: no option of the class, its subclasses or
 * their ancestors names it (see `adminShownNames`), and its module neither spells its name as a string, reads it as an
 * attribute (`self.link(obj)`) nor lists the function itself (`list_display = [link]`). Its HTML is never rendered.
 */
function unshownAdminMethod(fn: SyntaxNode, index: ProjectIndex | undefined): boolean {
  const name = fn.childForFieldName("name")?.text;
  let cls: SyntaxNode | null = fn.parent;
  while (cls && cls.type !== "class_definition" && cls.type !== "function_definition") cls = cls.parent;
  if (!name || cls?.type !== "class_definition" || cls.parent?.type === "block") return false;
  const clsName = cls.childForFieldName("name")?.text ?? "";
  const bases = (cls.childForFieldName("superclasses")?.namedChildren ?? []).map((b) => b.text.replace(/^.*\./, ""));
  if (!isAdminClass(clsName, bases)) return false;
  const shown = adminShownNames(index?.adminClasses, clsName, index?.knownClasses);
  if (!shown || shown.has(name)) return false;
  const text = fn.tree.rootNode.text;
  const word = name.replace(/\W/g, "");
  return !new RegExp(`(["'])${word}\\1|\\.${word}\\b|[\\[(,=]\\s*${word}\\s*[,)\\]\\n]`).test(text);
}

type Confidence = "high" | "medium" | "low";
type ModelCheckers = Pick<TextContext, "isMarkupFree" | "isStoredText">;
type SafeValue = (node: SyntaxNode, imports: ImportTable) => boolean;

/** Request data in the code → high; user text evidently reaching the HTML → medium; else low. */
function confidenceOf(value: SyntaxNode, code: string, imports: ImportTable, ctx: TextContext, isSafe: SafeValue): { confidence: Confidence; step?: TraceStep } {
  if (confidenceFromCode(code) === "high") return { confidence: "high" };
  const e = unsafeTextEvidence(value, imports, ctx, isSafe);
  if (!e) return { confidence: "low" };
  return { confidence: "medium", step: { line: e.node.startPosition.row + 1, label: `\`${codeText(e.node)}\` is ${evidencePhrase(e.evidence)}` } };
}

/** The function of this module a return value calls, one hop away: `helper(...)` at the top level or `self.helper(...)`. */
function calledHelper(value: SyntaxNode, fn: SyntaxNode): SyntaxNode | undefined {
  if (value.type !== "call") return undefined;
  const callee = value.childForFieldName("function");
  let name: string | undefined;
  let scope: readonly SyntaxNode[] = value.tree.rootNode.namedChildren;
  if (callee?.type === "identifier") name = callee.text;
  else if (callee?.type === "attribute" && callee.childForFieldName("object")?.text === "self") {
    name = callee.childForFieldName("attribute")?.text;
    let cls: SyntaxNode | null = fn.parent;
    while (cls && cls.type !== "class_definition") cls = cls.parent;
    scope = cls?.childForFieldName("body")?.namedChildren ?? [];
  }
  if (!name) return undefined;
  for (const child of scope) {
    const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name && def.id !== fn.id) return def;
  }
  return undefined;
}

/** Row objects of `helper` bound by the call's arguments to the caller's row objects. */
function boundRowObjects(call: SyntaxNode, helper: SyntaxNode, rows: ReadonlySet<string>): Set<string> {
  const params = parameters(helper);
  const offset = params[0] === "self" && call.childForFieldName("function")?.type === "attribute" ? 1 : 0;
  const out = new Set<string>();
  positionalArgs(call).forEach((a, i) => {
    if (a.type === "identifier" && rows.has(a.text) && params[i + offset]) out.add(params[i + offset]);
  });
  return out;
}

interface MarkedReturn {
  value: SyntaxNode;
  verdict: Verdict;
  ctx: TextContext;
  /** The function whose result is marked safe, when the value sits in a helper it calls. */
  via?: SyntaxNode;
}

/**
 * The first return value of a function whose result is marked safe (by `@mark_safe` or `allow_tags`) that is not
 * shown safe, looking one hop into a helper of the module when the function returns the helper's result.
 */
function unsafeReturn(fn: SyntaxNode, imports: ImportTable, ctx: TextContext, isSafe: SafeValue): MarkedReturn | undefined {
  const opts: JudgeOptions = { imports, isSafeValue: isSafe };
  for (const ret of returnsOf(fn)) {
    const value = ret.namedChildren[0];
    if (!value) continue;
    const helper = calledHelper(value, fn);
    if (helper) {
      const inner = unsafeReturn(helper, imports, { ...ctx, rowObjects: boundRowObjects(value, helper, ctx.rowObjects ?? new Set()) }, isSafe);
      if (inner) return { ...inner, via: fn };
      continue;
    }
    const v = judgeText(value, opts);
    if (v.kind === "safe" || (v.kind === "opaque" && v.gaveUp)) continue;
    return { value, verdict: v, ctx };
  }
  return undefined;
}

/** The confidence of a finding in `fn`, low when `fn` is an admin method the admin never shows. */
function shown(fn: SyntaxNode | undefined, c: { confidence: Confidence; step?: TraceStep }, index: ProjectIndex | undefined): { confidence: Confidence; step?: TraceStep } {
  return fn && c.confidence !== "low" && unshownAdminMethod(fn, index) ? { confidence: "low", step: { line: fn.startPosition.row + 1, label: "no admin option shows this method" } } : c;
}

function checkDecorated(deco: SyntaxNode, imports: ImportTable, report: Report, models: ModelCheckers, isSafe: SafeValue, index: ProjectIndex | undefined): void {
  const fn = deco.parent?.parent?.childForFieldName("definition");
  if (fn?.type !== "function_definition") return;
  const found = unsafeReturn(fn, imports, { rowObjects: adminRowObjects(fn, false), ...models }, isSafe);
  if (!found) return;
  const { confidence, step } = shown(fn, confidenceOf(found.value, found.value.text, imports, found.ctx, isSafe), index);
  const line = found.value.startPosition.row + 1;
  report(deco, "decoratedFunction", { function: fn.childForFieldName("name")?.text ?? "this function", line }, { confidence, trace: step ? [step] : undefined });
}

/** `name.allow_tags = True` statements of a module or class body: Django before 2.0 output such admin columns unescaped. */
function allowTagsFunctions(root: SyntaxNode, text: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const m of text.matchAll(/^([ \t]*)(\w+)\.allow_tags[ \t]*=[ \t]*True\b/gm)) {
    const at = root.descendantForIndex(m.index! + m[1].length);
    let stmt: SyntaxNode | null = at;
    while (stmt && stmt.type !== "expression_statement") stmt = stmt.parent;
    const body = stmt?.parent;
    if (!body) continue;
    for (const child of body.namedChildren) {
      const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
      if (def?.type === "function_definition" && def.childForFieldName("name")?.text === m[2]) out.push(def);
    }
  }
  return out;
}

function checkAllowTags(fn: SyntaxNode, imports: ImportTable, report: Report, models: ModelCheckers, isSafe: SafeValue, index: ProjectIndex | undefined): void {
  const found = unsafeReturn(fn, imports, { rowObjects: adminRowObjects(fn, true), ...models }, isSafe);
  if (!found) return;
  const { confidence, step } = shown(fn, confidenceOf(found.value, found.value.text, imports, found.ctx, isSafe), index);
  const name = fn.childForFieldName("name")?.text ?? "this function";
  const trace: TraceStep[] = [];
  if (found.via) trace.push({ line: found.value.startPosition.row + 1, label: `HTML returned to \`${name}\`` });
  if (step) trace.push(step);
  report(found.value, "allowTags", { function: name }, { confidence, trace: trace.length ? trace : undefined });
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
      "f-strings, `%`, `.format()` and `+` are accepted when every interpolated value is a constant or already escaped, and local variables of the same function are followed; a `+=` in the other branch of a flag parameter (`if url:` ... `else:`, with `url=True` never reassigned) than the `mark_safe()` is left out. Translated constants (`_(\"...\")`, also with numeric `%d` values) and `settings.*` values are trusted, and so are " +
      "Django's escaping helpers used with escaping on (`urlize(text, autoescape=autoescape)` in a `needs_autoescape` filter, " +
      "`linebreaksbr`), `number_format()`, `timesince()`/`timeuntil()`, `QueryDict.urlencode()`, values formatted by numeric `%` conversions (`%d`), a form renderer's `renderer.render(template_name, context)`, and a `mark_safe()` " +
      "that only runs once `isinstance(value, SafeData)` showed the input was safe already. A value whose origin is not visible here (an attribute, a parameter, another function's result) is reported at low confidence (listed, not commented), because it needs a look: suppress the finding with a reason if it is known to be safe. " +
      "Medium confidence needs evidence that the value is text people type: a field of the row object of an admin column (`obj.hostname` in a `ModelAdmin` or inline method, or one given `allow_tags`/`@admin.display`), " +
      "a display name (`.name`, `.title`, `get_full_name()`, not of forms, fields, widgets or model metadata) of an object the code shows is an instance of a project model that declares that field as text (found as below), or a name of Django's user model (`.first_name`, `.last_name`, `get_full_name()`, and `.username` of a user model that does not keep Django's validated username), or a `CharField`/`TextField` the model class declares (`self.title`); request data in the marked code is high. " +
      "A display name of an object whose model is not in sight (a helper's parameter, `group.name`, `record.language.name`) is only a guess from the attribute's name, and stays low. " +
      "Admin columns given `allow_tags = True` (output unescaped before Django 2.0; not checked when the project uses an API of Django 2.0 or later such as `django.urls.path`) are checked like `@mark_safe` functions, and a column that returns a helper of the same module (`return link_for(obj)`) is followed one hop, the finding placed on the helper's return. " +
      "Escaping written out with `.replace('<', '&lt;')` (with `&` or `\"` replaced too) counts as escaping. " +
      "A field is no evidence of user text when the project's models show it cannot hold markup: the model of the value is found from the admin's `model`/`register()`, " +
      "`self` in a model, a ModelForm's `self.instance`, `Model.objects.get()`, loops over `obj.relation.all()` (forward or reverse relations) or the model its name spells, " +
      "and the field is a number, date, flag, UUID, slug, IP address, a field whose `choices` are constants free of markup (a literal list or tuple, a module or class constant, a `TextChoices`/`IntegerChoices` class, a setting; not a callable, a comprehension or a computed list) or its `get_<field>_display()` label, the username of a user model that keeps Django's `UnicodeUsernameValidator` " +
      "(`auth.User`, or an `AbstractUser` subclass that neither redeclares `username` without such a validator nor swaps `username_validator`; read as `obj.user.username`, `request.user.username`, the user itself (`obj.user`, `request.user`) when the model keeps Django's `__str__` or one that only returns the username, `user.get_username()` when `USERNAME_FIELD` is the username, or `x.user.username` of an object out of sight when no other model declares a free-text `username`; not `email`, `first_name` or `last_name`), or text a validator limits to characters with no meaning in HTML " +
      "(`RegexValidator(r'^[\\w.-]+$')`, `validate_slug`, or a project validator one hop away whose patterns are all such; not `EmailValidator`, whose quoted local part may hold `<` and quotes, nor `URLValidator`). " +
      "Model methods that only return numbers, class constants, translated literals (`_(\"...\")`) or lookups in dicts the project only ever fills with such text (`self.STATE_HELP.get(self.state)`), the `.name`/`.url` of a stored file (a `FileField`, or the value a file widget's `render()` gets, or the field's `FieldFile` itself), and a `CharField` of at most 8 characters (a colour, a currency or country code: too short to carry a script) are treated alike. " +
      "A property or method of the value's model whose every return is HTML a call already made safe (`return mark_safe(...)`, `return format_html(...)`) is no finding where it is marked safe again (`@mark_safe def admin_status(self, obj): return obj.obj_status`): the HTML is judged where the model builds it; when the row's model is out of sight (a generic admin base class), the name counts if the project's models define it only so. " +
      "Percent-encoded values are safe: `urllib.parse.quote()`/`urlencode()` (and `requests.utils.quote`, Django's `urlquote`) unless `safe=` keeps markup characters, and `request.get_full_path()` (Django encodes path and query, leaving no `<`, `>` or `\"`) where the statement that builds the markup around it has no single quote. " +
      "An admin method that no option of its class, its bases or its subclasses names (`list_display`, `readonly_fields`, `fields`, `fieldsets`, their `get_...` methods) and that its module never calls is never rendered by the admin: its finding is low confidence.",
  },
  mentions: /mark_safe|SafeString|SafeText|allow_tags/,
  messages: {
    builtHtml:
      "HTML marked safe by `{{fn}}` is built with {{how}} from a value that is not escaped, so it can inject script. Use `format_html()`, or `escape()` each value.",
    unverifiedValue:
      "`{{fn}}` marks `{{value}}` as safe HTML without escaping it. Use `format_html()` or `escape()`, or clean it with an HTML sanitiser if it must contain markup.",
    decoratedFunction:
      "`@mark_safe` marks everything `{{function}}` returns as safe HTML, and the value returned on line {{line}} is not escaped. Build it with `format_html()` instead.",
    allowTags:
      "`{{function}}.allow_tags = True` makes the Django admin (before Django 2.0) output this HTML unescaped, and it is built from a value that is not escaped. Build it with `format_html()`, which escapes each value.",
  },
  checkModule({ root, text, imports, report, project }) {
    const index = callIndex(root, imports, text);
    // Values the project's models show cannot hold markup are no evidence of user text; a display name is evidence
    // only when the models show it is stored text.
    const { isSafeHtml, ...models } = modelValueCheckers(project.index);
    // A property or method of the value's model that returns HTML already made safe is no new hazard here.
    const isSafe: SafeValue = (n, imp) => isSafeHtmlValue(n, imp) || isSafeHtml(n);
    for (const deco of index.decorators.get(TRACKED.markSafe) ?? []) checkDecorated(deco, imports, report, models, isSafe, project.index);
    // Django 2.0 dropped `allow_tags`: on a project that uses a later API the admin escapes these columns.
    if (text.includes("allow_tags") && !project.index?.djangoAtLeast2) for (const fn of allowTagsFunctions(root, text)) checkAllowTags(fn, imports, report, models, isSafe, project.index);
    const opts: JudgeOptions = { imports, isSafeValue: isSafe };
    for (const call of callsTo(index, TRACKED.markSafe, TRACKED.safeString)) {
      const q = imports.qualifyNode(call.childForFieldName("function"))!;
      const arg = positionalArgs(call)[0] ?? keywordArg(call, "s");
      if (!arg) continue;
      const v = judgeText(arg, opts);
      if (v.kind === "safe" || (v.kind === "opaque" && v.gaveUp) || keepsSafeness(call)) continue;
      // Request data in sight is reported by tainted-html with its path; here the origin is out of sight
      // unless the marked code reads the request itself, or the value is evidently text users type.
      const fn = enclosingFunction(call);
      const ctx: TextContext = { rowObjects: fn ? adminRowObjects(fn, false) : undefined, ...models };
      const { confidence, step } = shown(fn ?? undefined, confidenceOf(arg, v.kind === "built" ? `${v.at.text}\n${arg.text}` : arg.text, imports, ctx, isSafe), project.index);
      if (v.kind === "built") {
        const trace = [...(builtTrace(v, call) ?? []), ...(step ? [step] : [])];
        report(call, "builtHtml", { fn: shortName(q), how: v.how }, { trace: trace.length ? trace : undefined, confidence });
      } else report(call, "unverifiedValue", { fn: shortName(q), value: codeText(arg) }, { confidence, trace: step ? [step] : undefined });
    }
  },
});
