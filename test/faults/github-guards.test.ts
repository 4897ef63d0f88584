import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import { RecheckLimit } from "../../src/github/handlers.js";
import { retryAfterMs, withoutRequestBodies, withRequestTimeout, withSecondaryRateLimitWait, type GitHubClient } from "../../src/github/octokit.js";

// Unit tests of the guards the fault suite led to; the suite itself drives them through the app.

describe("RecheckLimit", () => {
  it("runs the first recheck of a pull request, answers the next once, then stays quiet until the window ends", () => {
    let now = 1_000_000;
    const limit = new RecheckLimit(60_000, () => now);
    expect(limit.take("acme/shop#12").state).toBe("run");
    now += 1_000;
    expect(limit.take("acme/shop#12")).toEqual({ state: "notify", waitMs: 59_000 });
    expect(limit.take("acme/shop#12").state).toBe("quiet");
    expect(limit.take("acme/shop#13").state).toBe("run");
    now += 59_000;
    expect(limit.take("acme/shop#12").state).toBe("run");
  });

  it("lets the delivery that opened the window run again (a queue retrying it), not a new one", () => {
    const limit = new RecheckLimit(60_000, () => 0);
    expect(limit.take("acme/shop#12", "d-1").state).toBe("run");
    expect(limit.take("acme/shop#12", "d-1").state).toBe("run");
    expect(limit.take("acme/shop#12", "d-2").state).toBe("notify");
    expect(limit.take("acme/shop#12").state).toBe("quiet");
  });
});

describe("retryAfterMs", () => {
  it.each([
    ["30", 30_000],
    [" 0 ", 0],
    ["Wed, 25 Nov 2026 10:00:05 GMT", 5_000],
    ["Wed, 25 Nov 2026 09:00:00 GMT", 0],
    ["soon", undefined],
    [undefined, undefined],
  ])("%s -> %s", (value, ms) => {
    expect(retryAfterMs(value, Date.parse("Wed, 25 Nov 2026 10:00:00 GMT"))).toBe(ms);
  });
});

describe("GitHub client guards", () => {
  let server: Server;
  let baseUrl: string;
  let answer: (n: number) => { status: number; headers?: Record<string, string>; body: unknown } | "hang";
  let calls: number[];
  // Each test talks to its own repository name: under heavy load a request the previous test already gave
  // up on can reach the server late, and must not count as this test's call.
  let repo = "";
  let tests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (!req.url?.startsWith(`/repos/a/${repo}`)) return void res.writeHead(410).end();
        calls.push(Date.now());
        const a = answer(calls.length);
        if (a === "hang") return;
        res.writeHead(a.status, { "content-type": "application/json", ...a.headers }).end(JSON.stringify(a.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    calls = [];
    repo = `r${++tests}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const client = () => new Octokit({ baseUrl, auth: "x" }) as unknown as GitHubClient;

  it("a request that never answers fails after the time limit instead of waiting forever", async () => {
    answer = () => "hang";
    const started = Date.now();
    await expect(withRequestTimeout(client(), 200).request("GET /repos/{owner}/{repo}", { owner: "a", repo })).rejects.toMatchObject({ status: 500 });
    // The server never answers: only the time limit can end the request (jest's own timeout would fail the test).
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("a secondary rate limit is waited out for retry-after, then the request repeats", async () => {
    answer = (n) => (n === 1 ? { status: 403, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit." } } : { status: 200, body: { ok: true } });
    const res = await withSecondaryRateLimitWait(client()).request("POST /repos/{owner}/{repo}/issues", { owner: "a", repo, title: "t" });
    expect(res.data).toEqual({ ok: true });
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(1_000);
  });

  it("a plain 403 (no permission) is not retried, nor a wait beyond the limit", async () => {
    answer = () => ({ status: 403, body: { message: "Resource not accessible by integration" } });
    await expect(withSecondaryRateLimitWait(client()).request("GET /repos/{owner}/{repo}", { owner: "a", repo })).rejects.toMatchObject({ status: 403 });
    expect(calls).toHaveLength(1);
    answer = () => ({ status: 403, headers: { "retry-after": "3600" }, body: { message: "You have exceeded a secondary rate limit." } });
    await expect(withSecondaryRateLimitWait(client(), 5_000).request("GET /repos/{owner}/{repo}", { owner: "a", repo })).rejects.toMatchObject({ status: 403 });
    expect(calls).toHaveLength(2);
  });

  it("errors keep method, URL and status but not the request body", async () => {
    answer = () => ({ status: 422, body: { message: "Unprocessable Entity" } });
    const error = await withoutRequestBodies(client())
      .request("POST /repos/{owner}/{repo}/issues", { owner: "a", repo, title: "def leaked_source(): ..." })
      .catch((e: unknown) => e as { status: number; request: { method: string; url: string; body: unknown } });
    expect(error).toMatchObject({ status: 422, request: { method: "POST", url: `${baseUrl}/repos/a/${repo}/issues`, body: "[omitted]" } });
    expect(JSON.stringify(error)).not.toContain("leaked_source");
  });
});
