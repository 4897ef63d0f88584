import type { SourceFile } from "../core/analysis/types.js";
import { fetchTexts } from "./batch-read.js";
import type { GitHubClient, ReviewLog } from "./octokit.js";
import type { RepoRef } from "./pull-files.js";
import { moduleCandidates } from "./settings-context.js";

/** A file of the repository tree at the reviewed commit (`GET /git/trees/{sha}?recursive=true`). */
export interface TreeBlob {
  path: string;
  sha: string;
  size?: number;
}

/**
 * How much the app reads beyond a pull request's files for the project index. Related modules (what the
 * changed files import, their app's decorators, utils, forms and models, the views of a changed template and
 * the templates a changed view names) are capped at `maxFiles`; the repository's URLconfs are read all or
 * none (`maxUrlconfs`), because the index's URL facts speak of every pattern capturing a parameter, and a
 * partial set would call a parameter bounded that an unread pattern captures as any text.
 */
export interface ContextLimits {
  maxFiles: number;
  maxBytes: number;
  maxUrlconfs: number;
  maxUrlconfBytes: number;
  /** Larger files are not read for context (generated code, vendored bundles). */
  maxFileBytes: number;
}

export const CONTEXT_LIMITS: Readonly<ContextLimits> = Object.freeze({ maxFiles: 40, maxBytes: 1024 * 1024, maxUrlconfs: 60, maxUrlconfBytes: 512 * 1024, maxFileBytes: 256 * 1024 });

export interface ContextPlan {
  /** Files to read, most useful first: related modules, then URLconfs. */
  files: TreeBlob[];
  related: number;
  urlconfs: number;
  /** Related files left out by the caps. */
  leftOut: number;
  /** The repository has more URLconfs than the caps allow: none were planned. */
  urlconfsLeftOut: boolean;
}

/** Paths named like URLconfs: `urls.py`, `urls/<x>.py`, `<x>_urls.py`, `urls_<x>.py`, DRF `routers.py`. */
export const URLCONF_PATH = /(?:^|\/)(?:urls(?:_\w+)?\.py|urls\/\w+\.py|\w+_urls\.py|routers?\.py)$/;
// Packages a Django app often splits a module into: a file inside one belongs to the app above it.
const APP_PACKAGES = new Set(["views", "api", "forms", "models", "urls", "viewsets", "serializers", "templatetags", "utils", "admin", "services"]);
// Modules of an app the index reads facts from, most telling first (decorators and helpers, then forms and models),
// and `apps.py`, where some projects route the app's views (`get_urls()`, as django-oscar does).
const PYTHON_SIBLINGS = ["decorators", "permissions", "mixins", "utils", "helpers", "forms", "models", "apps"];
const SIBLINGS_PER_APP = 8;
const FROM_IMPORT = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([\w. \t,]+)/gm;
const TEMPLATE_NAME = /["']([\w./-]+\.(?:html?|txt|xml|jinja2?|j2))["']/g;
const MIDDLEWARE_PATH = /["'](\w+(?:\.\w+)*)\.\w*Middleware["']/g;

/**
 * Which files of the repository the app reads for the project index besides the pull request's own: for each
 * changed Python module, the project modules it imports and its app's decorators, permissions, mixins, utils,
 * forms and models; for a changed view, the templates it names; for a changed template, the views and template
 * tags of the app that owns it; and, when Python changed, every URLconf of the repository. Pure: the tree lists
 * what exists, so nothing is guessed with reads that fail. `eligible` says which paths may be read at all
 * (analysable, not excluded, not a settings module or deployment file, not in the pull request).
 */
export function planContextFiles(changed: readonly SourceFile[], tree: readonly TreeBlob[], eligible: (path: string) => boolean, limits: ContextLimits = CONTEXT_LIMITS): ContextPlan {
  const byPath = new Map(tree.map((e) => [e.path, e]));
  const usable = (path: string) => {
    const e = byPath.get(path);
    return e !== undefined && eligible(path) && (e.size ?? 0) <= limits.maxFileBytes;
  };
  const wanted: string[] = [];
  const want = (path: string | undefined) => {
    if (path !== undefined && usable(path) && !wanted.includes(path)) wanted.push(path);
  };
  const python = changed.filter((f) => f.path.endsWith(".py"));
  const templates = changed.filter((f) => !f.path.endsWith(".py"));
  // First what the changed modules import: the helpers and decorators they call.
  for (const f of python) for (const path of importedModules(f, byPath)) want(path);
  // Then each app's own modules, the views of changed templates and the templates changed views name.
  for (const f of python) for (const path of appSiblings(appDir(f.path), tree, PYTHON_SIBLINGS)) want(path);
  for (const f of templates) for (const dir of templateApps(f.path, tree)) for (const path of appSiblings(dir, tree, ["views", "templatetags", "models"])) want(path);
  for (const f of python) for (const path of namedTemplates(f.text, tree)) want(path);
  let bytes = 0;
  const files: TreeBlob[] = [];
  for (const path of wanted) {
    const e = byPath.get(path)!;
    if (files.length >= limits.maxFiles || bytes + (e.size ?? 0) > limits.maxBytes) continue;
    files.push(e);
    bytes += e.size ?? 0;
  }
  const related = files.length;
  let urlconfsLeftOut = false;
  if (python.length) {
    const taken = new Set(files.map((e) => e.path));
    const urlconfs = tree.filter((e) => URLCONF_PATH.test(e.path) && !taken.has(e.path) && eligible(e.path));
    const urlBytes = urlconfs.reduce((n, e) => n + (e.size ?? 0), 0);
    if (urlconfs.length <= limits.maxUrlconfs && urlBytes <= limits.maxUrlconfBytes && urlconfs.every((e) => (e.size ?? 0) <= limits.maxFileBytes)) files.push(...urlconfs);
    else urlconfsLeftOut = urlconfs.length > 0;
  }
  return { files, related, urlconfs: files.length - related, leftOut: wanted.length - related, urlconfsLeftOut };
}

/** The project modules a Python file imports (`from .x import y`, `from app.mod import z`, `import app.mod`), resolved against the tree. */
export function importedModules(file: SourceFile, tree: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  const resolve = (module: string) => {
    const found = moduleCandidates(file.path, module).find((c) => tree.has(c));
    if (found && found !== file.path && !out.includes(found)) out.push(found);
    return found;
  };
  for (const m of file.text.matchAll(FROM_IMPORT)) {
    const module = m[1];
    if (module === "__future__") continue;
    resolve(module);
    // `from . import views`, `from app import utils`: the names may be modules of the package.
    for (const raw of m[2].replace(/[()\\]/g, " ").split(",")) {
      const name = raw.trim().split(/\s+/)[0];
      if (!name || name === "*" || !/^\w+$/.test(name)) continue;
      resolve(module.endsWith(".") ? `${module}${name}` : `${module}.${name}`);
    }
  }
  for (const m of file.text.matchAll(PLAIN_IMPORT)) {
    for (const raw of m[1].split(",")) {
      const module = raw.trim().split(/\s+/)[0];
      if (module && /^[\w.]+$/.test(module)) resolve(module);
    }
  }
  // `MIDDLEWARE = ["tenant.middleware.TenantCsrfMiddleware", ...]`: settings name the project's middleware classes
  // by dotted path; the index reads what they extend.
  for (const m of file.text.matchAll(MIDDLEWARE_PATH)) resolve(m[1]);
  return out;
}

/** The folder of the Django app a module belongs to: its own folder, or the one above a package such as `views/`. */
export function appDir(path: string): string {
  const parts = path.split("/").slice(0, -1);
  if (parts.length > 1 && APP_PACKAGES.has(parts[parts.length - 1])) parts.pop();
  return parts.join("/");
}

/** The app's modules named `names` (a module `x.py`, or the modules of a package `x/`), at most a few per app. */
function appSiblings(dir: string, tree: readonly TreeBlob[], names: string[]): string[] {
  const prefix = dir ? `${dir}/` : "";
  const out: string[] = [];
  for (const name of names) {
    for (const e of tree) {
      if (!e.path.startsWith(prefix) || !e.path.endsWith(".py")) continue;
      const rest = e.path.slice(prefix.length);
      if (rest === `${name}.py` || (rest.startsWith(`${name}/`) && !rest.slice(name.length + 1).includes("/"))) out.push(e.path);
    }
  }
  return out.slice(0, SIBLINGS_PER_APP);
}

/**
 * The apps that may render a template: the folder holding its `templates/` folder when that folder has views,
 * else (a project-level `templates/` folder) the folders named like the template name's first part
 * (`templates/shop/basket.html` → an app folder `shop` with views).
 */
export function templateApps(path: string, tree: readonly TreeBlob[]): string[] {
  const at = path.lastIndexOf("templates/");
  if (at < 0) return [];
  const owner = path.slice(0, Math.max(0, at - 1));
  const hasViews = (dir: string) => tree.some((e) => e.path === `${dir ? `${dir}/` : ""}views.py` || e.path.startsWith(`${dir ? `${dir}/` : ""}views/`));
  if (at > 0 && hasViews(owner)) return [owner];
  const first = path.slice(at + "templates/".length).split("/")[0];
  if (!first || first.includes(".")) return [];
  const dirs = new Set<string>();
  for (const e of tree) {
    const m = new RegExp(`^((?:.*/)?${first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})/views(?:\\.py|/)`).exec(e.path);
    if (m) dirs.add(m[1]);
  }
  return [...dirs].slice(0, 2);
}

/** Templates a module names (`render(request, "shop/basket.html")`), found in some `templates/` folder of the tree. */
function namedTemplates(text: string, tree: readonly TreeBlob[]): string[] {
  const names = new Set([...text.matchAll(TEMPLATE_NAME)].map((m) => m[1]));
  const out: string[] = [];
  for (const name of names) {
    const matches = tree.filter((e) => e.path.endsWith(`templates/${name}`)).slice(0, 2);
    out.push(...matches.map((e) => e.path));
  }
  return out;
}

export interface ContextRead {
  files: SourceFile[];
  /** Texts the blob cache already held. */
  cached: number;
  /** Files whose read failed or that could not be decoded; the analysis goes on without them. */
  failed: number;
  /** GraphQL queries sent. */
  queries: number;
}

/**
 * Reads the planned context files at `commit`: from the blob cache by SHA when it holds them, the rest 100 to
 * a GraphQL query. Never throws and never falls back to one REST read a file: a file that cannot be read is
 * left out (and logged), so the analysis only has less context.
 */
export async function readContextFiles(
  octokit: GitHubClient,
  ref: RepoRef,
  commit: string,
  plan: readonly TreeBlob[],
  maxSize: number,
  cache: { get(sha: string): string | undefined; set(sha: string, text: string): void },
  log: ReviewLog,
): Promise<ContextRead> {
  const files: SourceFile[] = [];
  const unread: TreeBlob[] = [];
  let cached = 0;
  for (const e of plan) {
    const text = cache.get(e.sha);
    if (text === undefined) unread.push(e);
    else {
      files.push({ path: e.path, text });
      cached++;
    }
  }
  let failed = 0;
  if (unread.length) {
    let got: Map<string, Awaited<ReturnType<typeof fetchTexts>> extends Map<string, infer V> ? V : never>;
    try {
      got = await fetchTexts(octokit, ref, commit, unread.map((e) => e.path), maxSize, log, { restFallback: false });
    } catch (error) {
      log.warn({ files: unread.length, error: error instanceof Error ? error.name : "error" }, "context files not read; the analysis goes on without them");
      got = new Map();
    }
    for (const e of unread) {
      const read = got.get(e.path);
      if (read?.ok) {
        cache.set(e.sha, read.text);
        files.push({ path: e.path, text: read.text });
      } else failed++;
    }
  }
  // Keep the plan's order: the index does not depend on it, but logs and tests read better.
  const order = new Map(plan.map((e, i) => [e.path, i]));
  files.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
  return { files, cached, failed, queries: Math.ceil(unread.length / 100) };
}
