import type { Context, Probot } from "probot";
import type { Rule } from "../core/analysis/define-rule.js";
import { CHECK_NAME } from "./check-run.js";
import { httpStatus, type GitHubClient, type ReviewLog } from "./octokit.js";
import { runReview, type ReviewTarget } from "./run-review.js";

export interface HandlerOptions {
  /** Rules to run (default: every rule). */
  rules?: Rule[];
}

export const RECHECK_COMMAND = "/django-sec recheck";
const REVIEW_ACTIONS = ["opened", "synchronize", "reopened", "ready_for_review"] as const;
const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

interface AppIdentity {
  id: number;
  botLogin: string;
}

/**
 * Registers the webhook handlers: pull request events, the Re-run buttons and `/django-sec recheck`.
 * Handlers keep no state between deliveries, so a queue worker holding a Probot instance can replay a
 * verified delivery through `probot.receive({ id, name, payload })` and get the same behaviour.
 */
export function registerHandlers(app: Probot, options: HandlerOptions = {}): void {
  const identity = appIdentity(app);

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
      const { data } = await context.octokit.rest.checks.listForSuite({ ...ref, check_suite_id: suite.id, check_name: CHECK_NAME, filter: "all" });
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
    const octokit = context.octokit as unknown as GitHubClient;
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
    await octokit.rest.reactions.createForIssueComment({ ...ref, comment_id: comment.id, content: "eyes" });
    const { data: pr } = await octokit.rest.pulls.get({ ...ref, pull_number: issue.number });
    await review(context, { ...ref, pullNumber: issue.number, headSha: pr.head.sha }, "recheck");
  });

  async function review(context: Context, target: ReviewTarget, trigger: string): Promise<void> {
    await runReview(target, {
      octokit: context.octokit as unknown as GitHubClient,
      log: logFor(context),
      botLogin: async () => (await identity()).botLogin,
      trigger,
      rules: options.rules,
    });
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
