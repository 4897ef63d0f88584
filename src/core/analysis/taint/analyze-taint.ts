import type { FormFacts } from "../form-fields.js";
import type { ImportTable } from "../imports.js";
import type { SyntaxNode } from "../types.js";
import { ModuleTaint } from "./engine.js";
import type { SinkKind, TaintHit } from "./types.js";

/** Facts about the project the analysis of one module depends on. */
export interface TaintOptions {
  /** Some URL pattern routes every path (`re_path(r"^.*$", ...)`): `resolve()` then accepts `//evil.example` too. */
  catchAllRoute?: boolean;
  /** Models (and reverse managers) whose primary key holds text (`ProjectIndex.textKeyModels`). */
  textKeyModels?: readonly string[];
  /** The project's form classes and their fields' kinds (`ProjectIndex.forms`). */
  forms?: Record<string, FormFacts>;
}

// Ten rules ask for the same module's result: analyse each parsed tree once.
const cache = new WeakMap<object, { path: string; catchAll: boolean; textKeys: readonly string[] | undefined; forms: Record<string, FormFacts> | undefined; hits: TaintHit[] }>();

/**
 * Every sink in the module reached by request data, in source order. The result is cached per parsed tree
 * (and path), so calling it from each data-flow rule costs one analysis.
 */
export function analyzeTaint(root: SyntaxNode, imports: ImportTable, path: string, options: TaintOptions = {}): TaintHit[] {
  const key = root.tree as object;
  const catchAll = !!options.catchAllRoute;
  const cached = cache.get(key);
  const textKeys = options.textKeyModels;
  const forms = options.forms;
  if (cached && cached.path === path && cached.catchAll === catchAll && cached.textKeys === textKeys && cached.forms === forms) return cached.hits;
  const hits = new ModuleTaint(root, imports, path, catchAll, new Set(textKeys ?? []), forms ?? {}).run();
  cache.set(key, { path, catchAll, textKeys, forms, hits });
  return hits;
}

/** The hits of one sink kind. */
export function taintHits(root: SyntaxNode, imports: ImportTable, path: string, kind: SinkKind, options: TaintOptions = {}): TaintHit[] {
  return analyzeTaint(root, imports, path, options).filter((h) => h.kind === kind);
}
