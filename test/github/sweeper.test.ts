import nock from "nock";
import { Probot } from "probot";
import type { GitHubClient, ReviewLog } from "../../src/github/octokit.js";
import { StuckRunSweeper, type SweepOptions } from "../../src/github/sweeper.js";
import type { QueuedEvent } from "../../src/queue/job-key.js";
import { APP_ID, testOctokit, testPrivateKey } from "./helpers/app-harness.js";
import { validateQuery, validateRequestBody } from "./helpers/openapi.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const quiet: ReviewLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, child: () => quiet };

interface Call {
  method: string;
  path: string;
  body: unknown;
}

let calls: Call[];
let problems: string[];

beforeEach(() => {
  calls = [];
  problems = [];
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** api.github.com answering with `route`; every request's query and body are checked against GitHub's OpenAPI description. */
function github(route: (method: string, url: URL, body: any) => [number, unknown] | undefined): void {
  const record = (method: string) =>
    function (this: unknown, uri: string, raw: unknown): [number, unknown] {
      const body = typeof raw === "string" ? (raw ? JSON.parse(raw) : undefined) : raw;
      calls.push({ method, path: uri, body });
      problems.push(...validateQuery(method, uri));
      if (method !== "GET") problems.push(...validateRequestBody(method, uri.split("?")[0], body));
      const url = new URL(uri, "https://api.github.com");
      if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname)) return [201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" }];
      if (method === "GET" && url.pathname === "/app") return [200, { id: APP_ID, slug: "django-sec" }];
      return route(method, url, body) ?? [404, { message: "Not Found" }];
    };
  nock("https://api.github.com").persist().get(/.*/).reply(record("GET")).post(/.*/).reply(record("POST")).patch(/.*/).reply(record("PATCH"));
}

function sweeper(enqueue: (e: QueuedEvent) => { added: boolean }, options: Partial<SweepOptions> = {}): StuckRunSweeper {
  const probot = new Probot({ appId: APP_ID, privateKey: testPrivateKey(), secret: "s", logLevel: "fatal", Octokit: testOctokit() });
  return new StuckRunSweeper(
    {
      appOctokit: async () => (await probot.auth()) as unknown as GitHubClient,
      installationOctokit: async (id) => (await probot.auth(id)) as unknown as GitHubClient,
      enqueue: async (e) => enqueue(e),
      log: quiet,
    },
    { now: () => NOW, ...options },
  );
}

const installation = (id: number, installedMs = NOW - 30 * 24 * 3600_000) => ({ id, created_at: iso(installedMs), suspended_at: null });
const repo = (name: string) => ({ id: name.length, name, full_name: `acme/${name}`, owner: { login: "acme" } });
const pull = (number: number, updatedMs = NOW - 10 * MIN) => ({ number, state: "open", draft: false, updated_at: iso(updatedMs), head: { sha: `h${number}` } });
const run = (id: number, sha: string, startedMs: number, appId = APP_ID, status = "in_progress", title?: string) => ({
  id, name: "django-sec", head_sha: sha, status, started_at: iso(startedMs), app: { id: appId }, output: { title: title ?? (status === "completed" ? "No findings in this change" : "Reviewing") },
});

describe("the stuck-run sweeper", () => {
  it("re-queues our runs stuck on open heads, closes one still stuck after a re-queue, and leaves the rest alone", async () => {
    github((method, url) => {
      const p = url.pathname;
      if (p === "/app/installations") return [200, [installation(1), { ...installation(2), suspended_at: iso(NOW - 3600_000) }]];
      if (p === "/installation/repositories") return [200, { total_count: 1, repositories: [repo("shop")] }];
      if (p === "/repos/acme/shop/pulls") return [200, [pull(12), pull(13), pull(14, NOW - 30 * 24 * 3600_000)]];
      if (p === "/repos/acme/shop/commits/h12/check-runs") {
        // GitHub filters by status and app (asked for); the sweeper does not rely on it.
        return [200, { total_count: 4, check_runs: [run(501, "h12", NOW - 5 * MIN), run(502, "h12", NOW - 120 * MIN, 999), run(503, "h12", NOW - 120 * MIN, APP_ID, "completed"), run(504, "h12", NOW - 120 * MIN)] }];
      }
      if (p === "/repos/acme/shop/commits/h13/check-runs") return [200, { total_count: 1, check_runs: [run(601, "h13", NOW - 240 * MIN)] }];
      if (method === "PATCH" && p === "/repos/acme/shop/check-runs/601") return [200, { id: 601 }];
      return undefined;
    });
    const enqueued: QueuedEvent[] = [];
    // Run 601 was re-queued by an earlier sweep (the queue knows its job), and is still stuck after 4 hours.
    const report = await sweeper((e) => (enqueued.push(e), { added: e.id !== "sweep-601" })).sweep();

    expect(report).toEqual({ installations: 1, repositories: 1, pulls: 2, stuck: 2, requeued: 1, unreviewed: 0, closed: 1, unfinished: 0, failed: 0 });
    expect(enqueued.map((e) => e.id)).toEqual(["sweep-504", "sweep-601"]);
    expect(enqueued[0]).toMatchObject({
      name: "check_run",
      sweep: true,
      payload: { action: "rerequested", check_run: { id: 504, name: "django-sec", head_sha: "h12", external_id: "12", app: { id: APP_ID }, pull_requests: [{ number: 12 }] }, repository: { name: "shop", full_name: "acme/shop", owner: { login: "acme" } }, installation: { id: 1 } },
    });
    const patches = calls.filter((c) => c.method === "PATCH");
    expect(patches.map((c) => c.path)).toEqual(["/repos/acme/shop/check-runs/601"]);
    expect(patches[0].body).toMatchObject({ status: "completed", conclusion: "neutral", output: { title: "Review lost" } });
    // Asked GitHub for our runs only; nothing of the suspended installation or the month-old pull request.
    expect(calls.filter((c) => c.path.includes("/check-runs?")).map((c) => new URL(c.path, "https://x").searchParams.toString())).toEqual([
      `check_name=django-sec&app_id=${APP_ID}&filter=all&per_page=100`,
      `check_name=django-sec&app_id=${APP_ID}&filter=all&per_page=100`,
    ]);
    expect(calls.some((c) => c.path.includes("/installations/2/") || c.path.includes("/h14/"))).toBe(false);
    expect(calls.find((c) => c.path.startsWith("/repos/acme/shop/pulls?"))?.path).toBe("/repos/acme/shop/pulls?state=open&sort=updated&direction=desc&per_page=100");
    expect(problems).toEqual([]);
  });

  it("queues the review of a ready head left without one (delivery lost, or only a draft's or an interrupted run); not of drafts, fresh or reviewed heads", async () => {
    const quiet = NOW - 120 * MIN;
    github((_method, url) => {
      const p = url.pathname;
      if (p === "/app/installations") return [200, [installation(1)]];
      if (p === "/installation/repositories") return [200, { total_count: 1, repositories: [repo("shop")] }];
      if (p === "/repos/acme/shop/pulls") return [200, [pull(15, quiet), pull(16, quiet), pull(17, quiet), { ...pull(18, quiet), draft: true }, pull(19, NOW - 10 * MIN), pull(20, quiet)]];
      const runs: Record<string, unknown[]> = {
        h16: [run(716, "h16", quiet, APP_ID, "completed", "Draft: will review when ready")],
        h17: [run(717, "h17", quiet, APP_ID, "completed", "1 medium in this change"), run(700, "h17", quiet - MIN, APP_ID, "completed", "Interrupted")],
        h20: [run(720, "h20", quiet, APP_ID, "completed", "Interrupted")],
      };
      const m = /^\/repos\/acme\/shop\/commits\/(h\d+)\/check-runs$/.exec(p);
      if (m) return [200, { total_count: runs[m[1]]?.length ?? 0, check_runs: runs[m[1]] ?? [] }];
      return undefined;
    });
    const enqueued: QueuedEvent[] = [];
    const report = await sweeper((e) => (enqueued.push(e), { added: true })).sweep();

    expect(report).toMatchObject({ pulls: 6, stuck: 0, unreviewed: 3, requeued: 3, closed: 0 });
    expect(enqueued.map((e) => [e.id, e.name, (e.payload as any).action])).toEqual([
      ["sweep-head-h15", "pull_request", "synchronize"],
      ["sweep-unreviewed-716", "check_run", "rerequested"],
      ["sweep-unreviewed-720", "check_run", "rerequested"],
    ]);
    expect(enqueued[0].payload).toMatchObject({ number: 15, pull_request: { number: 15, head: { sha: "h15" } }, repository: { name: "shop", owner: { login: "acme" } }, installation: { id: 1 } });
    expect(calls.some((c) => c.method !== "GET" && !c.path.endsWith("/access_tokens"))).toBe(false);
    expect(problems).toEqual([]);
  });

  it("does not queue reviews of pull requests not updated since the app was installed, and queues at most its share a sweep", async () => {
    const quiet = NOW - 120 * MIN;
    github((_method, url) => {
      const p = url.pathname;
      // Installed an hour and a half ago: PR 30 was last updated before, PRs 31 to 33 after.
      if (p === "/app/installations") return [200, [installation(1, NOW - 90 * MIN)]];
      if (p === "/installation/repositories") return [200, { total_count: 1, repositories: [repo("shop")] }];
      if (p === "/repos/acme/shop/pulls") return [200, [pull(31, NOW - 60 * MIN), pull(32, NOW - 61 * MIN), pull(33, NOW - 62 * MIN), pull(30, quiet)]];
      if (/\/commits\/h\d+\/check-runs$/.test(p)) return [200, { total_count: 0, check_runs: [] }];
      return undefined;
    });
    const enqueued: string[] = [];
    const sweep = sweeper((e) => (enqueued.push(e.id), { added: true }), { requeuesPerInstallation: 2 });
    expect(await sweep.sweep()).toMatchObject({ pulls: 3, unreviewed: 2, unfinished: 1 });
    expect(await sweep.sweep()).toMatchObject({ pulls: 2, unreviewed: 1, unfinished: 0 });
    expect(enqueued).toEqual(["sweep-head-h31", "sweep-head-h32", "sweep-head-h33"]);
  });

  it("spends at most its request budget per installation, and the next sweeps carry on where it stopped", async () => {
    const repos = ["a", "b", "c"].map(repo);
    github((_method, url) => {
      const p = url.pathname;
      if (p === "/app/installations") return [200, [installation(7)]];
      if (p === "/installation/repositories") return [200, { total_count: 3, repositories: repos }];
      const list = /^\/repos\/acme\/(\w)\/pulls$/.exec(p);
      if (list) return [200, [1, 2, 3, 4, 5].map((n) => pull(n * 10 + list[1].charCodeAt(0) - 96))];
      if (/\/commits\/h\d+\/check-runs$/.test(p)) return [200, { total_count: 0, check_runs: [] }];
      return undefined;
    });
    const sweep = sweeper(() => ({ added: true }), { requestsPerInstallation: 6, maxRepositories: 100 });
    const looked: string[] = [];
    const reports = [];
    for (let i = 0; i < 5; i++) {
      const before = calls.length;
      reports.push(await sweep.sweep());
      const installationCalls = calls.slice(before).filter((c) => c.path !== "/app" && !c.path.startsWith("/app/"));
      expect(installationCalls.length).toBeLessThanOrEqual(6);
      looked.push(...installationCalls.filter((c) => c.path.includes("/check-runs")).map((c) => /^\/repos\/acme\/(\w)\/commits\/(h\d+)\//.exec(c.path)!.slice(1).join(":")));
    }
    // 6 requests a sweep: the repository list, then a repository's pull requests and their heads' check runs.
    expect(reports.map((r) => [r.pulls, r.unfinished])).toEqual([[4, 1], [3, 1], [3, 1], [4, 1], [3, 1]]);
    // All 15 heads looked at once before any is looked at again.
    expect(new Set(looked.slice(0, 15)).size).toBe(15);
    expect(looked.slice(15)).toEqual(["a:h11", "a:h21"]);
    expect(problems).toEqual([]);
  });

  it("keeps sweeping the other repositories when one answers with an error", async () => {
    github((_method, url) => {
      const p = url.pathname;
      if (p === "/app/installations") return [200, [installation(7)]];
      if (p === "/installation/repositories") return [200, { total_count: 2, repositories: [repo("gone"), repo("shop")] }];
      if (p === "/repos/acme/gone/pulls") return [403, { message: "Resource not accessible by integration" }];
      if (p === "/repos/acme/shop/pulls") return [200, [pull(12)]];
      if (p === "/repos/acme/shop/commits/h12/check-runs") return [200, { total_count: 1, check_runs: [run(504, "h12", NOW - 120 * MIN)] }];
      return undefined;
    });
    const enqueued: string[] = [];
    const report = await sweeper((e) => (enqueued.push(e.id), { added: true })).sweep();
    expect(report).toMatchObject({ repositories: 1, pulls: 1, requeued: 1, failed: 0 });
    expect(enqueued).toEqual(["sweep-504"]);
  });
});

describe("sweeper settings from the environment", () => {
  it("sweeps every 5 minutes by default, at the interval given, and not at all for an explicit 0", async () => {
    const { sweepSettingsFromEnv } = await import("../../src/github/app-server.js");
    expect(sweepSettingsFromEnv({})).toEqual({ intervalMs: 300_000 });
    expect(sweepSettingsFromEnv({ DJANGO_SEC_SWEEP_INTERVAL_MS: "60000", DJANGO_SEC_STUCK_AFTER_MS: "900000" })).toEqual({ intervalMs: 60_000, stuckAfterMs: 900_000 });
    expect(sweepSettingsFromEnv({ DJANGO_SEC_SWEEP_INTERVAL_MS: "0" })).toBe(false);
    // A typo keeps the sweeper on.
    expect(sweepSettingsFromEnv({ DJANGO_SEC_SWEEP_INTERVAL_MS: "soon" })).toEqual({ intervalMs: 300_000 });
  });
});
