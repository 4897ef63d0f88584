import { tableFrom, type ImportTable } from "./imports.js";
import { evaluate, stringValue, type EvalScope, type Helper, type PyValue } from "./py-value.js";
import type { Confidence, SyntaxNode } from "./types.js";

/** Why a finding rests on an assumption about code or environment the analysis cannot see. */
export interface Assumption {
  confidence: Confidence;
  /** A sentence appended to the finding's message. */
  note: string;
}

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
  /**
   * The assumption a finding on `line` (1-based; undefined for a file-level finding) rests on: a value set
   * before an optional `try: from .local_settings import *` that the local module may override, or one
   * set in the branch production takes only while some environment variable is unset.
   */
  assumptionAt(line: number | undefined): Assumption | undefined;
  /**
   * The value a condition of this module has in production as the model reads it (DEBUG off, every environment
   * variable unset, module-level names at their values), or undefined when it cannot tell.
   */
  productionTruth(cond: SyntaxNode): boolean | undefined;
  /** Small helper functions of the module and its star-imported modules (`def env_bool(name, default): return ...`). */
  helpers: ReadonlyMap<string, Helper>;
  /** Module-level names bound to environment accessors (`env = os.environ`, `getenv = os.environ.get`). */
  envAliases: ReadonlyMap<string, string>;
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
  unresolvedStarImports: number | string[] = 0,
): SettingsModel {
  const own = moduleNames(root);
  if (inherited.length) imports = withInheritedImports(imports, own, inherited.map((m) => m.imports));
  const envAliases = findEnvAliases(root, imports);
  for (const m of inherited) for (const [name, target] of m.envAliases) if (!own.has(name) && !envAliases.has(name)) envAliases.set(name, target);
  if (envAliases.size) imports = withAliases(imports, envAliases);
  const helpers = findHelpers(root);
  for (const m of inherited) for (const [name, h] of m.helpers) if (!own.has(name)) helpers.set(name, h);
  const envObjects = findEnvObjects(root, imports);
  for (const m of inherited) for (const name of m.envObjects) if (!own.has(name)) envObjects.add(name);
  const byName = new Map<string, SettingAssignment[]>();
  const add = (a: SettingAssignment) => {
    const list = byName.get(a.name) ?? [];
    list.push(a);
    byName.set(a.name, list);
  };
  const assumptions: { from: number; to: number; assumption: Assumption }[] = [];
  // Module-level names bound so far (any case), for conditions such as `if IS_PRODUCTION:`.
  const locals = new Map<string, SyntaxNode>();
  const scope: EvalScope = { helper: (name) => helpers.get(name), truth: (cond) => truth(cond)?.value };
  const evaluateNode = (node: SyntaxNode) => evaluate(node, imports, envObjects, 0, scope);
  let resolving = 0;
  const conditionScope: EvalScope = {
    ...scope,
    // DEBUG is off in production; other names are the module-level values bound so far.
    name: (id) => {
      if (id === "DEBUG") return { kind: "bool", value: false, node: root };
      const bound = locals.get(id);
      if (!bound || resolving > 4) return undefined;
      resolving++;
      try {
        return evaluate(bound, imports, envObjects, 0, conditionScope);
      } finally {
        resolving--;
      }
    },
  };
  /**
   * The value a condition has in production: DEBUG off, every environment variable unset. `env` names the
   * variable the answer rests on, when it does.
   */
  const truth = (cond: SyntaxNode, depth = 0): { value: boolean; env?: string } | undefined => {
    if (depth > 8) return undefined;
    switch (cond.type) {
      case "parenthesized_expression": {
        const inner = cond.namedChildren.find((c) => c.type !== "comment");
        return inner ? truth(inner, depth + 1) : undefined;
      }
      case "not_operator": {
        const arg = cond.childForFieldName("argument");
        const t = arg ? truth(arg, depth + 1) : undefined;
        return t && { value: !t.value, env: t.env };
      }
      case "boolean_operator": {
        const l = cond.childForFieldName("left");
        const r = cond.childForFieldName("right");
        const a = l ? truth(l, depth + 1) : undefined;
        const b = r ? truth(r, depth + 1) : undefined;
        const and = cond.childForFieldName("operator")?.text === "and";
        const env = a?.env ?? b?.env;
        if (and) {
          if (a?.value === false || b?.value === false) return { value: false, env: a?.value === false ? a.env : b?.env };
          return a && b ? { value: true, env } : undefined;
        }
        if (a?.value === true || b?.value === true) return { value: true, env: a?.value === true ? a.env : b?.env };
        return a && b ? { value: false, env } : undefined;
      }
      case "identifier":
      case "attribute": {
        if (cond.text === "DEBUG" || cond.text === "settings.DEBUG") return { value: false };
        const bound = cond.type === "identifier" ? locals.get(cond.text) : undefined;
        return bound ? truthOfValue(evaluate(bound, imports, envObjects, 0, conditionScope)) : undefined;
      }
      case "comparison_operator": {
        // `"DJANGO_DEBUG_FALSE" in os.environ`: unset in production.
        const operands = cond.namedChildren.filter((c) => c.type !== "comment");
        const op = cond.childrenForFieldName("operators").map((o) => o.text.replace(/\s+/g, " ")).join();
        if (operands.length === 2 && (op === "in" || op === "not in") && imports.qualifyNode(operands[1]) === "os.environ") {
          const name = stringValue(operands[0]);
          return name === undefined ? undefined : { value: op === "not in", env: name };
        }
        return truthOfValue(evaluate(cond, imports, envObjects, 0, conditionScope));
      }
      case "call":
        return truthOfValue(evaluate(cond, imports, envObjects, 0, conditionScope));
      default:
        return undefined;
    }
  };
  const truthOfValue = (v: PyValue): { value: boolean; env?: string } | undefined => {
    if (v.kind === "bool") return { value: v.value, env: envOf(v.node) };
    if (v.kind !== "env") return undefined;
    const env = v.name ?? "the environment variable";
    const f = v.fallback;
    if (!f) return v.raw && v.node.type === "call" && !/^os\.environ\[/.test(v.node.text) ? { value: false, env } : undefined;
    if (f.kind === "bool") return { value: f.value, env };
    if (f.kind === "int") return { value: f.value !== 0, env };
    if (f.kind === "str") return { value: f.value !== "", env };
    if (f.kind === "none") return { value: false, env };
    return undefined;
  };
  // A comparison of a lookup yields a bool whose node is the comparison: find the variable it read.
  const envOf = (node: SyntaxNode): string | undefined => {
    const m = /environ(?:\.get)?\s*[([]\s*["']([^"']+)["']|getenv\s*\(\s*["']([^"']+)["']|\bconfig\s*\(\s*["']([^"']+)["']|\benv(?:\.\w+)?\s*\(\s*["']([^"']+)["']/.exec(node.text);
    return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
  };
  const assume = (body: SyntaxNode, env: string | undefined) => {
    if (!env) return;
    assumptions.push({
      from: body.startPosition.row + 1,
      to: body.endPosition.row + 1,
      assumption: { confidence: "medium", note: `(This is the value when \`${env}\` is unset, as production runs it unless the deployment sets it.)` },
    });
  };
  const visit = (block: SyntaxNode, conditional: boolean, debugOnly: boolean) => {
    for (const stmt of block.namedChildren) {
      if (stmt.type === "expression_statement") {
        const inner = stmt.namedChildren[0];
        if (inner) readStatement(inner, conditional, debugOnly);
      } else if (stmt.type === "if_statement") {
        visitIf(stmt, conditional, debugOnly);
      } else if (stmt.type === "block") {
        // The body of an `except`/`else`/`finally` clause reached through the clause above.
        visit(stmt, true, debugOnly);
      } else if (GUARD_BLOCKS.has(stmt.type) || stmt.type === "try_statement") {
        for (const child of stmt.namedChildren) if (GUARD_BLOCKS.has(child.type)) visit(child, true, debugOnly);
      }
    }
  };
  // `if`/`elif`/`else`: the branch production takes (DEBUG off, environment unset) runs unconditionally;
  // branches it does not take count as development-only; a branch we cannot decide stays conditional.
  const visitIf = (stmt: SyntaxNode, conditional: boolean, debugOnly: boolean) => {
    const clauses: { cond?: SyntaxNode; body?: SyntaxNode }[] = [{ cond: stmt.childForFieldName("condition") ?? undefined, body: stmt.childForFieldName("consequence") ?? undefined }];
    for (const alt of stmt.childrenForFieldName("alternative")) {
      clauses.push({ cond: alt.type === "elif_clause" ? (alt.childForFieldName("condition") ?? undefined) : undefined, body: alt.childForFieldName("body") ?? alt.childForFieldName("consequence") ?? undefined });
    }
    // A branch skipped because DEBUG is off never runs in production; one skipped only because a variable
    // is unset may run wherever the deployment sets it, so it stays conditional (no finding rests on it).
    let known = true;
    let taken = false;
    let env: string | undefined;
    for (const clause of clauses) {
      if (!clause.body) continue;
      if (taken) {
        visit(clause.body, true, debugOnly || !env);
        continue;
      }
      const t = clause.cond ? truth(clause.cond) : { value: true };
      env ??= t?.env;
      if (known && t?.value === true) {
        taken = true;
        visit(clause.body, conditional, debugOnly);
        assume(clause.body, env);
      } else if (known && t?.value === false) {
        visit(clause.body, true, debugOnly || !env);
      } else {
        known = false;
        const debugGuard = !!clause.cond && /^\s*(settings\.)?DEBUG\s*$|\bDEBUG\s*(==|is)\s*True\b/.test(clause.cond.text);
        visit(clause.body, true, debugOnly || debugGuard);
      }
    }
  };
  const readStatement = (node: SyntaxNode, conditional: boolean, debugOnly: boolean) => {
    if (node.type === "assignment") {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (!left || !right) return;
      if (left.type === "identifier" && !conditional && !debugOnly) locals.set(left.text, right);
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

  // `try: from .local_settings import *` / `except ImportError: pass`: an optional override we could not
  // read. Settings made before it may be overridden there; the rest of the model is still complete.
  const unresolvedNames = typeof unresolvedStarImports === "number" ? undefined : unresolvedStarImports;
  let unresolvedCount = typeof unresolvedStarImports === "number" ? unresolvedStarImports : unresolvedStarImports.length;
  let optional: { module: string; row: number } | undefined;
  for (const module of unresolvedNames ?? []) {
    const stmt = optionalStarImport(root, module);
    if (!stmt) continue;
    unresolvedCount--;
    const row = stmt.startPosition.row + 1;
    if (!optional || row > optional.row) optional = { module, row };
  }
  const assumptionAt = (line: number | undefined): Assumption | undefined => {
    if (optional && (line === undefined || line < optional.row)) {
      return { confidence: "low", note: `(Unless your local settings, \`${optional.module}\`, set it: that module is optional and not in the repository.)` };
    }
    if (line === undefined) return undefined;
    return assumptions.find((a) => line >= a.from && line <= a.to)?.assumption;
  };

  const ownAssignments = (name: string) => byName.get(name) ?? [];
  // Production's value: the last unconditional assignment, else the last conditional one, else the
  // star-imported modules'; only when nothing else sets it, an assignment production never runs.
  const get = (name: string): SettingAssignment | undefined => {
    const all = ownAssignments(name).filter((a) => a.op === "=");
    const list = all.filter((a) => !a.debugOnly);
    const winner = [...list].reverse().find((a) => !a.conditional) ?? list[list.length - 1];
    if (winner) return winner;
    for (let i = inherited.length - 1; i >= 0; i--) {
      const found = inherited[i].get(name);
      if (found && (!found.debugOnly || !all.length)) return found;
    }
    return all[all.length - 1];
  };
  return {
    get,
    own: ownAssignments,
    has: (name) => ownAssignments(name).length > 0 || inherited.some((m) => m.has(name)),
    names: () => [...byName.keys()],
    complete: unresolvedCount === 0 && inherited.every((m) => m.complete) && !DYNAMIC_GLOBALS.test(root.text),
    envObjects,
    imports,
    evaluate: evaluateNode,
    assumptionAt: (line) => assumptionAt(line) ?? inheritedFileAssumption(inherited, line),
    productionTruth: (cond) => truth(cond)?.value,
    helpers,
    envAliases,
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

/** A file-level finding on a module built on one with an optional override rests on the same assumption. */
function inheritedFileAssumption(inherited: SettingsModel[], line: number | undefined): Assumption | undefined {
  if (line !== undefined) return undefined;
  for (const m of inherited) {
    const a = m.assumptionAt(undefined);
    if (a) return a;
  }
  return undefined;
}

const IMPORT_ERRORS = /^\(?\s*(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;

/**
 * The `from MODULE import *` statement when the module is an optional override: imported in a `try`
 * whose handler swallows the import error (`except ImportError: pass`, or a warning), or only on a branch
 * (`elif ENV_TYPE == "prod": from .server_settings import *`, an operator-supplied file).
 */
function optionalStarImport(root: SyntaxNode, module: string): SyntaxNode | undefined {
  const stack = [...root.namedChildren];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === "function_definition" || node.type === "class_definition") continue;
    if (node.type !== "import_from_statement") {
      stack.push(...node.namedChildren);
      continue;
    }
    if (!node.namedChildren.some((x) => x.type === "wildcard_import") || node.childForFieldName("module_name")?.text.replace(/\s+/g, "") !== module) continue;
    if (node.parent?.type === "module") return undefined;
    const block = node.parent;
    const owner = block?.parent;
    if (owner?.type === "try_statement" && owner.childForFieldName("body")?.id === block?.id) {
      for (const clause of owner.namedChildren) {
        if (clause.type !== "except_clause") continue;
        const caught = clause.namedChildren.find((c) => c.type !== "block" && c.type !== "comment");
        if (caught && !IMPORT_ERRORS.test(caught.text)) continue;
        const handler = clause.namedChildren.find((c) => c.type === "block");
        // A handler that stops the process or re-raises means the module is required.
        if (handler && /\braise\b|sys\.exit|\bexit\(|ImproperlyConfigured/.test(handler.text)) return undefined;
        return node;
      }
      return undefined;
    }
    return node;
  }
  return undefined;
}

const ENV_ACCESSORS = new Set(["os.environ", "os.environ.get", "os.getenv", "decouple.config"]);

/** `env = os.environ`, `getenv = os.environ.get`, `cfg = config`: module-level names for environment accessors. */
function findEnvAliases(root: SyntaxNode, imports: ImportTable): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const stmt of root.namedChildren) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type !== "identifier" || !right || (right.type !== "identifier" && right.type !== "attribute")) continue;
    const q = imports.qualifyNode(right);
    if (q && ENV_ACCESSORS.has(q)) aliases.set(left.text, q);
  }
  return aliases;
}

/** `imports` that also qualify names bound to environment accessors by assignment. */
function withAliases(imports: ImportTable, aliases: ReadonlyMap<string, string>): ImportTable {
  const qualify = (dotted: string): string | undefined => {
    const compact = dotted.replace(/\s+/g, "");
    const dot = compact.indexOf(".");
    const head = dot < 0 ? compact : compact.slice(0, dot);
    const target = aliases.get(head);
    if (target) return target + (dot < 0 ? "" : compact.slice(dot));
    return imports.qualify(dotted);
  };
  return tableFrom(qualify, { usesModule: imports.usesModule, starImports: imports.starImports, bindings: imports.bindings });
}

/** Module-level functions whose body is one `return EXPR` (after an optional docstring). */
function findHelpers(root: SyntaxNode): Map<string, Helper> {
  const helpers = new Map<string, Helper>();
  for (const stmt of root.namedChildren) {
    const fn = stmt.type === "decorated_definition" ? undefined : stmt.type === "function_definition" ? stmt : undefined;
    if (!fn) continue;
    const name = fn.childForFieldName("name")?.text;
    const body = fn.childForFieldName("body")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    const statements = body[0]?.type === "expression_statement" && body[0].namedChildren[0]?.type === "string" ? body.slice(1) : body;
    const ret = statements.length === 1 && statements[0].type === "return_statement" ? statements[0].namedChildren[0] : undefined;
    if (!name || !ret) continue;
    const params: Helper["params"] = [];
    let simple = true;
    for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
      if (p.type === "identifier") params.push({ name: p.text });
      else if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
        const pname = p.childForFieldName("name")?.text;
        const value = p.childForFieldName("value");
        if (pname) params.push({ name: pname, default: value ?? undefined });
      } else if (p.type === "typed_parameter") {
        const id = p.namedChildren.find((c) => c.type === "identifier");
        if (id) params.push({ name: id.text });
      } else if (p.type !== "comment") simple = false;
    }
    if (simple) helpers.set(name, { params, returns: ret });
  }
  return helpers;
}
