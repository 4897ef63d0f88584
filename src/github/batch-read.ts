import { fetchText, type FetchedText, type RepoRef } from "./pull-files.js";
import { mapLimit, type GitHubClient, type ReviewLog } from "./octokit.js";

/**
 * Files per GraphQL query: a query costs about one point, where each REST read costs one. Octokit's
 * throttling paces GraphQL queries like writes (one a second), so fewer, larger queries finish sooner:
 * a 3,000-file pull request takes 30 queries.
 */
export const BATCH_SIZE = 100;
/**
 * Pull requests with more files to read than this use batched GraphQL reads. Below it, REST reads
 * (one per file) stay far under GitHub's 900-points-a-minute secondary limit and give exact errors.
 */
export const BATCH_READS_FROM = 100;
const BATCH_CONCURRENCY = 2;

interface BlobFields {
  text: string | null;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
}

type BatchAnswer = { repository: Record<string, BlobFields | Record<string, never> | null> | null };

/** The query reading `count` blobs by `<commit>:<path>` expressions passed as variables (never spliced into the text). */
export function batchQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(", ");
  const fields = Array.from({ length: count }, (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { text byteSize isBinary isTruncated } }`).join("\n    ");
  return `query($owner: String!, $repo: String!, ${vars}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
}

/**
 * Reads many files at one commit, 100 to a GraphQL query, so a 3,000-file pull request takes 30
 * requests instead of 3,000 (GitHub allows 900 REST points a minute). Whatever a batch cannot settle
 * exactly is read again through REST: a failed query, truncated text, binary or undecodable content,
 * and anything unexpected (unless `restFallback` is false: then those paths are left out of the answer).
 * The answers are the same as `fetchText` gives.
 */
export async function fetchTexts(
  octokit: GitHubClient,
  ref: RepoRef,
  commit: string,
  paths: string[],
  maxSize: number,
  log: ReviewLog,
  options: { restFallback?: boolean } = {},
): Promise<Map<string, FetchedText>> {
  const out = new Map<string, FetchedText>();
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += BATCH_SIZE) batches.push(paths.slice(i, i + BATCH_SIZE));
  const retry: string[] = [];
  await mapLimit(batches, BATCH_CONCURRENCY, async (batch) => {
    const variables: Record<string, string> = { owner: ref.owner, repo: ref.repo };
    batch.forEach((path, i) => (variables[`e${i}`] = `${commit}:${path}`));
    let answer: BatchAnswer;
    try {
      answer = await octokit.graphql<BatchAnswer>(batchQuery(batch.length), variables);
    } catch (error) {
      log.warn({ files: batch.length, error: error instanceof Error ? error.name : "error" }, options.restFallback === false ? "batched read failed" : "batched read failed; reading these files one by one");
      retry.push(...batch);
      return;
    }
    batch.forEach((path, i) => {
      const settled = settle(answer.repository?.[`f${i}`], maxSize, answer.repository !== null);
      if (settled) out.set(path, settled);
      else retry.push(path);
    });
  });
  // Rare leftovers, read the slow and exact way (unless the caller can do without them).
  if (options.restFallback === false) return out;
  await mapLimit(retry, 4, async (path) => out.set(path, await fetchText(octokit, ref, path, commit, maxSize)));
  return out;
}

/** The read of one blob from a batch, or undefined when only a REST read can tell. */
function settle(blob: BlobFields | Record<string, never> | null | undefined, maxSize: number, repositoryFound: boolean): FetchedText | undefined {
  if (blob === null) return repositoryFound ? { ok: false, reason: "not-found", detail: "not found at this commit" } : undefined;
  // A path naming a directory or a submodule resolves to a non-blob: the fragment leaves it empty.
  if (blob === undefined) return undefined;
  if (!("byteSize" in blob)) return { ok: false, reason: "unreadable", detail: "not a regular file" };
  if (blob.byteSize > maxSize) return { ok: false, reason: "too-large", detail: `${blob.byteSize} bytes, limit ${maxSize}` };
  // GitHub's idea of binary and its decoding differ from ours (NUL bytes, strict UTF-8): such files are read as bytes.
  if (blob.isBinary || blob.isTruncated || blob.text === null || blob.text.includes("\uFFFD") || blob.text.includes("\u0000")) return undefined;
  return { ok: true, text: blob.text.replace(/^\uFEFF/, "") };
}
