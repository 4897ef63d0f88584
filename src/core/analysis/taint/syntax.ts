import { dottedName } from "../imports.js";
import type { SyntaxNode } from "../types.js";

export const squash = (s: string, max = 60) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

export const lineOf = (n: SyntaxNode) => n.startPosition.row + 1;

const parameterCache = new WeakMap<object, Map<number, { name: string; splat: "" | "*" | "**" }[]>>();

/** The parameters of a function as (name, kind) in order (cached per tree). */
export function parameters(fn: SyntaxNode): { name: string; splat: "" | "*" | "**" }[] {
  let byTree = parameterCache.get(fn.tree);
  if (!byTree) parameterCache.set(fn.tree, (byTree = new Map()));
  let result = byTree.get(fn.id);
  if (!result) byTree.set(fn.id, (result = readParameters(fn)));
  return result;
}

function readParameters(fn: SyntaxNode): { name: string; splat: "" | "*" | "**" }[] {
  const params = fn.childForFieldName("parameters");
  const out: { name: string; splat: "" | "*" | "**" }[] = [];
  if (!params) return out;
  for (const p of params.namedChildren) {
    if (p.type === "identifier") out.push({ name: p.text, splat: "" });
    else if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
      const n = p.childForFieldName("name");
      if (n) out.push({ name: n.text, splat: "" });
    } else if (p.type === "typed_parameter") {
      const inner = p.namedChildren[0];
      if (inner?.type === "identifier") out.push({ name: inner.text, splat: "" });
      else if (inner?.type === "list_splat_pattern") out.push({ name: inner.namedChildren[0]?.text ?? "", splat: "*" });
      else if (inner?.type === "dictionary_splat_pattern") out.push({ name: inner.namedChildren[0]?.text ?? "", splat: "**" });
    } else if (p.type === "list_splat_pattern") out.push({ name: p.namedChildren[0]?.text ?? "", splat: "*" });
    else if (p.type === "dictionary_splat_pattern") out.push({ name: p.namedChildren[0]?.text ?? "", splat: "**" });
  }
  return out;
}

export function isRequestLike(node: SyntaxNode | null): boolean {
  return isRequestName(fastDotted(node));
}

export function isRequestName(d: string | undefined): boolean {
  return d !== undefined && (d === "request" || d === "req" || d.endsWith(".request"));
}

// Accessors that keep the source expression going: `request.GET['q']`, `request.GET.get('q', '')`.
const ACCESSORS = new Set(["get", "getlist", "dict", "copy", "items", "values", "keys", "lists", "pop", "decode", "urlencode"]);

/** The whole access expression around a source attribute, for the message. */
export function sourceLabel(node: SyntaxNode): string {
  let cur = node;
  for (let i = 0; i < 4; i++) {
    const parent = cur.parent;
    if (!parent) break;
    if (parent.type === "subscript" && parent.childForFieldName("value")?.id === cur.id) {
      cur = parent;
      continue;
    }
    if (parent.type === "attribute" && parent.childForFieldName("object")?.id === cur.id) {
      const attr = parent.childForFieldName("attribute")?.text ?? "";
      const call = parent.parent;
      if (ACCESSORS.has(attr) && call?.type === "call" && call.childForFieldName("function")?.id === parent.id) {
        cur = call;
        continue;
      }
      if (attr === "name") {
        cur = parent;
        continue;
      }
    }
    break;
  }
  return `\`${squash(cur.text)}\``;
}

/** Two fields of a node (the function and arguments of a call, the object and attribute of an attribute). */
export function pair(node: SyntaxNode, first: string, second: string): [SyntaxNode | null, SyntaxNode | null] {
  return [node.childForFieldName(first), node.childForFieldName(second)];
}

const DOTTED = /^[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*$/;

/** An identifier or attribute chain as dotted text; reads the text once instead of walking the chain. */
export function fastDotted(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const type = node.type;
  if (type === "identifier") return node.text;
  if (type !== "attribute") return undefined;
  if (node.endIndex - node.startIndex > 200) return dottedName(node);
  const text = node.text;
  return DOTTED.test(text) ? text.replace(/\s+/g, "") : undefined;
}

/** The literal text of a plain string node (no interpolation), else undefined. */
export function stringText(node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.type !== "string") return undefined;
  let text = "";
  for (const c of node.namedChildren) {
    if (c.type === "interpolation") return undefined;
    if (c.type === "string_content" || c.type === "escape_sequence") text += c.text;
  }
  return text;
}

export function isConstant(node: SyntaxNode): boolean {
  return stringText(node) !== undefined || node.type === "integer" || node.type === "float" || node.type === "none" || node.type === "true" || node.type === "false";
}

/** The innermost function definition around `node` (not `node` itself), or null at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  let cur = node.parent;
  while (cur && cur.type !== "function_definition") cur = cur.parent;
  return cur;
}

export function enclosingClass(fn: SyntaxNode): SyntaxNode | null {
  let p = fn.parent;
  if (p?.type === "decorated_definition") p = p.parent;
  if (p?.type !== "block") return null;
  const c = p.parent;
  return c?.type === "class_definition" ? c : null;
}

export function isModuleLevel(fn: SyntaxNode): boolean {
  let p = fn.parent;
  if (p?.type === "decorated_definition") p = p.parent;
  return p?.type === "module";
}
