import type { Finding, MarkedFinding } from "../analysis/types.js";
import { rangeTouches, type ChangeSet } from "./types.js";

/** Per changed module whose base version was analysed: the keys of that version's file-level findings. */
export type FileLevelBaseline = Map<string, Set<string>>;

/** What makes two file-level findings the same across versions of a module: rule, message and its data. */
export function fileLevelKey(f: Pick<Finding, "ruleId" | "messageId" | "message">): string {
  return `${f.ruleId}\u0000${f.messageId}\u0000${f.message}`;
}

/**
 * Marks each finding as inside or outside the change; never drops any. Without a change set
 * (a full scan) every finding is in the change. A finding is in the change when its lines or any
 * step of its data-flow trace touch an added line. A file-level finding is when its file has added
 * lines and, if the base version of the file was analysed (`baseline`), the finding is new against it
 * or the change touches the statement it is reported at.
 */
export function markChanged(findings: Finding[], changes: ChangeSet | undefined, baseline?: FileLevelBaseline): MarkedFinding[] {
  return findings.map((f) => ({ ...f, inChange: changes ? touchesChange(f, changes, baseline) : true }));
}

function touchesChange(f: Finding, changes: ChangeSet, baseline: FileLevelBaseline | undefined): boolean {
  const change = changes.get(f.path);
  if (!change || change.status === "deleted") return false;
  if (f.fileLevel) {
    if (change.added.length === 0) return false;
    const before = baseline?.get(f.path);
    if (!before || !before.has(fileLevelKey(f))) return true;
    // Reported at 1:1 with no statement of its own (a setting missing from the module): only being new counts.
    const located = !(f.line === 1 && f.endLine === 1 && f.column === 1);
    return located && rangeTouches(f.line, f.endLine, change.added);
  }
  if (rangeTouches(f.line, f.endLine, change.added)) return true;
  return (f.trace ?? []).some((step) => rangeTouches(step.line, step.line, change.added));
}
