import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createPatch } from "diff";
import { parseFilePatch } from "../core/diff/parse-unified-diff.js";

/** One pull request of one repository, as the fake GitHub serves it. */
export interface FakePullRequest {
  owner: string;
  repo: string;
  number: number;
  title: string;
  author: string;
  draft?: boolean;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** Files at the base commit and at the head commit, by repository path. */
  baseFiles: Record<string, string>;
  headFiles: Record<string, string>;
  /** Files given as bytes (binary, non-UTF-8), or by size only, on top of `baseFiles`/`headFiles`. */
  baseBytes?: Record<string, Uint8Array | DeclaredSize>;
  headBytes?: Record<string, Uint8Array | DeclaredSize>;
}

/**
 * A file over GitHub's 1 MB inline limit known by its size only: the fake reports the size (listing,
 * contents, trees, GraphQL) and, like GitHub for such files, sends no content and no patch, without
 * ever holding the bytes. Tests of huge files reach the app's size checks this way at no cost that
 * grows with the size, so they do not depend on the machine's speed.
 */
export class DeclaredSize {
  constructor(
    readonly size: number,
    readonly label = "",
  ) {
    if (!(size > INLINE_CONTENT_LIMIT)) throw new RangeError("DeclaredSize is for files over the 1 MB inline limit");
  }
}

export type FileContent = string | Uint8Array | DeclaredSize;

/** Like GitHub: the contents API leaves out the content of files over 1 MB, and `patch` is left out for binary or very large files. */
const INLINE_CONTENT_LIMIT = 1024 * 1024;

export interface FakeGitHubOptions {
  pull: FakePullRequest;
  app: { id: number; slug: string };
  installationId: number;
  /** Logins with write access, for `/django-sec recheck`. */
  writers?: string[];
  /** Delay before every response, like a real network round trip (benchmarks). */
  latencyMs?: number;
  /** Holds a request until the returned promise settles (tests that need a review in flight at a given point). */
  hold?: (request: RecordedRequest) => Promise<unknown> | undefined;
  /** Fault injection: return a response to send instead of the normal one (tests of failure handling). */
  fault?: (request: RecordedRequest) => InjectedFault | undefined;
}

/** What the fake answers instead of the normal response; `hang` never answers, `reset` drops the connection. */
export type InjectedFault =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { hang: true }
  | { reset: true };

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  /** The `authorization` header, so fault hooks can refuse an expired token. */
  authorization?: string;
}

export interface StoredComment {
  id: number;
  path: string;
  line: number;
  start_line?: number;
  side: string;
  body: string;
  user: { login: string; type: string };
  in_reply_to_id?: number;
  commit_id: string;
  resolved: boolean;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id?: string;
  status: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string };
  annotations: any[];
  started_at?: string;
  /** The app that made the run; default: the fake's app. */
  app_id?: number;
}

type Route = (m: RegExpMatchArray, body: any, url: URL) => [number, unknown, Record<string, string>?];

/**
 * A response body already serialised: answers that depend only on a commit's files (contents, trees, a head's
 * file listing) are rendered once per commit and sent again as the same bytes, as JSON.stringify would give them.
 */
class Rendered {
  readonly bytes: Buffer;
  constructor(json: unknown) {
    this.bytes = Buffer.from(JSON.stringify(json), "utf8");
  }
}

/**
 * A small stand-in for the GitHub REST and GraphQL APIs on 127.0.0.1, shaped like GitHub Enterprise
 * Server (`/api/v3`, `/api/graphql`) so Probot reaches it through GHE_HOST/GHE_PROTOCOL. It serves one
 * pull request, records every request, and, like GitHub, refuses a review whose comment is off the diff.
 * Used by the demo and the end-to-end test; never a full GitHub.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly reviews: { id: number; body: string; event: string; commit_id: string; comments: StoredComment[] }[] = [];
  readonly comments: StoredComment[] = [];
  readonly issueComments: { id: number; body: string }[] = [];
  readonly reactions: { commentId: number; content: string }[] = [];
  readonly checkRuns: StoredCheckRun[] = [];
  /** Installation tokens handed out, oldest first (the first is `ghs_fake`). */
  readonly tokens: string[] = [];
  private server?: Server;
  private nextId = 1000;
  private filesCache?: { sha: string; files: ReturnType<FakeGitHub["computePullFiles"]> };
  /**
   * Answers rendered so far that depend only on the commits the refs name (contents, trees, file listings):
   * a push clears them, as the head ref moves (and the old head's files are no longer served).
   */
  private readonly rendered = new Map<string, [number, Rendered, Record<string, string>?]>();
  /** The file maps of the head and the base, each merged with its bytes once (see `filesAt`). */
  private merged: { head?: MergedFiles; base?: MergedFiles } = {};
  /** Each pushed head's parent, for the compare API. */
  private readonly parents = new Map<string, string>();
  private readonly routes: [string, RegExp, Route][];

  constructor(private readonly options: FakeGitHubOptions) {
    const { owner, repo, number } = options.pull;
    const r = `/api/v3/repos/${esc(owner)}/${esc(repo)}`;
    const pr = `${r}/pulls/${number}`;
    this.routes = [
      ["POST", /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens$/, () => [201, { token: this.issueToken(), expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: "all" }]],
      ["GET", /^\/api\/v3\/app$/, () => [200, { id: options.app.id, slug: options.app.slug, name: options.app.slug }]],
      ["GET", new RegExp(`^${pr}$`), () => [200, this.pullJson()]],
      ["GET", new RegExp(`^${pr}/files$`), (_m, _b, url) => this.cached(`files\0${options.pull.headSha}\0${url.search}`, () => this.page(this.pullFiles(), url))],
      ["GET", new RegExp(`^${pr}/comments$`), (_m, _b, url) => this.page(this.comments.map(commentJson), url)],
      ["POST", new RegExp(`^${pr}/reviews$`), (_m, body) => this.createReview(body)],
      ["POST", new RegExp(`^${pr}/comments/(\\d+)/replies$`), (m, body) => this.reply(Number(m[1]), body)],
      ["GET", new RegExp(`^${r}/contents/(.+)$`), (m, _b, url) => this.cached(`contents\0${url.search}\0${m[1]}`, () => this.contents(decodeURIComponent(m[1]), url.searchParams.get("ref") ?? options.pull.baseRef))],
      ["GET", new RegExp(`^${r}/git/trees/([^/]+)$`), (m) => this.cached(`tree\0${m[1]}`, () => this.tree(decodeURIComponent(m[1])))],
      ["POST", new RegExp(`^${r}/check-runs$`), (_m, body) => this.createCheckRun(body)],
      ["PATCH", new RegExp(`^${r}/check-runs/(\\d+)$`), (m, body) => this.updateCheckRun(Number(m[1]), body)],
      ["GET", new RegExp(`^${r}/check-suites/(\\d+)/check-runs$`), () => [200, { total_count: this.checkRuns.length, check_runs: this.checkRuns }]],
      ["GET", new RegExp(`^${r}/commits/([^/]+)/check-runs$`), (m, _b, url) => this.checkRunsFor(decodeURIComponent(m[1]), url.searchParams)],
      ["POST", new RegExp(`^${r}/issues/comments/(\\d+)/reactions$`), (m, body) => this.react(Number(m[1]), body)],
      ["POST", new RegExp(`^${r}/issues/${number}/comments$`), (_m, body) => this.issueComment(body)],
      ["GET", new RegExp(`^${r}/collaborators/([^/]+)/permission$`), (m) => this.permission(decodeURIComponent(m[1]))],
      ["POST", /^\/api\/graphql$/, (_m, body) => this.graphql(body)],
      // What the stuck-run sweeper lists: the app's installations, their repositories, open pull requests.
      ["GET", /^\/api\/v3\/app\/installations$/, (_m, _b, url) => this.page([this.installationJson()], url)],
      ["GET", /^\/api\/v3\/installation\/repositories$/, (_m, _b, url) => this.repositories(url)],
      ["GET", new RegExp(`^${r}/compare/([^/]+)$`), (m) => this.compare(decodeURIComponent(m[1]))],
      ["GET", new RegExp(`^${r}/pulls$`), (_m, _b, url) => this.page(["open", "all"].includes(url.searchParams.get("state") ?? "open") ? [this.pullJson()] : [], url)],
    ];
  }

  /** Starts listening on 127.0.0.1 on a free port; returns the host (`127.0.0.1:PORT`) for GHE_HOST. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Moves the pull request to a new head commit (a push on top of the current head). */
  push(headSha: string, headFiles: Record<string, string>, headBytes?: Record<string, Uint8Array | DeclaredSize>): void {
    this.rendered.clear();
    this.parents.set(headSha, this.options.pull.headSha);
    this.options.pull.headSha = headSha;
    this.options.pull.headFiles = headFiles;
    this.options.pull.headBytes = headBytes;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return this.serve(req, res, Buffer.concat(chunks).toString("utf8"));
  }

  /**
   * Answers a request whose body another server has already read (`raw`): a front that routes many fakes
   * (the load benchmark) hands each request over here without a second HTTP hop.
   */
  async serve(req: IncomingMessage, res: ServerResponse, raw: string, parsed?: { body: unknown }): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let body: any;
    if (parsed) body = parsed.body;
    else {
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return send(res, 400, { message: "Problems parsing JSON" });
      }
    }
    const method = req.method ?? "GET";
    const recorded: RecordedRequest = { method, path: url.pathname + url.search, body, authorization: req.headers.authorization };
    this.requests.push(recorded);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    await this.options.hold?.(recorded);
    const fault = this.options.fault?.(recorded);
    if (fault) {
      if ("hang" in fault) return;
      if ("reset" in fault) return void req.socket.destroy();
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      return send(res, fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers);
    }
    if (!req.headers.authorization) return send(res, 401, { message: "Requires authentication" });
    const pathname = url.pathname;
    for (const [m, re, route] of this.routes) {
      const match = m === method ? pathname.match(re) : null;
      if (!match) continue;
      const [status, json, headers] = route(match, body, url);
      return send(res, status, json, headers);
    }
    send(res, 404, { message: "Not Found" });
  }

  private pullJson() {
    const p = this.options.pull;
    const repo = { name: p.repo, full_name: `${p.owner}/${p.repo}`, owner: { login: p.owner } };
    return {
      number: p.number,
      state: "open",
      updated_at: new Date().toISOString(),
      draft: !!p.draft,
      title: p.title,
      user: { login: p.author, type: "User" },
      head: { ref: p.headRef, sha: p.headSha, repo },
      base: { ref: p.baseRef, sha: p.baseSha, repo },
    };
  }

  private pullFiles() {
    // Patches are computed once per head commit: a 3,000-file pull request is listed in 30 pages. Fakes
    // serving the very same file maps (the load benchmark's many copies of one pull request) share them.
    const p = this.options.pull;
    if (this.filesCache?.sha !== p.headSha) {
      const shared = sharedListings.get(p.headFiles);
      const same = shared && shared.baseFiles === p.baseFiles && shared.baseBytes === p.baseBytes && shared.headBytes === p.headBytes;
      const files = same ? shared.files : this.computePullFiles();
      if (!same) sharedListings.set(p.headFiles, { baseFiles: p.baseFiles, baseBytes: p.baseBytes, headBytes: p.headBytes, files });
      this.filesCache = { sha: p.headSha, files };
    }
    return this.filesCache.files;
  }

  private computePullFiles() {
    const p = this.options.pull;
    const base = { ...p.baseFiles, ...p.baseBytes };
    const head = { ...p.headFiles, ...p.headBytes };
    const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
    return paths.flatMap((path): { sha: string; filename: string; status: string; additions: number; deletions: number; changes: number; patch?: string }[] => {
      const before: FileContent | undefined = base[path];
      const after: FileContent | undefined = head[path];
      if (sameContent(before, after)) return [];
      const status = before === undefined ? "added" : after === undefined ? "removed" : "modified";
      if (!isDiffable(before) || !isDiffable(after)) {
        return [{ sha: gitBlobSha(after ?? before ?? ""), filename: path, status, additions: 0, deletions: 0, changes: 0 }];
      }
      const patch = knownPatch(path, before ?? "", after ?? "");
      const added = patch.split("\n").filter((l) => l.startsWith("+")).length;
      const deleted = patch.split("\n").filter((l) => l.startsWith("-")).length;
      return [{ sha: gitBlobSha(after ?? before ?? ""), filename: path, status, additions: added, deletions: deleted, changes: added + deleted, patch }];
    });
  }

  private page(items: unknown[], url: URL): [number, unknown, Record<string, string>] {
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
    const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set("page", String(page + 1));
      headers.link = `<http://${this.host()}${next.pathname}${next.search}>; rel="next"`;
    }
    return [200, slice, headers];
  }

  private host(): string {
    return `127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** A commit's files (read only): merged once per file map, not for every request. */
  private filesAt(ref: string): Readonly<Record<string, FileContent>> | undefined {
    const p = this.options.pull;
    if (ref === p.headSha) return this.mergedFiles("head", p.headFiles, p.headBytes);
    if (ref === p.baseSha || ref === p.baseRef) return this.mergedFiles("base", p.baseFiles, p.baseBytes);
    return undefined;
  }

  private mergedFiles(side: "head" | "base", files: Record<string, string>, bytes: Record<string, Uint8Array | DeclaredSize> | undefined): Record<string, FileContent> {
    const known = this.merged[side];
    if (known && known.files === files && known.bytes === bytes) return known.map;
    const map = bytes ? { ...files, ...bytes } : files;
    this.merged[side] = { files, bytes, map };
    return map;
  }

  /** A successful answer that depends only on the commits its refs name, rendered once until the next push. */
  private cached(key: string, answer: () => [number, unknown, Record<string, string>?]): [number, unknown, Record<string, string>?] {
    const known = this.rendered.get(key);
    if (known) return known;
    const [status, json, headers] = answer();
    if (status !== 200) return [status, json, headers];
    const out: [number, Rendered, Record<string, string>?] = [status, new Rendered(json), headers];
    this.rendered.set(key, out);
    return out;
  }

  /** The whole tree of a commit, as `?recursive=1` lists it: files only (directories are implied). */
  private tree(ref: string): [number, unknown] {
    const files = this.filesAt(ref);
    if (!files) return [404, { message: "Not Found" }];
    const tree = Object.entries(files)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, content]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(content), size: byteSize(content) }));
    return [200, { sha: ref, tree, truncated: false }];
  }

  private contents(path: string, ref: string): [number, unknown] {
    const text: FileContent | undefined = this.filesAt(ref)?.[path];
    if (text === undefined) return [404, { message: "Not Found" }];
    const name = path.split("/").pop();
    if (text instanceof DeclaredSize) return [200, { type: "file", size: text.size, name, path, sha: gitBlobSha(text), encoding: "none", content: "" }];
    const content = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
    const meta = { type: "file", size: content.length, name, path, sha: gitBlobSha(content) };
    if (content.length > INLINE_CONTENT_LIMIT) return [200, { ...meta, encoding: "none", content: "" }];
    return [200, { ...meta, encoding: "base64", content: content.toString("base64") }];
  }

  private createReview(body: any): [number, unknown] {
    const p = this.options.pull;
    const files = new Map(this.pullFiles().flatMap((f) => (f.patch === undefined ? [] : [[f.filename, parseFilePatch(f.filename, f.patch, "modified")] as const])));
    const comments: StoredComment[] = [];
    for (const c of body?.comments ?? []) {
      // Like GitHub: one comment off the diff fails the whole review, without saying which.
      const hunks = files.get(c.path)?.hunks ?? [];
      const start = c.start_line ?? c.line;
      if (!hunks.some((h) => h.start <= start && c.line <= h.end)) {
        return [422, { message: "Unprocessable Entity", errors: ["Pull request review thread line must be part of the diff"], status: "422" }];
      }
      comments.push({ id: this.nextId++, path: c.path, line: c.line, start_line: c.start_line, side: c.side ?? "RIGHT", body: c.body, user: this.bot(), commit_id: body.commit_id ?? p.headSha, resolved: false });
    }
    const review = { id: this.nextId++, body: body?.body ?? "", event: body?.event ?? "COMMENT", commit_id: body?.commit_id ?? p.headSha, comments };
    this.reviews.push(review);
    this.comments.push(...comments);
    return [200, { id: review.id, body: review.body, state: review.event === "COMMENT" ? "COMMENTED" : review.event, commit_id: review.commit_id }];
  }

  private reply(parentId: number, body: any): [number, unknown] {
    const parent = this.comments.find((c) => c.id === parentId);
    if (!parent) return [404, { message: "Not Found" }];
    const reply: StoredComment = { ...parent, id: this.nextId++, body: body.body, user: this.bot(), in_reply_to_id: parentId };
    this.comments.push(reply);
    return [201, commentJson(reply)];
  }

  private createCheckRun(body: any): [number, unknown] {
    const run: StoredCheckRun = { id: this.nextId++, name: body.name, head_sha: body.head_sha, external_id: body.external_id, status: body.status ?? "queued", output: body.output, annotations: [], started_at: body.started_at };
    this.checkRuns.push(run);
    return [201, { ...run, html_url: `http://${this.host()}/${this.options.pull.owner}/${this.options.pull.repo}/runs/${run.id}` }];
  }

  private checkRunsFor(sha: string, query: URLSearchParams): [number, unknown] {
    const [name, status, appId] = [query.get("check_name"), query.get("status"), query.get("app_id")];
    const runs = this.checkRuns
      .filter((c) => c.head_sha === sha && (!name || c.name === name) && (!status || c.status === status) && (!appId || (c.app_id ?? this.options.app.id) === Number(appId)))
      .map(({ app_id, ...c }) => ({ ...c, app: app_id === undefined || app_id === this.options.app.id ? { id: this.options.app.id, slug: this.options.app.slug } : { id: app_id, slug: `app-${app_id}` } }));
    return [200, { total_count: runs.length, check_runs: runs }];
  }

  /** `base...head`: how `head` relates to `base` along the pushes this fake has seen. */
  private compare(basehead: string): [number, unknown] {
    const [base, head] = basehead.split("...");
    if (!base || !head) return [404, { message: "Not Found" }];
    const descends = (from: string, to: string) => {
      for (let at: string | undefined = from, steps = 0; at !== undefined && steps < 10_000; at = this.parents.get(at), steps++) if (at === to) return true;
      return false;
    };
    const status = base === head ? "identical" : descends(head, base) ? "ahead" : descends(base, head) ? "behind" : "diverged";
    return [200, { status, ahead_by: status === "ahead" ? 1 : 0, behind_by: status === "behind" ? 1 : 0, total_commits: 0, commits: [], files: [] }];
  }

  private installationJson() {
    const p = this.options.pull;
    return { id: this.options.installationId, app_id: this.options.app.id, account: { login: p.owner, type: "Organization" }, target_type: "Organization", created_at: "2020-01-01T00:00:00Z", suspended_at: null };
  }

  private repositories(url: URL): [number, unknown, Record<string, string>] {
    const p = this.options.pull;
    const [status, repositories, headers] = this.page([{ id: 1, name: p.repo, full_name: `${p.owner}/${p.repo}`, owner: { login: p.owner }, private: false }], url);
    return [status, { total_count: 1, repository_selection: "selected", repositories }, headers];
  }

  private updateCheckRun(id: number, body: any): [number, unknown] {
    const run = this.checkRuns.find((c) => c.id === id);
    if (!run) return [404, { message: "Not Found" }];
    if (body.status) run.status = body.status;
    if (body.conclusion) [run.status, run.conclusion] = ["completed", body.conclusion];
    if (body.output) {
      const { annotations, ...output } = body.output;
      if ((annotations?.length ?? 0) > 50) return [422, { message: "Only 50 annotations are allowed per request" }];
      run.output = output;
      run.annotations.push(...(annotations ?? []));
    }
    return [200, run];
  }

  private react(commentId: number, body: any): [number, unknown] {
    this.reactions.push({ commentId, content: body.content });
    return [201, { id: this.nextId++, content: body.content }];
  }

  private issueComment(body: any): [number, unknown] {
    const comment = { id: this.nextId++, body: body.body };
    this.issueComments.push(comment);
    return [201, comment];
  }

  private permission(login: string): [number, unknown] {
    if (login === this.options.pull.author || this.options.writers?.includes(login)) return [200, { permission: "write", role_name: "write", user: { login } }];
    return [404, { message: "Not Found" }];
  }

  private graphql(body: any): [number, unknown] {
    const query = String(body?.query ?? "");
    if (query.includes("resolveReviewThread")) {
      const id = Number(String(body.variables?.threadId).replace(/^T/, ""));
      const root = this.comments.find((c) => c.id === id);
      if (root) root.resolved = true;
      return [200, { data: { resolveReviewThread: { thread: { id: body.variables.threadId, isResolved: true } } } }];
    }
    if (query.includes("reviewThreads")) {
      const nodes = this.comments
        .filter((c) => !c.in_reply_to_id)
        .map((root) => ({
          id: `T${root.id}`,
          isResolved: root.resolved,
          comments: { nodes: [root, ...this.comments.filter((c) => c.in_reply_to_id === root.id)].map((c) => ({ databaseId: c.id, author: { login: c.user.login.replace(/\[bot\]$/, "") } })) },
        }));
      return [200, { data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } } } }];
    }
    if (query.includes("object(expression:")) {
      // Blobs by `<commit>:<path>`, one aliased field `fN` per variable `eN`, as the batched reader asks.
      const repository: Record<string, unknown> = {};
      const trees = new Map<string, Record<string, FileContent> | undefined>();
      for (const [name, value] of Object.entries(body?.variables ?? {})) {
        const m = /^e(\d+)$/.exec(name);
        if (!m) continue;
        const expression = String(value);
        const colon = expression.indexOf(":");
        const ref = expression.slice(0, colon);
        if (!trees.has(ref)) trees.set(ref, this.filesAt(ref));
        repository[`f${m[1]}`] = blobJson(trees.get(ref)?.[expression.slice(colon + 1)]);
      }
      return [200, { data: { repository } }];
    }
    return [200, { errors: [{ message: "This fake GitHub does not know that query" }] }];
  }

  private issueToken(): string {
    const token = this.tokens.length ? `ghs_fake_${this.tokens.length + 1}` : "ghs_fake";
    this.tokens.push(token);
    return token;
  }

  private bot() {
    return { login: `${this.options.app.slug}[bot]`, type: "Bot" };
  }
}

interface MergedFiles {
  files: Record<string, string>;
  bytes?: Record<string, Uint8Array | DeclaredSize>;
  map: Record<string, FileContent>;
}

/** Pull request listings by the head file map they were computed from (with the other maps they depend on). */
const sharedListings = new WeakMap<object, { baseFiles: object; baseBytes?: object; headBytes?: object; files: ReturnType<FakeGitHub["computePullFiles"]> }>();

/** Blob ids of texts already hashed (texts repeat across commits and across fakes); bounded. */
const blobShas = new Map<string, string>();

/** The git object id of a file's content, as GitHub reports it in `sha`. */
export function gitBlobSha(content: FileContent): string {
  if (content instanceof DeclaredSize) return createHash("sha1").update(`declared ${content.size} ${content.label}`).digest("hex");
  if (typeof content === "string") {
    const known = blobShas.get(content);
    if (known) return known;
    if (blobShas.size >= 50_000) blobShas.clear();
    const sha = blobSha(Buffer.from(content, "utf8"));
    blobShas.set(content, sha);
    return sha;
  }
  return blobSha(Buffer.from(content));
}

function blobSha(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function byteSize(content: FileContent): number {
  return content instanceof DeclaredSize ? content.size : typeof content === "string" ? Buffer.byteLength(content) : content.length;
}

function sameContent(a: FileContent | undefined, b: FileContent | undefined): boolean {
  if (a instanceof DeclaredSize || b instanceof DeclaredSize) return a instanceof DeclaredSize && b instanceof DeclaredSize && a.size === b.size && a.label === b.label;
  if (typeof a === "string" || typeof b === "string" || a === undefined || b === undefined) return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

/** Text GitHub would show a diff for: not bytes, not over the inline limit. */
function isDiffable(content: FileContent | undefined): content is string | undefined {
  return content === undefined || (typeof content === "string" && content.length <= INLINE_CONTENT_LIMIT);
}

// GitHub's GraphQL `Blob.text` is cut short for large blobs (and says so in `isTruncated`).
const GRAPHQL_TEXT_LIMIT = 512 * 1024;

/** A `Blob` as GraphQL returns it: null text for binary content, lenient UTF-8 decoding otherwise. */
function blobJson(content: FileContent | undefined) {
  if (content === undefined) return null;
  if (content instanceof DeclaredSize) return { text: "", byteSize: content.size, isBinary: false, isTruncated: true };
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  const isBinary = bytes.subarray(0, 8000).includes(0);
  const isTruncated = bytes.length > GRAPHQL_TEXT_LIMIT;
  const text = isBinary ? null : bytes.subarray(0, GRAPHQL_TEXT_LIMIT).toString("utf8");
  return { text, byteSize: bytes.length, isBinary, isTruncated };
}

function commentJson(c: StoredComment) {
  return { id: c.id, path: c.path, line: c.line, start_line: c.start_line ?? null, side: c.side, body: c.body, user: c.user, in_reply_to_id: c.in_reply_to_id, commit_id: c.commit_id };
}

/** Patches already computed, by the text before and the text after (the hunks do not name the path); bounded. */
const patches = new Map<string, Map<string, string>>();
let patchCount = 0;

/** `githubPatch`, computed once per pair of texts (pushes to copies of one pull request repeat them). */
function knownPatch(path: string, before: string, after: string): string {
  // The hunks start at the first "@@": a path holding one would change them.
  if (path.includes("@@")) return githubPatch(path, before, after);
  const known = patches.get(before)?.get(after);
  if (known !== undefined) return known;
  if (patchCount >= 10_000) {
    patches.clear();
    patchCount = 0;
  }
  const patch = githubPatch(path, before, after);
  let byAfter = patches.get(before);
  if (!byAfter) patches.set(before, (byAfter = new Map()));
  byAfter.set(after, patch);
  patchCount++;
  return patch;
}

/** GitHub's per-file `patch`: the hunks of a unified diff without the file headers. */
export function githubPatch(path: string, before: string, after: string): string {
  const text = createPatch(path, before, after, "", "", { context: 3 });
  const at = text.indexOf("@@");
  return at < 0 ? "" : text.slice(at).replace(/\n$/, "");
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  const body = json instanceof Rendered ? json.bytes : JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A `pull_request` delivery for a fake pull request, trimmed to the fields GitHub sends that the app
 * reads (the demo, the end-to-end benchmarks).
 */
export function pullRequestDelivery(p: FakePullRequest, installationId: number, action = "opened") {
  const owner = { login: p.owner, type: "Organization" };
  const repository = { id: installationId, name: p.repo, full_name: `${p.owner}/${p.repo}`, private: false, owner, default_branch: p.baseRef };
  const user = { login: p.author, type: "User" };
  const side = (ref: string, sha: string) => ({ ref, sha, repo: repository, user: owner });
  return {
    action,
    number: p.number,
    pull_request: { number: p.number, state: "open", draft: !!p.draft, title: p.title, user, head: side(p.headRef, p.headSha), base: side(p.baseRef, p.baseSha) },
    repository,
    sender: user,
    installation: { id: installationId },
  };
}
