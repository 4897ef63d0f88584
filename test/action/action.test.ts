import { jest } from "@jest/globals";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = join(repoRoot, "action", "main.mjs");
const cliBin = join(repoRoot, "packages", "cli", "bin", "django-sec.js");
const built = existsSync(join(repoRoot, "packages", "cli", "dist", "src", "cli", "main.js"));

// A view that acts with the user's cookie credentials, so its csrf_exempt is a confident finding.
const EXEMPT = (name: string) => `from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef ${name}(request):\n    request.user.profile.delete()\n    return None\n`;

describe("action.yml", () => {
  const action = parse(readFileSync(join(repoRoot, "action.yml"), "utf8"));

  it("is a composite action with the documented inputs and outputs", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["config", "fail-on", "paths", "sarif-file", "version"]);
    expect(Object.keys(action.outputs).sort()).toEqual(["failed", "findings", "high", "low", "medium", "sarif-file"]);
    for (const output of Object.values(action.outputs) as { value: string }[]) expect(output.value).toMatch(/^\$\{\{ steps\.review\.outputs\.[a-z-]+ \}\}$/);
  });

  it("runs the entry point with every input passed through the environment, never spliced into the script", () => {
    const steps = action.runs.steps as { id: string; run: string; env?: Record<string, string> }[];
    const review = steps.find((s) => s.id === "review")!;
    expect(review.run).toBe('node "$GITHUB_ACTION_PATH/action/main.mjs"');
    expect(review.env).toMatchObject({ INPUT_CONFIG: "${{ inputs.config }}", INPUT_FAIL_ON: "${{ inputs.fail-on }}", INPUT_PATHS: "${{ inputs.paths }}", DJANGO_SEC_BIN: "${{ steps.install.outputs.bin }}" });
    for (const step of steps) expect(step.run).not.toContain("${{");
    const install = steps.find((s) => s.id === "install")!;
    expect(install.run).toContain("packages/cli/package.json");
    expect(install.run).toContain("--omit=dev");
  });
});

// The entry point runs the built CLI (packages/cli), as the action runs the installed package.
const whenBuilt = built ? describe : describe.skip;
if (!built) it.skip("action entry point tests: packages/cli/dist is missing, run `npm run build` first", () => {});

whenBuilt("action/main.mjs run locally with an event payload", () => {
  // Each run starts the CLI twice (JSON, then SARIF): generous time on a loaded machine.
  jest.setTimeout(120_000);
  let work = "";
  let repo = "";
  let baseSha = "";
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" }).trim();

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "django-sec-action-"));
    repo = join(work, "repo");
    mkdirSync(join(repo, "shop"), { recursive: true });
    git("init", "-q", "-b", "main");
    writeFileSync(join(repo, "shop", "old.py"), EXEMPT("legacy_hook"));
    writeFileSync(join(repo, "shop", "views.py"), "def index(request):\n    return None\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    baseSha = git("rev-parse", "HEAD");
    writeFileSync(join(repo, "shop", "views.py"), "def index(request):\n    return None\n\n\n" + EXEMPT("payment_hook"));
    git("commit", "-q", "-am", "pull request");
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  let runs = 0;
  function runAction(eventName: string, payload: unknown, inputs: Record<string, string>) {
    const dir = join(work, `run-${++runs}`);
    mkdirSync(dir);
    const files = { event: join(dir, "event.json"), output: join(dir, "output"), summary: join(dir, "summary.md") };
    writeFileSync(files.event, JSON.stringify(payload));
    writeFileSync(files.output, "");
    writeFileSync(files.summary, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: repo,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: dir,
      DJANGO_SEC_BIN: cliBin,
      INPUT_SARIF_FILE: join(dir, "django-sec.sarif"),
      ...inputs,
    };
    const r = spawnSync(process.execPath, [entry], { cwd: repo, encoding: "utf8", env });
    const outputs = Object.fromEntries(readFileSync(files.output, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    const sarifPath = join(dir, "django-sec.sarif");
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(files.summary, "utf8"), sarif: existsSync(sarifPath) ? JSON.parse(readFileSync(sarifPath, "utf8")) : undefined };
  }

  it("on a pull request, reviews only the changed lines against the base and fails per fail-on", () => {
    const r = runAction("pull_request", { action: "opened", pull_request: { number: 7, base: { sha: baseSha }, head: { sha: "f".repeat(40) } } }, { INPUT_FAIL_ON: "medium" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`diff against the pull request's base ${baseSha}`);
    expect(r.stdout).toMatch(/^::warning file=shop\/views\.py,line=7,endLine=7,col=\d+,title=django-sec csrf-exempt-view \(medium\)::`payment_hook` accepts cross-site POSTs/m);
    // The untouched legacy finding is not the pull request's.
    expect(r.stdout).not.toContain("old.py");
    expect(r.stdout).toMatch(/^::error title=django-sec::findings at or above fail-on \(medium\)/m);
    expect(r.outputs).toMatchObject({ findings: "1", high: "0", medium: "1", low: "0", mode: "diff", failed: "true" });
    expect(r.outputs["sarif-file"]).toMatch(/django-sec\.sarif$/);
    expect(r.summary).toContain("1 finding in lines changed since");
    expect(r.summary).toContain("| Severity | Confidence | Rule | Location | Message |");
    expect(r.summary).toMatch(/\| medium \| high \| `csrf-exempt-view` \| `shop\/views\.py:7` \| `payment_hook` accepts cross-site POSTs/);
    expect(r.summary).toContain("**Failed**");
    expect(r.sarif.version).toBe("2.1.0");
    expect(r.sarif.runs[0].results.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => `${x.locations[0].physicalLocation.artifactLocation.uri} ${x.ruleId}`)).toEqual(["shop/views.py csrf-exempt-view"]);
  });

  it("passes when no finding reaches fail-on, and still reports", () => {
    const r = runAction("pull_request", { pull_request: { base: { sha: baseSha } } }, { INPUT_FAIL_ON: "high" });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ findings: "1", failed: "false" });
    expect(r.stdout).toContain("::warning file=shop/views.py");
    expect(r.stdout).not.toContain("::error");
    expect(r.summary).toContain("Passed (`fail-on`: high)");
  });

  it("on push, scans the repository (or the given paths)", () => {
    const all = runAction("push", { ref: "refs/heads/main" }, { INPUT_FAIL_ON: "never" });
    expect(all.status).toBe(0);
    expect(all.outputs).toMatchObject({ findings: "2", medium: "2", mode: "scan", failed: "false" });
    expect(all.summary).toContain("2 findings in the repository: 0 high, 2 medium, 0 low.");
    const some = runAction("push", {}, { INPUT_PATHS: "shop/old.py\n" });
    expect(some.outputs).toMatchObject({ findings: "1", mode: "scan" });
    expect(some.stdout).toContain("::warning file=shop/old.py");
    expect(some.stdout).not.toContain("shop/views.py");
  });

  it("says what is wrong with an input, as an error annotation, and exits 2", () => {
    const r = runAction("push", {}, { INPUT_FAIL_ON: "critical" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('::error title=django-sec::input fail-on must be one of high, medium, low, never; got "critical"\n');
    expect(r.outputs).toEqual({});
  });

  it("reports a CLI failure (an unreadable config) instead of an empty success", () => {
    const r = runAction("push", {}, { INPUT_CONFIG: "missing.yml" });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^::error title=django-sec::django-sec exited with 2: django-sec: cannot read the config file missing\.yml/m);
  });
});
