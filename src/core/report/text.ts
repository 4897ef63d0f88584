import type { Rule } from "../analysis/define-rule.js";
import type { Confidence, FileError, MarkedFinding, Severity } from "../analysis/types.js";
import { confidenceAtLeast } from "./policy.js";

export interface TextReportInput {
  /** Findings to list, already filtered by the caller (e.g. only those in the change). */
  findings: MarkedFinding[];
  errors: FileError[];
  /** Rules by id, for the fix hint under each finding. */
  rules: ReadonlyMap<string, Rule>;
  filesAnalyzed: number;
  suppressedCount: number;
  /** Diff mode: findings outside the change that were left out of the listing. */
  outsideChange?: number;
  /** Files with a syntax error that were still analysed, with the first bad line. */
  syntaxErrors?: { path: string; line: number }[];
  color: boolean;
  /** The lines of a listed file (by the path findings carry), for the source snippet under each finding. */
  source?: (path: string) => readonly string[] | undefined;
  /** Findings below this confidence are listed but do not count for the exit code (said in the summary). */
  gateConfidence?: Confidence;
  /** Findings left out because the baseline file lists them. */
  baselined?: number;
  /** Findings fixed in place by --fix (not listed). */
  fixed?: number;
}

const SEVERITY_COLOR: Record<Severity, string> = { high: "31;1", medium: "33", low: "36" };

const SNIPPET_LINES = 3;
const MAX_SNIPPET_WIDTH = 160;

/**
 * Renders findings for people in a terminal: `path:line:col  severity  confidence  rule-id  message`,
 * the source lines under it with a caret (when the source is given), then one "how to fix" paragraph
 * per rule that was found, then a summary.
 */
export function renderText(input: TextReportInput): string {
  const paint = (code: string, s: string) => (input.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const seenRules: string[] = [];
  for (const f of input.findings) {
    const where = paint("1", `${oneLine(f.path)}:${f.line}:${f.column}`);
    out.push(`${where}  ${paint(SEVERITY_COLOR[f.severity], f.severity)}  ${paint("2", `${f.confidence}-confidence`)}  ${paint("2", f.ruleId)}  ${oneLine(f.message)}`);
    const lines = input.source?.(f.path);
    const shown = lines && !f.fileLevel ? snippet(lines, f, paint) : [];
    if (shown.length) out.push(...shown, "");
    if (!seenRules.includes(f.ruleId)) seenRules.push(f.ruleId);
  }
  const fixes = seenRules.flatMap((id) => {
    const rule = input.rules.get(id);
    return rule ? [`  ${paint("1", id)}: ${oneLine(rule.docs.fix)} ${paint("2", `(django-sec explain ${id})`)}`] : [];
  });
  if (fixes.length) {
    if (out.length && out.at(-1) !== "") out.push("");
    out.push(paint("1", "How to fix:"), ...fixes);
  }
  if (input.errors.length) {
    if (out.length) out.push("");
    out.push(`Skipped ${plural(input.errors.length, "file")}:`);
    for (const e of input.errors) out.push(`  ${oneLine(e.path)}: ${e.reason}${e.detail ? ` (${oneLine(e.detail)})` : ""}`);
  }
  for (const s of input.syntaxErrors ?? []) out.push(`note: ${oneLine(s.path)}:${s.line}: syntax error; the rest of the file was still checked`);
  if (out.length) out.push("");
  out.push(summary(input, paint));
  return out.join("\n") + "\n";
}

/** ruff-style source lines under a finding: a gutter with line numbers and a caret under the first line. */
function snippet(lines: readonly string[], f: MarkedFinding, paint: (code: string, s: string) => string): string[] {
  const last = Math.min(Math.max(f.line, f.endLine), f.line + SNIPPET_LINES - 1, lines.length);
  if (f.line < 1 || f.line > lines.length) return [];
  const width = String(last).length;
  const gutter = (n: string) => paint("34", `${n.padStart(width)} |`);
  const out = [gutter("")];
  for (let n = f.line; n <= last; n++) {
    const text = clipWidth(lines[n - 1].replace(/\t/g, "    ").replace(/[\u0000-\u001f\u007f]/g, " "));
    out.push(`${gutter(String(n))} ${text}`);
    if (n === f.line) {
      const start = Math.min(Math.max(0, f.column - 1), text.length);
      const end = Math.max(start + 1, text.trimEnd().length);
      out.push(`${gutter("")} ${" ".repeat(start)}${paint(SEVERITY_COLOR[f.severity], "^".repeat(end - start))}`);
    }
  }
  return out;
}

function clipWidth(text: string): string {
  return text.length <= MAX_SNIPPET_WIDTH ? text : `${text.slice(0, MAX_SNIPPET_WIDTH - 1)}…`;
}

function summary(input: TextReportInput, paint: (code: string, s: string) => string): string {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const f of input.findings) counts[f.severity]++;
  const n = input.findings.length;
  const where = input.outsideChange === undefined ? "" : " in the change";
  let head: string;
  if (n === 0) head = paint("32", `No findings${where}`);
  else {
    const bySeverity = (["high", "medium", "low"] as const).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
    head = paint("1", `${plural(n, "finding")}${where}`) + ` (${bySeverity.join(", ")})`;
  }
  const extra = [`${plural(input.filesAnalyzed, "file")} checked`];
  if (input.outsideChange) extra.push(`${input.outsideChange} pre-existing ${input.outsideChange === 1 ? "finding" : "findings"} outside the change left out (--all shows them)`);
  if (input.gateConfidence && input.gateConfidence !== "low") {
    const below = input.findings.filter((f) => !confidenceAtLeast(f.confidence, input.gateConfidence!)).length;
    if (below) extra.push(`${below} below ${input.gateConfidence} confidence (worth a look; not counted for the exit code)`);
  }
  if (input.suppressedCount) extra.push(`${input.suppressedCount} suppressed`);
  if (input.baselined) extra.push(`${input.baselined} in the baseline`);
  if (input.fixed) extra.push(`${plural(input.fixed, "finding")} fixed`);
  if (input.errors.length) extra.push(`${plural(input.errors.length, "file")} skipped`);
  return `${head}; ${extra.join(", ")}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|cf)\.$/i;

/** The text up to the first full stop followed by a space, ignoring full stops inside `code`. */
export function firstSentence(text: string): string {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "`") inCode = !inCode;
    else if (!inCode && text[i] === "." && text[i + 1] === " " && !ABBREVIATION.test(text.slice(0, i + 1))) return text.slice(0, i + 1);
  }
  return text;
}

// Terminal output stays one finding per line even when a message or path contains control characters.
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}
