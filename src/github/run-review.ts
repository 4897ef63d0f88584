import { allRules } from "../../rules/index.js";
import { analyzeProject, type AnalysisResult } from "../core/analysis/analyze-project.js";
import type { Rule } from "../core/analysis/define-rule.js";
import type { SourceFile } from "../core/analysis/types.js";
import { classifyPaths } from "../core/config/classify-path.js";
import type { Config } from "../core/config/config.js";
import { parseConfig, type ConfigProblem } from "../core/config/parse-config.js";
import { lineInRanges, type ChangeSet } from "../core/diff/types.js";
import {
  checkConclusion,
  renderAnnotations,
  renderCheckSummary,
  renderNeutralOutput,
  type PlacedFinding,
  type SkippedFile,
} from "../core/report/check-summary.js";
import { splitByConfidence } from "../core/report/policy.js";
import { fingerprintsOf } from "../core/analysis/merge-flows.js";
import { commentKey, renderFindingLine, renderReviewComment } from "../core/report/review-comment.js";
import { completeCheckRun, DRAFT_TITLE, startCheckRun, type CheckRunRef, type Conclusion } from "./check-run.js";
import { httpStatus, mapLimit, type GitHubClient, type ReviewLog } from "./octokit.js";
import { planComments, suggestionFits, type PlannedComment } from "./place-comments.js";
import { BATCH_READS_FROM, fetchTexts } from "./batch-read.js";
import type { BlobCache } from "./blob-cache.js";
import { changeFromPatch, changeWithoutPatch, fetchText, fileStatus, listPullFiles, MAX_PULL_FILES, type FetchedText, type PullFile, type RepoRef } from "./pull-files.js";
import { withSendGate } from "./pacing.js";
import { listOurComments, resolveFixedThreads, type OurComment } from "./review-threads.js";
import { fetchProjectSettings, fetchSettingsContext, listTree, NEEDS_PROJECT_SETTINGS, type TreeEntry } from "./settings-context.js";
import { planContextFiles, readContextFiles, type TreeBlob } from "./context-files.js";
import { DEPLOYMENT_FILE } from "../core/analysis/deployed-settings.js";

export const CONFIG_PATH = ".github/django-sec.yml";
const CONFIG_PATHS = new Set([CONFIG_PATH, ".github/django-sec.yaml"]);
const FETCH_CONCURRENCY = 8;

/**
 * CPU this process has spent analysing, over all reviews (`process.cpuUsage()` around each analysis, which
 * does not yield on pull requests under 100 files): benchmarks read it to tell the analysis from the rest of
 * a review's CPU (HTTP client, Probot, queue, logging).
 */
export const analysisCpu = { micros: 0, runs: 0 };

/** What to review: a pull request of the base repository at one head commit. */
export interface ReviewTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
}

export interface ReviewDeps {
  octokit: GitHubClient;
  log: ReviewLog;
  /**
   * The app's bot login (`<slug>[bot]`): only its own marked comments are ever deduplicated or resolved.
   * A function is called after the check run exists, so a failure to look it up still ends the run.
   */
  botLogin: string | (() => Promise<string>);
  /** What started the run, for logs (`pull_request.opened`, `recheck`, ...). */
  trigger: string;
  rules?: Rule[];
  /** Texts of files read by earlier runs, by blob SHA: only files not in it are fetched. */
  blobs?: BlobCache;
  /** The check run created `queued` for this review when its delivery arrived, if any: the review takes it over. */
  announcedCheckRun?: () => Promise<number | undefined>;
}

export type ReviewStatus = "reviewed" | "draft" | "superseded" | "closed" | "failed";

export interface ReviewOutcome {
  status: ReviewStatus;
  conclusion: Conclusion;
  checkRun: CheckRunRef;
  /** Inline comments posted in this run's review. */
  posted: number;
  /** In-change findings already commented on by an earlier run. */
  deduped: number;
  resolved: number;
  reviewPosted: boolean;
}

/**
 * Reviews one pull request at one head commit: starts the `django-sec` check run, reads the files and
 * the base branch's config, analyses, posts one review with inline comments on new findings, resolves
 * threads of fixed ones, and completes the check run. The check run always ends: on an unexpected error
 * it completes `neutral` with the reason before the error is rethrown for Probot to log. Everything it
 * needs comes from GitHub (no state in memory), so a queue worker can call it as well as a handler.
 */
export async function runReview(target: ReviewTarget, deps: ReviewDeps): Promise<ReviewOutcome> {
  const ref: RepoRef = { owner: target.owner, repo: target.repo };
  withSendGate(deps.octokit);
  const log = deps.log.child({ repo: `${target.owner}/${target.repo}`, pr: target.pullNumber, sha: target.headSha.slice(0, 7), trigger: deps.trigger });
  const checkRun = await startCheckRun(deps.octokit, ref, target.headSha, target.pullNumber, await deps.announcedCheckRun?.());
  const outcome: ReviewOutcome = { status: "failed", conclusion: "neutral", checkRun, posted: 0, deduped: 0, resolved: 0, reviewPosted: false };
  let completed = false;
  let reason = "an unexpected error";
  const finish = async (status: ReviewStatus, conclusion: Conclusion, title: string, detail: string) => {
    await completeCheckRun(deps.octokit, ref, checkRun.id, conclusion, renderNeutralOutput(title, detail));
    completed = true;
    return Object.assign(outcome, { status, conclusion });
  };
  try {
    const { data: pr } = await deps.octokit.rest.pulls.get({ ...ref, pull_number: target.pullNumber });
    if (await movedOn(deps.octokit, ref, target.headSha, pr.head.sha)) {
      return await finish("superseded", "neutral", `Superseded by ${pr.head.sha.slice(0, 7)}`, supersededText(target.headSha, pr.head.sha));
    }
    if (pr.state === "closed") {
      return await finish("closed", "neutral", "Pull request closed", "The pull request is closed, so django-sec did not review it.");
    }
    if (pr.draft) {
      return await finish("draft", "neutral", DRAFT_TITLE, "This pull request is a draft. django-sec reviews it when it is marked ready for review.");
    }
    const botLogin = typeof deps.botLogin === "string" ? deps.botLogin : await deps.botLogin();
    const review = new Review({ ...deps, botLogin }, ref, target, log, checkRun, pr.base.sha);
    Object.assign(outcome, await review.run(pr.base.ref));
    completed = true;
    return outcome;
  } catch (error) {
    reason = failureReason(error);
    throw error;
  } finally {
    if (!completed) {
      // Best effort: the original error is what Probot should log.
      await deps.octokit.rest.checks
        .update({
          ...ref,
          check_run_id: checkRun.id,
          status: "completed",
          conclusion: "neutral",
          completed_at: new Date().toISOString(),
          output: renderNeutralOutput("Review could not finish", `django-sec could not finish this review because of ${reason}. It runs again on the next push; to retry now, use Re-run or comment \`/django-sec recheck\`.`),
        })
        .catch((error: unknown) => log.error({ err: String(error) }, "check run could not be completed"));
    }
  }
}

/** A short, safe description of what failed: the HTTP status and endpoint, or the error's class. */
function failureReason(error: unknown): string {
  const status = httpStatus(error);
  const request = (error as { request?: { method?: string; url?: string } } | null)?.request;
  if (status && request?.url) {
    const path = new URL(request.url, "https://api.github.com").pathname.replace(/^\/api\/v3(?=\/)/, "");
    return `an error from GitHub (HTTP ${status} for ${request.method ?? "a request to"} ${path})`;
  }
  if (status) return `an error from GitHub (HTTP ${status})`;
  return error instanceof Error ? `an unexpected error (${error.name})` : "an unexpected error";
}

/**
 * Whether the pull request has moved on from `headSha` to `current`, the head GitHub shows now. GitHub's pull
 * request can lag a push it has already announced: when `headSha` is a descendant of `current` ("ahead" of
 * it), GitHub has not caught up, and the run for the real head must not end superseded. Anything else
 * (behind, diverged after a force-push, or a compare GitHub refuses) counts as moved on.
 */
async function movedOn(octokit: GitHubClient, ref: RepoRef, headSha: string, current: string): Promise<boolean> {
  if (current === headSha) return false;
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...ref, basehead: `${current}...${headSha}`, per_page: 1 });
    return data.status !== "ahead";
  } catch (error) {
    if (httpStatus(error) === undefined) throw error;
    return true;
  }
}

function supersededText(old: string, head: string): string {
  return `The pull request moved on to ${head} while ${old.slice(0, 7)} was being reviewed, so this run posted no review. The run for ${head.slice(0, 7)} has the results.`;
}

/** The pull request moved to `head` before a write for the reviewed commit could go. */
class HeadMoved extends Error {
  override name = "HeadMoved";
  constructor(readonly head: string) {
    super(`the pull request moved on to ${head}`);
  }
}

interface LoadedFiles {
  files: SourceFile[];
  contextFiles: SourceFile[];
  /** The base version of changed settings modules, so their file-level findings count only when new. */
  baseFiles: SourceFile[];
  changes: ChangeSet;
  skipped: SkippedFile[];
  notes: string[];
  configChanged: boolean;
  /** Every path in the pull request (new and old names), to tell "fixed" from "file left the PR". */
  prPaths: Set<string>;
}

class Review {
  private readonly rules: Rule[];
  private readonly rulesById: Map<string, Rule>;

  constructor(
    private readonly deps: ReviewDeps & { botLogin: string },
    private readonly ref: RepoRef,
    private readonly target: ReviewTarget,
    private readonly log: ReviewLog,
    private readonly checkRun: CheckRunRef,
    private readonly baseSha: string,
  ) {
    this.rules = deps.rules ?? allRules;
    this.rulesById = new Map(this.rules.map((r) => [r.id, r]));
  }

  async run(baseRef: string): Promise<Partial<ReviewOutcome>> {
    const { octokit } = this.deps;
    const { config, problems } = await this.readConfig(baseRef);
    const loaded = await this.loadFiles(config);
    this.log.info({ files: loaded.files.length, skipped: loaded.skipped.length }, "scan started");
    const cpuBefore = process.cpuUsage();
    const result = await analyzeProject({ files: loaded.files, contextFiles: loaded.contextFiles, baseFiles: loaded.baseFiles, config, rules: this.rules, changes: loaded.changes });
    const cpuUsed = process.cpuUsage(cpuBefore);
    analysisCpu.micros += cpuUsed.user + cpuUsed.system;
    analysisCpu.runs++;
    const inChange = result.findings.filter((f) => f.inChange);
    const preExisting = result.findings.filter((f) => !f.inChange);
    // The comment policy: only findings at or above comment-confidence are commented on and can fail the check.
    const { confident, worthALook } = splitByConfidence(inChange, config.commentConfidence);

    const ours = await listOurComments(octokit, this.ref, this.target.pullNumber, this.deps.botLogin);
    const existingKeys = new Set(ours.map((c) => c.key));
    const plan = planComments(confident, loaded.changes, existingKeys, (f) => fingerprintsOf(f).map(commentKey), config.maxInlineComments);

    // A newer push makes these results stale: GitHub would show them against the wrong commit. A review
    // to post checks the head itself, when the installation's limiter lets its POST go.
    if (!plan.comments.length) {
      const { data: latest } = await octokit.rest.pulls.get({ ...this.ref, pull_number: this.target.pullNumber });
      if (await movedOn(octokit, this.ref, this.target.headSha, latest.head.sha)) {
        await completeCheckRun(octokit, this.ref, this.checkRun.id, "neutral", renderNeutralOutput(`Superseded by ${latest.head.sha.slice(0, 7)}`, supersededText(this.target.headSha, latest.head.sha)));
        this.log.info({ head: latest.head.sha.slice(0, 7) }, "run superseded");
        return { status: "superseded", conclusion: "neutral" };
      }
    }

    const notes = [...loaded.notes];
    let placed: PlacedFinding[];
    try {
      placed = await this.postReview(plan.comments, plan.placed, config, notes);
    } catch (error) {
      if (!(error instanceof HeadMoved)) throw error;
      await completeCheckRun(octokit, this.ref, this.checkRun.id, "neutral", renderNeutralOutput(`Superseded by ${error.head.slice(0, 7)}`, supersededText(this.target.headSha, error.head)));
      this.log.info({ head: error.head.slice(0, 7) }, "run superseded while its review waited to be posted");
      return { status: "superseded", conclusion: "neutral" };
    }
    const stale = this.staleComments(ours, result, loaded);
    const threads = stale.length
      ? await resolveFixedThreads(octokit, this.ref, this.target.pullNumber, stale, this.deps.botLogin, this.target.headSha, this.log)
      : { resolved: 0, answered: 0, keptForPeople: 0 };
    if (threads.keptForPeople) notes.push(`${threads.keptForPeople} earlier comment(s) whose finding is gone were left open because someone replied in them.`);

    const conclusion = checkConclusion(confident, config.failOn, config.commentConfidence);
    // Another tool's comment is listed only when it silenced one of our findings: a bare `# nosec`
    // elsewhere is that tool's business.
    const used = new Set(result.suppressed.map((x) => x.suppression));
    const suppressionsAdded = result.suppressions.filter((s) => {
      const change = loaded.changes.get(s.path);
      return (s.via === undefined || used.has(s)) && (change ? lineInRanges(s.line, change.added) : false);
    });
    const output = renderCheckSummary({
      headSha: this.target.headSha,
      failOn: config.failOn,
      inChange: placed,
      worthALook,
      commentConfidence: config.commentConfidence,
      preExisting,
      rules: this.rulesById,
      filesAnalyzed: result.analyzed.length,
      errors: result.errors,
      skipped: loaded.skipped,
      notes,
      configProblems: problems,
      configChanged: loaded.configChanged,
      suppressionsAdded,
      suppressedCount: result.suppressed.length,
      resolvedThreads: threads.resolved + threads.answered,
      maxInlineComments: config.maxInlineComments,
    });
    await completeCheckRun(octokit, this.ref, this.checkRun.id, conclusion, output, renderAnnotations(inChange, this.rulesById, config.commentConfidence));
    const posted = placed.filter((p) => p.placement === "inline").length;
    const deduped = placed.filter((p) => p.placement === "already-commented").length;
    this.log.info({ findings: result.findings.length, inChange: inChange.length, worthALook: worthALook.length, posted, deduped, outsideChange: preExisting.length, resolved: threads.resolved, conclusion }, "scan finished");
    return { status: "reviewed", conclusion, posted, deduped, resolved: threads.resolved + threads.answered, reviewPosted: placed.some((p) => p.placement === "inline" || p.placement === "review-body") };
  }

  /** The config from the base branch, never the head: a pull request cannot switch off its own review. */
  private async readConfig(baseRef: string): Promise<{ config: Config; problems: ConfigProblem[] }> {
    const knownRuleIds = new Set(this.rules.map((r) => r.id));
    const read = await fetchText(this.deps.octokit, this.ref, CONFIG_PATH, baseRef, 256 * 1024);
    if (read.ok) return parseConfig(read.text, { knownRuleIds });
    if (read.reason === "not-found") return parseConfig(undefined, { knownRuleIds });
    const parsed = parseConfig(undefined, { knownRuleIds });
    return { config: parsed.config, problems: [{ path: CONFIG_PATH, message: `could not be read (${read.detail}); the defaults apply` }] };
  }

  private async loadFiles(config: Config): Promise<LoadedFiles> {
    const { octokit } = this.deps;
    const classify = classifyPaths(config);
    const listed = await listPullFiles(octokit, this.ref, this.target.pullNumber);
    const out: LoadedFiles = { files: [], contextFiles: [], baseFiles: [], changes: new Map(), skipped: [], notes: [], configChanged: false, prPaths: new Set() };
    if (listed.length >= MAX_PULL_FILES) out.notes.push(`GitHub lists at most ${MAX_PULL_FILES} files of a pull request; files beyond that were not reviewed.`);
    for (const f of listed) {
      out.prPaths.add(f.filename);
      if (f.previous_filename) out.prPaths.add(f.previous_filename);
      if (CONFIG_PATHS.has(f.filename)) out.configChanged = true;
    }
    const wanted = listed.filter((f) => fileStatus(f.status) !== undefined && classify.language(f.filename) !== undefined);
    const known = new Map<string, FetchedText>();
    for (const f of wanted) {
      const text = this.deps.blobs?.get(this.repoName, f.sha);
      if (text !== undefined) known.set(f.filename, { ok: true, text });
    }
    // The repository tree (for the project context and settings) is listed while the files are read.
    const needsContext = wanted.some((f) => fileStatus(f.status) !== undefined && (classify.language(f.filename) === "template" || !classify.isSettingsModule(f.filename)));
    if (needsContext) void this.listTree();
    const unread = wanted.filter((f) => !known.has(f.filename));
    // Large pull requests are read 100 files to a GraphQL query, keeping under GitHub's REST points a minute.
    if (unread.length > BATCH_READS_FROM) {
      for (const [path, read] of await fetchTexts(octokit, this.ref, this.target.headSha, unread.map((f) => f.filename), config.maxFileSize, this.log)) known.set(path, read);
    }
    const loaded = await mapLimit(wanted, FETCH_CONCURRENCY, (f) => this.loadFile(f, config, known.get(f.filename)));
    for (const item of loaded) {
      if ("reason" in item) out.skipped.push(item);
      else {
        out.files.push(item.file);
        out.changes.set(item.file.path, item.change);
        if (item.note) out.notes.push(item.note);
      }
    }
    // The project context is read while the settings modules are (it never includes settings modules).
    const context = needsContext
      ? this.readProjectContext(out, config).catch((error: unknown) => {
          this.log.warn({ error: error instanceof Error ? error.name : "error" }, "project context not read; the analysis goes on without it");
          return [];
        })
      : Promise.resolve([]);
    const settings = out.files.filter((f) => classify.isSettingsModule(f.path));
    out.baseFiles = await this.readBaseSettings(settings, out.changes, config);
    if (settings.length) {
      out.contextFiles = await fetchSettingsContext(octokit, this.ref, this.target.headSha, settings, new Set(out.files.map((f) => f.path)), config.maxFileSize);
    }
    // Whether editing views need their own access checks depends on the project's MIDDLEWARE, and
    // whether a single settings.py is what production runs depends on the other settings modules.
    if (out.files.some((f) => classify.language(f.path) === "python" && (classify.isSettingsModule(f.path) || NEEDS_PROJECT_SETTINGS.test(f.text)))) {
      const known = new Set([...out.files, ...out.contextFiles].map((f) => f.path));
      out.contextFiles.push(...(await fetchProjectSettings(octokit, this.ref, this.target.headSha, classify.isSettingsModule, known, (path, sha) => this.readBlob(path, sha, config), this.listTree())));
    }
    const settled = new Set(out.contextFiles.map((f) => f.path));
    out.contextFiles.push(...(await context).filter((f) => !settled.has(f.path)));
    return out;
  }

  private treeListing?: Promise<TreeEntry[] | undefined>;

  /** The repository tree at the head commit, listed once per run (undefined when GitHub does not answer). */
  private listTree(): Promise<TreeEntry[] | undefined> {
    this.treeListing ??= listTree(this.deps.octokit, this.ref, this.target.headSha);
    return this.treeListing;
  }

  /**
   * Files beyond the pull request that the project index needs to know what the CLI knows from the whole tree:
   * what the changed modules import, their app's decorators, utils, forms and models, the views of a changed
   * template, the templates a changed view names, and the repository's URLconfs (see `planContextFiles` for the
   * bounds). Read through the blob cache, the rest in one GraphQL query; a failure only means less context.
   */
  private async readProjectContext(out: LoadedFiles, config: Config): Promise<SourceFile[]> {
    const tree = await this.listTree();
    if (!tree) {
      this.log.warn({}, "repository tree not listed; the analysis goes on without project context");
      return [];
    }
    const classify = classifyPaths(config);
    const known = new Set([...out.prPaths, ...out.files.map((f) => f.path)]);
    const blobs = tree.filter((e): e is TreeBlob & TreeEntry => e.type === "blob" && typeof e.path === "string" && typeof e.sha === "string");
    const eligible = (path: string) => !known.has(path) && classify.language(path) !== undefined && !classify.isSettingsModule(path) && !DEPLOYMENT_FILE.test(path);
    const changed = out.files.filter((f) => !classify.isSettingsModule(f.path));
    const plan = planContextFiles(changed, blobs, eligible);
    if (!plan.files.length) return [];
    const cache = { get: (sha: string) => this.deps.blobs?.get(this.repoName, sha), set: (sha: string, text: string) => this.deps.blobs?.set(this.repoName, sha, text) };
    const read = await readContextFiles(this.deps.octokit, this.ref, this.target.headSha, plan.files, config.maxFileSize, cache, this.log);
    this.log.info({ related: plan.related, urlconfs: plan.urlconfs, leftOut: plan.leftOut, urlconfsLeftOut: plan.urlconfsLeftOut, cached: read.cached, failed: read.failed }, "project context read");
    return read.files;
  }

  private async loadFile(f: PullFile, config: Config, known: FetchedText | undefined): Promise<SkippedFile | { file: SourceFile; change: ReturnType<typeof changeWithoutPatch>; note?: string }> {
    const read = known ?? (await fetchText(this.deps.octokit, this.ref, f.filename, this.target.headSha, config.maxFileSize));
    if (!read.ok) {
      this.log.warn({ path: f.filename, reason: read.reason }, "file skipped");
      return { path: f.filename, reason: `${read.reason}: ${read.detail}` };
    }
    this.deps.blobs?.set(this.repoName, f.sha, read.text);
    const file = { path: f.filename, text: read.text };
    const change = changeFromPatch(f);
    if (change) return { file, change };
    // GitHub leaves `patch` out for very large diffs: compare with the base version ourselves.
    const base = fileStatus(f.status) === "added" ? undefined : await this.fetchBase(f, config);
    const note = `GitHub did not include the diff of \`${f.filename.replace(/`/g, "'")}\` (too large): the whole file was analysed${base === undefined && fileStatus(f.status) !== "added" ? " and every line counted as changed" : ", changed lines found by comparing with the base branch"}; its findings are listed here, not inline.`;
    return { file, change: changeWithoutPatch(f, read.text, base), note };
  }

  private get repoName(): string {
    return `${this.ref.owner}/${this.ref.repo}`;
  }

  /** A file at the head commit, through the blob cache. */
  private async readBlob(path: string, sha: string, config: Config): Promise<string | undefined> {
    const cached = this.deps.blobs?.get(this.repoName, sha);
    if (cached !== undefined) return cached;
    const read = await fetchText(this.deps.octokit, this.ref, path, this.target.headSha, config.maxFileSize);
    if (!read.ok) return undefined;
    this.deps.blobs?.set(this.repoName, sha, read.text);
    return read.text;
  }

  /**
   * The base version of each changed (not added) settings module: one read each, kept in the blob cache
   * under the base commit and path (which name its content as a blob SHA would), so later pushes of
   * the pull request do not read it again. A module whose base cannot be read is left out.
   */
  private async readBaseSettings(settings: SourceFile[], changes: ChangeSet, config: Config): Promise<SourceFile[]> {
    const wanted = settings.flatMap((f) => {
      const change = changes.get(f.path);
      return change && change.status !== "added" && change.added.length ? [change.oldPath ?? change.path] : [];
    });
    const read = await mapLimit(wanted, FETCH_CONCURRENCY, async (path): Promise<SourceFile | undefined> => {
      const key = `base:${this.baseSha}:${path}`;
      const cached = this.deps.blobs?.get(this.repoName, key);
      if (cached !== undefined) return { path, text: cached };
      const got = await fetchText(this.deps.octokit, this.ref, path, this.baseSha, config.maxFileSize);
      if (!got.ok) {
        this.log.warn({ path, reason: got.reason }, "base version of a settings module not read; its file-level findings count as changed");
        return undefined;
      }
      this.deps.blobs?.set(this.repoName, key, got.text);
      return { path, text: got.text };
    });
    return read.filter((f): f is SourceFile => f !== undefined);
  }

  private async fetchBase(f: PullFile, config: Config): Promise<string | undefined> {
    const read = await fetchText(this.deps.octokit, this.ref, f.previous_filename ?? f.filename, this.baseSha, config.maxFileSize);
    return read.ok ? read.text : undefined;
  }

  /**
   * Posts one review with the planned inline comments. GitHub rejects a whole batched review (422)
   * when one comment does not fit the diff, and does not say which: the review is then posted again
   * with the comments in its body, so it is never lost. A run with nothing new posts no review.
   */
  private async postReview(comments: PlannedComment[], placed: PlacedFinding[], config: Config, notes: string[]): Promise<PlacedFinding[]> {
    if (!comments.length) return placed;
    const { octokit } = this.deps;
    const body = this.reviewBody(comments.length);
    // The review may wait seconds for the installation's limiter: the head is checked when it may go.
    const base = { ...this.ref, pull_number: this.target.pullNumber, commit_id: this.target.headSha, event: config.reviewEvent, request: { beforeSend: () => this.assertStillHead() } };
    try {
      await octokit.rest.pulls.createReview({
        ...base,
        body,
        comments: comments.map((c) => ({
          path: c.finding.path,
          line: c.anchor.line,
          side: "RIGHT" as const,
          ...(c.anchor.startLine !== undefined ? { start_line: c.anchor.startLine, start_side: "RIGHT" as const } : {}),
          body: renderReviewComment(c.finding, this.rulesById.get(c.finding.ruleId), { suggest: suggestionFits(c.finding, c.anchor) }),
        })),
      });
      return placed;
    } catch (error) {
      const status = httpStatus(error);
      if (status !== 422 && status !== 403 && status !== 404) throw error;
      this.log.warn({ status, comments: comments.length }, "review with inline comments refused");
      if (status === 422) {
        const listed = comments.map((c) => renderFindingLine(c.finding, this.rulesById.get(c.finding.ruleId)));
        try {
          await octokit.rest.pulls.createReview({ ...base, body: `${body}\n\nGitHub did not accept these as inline comments:\n\n${listed.join("\n")}` });
          return placed.map((p) => (p.placement === "inline" ? { ...p, placement: "review-body" as const } : p));
        } catch (retryError) {
          if (retryError instanceof HeadMoved || !httpStatus(retryError)) throw retryError;
          this.log.warn({ status: httpStatus(retryError) }, "review without inline comments refused");
        }
      }
      notes.push(`The review could not be posted (GitHub answered HTTP ${status}); all findings are listed in this check run.`);
      return placed.map((p) => (p.placement === "inline" ? { ...p, placement: "not-posted" as const } : p));
    }
  }

  /** Throws `HeadMoved` when the pull request's head is no longer the reviewed commit. */
  private async assertStillHead(): Promise<void> {
    const { data } = await this.deps.octokit.rest.pulls.get({ ...this.ref, pull_number: this.target.pullNumber });
    if (await movedOn(this.deps.octokit, this.ref, this.target.headSha, data.head.sha)) throw new HeadMoved(data.head.sha);
  }

  private reviewBody(count: number): string {
    const link = this.checkRun.htmlUrl ? `[django-sec check run](${this.checkRun.htmlUrl})` : "django-sec check run";
    return `django-sec found ${count === 1 ? "1 new finding" : `${count} new findings`} on the lines changed at ${this.target.headSha.slice(0, 7)}. The ${link} has the summary, and any findings that could not be commented inline.`;
  }

  /** Our comments whose finding is gone from a file that was analysed again (or has left the pull request). */
  private staleComments(ours: OurComment[], result: AnalysisResult, loaded: LoadedFiles): OurComment[] {
    // A suppressed finding counts as gone: the suppression comment answers it.
    const current = new Set(result.findings.flatMap((f) => fingerprintsOf(f).map(commentKey)));
    const analysed = new Set(result.analyzed.map((a) => a.path));
    const failed = new Set([...result.errors.map((e) => e.path), ...loaded.skipped.map((s) => s.path)]);
    return ours.filter((c) => !current.has(c.key) && !failed.has(c.path) && (analysed.has(c.path) || !loaded.prPaths.has(c.path)));
  }
}
