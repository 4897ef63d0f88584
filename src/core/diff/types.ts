/** An inclusive range of 1-based line numbers on the new side of a diff. */
export interface LineRange {
  start: number;
  end: number;
}

export type FileStatus = "added" | "modified" | "deleted" | "renamed";

export interface FileChange {
  /** New path (for deletions, the old path). */
  path: string;
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  /** Lines added or modified on the new side, merged and sorted. */
  added: LineRange[];
  /** New-side extent of each hunk: lines a review comment may target (added and context lines). */
  hunks: LineRange[];
}

/** Changes per new-side path. */
export type ChangeSet = Map<string, FileChange>;

export function lineInRanges(line: number, ranges: readonly LineRange[]): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (line < r.start) hi = mid - 1;
    else if (line > r.end) lo = mid + 1;
    else return true;
  }
  return false;
}

export function rangeTouches(start: number, end: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => r.start <= end && r.end >= start);
}
