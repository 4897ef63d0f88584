import type { ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** A class defined at module level. */
export interface ClassInfo {
  node: SyntaxNode;
  name: string;
  nameNode: SyntaxNode;
  /** Base class expressions in order (keyword arguments such as `metaclass=` left out). */
  bases: SyntaxNode[];
  body: SyntaxNode | null;
  /** Decorator expressions applied to the class. */
  decorators: SyntaxNode[];
}

/** What a class inherits, following base classes defined in the same module. */
export interface Ancestry {
  /** Fully-qualified names of imported ancestors, in the order met. */
  external: string[];
  /** The class itself, then every same-module ancestor. */
  local: ClassInfo[];
  /** True when some ancestor could not be identified (an unresolved name, a call, a subscript...). */
  unknown: boolean;
}

const cache = new WeakMap<SyntaxNode, Map<string, ClassInfo>>();
const MAX_LOCAL_ANCESTORS = 32;

/** Classes defined at the top level of the module (also inside top-level `if`/`try` blocks), by name. */
export function moduleClasses(root: SyntaxNode): Map<string, ClassInfo> {
  const cached = cache.get(root);
  if (cached) return cached;
  const out = new Map<string, ClassInfo>();
  const visit = (container: SyntaxNode, depth: number) => {
    for (const stmt of container.namedChildren) {
      if (stmt.type === "class_definition") add(stmt, []);
      else if (stmt.type === "decorated_definition") {
        const def = stmt.childForFieldName("definition");
        if (def?.type === "class_definition") add(def, stmt.namedChildren.filter((c) => c.type === "decorator"));
      } else if (depth < 3 && ["if_statement", "try_statement", "else_clause", "elif_clause", "except_clause", "block"].includes(stmt.type)) {
        visit(stmt, depth + 1);
      }
    }
  };
  const add = (def: SyntaxNode, decos: SyntaxNode[]) => {
    const nameNode = def.childForFieldName("name");
    if (!nameNode) return;
    const superclasses = def.childForFieldName("superclasses");
    const bases = superclasses ? superclasses.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment") : [];
    const decorators = decos.flatMap((d) => d.namedChildren.filter((c) => c.type !== "comment"));
    out.set(nameNode.text, { node: def, name: nameNode.text, nameNode, bases, body: def.childForFieldName("body"), decorators });
  };
  visit(root, 0);
  cache.set(root, out);
  return out;
}

/** Follows base classes through the module; imported ones are recorded by qualified name. Long chains count as unknown. */
export function ancestry(cls: ClassInfo, imports: ImportTable, classes: Map<string, ClassInfo>): Ancestry {
  const result: Ancestry = { external: [], local: [], unknown: false };
  const seen = new Set<string>();
  const visit = (c: ClassInfo) => {
    if (seen.has(c.name)) return;
    // Real views have a handful of same-module ancestors; a longer chain is generated or hostile code.
    if (seen.size >= MAX_LOCAL_ANCESTORS) {
      result.unknown = true;
      return;
    }
    seen.add(c.name);
    result.local.push(c);
    for (const base of c.bases) {
      const q = imports.qualifyNode(base);
      if (q !== undefined) {
        if (!result.external.includes(q)) result.external.push(q);
        continue;
      }
      if (base.type === "identifier" && base.text === "object") continue;
      const local = base.type === "identifier" && !imports.bindings.has(base.text) ? classes.get(base.text) : undefined;
      if (local && local.node.startIndex < c.node.startIndex) visit(local);
      else result.unknown = true;
    }
  };
  visit(cls);
  return result;
}

/** Names of classes in the module that other classes of the module inherit from. */
export function usedAsBase(classes: Map<string, ClassInfo>): Set<string> {
  const out = new Set<string>();
  for (const c of classes.values()) for (const b of c.bases) if (b.type === "identifier") out.add(b.text);
  return out;
}

/** `NAME = value` assignments directly in the class body. */
export function classAttribute(cls: ClassInfo, name: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const stmt of cls.body?.namedChildren ?? []) {
    if (stmt.type !== "expression_statement") continue;
    const a = stmt.namedChildren[0];
    if (a?.type !== "assignment") continue;
    if (a.childForFieldName("left")?.text === name) found = a;
  }
  return found;
}

/** The nearest definition of a class attribute along the same-module ancestry (the class first). */
export function inheritedAttribute(anc: Ancestry, name: string): { owner: ClassInfo; assignment: SyntaxNode } | undefined {
  for (const c of anc.local) {
    const assignment = classAttribute(c, name);
    if (assignment) return { owner: c, assignment };
  }
  return undefined;
}

const methodsCache = new WeakMap<ClassInfo, { name: string; node: SyntaxNode; decorators: SyntaxNode[] }[]>();

/** Methods defined directly in the class body, with their decorator expressions (read once per class; callers do not change the list). */
export function classMethods(cls: ClassInfo): { name: string; node: SyntaxNode; decorators: SyntaxNode[] }[] {
  let out = methodsCache.get(cls);
  if (!out) methodsCache.set(cls, (out = readClassMethods(cls)));
  return out;
}

function readClassMethods(cls: ClassInfo): { name: string; node: SyntaxNode; decorators: SyntaxNode[] }[] {
  const out: { name: string; node: SyntaxNode; decorators: SyntaxNode[] }[] = [];
  for (const stmt of cls.body?.namedChildren ?? []) {
    let def = stmt;
    let decorators: SyntaxNode[] = [];
    if (stmt.type === "decorated_definition") {
      def = stmt.childForFieldName("definition") ?? stmt;
      decorators = stmt.namedChildren.filter((c) => c.type === "decorator").flatMap((d) => d.namedChildren.filter((c) => c.type !== "comment"));
    }
    if (def.type !== "function_definition") continue;
    const name = def.childForFieldName("name")?.text;
    if (name) out.push({ name, node: def, decorators });
  }
  return out;
}

/** The function a decorator expression names: `x` for `@x` and for `@x(...)`. */
export function decoratorTarget(deco: SyntaxNode): SyntaxNode | null {
  return deco.type === "call" ? deco.childForFieldName("function") : deco;
}

/**
 * Names of login, registration, password-reset, token, authentication (`ProviderAuthView`, `authenticate`),
 * input-validation and similar endpoints, which are public by design.
 * Rules skip them rather than guess.
 */
export const PUBLIC_ENDPOINT =
  /log_?in|log_?out|sign_?in|sign_?up|regist|password|passwd|token|otp|captcha|forgot|activat|verif|validat|confirm|auth(?:_?view|entica|$)|webhook|callback|create_?user|user_?create|create_?account|account_?create|contact(?!s)|newsletter/i;

/** The value of a sequence literal (list/tuple) as its elements; a single non-sequence value as itself. */
export function sequenceItems(value: SyntaxNode): SyntaxNode[] {
  if (value.type === "list" || value.type === "tuple") return value.namedChildren.filter((c) => c.type !== "comment");
  if (value.type === "parenthesized_expression") {
    const inner = value.namedChildren.filter((c) => c.type !== "comment");
    return inner.length === 1 ? sequenceItems(inner[0]) : inner;
  }
  return [value];
}
