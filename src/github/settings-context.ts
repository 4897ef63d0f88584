import type { SourceFile } from "../core/analysis/types.js";
import { fetchText, type RepoRef } from "./pull-files.js";
import type { GitHubClient } from "./octokit.js";
import { DEPLOYMENT_FILE } from "../core/analysis/deployed-settings.js";
import { WEB_SERVER_CONFIG } from "../core/analysis/web-server.js";

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

/** An entry of a git tree listing, the fields we use. */
export interface TreeEntry {
  path?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** The whole tree of the repository at `commit` in one request, or undefined when GitHub does not answer it. */
export async function listTree(octokit: GitHubClient, ref: RepoRef, commit: string): Promise<TreeEntry[] | undefined> {
  try {
    return (await octokit.rest.git.getTree({ ...ref, tree_sha: commit, recursive: "true" })).data.tree;
  } catch {
    return undefined;
  }
}

/** Text in a changed file that makes the project's settings worth reading: a Django editing view. */
export const NEEDS_PROJECT_SETTINGS = /\b(?:Base)?(?:Create|Update|Delete|Form)View\b/;
// A repository has a handful of settings modules; more means the globs match something else.
const MAX_PROJECT_SETTINGS = 20;
const MAX_DEPLOYMENT_FILES = 20;

/**
 * Every settings module of the repository at the commit that is not already known, for the facts a
 * project's settings establish for all its views (a login-required middleware), and the files that name
 * the deployed settings module (`wsgi.py`, `manage.py`, Procfile, Dockerfile, `.env`...). One request lists the
 * tree; the modules are then read like any file, through the blob cache when it holds them.
 * Failures leave the facts unknown, which only means rules do not relax: never an error.
 */
export async function fetchProjectSettings(
  octokit: GitHubClient,
  ref: RepoRef,
  commit: string,
  isSettings: (path: string) => boolean,
  known: ReadonlySet<string>,
  read: (path: string, sha: string) => Promise<string | undefined>,
  listing?: Promise<TreeEntry[] | undefined>,
): Promise<SourceFile[]> {
  const tree = await (listing ?? listTree(octokit, ref, commit));
  if (!tree) return [];
  const blobs = tree.filter((e) => e.type === "blob" && e.path && e.sha && !known.has(e.path));
  // With them, the files that name the deployed settings module (wsgi.py, Procfile, Dockerfile...).
  // Web server configurations last, so they never crowd out the files that name the settings module; packaging
  // scripts (`setup.py`, read for the package the repository publishes) below the root after them.
  const candidates = blobs.filter((e) => DEPLOYMENT_FILE.test(e.path!) && !isSettings(e.path!));
  const rank = (path: string) => (/\/setup\.py$/.test(path) ? 2 : WEB_SERVER_CONFIG.test(path) ? 1 : 0);
  const deployment = [0, 1, 2].flatMap((r) => candidates.filter((e) => rank(e.path!) === r)).slice(0, MAX_DEPLOYMENT_FILES);
  const wanted = [...blobs.filter((e) => isSettings(e.path!)).slice(0, MAX_PROJECT_SETTINGS), ...deployment];
  const out: SourceFile[] = [];
  for (const e of wanted) {
    const text = await read(e.path!, e.sha!);
    if (text !== undefined) out.push({ path: e.path!, text });
  }
  return out;
}
