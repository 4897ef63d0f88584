import type { ImportTable } from "../imports.js";
import type { SyntaxNode } from "../types.js";
import { ModuleTaint } from "./engine.js";
import type { SinkKind, TaintHit } from "./types.js";

// Ten rules ask for the same module's result: analyse each parsed tree once.
const cache = new WeakMap<object, { path: string; hits: TaintHit[] }>();

/**
 * Every sink in the module reached by request data, in source order. The result is cached per parsed tree
 * (and path), so calling it from each data-flow rule costs one analysis.
 */
export function analyzeTaint(root: SyntaxNode, imports: ImportTable, path: string): TaintHit[] {
  const key = root.tree as object;
  const cached = cache.get(key);
  if (cached && cached.path === path) return cached.hits;
  const hits = new ModuleTaint(root, imports, path).run();
  cache.set(key, { path, hits });
  return hits;
}

/** The hits of one sink kind. */
export function taintHits(root: SyntaxNode, imports: ImportTable, path: string, kind: SinkKind): TaintHit[] {
  return analyzeTaint(root, imports, path).filter((h) => h.kind === kind);
}
