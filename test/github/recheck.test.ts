import nock from "nock";
import csrfExempt from "../../rules/csrf/csrf-exempt-view.js";
import { isRecheck } from "../../src/github/handlers.js";
import { fixture, testProbot } from "./helpers/app-harness.js";
import { MockGitHub } from "./helpers/github-mock.js";
import { CHECK_RUN_ID, mockReadPhase, PR, pullRequest, REPO_PATH, VIEWS_AFTER, VIEWS_BEFORE } from "./pr-world.js";

const COMMENT_ID = 4400001;
const REACTIONS = new RegExp(`^${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions$`);

let gh: MockGitHub;
beforeEach(() => {
  gh = new MockGitHub();
});
afterEach(() => nock.cleanAll());

function payload(user: { login: string; type?: string }, body = "/django-sec recheck", pullRequest = true) {
  const p = fixture("issue_comment.created.recheck.json");
  p.comment.user = { ...p.comment.user, login: user.login, type: user.type ?? "User" };
  p.comment.body = body;
  if (!pullRequest) delete p.issue.pull_request;
  return p;
}

async function deliver(p: unknown): Promise<void> {
  await testProbot([csrfExempt]).receive({ id: "delivery-recheck", name: "issue_comment", payload: p } as never);
}

function mockFullRun(): void {
  gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
  gh.on("GET", "/app", 200, { id: 4242, slug: "django-sec" });
  gh.on("POST", `${REPO_PATH}/check-runs`, 201, { id: CHECK_RUN_ID, html_url: null });
  mockReadPhase(gh, { files: [{ filename: "shop/views.py", before: VIEWS_BEFORE, after: VIEWS_AFTER }] });
  gh.on("POST", `${REPO_PATH}/pulls/${PR}/reviews`, 200, { id: 1 });
  gh.on("PATCH", `${REPO_PATH}/check-runs/${CHECK_RUN_ID}`, 200, {});
}

describe("/django-sec recheck", () => {
  it("runs for the pull request's author without asking for permissions, after an eyes reaction", async () => {
    gh.on("POST", `/app/installations/31337/access_tokens`, 201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
    gh.on("POST", REACTIONS, 201, { id: 1, content: "eyes" });
    mockFullRun();
    await deliver(payload({ login: "dev-ana" }));
    gh.assertDone();
    expect(gh.bodies("POST", REACTIONS)).toEqual([{ content: "eyes" }]);
    expect(gh.calls.some((c) => c.path.includes("/collaborators/"))).toBe(false);
    expect(gh.bodies("POST", new RegExp(`^${REPO_PATH}/check-runs$`))).toHaveLength(1);
  });

  it.each([
    ["write", null],
    ["admin", null],
    ["read", "maintain"],
  ])("runs for a collaborator with %s permission (role %s)", async (permission, role) => {
    gh.on("POST", `/app/installations/31337/access_tokens`, 201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
    gh.on("GET", `${REPO_PATH}/collaborators/maintainer-mo/permission`, 200, { permission, role_name: role ?? permission, user: { login: "maintainer-mo" } });
    gh.on("POST", REACTIONS, 201, { id: 1, content: "eyes" });
    mockFullRun();
    await deliver(payload({ login: "maintainer-mo" }));
    gh.assertDone();
  });

  it.each([
    ["read access", 200, { permission: "read", role_name: "triage", user: { login: "maintainer-mo" } }],
    ["no access at all", 404, { message: "Not Found" }],
  ])("refuses someone with %s: a confused reaction, a short reply, and no run", async (_name, status, body) => {
    gh.on("POST", `/app/installations/31337/access_tokens`, 201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
    gh.on("GET", `${REPO_PATH}/collaborators/maintainer-mo/permission`, status, body);
    gh.on("POST", REACTIONS, 201, { id: 1, content: "confused" });
    gh.on("POST", `${REPO_PATH}/issues/${PR}/comments`, 201, { id: 2 });
    await deliver(payload({ login: "maintainer-mo" }));
    gh.assertDone();
    expect(gh.bodies("POST", REACTIONS)).toEqual([{ content: "confused" }]);
    expect(gh.bodies("POST", /\/issues\/12\/comments$/)[0].body).toContain("only the pull request's author or people with write access");
    expect(gh.calls.some((c) => c.path.includes("check-runs"))).toBe(false);
  });

  it.each([
    ["a bot", payload({ login: "renovate[bot]", type: "Bot" })],
    ["a comment on an issue, not a pull request", payload({ login: "dev-ana" }, "/django-sec recheck", false)],
    ["the command not at the start", payload({ login: "dev-ana" }, "please run /django-sec recheck")],
    ["another command", payload({ login: "dev-ana" }, "/django-sec rechecks")],
  ])("ignores %s", async (_name, p) => {
    await deliver(p);
    expect(gh.calls).toEqual([]);
  });
});

describe("isRecheck", () => {
  it.each([
    ["/django-sec recheck", true],
    ["  /django-sec recheck  \nthanks", true],
    ["/django-sec recheck please", true],
    ["/django-sec rechecking", false],
    ["> /django-sec recheck", false],
    ["", false],
  ])("%j -> %s", (body, expected) => {
    expect(isRecheck(body)).toBe(expected);
  });
});
