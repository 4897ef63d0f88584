import { jest } from "@jest/globals";
import { DeclaredSize } from "../../src/demo/fake-github.js";
import { HEAD, VIEWS_AFTER, VIEWS_BEFORE } from "../github/pr-world.js";
import { testPrivateKey } from "../github/helpers/app-harness.js";
import {
  audit,
  commentPayload,
  LogCapture,
  pullRequestPayload,
  REQUEST_TIMEOUT_MS,
  SECRET,
  startWorld,
  statusOf,
  summaryTable,
  tally,
  TIME_SCALE_MS,
  type World,
  type WorldOptions,
} from "./harness.js";

// The fault and abuse suite: the real app over HTTP against a fake GitHub that fails on purpose.
// Every scenario ends with the same audit (no check run left in progress, no comment posted twice,
// no review lost where one was due) and a health check (a crash would stop the server answering).
// The counts are printed as the suite's summary at the end.

process.env.DJANGO_SEC_REQUEST_TIMEOUT_MS = String(REQUEST_TIMEOUT_MS);
jest.setTimeout(60_000);

const log = new LogCapture();
beforeAll(() => log.start());
afterAll(() => {
  log.stop();
  process.stderr.write(`\n${summaryTable()}\n\n`);
});

const PROGRAMMING_ERRORS = /^(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError)$/;

/** The error classes in a logged `err`, through Probot's AggregateError of handler errors. */
function errorTypes(err: any): string[] {
  if (!err || typeof err !== "object") return [];
  return [String(err.type ?? err.name ?? ""), ...(Array.isArray(err.aggregateErrors) ? err.aggregateErrors.flatMap(errorTypes) : [])];
}

/** Runs one scenario in a fresh world, then audits it. `review`: a review of the head commit is due. */
async function scenario(options: WorldOptions, body: (world: World) => Promise<void>, expect_: { review?: boolean } = {}): Promise<World> {
  tally.scenarios++;
  const logStart = log.lines.length;
  const world = await startWorld({ logLevel: "error", ...options });
  try {
    await body(world);
    await world.settle();
    const health = await fetch(`${world.app.url}/healthz`).then((r) => r.status, () => 0);
    const programmingErrors = log.json(logStart).filter((l) => l.level >= 50 && errorTypes(l.err).some((t) => PROGRAMMING_ERRORS.test(t)));
    // FAULTS_DEBUG=1 prints what each scenario asked of GitHub and what the app logged.
    if (process.env.FAULTS_DEBUG) {
      process.stderr.write(`${world.github.requests.map((r) => `${r.method} ${r.path}`).join("\n")}\n${log.lines.slice(logStart).join("\n").slice(0, 5000)}\n`);
    }
    const crashes = (health === 200 ? 0 : 1) + programmingErrors.length;
    tally.crashes += crashes;
    const result = audit(world, expect_);
    expect({ ...result, crashes }).toEqual({ inProgress: 0, duplicates: 0, lost: 0, crashes: 0 });
  } finally {
    await world.close();
  }
  return world;
}

const nonGetPosts = (world: World) => world.github.requests.filter((r) => r.method !== "GET" && !r.path.includes("/access_tokens"));
const finalCheck = (world: World) => world.github.checkRuns.at(-1)!;
const checkText = (world: World) => world.github.checkRuns.map((r) => `${r.output?.title}\n${r.output?.summary}\n${r.output?.text ?? ""}`).join("\n");
const isPath = (path: string) => (r: { path: string }) => r.path.split("?")[0].endsWith(path);

describe("webhooks: bad deliveries are rejected or ignored, nothing is posted, the server keeps serving", () => {
  it("refuses unsigned, mis-signed, malformed and incomplete deliveries", async () => {
    await scenario({}, async (world) => {
      const payload = pullRequestPayload(world.pull);
      const good = JSON.stringify(payload);
      const cases: [string, Parameters<World["deliver"]>[2]][] = [
        ["no signature", { headers: { "x-hub-signature-256": undefined } }],
        ["signature of another body", { headers: { "x-hub-signature-256": `sha256=${"0".repeat(64)}` } }],
        ["signed with the wrong secret", { secret: "not-the-secret" }],
        ["sha1 signature only", { headers: { "x-hub-signature-256": undefined, "x-hub-signature": "sha1=0000" } }],
        ["malformed JSON, correctly signed", { body: good.slice(0, -7) }],
        ["no event header", { headers: { "x-github-event": undefined } }],
        ["no delivery id", { headers: { "x-github-delivery": undefined } }],
        ["not JSON at all", { body: "\u0000\u0001binary", headers: { "content-type": "application/octet-stream" } }],
      ];
      for (const [name, options] of cases) {
        tally.badInputs++;
        const status = await statusOf(world.deliver("pull_request", payload, options));
        expect({ name, rejected: status >= 400 && status < 500 }).toEqual({ name, rejected: true });
      }
      await world.settle();
      expect(nonGetPosts(world)).toEqual([]);
      expect(world.github.checkRuns).toEqual([]);
    });
  });

  it("ignores unknown events and actions it does not handle", async () => {
    await scenario({}, async (world) => {
      const payload = pullRequestPayload(world.pull);
      for (const [event, body] of [
        ["gollum", { pages: [], repository: payload.repository, installation: payload.installation }],
        ["pull_request", { ...payload, action: "labeled" }],
        ["pull_request", { ...payload, action: "a-future-action" }],
        ["ping", { zen: "Keep it logically awesome.", hook_id: 1 }],
      ] as const) {
        tally.badInputs++;
        const status = await statusOf(world.deliver(event, body));
        expect(status).toBeLessThan(300);
      }
      await world.settle();
      expect(nonGetPosts(world)).toEqual([]);
    });
  });

  it("survives an oversized body without reviewing it", async () => {
    await scenario({}, async (world) => {
      tally.badInputs++;
      const payload = { ...pullRequestPayload(world.pull), padding: "x".repeat(30 * 1024 * 1024) };
      // Correctly signed, so only the size can refuse it (GitHub caps payloads at 25 MB).
      const status = await statusOf(world.deliver("pull_request", payload));
      expect(status).toBe(413);
      await world.settle();
      expect(nonGetPosts(world)).toEqual([]);
    });
  });

  it("a replayed delivery id posts no second review", async () => {
    await scenario({}, async (world) => {
      const payload = pullRequestPayload(world.pull);
      tally.badInputs++;
      for (let i = 0; i < 2; i++) expect(await statusOf(world.deliver("pull_request", payload, { id: "replayed-delivery" }))).toBeLessThan(300);
      await world.settle(1);
      expect(world.github.reviews).toHaveLength(1);
    }, { review: true });
  });
});

describe("GitHub faults: retried, waited for, or reported; the check run always ends", () => {
  it.each([
    [500, "GET", "/pulls/12"],
    [502, "GET", "/pulls/12/files"],
    [503, "POST", "/pulls/12/reviews"],
    [500, "PATCH", "/check-runs/"],
  ])("retries a %i on %s %s with backoff and still posts the review", async (status, method, path) => {
    const seen: number[] = [];
    const world = await scenario(
      {
        fault: (r) => {
          if (r.method !== method || !r.path.split("?")[0].includes(path)) return undefined;
          seen.push(Date.now());
          return seen.length <= 2 ? { status } : undefined;
        },
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.faults).toBe(2);
    // Backoff: (n+1)^2 time units between attempts, never an immediate hammering.
    expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(TIME_SCALE_MS - 2);
    expect(seen[2] - seen[1]).toBeGreaterThanOrEqual(4 * TIME_SCALE_MS - 2);
    expect(world.github.reviews).toHaveLength(1);
    expect(finalCheck(world)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("gives up on a request that never answers (timeout), and retries one that hung once", async () => {
    let hung = 0;
    const world = await scenario(
      {
        fault: (r) => (r.method === "GET" && decodeURIComponent(r.path).includes("/contents/shop/views.py") && hung++ === 0 ? { hang: true } : undefined),
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(hung).toBe(2);
    expect(world.github.reviews).toHaveLength(1);
  });

  it("a GitHub that never answers the pull request ends the check run neutral with the reason", async () => {
    const world = await scenario(
      { fault: (r) => (r.method === "GET" && /\/pulls\/12$/.test(r.path.split("?")[0]) ? { hang: true } : undefined) },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
    );
    // Each queue attempt makes the first try and 3 retries of the request, then gives up.
    expect(world.faults).toBeGreaterThanOrEqual(4);
    expect(world.github.checkRuns.every((r) => r.status === "completed")).toBe(true);
    expect(finalCheck(world)).toMatchObject({ status: "completed", conclusion: "neutral", output: expect.objectContaining({ title: "Review could not finish" }) });
  });

  it("a dropped connection is retried", async () => {
    let resets = 0;
    const world = await scenario(
      { fault: (r) => (r.method === "GET" && r.path.split("?")[0].endsWith("/pulls/12/comments") && resets++ === 0 ? { reset: true } : undefined) },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.reviews).toHaveLength(1);
  });

  it("waits for retry-after on a secondary rate limit instead of hammering", async () => {
    const times: number[] = [];
    const world = await scenario(
      {
        fault: (r) => {
          if (r.method !== "POST" || !isPath("/pulls/12/reviews")(r)) return undefined;
          times.push(Date.now());
          return times.length === 1
            ? { status: 403, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." } }
            : undefined;
        },
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(times).toHaveLength(2);
    // Probot's client only logs secondary limits; the app waits the full `retry-after` (real seconds).
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
    expect(world.github.reviews).toHaveLength(1);
  });

  it("a file deleted between listing and fetching (404) is skipped, the rest reviewed", async () => {
    const world = await scenario(
      {
        pull: { headFiles: { "shop/views.py": VIEWS_AFTER, "shop/gone.py": "x = 1\n" }, baseFiles: { "shop/views.py": VIEWS_BEFORE } },
        fault: (r) => (r.method === "GET" && decodeURIComponent(r.path).includes("/contents/shop/gone.py") ? { status: 404, body: { message: "Not Found" } } : undefined),
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.reviews[0].comments.map((c) => c.path)).toEqual(["shop/views.py"]);
    expect(checkText(world)).toContain("shop/gone.py");
  });

  it("a review GitHub refuses (422) is posted again with the findings in its body; the check run completes", async () => {
    let refused = 0;
    const world = await scenario(
      {
        fault: (r) =>
          r.method === "POST" && isPath("/pulls/12/reviews")(r) && r.body?.comments?.length && refused++ === 0
            ? { status: 422, body: { message: "Unprocessable Entity", errors: ["Pull request review thread line must be part of the diff"] } }
            : undefined,
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.reviews).toHaveLength(1);
    expect(world.github.reviews[0].body).toContain("did not accept these as inline comments");
    expect(world.github.reviews[0].body).toContain("csrf");
    expect(finalCheck(world)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("a GitHub that keeps failing to take the review still completes the check run", async () => {
    const world = await scenario(
      { fault: (r) => (r.method === "POST" && isPath("/pulls/12/reviews")(r) ? { status: 500 } : undefined) },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
    );
    expect(world.faults).toBeGreaterThanOrEqual(4);
    expect(world.github.checkRuns.every((r) => r.status === "completed" && r.conclusion === "neutral")).toBe(true);
    expect(finalCheck(world).output?.summary).toContain("HTTP 500 for POST /repos/acme/shop/pulls/12/reviews");
  });

  it("an installation token that expires mid-run is replaced and the review finishes", async () => {
    let served = 0;
    const world = await scenario(
      {
        // The first token stops working after a few requests, as a token reaching its hour would.
        fault: (r) => {
          if (r.authorization !== "token ghs_fake") return undefined;
          return ++served > 4 ? { status: 401, body: { message: "Bad credentials" } } : undefined;
        },
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.tokens.length).toBeGreaterThan(1);
    expect(finalCheck(world)).toMatchObject({ status: "completed", conclusion: "success" });
   }, 120_000);
});

describe("races", () => {
  it("two synchronize deliveries a few ms apart: only the newest head's review is posted", async () => {
    const head1 = "1".repeat(40);
    const head2 = "2".repeat(40);
    const world = await scenario(
      { latencyMs: 3, pull: { headSha: head1 } },
      async (w) => {
        const first = statusOf(w.deliver("pull_request", pullRequestPayload(w.pull, "synchronize")));
        await new Promise((r) => setTimeout(r, 5));
        w.github.push(head2, { "shop/views.py": `${VIEWS_AFTER}\n\n@csrf_exempt\ndef refund_webhook(request):\n    return JsonResponse({"user": request.user.pk})\n` });
        const second = statusOf(w.deliver("pull_request", pullRequestPayload(w.pull, "synchronize")));
        await Promise.all([first, second]);
        await w.settle(2);
      },
      { review: true },
    );
    expect(world.github.reviews.map((r) => r.commit_id)).toEqual([head2]);
    expect(world.github.checkRuns.find((r) => r.head_sha === head1)).toMatchObject({ status: "completed", conclusion: "neutral" });
  });

  it("the same delivery twice at once posts one review", async () => {
    const world = await scenario(
      { latencyMs: 2 },
      async (w) => {
        const payload = pullRequestPayload(w.pull);
        await Promise.all([statusOf(w.deliver("pull_request", payload, { id: "twice" })), statusOf(w.deliver("pull_request", payload, { id: "twice" }))]);
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.reviews).toHaveLength(1);
  });

  it("a recheck during a run does not duplicate comments", async () => {
    const world = await scenario(
      { latencyMs: 2 },
      async (w) => {
        const run = statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await new Promise((r) => setTimeout(r, 10));
        const recheck = statusOf(w.deliver("issue_comment", commentPayload(w.pull, { login: w.pull.author })));
        await Promise.all([run, recheck]);
        await w.settle(2);
      },
      { review: true },
    );
    expect(world.github.comments.filter((c) => !c.in_reply_to_id)).toHaveLength(1);
  });
});

const deep = `x = ${"(".repeat(5000)}1${")".repeat(5000)}\n`;
const deepList = `y = ${"[".repeat(5000)}${"]".repeat(5000)}\n`;

describe("hostile content through the whole pipeline", () => {
  it("binary, 50 MB, minified, non-UTF-8, broken and deeply nested files: reviewed or skipped with a reason", async () => {
    const world = await scenario(
      {
        pull: {
          baseFiles: { "shop/views.py": VIEWS_BEFORE },
          headFiles: {
            "shop/views.py": VIEWS_AFTER,
            "shop/templates/shop/min.html": `<div>${"<span>{{ a }}</span>".repeat(40_000)}</div>`,
            "shop/broken.py": "def f(:\n    return ((\nclass\n",
            "shop/deep.py": deep + deepList,
            "shop/templates/shop/evil.html": "{%".repeat(20_000) + "{{".repeat(20_000) + "<!--".repeat(5_000),
          },
          headBytes: {
            // 50 MB, known to the fake by its size only (as GitHub sends no content or patch for it), so the
            // too-large path is reached from the size whatever the machine's speed.
            "shop/huge.py": new DeclaredSize(50 * 1024 * 1024),
            "shop/logo.py": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0xff]),
            "shop/latin.py": Uint8Array.from(Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from("\nNAME = 'x'\n")])),
          },
        },
      },
      async (w) => {
        tally.badInputs += 7;
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1, 60_000);
      },
      { review: true },
    );
    expect(world.github.reviews[0].comments.map((c) => c.path)).toContain("shop/views.py");
    const text = checkText(world);
    expect(text).toContain("`shop/huge.py`: too-large");
    expect(text).toContain("`shop/latin.py`: not-utf8");
    expect(text).toContain("`shop/logo.py`: binary");
    // The rest, minified, broken and nested ones included, were analysed rather than dropped.
    expect(text).toContain("5 files analysed");
    expect(finalCheck(world).status).toBe("completed");
  }, 300_000);

  it("a 3,000-file pull request is listed to GitHub's limit and reviewed", async () => {
    const headFiles: Record<string, string> = { "shop/views.py": VIEWS_AFTER };
    // Sorted after shop/views.py, so the finding is among the 3,000 files GitHub lists.
    for (let i = 0; i < 3005; i++) headFiles[`web/m${String(i).padStart(4, "0")}.py`] = `VALUE_${i} = ${i}\n`;
    const world = await scenario(
      { pull: { headFiles } },
      async (w) => {
        tally.badInputs++;
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1, 90_000);
      },
      { review: true },
    );
    expect(checkText(world)).toContain("at most 3000 files");
    // 30 pages of 100 (a page retried after a slow answer on a loaded machine is still one page).
    expect(new Set(world.github.requests.filter((r) => r.path.includes("/pulls/12/files")).map((r) => r.path)).size).toBe(30);
  }, 120_000);

  it.each([
    ["not YAML", "rules: [unclosed\n  fail-on: {\n", "invalid YAML at line 1"],
    ["a YAML bomb", `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n`, "too many YAML aliases"],
    ["wrong types", "fail-on: 7\nmax-inline-comments: many\nrules: [csrf-exempt-view]\n", '`max-inline-comments`: expected a whole number from 0 to 100, got "many"'],
    ["unknown rule ids", "rules:\n  no-such-rule: off\n  csrf-exempt-views: off\n", '`rules.csrf-exempt-views`: unknown rule (did you mean "csrf-exempt-view"?)'],
    ["binary junk", "\u0000\u0001\u0002\uFFFD\n", "could not be read"],
  ])("a base config that is %s: clear problem in the check run, review with the defaults", async (_name, config, problem) => {
    const world = await scenario(
      { pull: { baseFiles: { "shop/views.py": VIEWS_BEFORE, ".github/django-sec.yml": config }, headFiles: { "shop/views.py": VIEWS_AFTER, ".github/django-sec.yml": config } } },
      async (w) => {
        tally.badInputs++;
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(checkText(world)).toContain(".github/django-sec.yml");
    expect(checkText(world)).toContain(problem);
    expect(world.github.reviews[0].comments).toHaveLength(1);
  });
});

describe("abuse", () => {
  it("a pull request that edits the config to disable rules is still reviewed with the base branch's config", async () => {
    const world = await scenario(
      {
        pull: {
          baseFiles: { "shop/views.py": VIEWS_BEFORE, ".github/django-sec.yml": "fail-on: medium\n" },
          headFiles: { "shop/views.py": VIEWS_AFTER, ".github/django-sec.yml": "fail-on: never\nrules:\n  csrf-exempt-view: off\n" },
        },
      },
      async (w) => {
        tally.badInputs++;
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.reviews[0].comments.map((c) => c.body).join("\n")).toContain("csrf-exempt-view");
    expect(finalCheck(world).conclusion).toBe("failure");
  });

  it("a suppression without a reason is reported", async () => {
    const suppressed = VIEWS_AFTER.replace("@csrf_exempt\n", "@csrf_exempt  # django-sec: ignore[csrf-exempt-view]\n");
    const world = await scenario(
      { pull: { headFiles: { "shop/views.py": suppressed } } },
      async (w) => {
        tally.badInputs++;
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.github.reviews[0].comments.map((c) => c.body).join("\n")).toContain("suppression-without-reason");
  });

  it("recheck from a user without write access, from a bot, on an issue: no review", async () => {
    const world = await scenario({}, async (w) => {
      for (const [user, onPr] of [
        [{ login: "stranger" }, true],
        [{ login: "renovate[bot]", type: "Bot" }, true],
        [{ login: w.pull.author }, false],
      ] as const) {
        tally.badInputs++;
        expect(await statusOf(w.deliver("issue_comment", commentPayload(w.pull, user, "/django-sec recheck", onPr)))).toBeLessThan(300);
      }
      await w.settle();
    });
    expect(world.github.checkRuns).toEqual([]);
    expect(world.github.reviews).toEqual([]);
    expect(world.github.issueComments).toHaveLength(1);
    expect(world.github.issueComments[0].body).toContain("@stranger only the pull request's author or people with write access");
  });

  it("a recheck whose first attempt fails is retried by the queue, not turned away by the rate limit", async () => {
    let gets = 0;
    const world = await scenario(
      { fault: (r) => (r.method === "GET" && isPath("/pulls/12")(r) && ++gets <= 4 ? { status: 502 } : undefined) },
      async (w) => {
        tally.badInputs++;
        expect(await statusOf(w.deliver("issue_comment", commentPayload(w.pull, { login: "maintainer-mo" })))).toBeLessThan(300);
        await w.settle(1);
      },
      { review: true },
    );
    expect(world.faults).toBe(4);
    expect(world.github.issueComments).toEqual([]);
    expect(world.github.reviews).toHaveLength(1);
  });

  it("a recheck loop runs one review per window and answers once", async () => {
    const world = await scenario({}, async (w) => {
      for (let i = 0; i < 6; i++) {
        tally.badInputs++;
        expect(await statusOf(w.deliver("issue_comment", commentPayload(w.pull, { login: "maintainer-mo" })))).toBeLessThan(300);
        await w.settle(1);
      }
    }, { review: true });
    expect(world.github.checkRuns).toHaveLength(1);
    expect(world.github.issueComments).toHaveLength(1);
    expect(world.github.issueComments[0].body).toMatch(/^@maintainer-mo a recheck of this pull request ran less than 60 seconds ago\. Try again in \d+ seconds\.$/);
    expect(world.github.reactions.map((r) => r.content)).toEqual(["eyes", "confused", "confused", "confused", "confused", "confused"]);
  });
});

describe("the app's own security", () => {
  it("logs no secret, token, private key or source code, and logs errors with structured fields", async () => {
    const start = log.lines.length;
    let failChecks = false;
    const world = await scenario(
      {
        logLevel: "trace",
        fault: (r) =>
          (r.method === "GET" && decodeURIComponent(r.path).includes("/contents/shop/other.py")) || (failChecks && r.method === "POST" && isPath("/check-runs")(r))
            ? { status: 500 }
            : undefined,
        pull: { headFiles: { "shop/views.py": VIEWS_AFTER, "shop/other.py": "API_TOKEN = 'hunter2-not-a-real-one'\n" } },
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
        // And a push GitHub will not let the app start a check run for, so an error is logged.
        failChecks = true;
        w.github.push("9".repeat(40), { "shop/views.py": VIEWS_AFTER });
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull, "synchronize")));
        await w.settle(1);
      },
    );
    const text = log.lines.slice(start).join("\n");
    expect(text.length).toBeGreaterThan(0);
    const keyBody = testPrivateKey().split("\n").slice(1, -2).join("");
    for (const secret of [SECRET, ...world.github.tokens, keyBody.slice(0, 40), keyBody.slice(-40), "hunter2-not-a-real-one", "def payment_webhook", "JsonResponse({\"received\""]) {
      expect({ secret, leaked: text.includes(secret) }).toEqual({ secret, leaked: false });
    }
    const entries = log.json(start);
    const errors = entries.filter((l) => l.level >= 50);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toEqual(expect.objectContaining({ msg: expect.any(String), level: expect.any(Number) }));
    expect(errors.some((e) => typeof e.err === "object" || typeof e.event === "object" || typeof e.delivery === "string")).toBe(true);
  });

  it("a review GitHub keeps refusing is logged without the code it quotes", async () => {
    const start = log.lines.length;
    const marker = "SECRET_MARKER_VALUE_42";
    await scenario(
      {
        // Production levels: at `debug`, Probot's own request logging prints every request's parameters.
        logLevel: "info",
        pull: { headFiles: { "shop/views.py": VIEWS_AFTER.replace("def payment_webhook(request):", `def payment_webhook(request):  # ${marker}`) } },
        fault: (r) => (r.method === "POST" && isPath("/pulls/12/reviews")(r) ? { status: 500 } : undefined),
      },
      async (w) => {
        await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
        await w.settle(1);
      },
    );
    const text = log.lines.slice(start).join("\n");
    expect(log.json(start).some((l) => l.level >= 50)).toBe(true);
    expect(text.includes(marker)).toBe(false);
    // The refused review's comments name the code (`payment_webhook`) and quote the rule's message.
    expect(text.includes("payment_webhook")).toBe(false);
    expect(text.includes("accepts cross-site POSTs")).toBe(false);
  });

  it("never heads the check run of a commit it was not asked about", async () => {
    const world = await scenario({}, async (w) => {
      await statusOf(w.deliver("pull_request", pullRequestPayload(w.pull)));
      await w.settle(1);
    }, { review: true });
    expect(world.github.checkRuns.map((r) => r.head_sha)).toEqual([HEAD]);
  });
});
