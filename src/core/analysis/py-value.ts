import type { ImportTable } from "./imports.js";
import type { SyntaxNode } from "./types.js";

/**
 * A statically known value of a Python expression. `env` is a lookup in the environment
 * (`os.environ.get`, `os.getenv`, django-environ, python-decouple) with its fallback, if any.
 */
export type PyValue =
  | { kind: "bool"; value: boolean; node: SyntaxNode }
  | { kind: "int"; value: number; node: SyntaxNode }
  | { kind: "str"; value: string; node: SyntaxNode }
  | { kind: "none"; node: SyntaxNode }
  | { kind: "list"; items: PyValue[]; node: SyntaxNode }
  | { kind: "dict"; entries: { key: PyValue; value: PyValue }[]; node: SyntaxNode }
  | {
      kind: "env";
      name?: string;
      fallback?: PyValue;
      node: SyntaxNode;
      /**
       * The lookup yields the variable's text unconverted (`os.environ["X"]`, `os.getenv("X")`, decouple's
       * `config("X")` without `cast`): when the variable is set the value is a string, and `"False"` is true.
       */
      raw?: boolean;
    }
  | { kind: "unknown"; node: SyntaxNode };

const ENV_GETTERS = new Set([
  "os.environ.get", "os.getenv", "os.environ.setdefault", "decouple.config", "environ.Env",
]);
// django-environ: `env = environ.Env(...)` then `env("X")`, `env.bool("X", default=True)`, `env.str(...)`.
const ENVIRON_METHODS = new Set(["", "bool", "str", "int", "list", "tuple", "dict", "url", "db", "db_url", "json", "float", "path", "cache", "cache_url", "email", "email_url"]);

const MAX_DEPTH = 40;

/** A small function of the settings tree whose body is one `return EXPR` (`def envbool(name, default): ...`). */
export interface Helper {
  params: { name: string; default?: SyntaxNode }[];
  returns: SyntaxNode;
}

/** What an evaluation may know beyond literals and imports; every member is optional. */
export interface EvalScope {
  /** The value a bare name has here (a helper's parameter). */
  name?(id: string): PyValue | undefined;
  /** A helper function the name refers to; calls to it are evaluated one level deep. */
  helper?(name: string): Helper | undefined;
  /** Which branch of `a if COND else b` production takes (DEBUG off, environment unset); undefined when unknown. */
  truth?(cond: SyntaxNode): boolean | undefined;
}

/** Evaluates literals, arithmetic on ints, string concatenation and environment lookups; anything else is `unknown`. */
export function evaluate(node: SyntaxNode, imports: ImportTable, envObjects: ReadonlySet<string> = new Set(), depth = 0, scope?: EvalScope): PyValue {
  if (depth > MAX_DEPTH) return { kind: "unknown", node };
  const ev = (n: SyntaxNode) => evaluate(n, imports, envObjects, depth + 1, scope);
  switch (node.type) {
    case "identifier":
      return scope?.name?.(node.text) ?? { kind: "unknown", node };
    case "conditional_expression": {
      // `a if DEBUG else b`: the branch production takes.
      const [a, cond, b] = node.namedChildren.filter((c) => c.type !== "comment");
      const taken = cond && scope?.truth?.(cond);
      if (taken === true && a) return ev(a);
      if (taken === false && b) return ev(b);
      return { kind: "unknown", node };
    }
    case "not_operator": {
      const arg = node.childForFieldName("argument");
      const v = arg ? ev(arg) : undefined;
      if (v?.kind === "bool") return { kind: "bool", value: !v.value, node };
      if (v?.kind === "env") {
        const t = truthinessOf(v.fallback);
        return { kind: "env", name: v.name, fallback: t === undefined ? undefined : { kind: "bool", value: !t, node }, node };
      }
      return { kind: "unknown", node };
    }
    case "true":
      return { kind: "bool", value: true, node };
    case "false":
      return { kind: "bool", value: false, node };
    case "none":
      return { kind: "none", node };
    case "integer": {
      const value = Number(node.text.replace(/_/g, "").replace(/[lL]$/, ""));
      return Number.isFinite(value) ? { kind: "int", value, node } : { kind: "unknown", node };
    }
    case "string": {
      const value = stringValue(node);
      return value === undefined ? { kind: "unknown", node } : { kind: "str", value, node };
    }
    case "concatenated_string": {
      let out = "";
      for (const part of node.namedChildren) {
        const v = stringValue(part);
        if (v === undefined) return { kind: "unknown", node };
        out += v;
      }
      return { kind: "str", value: out, node };
    }
    case "parenthesized_expression": {
      const inner = node.namedChildren.find((c) => c.type !== "comment");
      return inner ? ev(inner) : { kind: "unknown", node };
    }
    case "list":
    case "tuple":
    case "set":
      return { kind: "list", items: node.namedChildren.filter((c) => c.type !== "comment").map(ev), node };
    case "dictionary": {
      const entries: { key: PyValue; value: PyValue }[] = [];
      for (const pair of node.namedChildren) {
        if (pair.type !== "pair") continue;
        const k = pair.childForFieldName("key");
        const v = pair.childForFieldName("value");
        if (k && v) entries.push({ key: ev(k), value: ev(v) });
      }
      return { kind: "dict", entries, node };
    }
    case "binary_operator":
      return binary(node, ev);
    case "call":
      return call(node, imports, envObjects, ev, depth, scope);
    case "comparison_operator":
      return compare(node, imports, ev);
    case "boolean_operator":
      return orFallback(node, ev);
    case "subscript": {
      // os.environ["X"]
      const value = node.childForFieldName("value");
      const sub = node.childForFieldName("subscript");
      if (imports.qualifyNode(value) === "os.environ" && sub) {
        const name = ev(sub);
        if (name.kind === "str") return { kind: "env", name: name.value, node, raw: true };
      }
      return { kind: "unknown", node };
    }
    default:
      return { kind: "unknown", node };
  }
}

// `os.environ.get("KEY") or "fallback"`: an unset or empty variable falls back to the right-hand side.
function orFallback(node: SyntaxNode, ev: (n: SyntaxNode) => PyValue): PyValue {
  const l = node.childForFieldName("left");
  const r = node.childForFieldName("right");
  if (!l || !r || node.childForFieldName("operator")?.text !== "or") return { kind: "unknown", node };
  const a = ev(l);
  if (a.kind !== "env") return { kind: "unknown", node };
  const emptyFallback = !a.fallback || a.fallback.kind === "none" || (a.fallback.kind === "str" && a.fallback.value === "");
  return emptyFallback ? { kind: "env", name: a.name, fallback: ev(r), node, raw: a.raw } : { kind: "unknown", node };
}

function binary(node: SyntaxNode, ev: (n: SyntaxNode) => PyValue): PyValue {
  const l = node.childForFieldName("left");
  const r = node.childForFieldName("right");
  const op = node.childForFieldName("operator")?.text;
  if (!l || !r) return { kind: "unknown", node };
  const a = ev(l);
  const b = ev(r);
  if (a.kind === "int" && b.kind === "int") {
    const v = op === "*" ? a.value * b.value : op === "+" ? a.value + b.value : op === "-" ? a.value - b.value : op === "//" ? Math.floor(a.value / b.value) : op === "**" ? a.value ** b.value : NaN;
    return Number.isFinite(v) ? { kind: "int", value: v, node } : { kind: "unknown", node };
  }
  if (a.kind === "str" && b.kind === "str" && op === "+") return { kind: "str", value: a.value + b.value, node };
  if (a.kind === "list" && b.kind === "list" && op === "+") return { kind: "list", items: [...a.items, ...b.items], node };
  return { kind: "unknown", node };
}

function call(node: SyntaxNode, imports: ImportTable, envObjects: ReadonlySet<string>, ev: (n: SyntaxNode) => PyValue, depth: number, scope?: EvalScope): PyValue {
  const fn = node.childForFieldName("function");
  const args = node.childForFieldName("arguments");
  if (!fn || !args) return { kind: "unknown", node };
  const q = imports.qualifyNode(fn);
  const positional = args.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment");
  const keyword = (name: string) =>
    args.namedChildren.find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === name)?.childForFieldName("value") ?? undefined;
  const nameOf = (n: SyntaxNode | undefined) => {
    if (!n) return undefined;
    if (n.type === "string") return stringValue(n);
    const v = n.type === "identifier" ? ev(n) : undefined;
    return v?.kind === "str" ? v.value : undefined;
  };

  const isEnvironCall = (() => {
    if (q && ENV_GETTERS.has(q)) return true;
    if (fn.type === "identifier") return envObjects.has(fn.text);
    if (fn.type === "attribute") {
      const obj = fn.childForFieldName("object");
      const attr = fn.childForFieldName("attribute")?.text ?? "";
      return obj?.type === "identifier" && envObjects.has(obj.text) && ENVIRON_METHODS.has(attr);
    }
    return false;
  })();
  if (isEnvironCall) {
    const fallbackNode = keyword("default") ?? (positionalDefault(q, fn) ? positional[1] : undefined);
    let fallback = fallbackNode ? ev(fallbackNode) : undefined;
    // decouple's `config("DEBUG", default="True", cast=bool)` and env.bool("X", default="1") take strings.
    if (fallback?.kind === "str" && isBoolCast(fn, keyword("cast"))) {
      const b = truthyString(fallback.value);
      if (b !== undefined) fallback = { kind: "bool", value: b, node: fallback.node };
    }
    return { kind: "env", name: nameOf(positional[0]), fallback, node, raw: rawLookup(q, fn, positional, keyword("cast")) };
  }
  // A helper of the settings tree, followed one level: `envbool("DEBUG", False)`.
  const helper = fn.type === "identifier" && !imports.bindings.has(fn.text) ? scope?.helper?.(fn.text) : undefined;
  if (helper && !scope?.name) {
    const values = new Map<string, PyValue>();
    helper.params.forEach((p, i) => {
      const arg = keyword(p.name) ?? positional[i] ?? p.default;
      if (arg) values.set(p.name, ev(arg));
    });
    const inner: EvalScope = { ...scope, name: (id) => values.get(id) };
    const v = evaluate(helper.returns, imports, envObjects, depth + 1, inner);
    if (v.kind === "env") return { ...v, node };
    return v.kind === "unknown" ? { kind: "unknown", node } : v;
  }
  if (q === "builtins.bool" && positional[0]) {
    const inner = ev(positional[0]);
    // `bool(os.getenv("DEBUG"))` is still true for the text "False": the lookup stays raw.
    if (inner.kind === "env") return inner;
  }
  // `int(os.environ.get("HSTS", "0"))`, `strtobool(os.getenv("DEBUG", "no"))`: the lookup keeps its converted fallback.
  if ((q === "builtins.int" || q === "distutils.util.strtobool" || q === "str2bool.str2bool") && positional.length === 1 && !keyword("base")) {
    const inner = ev(positional[0]);
    if (inner.kind === "env") return { kind: "env", name: inner.name, fallback: inner.fallback && convert(inner.fallback, q === "builtins.int" ? "int" : "strtobool"), node, raw: false };
  }
  // `os.environ.get("HOSTS", "*").split(",")`, `os.getenv("DEBUG", "False").lower()`
  if (fn.type === "attribute") {
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const obj = fn.childForFieldName("object");
    if (obj && STRING_METHODS.has(method) && !args.namedChildren.some((c) => c.type === "keyword_argument")) {
      const target = ev(obj);
      if (target.kind === "env") {
        const fallback = target.fallback && stringMethod(target.fallback, method, positional, node);
        return { kind: "env", name: target.name, fallback, node, raw: target.raw };
      }
    }
  }
  return { kind: "unknown", node };
}

const STRING_METHODS = new Set(["lower", "upper", "casefold", "strip", "lstrip", "rstrip", "split"]);

function stringMethod(value: PyValue, method: string, args: SyntaxNode[], node: SyntaxNode): PyValue | undefined {
  if (value.kind !== "str") return undefined;
  const s = value.value;
  if (method !== "split") {
    if (args.length) return undefined;
    const out = method === "lower" || method === "casefold" ? s.toLowerCase() : method === "upper" ? s.toUpperCase() : method === "strip" ? s.trim() : method === "lstrip" ? s.trimStart() : s.trimEnd();
    return { kind: "str", value: out, node: value.node };
  }
  if (args.length > 1) return undefined;
  let parts: string[];
  if (args.length === 0) parts = s.split(/\s+/).filter(Boolean);
  else {
    const sep = stringValue(args[0]);
    if (!sep) return undefined;
    parts = s.split(sep);
  }
  return { kind: "list", items: parts.map((p) => ({ kind: "str", value: p, node: value.node })), node };
}

function convert(value: PyValue, to: "int" | "strtobool"): PyValue | undefined {
  if (to === "strtobool") {
    const b = value.kind === "str" ? truthyString(value.value) : undefined;
    return b === undefined ? undefined : { kind: "int", value: b ? 1 : 0, node: value.node };
  }
  if (value.kind === "int") return value;
  if (value.kind === "bool") return { kind: "int", value: value.value ? 1 : 0, node: value.node };
  if (value.kind === "str" && /^\s*[+-]?\d+\s*$/.test(value.value)) return { kind: "int", value: Number(value.value), node: value.node };
  return undefined;
}

/**
 * `os.getenv("DEBUG", "True") == "True"`, `env("MODE") != "prod"`, `x.lower() in ("1", "true")`: a comparison
 * of an environment lookup with literals is a lookup whose fallback is the comparison's result when the
 * variable is unset. `os.environ.get`/`os.getenv` without a default compare `None`.
 */
function compare(node: SyntaxNode, imports: ImportTable, ev: (n: SyntaxNode) => PyValue): PyValue {
  const operands = node.namedChildren.filter((c) => c.type !== "comment");
  const ops = node.childrenForFieldName("operators");
  if (operands.length !== 2 || ops.length !== 1) return { kind: "unknown", node };
  const op = ops[0].text.replace(/\s+/g, " ");
  const a = ev(operands[0]);
  const b = ev(operands[1]);
  const literal = (v: PyValue) => v.kind !== "env" && v.kind !== "unknown";
  if (a.kind === "env" && literal(b)) {
    const unset = a.fallback ?? (returnsNoneWhenUnset(a.node, imports) ? { kind: "none" as const, node: a.node } : undefined);
    const result = unset && compareValues(unset, op, b);
    return { kind: "env", name: a.name, fallback: result === undefined ? undefined : { kind: "bool", value: result, node }, node };
  }
  if (b.kind === "env" && literal(a)) {
    const unset = b.fallback ?? (returnsNoneWhenUnset(b.node, imports) ? { kind: "none" as const, node: b.node } : undefined);
    const result = unset && compareValues(a, op, unset);
    return { kind: "env", name: b.name, fallback: result === undefined ? undefined : { kind: "bool", value: result, node }, node };
  }
  if (literal(a) && literal(b)) {
    const result = compareValues(a, op, b);
    if (result !== undefined) return { kind: "bool", value: result, node };
  }
  return { kind: "unknown", node };
}

/** True when a lookup returns the variable's text as is (no cast, no typed django-environ method). */
function rawLookup(q: string | undefined, fn: SyntaxNode, positional: SyntaxNode[], cast: SyntaxNode | undefined): boolean {
  if (q === "os.environ.get" || q === "os.getenv" || q === "os.environ.setdefault") return true;
  if (q === "decouple.config") return !cast;
  if (fn.type === "attribute") return fn.childForFieldName("attribute")?.text === "str";
  // django-environ `env("X")`: the Env() scheme may type it, so it is not known to be text.
  void positional;
  return false;
}

function truthinessOf(v: PyValue | undefined): boolean | undefined {
  if (!v) return undefined;
  if (v.kind === "bool") return v.value;
  if (v.kind === "int") return v.value !== 0;
  if (v.kind === "str") return v.value !== "";
  if (v.kind === "none") return false;
  return undefined;
}

function returnsNoneWhenUnset(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type !== "call") return false;
  const q = imports.qualifyNode(node.childForFieldName("function"));
  if (q !== "os.environ.get" && q !== "os.getenv") return false;
  const args = node.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
  return args.length === 1 && args[0].type !== "keyword_argument";
}

function scalar(v: PyValue): string | number | boolean | null | undefined {
  if (v.kind === "str") return v.value;
  if (v.kind === "int") return v.value;
  if (v.kind === "bool") return v.value;
  if (v.kind === "none") return null;
  return undefined;
}

function equal(a: PyValue, b: PyValue): boolean | undefined {
  const x = scalar(a);
  const y = scalar(b);
  if (x === undefined || y === undefined) return undefined;
  // Python: True == 1 and False == 0.
  const num = (v: string | number | boolean | null) => (typeof v === "boolean" ? Number(v) : v);
  return num(x) === num(y);
}

function compareValues(a: PyValue, op: string, b: PyValue): boolean | undefined {
  if (op === "==" || op === "!=") {
    const eq = equal(a, b);
    return eq === undefined ? undefined : op === "==" ? eq : !eq;
  }
  if (op === "in" || op === "not in") {
    let found: boolean | undefined;
    if (b.kind === "list") {
      if (b.items.some((i) => scalar(i) === undefined)) return undefined;
      found = b.items.some((i) => equal(a, i));
    } else if (b.kind === "str" && a.kind === "str") found = b.value.includes(a.value);
    else if (b.kind === "str" && a.kind === "none") return undefined;
    if (found === undefined) return undefined;
    return op === "in" ? found : !found;
  }
  if (a.kind === "int" && b.kind === "int") {
    if (op === "<") return a.value < b.value;
    if (op === "<=") return a.value <= b.value;
    if (op === ">") return a.value > b.value;
    if (op === ">=") return a.value >= b.value;
  }
  return undefined;
}

// Lookups whose second positional argument is the default: `os.getenv("X", "d")`, decouple's
// `config("X", "d")`, django-environ's `env.str("X", "d")` (but `env("X", cast)` and `env.list("X", cast)`).
const POSITIONAL_DEFAULT_METHODS = new Set(["str", "bool", "int", "float", "url", "db", "db_url", "json", "path", "cache", "cache_url", "email", "email_url"]);

function positionalDefault(q: string | undefined, fn: SyntaxNode): boolean {
  if (q === "os.environ.get" || q === "os.getenv" || q === "os.environ.setdefault" || q === "decouple.config") return true;
  return fn.type === "attribute" && POSITIONAL_DEFAULT_METHODS.has(fn.childForFieldName("attribute")?.text ?? "");
}

function isBoolCast(fn: SyntaxNode, cast: SyntaxNode | undefined): boolean {
  if (cast?.text === "bool") return true;
  return fn.type === "attribute" && fn.childForFieldName("attribute")?.text === "bool";
}

export function truthyString(s: string): boolean | undefined {
  const v = s.trim().toLowerCase();
  if (["1", "true", "yes", "on", "y", "t"].includes(v)) return true;
  if (["0", "false", "no", "off", "n", "f", ""].includes(v)) return false;
  return undefined;
}

/** The value of a plain string literal (no interpolation), with simple escapes resolved; undefined otherwise. */
export function stringValue(node: SyntaxNode): string | undefined {
  if (node.type !== "string") return undefined;
  const start = node.namedChildren.find((c) => c.type === "string_start")?.text ?? "";
  if (/[fF]/.test(start)) {
    if (node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  }
  const raw = /[rR]/.test(start);
  let out = "";
  for (const c of node.namedChildren) {
    if (c.type === "string_content") out += raw ? c.text : unescape(c.text);
    else if (c.type === "escape_sequence") out += raw ? c.text : unescape(c.text);
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|r|\\|'|"|\n)/g, (_, ch: string) =>
    ch === "n" ? "\n" : ch === "t" ? "\t" : ch === "r" ? "\r" : ch === "\n" ? "" : ch,
  );
}

/** True for a string literal with no interpolation, or a concatenation of such literals. */
export function isConstantString(node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  if (node.type === "string") return stringValue(node) !== undefined;
  if (node.type === "concatenated_string") return node.namedChildren.every((c) => stringValue(c) !== undefined);
  if (node.type === "parenthesized_expression") return node.namedChildren.length === 1 && isConstantString(node.namedChildren[0]);
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "+") {
    return isConstantString(node.childForFieldName("left")) && isConstantString(node.childForFieldName("right"));
  }
  return false;
}
