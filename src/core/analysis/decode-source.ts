import type { SkipReason } from "./types.js";

export type Decoded = { ok: true; text: string } | { ok: false; reason: SkipReason; detail: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Turns raw file bytes into text, or says why the file cannot be analysed (too large, binary, not UTF-8). */
export function decodeSource(bytes: Uint8Array, maxSize: number): Decoded {
  if (bytes.length > maxSize) return { ok: false, reason: "too-large", detail: `${bytes.length} bytes, limit ${maxSize}` };
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return { ok: false, reason: "binary", detail: "contains NUL bytes" };
  try {
    const text = decoder.decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, reason: "not-utf8", detail: "not valid UTF-8" };
  }
}
