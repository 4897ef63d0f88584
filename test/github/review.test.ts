import nock from "nock";
import csrfExempt from "../../rules/csrf/csrf-exempt-view.js";
import { defineRule } from "../../src/core/analysis/define-rule.js";
import { fingerprintMarker, readCommentKey } from "../../src/core/report/review-comment.js";
import { Probot } from "probot";
import { registerHandlers } from "../../src/github/handlers.js";
import { MemoryPaceStore } from "../../src/github/pace-store.js";
import { InstallationPacer, pacedOctokit } from "../../src/github/pacing.js";
import { APP_ID, fixture, testOctokit, testPrivateKey, testProbot } from "./helpers/app-harness.js";
import { MockGitHub } from "./helpers/github-mock.js";
import {
  BASE, CHECK_RUN_ID, contentFile, contentsPath, DECORATOR_LINE, HEAD, mockReadPhase, mockStart, PR, pullFile, pullRequest,
  REPO_PATH, reviewComment, VIEWS_AFTER, VIEWS_BEFORE,
} from "./pr-world.js";

const rules = [csrfExempt];
const CHECK_PATH = new RegExp(`^${REPO_PATH}/check-runs/${CHECK_RUN_ID}$`);
const REVIEWS = new RegExp(`^${REPO_PATH}/pulls/${PR}/reviews$`);
const viewsFile = { filename: "shop/views.py", before: VIEWS_BEFORE, after: VIEWS_AFTER };

let gh: MockGitHub;
beforeEach(() => {
  gh = new MockGitHub();
});
afterEach(() => {
  nock.cleanAll();
});

async function deliver(name: string, file: string, probot = testProbot(rules)): Promise<void> {
  await probot.receive({ id: `delivery-${name}`, name, payload: fixture(file) } as never);
}

function finalCheckUpdate() {
  const updates = gh.bodies("PATCH", CHECK_PATH);
  expect(updates.at(-1).status).toBe("completed");
  return updates.at(-1);
}

describe("pull_request.opened", () => {
  it("starts the check run, posts one review with an inline comment, and completes the check", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();

    const [created] = gh.bodies("POST", new RegExp(`^${REPO_PATH}/check-runs$`));
    expect(created).toMatchObject({ name: "django-sec", head_sha: HEAD, status: "in_progress", external_id: String(PR) });

    const [review] = gh.bodies("POST", REVIEWS);
    expect(review).toMatchObject({ commit_id: HEAD, event: "COMMENT" });
    expect(review.comments).toHaveLength(1);
    const [comment] = review.comments;
    expect(comment).toMatchObject({ path: "shop/views.py", line: DECORATOR_LINE, side: "RIGHT" });
    expect(comment.start_line).toBeUndefined();
    expect(comment.body).toContain("**Medium severity** · `csrf-exempt-view`");
    expect(comment.body).toContain("**How to fix:**");
    expect(comment.body).not.toContain("```suggestion");
    expect(readCommentKey(comment.body)).toMatch(/^[0-9a-f]{24}$/);

    const done = finalCheckUpdate();
    expect(done.conclusion).toBe("success");
    expect(done.output.title).toBe("1 medium in this change");
    expect(done.output.summary).toContain("1 inline comment posted.");
    expect(done.output.annotations).toEqual([
      expect.objectContaining({ path: "shop/views.py", start_line: DECORATOR_LINE, end_line: DECORATOR_LINE, annotation_level: "warning" }),
    ]);
  });

  it("reads the config from the base branch, applies it, and lists its problems", async () => {
    mockStart(gh);
    const config = "fail-on: medium\nrules:\n  csrf-exempt-view: high\nmax-inline-comments: lots\n";
    mockReadPhase(gh, { files: [viewsFile, { filename: ".github/django-sec.yml", before: "fail-on: high\n", after: "fail-on: never\n" }], config });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();

    // The config was read at `main`, never at the head commit (the PR's own edit says `never`).
    const configReads = gh.calls.filter((c) => /django-sec\.yml/.test(c.path));
    expect(configReads.map((c) => c.path)).toEqual([expect.stringMatching(/\?ref=main$/)]);
    const done = finalCheckUpdate();
    expect(done.conclusion).toBe("failure");
    expect(done.output.title).toBe("1 high in this change");
    expect(done.output.summary).toContain("This pull request changes `.github/django-sec.yml`");
    expect(done.output.summary).toContain("`max-inline-comments`");
    expect(gh.bodies("POST", REVIEWS)[0].comments[0].body).toContain("**High severity**");
  });

  it("completes the check as neutral for a draft without reading any file", async () => {
    mockStart(gh, { identity: false });
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest({ draft: true }));
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.draft.json");
    gh.assertDone();
    const done = finalCheckUpdate();
    expect(done).toMatchObject({ conclusion: "neutral", output: { title: "Draft: will review when ready" } });
    expect(gh.calls.some((c) => /files|contents|reviews/.test(c.path))).toBe(false);
  });

  it("reviews a pull request when it is marked ready", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.ready_for_review.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toHaveLength(1);
  });

  it("reads a fork's pull request from the base repository at the head commit", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.fork.json");
    gh.assertDone();
    const repoCalls = gh.calls.filter((c) => c.path.startsWith("/repos/"));
    expect(repoCalls.every((c) => c.path.startsWith(REPO_PATH))).toBe(true);
    expect(gh.calls.some((c) => c.path.includes("contributor"))).toBe(false);
  });
});

describe("which pull request events run a review", () => {
  it.each(["opened", "synchronize", "reopened", "ready_for_review"])("%s runs one", async (action) => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    const payload = { ...fixture("pull_request.opened.json"), action };
    await testProbot(rules).receive({ id: `d-${action}`, name: "pull_request", payload } as never);
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toHaveLength(1);
  });

  it.each(["closed", "edited", "labeled", "converted_to_draft"])("%s does nothing", async (action) => {
    const payload = { ...fixture("pull_request.opened.json"), action };
    await testProbot(rules).receive({ id: `d-${action}`, name: "pull_request", payload } as never);
    expect(gh.calls).toEqual([]);
  });
});

describe("re-runs", () => {
  it("does not post a finding that already has a comment from the app, and posts no review at all", async () => {
    const first = await firstRunComment();
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile], existingComments: [reviewComment(501, first)] });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.synchronize.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    expect(finalCheckUpdate().output.summary).toContain("1 already commented on by an earlier run");
  });

  it("ignores look-alike markers in comments by people or other bots", async () => {
    const first = await firstRunComment();
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile], existingComments: [reviewComment(502, first, "mallory"), reviewComment(503, first, "other-bot[bot]")] });
    gh.on("POST", REVIEWS, 200, { id: 2 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.synchronize.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)[0].comments).toHaveLength(1);
  });

  it("resolves the app's own thread when its finding is gone, and leaves threads people replied to", async () => {
    mockStart(gh);
    const gone = fingerprintMarker("csrf-exempt-view:shop/views.py:@csrf_exempt:old-view");
    const goneToo = fingerprintMarker("csrf-exempt-view:shop/views.py:@csrf_exempt:other");
    const existing = [
      reviewComment(601, `old finding\n\n${gone}`),
      reviewComment(602, `another old finding\n\n${goneToo}`),
      reviewComment(603, "I think this is fine because ...", "dev-ana", { in_reply_to_id: 602 }),
    ];
    mockReadPhase(gh, { files: [{ filename: "shop/views.py", before: VIEWS_AFTER, after: VIEWS_BEFORE + "\n# webhook removed\n" }], existingComments: existing });
    gh.on("POST", "/graphql", 200, {
      data: {
        repository: {
          pullRequest: {
            reviewThreads: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: [
                { id: "PRRT_1", isResolved: false, comments: { nodes: [{ databaseId: 601, author: { login: "django-sec" } }] } },
                { id: "PRRT_2", isResolved: false, comments: { nodes: [{ databaseId: 602, author: { login: "django-sec" } }, { databaseId: 603, author: { login: "dev-ana" } }] } },
              ],
            },
          },
        },
      },
    });
    gh.on("POST", "/graphql", 200, { data: { resolveReviewThread: { thread: { id: "PRRT_1", isResolved: true } } } });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.synchronize.json");
    gh.assertDone();
    const graphql = gh.bodies("POST", /^\/graphql$/);
    expect(graphql[1].variables).toEqual({ threadId: "PRRT_1" });
    expect(graphql[1].query).toContain("resolveReviewThread");
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    expect(finalCheckUpdate().output.summary).toContain("1 earlier comment resolved as fixed");
  });

  it("answers the app's own comment once when GraphQL is unavailable", async () => {
    mockStart(gh);
    const gone = fingerprintMarker("csrf-exempt-view:shop/views.py:@csrf_exempt:old-view");
    mockReadPhase(gh, { files: [{ filename: "shop/views.py", before: VIEWS_AFTER, after: VIEWS_BEFORE }], existingComments: [reviewComment(601, `old\n\n${gone}`)] });
    gh.on("POST", "/graphql", 502, { message: "Bad Gateway" });
    gh.on("POST", `${REPO_PATH}/pulls/${PR}/comments/601/replies`, 201, { id: 604 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.synchronize.json");
    gh.assertDone();
    const [reply] = gh.bodies("POST", /replies$/);
    expect(reply.body).toContain(`no longer appears as of ${HEAD.slice(0, 7)}`);
  });

  it("check_run.rerequested from a fork finds the pull request through external_id", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("check_run", "check_run.rerequested.fork.json");
    gh.assertDone();
    expect(gh.bodies("POST", new RegExp(`^${REPO_PATH}/check-runs$`))[0]).toMatchObject({ head_sha: HEAD, external_id: "12" });
  });

  it("check_suite.rerequested from a fork reads the pull request number from the earlier check run", async () => {
    gh.on("POST", `/app/installations/31337/access_tokens`, 201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
    gh.on("GET", "/app", 200, { id: 4242, slug: "django-sec" });
    gh.on("GET", new RegExp(`^${REPO_PATH}/check-suites/800001/check-runs\\?`), 200, {
      total_count: 1,
      check_runs: [{ id: 700000, name: "django-sec", head_sha: HEAD, external_id: "12", status: "completed", conclusion: "failure" }],
    });
    gh.on("POST", `${REPO_PATH}/check-runs`, 201, { id: CHECK_RUN_ID, html_url: null });
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("check_suite", "check_suite.rerequested.fork.json");
    gh.assertDone();
  });

  it("ignores re-runs of other apps' check runs", async () => {
    gh.on("GET", "/app", 200, { id: 9999, slug: "someone-else" });
    await deliver("check_run", "check_run.rerequested.fork.json");
    gh.assertDone();
    expect(gh.calls.map((c) => c.path)).toEqual(["/app"]);
  });
});

describe("posting", () => {
  it("does not post the review when a newer push superseded the run", async () => {
    mockStart(gh);
    const newer = "d".repeat(40);
    mockReadPhase(gh, { files: [viewsFile], latestHead: newer });
    // The run's head is not a descendant of the pull request's new head ("behind" it, or "diverged" after a force-push).
    gh.on("GET", `${REPO_PATH}/compare/${newer}...${HEAD}?per_page=1`, 200, { status: "behind", ahead_by: 0, behind_by: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.synchronize.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    expect(finalCheckUpdate()).toMatchObject({ conclusion: "neutral", output: { title: "Superseded by ddddddd" } });
  });

  it("reviews its head when GitHub's pull request still shows the commit before it (GitHub not caught up with the push)", async () => {
    const before = "c".repeat(40);
    mockStart(gh);
    const compare = `${REPO_PATH}/compare/${before}...${HEAD}?per_page=1`;
    mockReadPhase(gh, { files: [viewsFile], firstHead: before, latestHead: before });
    // Asked at the start and again before posting: the run's head is a descendant of what the pull request shows.
    gh.on("GET", compare, 200, { status: "ahead", ahead_by: 1, behind_by: 0 });
    gh.on("GET", compare, 200, { status: "ahead", ahead_by: 1, behind_by: 0 });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.synchronize.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toHaveLength(1);
    expect(finalCheckUpdate()).toMatchObject({ conclusion: "success" });
  });

  it("retries without inline comments when GitHub refuses the review with a 422", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 422, { message: "Validation Failed", errors: ["Pull request review thread line must be part of the diff"] });
    // The head is checked again when the second review may go.
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("POST", REVIEWS, 200, { id: 2 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    const [, retry] = gh.bodies("POST", REVIEWS);
    expect(retry.comments).toBeUndefined();
    expect(retry.body).toContain(`\`shop/views.py\` line ${DECORATOR_LINE}`);
    expect(finalCheckUpdate().output.summary).toContain("GitHub refused the inline comments");
  });

  it("keeps the findings in the check run when GitHub forbids the review", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 403, { message: "Resource not accessible by integration" });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    const done = finalCheckUpdate();
    expect(done.conclusion).toBe("success");
    expect(done.output.summary).toContain("The review could not be posted (GitHub answered HTTP 403)");
    expect(done.output.summary).toContain(`\`shop/views.py\` line ${DECORATOR_LINE}`);
    expect(done.output.annotations).toHaveLength(1);
  });

  it("lists suppression comments the pull request adds, and posts nothing for the suppressed finding", async () => {
    mockStart(gh);
    const suppressed = VIEWS_AFTER.replace("@csrf_exempt\n", "# django-sec: ignore[csrf-exempt-view] the provider signs each request\n@csrf_exempt\n");
    mockReadPhase(gh, { files: [{ filename: "shop/views.py", before: VIEWS_BEFORE, after: suppressed }] });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    const done = finalCheckUpdate();
    expect(done.output.title).toBe("No findings in this change");
    expect(done.output.summary).toContain("### Suppressions added by this pull request");
    expect(done.output.summary).toContain(`\`shop/views.py\` line ${DECORATOR_LINE}: ignores \`csrf-exempt-view\`: the provider signs each request`);
  });

  it("comments only on findings at or above comment-confidence; lower ones are worth a look and never fail", async () => {
    // The same hazard twice: traced to request data (high confidence) and with an unseen origin (low).
    const htmlRule = defineRule({
      id: "test-raw-html", severity: "high", confidence: "high", cwe: 79, owasp: "A03:2021", guideSection: "xss",
      djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe",
      docs: { what: "w", why: "y", example: "raw_html(request.GET)", fix: "f" },
      messages: { raw: "`{{arg}}` reaches raw HTML." },
      query: "(call function: (identifier) @fn arguments: (argument_list (_) @arg)) @call",
      check({ node, report }) {
        if (node("fn").text !== "raw_html") return;
        report(node("call"), "raw", { arg: node("arg").text }, { confidence: node("arg").text.startsWith("request.") ? "high" : "low" });
      },
    });
    mockStart(gh);
    const after = "def f(request, value):\n    a = raw_html(request.GET)\n    b = raw_html(value)\n";
    mockReadPhase(gh, { files: [{ filename: "shop/html.py", before: "def f(request, value):\n    pass\n", after }] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json", testProbot([htmlRule]));
    gh.assertDone();
    const [review] = gh.bodies("POST", REVIEWS);
    expect(review.comments.map((c: { line: number }) => c.line)).toEqual([2]);
    const done = finalCheckUpdate();
    expect(done.conclusion).toBe("failure");
    expect(done.output.title).toBe("1 high in this change; 1 worth a look");
    expect(done.output.summary).toContain("<details><summary>Worth a look: 1 finding below medium confidence</summary>");
    expect(done.output.summary).toContain("`shop/html.py` line 3: `value` reaches raw HTML.");
    expect(done.output.annotations.map((a: { start_line: number; annotation_level: string }) => [a.start_line, a.annotation_level])).toEqual([[2, "failure"], [3, "notice"]]);
  });

  it("a low-confidence finding alone posts no review and does not fail the check", async () => {
    const lowRule = defineRule({ ...csrfExempt, id: "test-csrf-low", confidence: "low" } as Parameters<typeof defineRule>[0]);
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile], config: "fail-on: low\n" });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json", testProbot([lowRule]));
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    const done = finalCheckUpdate();
    expect(done.conclusion).toBe("success");
    expect(done.output.title).toBe("No findings in this change; 1 worth a look");
  });

  it("comment-confidence: low comments on every finding and lets them fail the check", async () => {
    const lowRule = defineRule({ ...csrfExempt, id: "test-csrf-low", confidence: "low" } as Parameters<typeof defineRule>[0]);
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile], config: "fail-on: medium\ncomment-confidence: low\n" });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json", testProbot([lowRule]));
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)[0].comments).toHaveLength(1);
    expect(finalCheckUpdate().conclusion).toBe("failure");
  });

  it("honours another tool's suppression of the same hazard and lists it", async () => {
    mockStart(gh);
    const nosec = VIEWS_AFTER.replace("@csrf_exempt\n", "@csrf_exempt  # nosec - the provider signs each request\n") + "import subprocess  # nosec\n";
    mockReadPhase(gh, { files: [{ filename: "shop/views.py", before: VIEWS_BEFORE, after: nosec }] });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    const done = finalCheckUpdate();
    expect(done.output.summary).toContain(`\`shop/views.py\` line ${DECORATOR_LINE}: ignores any django-sec rule on the line (another tool's \`# nosec\`, honoured for the same hazard): the provider signs each request`);
    // The bare # nosec that silenced nothing of ours is not listed.
    expect(done.output.summary.match(/# nosec/g)).toHaveLength(1);
  });

  it("links rules to the configured docs base (a fork's or GitHub Enterprise install's docs)", async () => {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    const base = "https://ghe.example.com/sec/django-sec/blob/main/docs/rules.md#";
    await deliver("pull_request", "pull_request.opened.json", testProbot(rules, base));
    gh.assertDone();
    const [comment] = gh.bodies("POST", REVIEWS)[0].comments;
    expect(comment.body).toContain(`[Rule documentation](${base}csrf-exempt-view)`);
    expect(comment.body).not.toContain("github.com/django-sec/django-sec");
    expect(finalCheckUpdate().output.summary).toContain(`(${base}csrf-exempt-view)`);
  });

  it("caps inline comments and sends annotations 50 per request", async () => {
    mockStart(gh);
    const views = "from django.views.decorators.csrf import csrf_exempt\n" + Array.from({ length: 120 }, (_, i) => `\n@csrf_exempt\ndef hook_${i}(request):\n    return request.user.pk\n`).join("");
    mockReadPhase(gh, { files: [{ filename: "shop/hooks.py", after: views }] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    for (let i = 0; i < 3; i++) gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)[0].comments).toHaveLength(25);
    const updates = gh.bodies("PATCH", CHECK_PATH);
    expect(updates.map((u) => u.output.annotations.length)).toEqual([50, 50, 20]);
    expect(updates.map((u) => u.status)).toEqual([undefined, undefined, "completed"]);
    expect(updates[2].output.summary).toContain("95 over the limit of 25 per review");
  });

  it("comments on a multi-line range inside one hunk and suggests the fix only for its exact lines", async () => {
    const fixing = defineRule({
      id: "test-debug-true", severity: "high", confidence: "high", cwe: 489, owasp: "A05:2021", guideSection: "production-settings",
      djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
      docs: { what: "w", why: "y", example: "DEBUG = True", fix: "f" },
      messages: { on: "DEBUG is on." },
      query: "(expression_statement (assignment left: (identifier) @name right: (true))) @stmt",
      check({ node, report }) {
        if (node("name").text !== "DEBUG") return;
        const line = node("stmt").startPosition.row + 1;
        report(node("stmt"), "on", {}, { fix: { line, endLine: line, replacement: "DEBUG = False" } });
      },
    });
    mockStart(gh);
    mockReadPhase(gh, { files: [{ filename: "mysite/settings.py", before: "X = 1\n", after: "X = 1\nDEBUG = True\n" }] });
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json", testProbot([fixing]));
    gh.assertDone();
    const [comment] = gh.bodies("POST", REVIEWS)[0].comments;
    expect(comment).toMatchObject({ path: "mysite/settings.py", line: 2, side: "RIGHT" });
    expect(comment.body).toContain("```suggestion\nDEBUG = False\n```");
  });
});

describe("reading the pull request", () => {
  it("analyses a file whose patch GitHub omitted against the base version, and reports it in the check run", async () => {
    mockStart(gh);
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("GET", contentsPath(".github/django-sec.yml", "main"), 404, {});
    gh.on("GET", new RegExp(`^${REPO_PATH}/pulls/${PR}/files\\?per_page=100$`), 200, [pullFile({ ...viewsFile, omitPatch: true })]);
    gh.on("GET", contentsPath("shop/views.py", HEAD), 200, contentFile("shop/views.py", VIEWS_AFTER));
    gh.on("GET", contentsPath("shop/views.py", BASE), 200, contentFile("shop/views.py", VIEWS_BEFORE));
    gh.on("GET", new RegExp(`^${REPO_PATH}/pulls/${PR}/comments\\?per_page=100$`), 200, []);
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    const done = finalCheckUpdate();
    expect(done.output.title).toBe("1 medium in this change");
    expect(done.output.summary).toContain("GitHub did not include the diff of `shop/views.py`");
    expect(done.output.summary).toContain("in a file whose diff GitHub did not provide");
    expect(done.output.annotations).toHaveLength(1);
  });

  it("pages through the changed files and stops at GitHub's 3000-file limit", async () => {
    mockStart(gh);
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("GET", contentsPath(".github/django-sec.yml", "main"), 404, {});
    for (let page = 1; page <= 30; page++) {
      const files = Array.from({ length: 100 }, (_, i) => ({ filename: `docs/page-${page}-${i}.md`, status: "added", sha: "e".repeat(40), patch: "@@ -0,0 +1 @@\n+x" }));
      const next = `<https://api.github.com${REPO_PATH}/pulls/${PR}/files?per_page=100&page=${page + 1}>; rel="next"`;
      const path = page === 1 ? new RegExp(`^${REPO_PATH}/pulls/${PR}/files\\?per_page=100$`) : new RegExp(`^${REPO_PATH}/pulls/${PR}/files\\?per_page=100&page=${page}$`);
      gh.on("GET", path, 200, files, { link: next });
    }
    gh.on("GET", new RegExp(`^${REPO_PATH}/pulls/${PR}/comments\\?per_page=100$`), 200, []);
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json");
    gh.assertDone();
    expect(gh.calls.some((c) => c.path.includes("page=31"))).toBe(false);
    expect(finalCheckUpdate().output.summary).toContain("GitHub lists at most 3000 files");
  });

  it("fetches settings modules that a changed settings file star-imports, so missing-setting rules see them", async () => {
    const missingHsts = defineRule({
      id: "test-hsts-missing", severity: "medium", confidence: "high", cwe: 319, owasp: "A05:2021", guideSection: "headers",
      djangoDocs: "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security",
      docs: { what: "w", why: "y", example: "X = 1", fix: "f" },
      messages: { missing: "SECURE_HSTS_SECONDS is not set." },
      language: "settings",
      settingsKinds: ["production"],
      checkSettings({ settings, reportFile }) {
        if (settings.complete && !settings.has("SECURE_HSTS_SECONDS")) reportFile("missing");
      },
    });
    const run = async (baseText: string | undefined) => {
      gh = new MockGitHub();
      mockStart(gh);
      mockReadPhase(gh, { files: [{ filename: "mysite/settings/production.py", before: "from .base import *\n", after: "from .base import *\nDEBUG = False\n" }] });
      if (baseText === undefined) {
        gh.on("GET", contentsPath("mysite/settings/base.py", HEAD), 404, {});
        gh.on("GET", contentsPath("mysite/settings/base/__init__.py", HEAD), 404, {});
      } else gh.on("GET", contentsPath("mysite/settings/base.py", HEAD), 200, contentFile("mysite/settings/base.py", baseText));
      gh.on("PATCH", CHECK_PATH, 200, {});
      await deliver("pull_request", "pull_request.opened.json", testProbot([missingHsts]));
      gh.assertDone();
      return finalCheckUpdate().output.title;
    };
    expect(await run("SECURE_HSTS_SECONDS = 31536000\n")).toBe("No findings in this change");
    expect(await run("X = 1\n")).toBe("1 medium in this change");
    // An unreadable star import means the setting may be there: stay silent.
    expect(await run(undefined)).toBe("No findings in this change");
  });

  it("ends the check run even when the app's own identity cannot be read", async () => {
    mockStart(gh, { identity: false });
    gh.on("GET", "/app", 500, { message: "Server Error" });
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("PATCH", CHECK_PATH, 200, {});
    await expect(deliver("pull_request", "pull_request.opened.json")).rejects.toThrow();
    gh.assertDone();
    expect(finalCheckUpdate()).toMatchObject({ conclusion: "neutral", output: { title: "Review could not finish" } });
  });

  it("ends the check run as neutral when something unexpected fails, and lets the error through", async () => {
    mockStart(gh);
    gh.on("GET", `${REPO_PATH}/pulls/${PR}`, 200, pullRequest());
    gh.on("GET", contentsPath(".github/django-sec.yml", "main"), 404, {});
    gh.on("GET", new RegExp(`^${REPO_PATH}/pulls/${PR}/files\\?per_page=100$`), 500, { message: "Server Error" });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await expect(deliver("pull_request", "pull_request.opened.json")).rejects.toThrow();
    gh.assertDone();
    const done = finalCheckUpdate();
    expect(done).toMatchObject({ conclusion: "neutral", output: { title: "Review could not finish" } });
    expect(done.output.summary).toContain(`HTTP 500 for GET ${REPO_PATH}/pulls/${PR}/files`);
  });
});

/** The body of the comment a first run posts for the webhook view (marker included). */
async function firstRunComment(): Promise<string> {
  const scratch = new MockGitHub();
  mockStart(scratch);
  mockReadPhase(scratch, { files: [viewsFile] });
  scratch.on("POST", REVIEWS, 200, { id: 1 });
  scratch.on("PATCH", CHECK_PATH, 200, {});
  await deliver("pull_request", "pull_request.opened.json");
  scratch.assertDone();
  return scratch.bodies("POST", REVIEWS)[0].comments[0].body;
}

describe("the head check when the installation's limiter lets the review go", () => {
  const NEWER = "dddddddddddddddddddddddddddddddddddddddd";

  /** A Probot whose clients are paced on a fake clock; `onWait` runs whenever a request has to wait. */
  function pacedProbot(onWait: () => void): Probot {
    let clock = 1_000_000;
    const pacer = new InstallationPacer(new MemoryPaceStore(), {
      now: () => clock,
      sleep: async (ms) => {
        onWait();
        clock += ms;
      },
      jitter: () => 0,
    });
    const probot = new Probot({ appId: APP_ID, privateKey: testPrivateKey(), secret: "test-secret", logLevel: "fatal", Octokit: pacedOctokit(testOctokit(), pacer) });
    registerHandlers(probot, { rules });
    return probot;
  }

  function mockWithHead(head: () => string): void {
    mockStart(gh);
    mockReadPhase(gh, { files: [viewsFile], latestHead: head });
  }

  it("posts no review when a push lands while the review waits for its turn", async () => {
    let head = HEAD;
    let waits = 0;
    mockWithHead(() => head);
    gh.on("PATCH", CHECK_PATH, 200, {});
    // Writes go a second apart: the review waits after the check run's creation, and the push lands then.
    await deliver("pull_request", "pull_request.opened.json", pacedProbot(() => {
      waits++;
      head = NEWER;
    }));
    gh.assertDone();
    expect(waits).toBeGreaterThan(0);
    expect(gh.bodies("POST", REVIEWS)).toEqual([]);
    expect(finalCheckUpdate()).toMatchObject({ conclusion: "neutral", output: { title: "Superseded by ddddddd" } });
  });

  it("posts the review when the head has not moved during the wait", async () => {
    let waits = 0;
    mockWithHead(() => HEAD);
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await deliver("pull_request", "pull_request.opened.json", pacedProbot(() => void waits++));
    gh.assertDone();
    expect(waits).toBeGreaterThan(0);
    expect(gh.bodies("POST", REVIEWS)).toHaveLength(1);
    expect(finalCheckUpdate().conclusion).toBe("success");
  });
});
