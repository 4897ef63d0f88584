import { ProbotOctokit } from "probot";
import { MemoryPaceStore } from "../../src/github/pace-store.js";
import { nativeJsonResponses } from "../../src/github/octokit.js";
import { InstallationPacer, pacedOctokit } from "../../src/github/pacing.js";
import { testOctokit } from "./helpers/app-harness.js";

// The app's clients parse GitHub's JSON answers with JSON.parse (Octokit's own parser rewrites the text first):
// what a handler reads must be what Octokit would have given it.
const QUIET_LOG = { debug() {}, info() {}, warn() {}, error() {} };

type Answer = () => Response;

function clients(answer: Answer) {
  const options = { auth: "ghs_test", log: QUIET_LOG, request: { fetch: async () => answer() } };
  const Plain = testOctokit();
  return { octokit: new Plain(options as never), native: new (Plain.plugin(nativeJsonResponses as never))(options as never) };
}

const json = (body: string, status = 200, type = "application/json; charset=utf-8"): Answer => () => new Response(body, { status, headers: { "content-type": type } });

describe("JSON answers parsed by JSON.parse", () => {
  it("gives the same data as Octokit's parser for a typical answer", async () => {
    const body = JSON.stringify({ sha: "a".repeat(40), tree: [{ path: "app/views.py", size: 120, type: "blob" }], truncated: false, content: "ZGVmIGEoKTogcGFzcwo=", n: -1.5e3, nothing: null, "quote\"d": "a\\b\u00e9" });
    const { octokit, native } = clients(json(body));
    const [expected, got] = await Promise.all([octokit.request("GET /repos/o/r/git/trees/x"), native.request("GET /repos/o/r/git/trees/x")]);
    expect(got.data).toEqual(expected.data);
    expect(got.status).toBe(200);
    expect(got.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("keeps an integer past 2^53 a number (Octokit's parser makes it a BigInt, which never equals a number)", async () => {
    const { octokit, native } = clients(json('{"id": 9007199254740993, "small": 42}'));
    expect(typeof (await octokit.request("GET /x")).data.id).toBe("bigint");
    const { data } = await native.request("GET /x");
    expect(typeof data.id).toBe("number");
    expect(data.small).toBe(42);
  });

  it("gives text, bytes or the stream as Octokit chooses them for answers that are not JSON", async () => {
    const cases: [Answer, (data: unknown) => void][] = [
      [json("not json", 200), (d) => expect(d).toBe("not json")],
      [json("plain words", 200, "text/plain"), (d) => expect(d).toBe("plain words")],
      [json("raw diff", 200, "application/vnd.github.diff; charset=UTF-8"), (d) => expect(d).toBe("raw diff")],
      [json("\u0000\u0001", 200, "application/octet-stream"), (d) => expect(d).toBeInstanceOf(ArrayBuffer)],
      [() => new Response("no type"), (d) => expect(d).toBe("no type")],
    ];
    for (const [answer, check] of cases) {
      const { octokit, native } = clients(answer);
      const [expected, got] = await Promise.all([octokit.request("GET /x"), native.request("GET /x")]);
      // Response sets `text/plain;charset=UTF-8` on a string body without a type: both clients see the same headers.
      expect(got.data).toEqual(expected.data);
      check(got.data);
    }
  });

  it("leaves the body stream to a caller that asks for it, and error answers to Octokit", async () => {
    const { native } = clients(json('{"a": 1}'));
    // After a request of the client's own: the hook must not have left its setting on the client's defaults.
    expect((await native.request("GET /x")).data).toEqual({ a: 1 });
    const { data } = await native.request("GET /x", { request: { parseSuccessResponseBody: false } });
    expect(data).toBeInstanceOf(ReadableStream);
    expect(await new Response(data as ReadableStream).json()).toEqual({ a: 1 });
    const failing = clients(json('{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}', 404));
    const expected = await failing.octokit.request("GET /x").catch((e: Error) => e);
    const got = await failing.native.request("GET /x").catch((e: Error) => e);
    expect(got).toMatchObject({ status: 404, message: (expected as Error).message, response: { data: { message: "Not Found" } } });
  });

  it("parses the answer of a paced request that succeeded after a failed attempt", async () => {
    let calls = 0;
    const Paced = pacedOctokit(ProbotOctokit, new InstallationPacer(new MemoryPaceStore(), { jitter: () => 0 }), { ownRetries: true });
    const c = new Paced({
      auth: { token: "ghs_test", installationId: 5 },
      retry: { retryAfterBaseValue: 1 },
      log: QUIET_LOG,
      request: { fetch: async () => (calls++ === 0 ? json('{"message": "Server Error"}', 502)() : json('{"number": 7, "head": {"sha": "abc"}}')()) },
    } as never);
    const { data } = await c.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "o", repo: "r", pull_number: 7 });
    expect(calls).toBe(2);
    expect(data).toEqual({ number: 7, head: { sha: "abc" } });
  });
});
