import { findOperationPath, validateRequestBody } from "./helpers/openapi.js";

describe("OpenAPI request-body validation", () => {
  it.each([
    ["check run create", "POST", "/repos/o/r/check-runs", { name: "django-sec", head_sha: "a".repeat(40), status: "in_progress" }, true],
    ["check run with a made-up conclusion", "PATCH", "/repos/o/r/check-runs/5", { status: "completed", conclusion: "passed" }, false],
    ["review comment without a body", "POST", "/repos/o/r/pulls/1/reviews", { event: "COMMENT", comments: [{ path: "a.py", line: 2 }] }, false],
    ["review with a line given as text", "POST", "/repos/o/r/pulls/1/reviews", { event: "COMMENT", comments: [{ path: "a.py", line: "2", body: "x" }] }, false],
    ["review with a valid comment", "POST", "/repos/o/r/pulls/1/reviews", { event: "COMMENT", body: "b", comments: [{ path: "a.py", line: 2, side: "RIGHT", body: "x" }] }, true],
    ["reaction with an unknown content", "POST", "/repos/o/r/issues/comments/9/reactions", { content: "party" }, false],
    ["GHE prefix", "POST", "/api/v3/repos/o/r/issues/comments/9/reactions", { content: "eyes" }, true],
  ])("%s", (_name, method, path, body, ok) => {
    expect(validateRequestBody(method, path, body).length === 0).toBe(ok);
  });

  it("prefers literal path segments over parameters", () => {
    expect(findOperationPath("GET", "/repos/o/r/pulls/comments/4")).toBe("/repos/{owner}/{repo}/pulls/comments/{comment_id}");
  });

  it("rejects a path GitHub does not have", () => {
    expect(validateRequestBody("POST", "/repos/o/r/not-an-endpoint", {})).not.toEqual([]);
  });
});
