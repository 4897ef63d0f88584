import type { CheckAnnotation, CheckOutput } from "../core/report/check-summary.js";
import type { RepoRef } from "./pull-files.js";
import type { GitHubClient } from "./octokit.js";

/** Stable, so repositories can make it a required status check. */
export const CHECK_NAME = "django-sec";
/** Title of the run on a draft's head (`neutral`); the sweeper looks for it on pull requests that are ready now. */
export const DRAFT_TITLE = "Draft: will review when ready";
/** Title of a run closed because its review was interrupted; a new run follows it. */
export const INTERRUPTED_TITLE = "Interrupted";
/** Title of a run the sweeper closed after re-queuing its review did not finish it. */
export const LOST_TITLE = "Review lost";
/** https://docs.github.com/en/rest/checks/runs#update-a-check-run: "maximum of 50 per API request". */
export const ANNOTATIONS_PER_REQUEST = 50;

export type Conclusion = "success" | "failure" | "neutral";

export interface CheckRunRef {
  id: number;
  htmlUrl: string | null;
}

/** Title of a run created when the delivery arrived, before a worker took its review. */
export const QUEUED_TITLE = "Queued";

/**
 * Creates the check run `queued` when a delivery arrives (https://docs.github.com/en/rest/checks/runs:
 * `status` queued, in_progress or completed), so the pull request shows it at once however long the review
 * waits for a worker; the review takes it over with `startCheckRun`. `started_at` is when it was queued: the
 * stuck-run sweeper measures a run's age from it, so a run whose job was lost is found like any other.
 */
export async function announceCheckRun(octokit: GitHubClient, ref: RepoRef, headSha: string, pullNumber: number): Promise<CheckRunRef> {
  const { data } = await octokit.rest.checks.create({
    ...ref,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "queued",
    external_id: String(pullNumber),
    started_at: new Date().toISOString(),
    output: { title: QUEUED_TITLE, summary: "django-sec will review the changed files shortly." },
  });
  return { id: data.id, htmlUrl: data.html_url ?? null };
}

/**
 * Starts the check run on the head commit: the run announced for this job when its delivery arrived
 * (`announced`, moved to `in_progress`), else a new one. The pull request number goes in `external_id`,
 * because re-run events for pull requests from forks arrive with an empty `pull_requests` list. An announced
 * run GitHub no longer has (404) or refuses to update (422) is replaced by a new one.
 */
export async function startCheckRun(octokit: GitHubClient, ref: RepoRef, headSha: string, pullNumber: number, announced?: number): Promise<CheckRunRef> {
  if (announced !== undefined) {
    try {
      const { data } = await octokit.rest.checks.update({
        ...ref,
        check_run_id: announced,
        status: "in_progress",
        started_at: new Date().toISOString(),
        output: { title: "Reviewing", summary: "django-sec is reviewing the changed files." },
      });
      return { id: data.id, htmlUrl: data.html_url ?? null };
    } catch (error) {
      const status = (error as { status?: unknown } | null)?.status;
      if (status !== 404 && status !== 422) throw error;
    }
  }
  const { data } = await octokit.rest.checks.create({
    ...ref,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    external_id: String(pullNumber),
    started_at: new Date().toISOString(),
    output: { title: "Reviewing", summary: "django-sec is reviewing the changed files." },
  });
  return { id: data.id, htmlUrl: data.html_url ?? null };
}

/**
 * Completes the check run. Annotations go 50 per request (each update appends), the last batch
 * together with the conclusion, so the run is never complete with annotations still missing.
 */
export async function completeCheckRun(
  octokit: GitHubClient,
  ref: RepoRef,
  checkRunId: number,
  conclusion: Conclusion,
  output: CheckOutput,
  annotations: readonly CheckAnnotation[] = [],
): Promise<void> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const last = batches.pop() ?? [];
  for (const batch of batches) {
    await octokit.rest.checks.update({ ...ref, check_run_id: checkRunId, output: { ...output, annotations: batch } });
  }
  await octokit.rest.checks.update({
    ...ref,
    check_run_id: checkRunId,
    status: "completed",
    conclusion,
    completed_at: new Date().toISOString(),
    output: last.length ? { ...output, annotations: last } : output,
  });
}
