/** A webhook delivery as the receiver verified it. */
export interface QueuedEvent {
  /** `X-GitHub-Delivery`: unique per event, the same on redelivery. */
  id: string;
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  name: string;
  payload: Record<string, unknown>;
  /** Made by the stuck-run sweeper (not a delivery): the worker closes the commit's stuck runs before reviewing. */
  sweep?: boolean;
}

export interface JobIdentity {
  /** Deduplication key: two deliveries with the same key run once. */
  key: string;
  /** The pull request the job reviews (`owner/repo#12`), when the payload names it. */
  pr?: string;
  /** Head SHA the job reviews (pull-request events only). Which head is newest is never decided from it: GitHub says. */
  sha?: string;
  installationId?: number;
}

const REVIEW_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);
/** Actions that ask for a review of a head that may have been seen before (as a draft, or before closing). */
const REVIEW_AGAIN_ACTIONS = new Set(["reopened", "ready_for_review"]);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});

/**
 * How the queue identifies a delivery. Pull-request pushes (`opened`, `synchronize`) are keyed by PR and
 * head SHA, so a redelivery or a second push event for the same commit runs once. `ready_for_review` and
 * `reopened` are keyed by delivery id as well: the head they name was often seen before (as a draft, whose
 * run ended "will review when ready"), and must be reviewed now. Explicit re-runs (the Re-run button,
 * `/django-sec recheck`) are keyed by delivery id so that they run again. A redelivery (same delivery id)
 * of any of them runs once.
 */
export function jobIdentity(event: QueuedEvent): JobIdentity {
  const payload = obj(event.payload);
  const repo = String(obj(payload.repository).full_name ?? "unknown/unknown");
  const installationId = typeof obj(payload.installation).id === "number" ? (obj(payload.installation).id as number) : undefined;
  if (event.name === "pull_request" && REVIEW_ACTIONS.has(String(payload.action))) {
    const pr = obj(payload.pull_request);
    const number = Number(pr.number ?? payload.number);
    const sha = String(obj(pr.head).sha ?? "");
    const again = REVIEW_AGAIN_ACTIONS.has(String(payload.action)) ? `:${payload.action}:${event.id}` : "";
    return { key: `pr:${repo}#${number}@${sha}${again}`, pr: `${repo}#${number}`, sha, installationId };
  }
  // Re-runs and rechecks run again for the same commit, but never at the same time as another job of
  // their pull request (two overlapping runs could both post the same new finding).
  const number = prNumberOf(event.name, payload);
  return { key: `delivery:${event.name}:${event.id}`, installationId, ...(number ? { pr: `${repo}#${number}` } : {}) };
}

function prNumberOf(name: string, payload: Obj): number | undefined {
  const first = (list: unknown) => (Array.isArray(list) && list.length ? Number(obj(list[0]).number) : undefined);
  if (name === "issue_comment" && obj(payload.issue).pull_request) return Number(obj(payload.issue).number) || undefined;
  if (name === "check_run") {
    const run = obj(payload.check_run);
    const external = String(run.external_id ?? "");
    return first(run.pull_requests) ?? (/^[1-9]\d{0,9}$/.test(external) ? Number(external) : undefined);
  }
  if (name === "check_suite") return first(obj(payload.check_suite).pull_requests);
  if (name === "pull_request") return Number(obj(payload.pull_request).number) || undefined;
  return undefined;
}
