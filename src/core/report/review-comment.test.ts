import csrfExempt from "../../../rules/csrf/csrf-exempt-view.js";
import type { Finding } from "../analysis/types.js";
import { commentKey, fingerprintMarker, isFixedReply, readCommentKey, renderFixedReply, renderReviewComment, suggestionBlock } from "./review-comment.js";

const finding: Finding = {
  ruleId: "csrf-exempt-view",
  messageId: "exemptView",
  path: "shop/views.py",
  line: 3,
  endLine: 3,
  column: 2,
  severity: "medium",
  confidence: "high",
  cwe: ["CWE-352"],
  message: "`pay` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers.",
  fingerprint: "csrf-exempt-view:shop/views.py:@csrf_exempt",
  fileLevel: false,
};

describe("renderReviewComment", () => {
  it("renders severity, message, why, fix, links and the hidden marker", () => {
    const body = renderReviewComment(finding, csrfExempt, { suggest: true });
    expect(body).toMatchSnapshot();
    expect(body).toContain(csrfExempt.docs.why);
    expect(body).toContain(csrfExempt.docs.fix);
    expect(body).toContain(csrfExempt.docsUrl);
    expect(body).not.toContain("```suggestion");
    expect(readCommentKey(body)).toBe(commentKey(finding.fingerprint));
  });

  it("adds a suggestion only when asked and the finding has a fix", () => {
    const withFix = { ...finding, fix: { line: 3, endLine: 3, replacement: "" } };
    expect(renderReviewComment(withFix, csrfExempt, { suggest: true })).toContain("```suggestion\n```");
    expect(renderReviewComment(withFix, csrfExempt, { suggest: false })).not.toContain("suggestion\n");
  });

  it("lists the data-flow path", () => {
    const traced = { ...finding, trace: [{ line: 1, label: "`q` from `request.GET`" }, { line: 3, label: "reaches `raw()`" }] };
    expect(renderReviewComment(traced, undefined, { suggest: false })).toContain("- line 1: `q` from `request.GET`\n- line 3: reaches `raw()`");
  });
});

describe("markers", () => {
  it.each([
    ["our marker", fingerprintMarker("x"), commentKey("x")],
    ["no marker", "a plain comment", undefined],
    ["someone else's look-alike", "<!-- django-sec:fp=not-hex -->", undefined],
    ["null body", null, undefined],
  ])("%s", (_name, body, expected) => {
    expect(readCommentKey(body)).toBe(expected);
  });

  it("keeps source code out of the marker", () => {
    expect(fingerprintMarker("rule:path:x = '-->'")).toMatch(/^<!-- django-sec:fp=[0-9a-f]{24} -->$/);
  });

  it("recognises its own fixed reply", () => {
    const reply = renderFixedReply("0123456789abcdef", "fp");
    expect(reply).toContain("0123456");
    expect(isFixedReply(reply, commentKey("fp"))).toBe(true);
    expect(isFixedReply(reply, commentKey("other"))).toBe(false);
  });
});

describe("suggestionBlock", () => {
  it.each([
    ["plain line", "DEBUG = False", "```suggestion\nDEBUG = False\n```"],
    ["code with a triple backtick", "x = '```'", "````suggestion\nx = '```'\n````"],
    ["deletion", "", "```suggestion\n```"],
    ["two lines", "a = 1\nb = 2", "```suggestion\na = 1\nb = 2\n```"],
  ])("%s", (_name, replacement, expected) => {
    expect(suggestionBlock(replacement)).toBe(expected);
  });
});
