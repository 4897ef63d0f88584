import Parser from "tree-sitter";
import { canonicalName, type ImportTable } from "../../src/core/analysis/imports.js";
import { pythonLanguage } from "../../src/core/analysis/parse-python.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** Django names whose calls (and decorators) the pattern rules look at, in canonical spelling. */
export const TRACKED = {
  rawSql: ["django.db.models.RawSQL", "django.db.models.expressions.RawSQL"],
  markSafe: "django.utils.safestring.mark_safe",
  safeString: "django.utils.safestring.SafeString",
  formatHtml: "django.utils.html.format_html",
  permissionRequired: "django.contrib.auth.decorators.permission_required",
  fileFields: ["django.db.models.FileField", "django.forms.FileField", "django.forms.fields.FileField"],
  routes: ["django.urls.path", "django.urls.re_path"],
} as const;

/** Method names looked up on any receiver (`qs.raw(...)`, `cursor.execute(...)`). */
export const TRACKED_METHODS = new Set(["raw", "execute", "executemany", "extra"]);

const TRACKED_NAMES = new Set<string>(Object.values(TRACKED).flat());
const TRACKED_LAST = new Set([...TRACKED_NAMES].map((q) => q.slice(q.lastIndexOf(".") + 1)).concat(["SafeText", "url"]));

export interface CallIndex {
  /** Calls by the canonical name of the called function. */
  calls: Map<string, SyntaxNode[]>;
  /** Decorator expressions (`@x`, not `@x(...)`) by canonical name. */
  decorators: Map<string, SyntaxNode[]>;
  /** Method calls `obj.m(...)` by method name, for the names in TRACKED_METHODS. */
  methods: Map<string, SyntaxNode[]>;
}

let query: Parser.Query | undefined;
const cache = new WeakMap<SyntaxNode, CallIndex>();

// Several rules need calls to a handful of Django functions. A broad `(call ...)` pattern per rule would
// hand every call of the file to JavaScript once per rule; one shared pass, filtered by the last name
// segment before resolving imports, costs one capture per call in total.
/** Calls, bare decorators and method calls of interest in the module, built once per parsed tree. */
export function callIndex(root: SyntaxNode, imports: ImportTable): CallIndex {
  const cached = cache.get(root);
  if (cached) return cached;
  query ??= new Parser.Query(pythonLanguage(), `(call function: [(identifier) (attribute)] @fn)\n(decorator [(identifier) (attribute)] @deco)`);
  const names = new Set(TRACKED_LAST);
  for (const [local, target] of imports.bindings) if (TRACKED_NAMES.has(canonicalName(target))) names.add(local);
  const index: CallIndex = { calls: new Map(), decorators: new Map(), methods: new Map() };
  const add = (map: Map<string, SyntaxNode[]>, key: string, node: SyntaxNode) => {
    const list = map.get(key);
    if (list) list.push(node);
    else map.set(key, [node]);
  };
  for (const { name, node } of query.captures(root)) {
    const last = node.type === "identifier" ? node.text : node.childForFieldName("attribute")?.text ?? "";
    if (name === "fn" && node.type === "attribute" && TRACKED_METHODS.has(last)) add(index.methods, last, node.parent!);
    if (!names.has(last)) continue;
    const q = imports.qualifyNode(node);
    if (q === undefined || !TRACKED_NAMES.has(q)) continue;
    if (name === "fn") add(index.calls, q, node.parent!);
    else add(index.decorators, q, node);
  }
  cache.set(root, index);
  return index;
}

/** The indexed calls to any of the given canonical names, in source order. */
export function callsTo(index: CallIndex, ...names: readonly string[]): SyntaxNode[] {
  const out = names.flatMap((n) => index.calls.get(n) ?? []);
  return names.length > 1 ? out.sort((a, b) => a.startIndex - b.startIndex) : out;
}
