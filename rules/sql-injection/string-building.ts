import type { ImportTable } from "../../src/core/analysis/imports.js";
import { evaluate } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** How a string was put together from a non-constant value. */
export type BuildHow = "an f-string" | "`%` formatting" | "`.format()`" | "`+` concatenation";

/**
 * What is known about how a text expression was built:
 * - `safe`: constant, or every interpolated value is safe for the caller's purpose;
 * - `built`: a non-safe value was interpolated (`at` is the f-string / operator / call that did it);
 * - `opaque`: a value whose origin is not visible here (a parameter, an attribute, a call result);
 *   `gaveUp` when the analysis stopped at its depth or step limit, so callers should not report it.
 */
export type Verdict =
  | { kind: "safe" }
  | { kind: "built"; how: BuildHow; at: SyntaxNode }
  | { kind: "opaque"; at: SyntaxNode; gaveUp?: true };

export interface JudgeOptions {
  imports: ImportTable;
  /** Values the caller trusts as they are (e.g. `escape(x)` for HTML, `quote_name(x)` for SQL). */
  isSafeValue(node: SyntaxNode, imports: ImportTable): boolean;
  /**
   * Values from outside the function (parameters, attributes) the caller trusts by what they are, e.g. SQL
   * text passed in to be composed; locally built values are still followed.
   */
  isSafeInput?(node: SyntaxNode): boolean;
  /**
   * Judge the function as called with its optional flags left at their defaults: a `+=` under `if extra:` for a
   * parameter `extra=None` is left out, and reported here (the flag and the assignment).
   */
  optInSkipped?(flag: string, at: SyntaxNode): void;
}

const SAFE: Verdict = { kind: "safe" };
const MAX_DEPTH = 24;
// Bounds the work for one top-level judgement: `a = b + b; b = c + c; ...` would otherwise be exponential.
const MAX_STEPS = 4000;
let steps = 0;
let memo = new Map<number, Verdict>();

interface Assign {
  node: SyntaxNode;
  augmented: boolean;
  right: SyntaxNode;
}

// Assignments per scope, collected once per parsed tree (keyed by the scope node's id). Keyed by the tree
// object every node holds, not by a root node object the binding may build afresh.
const assignmentCache = new WeakMap<object, Map<number, Map<string, Assign[]>>>();

/** Judges how the text expression `node` was built, following local variables of the same function. */
/**
 * A judgement made while another is under way (e.g. a helper's summary from inside `isSafeValue`): it gets
 * its own memo and step budget, and leaves the outer judgement's as they were.
 */
export function judgeTextNested(node: SyntaxNode, opts: JudgeOptions): Verdict {
  const outer = { steps, memo };
  try {
    return judgeText(node, opts);
  } finally {
    steps = outer.steps;
    memo = outer.memo;
  }
}

export function judgeText(node: SyntaxNode, opts: JudgeOptions, depth = 0): Verdict {
  if (depth === 0) {
    steps = 0;
    memo = new Map();
  }
  if (depth > MAX_DEPTH || ++steps > MAX_STEPS) return { kind: "opaque", at: node, gaveUp: true };
  const next = (n: SyntaxNode) => judgeText(n, opts, depth + 1);
  if (opts.isSafeValue(node, opts.imports) || isNumeric(node, opts.imports)) return SAFE;
  switch (node.type) {
    case "string":
      return judgeString(node, next);
    case "concatenated_string": {
      for (const part of node.namedChildren) {
        const v = next(part);
        if (v.kind !== "safe") return v.kind === "built" || v.gaveUp ? v : { kind: "built", how: "an f-string", at: part };
      }
      return SAFE;
    }
    case "integer":
    case "float":
    case "true":
    case "false":
    case "none":
      return SAFE;
    case "parenthesized_expression": {
      const inner = node.namedChildren.find((c) => c.type !== "comment");
      return inner ? next(inner) : { kind: "opaque", at: node };
    }
    case "conditional_expression": {
      const [a, , b] = node.namedChildren;
      if (!a || !b) return { kind: "opaque", at: node };
      const va = next(a);
      if (va.kind === "built") return va;
      const vb = next(b);
      if (vb.kind === "built") return vb;
      return va.kind === "opaque" ? va : vb;
    }
    case "boolean_operator": {
      // `a and "x" or ""` evaluates to one of its operands; comparisons there only yield booleans.
      let opaque: Verdict | undefined;
      for (const side of [node.childForFieldName("left"), node.childForFieldName("right")]) {
        if (!side || side.type === "comparison_operator" || side.type === "not_operator") continue;
        const v = next(side);
        if (v.kind === "built") return v;
        if (v.kind === "opaque") opaque ??= v;
      }
      return opaque ?? SAFE;
    }
    case "subscript": {
      // A slice of a safe string (`self.MESSAGE[:-1]`) is part of the same text.
      if (node.childForFieldName("subscript")?.type === "slice") {
        const value = node.childForFieldName("value");
        return value ? next(value) : { kind: "opaque", at: node };
      }
      // {True: "th", False: "td"}[first], or a local dict/list of constants indexed by anything.
      const container = resolveContainer(node.childForFieldName("value"), depth);
      const items = container ? containerValues(container) : undefined;
      return items && items.every((i) => next(i).kind === "safe") ? SAFE : { kind: "opaque", at: node };
    }
    case "binary_operator":
      return judgeBinary(node, next, opts.imports);
    case "call":
      return judgeCall(node, next, depth);
    case "identifier":
      return judgeName(node, node.text, node.startIndex, opts, depth);
    case "attribute": {
      // A class constant of this module (`self.PREFIX`, `cls.SQL`, `Report.COLUMNS`): code, judged where it is set.
      const constant = classConstant(node);
      if (constant && next(constant).kind === "safe") return SAFE;
      return opts.isSafeInput?.(node) ? SAFE : { kind: "opaque", at: node };
    }
    default:
      return { kind: "opaque", at: node };
  }
}

const NUMERIC_CALLS = new Set(["builtins.int", "builtins.float", "builtins.len", "builtins.bool", "builtins.abs", "builtins.round"]);

// Numbers cannot carry markup or SQL syntax: casts, and primary/foreign key attributes (`obj.pk`, `obj.user_id`).
function isNumeric(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    // `queryset.count()`, `text.count("x")`, `items.count(x)`: a count is an integer.
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "count") return true;
    const q = imports.qualifyNode(fn);
    return q !== undefined && NUMERIC_CALLS.has(q);
  }
  if (node.type === "attribute") {
    const attr = node.childForFieldName("attribute")?.text ?? "";
    return attr === "pk" || attr === "id" || attr.endsWith("_id");
  }
  return false;
}

// `%d`, `%.2f`, `{x:d}`: numeric conversions raise on strings, so their output is always a number.
// [[fill]align][sign][z][#][0][width][grouping][.precision]type, with a numeric type.
const NUMERIC_SPEC = /^(?:[^{}]?[<>=^])?[-+ ]?z?#?0?\d*[,_]?(?:\.\d+)?[bdeEfFgGnoxX%]$/;
const PERCENT_SPEC = /%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([a-zA-Z%])/g;

function onlyNumericPercentSpecs(format: string): boolean {
  for (const m of format.matchAll(PERCENT_SPEC)) if (!"diouxXeEfFgG%".includes(m[1])) return false;
  return true;
}

function judgeString(node: SyntaxNode, next: (n: SyntaxNode) => Verdict): Verdict {
  for (const child of node.namedChildren) {
    if (child.type !== "interpolation") continue;
    const expr = child.childForFieldName("expression");
    const spec = child.childForFieldName("format_specifier")?.text.replace(/^:/, "");
    if (spec !== undefined && NUMERIC_SPEC.test(spec)) continue;
    const v: Verdict = expr ? next(expr) : { kind: "opaque", at: child };
    if (v.kind === "opaque" && v.gaveUp) return v;
    if (v.kind !== "safe") return { kind: "built", how: "an f-string", at: node };
  }
  return SAFE;
}

function judgeBinary(node: SyntaxNode, next: (n: SyntaxNode) => Verdict, imports: ImportTable): Verdict {
  const op = node.childForFieldName("operator")?.text;
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  if (!left || !right) return { kind: "opaque", at: node };
  if (op === "+") {
    const vl = next(left);
    if (vl.kind === "built") return vl;
    const vr = next(right);
    if (vr.kind === "built") return vr;
    if (vl.kind === "opaque" && vl.gaveUp) return vl;
    if (vr.kind === "opaque" && vr.gaveUp) return vr;
    if (vl.kind === "opaque" || vr.kind === "opaque") return { kind: "built", how: "`+` concatenation", at: node };
    return SAFE;
  }
  if (op === "%") {
    const vl = next(left);
    if (vl.kind === "built") return vl;
    const format = evaluate(left, imports);
    if (format.kind === "str" && onlyNumericPercentSpecs(format.value)) return SAFE;
    if (vl.kind === "safe" && numericTranslation(left, imports)) return SAFE;
    const va = formatArguments(right, next, format.kind === "str" ? percentConversions(format.value) : undefined);
    if (va.kind === "built" || (va.kind === "opaque" && va.gaveUp)) return va;
    if (va.kind === "opaque") return { kind: "built", how: "`%` formatting", at: node };
    return vl;
  }
  if (op === "*") {
    // "&#9733;" * rating: repeating a constant string by any count stays constant text.
    const vl = next(left);
    const vr = next(right);
    if (vl.kind === "safe" && vr.kind === "safe") return SAFE;
    if ((vl.kind === "safe" && isStringLiteral(left)) || (vr.kind === "safe" && isStringLiteral(right))) return SAFE;
  }
  return { kind: "opaque", at: node };
}

/**
 * `_("%d sessions")`, `ngettext("%d item", "%d items", n)`: a safe call on constant messages that all hold
 * numeric `%` specs only. Translations keep the placeholders of their message (`makemessages` marks them
 * `python-format`), so the formatted text is the message plus numbers.
 */
function numericTranslation(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type !== "call") return false;
  const messages = positionalArgs(node).map((a) => evaluate(a, imports)).filter((v) => v.kind === "str");
  return messages.length > 0 && messages.every((m) => m.kind === "str" && onlyNumericPercentSpecs(m.value));
}

function isStringLiteral(node: SyntaxNode): boolean {
  return node.type === "string" || node.type === "concatenated_string" || (node.type === "identifier" && /^[A-Z][A-Z0-9_]*$/.test(node.text));
}

/** The conversion letter of each positional `%` spec in `format` (`%%` left out), or undefined for `%(name)s` specs. */
function percentConversions(format: string): string[] | undefined {
  const out: string[] = [];
  for (const m of format.matchAll(PERCENT_SPEC)) {
    if (m[0].startsWith("%(") || m[0].includes("*")) return undefined;
    if (m[1] !== "%") out.push(m[1]);
  }
  return out;
}

/**
 * The first value of `%` arguments that is not safe, or SAFE. A built value counts as not safe; a tuple item
 * formatted by a numeric conversion (`%d`, `%.1f`) is a number whatever it was.
 */
function formatArguments(right: SyntaxNode, next: (n: SyntaxNode) => Verdict, conversions?: string[]): Verdict {
  const values =
    right.type === "tuple" ? right.namedChildren.filter((c) => c.type !== "comment")
    : right.type === "dictionary" ? right.namedChildren.filter((c) => c.type !== "comment").map((pair) => (pair.type === "pair" ? pair.childForFieldName("value") ?? pair : pair))
    : [right];
  const numeric = right.type === "tuple" && conversions?.length === values.length ? conversions.map((c) => "diouxXeEfFgG".includes(c)) : [];
  for (const [i, value] of values.entries()) {
    if (numeric[i] && value.type !== "list_splat") continue;
    const v = value.type === "dictionary_splat" || value.type === "list_splat" ? { kind: "opaque" as const, at: value } : next(value);
    if (v.kind !== "safe") return v;
  }
  return SAFE;
}

const STRIPPERS = new Set(["strip", "lstrip", "rstrip"]);

function judgeCall(node: SyntaxNode, next: (n: SyntaxNode) => Verdict, depth: number): Verdict {
  const fn = node.childForFieldName("function");
  const args = node.childForFieldName("arguments");
  if (fn && returnsConstantText(fn)) return SAFE;
  if (fn?.type !== "attribute" || !args) return { kind: "opaque", at: node };
  const method = fn.childForFieldName("attribute")?.text;
  const object = fn.childForFieldName("object");
  if (!object) return { kind: "opaque", at: node };
  if (method === "get") {
    // SORTS.get(request.GET["sort"], "id"): an allow-list of constants answers one of its values or the default.
    const container = resolveContainer(object, depth);
    const values = container?.type === "dictionary" ? containerValues(container) : undefined;
    const fallback = args.namedChildren.filter((a) => a.type !== "comment")[1];
    if (values && values.every((v) => next(v).kind === "safe") && (!fallback || next(fallback).kind === "safe")) return SAFE;
    return { kind: "opaque", at: node };
  }
  if (args.type === "generator_expression") {
    // ",".join("%s" for _ in ids)
    return method === "join" && next(object).kind === "safe" && iterableSafe(args, next) ? SAFE : { kind: "opaque", at: node };
  }
  if (method === "format") {
    const vo = next(object);
    if (vo.kind === "built") return vo;
    for (const arg of args.namedChildren) {
      if (arg.type === "comment") continue;
      const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
      const v: Verdict = !value || arg.type === "list_splat" || arg.type === "dictionary_splat" ? { kind: "opaque", at: arg } : next(value);
      if (v.kind === "opaque" && v.gaveUp) return v;
      if (v.kind !== "safe") return { kind: "built", how: "`.format()`", at: node };
    }
    return vo;
  }
  if (STRIPPERS.has(method ?? "") && args.namedChildren.every((a) => a.type === "comment" || isStringLiteral(a))) {
    // Trimming constant characters off the ends cannot add markup or SQL to a safe string.
    return next(object);
  }
  if (method === "replace" && next(object).kind === "safe") {
    // Replacing text in a safe string with safe text keeps it safe.
    return args.namedChildren.every((a) => a.type === "comment" || next(a).kind === "safe") ? SAFE : { kind: "opaque", at: node };
  }
  if (method === "join" && next(object).kind === "safe" && args.namedChildren.length === 1) {
    // ", ".join(["%s"] * len(ids)) and friends: placeholders, not values.
    return iterableSafe(args.namedChildren[0], next) ? SAFE : { kind: "opaque", at: node };
  }
  return { kind: "opaque", at: node };
}

/** The class of this module a name or `self`/`cls` inside a method means, or undefined. */
function classMeant(object: SyntaxNode): SyntaxNode | undefined {
  if (object.type !== "identifier") return undefined;
  if (object.text === "self" || object.text === "cls") {
    let cur = object.parent;
    while (cur && cur.type !== "function_definition") cur = cur.parent;
    let up = cur?.parent;
    if (up?.type === "decorated_definition") up = up.parent;
    return up?.type === "block" && up.parent?.type === "class_definition" ? up.parent : undefined;
  }
  return topLevelClass(object.tree.rootNode, object.text);
}

// The classes at the top of a module by name, and the attribute names it assigns on objects, per parsed tree.
const classCache = new WeakMap<object, { classes: Map<string, SyntaxNode>; setOnObjects: Map<string, boolean> }>();

function moduleClasses(root: SyntaxNode): { classes: Map<string, SyntaxNode>; setOnObjects: Map<string, boolean> } {
  const tree = root.tree as object;
  let known = classCache.get(tree);
  if (known) return known;
  const classes = new Map<string, SyntaxNode>();
  for (const child of root.namedChildren) {
    const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    const name = def?.type === "class_definition" ? def.childForFieldName("name")?.text : undefined;
    if (def && name && !classes.has(name)) classes.set(name, def);
  }
  known = { classes, setOnObjects: new Map() };
  classCache.set(tree, known);
  return known;
}

function topLevelClass(root: SyntaxNode, name: string): SyntaxNode | undefined {
  return moduleClasses(root).classes.get(name);
}

const classBodyCache = new WeakMap<object, Map<number, Map<string, SyntaxNode>>>();

/** What a class body assigns to its names (`MESSAGE = "..."`), the last assignment of each. */
function classBodyValues(cls: SyntaxNode): Map<string, SyntaxNode> {
  const tree = cls.tree as object;
  let perTree = classBodyCache.get(tree);
  if (!perTree) classBodyCache.set(tree, (perTree = new Map()));
  let values = perTree.get(cls.id);
  if (values) return values;
  values = new Map();
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    const left = a?.type === "assignment" ? a.childForFieldName("left") : undefined;
    const right = a?.childForFieldName("right");
    if (left?.type === "identifier" && right) values.set(left.text, right);
  }
  perTree.set(cls.id, values);
  return values;
}

/** True when the module assigns the attribute on some object (`self.MESSAGE = ...`) or sets attributes by name. */
function setOnObjects(root: SyntaxNode, name: string): boolean {
  const cache = moduleClasses(root).setOnObjects;
  let set = cache.get(name);
  if (set === undefined) cache.set(name, (set = new RegExp(String.raw`\.${name}\s*\+?=(?!=)|\bsetattr\(`).test(root.text)));
  return set;
}

/**
 * The value a class body gives an attribute (`MESSAGE = "..."`), read through `self.MESSAGE`, `cls.MESSAGE` or
 * `Errors.MESSAGE` for a class of this module (or a base class of this module it inherits the name from). Undefined when
 * the module also assigns the attribute on an object (`self.MESSAGE = ...`), so the class value may not be the one read.
 */
function classConstant(node: SyntaxNode): SyntaxNode | undefined {
  const object = node.childForFieldName("object");
  const name = node.childForFieldName("attribute")?.text;
  if (!object || !name) return undefined;
  let cls = classMeant(object);
  for (let hops = 0; cls && hops < 4; hops++) {
    const value = classBodyValues(cls).get(name);
    // A field, manager or other descriptor (`title = models.CharField()`, `objects = Manager()`): an instance reads its
    // value, not the object the class body built.
    if (value?.type === "call" && /(?:^|\.)(?:[A-Z]\w*|property|cached_property)$/.test(value.childForFieldName("function")?.text ?? "")) return undefined;
    if (value) return setOnObjects(node.tree.rootNode, name) ? undefined : value;
    // Inherited from the first base class of this module that sets it.
    const bases = cls.childForFieldName("superclasses")?.namedChildren.filter((b) => b.type === "identifier") ?? [];
    cls = bases.length === 1 ? topLevelClass(node.tree.rootNode, bases[0].text) : undefined;
  }
  return undefined;
}

// Functions and methods defined at the top of a module or in its classes, by name, per parsed tree.
const definitionCache = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

function moduleDefinitions(root: SyntaxNode): Map<string, SyntaxNode[]> {
  let defs = definitionCache.get(root);
  if (defs) return defs;
  defs = new Map();
  const add = (statements: readonly SyntaxNode[]) => {
    for (let node of statements) {
      if (node.type === "decorated_definition") node = node.childForFieldName("definition") ?? node;
      if (node.type === "class_definition") add(node.childForFieldName("body")?.namedChildren ?? []);
      if (node.type !== "function_definition") continue;
      const name = node.childForFieldName("name")?.text ?? "";
      defs.set(name, [...(defs.get(name) ?? []), node]);
    }
  };
  add(root.namedChildren);
  definitionCache.set(root, defs);
  return defs;
}

const constantReturns = new WeakMap<SyntaxNode, boolean>();

/**
 * True when `fn` calls a function of this module (`helper(...)`, `self.helper(...)`, `cls.helper(...)`) every
 * definition of which returns only string literals, such as a helper picking an SQL operator per database.
 */
function returnsConstantText(fn: SyntaxNode): boolean {
  const object = fn.type === "attribute" ? fn.childForFieldName("object") : null;
  const name = fn.type === "identifier" ? fn.text : object?.type === "identifier" && (object.text === "self" || object.text === "cls") ? fn.childForFieldName("attribute")?.text : undefined;
  const defs = name ? moduleDefinitions(fn.tree.rootNode).get(name) : undefined;
  return !!defs?.length && defs.every((def) => {
    let known = constantReturns.get(def);
    if (known === undefined) constantReturns.set(def, (known = onlyLiteralReturns(def)));
    return known;
  });
}

function onlyLiteralReturns(def: SyntaxNode): boolean {
  let returns = 0;
  let literal = true;
  const body = def.childForFieldName("body");
  if (!body) return false;
  walkStatements(body, (type, current) => {
    if (type === "return_statement") {
      returns++;
      const value = current().namedChildren.find((c) => c.type !== "comment");
      if (!value || !isStringLiteral(value) || hasInterpolation(value)) literal = false;
    } else if (type === "yield") literal = false;
  });
  return literal && returns > 0;
}

function hasInterpolation(node: SyntaxNode): boolean {
  if (node.type === "concatenated_string") return node.namedChildren.some(hasInterpolation);
  return node.type === "string" && node.namedChildren.some((c) => c.type === "interpolation");
}

function iterableSafe(node: SyntaxNode, next: (n: SyntaxNode) => Verdict): boolean {
  switch (node.type) {
    case "list":
    case "tuple":
      return node.namedChildren.every((c) => c.type === "comment" || next(c).kind === "safe");
    case "list_comprehension":
    case "generator_expression":
    case "set_comprehension": {
      const body = node.childForFieldName("body");
      return body !== null && next(body).kind === "safe";
    }
    case "binary_operator": {
      // ["%s"] * n
      if (node.childForFieldName("operator")?.text !== "*") return false;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      return (left !== null && iterableSafe(left, next)) || (right !== null && iterableSafe(right, next));
    }
    case "parenthesized_expression":
      return node.namedChildren.length === 1 && iterableSafe(node.namedChildren[0], next);
    case "identifier":
      return localListSafe(node, next);
    default:
      return false;
  }
}

/**
 * A local list built from safe pieces: `clauses = []` then `clauses.append("status = %s")` (the usual way
 * to assemble a WHERE clause whose values go into params). Any other change to the list gives up.
 */
function localListSafe(name: SyntaxNode, next: (n: SyntaxNode) => Verdict): boolean {
  const scope = enclosingScope(name);
  const body = scope.type === "function_definition" ? scope.childForFieldName("body") : null;
  if (!body) return false;
  let safe = true;
  let initial: SyntaxNode | undefined;
  let assignments = 0;
  walkStatements(body, (type, current) => {
    if (!safe) return;
    if (type === "assignment" || type === "augmented_assignment") {
      const node = current();
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const targets = left?.type === "identifier" ? [left] : (left?.namedChildren ?? []);
      const at = targets.findIndex((t) => t.text === name.text);
      // Only what the list was before this use: `links = "".join(links)` rebinds the name to the joined text.
      if (at < 0 || node.endIndex > name.startIndex) return;
      assignments++;
      // `clauses = []` or `clauses, params = [], []`
      const values = left?.type === "identifier" ? [right] : right?.type === "expression_list" || right?.type === "tuple" ? right.namedChildren : [];
      if (type === "assignment" && values.length === targets.length) initial = values[at] ?? undefined;
      return;
    }
    if (type !== "call") return;
    const fn = current().childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("object")?.text !== name.text) return;
    const method = fn.childForFieldName("attribute")?.text;
    const args = positionalArgs(current());
    if (method === "append" && args.length === 1) safe = next(args[0]).kind === "safe";
    else if (method === "extend" && args.length === 1) safe = iterableSafe(args[0], next);
    else if (method !== "clear" && method !== "pop" && method !== "copy") safe = false;
  });
  return safe && assignments === 1 && initial?.type === "list" && iterableSafe(initial, next);
}

function resolveContainer(node: SyntaxNode | null, depth: number): SyntaxNode | undefined {
  if (!node) return undefined;
  if (node.type === "dictionary" || node.type === "list" || node.type === "tuple") return node;
  if (node.type !== "identifier" || depth > MAX_DEPTH) return undefined;
  const a = assignmentOf(node);
  return a && !a.augmented ? resolveContainer(a.right, depth + 1) : undefined;
}

function containerValues(node: SyntaxNode): SyntaxNode[] | undefined {
  const out: SyntaxNode[] = [];
  for (const c of node.namedChildren) {
    if (c.type === "comment") continue;
    if (node.type !== "dictionary") out.push(c);
    else if (c.type === "pair") out.push(c.childForFieldName("value")!);
    else return undefined;
  }
  return out;
}

/** The assignment that gave `node` (an identifier) its value at that point, through enclosing functions and the module. */
function assignmentOf(node: SyntaxNode): Assign | undefined {
  let scope = enclosingScope(node);
  let before = node.startIndex;
  while (scope.type !== "module") {
    const last = lastAssignment(scope, node.text, before);
    if (last || parameterNames(scope).has(node.text)) return last;
    before = scope.startIndex;
    scope = enclosingScope(scope);
  }
  return lastAssignment(scope, node.text, before === node.startIndex ? before : Number.MAX_SAFE_INTEGER);
}

function judgeName(node: SyntaxNode, name: string, position: number, opts: JudgeOptions, depth: number): Verdict {
  // The function's own assignments first, then enclosing functions (closures), then module constants.
  let scope = enclosingScope(node);
  let before = position;
  while (scope.type !== "module") {
    const last = lastAssignment(scope, name, before);
    if (last) return judgeAssignment(last, scope, name, opts, depth, before === position ? branchFlags(node, scope) : undefined);
    if (parameterNames(scope).has(name)) return opts.isSafeInput?.(node) ? SAFE : { kind: "opaque", at: node };
    before = scope.startIndex;
    scope = enclosingScope(scope);
  }
  const last = lastAssignment(scope, name, before);
  if (last) return judgeAssignment(last, scope, name, opts, depth);
  if (before !== position) {
    // Used inside a function: a module-level name assigned later in the file is still visible at call time.
    const global = lastAssignment(scope, name, Number.MAX_SAFE_INTEGER);
    if (global && !global.augmented && judgeText(global.right, opts, depth + 1).kind === "safe") return SAFE;
  }
  return { kind: "opaque", at: node };
}

/**
 * The flags whose branch `node` sits in: `if url:` (true) or its `else:` (false), `if not url:` (false), for a flag
 * that is a parameter of `fn` the function never assigns, so both places see one value of it.
 */
function branchFlags(node: SyntaxNode, fn: SyntaxNode): Map<string, boolean> | undefined {
  if (fn.type !== "function_definition") return undefined;
  let out: Map<string, boolean> | undefined;
  for (let child = node, at = node.parent; at && at.id !== fn.id; child = at, at = at.parent) {
    let inThen: boolean;
    let ifNode: SyntaxNode;
    if (at.type === "if_statement" && at.childForFieldName("consequence")?.id === child.id) [inThen, ifNode] = [true, at];
    else if (at.type === "else_clause" && at.parent?.type === "if_statement" && child.type === "block") [inThen, ifNode] = [false, at.parent];
    else continue;
    let cond = ifNode.childForFieldName("condition");
    let value = inThen;
    if (cond?.type === "not_operator") {
      cond = cond.childForFieldName("argument");
      value = !value;
    }
    if (cond?.type !== "identifier" || !isFlagParameter(fn, cond.text) || scopeAssignments(fn).has(cond.text)) continue;
    (out ??= new Map()).set(cond.text, value);
  }
  return out;
}

/** A parameter that holds a flag: its default is `True`, `False` or `None`, or it is annotated `bool`. */
function isFlagParameter(fn: SyntaxNode, name: string): boolean {
  return (fn.childForFieldName("parameters")?.namedChildren ?? []).some((p) => {
    if ((p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier"))?.text !== name) return false;
    const value = p.childForFieldName("value");
    return p.childForFieldName("type")?.text === "bool" || value?.type === "true" || value?.type === "false" || value?.type === "none";
  });
}

/** A flag parameter's default: `True` is on; `False` and `None` are off. Undefined when it has no such default. */
function flagDefault(fn: SyntaxNode, name: string): boolean | undefined {
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if ((p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier"))?.text !== name) continue;
    const value = p.childForFieldName("value");
    return value?.type === "true" ? true : value?.type === "false" || value?.type === "none" ? false : undefined;
  }
  return undefined;
}

/**
 * The optional parameter a place only runs for when a caller passes it: it sits in `if extra:` (or the `else:` of
 * `if not extra:`) of a parameter `extra=None`/`False` the function never reassigns, or in the `if not extra:` branch of
 * one defaulting to `True`. Undefined when the place runs in a call that leaves every flag at its default.
 */
export function optInFlag(node: SyntaxNode, fn: SyntaxNode | null = enclosingScope(node)): string | undefined {
  if (!fn || fn.type !== "function_definition") return undefined;
  for (const [flag, value] of branchFlags(node, fn) ?? []) if (flagDefault(fn, flag) === !value) return flag;
  return undefined;
}

/** True when the two places sit in opposite branches of one flag: they never both run in one call. */
function exclusive(a: Map<string, boolean> | undefined, b: Map<string, boolean> | undefined): boolean {
  if (!a || !b) return false;
  for (const [flag, value] of a) if (b.has(flag) && b.get(flag) !== value) return true;
  return false;
}

/**
 * The value of `name` right after assignment `a`: its plain assignment plus every `+=` up to `a`. With the flags
 * the use sits under (`if url: return mark_safe(html)`), a `+=` in the opposite branch of one of them is left out.
 */
function judgeAssignment(a: Assign, scope: SyntaxNode, name: string, opts: JudgeOptions, depth: number, useFlags?: Map<string, boolean>): Verdict {
  const known = useFlags ? undefined : memo.get(a.node.id);
  if (known) return known;
  // Walk back over `sql += ...` lines to the assignment that started the value, without deepening the recursion.
  const list = scopeAssignments(scope).get(name) ?? [];
  // Found by position, not identity: a list collected again (its cache entry gone) holds new objects.
  const at = list.findIndex((x) => x.node.startIndex === a.node.startIndex && x.node.endIndex === a.node.endIndex);
  if (at < 0) return { kind: "opaque", at: a.node };
  let start = at;
  while (start > 0 && list[start].augmented) start--;
  const base = list[start];
  let verdict: Verdict = base.augmented ? { kind: "opaque", at: base.node } : judgeText(base.right, opts, depth + 1);
  for (let i = start + 1; i <= at && verdict.kind !== "built"; i++) {
    if (useFlags && exclusive(useFlags, branchFlags(list[i].node, scope))) continue;
    if (opts.optInSkipped) {
      const flag = optInFlag(list[i].node, scope);
      if (flag !== undefined) {
        opts.optInSkipped(flag, list[i].node);
        continue;
      }
    }
    const rhs = judgeText(list[i].right, opts, depth + 1);
    if (rhs.kind === "built" || (rhs.kind === "opaque" && rhs.gaveUp)) verdict = rhs;
    else if (rhs.kind === "opaque") verdict = { kind: "built", how: "`+` concatenation", at: list[i].node };
  }
  if (base.augmented && verdict.kind !== "built") {
    // `x += ...` with no earlier assignment here: x is a parameter or comes from outside.
    const rhs = judgeText(base.right, opts, depth + 1);
    if (rhs.kind === "built") verdict = rhs;
    else if (rhs.kind === "opaque" && !rhs.gaveUp) verdict = { kind: "built", how: "`+` concatenation", at: base.node };
  }
  if (!useFlags) memo.set(a.node.id, verdict);
  return verdict;
}

/** The innermost function (or the module) that `node` belongs to. */
export function enclosingScope(node: SyntaxNode): SyntaxNode {
  let cur = node.parent;
  while (cur) {
    if (cur.type === "function_definition" || cur.type === "module") return cur;
    cur = cur.parent;
  }
  return node.tree.rootNode;
}

function parameterNames(fn: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type === "identifier") names.add(p.text);
    else {
      const n = p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier");
      if (n?.type === "identifier") names.add(n.text);
    }
  }
  return names;
}

/** The last plain or augmented assignment to `name` in `scope` (not in nested functions) ending before `position`. */
function lastAssignment(scope: SyntaxNode, name: string, position: number): Assign | undefined {
  const list = scopeAssignments(scope).get(name);
  if (!list) return undefined;
  let found: Assign | undefined;
  for (const a of list) {
    if (a.node.endIndex <= position) found = a;
    else break;
  }
  return found;
}

function scopeAssignments(scope: SyntaxNode): Map<string, Assign[]> {
  const tree = scope.tree as object;
  let perTree = assignmentCache.get(tree);
  if (!perTree) assignmentCache.set(tree, (perTree = new Map()));
  const cached = perTree.get(scope.id);
  if (cached) return cached;
  const out = new Map<string, Assign[]>();
  const body = scope.type === "module" ? scope : scope.childForFieldName("body");
  if (body) collectAssignments(body, out);
  perTree.set(scope.id, out);
  return out;
}

function collectAssignments(body: SyntaxNode, out: Map<string, Assign[]>): void {
  walkStatements(body, (type, current) => {
    if (type !== "assignment" && type !== "augmented_assignment") return;
    const node = current();
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const augmented = type === "augmented_assignment";
    if (left?.type === "identifier" && right && (!augmented || node.childForFieldName("operator")?.text === "+=")) {
      const list = out.get(left.text) ?? [];
      list.push({ node, augmented, right });
      out.set(left.text, list);
    }
  });
}

// Statements and the parts of statements that hold other statements, assignments or `with ... as` bindings.
const STATEMENT_PARTS = new Set([
  "module", "block", "expression_statement", "if_statement", "elif_clause", "else_clause", "for_statement",
  "while_statement", "try_statement", "except_clause", "except_group_clause", "finally_clause", "with_statement",
  "with_clause", "with_item", "match_statement", "case_clause",
]);

/**
 * Visits the statements under `root` and the nodes directly inside them, in source order, without entering
 * expressions or nested functions and classes. `visit` gets each node's type and can materialise the node.
 */
export function walkStatements(root: SyntaxNode, visit: (type: string, node: () => SyntaxNode) => void): void {
  const cursor = root.walk();
  const current = () => cursor.currentNode;
  let depth = 0;
  for (;;) {
    const type = cursor.nodeType;
    visit(type, current);
    if ((depth === 0 || STATEMENT_PARTS.has(type)) && cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (cursor.gotoNextSibling()) break;
      cursor.gotoParent();
      depth--;
    }
  }
}

/** The positional arguments of a call (keyword arguments, splats and comments left out). */
export function positionalArgs(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return [];
  return args.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment" && c.type !== "list_splat" && c.type !== "dictionary_splat");
}

/** The value of keyword argument `name` in a call, if given. */
export function keywordArg(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return undefined;
  for (const c of args.namedChildren) {
    if (c.type === "keyword_argument" && c.childForFieldName("name")?.text === name) return c.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

/** True when the call passes `*args` or `**kwargs`, so its arguments cannot be read off the call. */
export function hasSplat(call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments");
  return args?.type === "argument_list" && args.namedChildren.some((c) => c.type === "list_splat" || c.type === "dictionary_splat");
}

/** Source text of a node for a message: whitespace collapsed, backticks swapped so inline code spans stay intact. */
export function codeText(node: SyntaxNode): string {
  return node.text.replace(/\s+/g, " ").replace(/`/g, "'");
}
