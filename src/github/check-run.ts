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

/**
 * Starts the check run on the head commit. The pull request number goes in `external_id`, because
 * re-run events for pull requests from forks arrive with an empty `pull_requests` list.
 */
export async function startCheckRun(octokit: GitHubClient, ref: RepoRef, headSha: string, pullNumber: number): Promise<CheckRunRef> {
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
