import type { SourceFile } from "../core/analysis/types.js";
import { fetchText, type RepoRef } from "./pull-files.js";
import type { GitHubClient } from "./octokit.js";

const STAR_IMPORT = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+\*/gm;
// Each star import can cost a few requests (candidate paths), so the walk is bounded.
const MAX_FETCHES = 30;

/** Repository paths a `from <module> import *` in `fromPath` may refer to, most likely first. */
export function moduleCandidates(fromPath: string, module: string): string[] {
  const dir = fromPath.split("/").slice(0, -1);
  if (module.startsWith(".")) {
    const dots = module.match(/^\.+/)![0].length;
    if (dots - 1 > dir.length) return [];
    const stem = [...dir.slice(0, dir.length - (dots - 1)), ...module.slice(dots).split(".").filter(Boolean)].join("/");
    return stem ? [`${stem}.py`, `${stem}/__init__.py`] : [];
  }
  // An absolute module is found from the repository root or any directory above the importing file.
  const stem = module.split(".").join("/");
  const out: string[] = [];
  for (let i = dir.length; i >= 0; i--) {
    const prefix = dir.slice(0, i).join("/");
    const base = prefix ? `${prefix}/${stem}` : stem;
    out.push(`${base}.py`, `${base}/__init__.py`);
  }
  return out;
}

/**
 * Settings modules star-imported (directly or in turn) by the changed settings files, read at the head
 * commit, so "missing setting" rules see what `production.py` inherits from `base.py`.
 */
export async function fetchSettingsContext(
  octokit: GitHubClient,
  ref: RepoRef,
  commit: string,
  settingsFiles: SourceFile[],
  known: ReadonlySet<string>,
  maxSize: number,
): Promise<SourceFile[]> {
  const seen = new Set(known);
  const context: SourceFile[] = [];
  const queue = [...settingsFiles];
  let fetches = 0;
  while (queue.length) {
    const file = queue.shift()!;
    for (const m of file.text.matchAll(STAR_IMPORT)) {
      const candidates = moduleCandidates(file.path, m[1]);
      if (candidates.some((c) => seen.has(c))) continue;
      for (const path of candidates) {
        if (fetches >= MAX_FETCHES) return context;
        fetches++;
        const read = await fetchText(octokit, ref, path, commit, maxSize);
        if (read.ok) {
          seen.add(path);
          const source = { path, text: read.text };
          context.push(source);
          queue.push(source);
          break;
        }
        if (read.reason !== "not-found") break;
      }
    }
  }
  return context;
}
