import type { FileError, MarkedFinding } from "../analysis/types.js";

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
  inChange: boolean;
}

export interface JsonReport {
  findings: JsonFinding[];
  errors: { path: string; reason: string }[];
}

/** The machine-readable report: exactly the documented fields, nothing internal (no fixes, traces or message ids). */
export function toJsonReport(findings: readonly MarkedFinding[], errors: readonly FileError[]): JsonReport {
  return {
    findings: findings.map((f) => ({
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
      inChange: f.inChange,
    })),
    errors: errors.map((e) => ({ path: e.path, reason: e.reason })),
  };
}

export function renderJson(findings: readonly MarkedFinding[], errors: readonly FileError[]): string {
  return JSON.stringify(toJsonReport(findings, errors), null, 2) + "\n";
}
