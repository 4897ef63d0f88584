import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import picomatch from "picomatch";
import { decodeSource } from "../core/analysis/decode-source.js";
import { DEPLOYMENT_FILE } from "../core/analysis/deployed-settings.js";
import type { FileError, SourceFile } from "../core/analysis/types.js";
import type { PathClassifier } from "../core/config/classify-path.js";

export interface CollectOptions {
  /** Absolute directory that analysis paths are relative to. */
  root: string;
  /** Absolute files or directories to scan. */
  targets: string[];
  classify: PathClassifier;
  /** The config's exclude globs, used to prune whole directories early. */
  exclude: string[];
  maxFileSize: number;
  /**
   * Absolute paths of the only files that may be read (e.g. what `git ls-files` lists); the walk skips
   * the rest. Undefined: every file found.
   */
  only?: string[];
}

export interface Collected {
  files: SourceFile[];
  errors: FileError[];
  /** Paths of files found but not analysed (excluded or not Python/templates); never read. */
  ignored: string[];
}

// Directories that never hold the project's own code.
const SKIP_DIRS = new Set([
  ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
  ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".eggs",
]);

/** Turns an absolute path into an analysis path: relative to the root, with `/`. */
export function toRelative(root: string, abs: string): string {
  const rel = relative(root, abs);
  return (rel === "" ? "." : rel).split(sep).join("/");
}

/**
 * Finds the files to analyse under the targets and reads them. Unreadable, binary, too large and
 * non-UTF-8 files are returned as errors; the walk goes on. Symbolic links are followed only to files
 * inside the root, never to directories (which would repeat or escape the tree).
 */
export function collectFiles(options: CollectOptions): Collected {
  const out: Collected = { files: [], errors: [], ignored: [] };
  const seen = new Set<string>();
  const prune = dirPruner(options.exclude);
  const realRoot = safeRealpath(options.root) ?? options.root;
  const only = options.only ? new Set(options.only.map((p) => safeRealpath(p) ?? p)) : undefined;

  const addFile = (abs: string, named = false) => {
    const path = toRelative(options.root, abs);
    if (seen.has(path)) return;
    if (only && !named && !only.has(safeRealpath(abs) ?? abs)) {
      seen.add(path);
      out.ignored.push(path);
      return;
    }
    seen.add(path);
    if (!options.classify.language(path)) {
      out.ignored.push(path);
      return;
    }
    const read = readSource(abs, path, options.maxFileSize);
    if ("text" in read) out.files.push(read);
    else out.errors.push(read);
  };

  const walk = (dir: string) => {
    const stack = [dir];
    while (stack.length) {
      const current = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(current, { withFileTypes: true });
      } catch (error) {
        out.errors.push({ path: toRelative(options.root, current), reason: "unreadable", detail: errorCode(error) });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      for (const entry of entries) {
        const abs = join(current, entry.name);
        if (entry.isDirectory()) {
          if (SKIP_DIRS.has(entry.name) || existsSync(join(abs, "pyvenv.cfg"))) continue;
          if (prune(toRelative(options.root, abs))) continue;
          stack.push(abs);
        } else if (entry.isFile()) {
          addFile(abs);
        } else if (entry.isSymbolicLink()) {
          const real = safeRealpath(abs);
          if (real && isInside(realRoot, real) && safeStat(real)?.isFile()) addFile(abs);
        }
      }
    }
  };

  for (const target of options.targets) {
    const stat = safeStat(target);
    if (!stat) {
      out.errors.push({ path: toRelative(options.root, target), reason: "unreadable", detail: "no such file or directory" });
    } else if (stat.isDirectory()) {
      walk(target);
    } else {
      // A file named on the command line is read even when git ignores it.
      addFile(target, true);
    }
  }
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  out.files.sort(byPath);
  out.errors.sort(byPath);
  return out;
}

/** Reads and decodes one file, or says why it cannot be analysed. */
export function readSource(abs: string, path: string, maxFileSize: number): SourceFile | FileError {
  try {
    const size = statSync(abs).size;
    if (size > maxFileSize) return { path, reason: "too-large", detail: `${size} bytes, limit ${maxFileSize}` };
    const decoded = decodeSource(readFileSync(abs), maxFileSize);
    return decoded.ok ? { path, text: decoded.text } : { path, reason: decoded.reason, detail: decoded.detail };
  } catch (error) {
    return { path, reason: "unreadable", detail: errorCode(error) };
  }
}

const STAR_IMPORT = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+\*/gm;

/**
 * Settings modules star-imported (directly or through other modules) by the given settings files and
 * not already among them, read from disk so the analyzer can see inherited settings.
 */
export function collectContextFiles(root: string, files: SourceFile[], isSettings: (path: string) => boolean, maxFileSize: number): SourceFile[] {
  const known = new Set(files.map((f) => f.path));
  const context: SourceFile[] = [];
  const queue = files.filter((f) => f.path.endsWith(".py") && isSettings(f.path));
  while (queue.length && context.length < 50) {
    const file = queue.shift()!;
    for (const m of file.text.matchAll(STAR_IMPORT)) {
      const target = resolveOnDisk(root, file.path, m[1]);
      if (!target || known.has(target)) continue;
      known.add(target);
      const read = readSource(join(root, target), target, maxFileSize);
      if ("text" in read) {
        context.push(read);
        queue.push(read);
      }
    }
  }
  return context;
}

function resolveOnDisk(root: string, fromPath: string, module: string): string | undefined {
  const candidates: string[] = [];
  const fromDir = dirname(fromPath) === "." ? [] : dirname(fromPath).split("/");
  if (module.startsWith(".")) {
    const dots = module.match(/^\.+/)![0].length;
    if (dots - 1 > fromDir.length) return undefined;
    const base = fromDir.slice(0, fromDir.length - (dots - 1));
    const stem = [...base, ...module.slice(dots).split(".").filter(Boolean)].join("/");
    candidates.push(`${stem}.py`, `${stem}/__init__.py`);
  } else {
    // An absolute module is found from the root or from any directory above the importing file.
    const stem = module.split(".").join("/");
    for (let i = fromDir.length; i >= 0; i--) {
      const prefix = fromDir.slice(0, i).join("/");
      candidates.push(prefix ? `${prefix}/${stem}.py` : `${stem}.py`, prefix ? `${prefix}/${stem}/__init__.py` : `${stem}/__init__.py`);
    }
  }
  return candidates.find((c) => !c.startsWith("../") && safeStat(join(root, c))?.isFile());
}

/** Directory paths that a `dir/**` exclude glob covers entirely, so the walk can skip them. */
function dirPruner(exclude: string[]): (dir: string) => boolean {
  const dirGlobs = exclude.filter((g) => g.endsWith("/**")).map((g) => g.slice(0, -3));
  if (!dirGlobs.length) return () => false;
  const match = picomatch(dirGlobs, { dot: true });
  return (dir) => match(dir);
}

function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function safeStat(abs: string) {
  try {
    return statSync(abs);
  } catch {
    return undefined;
  }
}

function safeRealpath(abs: string): string | undefined {
  try {
    return realpathSync(abs);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : "read failed";
}

const MAX_DEPLOYMENT_FILES = 200;
const MAX_DEPLOYMENT_DEPTH = 6;
const MAX_DEPLOYMENT_BYTES = 256 * 1024;

/**
 * The files under `root` that name the settings module the project runs with (`manage.py`, `wsgi.py`,
 * Procfile, Dockerfile, compose files, `.env`, `pytest.ini`...; see DEPLOYMENT_FILE), read for the
 * analysis to find the deployed settings. Bounded in depth and count; unreadable files are skipped.
 */
/** The deployment files among `paths` (relative to `root`, e.g. what git tracks), read with the same bounds as a walk. */
export function readDeploymentFiles(root: string, paths: readonly string[]): SourceFile[] {
  return paths
    .filter((p) => DEPLOYMENT_FILE.test(p))
    .slice(0, MAX_DEPLOYMENT_FILES)
    .flatMap((path) => {
      const read = readSource(join(root, path), path, MAX_DEPLOYMENT_BYTES);
      return "text" in read ? [read] : [];
    });
}

export function collectDeploymentFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (stack.length && out.length < MAX_DEPLOYMENT_FILES) {
    const { dir, depth } = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPLOYMENT_DEPTH && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".") && entry.name !== "migrations") stack.push({ dir: abs, depth: depth + 1 });
      } else if (entry.isFile()) {
        const path = toRelative(root, abs);
        if (!DEPLOYMENT_FILE.test(path)) continue;
        const read = readSource(abs, path, MAX_DEPLOYMENT_BYTES);
        if ("text" in read) out.push(read);
        if (out.length >= MAX_DEPLOYMENT_FILES) break;
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The folder analysis paths start from when the targets are not one directory: the current directory,
 * unless some target lies outside it (`scan ../other/mysite/settings.py`); then the repository that holds
 * every target (`top`, from git), else their deepest common folder. Paths from there match the settings
 * globs as they would from inside the project.
 */
export function scanRoot(cwd: string, targets: string[], top: string | undefined): string {
  if (targets.every((t) => !isOutside(cwd, t))) return cwd;
  if (top && targets.every((t) => !isOutside(top, t))) return top;
  let common = targets.length ? (safeStat(targets[0])?.isDirectory() ? targets[0] : dirname(targets[0])) : cwd;
  for (const t of targets) while (isOutside(common, t) && dirname(common) !== common) common = dirname(common);
  return common;
}

function isOutside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
