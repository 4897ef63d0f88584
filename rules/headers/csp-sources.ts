import type { ImportTable } from "../../src/core/analysis/imports.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

// Django 6.0 `django.utils.csp.CSP` members and django-csp 4 `csp.constants` names.
const CONSTANTS: Record<string, string> = {
  SELF: "'self'",
  NONE: "'none'",
  UNSAFE_INLINE: "'unsafe-inline'",
  UNSAFE_EVAL: "'unsafe-eval'",
  UNSAFE_HASHES: "'unsafe-hashes'",
  STRICT_DYNAMIC: "'strict-dynamic'",
  WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
  REPORT_SAMPLE: "'report-sample'",
  NONCE: "'nonce-…'",
};

/** A source expression of a CSP directive, with the node that wrote it. */
export interface CspSource {
  value: string;
  node: SyntaxNode;
}

/** The sources a directive value lists: a list/tuple of strings or constants, or one space-separated string. */
export function directiveSources(node: SyntaxNode, imports: ImportTable): CspSource[] | undefined {
  if (node.type === "list" || node.type === "tuple" || node.type === "set") {
    const out: CspSource[] = [];
    for (const item of node.namedChildren) {
      if (item.type === "comment") continue;
      for (const value of sourceValues(item, imports)) out.push({ value, node: item });
    }
    return out;
  }
  const values = sourceValues(node, imports);
  return values.length ? values.map((value) => ({ value, node })) : undefined;
}

function sourceValues(node: SyntaxNode, imports: ImportTable): string[] {
  const s = stringValue(node);
  if (s !== undefined) return s.split(/\s+/).filter(Boolean);
  const q = imports.qualifyNode(node);
  const m = q && /^(?:django\.utils\.csp\.CSP|csp\.constants)\.([A-Z_]+)$/.exec(q);
  return m && CONSTANTS[m[1]] ? [CONSTANTS[m[1]]] : [];
}

/** Parses a `Content-Security-Policy` header value into directive name -> sources. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}

export type Unsafe = "'unsafe-inline'" | "'unsafe-eval'" | "*";

/**
 * The unsafe sources of one script directive. `'unsafe-inline'` is ignored by browsers when a nonce,
 * hash or `'strict-dynamic'` is present (it is the usual fallback for old browsers), so it is not unsafe then.
 */
export function unsafeSources<T extends { value: string }>(sources: T[], nonceElsewhere = false): (T & { unsafe: Unsafe })[] {
  const lowered = sources.map((s) => s.value.toLowerCase());
  const overridden = nonceElsewhere || lowered.some((v) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic')/.test(v));
  const out: (T & { unsafe: Unsafe })[] = [];
  sources.forEach((s, i) => {
    const v = lowered[i];
    if (v === "'unsafe-eval'" || v === "*" || (v === "'unsafe-inline'" && !overridden)) out.push({ ...s, unsafe: v as Unsafe });
  });
  return out;
}

/** Script directives in order of precedence: the first one present governs scripts. */
export const SCRIPT_DIRECTIVES = ["script-src", "script-src-elem", "default-src"];
