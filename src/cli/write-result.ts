import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AnalysisResult } from "../core/analysis/analyze-project.js";
import type { FileError, Finding, Severity } from "../core/analysis/types.js";
import type { Config, FailOn } from "../core/config/config.js";
import { renderJson } from "../core/report/json.js";
import { renderSarif } from "../core/report/sarif.js";
import { renderText } from "../core/report/text.js";
import type { CliOptions, ReportFormat } from "./args.js";
import { FatalError, rulesOf, type CliIO } from "./cli-io.js";
import { toRelative } from "./collect-files.js";
import { toolVersion } from "./tool-version.js";

const INFORMATION_URI = "https://github.com/django-sec/django-sec";
const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/**
 * Renders the analysis in the chosen format with paths relative to the current directory, writes it,
 * and returns the exit code. In diff mode only findings in the change are listed (unless --all) and
 * only they can fail the run.
 */
export function writeResult(
  io: CliIO,
  options: CliOptions,
  format: ReportFormat,
  config: Config,
  root: string,
  result: AnalysisResult,
  readErrors: FileError[],
  diffMode: boolean,
): number {
  const display = (path: string) => toRelative(io.cwd, join(root, path));
  const relocate = <T extends { path: string }>(x: T): T => ({ ...x, path: display(x.path) });
  const all = result.findings.map(relocate);
  const inChange = all.filter((f) => f.inChange);
  const listed = diffMode && !options.all ? inChange : all;
  const errors = [...readErrors, ...result.errors].map(relocate);
  const suppressed = result.suppressed.map((s) => ({ finding: relocate(s.finding), suppression: s.suppression }));
  const rules = rulesOf(io);
  let text: string;
  if (format === "json") text = renderJson(listed, errors);
  else if (format === "sarif") {
    const ran = rules.filter((r) => config.rules[r.id] !== "off" && (config.taint || r.guideSection !== "data-flow"));
    // SARIF locations never climb out with `../`: files outside the current directory keep the paths
    // they have from the scanned root (the repository root for files of another repository).
    const sarifPath = (path: string) => (display(path).startsWith("../") ? path : display(path));
    const relocateSarif = <T extends { path: string }>(x: T): T => ({ ...x, path: sarifPath(x.path) });
    const sarifListed = (diffMode && !options.all ? result.findings.filter((f) => f.inChange) : result.findings).map(relocateSarif);
    const sarifSuppressed = result.suppressed.map((s) => ({ finding: relocateSarif(s.finding), suppression: s.suppression }));
    const sarifErrors = [...readErrors, ...result.errors].map(relocateSarif);
    text = renderSarif({ rules: ran, findings: sarifListed, suppressed: sarifSuppressed, errors: sarifErrors, toolVersion: toolVersion(), informationUri: INFORMATION_URI });
  } else {
    text = renderText({
      findings: listed,
      errors,
      rules: new Map(rules.map((r) => [r.id, r])),
      filesAnalyzed: result.analyzed.length,
      suppressedCount: result.suppressed.length,
      outsideChange: diffMode ? (options.all ? 0 : all.length - inChange.length) : undefined,
      syntaxErrors: result.analyzed.filter((a) => a.syntaxErrorLine).map((a) => ({ path: display(a.path), line: a.syntaxErrorLine! })),
      color: useColor(io, options),
    });
  }
  writeReport(io, options, text);
  return failing(inChange, config.failOn) ? 1 : 0;
}

function failing(findings: Finding[], failOn: FailOn): boolean {
  if (failOn === "never") return false;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]);
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

function useColor(io: CliIO, options: CliOptions): boolean {
  return options.color && options.output === undefined && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}
