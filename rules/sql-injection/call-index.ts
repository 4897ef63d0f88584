import { canonicalName, type ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** Django names whose calls (and decorators) the pattern rules look at, in canonical spelling. */
export const TRACKED = {
  rawSql: ["django.db.models.RawSQL", "django.db.models.expressions.RawSQL"],
  markSafe: "django.utils.safestring.mark_safe",
  safeString: "django.utils.safestring.SafeString",
  formatHtml: "django.utils.html.format_html",
  permissionRequired: "django.contrib.auth.decorators.permission_required",
  fileFields: ["django.db.models.FileField", "django.forms.FileField", "django.forms.fields.FileField"],
  imageFields: ["django.db.models.ImageField", "django.forms.ImageField", "django.forms.fields.ImageField"],
  routes: ["django.urls.path", "django.urls.re_path"],
} as const;

/** Method names looked up on any receiver (`qs.raw(...)`, `cursor.execute(...)`). */
export const TRACKED_METHODS = new Set(["raw", "execute", "executemany", "extra"]);

const TRACKED_NAMES = new Set<string>(Object.values(TRACKED).flat());
// Last segments under which the tracked names can be called (`SafeText` and `url` are canonicalised).
const TRACKED_LAST = new Set([...TRACKED_NAMES].map((q) => q.slice(q.lastIndexOf(".") + 1)).concat(["SafeText", "url"]));
const METHOD_CALL = /\.[ \t]*(raw|execute|executemany|extra)\s*\(/g;
const DECORATOR = /@[ \t]*(?:[A-Za-z_]\w*[ \t]*\.[ \t]*)*([A-Za-z_]\w*)/g;

export interface CallIndex {
  /** Calls by the canonical name of the called function. */
  calls: Map<string, SyntaxNode[]>;
  /** Decorator expressions (`@x`, not `@x(...)`) by canonical name. */
  decorators: Map<string, SyntaxNode[]>;
  /** Method calls `obj.m(...)` by method name, for the names in TRACKED_METHODS. */
  methods: Map<string, SyntaxNode[]>;
}

const cache = new WeakMap<SyntaxNode, CallIndex>();

// Several rules need calls to a handful of Django functions. Handing every call of a file to JavaScript
// (a broad query pattern) costs as much as parsing again, so the source text is searched for the few
// names that matter and only those positions are checked in the tree and resolved through the imports.
/** Calls, bare decorators and method calls of interest in the module, built once per parsed tree. */
export function callIndex(root: SyntaxNode, imports: ImportTable, text: string): CallIndex {
  const cached = cache.get(root);
  if (cached) return cached;
  const index: CallIndex = { calls: new Map(), decorators: new Map(), methods: new Map() };
  cache.set(root, index);

  const names = new Set(TRACKED_LAST);
  for (const [local, target] of imports.bindings) if (TRACKED_NAMES.has(canonicalName(target))) names.add(local);
  const call = new RegExp(`\\b(${[...names].join("|")})\\s*\\(`, "g");
  for (const m of text.matchAll(call)) {
    const fn = calleeAt(root, m.index!, m[1]);
    const q = fn && imports.qualifyNode(fn);
    if (q !== undefined && TRACKED_NAMES.has(q) && fn!.parent?.type === "call") add(index.calls, q, fn!.parent);
  }
  for (const m of text.matchAll(METHOD_CALL)) {
    const at = m.index! + m[0].indexOf(m[1], 1);
    const fn = calleeAt(root, at, m[1]);
    if (fn?.type === "attribute" && fn.parent?.type === "call") add(index.methods, m[1], fn.parent);
  }
  for (const m of text.matchAll(DECORATOR)) {
    if (!names.has(m[1])) continue;
    const fn = calleeAt(root, m.index! + m[0].length - m[1].length, m[1]);
    const q = fn && imports.qualifyNode(fn);
    if (q !== undefined && TRACKED_NAMES.has(q) && fn!.parent?.type === "decorator") add(index.decorators, q, fn!);
  }
  return index;
}

/**
 * The called (or decorating) expression whose last name segment is the identifier `name` at `at`:
 * the identifier itself, or the attribute chain ending in it. Undefined inside strings and comments.
 */
function calleeAt(root: SyntaxNode, at: number, name: string): SyntaxNode | undefined {
  const id = root.descendantForIndex(at, at + name.length);
  if (id.type !== "identifier" || id.text !== name) return undefined;
  const parent = id.parent;
  if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === id.id) return isCallee(parent) ? parent : undefined;
  return isCallee(id) ? id : undefined;
}

function isCallee(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (parent?.type === "call") return parent.childForFieldName("function")?.id === node.id;
  return parent?.type === "decorator";
}

function add(map: Map<string, SyntaxNode[]>, key: string, node: SyntaxNode): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}

/** The indexed calls to any of the given canonical names, in source order. */
export function callsTo(index: CallIndex, ...names: readonly string[]): SyntaxNode[] {
  const out = names.flatMap((n) => index.calls.get(n) ?? []);
  return names.length > 1 ? out.sort((a, b) => a.startIndex - b.startIndex) : out;
}
