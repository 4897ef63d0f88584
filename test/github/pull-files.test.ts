import nock from "nock";
import type { MarkedFinding } from "../../src/core/analysis/types.js";
import { anchorFor, planComments, suggestionFits } from "../../src/github/place-comments.js";
import { changeFromPatch, changeWithoutPatch, fetchText, fileStatus } from "../../src/github/pull-files.js";
import { moduleCandidates } from "../../src/github/settings-context.js";
import { testOctokit } from "./helpers/app-harness.js";
import { MockGitHub } from "./helpers/github-mock.js";
import { contentsPath, githubPatch, HEAD, REPO_PATH } from "./pr-world.js";

const ref = { owner: "acme", repo: "shop" };
const octokit = () => new (testOctokit())({ auth: "ghs_test" }) as any;
afterEach(() => nock.cleanAll());

function finding(line: number, endLine = line, extra: Partial<MarkedFinding> = {}): MarkedFinding {
  return {
    ruleId: "r", messageId: "m", path: "a.py", line, endLine, column: 1, severity: "medium", confidence: "high", cwe: [],
    message: "m", fingerprint: `fp-${line}-${endLine}`, fileLevel: false, inChange: true, ...extra,
  };
}

describe("anchorFor", () => {
  const hunks = [{ start: 3, end: 9 }, { start: 20, end: 24 }];
  it.each([
    ["single line in a hunk", 5, 5, { line: 5 }],
    ["range inside one hunk", 4, 6, { line: 6, startLine: 4 }],
    ["range across two hunks: first line inside", 8, 21, { line: 8 }],
    ["range starting before a hunk: first line inside it", 1, 4, { line: 3 }],
    ["line between hunks", 12, 12, undefined],
    ["line after the last hunk", 30, 30, undefined],
  ])("%s", (_name, line, end, expected) => {
    expect(anchorFor(finding(line, end), hunks)).toEqual(expected);
  });
});

describe("suggestionFits", () => {
  it.each([
    ["fix on the commented line", finding(5, 5, { fix: { line: 5, endLine: 5, replacement: "x" } }), { line: 5 }, true],
    ["fix on the commented range", finding(4, 6, { fix: { line: 4, endLine: 6, replacement: "x" } }), { line: 6, startLine: 4 }, true],
    ["fix wider than the comment", finding(4, 6, { fix: { line: 4, endLine: 6, replacement: "x" } }), { line: 4 }, false],
    ["no fix", finding(5), { line: 5 }, false],
  ])("%s", (_name, f, anchor, expected) => {
    expect(suggestionFits(f, anchor)).toBe(expected);
  });
});

describe("planComments", () => {
  const changes = new Map([["a.py", { path: "a.py", status: "modified" as const, binary: false, added: [{ start: 1, end: 9 }], hunks: [{ start: 1, end: 9 }] }]]);
  it("skips findings already commented on, caps the rest most severe first, and says why each was not inline", () => {
    const findings = [
      finding(1, 1, { severity: "low" }),
      finding(2, 2, { severity: "high" }),
      finding(3, 3, { severity: "medium" }),
      finding(20, 20),
      finding(1, 1, { fileLevel: true, fingerprint: "file" }),
      finding(4, 4, { path: "b.py" }),
    ];
    const plan = planComments(findings, changes, new Set(["fp-3-3"]), (f) => f.fingerprint, 2);
    expect(plan.comments.map((c) => c.finding.line)).toEqual([2]);
    const where = Object.fromEntries(plan.placed.map((p) => [`${p.finding.path}:${p.finding.line}:${p.finding.fileLevel}`, p.placement]));
    expect(where).toEqual({
      "a.py:1:false": "over-cap",
      "a.py:2:false": "inline",
      "a.py:3:false": "already-commented",
      "a.py:20:false": "outside-diff",
      "a.py:1:true": "file-level",
      "b.py:4:false": "no-patch",
    });
  });

  it("counts the app's open comments against the cap, so a re-run posts none of the overflow", () => {
    const findings = [finding(1), finding(2), finding(3)];
    const first = planComments(findings, changes, new Set(), (f) => f.fingerprint, 2);
    expect(first.comments.map((c) => c.finding.line)).toEqual([1, 2]);
    const rerun = planComments(findings, changes, new Set(first.comments.map((c) => c.finding.fingerprint)), (f) => f.fingerprint, 2);
    expect(rerun.comments).toEqual([]);
    expect(rerun.placed.find((p) => p.finding.line === 3)?.placement).toBe("over-cap");
    // Once one commented finding is fixed, the next one from the overflow gets its inline comment.
    const afterFix = planComments([finding(2), finding(3)], changes, new Set(first.comments.map((c) => c.finding.fingerprint)), (f) => f.fingerprint, 2);
    expect(afterFix.comments.map((c) => c.finding.line)).toEqual([3]);
  });

  it("takes an earlier comment on any sink merged into a finding as that finding's comment", () => {
    const merged = finding(2, 2, { alsoAt: [{ line: 5, fingerprint: "fp-5-5" }] });
    const keys = (f: typeof merged) => [f.fingerprint, ...(f.alsoAt ?? []).map((a) => a.fingerprint)];
    expect(planComments([merged], changes, new Set(["fp-5-5"]), keys, 5).placed.map((p) => p.placement)).toEqual(["already-commented"]);
    expect(planComments([merged], changes, new Set(["fp-9-9"]), keys, 5).placed.map((p) => p.placement)).toEqual(["inline"]);
  });

  it("posts nothing inline when the cap is 0", () => {
    expect(planComments([finding(2)], changes, new Set(), (f) => f.fingerprint, 0).comments).toEqual([]);
  });
});

describe("file changes from GitHub's file list", () => {
  it.each([
    ["added", "added"],
    ["copied", "added"],
    ["renamed", "renamed"],
    ["modified", "modified"],
    ["changed", "modified"],
    ["removed", undefined],
  ])("status %s -> %s", (status, expected) => {
    expect(fileStatus(status)).toBe(expected);
  });

  it("reads changed lines and hunks from the patch", () => {
    const patch = githubPatch("a.py", "a\nb\nc\n", "a\nB\nc\nd\n");
    expect(changeFromPatch({ filename: "a.py", status: "modified", patch })).toMatchObject({ added: [{ start: 2, end: 2 }, { start: 4, end: 4 }], hunks: [{ start: 1, end: 4 }] });
  });

  it.each([
    ["missing patch", undefined],
    ["malformed patch", "@@ -1,2 +1,9 @@\n+only one line"],
  ])("gives no change for a %s", (_name, patch) => {
    expect(changeFromPatch({ filename: "a.py", status: "modified", patch })).toBeUndefined();
  });

  it("diffs against the base when the patch was omitted, with no commentable hunks", () => {
    const change = changeWithoutPatch({ filename: "a.py", status: "modified" }, "a\nB\nc\n", "a\nb\nc\n");
    expect(change).toMatchObject({ added: [{ start: 2, end: 2 }], hunks: [] });
    expect(changeWithoutPatch({ filename: "n.py", status: "added" }, "x\ny", undefined).added).toEqual([{ start: 1, end: 2 }]);
  });
});

describe("fetchText", () => {
  it("decodes base64 content", async () => {
    const gh = new MockGitHub().on("GET", contentsPath("a.py", HEAD), 200, { type: "file", encoding: "base64", size: 6, content: Buffer.from("x = 1\n").toString("base64"), sha: "1" });
    expect(await fetchText(octokit(), ref, "a.py", HEAD, 1000)).toEqual({ ok: true, text: "x = 1\n" });
    gh.assertDone();
  });

  it("skips a file over the size limit without downloading it", async () => {
    const gh = new MockGitHub().on("GET", contentsPath("big.py", HEAD), 200, { type: "file", encoding: "none", size: 5_000_000, content: "", sha: "1" });
    expect(await fetchText(octokit(), ref, "big.py", HEAD, 1_000_000)).toMatchObject({ ok: false, reason: "too-large" });
    gh.assertDone();
  });

  it("reads files over 1 MB as blobs, since the contents API leaves their content out", async () => {
    const text = "# big\n".repeat(200_000);
    const gh = new MockGitHub()
      .on("GET", contentsPath("big.py", HEAD), 200, { type: "file", encoding: "none", size: text.length, content: "", sha: "abc123" })
      .on("GET", `${REPO_PATH}/git/blobs/abc123`, 200, { sha: "abc123", size: text.length, encoding: "base64", content: Buffer.from(text).toString("base64") });
    expect(await fetchText(octokit(), ref, "big.py", HEAD, 5_000_000)).toEqual({ ok: true, text });
    gh.assertDone();
  });

  it.each([
    ["missing file", 404, {}, "not-found"],
    ["server error", 500, {}, "fetch-failed"],
    ["a directory", 200, [], "unreadable"],
    ["invalid UTF-8", 200, { type: "file", encoding: "base64", size: 2, content: Buffer.from([0xc3, 0x28]).toString("base64") }, "not-utf8"],
  ])("reports a %s as a reason, not an exception", async (_name, status, body, reason) => {
    const gh = new MockGitHub().on("GET", contentsPath("a.py", HEAD), status, body);
    expect(await fetchText(octokit(), ref, "a.py", HEAD, 1000)).toMatchObject({ ok: false, reason });
    gh.assertDone();
  });
});

describe("moduleCandidates", () => {
  it.each([
    ["sibling module", "mysite/settings/production.py", ".base", ["mysite/settings/base.py", "mysite/settings/base/__init__.py"]],
    ["parent package", "mysite/settings/production.py", "..common", ["mysite/common.py", "mysite/common/__init__.py"]],
    ["too many dots", "settings.py", "...x", []],
    ["absolute module", "src/mysite/settings/prod.py", "mysite.settings.base", [
      "src/mysite/settings/mysite/settings/base.py", "src/mysite/settings/mysite/settings/base/__init__.py",
      "src/mysite/mysite/settings/base.py", "src/mysite/mysite/settings/base/__init__.py",
      "src/mysite/settings/base.py", "src/mysite/settings/base/__init__.py",
      "mysite/settings/base.py", "mysite/settings/base/__init__.py",
    ]],
  ])("%s", (_name, from, module, expected) => {
    expect(moduleCandidates(from, module)).toEqual(expected);
  });
});
