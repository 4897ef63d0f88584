import { createPatch } from "diff";
import { APP_ID } from "./helpers/app-harness.js";
import type { MockGitHub } from "./helpers/github-mock.js";

export const OWNER = "acme";
export const REPO = "shop";
export const PR = 12;
export const HEAD = "3f1c2e9a7b5d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
export const BASE = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
export const INSTALLATION = 31337;
export const CHECK_RUN_ID = 700001;
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;

/** GitHub's per-file `patch`: the hunks of a unified diff without the file headers. */
export function githubPatch(path: string, before: string, after: string): string {
  const text = createPatch(path, before, after, "", "", { context: 3 });
  return text.slice(text.indexOf("@@")).replace(/\n$/, "");
}

export function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

export const VIEWS_BEFORE = `from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


def index(request):
    return JsonResponse({"ok": True})
`;

export const VIEWS_AFTER = `${VIEWS_BEFORE}

@csrf_exempt
def payment_webhook(request):
    request.user.profile.mark_paid()
    return JsonResponse({"received": True})
`;

/** Line of `@csrf_exempt` in VIEWS_AFTER. */
export const DECORATOR_LINE = 9;

export interface PullFileSpec {
  filename: string;
  status?: string;
  before?: string;
  after?: string;
  /** Leave out `patch`, as GitHub does for very large diffs. */
  omitPatch?: boolean;
  previous_filename?: string;
}

export function pullFile(spec: PullFileSpec) {
  const status = spec.status ?? (spec.before === undefined ? "added" : "modified");
  const file: Record<string, unknown> = {
    sha: "b".repeat(40),
    filename: spec.filename,
    status,
    additions: 4,
    deletions: 0,
    changes: 4,
    blob_url: `https://github.com/${OWNER}/${REPO}/blob/${HEAD}/${spec.filename}`,
    raw_url: `https://github.com/${OWNER}/${REPO}/raw/${HEAD}/${spec.filename}`,
    contents_url: `https://api.github.com${REPO_PATH}/contents/${spec.filename}?ref=${HEAD}`,
  };
  if (spec.previous_filename) file.previous_filename = spec.previous_filename;
  if (!spec.omitPatch && spec.after !== undefined) file.patch = githubPatch(spec.filename, spec.before ?? "", spec.after);
  return file;
}

export function pullRequest(over: { draft?: boolean; headSha?: string; state?: string } = {}) {
  return {
    number: PR,
    state: over.state ?? "open",
    draft: over.draft ?? false,
    user: { login: "dev-ana", type: "User" },
    head: { ref: "feature/payments", sha: over.headSha ?? HEAD, repo: { full_name: `${OWNER}/${REPO}` } },
    base: { ref: "main", sha: BASE, repo: { full_name: `${OWNER}/${REPO}` } },
  };
}

export function contentFile(path: string, text: string) {
  return { type: "file", encoding: "base64", size: Buffer.byteLength(text), name: path.split("/").pop(), path, sha: "c".repeat(40), content: base64(text) };
}

/** `contents/<path>` with the path's slashes either kept or percent-encoded. */
export function contentsPath(path: string, ref: string): RegExp {
  const escaped = path.split("/").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(?:/|%2F)");
  return new RegExp(`^${REPO_PATH}/contents/${escaped}\\?ref=${ref.replace(/\//g, "(?:/|%2F)")}$`);
}

/** The calls every run starts with: an installation token, the app's identity, the check run. */
export function mockStart(gh: MockGitHub, opts: { identity?: boolean } = {}): void {
  gh.on("POST", `/app/installations/${INSTALLATION}/access_tokens`, 201, {
    token: "ghs_test",
    expires_at: "2099-01-01T00:00:00Z",
    permissions: { checks: "write", pull_requests: "write", contents: "read", issues: "write", metadata: "read" },
    repository_selection: "all",
  });
  if (opts.identity !== false) gh.on("GET", "/app", 200, { id: APP_ID, slug: "django-sec", name: "django-sec", owner: { login: OWNER } });
  gh.on("POST", `${REPO_PATH}/check-runs`, 201, { id: CHECK_RUN_ID, html_url: `https://github.com/${OWNER}/${REPO}/runs/${CHECK_RUN_ID}` });
}

export interface ReviewWorld {
  files: PullFileSpec[];
  config?: string;
  existingComments?: unknown[];
  /** Head SHA the second `pulls.get` (just before posting) reports; a function is asked when the request arrives. */
  latestHead?: string | (() => string);
  /** Head SHA the first `pulls.get` reports (default: the run's own head). */
  firstHead?: string;
  /** False: the test mocks the repository tree itself (or expects none to be listed). */
  tree?: false;
}

/**
 * Mocks a full review run up to (not including) the review and check-run completion: PR, config from
 * the base branch, files, contents at the head commit, our earlier comments, the pre-post head check.
 */
export function mockReadPhase(gh: MockGitHub, world: ReviewWorld): void {
  gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest({ headSha: world.firstHead ?? HEAD }));
  if (world.config === undefined) gh.on("GET", contentsPath(".github/django-sec.yml", "main"), 404, { message: "Not Found" });
  else gh.on("GET", contentsPath(".github/django-sec.yml", "main"), 200, contentFile(".github/django-sec.yml", world.config));
  gh.on("GET", new RegExp(`^${REPO_PATH}/pulls/${PR}/files\\?per_page=100$`), 200, world.files.map(pullFile));
  for (const f of world.files) {
    // Only files the analyzer reads are fetched (the config file in a PR never is).
    if (f.after !== undefined && f.status !== "removed" && /\.(py|html)$/.test(f.filename)) gh.on("GET", contentsPath(f.filename, HEAD), 200, contentFile(f.filename, f.after));
  }
  // The repository tree, listed once for the project context when Python or templates changed: by default it
  // holds only the pull request's files, so no context file is read.
  if (world.tree !== false && world.files.some((f) => f.after !== undefined && f.status !== "removed" && /\.(py|html)$/.test(f.filename) && !/(^|\/)settings(\/|\.py$)/.test(f.filename))) {
    const tree = world.files.filter((f) => f.after !== undefined && f.status !== "removed").map((f) => ({ path: f.filename, mode: "100644", type: "blob", sha: "b".repeat(40), size: Buffer.byteLength(f.after!) }));
    gh.on("GET", `${REPO_PATH}/git/trees/${HEAD}?recursive=true`, 200, { sha: HEAD, tree, truncated: false });
  }
  gh.on("GET", new RegExp(`^${REPO_PATH}/pulls/${PR}/comments\\?per_page=100$`), 200, world.existingComments ?? []);
  const latest = world.latestHead;
  gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, typeof latest === "function" ? () => pullRequest({ headSha: latest() }) : pullRequest({ headSha: latest ?? HEAD }));
}

export function reviewComment(id: number, body: string, login = "django-sec[bot]", extra: Record<string, unknown> = {}) {
  return { id, body, path: "shop/views.py", line: DECORATOR_LINE, user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" }, ...extra };
}
