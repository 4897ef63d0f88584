import { createHash } from "node:crypto";

/** Collapses whitespace so re-indenting or reflowing a line keeps its fingerprint. */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, " ").trim();
}

export function hashFingerprint(parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 20);
}
