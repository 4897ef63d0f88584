import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, Fix, SourceFile } from "../core/analysis/types.js";

export interface AppliedFixes {
  /** Fingerprints of the findings whose fix is now in the file. */
  fixed: Set<string>;
  /** Why some fixes were not applied, for stderr. */
  notes: string[];
}

/**
 * Applies the certain fixes of `findings` (the ones the app offers as suggestions) to the files under
 * `root`. A file that changed on disk since it was analysed is left alone. Fixes are applied bottom-up;
 * one that overlaps a fix already applied in the same run waits for the next run. Line endings are kept.
 */
export function applyFixes(root: string, files: readonly SourceFile[], findings: readonly Finding[]): AppliedFixes {
  const out: AppliedFixes = { fixed: new Set(), notes: [] };
  const analysed = new Map(files.map((f) => [f.path, f.text]));
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) if (f.fix) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const [path, list] of byPath) {
    const abs = join(root, path);
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch {
      out.notes.push(`${path}: could not be read again, so it was not fixed`);
      continue;
    }
    if (analysed.get(path) !== text) {
      out.notes.push(`${path}: changed since it was analysed, so it was not fixed`);
      continue;
    }
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    const sorted = [...list].sort((a, b) => b.fix!.line - a.fix!.line || b.fix!.endLine - a.fix!.endLine);
    let floor = Infinity;
    const done: Fix[] = [];
    for (const f of sorted) {
      const fix = f.fix!;
      if (done.some((d) => d.line === fix.line && d.endLine === fix.endLine && d.replacement === fix.replacement)) {
        out.fixed.add(f.fingerprint);
        continue;
      }
      if (fix.endLine >= floor || fix.line < 1 || fix.endLine > lines.length || fix.endLine < fix.line) continue;
      const replacement = fix.replacement === "" ? [] : fix.replacement.replace(/\n$/, "").split("\n");
      lines.splice(fix.line - 1, fix.endLine - fix.line + 1, ...replacement);
      floor = fix.line;
      done.push(fix);
      out.fixed.add(f.fingerprint);
    }
    if (done.length) {
      try {
        writeFileSync(abs, lines.join(eol));
      } catch {
        out.notes.push(`${path}: could not be written, so it was not fixed`);
        for (const f of list) out.fixed.delete(f.fingerprint);
      }
    }
  }
  return out;
}
