import type { SyntaxNode } from "../../src/core/analysis/types.js";
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
  const name = cls.childForFieldName("name")?.text ?? "";
  if (seen.has(name) || seen.size > 8) return false;
  seen.add(name);
  const classes = moduleClasses(moduleOf(cls));
  for (const base of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (base.type !== "identifier") continue;
    const local = classes.get(base.text)?.node;
    if (local && local.startIndex < cls.startIndex && staffClass(local, seen)) return true;
  }
  return false;
}

function moduleOf(node: SyntaxNode): SyntaxNode {
  let at = node;
  while (at.parent) at = at.parent;
  return at;
}
