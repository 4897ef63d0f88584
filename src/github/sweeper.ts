import type { QueuedEvent } from "../queue/job-key.js";
import { CHECK_NAME, DRAFT_TITLE, INTERRUPTED_TITLE, LOST_TITLE } from "./check-run.js";
import type { GitHubClient, ReviewLog } from "./octokit.js";

export interface SweepOptions {
  /** A run `in_progress` longer than this was lost: a review takes minutes (default 30 minutes). */
  stuckAfterMs: number;
  /** A lost run still `in_progress` this long after it started, although it was re-queued, is closed `neutral` (default 3 hours). */
  giveUpAfterMs: number;
  /** GitHub requests one sweep makes per installation (default 60), so a sweep costs a bounded share of its 5,000 an hour. */
  requestsPerInstallation: number;
  /** Installations looked at per sweep (default 1,000; listed 100 a page). */
  maxInstallations: number;
  /** Repositories listed per installation (default 1,000). */
  maxRepositories: number;
  /** Pull requests not updated for this long are not looked at (default 14 days, when GitHub marks an unfinished run stale). */
  horizonMs: number;
  /** Reviews one sweep queues per installation (default 10), so a sweep never floods an installation's rate limit. */
  requeuesPerInstallation: number;
  now: () => number;
}

export const DEFAULT_SWEEP_OPTIONS: Omit<SweepOptions, "now"> = {
  stuckAfterMs: 30 * 60_000,
  giveUpAfterMs: 3 * 3600_000,
  requestsPerInstallation: 60,
  maxInstallations: 1000,
  maxRepositories: 1000,
  horizonMs: 14 * 24 * 3600_000,
  requeuesPerInstallation: 10,
};

export interface SweepReport {
  installations: number;
  repositories: number;
  /** Open pull requests whose head's check runs were looked at. */
  pulls: number;
  /** `django-sec` runs of this app found `in_progress` for longer than a review can take. */
  stuck: number;
  /** Stuck runs whose review was queued again (the new job closes the stuck run first). */
  requeued: number;
  /**
   * Heads of ready pull requests, quiet for longer than a review takes, with no run of ours or only one that
   * did not review them (a draft's, an interrupted one's, a superseded one's): their review was queued (again).
   */
  unreviewed: number;
  /** Stuck runs closed `neutral` with the reason, after a re-queue did not finish them. */
  closed: number;
  /** Installations whose request budget ran out: the next sweep carries on where this one stopped. */
  unfinished: number;
  /** Installations whose sweep failed (logged; the next sweep tries again). */
  failed: number;
}

export interface SweepDeps {
  /** The app-authenticated client (`GET /app`, `GET /app/installations`). */
  appOctokit(): Promise<GitHubClient>;
  installationOctokit(installationId: number): Promise<GitHubClient>;
  enqueue(event: QueuedEvent): Promise<{ added: boolean }>;
  log: ReviewLog;
}

interface RepoItem {
  name: string;
  owner: { login: string };
  full_name: string;
}

/** Where an installation's last unfinished sweep stopped. */
interface Cursor {
  repo: number;
  pull: number;
}

class BudgetSpent extends Error {}

/** Titles of our completed runs that are not a review of their commit. */
function notAReview(title: string | null | undefined): boolean {
  return title === DRAFT_TITLE || title === INTERRUPTED_TITLE || !!title?.startsWith("Superseded by ");
}

/**
 * Finds `django-sec` check runs left `in_progress` by a review that will never finish (its worker died, or
 * the queue lost the job when Redis restarted without persistence), on the heads of open pull requests of
 * the app's installations, and queues their review again; the job closes the stuck run as `neutral`, then
 * reviews. A run re-queued but still stuck long after is closed `neutral` with the reason. Every loop is
 * bounded: installations, repositories, pull requests (one page each, most recently updated first) and a
 * request budget per installation, with a cursor so the next sweep carries on where a spent budget stopped.
 */
export class StuckRunSweeper {
  private readonly options: SweepOptions;
  private readonly cursors = new Map<number, Cursor>();
  private stopped = false;

  constructor(
    private readonly deps: SweepDeps,
    options: Partial<SweepOptions> = {},
  ) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_SWEEP_OPTIONS, now: Date.now, ...defined };
    // Enough to list the repositories and still look at one pull request, so every sweep makes progress.
    this.options.requestsPerInstallation = Math.max(this.options.requestsPerInstallation, Math.ceil(this.options.maxRepositories / 100) + 2);
  }

  /** Makes a running sweep stop at its next request (shutdown). */
  stop(): void {
    this.stopped = true;
  }

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { installations: 0, repositories: 0, pulls: 0, stuck: 0, requeued: 0, unreviewed: 0, closed: 0, unfinished: 0, failed: 0 };
    const app = await this.deps.appOctokit();
    const { data: self } = await app.rest.apps.getAuthenticated();
    if (!self) throw new Error("GET /app returned no app");
    for (let page = 1; page <= Math.ceil(this.options.maxInstallations / 100) && !this.stopped; page++) {
      const { data: installations } = await app.rest.apps.listInstallations({ per_page: 100, page });
      for (const installation of installations) {
        if (this.stopped) break;
        if (installation.suspended_at) continue;
        report.installations++;
        try {
          await this.sweepInstallation(installation.id, self.id, Date.parse(installation.created_at), report);
        } catch (error) {
          if (error instanceof BudgetSpent) report.unfinished++;
          else {
            report.failed++;
            this.deps.log.warn({ err: String(error), installation: installation.id }, "sweep of an installation failed");
          }
        }
      }
      if (installations.length < 100) break;
    }
    this.deps.log.info({ ...report }, "stuck check runs swept");
    return report;
  }

  private async sweepInstallation(installationId: number, appId: number, installedAt: number, report: SweepReport): Promise<void> {
    const octokit = await this.deps.installationOctokit(installationId);
    let left = this.options.requestsPerInstallation;
    let requeues = this.options.requeuesPerInstallation;
    const spend = () => {
      if (this.stopped || left <= 0) throw new BudgetSpent();
      left--;
    };
    const enqueue = async (event: QueuedEvent) => {
      if (requeues <= 0) throw new BudgetSpent();
      const { added } = await this.deps.enqueue(event);
      if (added) requeues--;
      return added;
    };
    const repos: RepoItem[] = [];
    for (let page = 1; page <= Math.ceil(this.options.maxRepositories / 100); page++) {
      spend();
      const { data } = await octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 100, page });
      repos.push(...data.repositories);
      if (data.repositories.length < 100) break;
    }
    const start = this.cursors.get(installationId) ?? { repo: 0, pull: 0 };
    if (start.repo >= repos.length) start.repo = 0;
    const horizon = this.options.now() - this.options.horizonMs;
    for (let i = 0; i < repos.length; i++) {
      const index = (start.repo + i) % repos.length;
      const repo = repos[index];
      const ref = { owner: repo.owner.login, repo: repo.name };
      const skip = i === 0 ? start.pull : 0;
      try {
        spend();
        const { data: pulls } = await octokit.rest.pulls.list({ ...ref, state: "open", sort: "updated", direction: "desc", per_page: 100 });
        report.repositories++;
        for (let p = skip; p < pulls.length; p++) {
          const pull = pulls[p];
          if (Date.parse(pull.updated_at) < horizon) break;
          this.cursors.set(installationId, { repo: index, pull: p });
          spend();
          const { data } = await octokit.rest.checks.listForRef({ ...ref, ref: pull.head.sha, check_name: CHECK_NAME, app_id: appId, filter: "all", per_page: 100 });
          report.pulls++;
          const ours = data.check_runs.filter((run) => run.app?.id === appId && run.head_sha === pull.head.sha);
          for (const run of ours) {
            if (run.status === "completed") continue;
            const age = this.options.now() - Date.parse(run.started_at ?? "");
            if (!(age >= this.options.stuckAfterMs)) continue;
            report.stuck++;
            if (await enqueue(sweepEvent(installationId, repo, pull.number, run, appId))) {
              report.requeued++;
              this.deps.log.info({ repo: repo.full_name, pr: pull.number, checkRun: run.id, ageMs: age }, "review of a stuck check run queued again");
            } else if (age >= this.options.giveUpAfterMs) {
              spend();
              await this.close(octokit, ref, run.id);
              report.closed++;
              this.deps.log.warn({ repo: repo.full_name, pr: pull.number, checkRun: run.id, ageMs: age }, "stuck check run closed after its re-queued review did not finish");
            }
          }
          const quietMs = this.options.now() - Date.parse(pull.updated_at);
          if (pull.draft || !(quietMs >= this.options.stuckAfterMs) || ours.some((run) => run.status !== "completed")) continue;
          const latest = ours.reduce<(typeof ours)[number] | undefined>((a, b) => (a && a.id > b.id ? a : b), undefined);
          if (latest && !notAReview(latest.output?.title)) continue;
          // A pull request not updated since the app was installed was never due a review from it.
          if (!latest && !(Date.parse(pull.updated_at) > installedAt)) continue;
          // No run at all: the delivery was lost before a worker took it. A run that did not review: the
          // `ready_for_review` (or the job after an interruption) was lost.
          const event = latest ? sweepEvent(installationId, repo, pull.number, latest, appId, "unreviewed") : headEvent(installationId, repo, pull.number, pull.head.sha);
          if (await enqueue(event)) {
            report.unreviewed++;
            report.requeued++;
            this.deps.log.info({ repo: repo.full_name, pr: pull.number, sha: pull.head.sha.slice(0, 7), lastRun: latest?.output?.title ?? null }, "review of an unreviewed head queued");
          }
        }
      } catch (error) {
        if (error instanceof BudgetSpent) throw error;
        // One repository's error (gone, no access) does not stop the others.
        this.deps.log.warn({ err: String(error), repo: repo.full_name }, "sweep of a repository failed");
      }
      this.cursors.set(installationId, { repo: (index + 1) % repos.length, pull: 0 });
    }
    this.cursors.delete(installationId);
  }

  private async close(octokit: GitHubClient, ref: { owner: string; repo: string }, checkRunId: number): Promise<void> {
    await octokit.rest.checks.update({
      ...ref,
      check_run_id: checkRunId,
      status: "completed",
      conclusion: "neutral",
      completed_at: new Date(this.options.now()).toISOString(),
      output: {
        title: LOST_TITLE,
        summary: "This review was lost before it finished (its worker stopped, or the queue lost the job), and running it again did not finish it either. To review this commit, push again, use Re-run, or comment `/django-sec recheck`.",
      },
    });
  }
}

/**
 * The job that reviews a run's commit again: a `check_run.rerequested` of that run, as the Re-run button
 * sends it, marked `sweep` so the worker closes a stuck run first. Its id is the run's (and the reason's),
 * so a run is queued once however many sweeps find it.
 */
export function sweepEvent(installationId: number, repo: RepoItem, pullNumber: number, run: { id: number; head_sha: string }, appId: number, reason = "stuck"): QueuedEvent {
  return {
    id: reason === "stuck" ? `sweep-${run.id}` : `sweep-${reason}-${run.id}`,
    name: "check_run",
    sweep: true,
    payload: {
      action: "rerequested",
      check_run: { id: run.id, name: CHECK_NAME, head_sha: run.head_sha, external_id: String(pullNumber), app: { id: appId }, pull_requests: [{ number: pullNumber }] },
      repository: { name: repo.name, full_name: repo.full_name, owner: { login: repo.owner.login } },
      installation: { id: installationId },
    },
  };
}

/**
 * The job for a head no worker ever started on: the `synchronize` of that head, keyed like the lost delivery
 * (pull request and head), so it is a duplicate while that delivery's job is still queued.
 */
export function headEvent(installationId: number, repo: RepoItem, pullNumber: number, headSha: string): QueuedEvent {
  return {
    id: `sweep-head-${headSha}`,
    name: "pull_request",
    sweep: true,
    payload: {
      action: "synchronize",
      number: pullNumber,
      pull_request: { number: pullNumber, state: "open", draft: false, head: { sha: headSha } },
      repository: { name: repo.name, full_name: repo.full_name, owner: { login: repo.owner.login } },
      installation: { id: installationId },
    },
  };
}
