import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** How many project functions of the module a value is followed into (`full_name(base, user)` and one more). */
const MAX_HOPS = 2;

/** The module's top-level functions by name (a name defined twice is left out: which one runs is not known). */
export function moduleFunctions(root: SyntaxNode): Map<string, SyntaxNode | null> {
  const out = new Map<string, SyntaxNode | null>();
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type !== "function_definition") continue;
    const name = def.childForFieldName("name")?.text;
    if (name) out.set(name, out.has(name) || stmt.type === "decorated_definition" ? null : def);
  }
  return out;
}

/** The last character of the text a node is known to end with (a string literal, or `a + "x_"`), if known. */
function lastChar(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "parenthesized_expression") return lastChar(node.namedChildren[0]);
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.type === "+") return lastChar(node.childForFieldName("right"));
  if (node.type === "concatenated_string") return lastChar(node.namedChildren[node.namedChildren.length - 1]);
  if (node.type !== "string") return undefined;
  const parts = node.namedChildren.filter((c) => c.type !== "string_start" && c.type !== "string_end");
  const last = parts[parts.length - 1];
  return last?.type === "string_content" && last.text.length ? last.text[last.text.length - 1] : undefined;
}

/** True when text ending in `c` is known and leaves what follows inside the same path component. */
const inComponent = (c: string | undefined) => c !== undefined && c !== "/";

/**
 * True when every use of `name` inside `fn` puts the value after text of its own path component: `f"{user}__{name}"`,
 * `"report_" + name`, `"__".join([user, name])`, or an argument of a module function that does the same with it.
 * A value that holds no `/` (a URL parameter every route captures with `<str:...>`, `<slug:...>`, `[^/]+`...) placed
 * so is part of one file or folder name: it cannot be `..` or name another folder. Any other use (assigned, passed to
 * `os.path.join`, returned as it is) answers false.
 */
export function onlyInsideComponent(fn: SyntaxNode, name: string, functions: Map<string, SyntaxNode | null>, hops = 0): boolean {
  const body = fn.childForFieldName("body");
  if (!body) return false;
  for (const use of body.descendantsOfType("identifier")) {
    if (use.text !== name) continue;
    const parent = use.parent;
    // `obj.name` and `f(name=...)` spell the name without reading the value.
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === use.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === use.id) continue;
    if (!placedInComponent(use, functions, hops)) return false;
  }
  return true;
}

function placedInComponent(use: SyntaxNode, functions: Map<string, SyntaxNode | null>, hops: number): boolean {
  const parent = use.parent;
  if (!parent) return false;
  // f"{user}__{name}": the literal text right before the placeholder.
  if (parent.type === "interpolation") {
    if (parent.namedChildren[0]?.id !== use.id) return false;
    const before = parent.previousSibling;
    return before?.type === "string_content" && inComponent(before.text[before.text.length - 1]);
  }
  // "report_" + name
  if (parent.type === "binary_operator") {
    return parent.childForFieldName("operator")?.type === "+" && parent.childForFieldName("right")?.id === use.id && inComponent(lastChar(parent.childForFieldName("left")));
  }
  // "__".join([user, name]): any item after the first follows the separator.
  if (parent.type === "list" || parent.type === "tuple") {
    const items = parent.namedChildren.filter((c) => c.type !== "comment");
    const call = parent.parent?.type === "argument_list" ? parent.parent.parent : null;
    const fn = call?.childForFieldName("function");
    if (items[0]?.id === use.id || fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "join") return false;
    const sep = fn.childForFieldName("object");
    return sep?.type === "string" && !sep.text.includes("/") && !sep.text.includes("{") && inComponent(lastChar(sep));
  }
  // full_name(name, user): the parameter it lands in, followed into the module's function.
  if (parent.type === "argument_list" || (parent.type === "keyword_argument" && parent.parent?.type === "argument_list")) {
    const args = parent.type === "argument_list" ? parent : parent.parent!;
    const callee = args.parent?.childForFieldName("function");
    const def = callee?.type === "identifier" ? functions.get(callee.text) : undefined;
    if (!def || hops >= MAX_HOPS) return false;
    const params = def.childForFieldName("parameters")?.namedChildren ?? [];
    let param: SyntaxNode | undefined;
    if (parent.type === "keyword_argument") {
      const key = parent.childForFieldName("name")?.text;
      param = params.find((p) => paramName(p) === key);
    } else {
      const positional = args.namedChildren.filter((c) => c.type !== "comment");
      const i = positional.findIndex((c) => c.id === use.id);
      if (positional.slice(0, i).some((c) => c.type !== "identifier" && c.type !== "string" && c.type !== "call" && c.type !== "attribute" && c.type !== "integer")) return false;
      param = params[i];
    }
    const pname = param ? paramName(param) : undefined;
    return !!pname && onlyInsideComponent(def, pname, functions, hops + 1);
  }
  return false;
}

/** The name a plain parameter binds (`name`, `name=default`, `name: str`); undefined for `*args`, `**kwargs`, `/`, `*`. */
function paramName(p: SyntaxNode): string | undefined {
  if (p.type === "identifier") return p.text;
  if (p.type === "default_parameter" || p.type === "typed_default_parameter") return p.childForFieldName("name")?.text;
  if (p.type === "typed_parameter") {
    const first = p.namedChildren[0];
    return first?.type === "identifier" ? first.text : undefined;
  }
  return undefined;
}
