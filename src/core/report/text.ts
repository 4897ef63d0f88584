import type { Rule } from "../analysis/define-rule.js";
import type { FileError, MarkedFinding, Severity } from "../analysis/types.js";

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
}

const SEVERITY_COLOR: Record<Severity, string> = { high: "31;1", medium: "33", low: "36" };

/** Renders findings for people in a terminal: `path:line:col  severity  rule-id  message`, a fix hint, a summary. */
export function renderText(input: TextReportInput): string {
  const paint = (code: string, s: string) => (input.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const f of input.findings) {
    const where = paint("1", `${oneLine(f.path)}:${f.line}:${f.column}`);
    out.push(`${where}  ${paint(SEVERITY_COLOR[f.severity], f.severity)}  ${paint("2", f.ruleId)}  ${oneLine(f.message)}`);
    const rule = input.rules.get(f.ruleId);
    if (rule) out.push(`    ${paint("2", "fix:")} ${firstSentence(oneLine(rule.docs.fix))}  ${paint("2", `(django-sec explain ${f.ruleId})`)}`);
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
  if (input.suppressedCount) extra.push(`${input.suppressedCount} suppressed`);
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
