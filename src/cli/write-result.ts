import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AnalysisResult } from "../core/analysis/analyze-project.js";
import type { FileError, MarkedFinding, SourceFile } from "../core/analysis/types.js";
import type { Config } from "../core/config/config.js";
import { renderGithubAnnotations } from "../core/report/github-annotations.js";
import { renderJson } from "../core/report/json.js";
import { confidenceAtLeast, failsOn, severityReaches } from "../core/report/policy.js";
import { renderSarif } from "../core/report/sarif.js";
import { renderText } from "../core/report/text.js";
import type { CliOptions, ReportFormat } from "./args.js";
import { FatalError, rulesOf, type CliIO } from "./cli-io.js";
import { toRelative } from "./collect-files.js";
import { applyFixes } from "./apply-fixes.js";
import { readBaseline, writeBaseline } from "./baseline.js";
import { toolVersion } from "./tool-version.js";

const INFORMATION_URI = "https://github.com/django-sec/django-sec";

export interface ResultContext {
  format: ReportFormat;
  config: Config;
  /** Absolute directory analysis paths are relative to. */
  root: string;
  result: AnalysisResult;
  readErrors: FileError[];
  diffMode: boolean;
  /** The files analysed, as read (for snippets, SARIF line hashes and --fix). */
  files: readonly SourceFile[];
  /** Absolute directory SARIF paths are relative to (the repository root when there is one). */
  sarifRoot?: string;
}

/**
 * Renders the analysis in the chosen format with paths relative to the current directory, writes it,
 * and returns the exit code. In diff mode only findings in the change are listed (unless --all) and
 * only they can fail the run. The baseline, --min-confidence and --fix apply before anything is listed;
 * the exit code counts listed findings in the change at or above --fail-on severity and at or above the
 * gate confidence (--min-confidence, else the config's comment-confidence).
 */
export function writeResult(io: CliIO, options: CliOptions, ctx: ResultContext): number {
  const { config, root, result, diffMode, format } = ctx;
  const display = (path: string) => toRelative(io.cwd, join(root, path));
  const relocate = <T extends { path: string }>(x: T): T => ({ ...x, path: display(x.path) });

  if (options.writeBaseline !== undefined) {
    const count = writeBaseline(resolve(io.cwd, options.writeBaseline), result.findings, toolVersion());
    io.stderr.write(`django-sec: wrote ${count} finding${count === 1 ? "" : "s"} to the baseline ${options.writeBaseline}\n`);
    return 0;
  }

  let found = result.findings;
  let baselined = 0;
  if (options.baseline !== undefined) {
    const known = readBaseline(resolve(io.cwd, options.baseline), options.baseline);
    const kept = found.filter((f) => !known.has(f.fingerprint));
    baselined = found.length - kept.length;
    found = kept;
  }
  const minListed = options.minConfidence ?? "low";
  const gate = options.minConfidence ?? config.commentConfidence;
  found = found.filter((f) => confidenceAtLeast(f.confidence, minListed));

  let fixed = 0;
  if (options.fix) {
    const candidates = found.filter((f) => f.fix && (!diffMode || f.inChange));
    const applied = applyFixes(root, ctx.files, candidates);
    for (const note of applied.notes) io.stderr.write(`django-sec: ${note}\n`);
    fixed = applied.fixed.size;
    found = found.filter((f) => !applied.fixed.has(f.fingerprint));
  }

  const all = found.map(relocate);
  const inChange = all.filter((f) => f.inChange);
  const listed = diffMode && !options.all ? inChange : all;
  const errors = [...ctx.readErrors, ...result.errors].map(relocate);
  const suppressed = result.suppressed.map((s) => ({ finding: relocate(s.finding), suppression: s.suppression }));
  const rules = rulesOf(io);
  const rulesById = new Map(rules.map((r) => [r.id, r]));
  const texts = new Map(ctx.files.map((f) => [f.path, f.text]));
  const linesCache = new Map<string, string[] | undefined>();
  const sourceBy = (toAnalysisPath: (p: string) => string) => (path: string) => {
    const key = toAnalysisPath(path);
    if (!linesCache.has(key)) linesCache.set(key, texts.get(key)?.replace(/\r\n?/g, "\n").split("\n"));
    return linesCache.get(key);
  };
  const byDisplay = new Map(ctx.files.map((f) => [display(f.path), f.path]));
  const failing = inChange.filter((f) => severityReaches(f.severity, config.failOn) && confidenceAtLeast(f.confidence, gate)).length;

  let text: string;
  if (format === "json") {
    text = renderJson({ toolVersion: toolVersion(), findings: listed, suppressed, errors, filesAnalyzed: result.analyzed.length, failing, baselined, fixed });
  } else if (format === "sarif") {
    // Code scanning wants paths relative to the repository root, whatever the current directory.
    const sarifRoot = ctx.sarifRoot ?? io.cwd;
    // Never `../`: a file outside that root (another repository, no repository) keeps its path from the scanned root.
    const toSarifPath = (path: string) => {
      const relative = toRelative(sarifRoot, join(root, path));
      return relative.startsWith("../") ? path : relative;
    };
    const relocateSarif = <T extends { path: string }>(x: T): T => ({ ...x, path: toSarifPath(x.path) });
    const sarifListed = (diffMode && !options.all ? found.filter((f) => f.inChange) : found).map(relocateSarif);
    const fromSarif = new Map(ctx.files.map((f) => [toSarifPath(f.path), f.path]));
    const ran = rules.filter((r) => config.rules[r.id] !== "off" && (config.taint || r.guideSection !== "data-flow"));
    text = renderSarif({
      rules: ran,
      findings: sarifListed,
      suppressed: result.suppressed.map((s) => ({ finding: relocateSarif(s.finding), suppression: s.suppression })),
      errors: [...ctx.readErrors, ...result.errors].map(relocateSarif),
      toolVersion: toolVersion(),
      informationUri: INFORMATION_URI,
      source: sourceBy((p) => fromSarif.get(p) ?? p),
    });
    if (sarifListed.length + suppressed.length > 25_000) {
      io.stderr.write("django-sec: note: more than 25,000 results; the SARIF keeps the 25,000 most severe (GitHub code scanning's limit per run)\n");
    }
  } else if (format === "github") {
    text = renderGithubAnnotations({ findings: listed, errors, rules: rulesById, gateConfidence: gate });
  } else {
    text = renderText({
      findings: listed,
      errors,
      rules: rulesById,
      filesAnalyzed: result.analyzed.length,
      suppressedCount: result.suppressed.length,
      outsideChange: diffMode ? (options.all ? 0 : all.length - inChange.length) : undefined,
      syntaxErrors: result.analyzed.filter((a) => a.syntaxErrorLine).map((a) => ({ path: display(a.path), line: a.syntaxErrorLine! })),
      color: useColor(io, options),
      source: sourceBy((p) => byDisplay.get(p) ?? p),
      gateConfidence: gate,
      baselined,
      fixed,
    });
  }
  writeReport(io, options, text);
  return failsOn(inChange as MarkedFinding[], config.failOn, gate) ? 1 : 0;
}

export function writeReport(io: CliIO, options: CliOptions, text: string): void {
  if (options.output === undefined) {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd, options.output);
  try {
    writeFileSync(target, text);
  } catch (error) {
    throw new FatalError(`cannot write the report to ${options.output}: ${(error as { code?: string }).code ?? "write failed"}`);
  }
}

/** --color always/never win; then FORCE_COLOR (set and not 0/false) turns colour on, NO_COLOR off; else a terminal gets colour. */
export function useColor(io: CliIO, options: Pick<CliOptions, "color" | "output">): boolean {
  if (options.color === "always") return true;
  if (options.color === "never") return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (io.env.NO_COLOR) return false;
  return options.output === undefined && Boolean(io.stdout.isTTY);
}

