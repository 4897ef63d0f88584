import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { refusesAllButSuperusers, requiresSuperuser, superuserDecoratorNames } from "../../src/core/analysis/superuser-checks.js";
import { permissionTestNames, refusesUnprivileged, requiresPrivilege } from "../../src/core/analysis/permission-checks.js";
import { moduleClasses } from "../authorization/class-views.js";

// Django's admin decorator, and `user_passes_test(lambda u: u.is_staff)` / `is_superuser` checks.
const STAFF_DECORATOR = /^@(?:[\w.]*\.)?(?:staff_member_required|superuser_required|staff_required)\b|^@(?:[\w.]*\.)?user_passes_test\(\s*(?:lambda\s+\w+\s*:\s*\w+\.(?:is_staff|is_superuser)\b|[\w.]*\b(?:is_staff|is_superuser)\b)/;
// django-braces' `StaffuserRequiredMixin`/`SuperuserRequiredMixin`, and the projects' own `StaffRequiredMixin`s.
const STAFF_MIXIN = /\b(?:Staff(?:user|Member)?|Superuser)RequiredMixin\b/;
// `method_decorator(staff_member_required, name="dispatch")` on the class.
const STAFF_METHOD_DECORATOR = /^@(?:[\w.]*\.)?method_decorator\(\s*(?:[\w.]*\.)?(?:staff_member_required|superuser_required)\b/;
// A Django admin class: every view it serves runs behind the admin site's `is_staff` check.
const ADMIN_CLASS = /\b(?:admin\.)?(?:ModelAdmin|AdminSite)\b/;
// `UserPassesTestMixin` whose `test_func` checks staff or superuser status.
const STAFF_TEST_FUNC = /def test_func\(self\)[^\n]*\n(?:[ \t]+[^\n]*\n){0,3}?[ \t]+return [^\n]*\.(?:is_staff|is_superuser)\b[^\n]*(?:\n|$)/;

function decorators(def: SyntaxNode): string[] {
  const parent = def.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((d) => d.type === "decorator").map((d) => d.text);
}

/**
 * True when the code at `node` runs only for staff or superusers: a function under `@staff_member_required` or
 * `@user_passes_test(lambda u: u.is_staff)`, or a method of a class behind a staff mixin, `method_decorator` of the
 * admin's check, a `UserPassesTestMixin.test_func` that returns `is_staff`/`is_superuser`, or a Django admin class
 * (also through a base class of the same module).
 * Only the views' own code is read; every other check counts for nothing.
 */
export function staffOnly(node: SyntaxNode): boolean {
  for (let at: SyntaxNode | null = node.parent; at; at = at.parent) {
    if (at.type === "function_definition" && decorators(at).some((d) => STAFF_DECORATOR.test(d))) return true;
    if (at.type === "class_definition" && staffClass(at, new Set())) return true;
  }
  return false;
}

/**
 * A class whose instances only serve staff: its own bases, decorators or `test_func` say so, or one of its bases is a
 * class of the same module that does (`class BaseAdmin(ModelAdmin)` then `class ConfigAdmin(BaseAdmin)`).
 */
function staffClass(cls: SyntaxNode, seen: Set<string>): boolean {
  const bases = cls.childForFieldName("superclasses")?.text ?? "";
  if (STAFF_MIXIN.test(bases) || ADMIN_CLASS.test(bases)) return true;
  if (decorators(cls).some((d) => STAFF_METHOD_DECORATOR.test(d))) return true;
  if (/\bUserPassesTestMixin\b/.test(bases) && STAFF_TEST_FUNC.test(cls.text)) return true;
  return someLocalBase(cls, seen, (base) => staffClass(base, seen));
}

/** Whether a base class defined earlier in the module (at most 8 deep, each once) passes `test`. */
function someLocalBase(cls: SyntaxNode, seen: Set<string>, test: (base: SyntaxNode) => boolean): boolean {
  const name = cls.childForFieldName("name")?.text ?? "";
  if (seen.has(name) || seen.size > 8) return false;
  seen.add(name);
  const classes = moduleClasses(moduleOf(cls));
  for (const base of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (base.type !== "identifier") continue;
    const local = classes.get(base.text)?.node;
    if (local && local.startIndex < cls.startIndex && test(local)) return true;
  }
  return false;
}

function moduleOf(node: SyntaxNode): SyntaxNode {
  let at = node;
  while (at.parent) at = at.parent;
  return at;
}

/** The superuser decorators each module defines, read once per parsed module. */
const moduleSuperuserDecorators = new WeakMap<SyntaxNode, string[]>();

// `@user_passes_test(lambda u: u.is_superuser, login_url=...)`, also inside `method_decorator(...)`.
const SUPERUSER_TEST_DECORATOR = /\buser_passes_test\(\s*lambda\s+\w+\s*:\s*([^,]+?)\s*(?:,[^)]*)?\)/;
// django-braces' `SuperuserRequiredMixin` and the projects' own of that name.
const SUPERUSER_MIXIN = /\bSuperuserRequiredMixin\b/;
// `UserPassesTestMixin.test_func` and its return expression.
const TEST_FUNC_RETURN = /def test_func\(self\)[^\n]*\n(?:[ \t]+[^\n]*\n){0,3}?[ \t]+return ([^\n]*)(?:\n|$)/;

/** A decorator's text lets only superusers through: a superuser test, or a decorator named in `names` (bare or dotted). */
function superuserDecorator(text: string, names: ReadonlySet<string>): boolean {
  const test = SUPERUSER_TEST_DECORATOR.exec(text);
  if (test && requiresSuperuser(test[1])) return true;
  const named = /^@(?:[\w.]*\.)?method_decorator\(\s*(?:[\w.]*\.)?(\w+)\b|^@(?:[\w.]*\.)?(\w+)\s*(?:\(|$)/.exec(text.trim());
  const name = named?.[1] ?? named?.[2];
  return !!name && names.has(name);
}

/**
 * An `if` (without `else`) in `fn`'s own body, before `node`, whose body ends by raising or returning and whose
 * condition `refuses` accepts (`refusesAllButSuperusers`, `refusesUnprivileged`): only the users it lets past reach `node`.
 */
function refusingIfBefore(fn: SyntaxNode, node: SyntaxNode, refuses: (condition: string) => boolean): boolean {
  for (const stmt of fn.childForFieldName("body")?.namedChildren ?? []) {
    if (stmt.startIndex >= node.startIndex) return false;
    if (stmt.type !== "if_statement" || stmt.endIndex > node.startIndex || stmt.childrenForFieldName("alternative").length) continue;
    const body = stmt.childForFieldName("consequence")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    const last = body[body.length - 1];
    if ((last?.type === "raise_statement" || last?.type === "return_statement") && refuses(stmt.childForFieldName("condition")?.text ?? "")) return true;
  }
  return false;
}

/**
 * True when the code at `node` runs only for superusers, Django's fully trusted users: a function under
 * `@user_passes_test(lambda u: u.is_superuser)` or a decorator of the project that lets only superusers through
 * (`names`, from the project index, plus those this module defines), a function whose body refuses everyone else
 * before `node` (`if not request.user.is_superuser: raise PermissionDenied`), or a method of a class behind
 * `SuperuserRequiredMixin`, such a `method_decorator`, a `test_func` returning a superuser test, or a `dispatch`
 * that refuses everyone else (also through a base class of the same module). Staff checks count for nothing here.
 */
export function superuserOnly(node: SyntaxNode, names: readonly string[] = []): boolean {
  const module = moduleOf(node);
  let own = moduleSuperuserDecorators.get(module);
  if (!own) moduleSuperuserDecorators.set(module, (own = superuserDecoratorNames(module.text)));
  const known = new Set([...names, ...own]);
  for (let at: SyntaxNode | null = node.parent; at; at = at.parent) {
    if (at.type === "function_definition" && (decorators(at).some((d) => superuserDecorator(d, known)) || refusingIfBefore(at, node, refusesAllButSuperusers))) return true;
    if (at.type === "class_definition" && superuserClass(at, known, new Set())) return true;
  }
  return false;
}

function superuserClass(cls: SyntaxNode, names: ReadonlySet<string>, seen: Set<string>): boolean {
  const bases = cls.childForFieldName("superclasses")?.text ?? "";
  if (SUPERUSER_MIXIN.test(bases)) return true;
  if (decorators(cls).some((d) => /^@(?:[\w.]*\.)?method_decorator\(/.test(d) && superuserDecorator(d, names))) return true;
  const testFunc = /\bUserPassesTestMixin\b/.test(bases) ? TEST_FUNC_RETURN.exec(cls.text) : null;
  if (testFunc && requiresSuperuser(testFunc[1])) return true;
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type !== "function_definition" || def.childForFieldName("name")?.text !== "dispatch") continue;
    const last = def.childForFieldName("body")?.namedChildren.filter((c) => c.type !== "comment").pop();
    if (last && refusingIfBefore(def, last, refusesAllButSuperusers)) return true;
  }
  return someLocalBase(cls, seen, (base) => superuserClass(base, names, seen));
}

/** The permission tests each module defines, read once per parsed module. */
const modulePermissionTests = new WeakMap<SyntaxNode, string[]>();

// `@permission_required("app.codename")` (Django's, django-guardian's `permission_required_or_403`), bare or in `method_decorator(...)`.
const PERMISSION_DECORATOR = /^@(?:[\w.]*\.)?(?:method_decorator\(\s*(?:[\w.]*\.)?)?permission_required(?:_or_403)?\(/;
// `@user_passes_test(lambda u: u.has_perm(...))`, `@user_passes_test(is_reviewer)`.
const TEST_DECORATOR = /^@(?:[\w.]*\.)?(?:method_decorator\(\s*(?:[\w.]*\.)?)?user_passes_test\(\s*(?:lambda\s+\w+\s*:\s*([^,]+?)|(\w+))\s*(?:,[^)]*)?\)/;
// Django's, django-braces' and django-guardian's permission mixins: `dispatch` refuses users without the permission.
const PERMISSION_MIXIN = /\b(?:Multiple)?Permissions?RequiredMixin\b/;

/**
 * True when the code at `node` runs only for privileged users: `staffOnly`, or a function under
 * `@permission_required(...)` or a `user_passes_test` whose test needs a permission (`has_perm`, or a project
 * function `tests` names or the module defines that returns one), a function whose body first refuses everyone else (`if not
 * request.user.has_perm("app.send_mail"): raise PermissionDenied`), code inside `if request.user.has_perm(...):`, or
 * a method of a class behind a permission mixin or decorator (also through a base class of the same module).
 */
export function permissionOnly(node: SyntaxNode, tests: readonly string[] = []): boolean {
  if (staffOnly(node)) return true;
  const module = moduleOf(node);
  let own = modulePermissionTests.get(module);
  if (!own) modulePermissionTests.set(module, (own = permissionTestNames(module.text)));
  const helpers = new Set([...tests, ...own]);
  let child = node;
  for (let at: SyntaxNode | null = node.parent; at; child = at, at = at.parent) {
    if (at.type === "if_statement" && at.childForFieldName("consequence")?.id === child.id && requiresPrivilege(at.childForFieldName("condition")?.text ?? "", helpers)) return true;
    if (at.type === "function_definition" && (decorators(at).some((d) => permissionDecorator(d, helpers)) || refusingIfBefore(at, node, (condition) => refusesUnprivileged(condition, helpers)))) return true;
    if (at.type === "class_definition" && permissionClass(at, helpers, new Set())) return true;
  }
  return false;
}

function permissionDecorator(text: string, helpers: ReadonlySet<string>): boolean {
  if (PERMISSION_DECORATOR.test(text)) return true;
  const test = TEST_DECORATOR.exec(text);
  return !!test && (test[1] !== undefined ? requiresPrivilege(test[1], helpers) : helpers.has(test[2]));
}

function permissionClass(cls: SyntaxNode, helpers: ReadonlySet<string>, seen: Set<string>): boolean {
  if (PERMISSION_MIXIN.test(cls.childForFieldName("superclasses")?.text ?? "")) return true;
  if (decorators(cls).some((d) => /^@(?:[\w.]*\.)?method_decorator\(/.test(d) && permissionDecorator(d, helpers))) return true;
  return someLocalBase(cls, seen, (base) => permissionClass(base, helpers, seen));
}

