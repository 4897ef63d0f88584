import type { Finding, MarkedFinding } from "../analysis/types.js";
import { rangeTouches, type ChangeSet } from "./types.js";

/**
 * Marks each finding as inside or outside the change; never drops any. Without a change set
 * (a full scan) every finding is in the change. A finding is in the change when its lines or any
 * step of its data-flow trace touch an added line; a file-level finding when its file has any.
 */
export function markChanged(findings: Finding[], changes: ChangeSet | undefined): MarkedFinding[] {
  return findings.map((f) => ({ ...f, inChange: changes ? touchesChange(f, changes) : true }));
}

function touchesChange(f: Finding, changes: ChangeSet): boolean {
  const change = changes.get(f.path);
  if (!change || change.status === "deleted") return false;
  if (f.fileLevel) return change.added.length > 0;
  if (rangeTouches(f.line, f.endLine, change.added)) return true;
  return (f.trace ?? []).some((step) => rangeTouches(step.line, step.line, change.added));
}
