import { MemoryPaceStore, type PaceStore } from "../../src/github/pace-store.js";
import { GITHUB_SECONDARY_LIMITS, holdFrom, InstallationPacer, pacedOctokit, PacingWaitTooLong, requestCost, type RequestCost } from "../../src/github/pacing.js";
import { testOctokit } from "./helpers/app-harness.js";
import { busiestWindow, FakeClock } from "./fake-clock.js";

const READ: RequestCost = { restPoints: 1, graphqlPoints: 0, write: false };
const WRITE: RequestCost = { restPoints: 5, graphqlPoints: 0, write: true };

function pacerOn(clock: FakeClock, store: PaceStore = new MemoryPaceStore(), maxWaitMs = 24 * 3600_000): InstallationPacer {
  return new InstallationPacer(store, { now: () => clock.now, sleep: clock.sleep, jitter: () => 0, maxWaitMs });
}

/** `count` requests of one installation, one after the other as fast as the pacer lets them; their grant times. */
async function burst(pacer: InstallationPacer, clock: FakeClock, installation: number, cost: RequestCost, count: number): Promise<number[]> {
  const granted: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.acquire(installation, cost);
    granted.push(clock.now);
  }
  return granted;
}

describe("what a request costs", () => {
  it("counts GitHub's secondary-limit points: 1 per REST read, 5 per REST write, GraphQL apart", () => {
    expect(requestCost("GET", "/repos/a/b/pulls/1")).toEqual({ restPoints: 1, graphqlPoints: 0, write: false });
    expect(requestCost("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews")).toEqual({ restPoints: 5, graphqlPoints: 0, write: true });
    expect(requestCost("PATCH", "https://ghe.example/api/v3/repos/a/b/check-runs/4")).toEqual({ restPoints: 5, graphqlPoints: 0, write: true });
    expect(requestCost("POST", "/graphql", { query: "query($owner: String!) { repository(owner: $owner) { id } }" })).toEqual({ restPoints: 0, graphqlPoints: 1, write: false });
    expect(requestCost("POST", "https://ghe.example/api/graphql", { query: "  mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id } } }" })).toEqual({
      restPoints: 0,
      graphqlPoints: 5,
      write: true,
    });
  });
});

describe("per-installation pacing", () => {
  it("starts one installation's writes at least a second apart, without holding another installation's", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const t0 = clock.now;
    const [a, b] = await clock.settle([burst(pacer, clock, 1, WRITE, 6), burst(pacer, clock, 2, WRITE, 3)]);
    for (const times of [a, b]) for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(a[0]).toBe(t0);
    expect(b[0]).toBe(t0);
    expect(b[2] - t0).toBe(2000);
  });

  it("lets reads of an installation through while its writes wait for their turn", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const t0 = clock.now;
    const [, reads] = await clock.settle([burst(pacer, clock, 1, WRITE, 3), burst(pacer, clock, 1, READ, 20)]);
    expect(reads.every((t) => t === t0)).toBe(true);
  });

  it("never lets more than 900 REST points a minute through for one installation, and uses that budget", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const [reads] = await clock.settle([burst(pacer, clock, 7, READ, 3000)]);
    expect(busiestWindow(reads, 60_000)).toBeLessThanOrEqual(900);
    // Not needlessly slow: a burst of 300, then 10 a second (600 a minute, so any minute holds at most 900).
    expect(reads.filter((t) => t === reads[0])).toHaveLength(300);
    expect(reads.at(-1)! - reads[0]).toBeLessThanOrEqual(270_000);
  });

  it("keeps content-creating requests under 80 a minute and 500 an hour, and reaches 500 in the first hour", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const t0 = clock.now;
    const [writes] = await clock.settle([burst(pacer, clock, 3, WRITE, 700)]);
    expect(busiestWindow(writes, 60_000)).toBeLessThanOrEqual(80);
    expect(busiestWindow(writes, 3_600_000)).toBeLessThanOrEqual(500);
    expect(writes.filter((t) => t - t0 <= 3_600_000).length).toBe(500);
  });

  it("holds only the installation GitHub asked to wait (retry-after)", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const t0 = clock.now;
    await pacer.block(1, t0 + 30_000);
    const [held, other] = await clock.settle([burst(pacer, clock, 1, READ, 1), burst(pacer, clock, 2, READ, 1)]);
    expect(held[0]).toBe(t0 + 30_000);
    expect(other[0]).toBe(t0);
  });

  it("fails at once, rather than hang a review, when the wait is longer than a review waits", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock, new MemoryPaceStore(), 120_000);
    await pacer.block(1, clock.now + 40 * 60_000);
    await expect(pacer.acquire(1, READ)).rejects.toBeInstanceOf(PacingWaitTooLong);
    await expect(pacer.acquire(2, READ)).resolves.toBeUndefined();
  });

  it("uses GitHub's published secondary limits", () => {
    expect(GITHUB_SECONDARY_LIMITS).toEqual({ restPointsPerMinute: 900, graphqlPointsPerMinute: 2000, contentPerMinute: 80, contentPerHour: 500, writeSpacingMs: 1000 });
  });
});

describe("what GitHub's answers say about waiting", () => {
  const now = 1_700_000_000_000;
  it("holds until x-ratelimit-reset when the primary quota is spent, on success or refusal", () => {
    const headers = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 600) };
    expect(holdFrom(headers, undefined, now)).toBe(now + 601_000);
    expect(holdFrom(headers, "API rate limit exceeded", now)).toBe(now + 601_000);
  });
  it("holds for retry-after on a refusal, a minute for a secondary limit without it, and not otherwise", () => {
    expect(holdFrom({ "retry-after": "30" }, "You have exceeded a secondary rate limit", now)).toBe(now + 30_000);
    expect(holdFrom({}, "You have exceeded a secondary rate limit", now)).toBe(now + 60_000);
    expect(holdFrom({}, "Resource not accessible by integration", now)).toBeUndefined();
    expect(holdFrom({ "x-ratelimit-remaining": "12", "x-ratelimit-reset": String(now / 1000 + 600) }, undefined, now)).toBeUndefined();
  });
});

describe("the paced Octokit client", () => {
  /** A client of `installationId` whose requests are answered by `answer`, recording when each was sent. */
  function client(pacer: InstallationPacer, clock: FakeClock, installationId: number, sent: { at: number; method: string; url: string }[], answer: (url: string) => Response) {
    const Octokit = pacedOctokit(testOctokit(), pacer);
    return new Octokit({
      auth: { token: "ghs_test", installationId },
      request: {
        fetch: async (url: string, init: RequestInit) => {
          sent.push({ at: clock.now, method: init.method ?? "GET", url });
          return answer(url);
        },
      },
    } as never);
  }
  const ok = () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } });

  it("spaces one installation's writes, shares the limiter between its clients, and not with another installation", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const sent: { at: number; method: string; url: string }[] = [];
    const a1 = client(pacer, clock, 11, sent, ok);
    const a2 = client(pacer, clock, 11, sent, ok);
    const b = client(pacer, clock, 12, sent, ok);
    const t0 = clock.now;
    const post = (c: typeof a1, repo: string) => c.request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo, name: "django-sec", head_sha: "a".repeat(40) });
    await clock.settle([post(a1, "x"), post(a2, "y"), post(a1, "z"), post(b, "w")]);
    const inst11 = sent.filter((s) => !s.url.includes("/w/")).map((s) => s.at).sort((x, y) => x - y);
    expect(inst11).toEqual([t0, t0 + 1000, t0 + 2000]);
    expect(sent.find((s) => s.url.includes("/w/"))!.at).toBe(t0);
  });

  it("counts the spacing between writes again from when a write's answer arrives", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const sent: { at: number; method: string; url: string }[] = [];
    // The first write's answer takes 700 ms (a slow connection, or a busy event loop sending it late).
    const Octokit = pacedOctokit(testOctokit(), pacer);
    const c = new Octokit({
      auth: { token: "ghs_test", installationId: 31 },
      request: {
        fetch: async (url: string, init: RequestInit) => {
          sent.push({ at: clock.now, method: init.method ?? "GET", url });
          if (url.includes("/slow/")) await clock.sleep(700);
          return ok();
        },
      },
    } as never);
    const t0 = clock.now;
    const post = (repo: string) => c.request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo, name: "django-sec", head_sha: "a".repeat(40) });
    await clock.settle([post("slow"), post("next")]);
    expect(sent.map((s) => s.at)).toEqual([t0, t0 + 1700]);
  });

  it("holds every client of an installation for retry-after once GitHub answers with a secondary limit", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const sent: { at: number; method: string; url: string }[] = [];
    let refuse = true;
    const answer = () => {
      if (!refuse) return ok();
      refuse = false;
      return new Response(JSON.stringify({ message: "You have exceeded a secondary rate limit" }), { status: 403, headers: { "content-type": "application/json", "retry-after": "45" } });
    };
    const c = client(pacer, clock, 21, sent, answer);
    const other = client(pacer, clock, 22, sent, ok);
    const t0 = clock.now;
    await expect(c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 403 });
    await clock.settle([c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "again" }), other.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "other" })]);
    expect(sent.find((s) => s.url.endsWith("/again"))!.at).toBe(t0 + 45_000);
    expect(sent.find((s) => s.url.endsWith("/other"))!.at).toBe(t0);
  });
});
