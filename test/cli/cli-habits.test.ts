import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import csrfExemptView from "../../rules/csrf/csrf-exempt-view.js";
import { defineRule, type Rule } from "../../src/core/analysis/define-rule.js";
import { cliTestRules, evalRule, git, runCli, tempProject } from "./run-cli.js";
import { validateSarif } from "./sarif-schema.js";

const VIEWS = "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef webhook(request):\n    return request.user.pk\n";
const EVAL = "def calc(request):\n    return eval(request.GET['x'])\n";

/** The eval rule with low confidence: listed, never gating unless asked. */
const lowEval = defineRule({ ...evalRule, id: "test-eval-low", confidence: "low" } as Parameters<typeof defineRule>[0]);
/** A rule with a certain fix: `DEBUG = True` becomes `DEBUG = False`. */
const debugFix = defineRule({
  id: "test-debug-fix", severity: "high", confidence: "high", cwe: 489, owasp: "A05:2021", guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
  docs: { what: "Finds DEBUG = True in tests.", why: "Debug pages leak.", example: "DEBUG = True\n", fix: "Set DEBUG = False." },
  messages: { on: "DEBUG is on." },
  query: "(expression_statement (assignment left: (identifier) @name right: (true))) @stmt",
  check({ node, report, lines }) {
    if (node("name").text !== "DEBUG") return;
    const row = node("stmt").startPosition.row;
    report(node("stmt"), "on", {}, { fix: { line: row + 1, endLine: row + 1, replacement: lines[row].replace("True", "False") } });
  },
});
const rules: Rule[] = [...cliTestRules, lowEval, debugFix];

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempProject(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("confidence", () => {
  it("lists low-confidence findings but gates on the config's comment-confidence unless --min-confidence says otherwise", async () => {
    const dir = project({ "app/views.py": EVAL });
    const only = [lowEval];
    const plain = await runCli(["scan"], { cwd: dir, rules: only });
    expect(plain.stdout).toContain("high  low-confidence  test-eval-low");
    expect(plain.stdout).toContain("1 below medium confidence (worth a look; not counted for the exit code)");
    expect(plain.code).toBe(0);
    expect((await runCli(["scan", "--min-confidence", "low"], { cwd: dir, rules: only })).code).toBe(1);
    const high = await runCli(["scan", "--min-confidence", "high", "--format", "json"], { cwd: dir, rules: only });
    expect(JSON.parse(high.stdout).findings).toEqual([]);
    writeFileSync(join(dir, "cfg.yml"), "comment-confidence: low\n");
    expect((await runCli(["scan", "--config", "cfg.yml"], { cwd: dir, rules: only })).code).toBe(1);
  });
});

describe("--select and --ignore", () => {
  it("run only the selected rules, or all but the ignored ones", async () => {
    const dir = project({ "app/views.py": VIEWS + EVAL });
    const ids = async (args: string[]) => JSON.parse((await runCli(["scan", "--format", "json", "--fail-on", "never", ...args], { cwd: dir })).stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(await ids([])).toEqual(["csrf-exempt-view", "test-eval-call"]);
    expect(await ids(["--select", "test-eval-call"])).toEqual(["test-eval-call"]);
    expect(await ids(["--ignore", "test-eval-call"])).toEqual(["csrf-exempt-view"]);
    expect(await ids(["--select", "csrf-exempt-view,test-eval-call", "--ignore", "csrf-exempt-view"])).toEqual(["test-eval-call"]);
  });
});

describe("--format github", () => {
  it("prints one workflow command per finding, escaped, at the level of its severity", async () => {
    const dir = project({ "app/views.py": VIEWS + EVAL });
    const r = await runCli(["scan", "--format", "github"], { cwd: dir, rules: [csrfExemptView, evalRule, lowEval] });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::warning file=app\/views\.py,line=3,endLine=3,col=2,title=django-sec csrf-exempt-view \(medium severity%2C high confidence\)::`webhook` accepts cross-site POSTs\./);
    expect(lines[0]).toContain("%0A%0AHow to fix: ");
    expect(lines.filter((l) => l.startsWith("::error ") && l.includes("test-eval-call"))).toHaveLength(1);
    // Low confidence: a notice whatever the severity.
    expect(lines.filter((l) => l.startsWith("::notice ") && l.includes("test-eval-low"))).toHaveLength(1);
  });
});

describe("colour", () => {
  it.each([
    ["FORCE_COLOR on a pipe", { FORCE_COLOR: "1" }, [], false, true],
    ["FORCE_COLOR=0 on a terminal", { FORCE_COLOR: "0" }, [], true, false],
    ["--color always on a pipe", {}, ["--color", "always"], false, true],
    ["--color never with FORCE_COLOR", { FORCE_COLOR: "1" }, ["--color", "never"], true, false],
    ["FORCE_COLOR beats NO_COLOR", { FORCE_COLOR: "1", NO_COLOR: "1" }, [], false, true],
  ])("%s", async (_name, env, flags, tty, colored) => {
    const dir = project({ "app/views.py": VIEWS });
    const r = await runCli(["scan", ...flags], { cwd: dir, env, stdoutTTY: tty });
    expect(r.stdout.includes("\u001b[")).toBe(colored);
  });
});

describe("help", () => {
  it.each([
    [["scan", "--help"], "Usage: django-sec scan"],
    [["diff", "-h"], "Usage: django-sec diff"],
    [["help", "rules"], "Usage: django-sec rules"],
    [["explain", "--help"], "Usage: django-sec explain RULE"],
  ])("%j shows that command's help", async (argv, head) => {
    const r = await runCli(argv, { cwd: "/" });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(head)).toBe(true);
  });
});

describe(".gitignore", () => {
  it("scan reads only the files git tracks or would track, but still a file named on the command line", async () => {
    const dir = project({ "app/views.py": VIEWS, "build/gen.py": EVAL, ".gitignore": "build/\n", "new.py": EVAL });
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "app/views.py", ".gitignore");
    const ids = async (args: string[]) => JSON.parse((await runCli(["scan", "--format", "json", "--fail-on", "never", ...args], { cwd: dir })).stdout).findings.map((f: { path: string }) => f.path);
    // new.py is untracked but not ignored: it is read.
    expect(await ids([])).toEqual(["app/views.py", "new.py"]);
    expect(await ids(["build/gen.py"])).toEqual(["build/gen.py"]);
  });
});

describe("SARIF paths", () => {
  it("are relative to the repository root whatever the current directory, never ../", async () => {
    const dir = project({ "app/views.py": VIEWS, "docs/readme.txt": "x\n" });
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    const r = await runCli(["scan", "..", "--format", "sarif"], { cwd: join(dir, "docs") });
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
    expect(log.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri)).toEqual(["app/views.py"]);
    expect(r.stdout).not.toContain("../");
    // The text report stays relative to the current directory.
    expect((await runCli(["scan", ".."], { cwd: join(dir, "docs") })).stdout).toContain("../app/views.py:3:2");
  });
});

describe("baseline", () => {
  it("--write-baseline records every finding; --baseline leaves them out and reports new ones", async () => {
    const dir = project({ "app/views.py": EVAL });
    const write = await runCli(["scan", "--write-baseline", "baseline.json"], { cwd: dir });
    expect(write).toMatchObject({ code: 0, stdout: "" });
    expect(write.stderr).toContain("wrote 1 finding to the baseline baseline.json");
    const known = await runCli(["scan", "--baseline", "baseline.json"], { cwd: dir });
    expect(known.code).toBe(0);
    expect(known.stdout).toContain("1 in the baseline");
    writeFileSync(join(dir, "app/views.py"), EVAL + "def other(request):\n    return eval(request.POST['y'])\n");
    const json = await runCli(["scan", "--baseline", "baseline.json", "--format", "json"], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).findings.map((f: { line: number }) => f.line)).toEqual([4]);
    expect(JSON.parse(json.stdout).summary.baselined).toBe(1);
  });

  it("a missing or foreign baseline file is an error", async () => {
    const dir = project({ "app/views.py": EVAL, "other.json": "{\"findings\": 3}" });
    expect(await runCli(["scan", "--baseline", "nope.json"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("no such file (create it with --write-baseline)") });
    expect(await runCli(["scan", "--baseline", "other.json"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("is not a django-sec baseline") });
  });
});

describe("--fix", () => {
  it("applies certain fixes in place, keeps line endings, and lists what is left", async () => {
    const dir = project({ "mysite/config.py": "A = 1\r\nDEBUG = True\r\nB = eval('2')\r\n" });
    const r = await runCli(["scan", "--fix"], { cwd: dir, rules });
    expect(readFileSync(join(dir, "mysite/config.py"), "utf8")).toBe("A = 1\r\nDEBUG = False\r\nB = eval('2')\r\n");
    expect(r.stdout).not.toContain("test-debug-fix");
    expect(r.stdout).toContain("test-eval-call");
    expect(r.stdout).toContain("1 finding fixed");
    const again = await runCli(["scan", "--fix", "--format", "json"], { cwd: dir, rules });
    expect(JSON.parse(again.stdout).summary.fixed).toBe(0);
  });
});

describe("rule docs base", () => {
  it("DJANGO_SEC_RULE_DOCS_BASE moves the rule links; a value that is not a URL is an error", async () => {
    const dir = project({ "app/views.py": VIEWS });
    const base = "https://ghe.example.com/sec/django-sec/blob/main/docs/rules.md#";
    const sarif = JSON.parse((await runCli(["scan", "--format", "sarif"], { cwd: dir, env: { DJANGO_SEC_RULE_DOCS_BASE: base } })).stdout);
    expect(validateSarif(sarif) ? [] : validateSarif.errors).toEqual([]);
    expect(sarif.runs[0].tool.driver.rules[0].helpUri).toBe(`${base}csrf-exempt-view`);
    const bad = await runCli(["scan"], { cwd: dir, env: { DJANGO_SEC_RULE_DOCS_BASE: "javascript:alert(1)" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("DJANGO_SEC_RULE_DOCS_BASE must be an http(s) URL");
  });
});
