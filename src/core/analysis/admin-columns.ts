import type { SourceFile } from "./types.js";

/**
 * What the project's admin classes (`ModelAdmin`s and inlines: a class named `...Admin`/`...Inline` or extending one)
 * can show, read from file texts only (pure). The Django admin calls a method of such a class only when some option
 * names it as a string (`list_display`, `readonly_fields`, `fields`, `fieldsets`, `list_display_links`, what
 * `get_list_display()`/`get_readonly_fields()` return...), in the class itself, an ancestor or a subclass.
 */
export interface AdminClassFacts {
  /** Base class names as written, without module prefixes. */
  bases: string[];
  /** Every identifier the class body spells as a string literal (`"link"`, `'show_user'`). */
  names: string[];
  /** The body sets or computes an option that picks what the admin shows (`list_display`, `get_readonly_fields`...). */
  options: boolean;
}

const SHOWING_OPTION = /\b(?:list_display|list_display_links|readonly_fields|fields|fieldsets|get_list_display|get_readonly_fields|get_fields|get_fieldsets)\b/;

const ADMIN_NAME = /(?:Admin|Inline)$/;
const ADMIN_BASE = /(?:Admin|Inline)\b/;
const CLASS = /^class (\w+)(?:\(([^)]*)\))?\s*:/gm;
const QUOTED_NAME = /(["'])(\w+)\1/g;

/**
 * The classes of modules that mention the admin (`Admin`, `Inline`, `list_display`, `readonly_fields`, `fieldsets`), by
 * name: admin classes and the mixins beside them. Two classes of one name merge: either's strings count.
 */
export function adminClassFacts(files: readonly SourceFile[]): Record<string, AdminClassFacts> {
  const out: Record<string, AdminClassFacts> = {};
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/Admin|Inline|list_display|readonly_fields|fieldsets/.test(file.text)) continue;
    const text = file.text;
    for (const c of text.matchAll(CLASS)) {
      const name = c[1];
      const bases = (c[2] ?? "").split(",").map((b) => b.trim().replace(/^.*\./, "")).filter((b) => /^\w+$/.test(b));
      const start = c.index! + c[0].length;
      const next = /\n(?=[^\s#])/g;
      next.lastIndex = start;
      const end = next.exec(text)?.index ?? text.length;
      const names = new Set<string>();
      const body = text.slice(start, end);
      for (const q of body.matchAll(QUOTED_NAME)) names.add(q[2]);
      const options = SHOWING_OPTION.test(body);
      const prev = out[name];
      if (prev) {
        prev.bases = [...new Set([...prev.bases, ...bases])];
        prev.names = [...new Set([...prev.names, ...names])].sort();
        prev.options ||= options;
      } else out[name] = { bases, names: [...names].sort(), options };
    }
  }
  return out;
}

/** True for a class that is an admin class by its name or a base's (`BoxAdmin`, `class X(admin.TabularInline)`). */
export function isAdminClass(name: string, bases: readonly string[]): boolean {
  return ADMIN_NAME.test(name) || bases.some((b) => ADMIN_BASE.test(b));
}

/**
 * The names options of `cls`, of its subclasses, or of their ancestors spell as strings: the only methods of `cls` the
 * admin can call. Undefined when the class is not among the facts, when none of them sets an option that picks what
 * the admin shows (a sketch, or options set out of sight), or an ancestor is a project class (one of `known`) whose
 * module the facts did not read (then nothing is known).
 */
export function adminShownNames(
  facts: Record<string, AdminClassFacts> | undefined,
  cls: string,
  known?: readonly string[],
): Set<string> | undefined {
  if (!facts || !Object.prototype.hasOwnProperty.call(facts, cls)) return undefined;
  const project = new Set(known ?? []);
  // The class and every project class that extends it, directly or not.
  const family = new Set([cls]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, f] of Object.entries(facts)) {
      if (!family.has(name) && f.bases.some((b) => family.has(b))) {
        family.add(name);
        grew = true;
      }
    }
  }
  // Their ancestors: a base's `list_display` may name a method its subclass defines.
  const seen = new Set<string>();
  const names = new Set<string>();
  let unknown = false;
  let options = false;
  const visit = (name: string, depth: number): void => {
    if (seen.has(name) || depth > 16) return;
    seen.add(name);
    if (!Object.prototype.hasOwnProperty.call(facts, name)) {
      if (project.has(name)) unknown = true;
      return;
    }
    const f = facts[name];
    options ||= f.options;
    for (const n of f.names) names.add(n);
    for (const b of f.bases) visit(b, depth + 1);
  };
  for (const name of family) visit(name, 0);
  return unknown || !options ? undefined : names;
}
