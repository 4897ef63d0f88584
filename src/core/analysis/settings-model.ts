import { tableFrom, type ImportTable } from "./imports.js";
import { evaluate, type PyValue } from "./py-value.js";
import type { SyntaxNode } from "./types.js";

export interface SettingAssignment {
  name: string;
  /** The statement node (assignment, augmented assignment or call expression). */
  node: SyntaxNode;
  /** The right-hand side as written. */
  valueNode: SyntaxNode;
  value: PyValue;
  op: "=" | "+=" | "mutation";
  /** Inside an `if`/`try`/`with` block at module level. */
  conditional: boolean;
  /** Inside `if DEBUG:` (or similar): development-only values. */
  debugOnly: boolean;
  /** Path of the module that made the assignment (differs for star-imported modules). */
  path: string;
}

export interface SettingsModel {
  /** The assignment that wins for `name` in this module: the last unconditional one, else the last one. */
  get(name: string): SettingAssignment | undefined;
  /** Every assignment of `name` made in this module, in source order (not star-imported ones). */
  own(name: string): SettingAssignment[];
  /** True when `name` is assigned here or in a star-imported module we could read. */
  has(name: string): boolean;
  /** Names assigned in this module. */
  names(): string[];
  /**
   * True when every `from X import *` of this module was resolved and nothing sets names dynamically
   * (`globals().update(...)`, `exec(...)`), so a missing setting is really missing. Rules about missing
   * settings must stay silent when this is false.
   */
  complete: boolean;
  /** Names bound to a django-environ `Env()` object, e.g. `env`, here or in a star-imported module. */
  envObjects: ReadonlySet<string>;
  /**
   * The module's imports plus the names its star-imported settings modules bind by import (`os`,
   * `environ`), which `from .base import *` brings in; a name the module binds itself wins.
   */
  imports: ImportTable;
  /** Evaluates any expression node of the module with the module's imports and env objects. */
  evaluate(node: SyntaxNode): PyValue;
}

const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;
// Settings set by code that cannot be read statically: `globals().update(import_module(name).__dict__)`,
// `exec(open("local.py").read())`, `setattr(sys.modules[__name__], ...)`. Then no setting is surely missing.
const DYNAMIC_GLOBALS = /\b(?:globals|vars|locals)\(\)\s*(?:\.\s*update\s*\(|\[)|\bexec\s*\(|\bsetattr\s*\(\s*sys\.modules\b/;
const GUARD_BLOCKS = new Set(["if_statement", "try_statement", "with_statement", "elif_clause", "else_clause", "except_clause", "finally_clause", "block"]);

/**
 * Reads the module-level assignments of a settings module. `inherited` are the models of the
 * modules it star-imports (already resolved by the caller); `unresolvedStarImports` counts those
 * that could not be read.
 */
export function buildSettingsModel(
  root: SyntaxNode,
  imports: ImportTable,
  path: string,
  inherited: SettingsModel[] = [],
  unresolvedStarImports = 0,
): SettingsModel {
  const own = moduleNames(root);
  if (inherited.length) imports = withInheritedImports(imports, own, inherited.map((m) => m.imports));
  const envObjects = findEnvObjects(root, imports);
  for (const m of inherited) for (const name of m.envObjects) if (!own.has(name)) envObjects.add(name);
  const byName = new Map<string, SettingAssignment[]>();
  const add = (a: SettingAssignment) => {
    const list = byName.get(a.name) ?? [];
    list.push(a);
    byName.set(a.name, list);
  };
  const visit = (block: SyntaxNode, conditional: boolean, debugOnly: boolean) => {
    for (const stmt of block.namedChildren) {
      if (stmt.type === "expression_statement") {
        const inner = stmt.namedChildren[0];
        if (inner) readStatement(inner, conditional, debugOnly);
      } else if (stmt.type === "if_statement") {
        const cond = stmt.childForFieldName("condition");
        const debugGuard = !!cond && /^\s*(settings\.)?DEBUG\s*$|\bDEBUG\s*(==|is)\s*True\b/.test(cond.text);
        const body = stmt.childForFieldName("consequence");
        if (body) visit(body, true, debugOnly || debugGuard);
        for (const alt of stmt.childrenForFieldName("alternative")) {
          const altBody = alt.childForFieldName("body") ?? alt.childForFieldName("consequence");
          if (altBody) visit(altBody, true, debugOnly);
        }
      } else if (stmt.type === "block") {
        // The body of an `except`/`else`/`finally` clause reached through the clause above.
        visit(stmt, true, debugOnly);
      } else if (GUARD_BLOCKS.has(stmt.type) || stmt.type === "try_statement") {
        for (const child of stmt.namedChildren) if (GUARD_BLOCKS.has(child.type)) visit(child, true, debugOnly);
      }
    }
  };
  const evaluateNode = (node: SyntaxNode) => evaluate(node, imports, envObjects);
  const readStatement = (node: SyntaxNode, conditional: boolean, debugOnly: boolean) => {
    if (node.type === "assignment") {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (!left || !right) return;
      for (const name of assignedNames(left)) {
        add({ name, node, valueNode: right, value: left.type === "identifier" ? evaluateNode(right) : { kind: "unknown", node: right }, op: "=", conditional, debugOnly, path });
      }
    } else if (node.type === "augmented_assignment") {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (left?.type === "identifier" && right && SETTING_NAME.test(left.text)) {
        add({ name: left.text, node, valueNode: right, value: evaluateNode(right), op: "+=", conditional, debugOnly, path });
      }
    } else if (node.type === "call") {
      // MIDDLEWARE.append(...), MIDDLEWARE.insert(0, ...), INSTALLED_APPS.extend([...])
      const fn = node.childForFieldName("function");
      const obj = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
      if (obj?.type === "identifier" && SETTING_NAME.test(obj.text)) {
        add({ name: obj.text, node, valueNode: node, value: { kind: "unknown", node }, op: "mutation", conditional, debugOnly, path });
      }
    }
  };
  visit(root, false, false);

  const ownAssignments = (name: string) => byName.get(name) ?? [];
  const get = (name: string): SettingAssignment | undefined => {
    const list = ownAssignments(name).filter((a) => a.op === "=");
    const winner = [...list].reverse().find((a) => !a.conditional) ?? list[list.length - 1];
    if (winner) return winner;
    for (let i = inherited.length - 1; i >= 0; i--) {
      const found = inherited[i].get(name);
      if (found) return found;
    }
    return undefined;
  };
  return {
    get,
    own: ownAssignments,
    has: (name) => ownAssignments(name).length > 0 || inherited.some((m) => m.has(name)),
    names: () => [...byName.keys()],
    complete: unresolvedStarImports === 0 && inherited.every((m) => m.complete) && !DYNAMIC_GLOBALS.test(root.text),
    envObjects,
    imports,
    evaluate: evaluateNode,
  };
}

function assignedNames(left: SyntaxNode): string[] {
  if (left.type === "identifier") return SETTING_NAME.test(left.text) ? [left.text] : [];
  if (left.type === "pattern_list" || left.type === "tuple_pattern") {
    return left.namedChildren.filter((c) => c.type === "identifier" && SETTING_NAME.test(c.text)).map((c) => c.text);
  }
  return [];
}

/** Names the module binds at top level itself: assignments, definitions and imports. */
function moduleNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const stmt of root.namedChildren) {
    const node = stmt.type === "expression_statement" ? stmt.namedChildren[0] : stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (node?.type === "assignment") {
      const left = node.childForFieldName("left");
      if (left?.type === "identifier") names.add(left.text);
      else for (const c of left?.namedChildren ?? []) if (c.type === "identifier") names.add(c.text);
    } else if (node?.type === "function_definition" || node?.type === "class_definition") {
      const name = node.childForFieldName("name")?.text;
      if (name) names.add(name);
    }
  }
  return names;
}

/** `imports` that also resolve, through the star-imported modules' tables, names the module neither imports nor binds. */
function withInheritedImports(imports: ImportTable, ownNames: ReadonlySet<string>, inherited: ImportTable[]): ImportTable {
  const qualify = (dotted: string): string | undefined => {
    const q = imports.qualify(dotted);
    const head = dotted.replace(/\s+/g, "").split(".")[0];
    if (q !== undefined || imports.bindings.has(head) || ownNames.has(head)) return q;
    for (let i = inherited.length - 1; i >= 0; i--) {
      const found = inherited[i].qualify(dotted);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const bindings = new Map(inherited.flatMap((t) => [...t.bindings]).filter(([name]) => !ownNames.has(name)));
  for (const [name, target] of imports.bindings) bindings.set(name, target);
  return tableFrom(qualify, {
    usesModule: (module) => imports.usesModule(module) || inherited.some((t) => t.usesModule(module)),
    starImports: imports.starImports,
    bindings,
  });
}

function findEnvObjects(root: SyntaxNode, imports: ImportTable): Set<string> {
  const names = new Set<string>();
  for (const stmt of root.namedChildren) {
    if (stmt.type !== "expression_statement") continue;
    const a = stmt.namedChildren[0];
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type === "identifier" && right?.type === "call") {
      const q = imports.qualifyNode(right.childForFieldName("function"));
      if (q === "environ.Env" || q === "environ.FileAwareEnv" || q === "decouple.AutoConfig" || q === "decouple.Config") names.add(left.text);
    }
  }
  return names;
}
