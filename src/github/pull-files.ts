import { createPatch } from "diff";
import { decodeSource } from "../core/analysis/decode-source.js";
import type { SkipReason } from "../core/analysis/types.js";
import { DiffParseError, parseFilePatch } from "../core/diff/parse-unified-diff.js";
import type { FileChange, FileStatus } from "../core/diff/types.js";
import { httpStatus, type GitHubClient } from "./octokit.js";

/** One entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`, the fields we use. */
export interface PullFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
  sha?: string | null;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** GitHub lists at most this many files of a pull request. */
export const MAX_PULL_FILES = 3000;

/**
 * Lists a pull request's changed files, 100 per page, stopping at GitHub's 3000-file limit.
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
export async function listPullFiles(octokit: GitHubClient, ref: RepoRef, pullNumber: number): Promise<PullFile[]> {
  const files: PullFile[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, { ...ref, pull_number: pullNumber, per_page: 100 });
  for await (const page of pages) {
    for (const f of page.data) {
      files.push({ filename: f.filename, status: f.status, patch: f.patch, previous_filename: f.previous_filename, sha: f.sha });
      if (files.length >= MAX_PULL_FILES) return files;
    }
  }
  return files;
}

export type FetchedText = { ok: true; text: string } | { ok: false; reason: SkipReason | "not-found" | "fetch-failed"; detail: string };

/**
 * Reads a file at a commit through the contents API. Pull requests from forks work because the base
 * repository holds the head commits (`refs/pull/N/head`). Files over 1 MB come without inline content,
 * so those are read as blobs.
 */
export async function fetchText(octokit: GitHubClient, ref: RepoRef, path: string, commit: string, maxSize: number): Promise<FetchedText> {
  let data: unknown;
  try {
    data = (await octokit.rest.repos.getContent({ ...ref, path, ref: commit })).data;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) return { ok: false, reason: "not-found", detail: "not found at this commit" };
    return { ok: false, reason: "fetch-failed", detail: status ? `GitHub answered HTTP ${status}` : "request failed" };
  }
  const file = data as { type?: string; size?: number; content?: string; encoding?: string; sha?: string };
  if (Array.isArray(data) || file.type !== "file") return { ok: false, reason: "unreadable", detail: "not a regular file" };
  if (typeof file.size === "number" && file.size > maxSize) return { ok: false, reason: "too-large", detail: `${file.size} bytes, limit ${maxSize}` };
  let base64 = file.encoding === "base64" ? (file.content ?? "") : "";
  if (!base64 && (file.size ?? 0) > 0 && file.sha) {
    try {
      base64 = (await octokit.rest.git.getBlob({ ...ref, file_sha: file.sha })).data.content;
    } catch (error) {
      return { ok: false, reason: "fetch-failed", detail: `blob: HTTP ${httpStatus(error) ?? "error"}` };
    }
  }
  const decoded = decodeSource(Buffer.from(base64, "base64"), maxSize);
  return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, reason: decoded.reason, detail: decoded.detail };
}

/** GitHub's file status in our diff vocabulary, or undefined for removed files. */
export function fileStatus(status: string): FileStatus | undefined {
  switch (status) {
    case "removed":
      return undefined;
    case "added":
    case "copied":
      return "added";
    case "renamed":
      return "renamed";
    default:
      return "modified";
  }
}

/** The change of a file from GitHub's `patch`; undefined when the patch is missing or unreadable. */
export function changeFromPatch(file: PullFile): FileChange | undefined {
  const status = fileStatus(file.status);
  if (!status || file.patch === undefined || file.patch === "") return undefined;
  try {
    return parseFilePatch(file.filename, file.patch, status, file.previous_filename);
  } catch (error) {
    if (error instanceof DiffParseError) return undefined;
    throw error;
  }
}

/**
 * The change of a file whose patch GitHub left out (too large): its changed lines come from diffing the
 * base and head texts (a new file is all added). It gets no hunks: without a patch on GitHub, no line of
 * it can take a review comment, so its findings go to the check run.
 */
export function changeWithoutPatch(file: PullFile, headText: string, baseText: string | undefined): FileChange {
  const status = fileStatus(file.status) ?? "modified";
  const lineCount = headText.split("\n").length;
  let added = [{ start: 1, end: lineCount }];
  if (baseText !== undefined) added = parseFilePatch(file.filename, createPatch(file.filename, baseText, headText, "", "", { context: 0 }), status).added;
  return { path: file.filename, ...(file.previous_filename ? { oldPath: file.previous_filename } : {}), status, binary: false, added, hunks: [] };
}
