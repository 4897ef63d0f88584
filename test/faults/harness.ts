import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import { ProbotOctokit } from "probot";
import { FakeGitHub, type FakeGitHubOptions, type FakePullRequest, type InjectedFault, type RecordedRequest } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { MemoryQueue } from "../../src/queue/memory-queue.js";
import { testPrivateKey } from "../github/helpers/app-harness.js";
import { BASE, HEAD, VIEWS_AFTER, VIEWS_BEFORE } from "../github/pr-world.js";
import { cpuMillis } from "../helpers/cpu-time.js";

// The fault suite's world: the real app server (Probot middleware, handlers, review pipeline) over HTTP,
// against the fake GitHub API on 127.0.0.1 with faults injected. Every scenario gets a fresh pair.

export const SECRET = "fault-suite-webhook-secret";
export const APP = { id: 4242, slug: "django-sec" };
export const INSTALLATION_ID = 31337;
/** Per-attempt time limit of GitHub requests in the suite (production: 30 s). */
export const REQUEST_TIMEOUT_MS = 400;

/**
 * The production plugins, kept on: retry (5xx and timeouts, 3 retries, quadratic backoff) and
 * throttling (secondary rate limits wait for `retry-after`). Only the clock is scaled, 1 s -> 10 ms,
 * and the one-second spacing of write requests is dropped, so the suite runs in seconds while the
 * scenarios still exercise the real retry and wait logic.
 */
export const TIME_SCALE_MS = 10;
const immediate = { key: () => ({ schedule: (_options: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve(fn(...args)) }) };
export function suiteOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, any>) => ({
    ...options,
    retry: { ...options.retry, retryAfterBaseValue: TIME_SCALE_MS },
    throttle: { ...options.throttle, retryAfterBaseValue: TIME_SCALE_MS, write: immediate, notifications: immediate },
  }));
}

/** The suite's counters, printed as its summary. */
export const tally = {
  scenarios: 0,
  faultsInjected: 0,
  badInputs: 0,
  reviewsLost: 0,
  duplicateComments: 0,
  checksLeftInProgress: 0,
  crashes: 0,
};

/** Captures what the app logs (pino writes to file descriptor 1 directly, not through process.stdout). */
export class LogCapture {
  readonly lines: string[] = [];
  private restore?: () => void;

  start(): void {
    const { write, writeSync } = fs;
    const keep = (data: unknown) => this.lines.push(...String(Buffer.isBuffer(data) ? data.toString("utf8") : data).split("\n").filter(Boolean));
    (fs as any).writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1) return (writeSync as any)(fd, data, ...rest);
      keep(data);
      return Buffer.byteLength(String(data));
    };
    (fs as any).write = (fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1) return (write as any)(fd, data, ...rest);
      keep(data);
      const cb = rest.find((r) => typeof r === "function") as ((e: null, n: number) => void) | undefined;
      cb?.(null, Buffer.byteLength(String(data)));
    };
    this.restore = () => Object.assign(fs, { write, writeSync });
  }

  stop(): void {
    this.restore?.();
  }

  /** The JSON log entries from line `from` on. */
  json(from = 0): Record<string, any>[] {
    return this.lines.slice(from).flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
  }

  get text(): string {
    return this.lines.join("\n");
  }
}

export interface WorldOptions {
  pull?: Partial<FakePullRequest>;
  writers?: string[];
  latencyMs?: number;
  /** Fault hook; every fault it returns is counted. */
  fault?: (request: RecordedRequest, world: World) => InjectedFault | undefined;
  logLevel?: string;
}

export interface World {
  github: FakeGitHub;
  app: RunningAppServer;
  pull: FakePullRequest;
  faults: number;
  deliver(event: string, payload: unknown, options?: { id?: string; secret?: string; headers?: Record<string, string | undefined>; body?: string }): Promise<Response>;
  /** Waits until the app is idle and every check run has ended (or the deadline passes). */
  settle(expectedChecks?: number, deadlineMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function defaultPull(overrides: Partial<FakePullRequest> = {}): FakePullRequest {
  return {
    owner: "acme", repo: "shop", number: 12, title: "Add payment webhook", author: "dev-ana",
    baseRef: "main", baseSha: BASE, headRef: "feature/payments", headSha: HEAD,
    baseFiles: { "shop/views.py": VIEWS_BEFORE },
    headFiles: { "shop/views.py": VIEWS_AFTER },
    ...overrides,
  };
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const pull = defaultPull(options.pull);
  const world = { faults: 0 } as World;
  const fakeOptions: FakeGitHubOptions = {
    app: APP,
    installationId: INSTALLATION_ID,
    pull,
    writers: options.writers ?? ["maintainer-mo"],
    latencyMs: options.latencyMs,
    fault: options.fault
      ? (request) => {
          const fault = options.fault!(request, world);
          if (fault) {
            world.faults++;
            tally.faultsInjected++;
          }
          return fault;
        }
      : undefined,
  };
  const github = new FakeGitHub(fakeOptions);
  const host = await github.start();
  const app = await startAppServer({
    env: {
      APP_ID: String(APP.id), PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http",
      LOG_LEVEL: options.logLevel ?? "fatal", LOG_FORMAT: "json",
    },
    Octokit: suiteOctokit(),
    // The production queue (4 attempts per job, exponential backoff), on the suite's clock.
    queue: new MemoryQueue({ backoffMs: 20 * TIME_SCALE_MS }),
  });
  Object.assign(world, {
    github,
    app,
    pull,
    deliver: (event: string, payload: unknown, o: Parameters<World["deliver"]>[2] = {}) => {
      const body = o.body ?? JSON.stringify(payload);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": o.id ?? randomUUID(),
        "x-hub-signature-256": sign(body, o.secret ?? SECRET),
      };
      for (const [k, v] of Object.entries(o.headers ?? {})) {
        if (v === undefined) delete headers[k];
        else headers[k] = v;
      }
      return fetch(`${app.url}${app.webhookPath}`, { method: "POST", headers, body });
    },
    settle: async (expectedChecks = 0, deadlineMs = 20_000) => {
      const idle = (app as RunningAppServer & { idle?: () => Promise<void> }).idle;
      if (idle) await idle.call(app);
      // The app runs in this process, so the bound is this process's CPU time, which a loaded machine does not
      // stretch; the wall clock is capped at five times as long, so that waiting on a stuck app still ends.
      const cpuStart = cpuMillis();
      const wallCap = Date.now() + 5 * deadlineMs;
      while (cpuMillis() - cpuStart < deadlineMs && Date.now() < wallCap) {
        const runs = github.checkRuns;
        if (runs.length >= expectedChecks && runs.every((r) => r.status === "completed")) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      await app.close();
      await github.stop();
    },
  });
  return world;
}

export function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Reads the body so the connection is released; returns the status. */
export async function statusOf(response: Promise<Response>): Promise<number> {
  const res = await response;
  await res.arrayBuffer();
  return res.status;
}

/** A `pull_request` delivery for the world's pull request at its current head. */
export function pullRequestPayload(pull: FakePullRequest, action = "opened") {
  const owner = { login: pull.owner, type: "Organization" };
  const repository = { id: 555001, name: pull.repo, full_name: `${pull.owner}/${pull.repo}`, private: false, owner, default_branch: pull.baseRef };
  const user = { login: pull.author, type: "User" };
  return {
    action,
    number: pull.number,
    pull_request: {
      number: pull.number, state: "open", draft: !!pull.draft, title: pull.title, user,
      head: { ref: pull.headRef, sha: pull.headSha, repo: repository, user: owner },
      base: { ref: pull.baseRef, sha: pull.baseSha, repo: repository, user: owner },
    },
    repository,
    sender: user,
    installation: { id: INSTALLATION_ID },
  };
}

/** An `issue_comment.created` delivery on the pull request (or on a plain issue). */
export function commentPayload(pull: FakePullRequest, user: { login: string; type?: string }, body = "/django-sec recheck", onPullRequest = true) {
  const base = pullRequestPayload(pull);
  return {
    action: "created",
    issue: {
      number: pull.number, title: pull.title, state: "open", user: { login: pull.author, type: "User" },
      ...(onPullRequest ? { pull_request: { url: `https://api.github.com/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}` } } : {}),
    },
    comment: { id: Math.floor(Math.random() * 1e9), body, user: { login: user.login, type: user.type ?? "User" }, author_association: "NONE" },
    repository: base.repository,
    sender: { login: user.login, type: user.type ?? "User" },
    installation: base.installation,
  };
}

/**
 * The invariants every scenario ends with, counted into the summary: no check run left
 * `in_progress`, no inline comment posted twice (same path, line and body), and, when the scenario
 * expects one, a review or a completed check run for the head commit (else the review was lost).
 */
export function audit(world: World, expect: { review?: boolean } = {}): { inProgress: number; duplicates: number; lost: number } {
  const { github, pull } = world;
  const inProgress = github.checkRuns.filter((r) => r.status !== "completed").length;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const c of github.comments.filter((c) => !c.in_reply_to_id)) {
    const key = `${c.path}:${c.line}:${c.body}`;
    if (seen.has(key)) duplicates++;
    seen.add(key);
  }
  const headRuns = github.checkRuns.filter((r) => r.head_sha === pull.headSha && r.status === "completed");
  const lost = expect.review && !(github.reviews.some((r) => r.commit_id === pull.headSha) && headRuns.length) ? 1 : 0;
  tally.checksLeftInProgress += inProgress;
  tally.duplicateComments += duplicates;
  tally.reviewsLost += lost;
  return { inProgress, duplicates, lost };
}

export function summaryTable(): string {
  const rows: [string, number][] = [
    ["scenarios run", tally.scenarios],
    ["faults injected", tally.faultsInjected],
    ["bad inputs tried", tally.badInputs],
    ["reviews lost", tally.reviewsLost],
    ["duplicate comments", tally.duplicateComments],
    ["checks left in progress", tally.checksLeftInProgress],
    ["crashes", tally.crashes],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ["django-sec fault suite", ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}
