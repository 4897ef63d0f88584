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
  | { kind: "env"; name?: string; fallback?: PyValue; node: SyntaxNode }
  | { kind: "unknown"; node: SyntaxNode };

const ENV_GETTERS = new Set([
  "os.environ.get", "os.getenv", "os.environ.setdefault", "decouple.config", "environ.Env",
]);
// django-environ: `env = environ.Env(...)` then `env("X")`, `env.bool("X", default=True)`, `env.str(...)`.
const ENVIRON_METHODS = new Set(["", "bool", "str", "int", "list", "tuple", "dict", "url", "db", "db_url", "json", "float", "path", "cache", "cache_url", "email", "email_url"]);

const MAX_DEPTH = 40;

/** Evaluates literals, arithmetic on ints, string concatenation and environment lookups; anything else is `unknown`. */
export function evaluate(node: SyntaxNode, imports: ImportTable, envObjects: ReadonlySet<string> = new Set(), depth = 0): PyValue {
  if (depth > MAX_DEPTH) return { kind: "unknown", node };
  const ev = (n: SyntaxNode) => evaluate(n, imports, envObjects, depth + 1);
  switch (node.type) {
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
      return call(node, imports, envObjects, ev);
    case "subscript": {
      // os.environ["X"]
      const value = node.childForFieldName("value");
      const sub = node.childForFieldName("subscript");
      if (imports.qualifyNode(value) === "os.environ" && sub?.type === "string") {
        return { kind: "env", name: stringValue(sub), node };
      }
      return { kind: "unknown", node };
    }
    default:
      return { kind: "unknown", node };
  }
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

function call(node: SyntaxNode, imports: ImportTable, envObjects: ReadonlySet<string>, ev: (n: SyntaxNode) => PyValue): PyValue {
  const fn = node.childForFieldName("function");
  const args = node.childForFieldName("arguments");
  if (!fn || !args) return { kind: "unknown", node };
  const q = imports.qualifyNode(fn);
  const positional = args.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment");
  const keyword = (name: string) =>
    args.namedChildren.find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === name)?.childForFieldName("value") ?? undefined;
  const nameOf = (n: SyntaxNode | undefined) => (n?.type === "string" ? stringValue(n) : undefined);

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
    const fallbackNode = keyword("default") ?? (q === "os.environ.get" || q === "os.getenv" || q === "os.environ.setdefault" ? positional[1] : undefined);
    let fallback = fallbackNode ? ev(fallbackNode) : undefined;
    // decouple's `config("DEBUG", default="True", cast=bool)` and env.bool("X", default="1") take strings.
    if (fallback?.kind === "str" && isBoolCast(fn, keyword("cast"))) {
      const b = truthyString(fallback.value);
      if (b !== undefined) fallback = { kind: "bool", value: b, node: fallback.node };
    }
    return { kind: "env", name: nameOf(positional[0]), fallback, node };
  }
  // `os.environ.get("DEBUG", "False") == "True"` style comparisons are handled by callers via `unknown`.
  if (q === "builtins.bool" && positional[0]) {
    const inner = ev(positional[0]);
    if (inner.kind === "env") return inner;
  }
  return { kind: "unknown", node };
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
