import { execFile } from "node:child_process";

/** A git failure the user can act on (not a repository, unknown ref, git missing). */
export class GitError extends Error {
  override name = "GitError";
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 512 * 1024 * 1024;

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.quotePath=false", ...args],
      { cwd, maxBuffer: MAX_OUTPUT, encoding: "utf8", env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" } },
      (error, stdout, stderr) => {
        if (error && typeof (error as { code?: unknown }).code === "string") {
          const code = (error as { code: string }).code;
          reject(new GitError(code === "ENOENT" ? "git is not installed or not on PATH" : `could not run git (${code})`));
          return;
        }
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** The top directory of the repository containing `cwd`. */
export async function gitToplevel(cwd: string): Promise<string> {
  const r = await git(cwd, ["rev-parse", "--show-toplevel"]);
  if (r.code !== 0) throw new GitError(`${cwd} is not inside a git repository; run "django-sec scan" instead, or run diff inside a repository`);
  return r.stdout.trim();
}

const DEFAULT_BASES = ["origin/HEAD", "origin/main", "origin/master", "main", "master"];

async function refExists(top: string, ref: string): Promise<boolean> {
  return (await git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).code === 0;
}

/** The ref to compare with: the one given, else the first default that exists, else HEAD. */
export async function chooseBase(top: string, ref: string | undefined): Promise<string> {
  if (ref !== undefined) {
    if (ref.startsWith("-") || !(await refExists(top, ref))) {
      throw new GitError(`unknown git ref "${ref}"; pass a branch, tag or commit that exists locally (for example --base origin/main after "git fetch")`);
    }
    return ref;
  }
  for (const candidate of DEFAULT_BASES) if (await refExists(top, candidate)) return candidate;
  if (await refExists(top, "HEAD")) return "HEAD";
  throw new GitError("the repository has no commits yet, so there is nothing to compare with; use \"django-sec scan\"");
}

/** The merge base of `base` and HEAD (the commit a pull request from HEAD would be compared with). */
export async function mergeBase(top: string, base: string): Promise<string> {
  const r = await git(top, ["merge-base", base, "HEAD"]);
  if (r.code !== 0) {
    throw new GitError(
      `found no common ancestor of "${base}" and HEAD. Pass another --base; in a shallow clone, fetch more history first (for example actions/checkout with fetch-depth: 0)`,
    );
  }
  return r.stdout.trim();
}

/** Unified diff of the working tree against a commit, repository-relative paths. */
export async function diffWorkingTree(top: string, commit: string, pathspecs: string[]): Promise<string> {
  const r = await git(top, ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", commit, "--", ...pathspecs]);
  if (r.code !== 0) throw new GitError(`git diff failed: ${r.stderr.trim().split("\n")[0] ?? ""}`);
  return r.stdout;
}

/** Untracked files that are not ignored (new files not yet added), repository-relative. */
export async function untrackedFiles(top: string, pathspecs: string[]): Promise<string[]> {
  const r = await git(top, ["ls-files", "-z", "--others", "--exclude-standard", "--", ...pathspecs]);
  if (r.code !== 0) return [];
  return r.stdout.split("\0").filter(Boolean);
}

/** Files git tracks in the working tree, repository-relative. */
export async function trackedFiles(top: string): Promise<string[]> {
  const r = await git(top, ["ls-files", "-z", "--cached"]);
  if (r.code !== 0) return [];
  return r.stdout.split("\0").filter(Boolean);
}

/** A file's content at a commit, or undefined when it does not exist there. */
export async function showFile(top: string, commit: string, path: string): Promise<string | undefined> {
  const r = await git(top, ["show", `${commit}:${path}`]);
  return r.code === 0 ? r.stdout : undefined;
}

/** The top directory of the repository containing `dir`, or undefined outside one (or without git). */
export async function repositoryRoot(dir: string): Promise<string | undefined> {
  try {
    const r = await git(dir, ["rev-parse", "--show-toplevel"]);
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Files git tracks plus untracked files that are not ignored, repository-relative: what `.gitignore` leaves. */
export async function listRepositoryFiles(top: string): Promise<string[] | undefined> {
  const r = await git(top, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  if (r.code !== 0) return undefined;
  return [...new Set(r.stdout.split("\0").filter(Boolean))];
}
