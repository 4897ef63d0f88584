import type { AnalysisResult } from "../core/analysis/analyze-project.js";
import type { Finding, SourceFile } from "../core/analysis/types.js";

// The same order as analyze-project's result(). It answers 1 for equal keys, and V8's sort only
// asks whether a comparison is below 0, so ties keep their input order (a stable sort).
const order = (a: Finding, b: Finding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1));

/**
 * Merges the results of analysing `files` in parts into the result one pass over `files` would
 * give: every list in input file order, findings sorted as analyzeProject sorts them. Paths must be
 * unique; an entry for a path that is not in `files` is a programmer error and throws.
 */
export function mergeResults(files: SourceFile[], parts: AnalysisResult[]): AnalysisResult {
  const byPath = new Map<string, AnalysisResult>();
  for (const f of files) byPath.set(f.path, { findings: [], suppressed: [], suppressions: [], errors: [], analyzed: [], ignored: [] });
  const slot = (path: string): AnalysisResult => {
    const found = byPath.get(path);
    if (!found) throw new Error(`parallel analysis returned a result for ${JSON.stringify(path)}, which was not among the files analysed`);
    return found;
  };
  for (const part of parts) {
    for (const x of part.findings) slot(x.path).findings.push(x);
    for (const x of part.suppressed) slot(x.finding.path).suppressed.push(x);
    for (const x of part.suppressions) slot(x.path).suppressions.push(x);
    for (const x of part.errors) slot(x.path).errors.push(x);
    for (const x of part.analyzed) slot(x.path).analyzed.push(x);
    for (const x of part.ignored) slot(x).ignored.push(x);
  }
  const merged: AnalysisResult = { findings: [], suppressed: [], suppressions: [], errors: [], analyzed: [], ignored: [] };
  for (const perFile of byPath.values()) {
    for (const key of Object.keys(merged) as (keyof AnalysisResult)[]) (merged[key] as unknown[]).push(...perFile[key]);
  }
  merged.findings.sort(order);
  return merged;
}
