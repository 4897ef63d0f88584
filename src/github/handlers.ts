import type { Context, Probot } from "probot";
import { allRules } from "../../rules/index.js";
import { isDocsBase, withDocsBase, type Rule } from "../core/analysis/define-rule.js";
import { BlobCache } from "./blob-cache.js";
import { CHECK_NAME } from "./check-run.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, httpStatus, withoutRequestBodies, withRequestTimeout, withSecondaryRateLimitWait, withTokenRefresh, type GitHubClient, type ReviewLog } from "./octokit.js";
import { runReview, type ReviewTarget } from "./run-review.js";
import { jobScope } from "../queue/announcements.js";

export interface HandlerOptions {
  /** Rules to run (default: every rule). */
  rules?: Rule[];
  /**
   * Where rule documentation links point, e.g. a fork's or a GitHub Enterprise install's docs/rules.md
   * followed by `#` (default: `DJANGO_SEC_RULE_DOCS_BASE`, else django-sec's own docs).
   */
  ruleDocsBase?: string;
  /** Time limit of one GitHub request attempt (default: `DJANGO_SEC_REQUEST_TIMEOUT_MS`, else 30 s). */
  requestTimeoutMs?: number;
  /** At most one `/django-sec recheck` per pull request in this window (default: 60 s). */
  recheckIntervalMs?: number;
  /** Clock for the recheck window (tests). */
  now?: () => number;
  /** Memory for file texts kept between runs, by blob SHA (default: `DJANGO_SEC_BLOB_CACHE_MB`, else 64 MiB; 0 turns it off). */
  blobCacheBytes?: number;
}

export const DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024;

export const DEFAULT_RECHECK_INTERVAL_MS = 60_000;

export const RECHECK_COMMAND = "/django-sec recheck";
const REVIEW_ACTIONS = ["opened", "synchronize", "reopened", "ready_for_review"] as const;
const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

interface AppIdentity {
  id: number;
  botLogin: string;
}

/**
 * Registers the webhook handlers: pull request events, the Re-run buttons and `/django-sec recheck`.
 * Handlers keep no state between deliveries but the recheck rate limit and a cache of file texts by
 * blob SHA (both per process, neither needed for correctness), so a queue worker holding a Probot
 * instance can replay a verified delivery through `probot.receive({ id, name, payload })` and get the
 * same behaviour.
 */
export function registerHandlers(app: Probot, options: HandlerOptions = {}): void {
  const identity = appIdentity(app);
  const timeoutMs = options.requestTimeoutMs ?? (Number(process.env.DJANGO_SEC_REQUEST_TIMEOUT_MS) || DEFAULT_REQUEST_TIMEOUT_MS);
  const clientOf = (context: Context) =>
    withoutRequestBodies(withSecondaryRateLimitWait(withTokenRefresh(withRequestTimeout(context.octokit as unknown as GitHubClient, timeoutMs))));
  const envMb = Number(process.env.DJANGO_SEC_BLOB_CACHE_MB);
  const cacheBytes = options.blobCacheBytes ?? (process.env.DJANGO_SEC_BLOB_CACHE_MB && envMb >= 0 ? envMb * 1024 * 1024 : DEFAULT_BLOB_CACHE_BYTES);
  const blobs = cacheBytes > 0 ? new BlobCache(cacheBytes) : undefined;
  const rules = reviewRules(app, options);
  const recheckLimit = new RecheckLimit(options.recheckIntervalMs ?? DEFAULT_RECHECK_INTERVAL_MS, options.now ?? Date.now);

  app.on(REVIEW_ACTIONS.map((a) => `pull_request.${a}` as const), async (context) => {
    const { pull_request: pr, repository } = context.payload;
    const target = { owner: repository.owner.login, repo: repository.name, pullNumber: pr.number, headSha: pr.head.sha };
    await review(context, target, `pull_request.${context.payload.action}`);
  });

  app.on("check_run.rerequested", async (context) => {
    const run = context.payload.check_run;
    if (run.name !== CHECK_NAME) return;
    // Runs named like ours by another app are not ours to redo.
    if (run.app?.id !== (await identity()).id) return;
    const pullNumber = run.pull_requests[0]?.number ?? prNumberFrom(run.external_id);
    if (!pullNumber) return void logFor(context).warn({ checkRun: run.id }, "re-run without a pull request ignored");
    const { repository } = context.payload;
    await review(context, { owner: repository.owner.login, repo: repository.name, pullNumber, headSha: run.head_sha }, "check_run.rerequested");
  });

  app.on("check_suite.rerequested", async (context) => {
    const suite = context.payload.check_suite;
    if (suite.app?.id !== (await identity()).id) return;
    const { repository } = context.payload;
    const ref = { owner: repository.owner.login, repo: repository.name };
    let pullNumber: number | undefined = suite.pull_requests[0]?.number;
    if (!pullNumber) {
      // Pushes from forks come with an empty `pull_requests`: our earlier check run knows its PR.
      const { data } = await clientOf(context).rest.checks.listForSuite({ ...ref, check_suite_id: suite.id, check_name: CHECK_NAME, filter: "all" });
      pullNumber = data.check_runs.map((r) => prNumberFrom(r.external_id)).find((n) => n !== undefined);
    }
    if (!pullNumber) return void logFor(context).warn({ checkSuite: suite.id }, "re-run without a pull request ignored");
    await review(context, { ...ref, pullNumber, headSha: suite.head_sha }, "check_suite.rerequested");
  });

  app.on("issue_comment.created", async (context) => {
    const { comment, issue, repository } = context.payload;
    if (!issue.pull_request || !isRecheck(comment.body)) return;
    if (comment.user?.type === "Bot") return;
    const ref = { owner: repository.owner.login, repo: repository.name };
    const octokit = clientOf(context);
    const login = comment.user?.login ?? "";
    const allowed = login === issue.user?.login || (await hasWriteAccess(octokit, ref, login));
    if (!allowed) {
      await octokit.rest.reactions.createForIssueComment({ ...ref, comment_id: comment.id, content: "confused" });
      await octokit.rest.issues.createComment({
        ...ref,
        issue_number: issue.number,
        body: `@${login} only the pull request's author or people with write access to this repository can run \`${RECHECK_COMMAND}\`.`,
      });
      logFor(context).info({ user: login }, "recheck refused");
      return;
    }
    // A loop of rechecks (a script, a bot war) would run one review each: one per pull request per window.
    const limit = recheckLimit.take(`${repository.full_name}#${issue.number}`, context.id);
    if (limit.state !== "run") {
      await octokit.rest.reactions.createForIssueComment({ ...ref, comment_id: comment.id, content: "confused" });
      if (limit.state === "notify") {
        await octokit.rest.issues.createComment({
          ...ref,
          issue_number: issue.number,
          body: `@${login} a recheck of this pull request ran less than ${Math.ceil(recheckLimit.intervalMs / 1000)} seconds ago. Try again in ${Math.ceil(limit.waitMs / 1000)} seconds.`,
        });
      }
      logFor(context).info({ user: login, waitMs: limit.waitMs }, "recheck rate-limited");
      return;
    }
    await octokit.rest.reactions.createForIssueComment({ ...ref, comment_id: comment.id, content: "eyes" });
    const { data: pr } = await octokit.rest.pulls.get({ ...ref, pull_number: issue.number });
    await review(context, { ...ref, pullNumber: issue.number, headSha: pr.head.sha }, "recheck");
  });

  async function review(context: Context, target: ReviewTarget, trigger: string): Promise<void> {
    await runReview(target, {
      octokit: clientOf(context),
      log: logFor(context),
      botLogin: async () => (await identity()).botLogin,
      trigger,
      rules,
      blobs,
      // A pull request's push gets its check run `queued` when the delivery arrives (app-server.ts).
      announcedCheckRun: context.name === "pull_request" ? jobScope.getStore()?.announcedCheckRun : undefined,
    });
  }
}

/** The rules with their docs links under the configured base; a base that is not a URL is logged and the default kept. */
function reviewRules(app: Probot, options: HandlerOptions): Rule[] | undefined {
  const base = options.ruleDocsBase ?? process.env.DJANGO_SEC_RULE_DOCS_BASE;
  if (base === undefined || base === "") return options.rules;
  if (!isDocsBase(base)) {
    app.log.warn("DJANGO_SEC_RULE_DOCS_BASE is not an http(s) URL; rule links point to django-sec's own docs");
    return options.rules;
  }
  return withDocsBase(options.rules ?? allRules, base);
}

/**
 * One recheck per pull request per window, in this process. The first refused command in a window gets
 * a short reply ("notify"), later ones only a reaction ("quiet"), so a loop cannot make the app spam either.
 * The delivery that opened the window may run again (a queue retrying a failed attempt, a redelivery).
 */
export class RecheckLimit {
  private readonly last = new Map<string, { at: number; notified: boolean; delivery?: string }>();

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, delivery?: string): { state: "run" | "notify" | "quiet"; waitMs: number } {
    const now = this.now();
    for (const [k, v] of this.last) if (now - v.at >= this.intervalMs) this.last.delete(k);
    const seen = this.last.get(key);
    if (!seen) {
      this.last.set(key, { at: now, notified: false, delivery });
      return { state: "run", waitMs: 0 };
    }
    if (delivery !== undefined && seen.delivery === delivery) return { state: "run", waitMs: 0 };
    const waitMs = this.intervalMs - (now - seen.at);
    if (seen.notified) return { state: "quiet", waitMs };
    seen.notified = true;
    return { state: "notify", waitMs };
  }
}

/** True for a comment whose first line is the recheck command (nothing else on that line but spaces). */
export function isRecheck(body: string | null | undefined): boolean {
  const first = (body ?? "").trimStart().split(/\r?\n/, 1)[0].trim();
  return first === RECHECK_COMMAND || first.startsWith(`${RECHECK_COMMAND} `);
}

/** The pull request number a check run carries in `external_id`. */
export function prNumberFrom(externalId: string | null | undefined): number | undefined {
  return externalId && /^[1-9]\d{0,9}$/.test(externalId) ? Number(externalId) : undefined;
}

async function hasWriteAccess(octokit: GitHubClient, ref: { owner: string; repo: string }, username: string): Promise<boolean> {
  if (!username) return false;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...ref, username });
    return WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has(data.role_name ?? "");
  } catch (error) {
    // 404: not a collaborator. Anything else is an infrastructure failure for Probot to log.
    if (httpStatus(error) === 404) return false;
    throw error;
  }
}

/** The app's id and bot login, read once from `GET /app` (app-authenticated) and kept: they never change. */
function appIdentity(app: Probot): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | undefined;
  return () => {
    pending ??= (async () => {
      const octokit = (await app.auth()) as unknown as GitHubClient;
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data) throw new Error("GET /app returned no app: check APP_ID and PRIVATE_KEY");
      return { id: data.id, botLogin: `${data.slug}[bot]` };
    })().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

function logFor(context: Context): ReviewLog {
  return context.log.child({ delivery: context.id, event: context.name }) as unknown as ReviewLog;
}
