import type { SyntaxNode } from "./types.js";

/**
 * A setting whose committed value a settings module refuses at start-up outside development: the value the module at
 * `path` gives `name`, or, with `value`, that value (compared as a literal in the module at `path`).
 */
export interface RefusedDefault {
  path: string;
  name: string;
  value?: string;
}

// A flag that is on in development or test runs: a check only under it proves nothing about production.
const DEVELOPMENT_FLAG = /\b(?:DEBUG|DEV|DEV_MODE|DEVELOPMENT|DEVELOPMENT_MODE|IS_DEV|IS_DEVELOPMENT|LOCAL|IS_LOCAL|TESTING|TEST_MODE|IS_TEST)\b/g;
const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;
const REFUSES_EQUAL = new Set(["==", "is", "in"]);
const REQUIRES_UNEQUAL = new Set(["!=", "is not", "not in"]);

/** A plain string literal's text, else undefined. */
function literal(node: SyntaxNode): string | undefined {
  if (node.type !== "string" || node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return node.namedChildren.filter((c) => c.type === "string_content").map((c) => c.text).join("");
}

/** True when every development flag a condition reads is negated (`not DEV_MODE`): it holds outside development. */
function holdsOutsideDevelopment(cond: SyntaxNode): boolean {
  for (const m of cond.text.matchAll(DEVELOPMENT_FLAG)) {
    if (!/\bnot\s+$/.test(cond.text.slice(0, m.index))) return false;
  }
  return true;
}

/** True when the statement runs at import outside development: at module level, in `if` bodies and loops only, under no development flag. */
function runsInProduction(stmt: SyntaxNode): boolean {
  let child = stmt;
  for (let parent = stmt.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === "function_definition" || parent.type === "class_definition" || parent.type === "else_clause" || parent.type === "elif_clause") return false;
    if (parent.type === "if_statement") {
      const cond = parent.childForFieldName("condition");
      if (parent.childForFieldName("consequence")?.id !== child.id || !cond || !holdsOutsideDevelopment(cond)) return false;
    }
  }
  return true;
}

/** The strings a `for` loop around `node` binds to the variable `name` (`for setting in ("JWT_SECRET", ...)`). */
function loopStrings(node: SyntaxNode, name: string): string[] {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== "for_statement" || p.childForFieldName("left")?.text !== name) continue;
    const items = p.childForFieldName("right");
    if (!items || !["tuple", "list", "set"].includes(items.type)) return [];
    const strings = items.namedChildren.filter((c) => c.type !== "comment").map(literal);
    return strings.every((s) => s !== undefined) ? (strings as string[]) : [];
  }
  return [];
}

/**
 * For a local name an import binds to a module (`from . import defaults`), that module's path when it is in sight
 * (`{}` when not: a `local.py` left out of the repository); undefined for any other name.
 */
export type ModuleResolver = (local: string) => { path?: string } | undefined;

type Operand = { kind: "literal"; value: string } | { kind: "setting"; names: string[]; module?: string; moduleName?: string };

/**
 * What a side of a comparison reads: a literal, a setting of this module (`JWT_SECRET`), or a setting of an imported
 * settings module (`defaults.JWT_SECRET`, `getattr(defaults, "JWT_SECRET")`, `getattr(defaults, setting)` in a loop over names).
 */
function operand(node: SyntaxNode, resolveModule: ModuleResolver): Operand | undefined {
  const text = literal(node);
  if (text !== undefined) return { kind: "literal", value: text };
  if (node.type === "identifier") return SETTING_NAME.test(node.text) ? { kind: "setting", names: [node.text] } : undefined;
  if (node.type === "attribute") {
    const obj = node.childForFieldName("object");
    const attr = node.childForFieldName("attribute")?.text ?? "";
    const module = obj?.type === "identifier" ? resolveModule(obj.text) : undefined;
    return module && SETTING_NAME.test(attr) ? { kind: "setting", names: [attr], module: module.path, moduleName: obj!.text } : undefined;
  }
  if (node.type === "call" && node.childForFieldName("function")?.text === "getattr") {
    const [obj, key] = node.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    const module = obj?.type === "identifier" ? resolveModule(obj.text) : undefined;
    if (!module || !key) return undefined;
    const name = literal(key);
    const names = name !== undefined ? [name] : key.type === "identifier" ? loopStrings(node, key.text) : [];
    return names.length ? { kind: "setting", names: names.filter((n) => SETTING_NAME.test(n)), module: module.path, moduleName: obj.text } : undefined;
  }
  return undefined;
}

/**
 * The settings whose committed value a settings module at `path` refuses when it starts outside development: an
 * `assert` that the setting differs from a default (`assert JWT_SECRET != "dev-secret"`,
 * `assert getattr(local, s) != getattr(defaults, s)` for each `s` of a tuple of names), or an `if` that raises when
 * the setting still equals it (`if not DEV_MODE and JWT_SECRET == "dev-secret": raise ImproperlyConfigured(...)`).
 * The check must name the setting, run at import (module level, in `if` bodies and loops) and not only under a
 * development flag (`DEBUG`, `DEV_MODE`, `TESTING` unless negated). When both sides read imported modules
 * (`local` against `defaults`), the refused one is the module named as defaults.
 */
export function findRefusedDefaults(path: string, root: SyntaxNode, resolveModule: ModuleResolver): RefusedDefault[] {
  const out: RefusedDefault[] = [];
  const checks = [...root.descendantsOfType("assert_statement"), ...root.descendantsOfType("if_statement")];
  for (const stmt of checks) {
    let cond: SyntaxNode | null | undefined;
    let refused: Set<string>;
    if (stmt.type === "assert_statement") {
      cond = stmt.namedChildren[0];
      refused = REQUIRES_UNEQUAL;
    } else {
      cond = stmt.childForFieldName("condition");
      if (!stmt.childForFieldName("consequence")?.namedChildren.some((c) => c.type === "raise_statement") || !cond || !holdsOutsideDevelopment(cond)) continue;
      refused = REFUSES_EQUAL;
    }
    if (!cond || !runsInProduction(stmt)) continue;
    const comparisons = cond.type === "comparison_operator" ? [cond] : cond.descendantsOfType("comparison_operator");
    for (const cmp of comparisons) {
      const ops = cmp.childrenForFieldName("operators").map((o) => o.text.replace(/\s+/g, " "));
      const sides = cmp.namedChildren.filter((c) => c.type !== "comment");
      if (ops.length !== 1 || sides.length !== 2 || !refused.has(ops[0])) continue;
      const [a, b] = sides.map((s) => operand(s, resolveModule));
      if (!a || !b) continue;
      if (a.kind === "literal" && b.kind === "literal") continue;
      if (a.kind === "literal" || b.kind === "literal") {
        const [setting, value] = a.kind === "literal" ? [b, a.value] : [a, (b as { value: string }).value];
        if (setting.kind !== "setting" || !value || (setting.moduleName && !setting.module)) continue;
        for (const name of setting.names) out.push({ path: setting.module ?? path, name, value });
        continue;
      }
      if (a.kind !== "setting" || b.kind !== "setting") continue;
      // `JWT_SECRET != defaults.JWT_SECRET`: the imported module's value is the refused default; of two imported
      // modules (`local` against `defaults`), the one named as defaults.
      const modules = [a, b].filter((s) => s.moduleName);
      const refusedSide = modules.length === 1 ? modules[0] : modules.find((s) => /default/i.test(s.moduleName ?? ""));
      if (!refusedSide?.module) continue;
      const other = refusedSide === a ? b : a;
      for (const name of refusedSide.names) if (other.names.includes(name)) out.push({ path: refusedSide.module, name });
    }
  }
  return out;
}

/** True when a check (see `findRefusedDefaults`) refuses the value `text` the settings module at `path` gives `name`. */
export function refusedDefault(refused: readonly RefusedDefault[] | undefined, path: string, name: string, text: string): boolean {
  const dir = path.replace(/[^/]*$/, "");
  return (refused ?? []).some((r) => r.name === name && (r.value === undefined ? r.path === path : r.value === text && r.path.replace(/[^/]*$/, "") === dir));
}
