import { isFixedReply, readCommentKey, renderFixedReply } from "../core/report/review-comment.js";
import type { RepoRef } from "./pull-files.js";
import type { GitHubClient, ReviewLog } from "./octokit.js";

/** A top-level review comment this app posted, recognised by its login and hidden marker. */
export interface OurComment {
  id: number;
  key: string;
  path: string;
  /** Logins and bodies of the replies in its thread. */
  replies: { login: string; body: string }[];
}

/** Bot logins read `name[bot]` over REST and `name` over GraphQL. */
export function sameBot(login: string | null | undefined, botLogin: string): boolean {
  const strip = (s: string) => s.replace(/\[bot\]$/, "").toLowerCase();
  return !!login && strip(login) === strip(botLogin);
}

/**
 * The app's own comments on a pull request, with their replies. Only comments by the app's bot that
 * carry its marker count, so nobody else's comment is ever edited, answered or resolved.
 */
export async function listOurComments(octokit: GitHubClient, ref: RepoRef, pullNumber: number, botLogin: string): Promise<OurComment[]> {
  const all = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...ref, pull_number: pullNumber, per_page: 100 });
  const ours = new Map<number, OurComment>();
  for (const c of all) {
    const key = readCommentKey(c.body);
    if (!c.in_reply_to_id && key && sameBot(c.user?.login, botLogin)) ours.set(c.id, { id: c.id, key, path: c.path, replies: [] });
  }
  for (const c of all) {
    const parent = c.in_reply_to_id ? ours.get(c.in_reply_to_id) : undefined;
    parent?.replies.push({ login: c.user?.login ?? "", body: c.body });
  }
  return [...ours.values()];
}

const THREADS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 50) { nodes { databaseId author { login } } } }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; isResolved: boolean; comments: { nodes: { databaseId: number | null; author: { login: string } | null }[] } }[];
      };
    } | null;
  } | null;
}

export interface ResolveOutcome {
  resolved: number;
  answered: number;
  /** Threads left alone because a person replied in them. */
  keptForPeople: number;
}

/**
 * Closes the threads of comments whose finding is gone. Threads are resolved through GraphQL (REST
 * cannot). A thread a person replied to is never touched. If GraphQL is unavailable, the comment gets
 * one "fixed in <sha>" reply instead (recognised by its marker, so never twice).
 */
export async function resolveFixedThreads(
  octokit: GitHubClient,
  ref: RepoRef,
  pullNumber: number,
  stale: OurComment[],
  botLogin: string,
  headSha: string,
  log: ReviewLog,
): Promise<ResolveOutcome> {
  const outcome: ResolveOutcome = { resolved: 0, answered: 0, keptForPeople: 0 };
  const alone = stale.filter((c) => c.replies.every((r) => sameBot(r.login, botLogin)));
  outcome.keptForPeople = stale.length - alone.length;
  if (!alone.length) return outcome;
  try {
    const threads = await threadsByFirstComment(octokit, ref, pullNumber);
    for (const c of alone) {
      const thread = threads.get(c.id);
      if (!thread || thread.isResolved) continue;
      // Re-check authors from GraphQL: a reply may have arrived since the REST listing.
      if (!thread.authors.every((login) => sameBot(login, botLogin))) {
        outcome.keptForPeople++;
        continue;
      }
      await octokit.graphql(RESOLVE_MUTATION, { threadId: thread.id });
      outcome.resolved++;
    }
  } catch (error) {
    log.warn({ err: errorSummary(error) }, "resolving threads failed, replying instead");
    for (const c of alone) {
      if (c.replies.some((r) => isFixedReply(r.body, c.key))) continue;
      await octokit.rest.pulls.createReplyForReviewComment({ ...ref, pull_number: pullNumber, comment_id: c.id, body: renderFixedReply(headSha, c.key) });
      outcome.answered++;
    }
  }
  return outcome;
}

async function threadsByFirstComment(octokit: GitHubClient, ref: RepoRef, pullNumber: number) {
  const out = new Map<number, { id: string; isResolved: boolean; authors: string[] }>();
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const data: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, { owner: ref.owner, repo: ref.repo, number: pullNumber, cursor });
    const threads = data.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const t of threads.nodes) {
      const first = t.comments.nodes[0]?.databaseId;
      if (first) out.set(first, { id: t.id, isResolved: t.isResolved, authors: t.comments.nodes.map((n) => n.author?.login ?? "") });
    }
    if (!threads.pageInfo.hasNextPage) break;
    cursor = threads.pageInfo.endCursor;
  }
  return out;
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : "unknown error";
}
