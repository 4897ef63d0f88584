import type { Confidence, FileError, Finding, MarkedFinding, Severity, SuppressedFinding } from "../analysis/types.js";

export interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  endLine: number;
  column: number;
  severity: string;
  confidence: string;
  cwe: string[];
  message: string;
  fingerprint: string;
  /** Lines of other sinks the same request value reaches under this rule, merged into this finding. */
  alsoAt?: number[];
  inChange: boolean;
}

export interface JsonSuppressedFinding extends Omit<JsonFinding, "inChange"> {
  suppression: { line: number; reason: string; via?: string };
}

export interface JsonSummary {
  /** Findings listed in `findings`. */
  findings: number;
  bySeverity: Record<Severity, number>;
  byConfidence: Record<Confidence, number>;
  /** Listed findings that set the exit code to 1 (at or above fail-on and the confidence gate). */
  failing: number;
  filesAnalyzed: number;
  suppressed: number;
  /** Left out because the baseline lists them. */
  baselined: number;
  /** Fixed in place by --fix. */
  fixed: number;
  skipped: number;
}

export interface JsonReport {
  tool: { name: "django-sec"; version: string };
  summary: JsonSummary;
  findings: JsonFinding[];
  suppressed: JsonSuppressedFinding[];
  errors: { path: string; reason: string }[];
}

export interface JsonReportInput {
  toolVersion: string;
  findings: readonly MarkedFinding[];
  suppressed: readonly SuppressedFinding[];
  errors: readonly FileError[];
  filesAnalyzed: number;
  failing: number;
  baselined?: number;
  fixed?: number;
}

/** The machine-readable report: exactly the documented fields, nothing internal (no fixes, traces or message ids). */
export function toJsonReport(input: JsonReportInput): JsonReport {
  const bySeverity = { high: 0, medium: 0, low: 0 };
  const byConfidence = { high: 0, medium: 0, low: 0 };
  for (const f of input.findings) {
    bySeverity[f.severity]++;
    byConfidence[f.confidence]++;
  }
  return {
    tool: { name: "django-sec", version: input.toolVersion },
    summary: {
      findings: input.findings.length,
      bySeverity,
      byConfidence,
      failing: input.failing,
      filesAnalyzed: input.filesAnalyzed,
      suppressed: input.suppressed.length,
      baselined: input.baselined ?? 0,
      fixed: input.fixed ?? 0,
      skipped: input.errors.length,
    },
    findings: input.findings.map((f) => ({ ...fields(f), inChange: f.inChange })),
    suppressed: input.suppressed.map((s) => ({
      ...fields(s.finding),
      suppression: { line: s.suppression.line, reason: s.suppression.reason, ...(s.suppression.via ? { via: s.suppression.via } : {}) },
    })),
    errors: input.errors.map((e) => ({ path: e.path, reason: e.reason })),
  };
}

function fields(f: Finding): Omit<JsonFinding, "inChange"> {
  return {
    ruleId: f.ruleId,
    path: f.path,
    line: f.line,
    endLine: f.endLine,
    column: f.column,
    severity: f.severity,
    confidence: f.confidence,
    cwe: [...f.cwe],
    message: f.message,
    fingerprint: f.fingerprint,
    ...(f.alsoAt?.length ? { alsoAt: f.alsoAt.map((a) => a.line) } : {}),
  };
}

export function renderJson(input: JsonReportInput): string {
  return JSON.stringify(toJsonReport(input), null, 2) + "\n";
}
