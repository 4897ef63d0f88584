import type { MarkedFinding } from "../core/analysis/types.js";
import type { Placement } from "../core/report/check-summary.js";
import { type ChangeSet, type LineRange } from "../core/diff/types.js";

/** Where an inline comment goes: `line` (and `start_line` for a range) on the new side of the diff. */
export interface Anchor {
  line: number;
  startLine?: number;
}

/**
 * The lines a review comment for the finding can target. GitHub rejects a whole batched review if one
 * comment is off the diff, so this checks against the hunk extents of GitHub's own patch: a range must
 * sit inside one hunk; otherwise the first line of the finding that is inside a hunk takes it alone.
 */
export function anchorFor(finding: MarkedFinding, hunks: readonly LineRange[]): Anchor | undefined {
  const start = finding.line;
  const end = Math.max(finding.line, finding.endLine);
  const whole = hunks.find((h) => h.start <= start && end <= h.end);
  if (whole) return end > start ? { line: end, startLine: start } : { line: start };
  for (let line = start; line <= end; line++) {
    if (hunks.some((h) => h.start <= line && line <= h.end)) return { line };
  }
  return undefined;
}

/** True when a comment at `anchor` covers exactly the lines the finding's fix replaces. */
export function suggestionFits(finding: MarkedFinding, anchor: Anchor): boolean {
  if (!finding.fix) return false;
  return finding.fix.line === (anchor.startLine ?? anchor.line) && finding.fix.endLine === anchor.line;
}

export interface PlannedComment {
  finding: MarkedFinding;
  anchor: Anchor;
}

export interface CommentPlan {
  placed: { finding: MarkedFinding; placement: Placement }[];
  comments: PlannedComment[];
}

const RANK = { high: 3, medium: 2, low: 1 } as const;

/**
 * Decides, for every in-change finding, whether it becomes an inline comment in this review. Findings
 * already commented on by an earlier run are not posted again. Large reviews can trip GitHub's
 * secondary rate limits, so the app keeps at most `maxInline` open inline comments on a pull request
 * (most severe first); the rest are listed in the check run.
 */
export function planComments(
  inChange: readonly MarkedFinding[],
  changes: ChangeSet,
  existingKeys: ReadonlySet<string>,
  keyOf: (f: MarkedFinding) => string | readonly string[],
  maxInline: number,
): CommentPlan {
  const placed: CommentPlan["placed"] = [];
  const candidates: PlannedComment[] = [];
  const seen = new Set<string>();
  for (const finding of inChange) {
    // A finding that stands for several sinks (merged flows) has a key per sink: a comment on any is its comment.
    const key = keyOf(finding);
    const keys = typeof key === "string" ? [key] : key;
    const change = changes.get(finding.path);
    if (keys.some((k) => existingKeys.has(k) || seen.has(k))) {
      placed.push({ finding, placement: "already-commented" });
      continue;
    }
    for (const k of keys) seen.add(k);
    if (finding.fileLevel) placed.push({ finding, placement: "file-level" });
    else if (!change || change.hunks.length === 0) placed.push({ finding, placement: "no-patch" });
    else {
      const anchor = anchorFor(finding, change.hunks);
      if (anchor) candidates.push({ finding, anchor });
      else placed.push({ finding, placement: "outside-diff" });
    }
  }
  const ordered = [...candidates].sort((a, b) => RANK[b.finding.severity] - RANK[a.finding.severity]);
  // The cap is on the app's open comments in the pull request, not per review: otherwise every re-run
  // with no code change would post the next batch of the overflow it had listed in the check run.
  const open = placed.filter((p) => p.placement === "already-commented").length;
  const comments = ordered.slice(0, Math.max(0, maxInline - open));
  const chosen = new Set(comments);
  for (const c of candidates) placed.push({ finding: c.finding, placement: chosen.has(c) ? "inline" : "over-cap" });
  // Keep the review's comments in file order, as people read them.
  comments.sort((a, b) => (a.finding.path < b.finding.path ? -1 : a.finding.path > b.finding.path ? 1 : a.anchor.line - b.anchor.line));
  return { placed, comments };
}
