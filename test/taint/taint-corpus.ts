import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import { scoreMarkers, type RuleScore } from "../../src/core/analysis/taint/score-markers.js";
import type { SourceFile } from "../../src/core/analysis/types.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import dataFlow from "../../rules/data-flow/index.js";

export const corpusDir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "taint-corpus");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".py") ? [p] : [];
  });
}

/** The corpus files, with paths relative to the corpus (so `shop/views.py` is a views module). */
export function corpusFiles(): SourceFile[] {
  return walk(corpusDir).sort().map((p) => ({ path: relative(corpusDir, p).split("\\").join("/"), text: readFileSync(p, "utf8") }));
}

/** Runs the data-flow rules over the corpus and scores them against its markers. */
export function scoreCorpus(): RuleScore[] {
  const files = corpusFiles();
  const result = analyzeSources({ files, contextFiles: [], config: { ...DEFAULT_CONFIG, exclude: [] }, rules: dataFlow });
  return scoreMarkers(files, result.findings, dataFlow.map((r) => r.id));
}
