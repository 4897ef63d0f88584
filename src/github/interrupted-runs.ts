import type { Probot } from "probot";
import { CHECK_NAME, INTERRUPTED_TITLE } from "./check-run.js";
import type { GitHubClient } from "./octokit.js";

type Obj = Record<string, any>;

/** The repository and head commit a delivery is about, when it names one. */
function commitOf(name: string, payload: Obj): { owner: string; repo: string; sha: string; installationId: number } | undefined {
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const installationId = payload.installation?.id;
  const sha = name === "pull_request" ? payload.pull_request?.head?.sha : name === "check_run" ? payload.check_run?.head_sha : name === "check_suite" ? payload.check_suite?.head_sha : undefined;
  return owner && repo && sha && typeof installationId === "number" ? { owner, repo, sha, installationId } : undefined;
}

/**
 * A worker that died mid-review leaves its check run `in_progress`, and a required check would wait for it
 * forever. Before a job runs again (a retry, a takeover, or a sweeper's re-queue of a lost job), and before
 * anything decides the job is obsolete, complete this app's unfinished `django-sec` runs on the same commit as
 * `neutral`; the new run then reports the result (or that the pull request moved on). Returns how many runs
 * were closed.
 */
export async function closeInterruptedCheckRuns(probot: Probot, name: string, payload: Obj): Promise<number> {
  const commit = commitOf(name, payload);
  if (!commit) return 0;
  const appOctokit = (await probot.auth()) as unknown as GitHubClient;
  const { data: self } = await appOctokit.rest.apps.getAuthenticated();
  const octokit = (await probot.auth(commit.installationId)) as unknown as GitHubClient;
  const ref = { owner: commit.owner, repo: commit.repo };
  const { data } = await octokit.rest.checks.listForRef({ ...ref, ref: commit.sha, check_name: CHECK_NAME, filter: "all", per_page: 100 });
  const stuck = data.check_runs.filter((run) => run.status !== "completed" && run.app?.id === self?.id);
  for (const run of stuck) {
    await octokit.rest.checks.update({
      ...ref,
      check_run_id: run.id,
      status: "completed",
      conclusion: "neutral",
      completed_at: new Date().toISOString(),
      output: {
        title: INTERRUPTED_TITLE,
        summary: "The review was interrupted before it finished (its worker stopped, or its queued job was lost). A new run reviews this commit again, or says that the pull request has moved on to a newer commit.",
      },
    });
  }
  return stuck.length;
}
