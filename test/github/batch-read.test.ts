import nock from "nock";
import { BATCH_SIZE, fetchTexts } from "../../src/github/batch-read.js";
import { testOctokit } from "./helpers/app-harness.js";
import { MockGitHub } from "./helpers/github-mock.js";
import { contentsPath, HEAD } from "./pr-world.js";

const ref = { owner: "acme", repo: "shop" };
const octokit = () => new (testOctokit())({ auth: "ghs_test" }) as any;
const log = { info() {}, warn() {}, error() {}, debug() {}, child() { return log; } };
afterEach(() => nock.cleanAll());

const blob = (text: string, extra: object = {}) => ({ text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, ...extra });
const restFile = (text: string) => ({ type: "file", encoding: "base64", size: Buffer.byteLength(text), content: Buffer.from(text).toString("base64"), sha: "1" });

/** Answers each batched query from `blobs` (by path), as GitHub's GraphQL API would. */
function answer(blobs: Record<string, unknown>) {
  return (body: { variables: Record<string, string> }) => {
    const repository: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(body.variables)) {
      const m = /^e(\d+)$/.exec(name);
      if (m) repository[`f${m[1]}`] = blobs[expression.slice(expression.indexOf(":") + 1)] ?? null;
    }
    return { data: { repository } };
  };
}

describe("fetchTexts", () => {
  it("reads 230 files in three GraphQL queries of at most 100, by commit:path variables", async () => {
    const paths = Array.from({ length: 230 }, (_, i) => `app${i}/views.py`);
    const blobs = Object.fromEntries(paths.map((p, i) => [p, blob(`x = ${i}\n`)]));
    const gh = new MockGitHub();
    for (let i = 0; i < 3; i++) gh.on("POST", "/graphql", 200, answer(blobs));
    const read = await fetchTexts(octokit(), ref, HEAD, paths, 1000, log);
    gh.assertDone();
    expect(read.size).toBe(230);
    expect(read.get("app7/views.py")).toEqual({ ok: true, text: "x = 7\n" });
    const queries = gh.bodies("POST", /\/graphql$/);
    expect(queries.map((q) => Object.keys(q.variables).filter((k) => k.startsWith("e")).length).sort((a, b) => a - b)).toEqual([30, BATCH_SIZE, BATCH_SIZE]);
    expect(queries[0].variables.e0).toMatch(new RegExp(`^${HEAD}:app\\d+/views.py$`));
  });

  it("settles missing and oversized files from the batch, and reads the doubtful ones through REST", async () => {
    const big = "#".repeat(2000);
    const gh = new MockGitHub()
      .on("POST", "/graphql", 200, answer({
        "ok.py": blob("a = 1\n\uFEFF"),
        "big.py": blob(big),
        "cut.py": blob("partial", { isTruncated: true }),
        "odd.py": blob("caf\uFFFD\n"),
        "bin.py": { text: null, byteSize: 10, isBinary: true, isTruncated: false },
        "dir": {},
      }))
      .on("GET", contentsPath("cut.py", HEAD), 200, restFile("whole = True\n"))
      .on("GET", contentsPath("odd.py", HEAD), 200, { ...restFile(""), size: 4, content: Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString("base64") })
      .on("GET", contentsPath("bin.py", HEAD), 200, { ...restFile(""), size: 3, content: Buffer.from([0, 1, 2]).toString("base64") });
    const read = await fetchTexts(octokit(), ref, HEAD, ["ok.py", "gone.py", "big.py", "cut.py", "odd.py", "bin.py", "dir"], 1000, log);
    gh.assertDone();
    expect(read.get("ok.py")).toEqual({ ok: true, text: "a = 1\n\uFEFF" });
    expect(read.get("gone.py")).toMatchObject({ ok: false, reason: "not-found" });
    expect(read.get("big.py")).toEqual({ ok: false, reason: "too-large", detail: "2000 bytes, limit 1000" });
    expect(read.get("cut.py")).toEqual({ ok: true, text: "whole = True\n" });
    expect(read.get("odd.py")).toMatchObject({ ok: false, reason: "not-utf8" });
    expect(read.get("bin.py")).toMatchObject({ ok: false, reason: "binary" });
    expect(read.get("dir")).toMatchObject({ ok: false, reason: "unreadable" });
  });

  it("reads a batch through REST when its query fails, without losing a file", async () => {
    const paths = ["a.py", "b.py"];
    const gh = new MockGitHub()
      .on("POST", "/graphql", 502, { message: "Bad Gateway" })
      .on("POST", "/graphql", 502, { message: "Bad Gateway" })
      .on("POST", "/graphql", 502, { message: "Bad Gateway" })
      .on("POST", "/graphql", 502, { message: "Bad Gateway" })
      .on("GET", contentsPath("a.py", HEAD), 200, restFile("a = 1\n"))
      .on("GET", contentsPath("b.py", HEAD), 404, { message: "Not Found" });
    const read = await fetchTexts(octokit(), ref, HEAD, paths, 1000, log);
    expect(read.get("a.py")).toEqual({ ok: true, text: "a = 1\n" });
    expect(read.get("b.py")).toMatchObject({ ok: false, reason: "not-found" });
    expect(gh.calls.filter((c) => c.method === "GET")).toHaveLength(2);
  });
});
