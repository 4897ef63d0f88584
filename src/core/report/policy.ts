import type { Confidence, Finding, Severity } from "../analysis/types.js";
import type { FailOn } from "../config/config.js";

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };
const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
export const CONFIDENCES: readonly Confidence[] = ["high", "medium", "low"];

/** True when `confidence` is `min` or higher. */
export function confidenceAtLeast(confidence: Confidence, min: Confidence): boolean {
  return CONFIDENCE_RANK[confidence] >= CONFIDENCE_RANK[min];
}

/** True when `severity` reaches the `fail-on` threshold. */
export function severityReaches(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "never" && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

/**
 * The comment policy: findings at or above `min` confidence are the ones the app comments on inline
 * and the only ones that can fail a check; the rest are "worth a look", listed but never gating.
 */
export function splitByConfidence<T extends Finding>(findings: readonly T[], min: Confidence): { confident: T[]; worthALook: T[] } {
  const confident: T[] = [];
  const worthALook: T[] = [];
  for (const f of findings) (confidenceAtLeast(f.confidence, min) ? confident : worthALook).push(f);
  return { confident, worthALook };
}

/** True when any of the findings is at or above `failOn` severity and `minConfidence` confidence. */
export function failsOn(findings: readonly Finding[], failOn: FailOn, minConfidence: Confidence = "low"): boolean {
  return findings.some((f) => severityReaches(f.severity, failOn) && confidenceAtLeast(f.confidence, minConfidence));
}
