import { MemoryPaceStore, type PaceStore, type TakeRequest } from "../../src/github/pace-store.js";
import { GITHUB_SECONDARY_LIMITS, holdFrom, InstallationPacer, pacedOctokit, PacingWaitTooLong, requestCost, type RequestCost } from "../../src/github/pacing.js";
import { Probot, ProbotOctokit } from "probot";
import { testOctokit, testPrivateKey } from "./helpers/app-harness.js";
import { busiestWindow, FakeClock } from "./fake-clock.js";

const READ: RequestCost = { restPoints: 1, graphqlPoints: 0, write: false };
const WRITE: RequestCost = { restPoints: 5, graphqlPoints: 0, write: true };

const QUIET_LOG = { debug() {}, info() {}, warn() {}, error() {} };
/** GitHub's answer to a request that failed on its side. */
const serverError = (): Response => new Response(JSON.stringify({ message: "Server Error" }), { status: 502, headers: { "content-type": "application/json" } });
/** Probot's client with Octokit's retry plugin on, as in production, its backoff base shortened to `baseMs`. */
const retryingOctokit = (baseMs: number) =>
  ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, retry: { ...options.retry, retryAfterBaseValue: baseMs } })) as typeof ProbotOctokit;

/**
 * A paced client of `Client` for one installation whose first `failures` requests (of `method`, or any) fail with
 * a 502; every request sent is recorded with the fake clock's time.
 */
function flakyClient(Client: typeof ProbotOctokit, pacer: InstallationPacer, clock: FakeClock, installationId: number, failures: number, opts: { method?: string; ownRetries?: boolean; retry?: Record<string, unknown> } = {}) {
  const sent: { at: number; method: string }[] = [];
  const c = new (pacedOctokit(Client, pacer, opts.ownRetries ? { ownRetries: true } : undefined))({
    auth: { token: "ghs_test", installationId },
    ...(opts.retry ? { retry: opts.retry } : {}),
    log: QUIET_LOG,
    request: {
      fetch: async (url: string, init: RequestInit) => {
        sent.push({ at: clock.now, method: init.method ?? "GET" });
        if ((!opts.method || init.method === opts.method) && failures-- > 0) return serverError();
        return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
      },
    },
  } as never);
  return { c, sent };
}

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

  it("holds an installation's other writes while one write has its turn, then spaces them from the turn's end", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const t0 = clock.now;
    const turn = await pacer.acquireWriteTurn(1, WRITE);
    const granted: Record<string, number> = {};
    const write = async (name: string, installation: number, cost: RequestCost) => {
      await pacer.acquire(installation, cost);
      granted[name] = clock.now;
    };
    // The write in its turn is answered 2.5 s later (a slow answer, or a busy process that sent it late).
    const answered = async () => {
      await clock.sleep(2500);
      await turn.end();
    };
    await clock.settle([write("next", 1, WRITE), write("read", 1, READ), write("other", 2, WRITE), answered()]);
    expect(granted).toEqual({ next: t0 + 3500, read: t0, other: t0 });
  });

  it("lets the next write go a spacing after the turn began when the turn's write was never sent", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const t0 = clock.now;
    const turn = await pacer.acquireWriteTurn(1, WRITE);
    let next = 0;
    await clock.settle([
      (async () => {
        await clock.sleep(300);
        await turn.end(false);
      })(),
      (async () => {
        await pacer.acquire(1, WRITE);
        next = clock.now;
      })(),
    ]);
    expect(next).toBe(t0 + 1000);
  });

  it("gives the turn back after writeHoldMs when its holder never ends it (a worker that died mid-write)", async () => {
    const clock = new FakeClock();
    const pacer = new InstallationPacer(new MemoryPaceStore(), { now: () => clock.now, sleep: clock.sleep, jitter: () => 0, maxWaitMs: 24 * 3600_000, writeHoldMs: 20_000 });
    const t0 = clock.now;
    await pacer.acquireWriteTurn(1, WRITE);
    const [granted] = await clock.settle([burst(pacer, clock, 1, WRITE, 2)]);
    expect(granted).toEqual([t0 + 20_000, t0 + 21_000]);
  });

  it("ends only its own turn: a turn that outlived its hold does not end the one taken after it", async () => {
    const store = new MemoryPaceStore();
    const buckets: TakeRequest["buckets"] = [];
    const take = (holder: string, now: number) => store.take("1", { buckets, cost: [], write: true, spacingMs: 1000, holder, holdMs: 5000 }, now);
    expect(await take("first", 0)).toBe(0);
    expect(await take("second", 5000)).toBe(0);
    await store.endTurn("1", "first", 5200);
    // "second" still has the turn: a third write asks again a spacing later, not at 6200.
    expect(await store.take("1", { buckets, cost: [], write: true, spacingMs: 1000 }, 6200)).toBe(1000);
    await store.endTurn("1", "second", 6300);
    expect(await store.take("1", { buckets, cost: [], write: true, spacingMs: 1000 }, 7300)).toBe(0);
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

  it("spaces writes by when they reach GitHub: a write a busy worker sent late still leads the next by a second, in any worker", async () => {
    const clock = new FakeClock();
    const store = new MemoryPaceStore();
    const sent: { at: number; method: string; url: string }[] = [];
    // Two workers sharing one installation's pacing state; worker A's write leaves 1.2 s after the limiter let
    // it through (its event loop was busy), and is answered at once.
    const worker = (delayMs: number) =>
      new (pacedOctokit(testOctokit(), pacerOn(clock, store)))({
        auth: { token: "ghs_test", installationId: 41 },
        request: {
          fetch: async (url: string, init: RequestInit) => {
            if (url.includes("/late/")) await clock.sleep(delayMs);
            sent.push({ at: clock.now, method: init.method ?? "GET", url });
            return ok();
          },
        },
      } as never);
    const a = worker(1200);
    const b = worker(0);
    const t0 = clock.now;
    const post = (c: typeof a, repo: string) => c.request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo, name: "django-sec", head_sha: "a".repeat(40) });
    await clock.settle([post(a, "late"), post(b, "next")]);
    expect(sent.map((s) => [new URL(s.url).pathname.split("/")[3], s.at - t0])).toEqual([
      ["late", 1200],
      ["next", 2200],
    ]);
  });

  it("sends a gated write as soon as its gate answers: no pacing step between the head check and the write", async () => {
    const clock = new FakeClock();
    // Every decision of this store takes 40 ms, as a round trip to a shared Redis does.
    const slow = new MemoryPaceStore();
    const store: PaceStore = {
      take: async (key, request, now) => {
        await clock.sleep(40);
        return slow.take(key, request, now);
      },
      block: async (key, until) => {
        await clock.sleep(40);
        return slow.block(key, until);
      },
      endTurn: async (key, holder, until) => {
        await clock.sleep(40);
        return slow.endTurn(key, holder, until);
      },
      close: async () => undefined,
    };
    const pacer = pacerOn(clock, store);
    const t0 = clock.now;
    // GitHub's head moves at t0 + 100 ms; the review checks it first, then posts for the head it reviewed.
    let head = "a".repeat(40);
    const sent: { at: number; method: string; path: string; head: string }[] = [];
    const c = new (pacedOctokit(testOctokit(), pacer))({
      auth: { token: "ghs_test", installationId: 51 },
      request: {
        fetch: async (url: string, init: RequestInit) => {
          const path = new URL(url).pathname;
          sent.push({ at: clock.now - t0, method: init.method ?? "GET", path, head });
          return init.method === "GET" ? new Response(JSON.stringify({ head: { sha: head } }), { status: 200, headers: { "content-type": "application/json" } }) : ok();
        },
      },
    } as never);
    const push = async () => {
      await clock.sleep(100);
      head = "b".repeat(40);
    };
    const review = c.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      owner: "o",
      repo: "r",
      pull_number: 1,
      commit_id: "a".repeat(40),
      event: "COMMENT",
      request: {
        beforeSend: async () => {
          const { data } = await c.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: 1 });
          if ((data as { head: { sha: string } }).head.sha !== "a".repeat(40)) throw new Error("head moved");
        },
      },
    });
    await clock.settle<unknown>([review, push()]);
    const check = sent.find((s) => s.method === "GET")!;
    const write = sent.find((s) => s.method === "POST")!;
    // The write left at the very moment the check was answered, before the push: GitHub had the reviewed head.
    expect(write.at).toBe(check.at);
    expect(write.head).toBe("a".repeat(40));
  });

  it("does not let Octokit's retry plugin repeat a 429 inside the limiter: the installation waits retry-after", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const sent: { at: number; method: string; url: string }[] = [];
    let refuse = true;
    // The production retry plugin, on, with its backoff shortened to 1 ms a step (it would repeat a 429 after 1, 4, 9 s).
    const Retrying = retryingOctokit(1);
    const c = new (pacedOctokit(Retrying, pacer))({
      auth: { token: "ghs_test", installationId: 61 },
      log: QUIET_LOG,
      request: {
        fetch: async (url: string, init: RequestInit) => {
          sent.push({ at: clock.now, method: init.method ?? "GET", url });
          if (!refuse) return ok();
          refuse = false;
          return new Response(JSON.stringify({ message: "Too many requests" }), { status: 429, headers: { "content-type": "application/json", "retry-after": "30" } });
        },
      },
    } as never);
    const t0 = clock.now;
    const post = (repo: string) => c.request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo, name: "django-sec", head_sha: "a".repeat(40) });
    await expect(post("first")).rejects.toMatchObject({ status: 429 });
    await clock.settle([post("again")]);
    expect(sent.map((s) => [new URL(s.url).pathname.split("/")[3], s.at - t0])).toEqual([
      ["first", 0],
      ["again", 30_000],
    ]);
  });

  it("repeats a gated write that failed with a 5xx through the limiter and its gate: a push during the backoff stops it", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const OLD = "a".repeat(40);
    let head = OLD;
    const sent: { at: number; method: string; path: string }[] = [];
    const Retrying = retryingOctokit(1000);
    const c = new (pacedOctokit(Retrying, pacer))({
      auth: { token: "ghs_test", installationId: 71 },
      log: QUIET_LOG,
      request: {
        fetch: async (url: string, init: RequestInit) => {
          const method = init.method ?? "GET";
          const path = new URL(url).pathname;
          sent.push({ at: clock.now, method, path });
          if (method === "GET") return new Response(JSON.stringify({ head: { sha: head } }), { status: 200, headers: { "content-type": "application/json" } });
          // GitHub fails the first review POST; the author pushes while the app waits to repeat it.
          head = "b".repeat(40);
          return serverError();
        },
      },
    } as never);
    const headCheck = async () => {
      const { data } = await c.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: 1 });
      if ((data as { head: { sha: string } }).head.sha !== OLD) throw new Error("head moved");
    };
    const t0 = clock.now;
    const review = c.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", { owner: "o", repo: "r", pull_number: 1, commit_id: OLD, event: "COMMENT", request: { beforeSend: headCheck } });
    const [outcome] = await clock.settle([review.then(() => "posted", (e: Error) => e.message)]);
    expect(outcome).toBe("head moved");
    // One POST, then after the plugin's first backoff (1 s) the head check again, and no second POST.
    expect(sent.map((s) => [s.method, s.at - t0])).toEqual([
      ["GET", 0],
      ["POST", 0],
      ["GET", 1000],
    ]);
  });

  it("repeats any write that failed with a 5xx through the limiter, each attempt in its own write turn (not inside the failed one's)", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    // The production retry plugin, on, with backoffs of 100 and 400 ms: inside the turn it would repeat at 100 and 500 ms.
    const { c, sent } = flakyClient(retryingOctokit(100), pacer, clock, 73, 2, { method: "PATCH" });
    const t0 = clock.now;
    const update = c.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner: "o", repo: "r", check_run_id: 5, status: "completed", conclusion: "success" });
    await clock.settle([update]);
    expect(sent.map((s) => [s.method, s.at - t0])).toEqual([
      ["PATCH", 0],
      ["PATCH", 1000],
      ["PATCH", 2000],
    ]);
  });

  it("repeats a failed request of a client that has sent requests before, not only its first one", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    // A job's client reads the pull request, then the files: the read that fails is not the client's first.
    for (const [Client, opts] of [[ProbotOctokit, { ownRetries: true, retry: { retryAfterBaseValue: 100 } }], [retryingOctokit(100), {}]] as const) {
      let calls = 0;
      const c = new (pacedOctokit(Client, pacer, "ownRetries" in opts ? { ownRetries: true } : undefined))({
        auth: { token: "ghs_test", installationId: 76 },
        ...("retry" in opts ? { retry: opts.retry } : {}),
        log: QUIET_LOG,
        request: { fetch: async () => (++calls === 2 ? serverError() : new Response("{}", { status: 200, headers: { "content-type": "application/json" } })) },
      } as never);
      await clock.settle([c.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: 1 })]);
      await clock.settle([c.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner: "o", repo: "r", pull_number: 1 })]);
      expect(calls).toBe(3);
    }
  });

  it("with ownRetries (the app's own client), repeats failed requests itself with Octokit's retry plugin off", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const { c, sent } = flakyClient(ProbotOctokit, pacer, clock, 74, 2, { ownRetries: true, retry: { retryAfterBaseValue: 100 } });
    const t0 = clock.now;
    await clock.settle([c.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: 1 })]);
    // Reads are repeated after the plugin's backoffs (100 and 400 ms here), each through the limiter.
    expect(sent.map((s) => [s.method, s.at - t0])).toEqual([
      ["GET", 0],
      ["GET", 100],
      ["GET", 500],
    ]);
    // A client whose retries are off is not repeated.
    const off = new (pacedOctokit(ProbotOctokit, pacer, { ownRetries: true }))({
      auth: { token: "ghs_test", installationId: 75 },
      retry: { enabled: false },
      log: QUIET_LOG,
      request: { fetch: async () => serverError() },
    } as never);
    await expect(off.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: 1 })).rejects.toMatchObject({ status: 502 });
  });

  it("repeats a gated write that failed with a 5xx when the head has not moved, a write spacing after the failed attempt", async () => {
    const clock = new FakeClock();
    const pacer = pacerOn(clock);
    const { c, sent } = flakyClient(retryingOctokit(100), pacer, clock, 72, 2, { method: "POST" });
    let checks = 0;
    const t0 = clock.now;
    const review = c.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", { owner: "o", repo: "r", pull_number: 1, event: "COMMENT", request: { beforeSend: async () => void checks++ } });
    await clock.settle([review]);
    expect(checks).toBe(3);
    // Backoffs of 100 and 400 ms, but the installation's writes stay a second apart.
    expect(sent.map((s) => [s.method, s.at - t0])).toEqual([
      ["POST", 0],
      ["POST", 1000],
      ["POST", 2000],
    ]);
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

describe("installation tokens on GitHub Enterprise Server", () => {
  it("asks the configured server, never api.github.com, for the token the pacing hook fetches before a request", async () => {
    const sent: string[] = [];
    const fetch = async (url: string) => {
      sent.push(String(url));
      if (!String(url).startsWith("https://ghe.example.com/api/v3/")) throw new TypeError("fetch failed");
      if (String(url).endsWith("/access_tokens")) return new Response(JSON.stringify({ token: "ghs_ghe", expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: "all" }), { status: 201, headers: { "content-type": "application/json" } });
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    };
    const probot = new Probot({
      appId: 1,
      privateKey: testPrivateKey(),
      baseUrl: "https://ghe.example.com/api/v3",
      logLevel: "fatal",
      Octokit: pacedOctokit(testOctokit(), new InstallationPacer(new MemoryPaceStore(), { jitter: () => 0 })),
      request: { fetch },
    });
    const octokit = await probot.auth(7);
    await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(sent.filter((u) => !u.startsWith("https://ghe.example.com/"))).toEqual([]);
    expect(sent).toEqual(["https://ghe.example.com/api/v3/app/installations/7/access_tokens", "https://ghe.example.com/api/v3/repos/o/r"]);
  });
});
