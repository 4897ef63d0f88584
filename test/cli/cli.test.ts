import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolVersion } from "../../src/cli/main.js";
import { runCli, tempProject } from "./run-cli.js";
import { validateSarif } from "./sarif-schema.js";

const VIEWS = [
  "from django.views.decorators.csrf import csrf_exempt",
  "",
  "@csrf_exempt",
  "def webhook(request):",
  "    return request.session.get('cart')",
  "",
].join("\n");
const EVAL = "def calc(request):\n    return eval(request.GET['x'])\n";

const dirs: string[] = [];
function project(files: Record<string, string | Uint8Array>): string {
  const dir = tempProject(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("command line basics", () => {
  const cwd = tmpdir();

  it("prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(toolVersion()).toBe(pkg.version);
    expect(await runCli(["--version"], { cwd })).toEqual({ code: 0, stdout: `django-sec ${pkg.version}\n`, stderr: "" });
  });

  it.each([[["--help"]], [["-h"]], [[]], [["help"]]])("prints help for %j", async (argv) => {
    const r = await runCli(argv, { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage:\n  django-sec scan [PATH...]");
    expect(r.stdout).toContain("Exit codes:");
  });

  it.each([
    ["unknown command", ["lint"], /unknown command "lint"/],
    ["unknown option", ["scan", "--frobnicate"], /Unknown option '--frobnicate'/],
    ["bad --fail-on", ["scan", "--fail-on", "critical"], /--fail-on must be one of high, medium, low, never; got "critical"/],
    ["bad --format", ["scan", "--format", "xml"], /--format must be one of text, json, sarif, github; got "xml"/],
    ["bad --min-confidence", ["scan", "--min-confidence", "sure"], /--min-confidence must be one of high, medium, low; got "sure"/],
    ["bad --color", ["scan", "--color", "sometimes"], /--color must be one of auto, always, never; got "sometimes"/],
    ["unknown rule in --select", ["scan", "--select", "csrf-exempt-view,no-such-rule"], /--select: unknown rule "no-such-rule"/],
    ["unknown rule in --ignore", ["scan", "--ignore", "nope"], /--ignore: unknown rule "nope"/],
    ["--all on scan", ["scan", "--all"], /--all only applies to diff/],
    ["bad rules --format", ["rules", "--format", "sarif"], /--format must be one of text, markdown, json/],
    ["bad --max-file-size", ["scan", "--max-file-size", "lots"], /--max-file-size must be a number of bytes/],
    ["--base on scan", ["scan", "--base", "main"], /--base only applies to diff/],
    ["explain without a rule", ["explain"], /explain takes exactly one rule id/],
  ])("exits 2 on %s", async (_name, argv, message) => {
    const r = await runCli(argv, { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.startsWith("django-sec: ")).toBe(true);
  });

  it("exits 2 for a path that does not exist", async () => {
    const dir = project({ "a.py": "x = 1\n" });
    const r = await runCli(["scan", "missing-dir"], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe("django-sec: missing-dir: no such file or directory\n");
  });
});

describe("rules and explain", () => {
  const cwd = tmpdir();

  it("lists rules as text, JSON and Markdown", async () => {
    const text = await runCli(["rules"], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^csrf-exempt-view\s+medium\s+high\s+Finds views that turn off CSRF checks/m);
    expect(text.stdout).toContain("4 rules.");
    const json = JSON.parse((await runCli(["rules", "--format", "json"], { cwd })).stdout) as { id: string; cwe: string[]; docsUrl: string }[];
    expect(json.map((r) => r.id)).toEqual(["csrf-exempt-view", "suppression-without-reason", "test-eval-call", "test-secret-key-known"]);
    expect(json[0]).toMatchObject({ cwe: ["CWE-352"], docsUrl: expect.stringMatching(/docs\/rules\.md#csrf-exempt-view$/) });
    const md = await runCli(["rules", "--format", "markdown"], { cwd });
    expect(md.stdout.startsWith("# django-sec rules\n")).toBe(true);
    expect(md.stdout).toContain('<a id="csrf-exempt-view"></a>');
  });

  it("explains one rule", async () => {
    const r = await runCli(["explain", "csrf-exempt-view"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("csrf-exempt-view  (medium severity, high confidence)");
    expect(r.stdout).toContain("How to fix it");
    expect(r.stdout).toContain("Django docs: https://docs.djangoproject.com/en/stable/ref/csrf/");
  });

  it("suggests close rule ids for an unknown one", async () => {
    const r = await runCli(["explain", "csrf-exempt"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule "csrf-exempt". Did you mean: csrf-exempt-view?');
  });

  it("documents every real rule (the generated docs/rules.md input)", async () => {
    const r = await runCli(["rules", "--format", "markdown"], { cwd, rules: "all" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("### csrf-exempt-view");
  });
});

describe("scan", () => {
  it("reports findings as text with a fix hint and a summary, relative to the current directory", async () => {
    const dir = project({ "proj/shop/views.py": VIEWS, "proj/README.md": "# not analysed\n" });
    const r = await runCli(["scan", "proj"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("proj/shop/views.py:3:2  medium  high-confidence  csrf-exempt-view  `webhook` accepts cross-site POSTs.");
    expect(r.stdout).toContain("  |\n3 | @csrf_exempt\n  |  ^^^^^^^^^^^\n");
    expect(r.stdout).toContain("How to fix:\n  csrf-exempt-view: Remove the decorator.");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("1 finding (1 medium); 1 file checked.");
    const inside = await runCli(["scan", "."], { cwd: join(dir, "proj", "shop") });
    expect(inside.stdout).toContain("views.py:3:2  medium");
    const byDefault = await runCli(["scan"], { cwd: join(dir, "proj") });
    expect(byDefault.stdout).toContain("shop/views.py:3:2  medium");
  });

  it.each([
    ["default threshold high, medium finding", [VIEWS], [], 0],
    ["default threshold high, high finding", [EVAL], [], 1],
    ["--fail-on medium, medium finding", [VIEWS], ["--fail-on", "medium"], 1],
    ["--fail-on low, medium finding", [VIEWS], ["--fail-on", "low"], 1],
    ["--fail-on never, high finding", [EVAL], ["--fail-on", "never"], 0],
    ["no findings", ["x = 1\n"], ["--fail-on", "low"], 0],
  ])("exit code: %s", async (_name, [code], flags, expected) => {
    const dir = project({ "app/views.py": code });
    expect((await runCli(["scan", ...flags], { cwd: dir })).code).toBe(expected);
  });

  it("writes exactly the documented JSON and lists unreadable files as errors while the scan goes on", async () => {
    const dir = project({
      "app/views.py": VIEWS,
      "app/blob.py": new Uint8Array([0x78, 0x00, 0x01, 0x02]),
      "app/latin1.py": new Uint8Array([...Buffer.from("name = 'caf"), 0xe9, 0x27, 0x0a]),
      "app/big.py": "x = 1\n".repeat(400),
      "app/templates/app/page.html": "{% autoescape off %}{{ x }}{% endautoescape %}\n",
    });
    const r = await runCli(["scan", "--format", "json", "--max-file-size", "2kb"], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(["tool", "summary", "findings", "suppressed", "errors"]);
    expect(report.tool).toEqual({ name: "django-sec", version: toolVersion() });
    expect(report.summary).toMatchObject({ findings: 1, failing: 0, skipped: 3 });
    expect(report.findings).toEqual([
      {
        ruleId: "csrf-exempt-view",
        path: "app/views.py",
        line: 3,
        endLine: 3,
        column: 2,
        severity: "medium",
        confidence: "high",
        cwe: ["CWE-352"],
        message: "`webhook` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers.",
        fingerprint: expect.stringMatching(/^[0-9a-f]{20}$/),
        inChange: true,
      },
    ]);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        { path: "app/big.py", reason: "too-large" },
        { path: "app/blob.py", reason: "binary" },
        { path: "app/latin1.py", reason: "not-utf8" },
      ]),
    );
    expect(report.errors).toHaveLength(3);
    const text = await runCli(["scan", "--max-file-size", "2kb"], { cwd: dir });
    expect(text.stdout).toContain("Skipped 3 files:\n  app/big.py: too-large (2400 bytes, limit 2000)\n");
  });

  it("writes SARIF that matches the schema and carries fingerprints and suppressions", async () => {
    const dir = project({
      "app/views.py": VIEWS + "# django-sec: ignore[test-eval-call] input is a constant in tests\ny = eval('1')\n",
    });
    const r = await runCli(["scan", "--format", "sarif"], { cwd: dir });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver.version).toBe(toolVersion());
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(["csrf-exempt-view", "suppression-without-reason", "test-eval-call", "test-secret-key-known"]);
    expect(run.results.map((x: { ruleId: string; ruleIndex: number }) => [x.ruleId, x.ruleIndex])).toEqual([
      ["csrf-exempt-view", 0],
      ["test-eval-call", 2],
    ]);
    expect(run.results[1].suppressions).toEqual([{ kind: "inSource", justification: "input is a constant in tests" }]);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "app/views.py", uriBaseId: "%SRCROOT%" });
  });

  it("writes the report to --output and nothing to stdout", async () => {
    const dir = project({ "app/views.py": EVAL });
    const r = await runCli(["scan", "app", "--format", "json", "--output", "out/report.json"], { cwd: dir });
    // The folder does not exist: a clear error, exit 2.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot write the report to out/report.json");
    mkdirSync(join(dir, "out"));
    const ok = await runCli(["scan", "app", "--format", "json", "-o", "out/report.json"], { cwd: dir });
    expect(ok).toMatchObject({ code: 1, stdout: "" });
    expect(JSON.parse(readFileSync(join(dir, "out", "report.json"), "utf8")).findings[0].ruleId).toBe("test-eval-call");
  });

  it("skips VCS, dependency and virtualenv folders and symlinks that leave the tree", async () => {
    const outside = project({ "secret.py": EVAL, "lib/x.py": EVAL });
    const dir = project({
      "app/views.py": "x = 1\n",
      "node_modules/pkg/x.py": EVAL,
      ".git/hooks/x.py": EVAL,
      ".venv/lib/x.py": EVAL,
      "venv/lib/x.py": EVAL,
      "pyenv-custom/pyvenv.cfg": "home = /usr\n",
      "pyenv-custom/lib/x.py": EVAL,
      "app/migrations/0001_initial.py": EVAL,
      "app/tests/test_views.py": EVAL,
      "app/test/settings.py": EVAL,
    });
    symlinkSync(join(outside, "secret.py"), join(dir, "app", "linked.py"));
    symlinkSync(join(outside, "lib"), join(dir, "app", "linked-dir"));
    symlinkSync(join(dir, "app", "views.py"), join(dir, "app", "alias.py"));
    const r = await runCli(["scan", "--format", "json", "--fail-on", "never"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ findings: [], errors: [], suppressed: [] });
    const text = await runCli(["scan"], { cwd: dir });
    // views.py and the in-tree alias to it.
    expect(text.stdout).toContain("2 files checked");
  });

  it("reads settings modules that a scanned settings file star-imports", async () => {
    const dir = project({
      "mysite/settings/base.py": "SECRET_KEY = get_secret()\n",
      "mysite/settings/production.py": "from .base import *\nDEBUG = False\n",
      "mysite/settings/staging.py": "from mysite.settings.base import *\n",
    });
    const one = await runCli(["scan", "mysite/settings/production.py", "--format", "json"], { cwd: dir });
    expect(JSON.parse(one.stdout).findings).toEqual([]);
    writeFileSync(join(dir, "mysite/settings/production.py"), "from .missing import *\nDEBUG = False\n");
    const missing = await runCli(["scan", "mysite/settings/production.py", "--format", "json"], { cwd: dir });
    expect(JSON.parse(missing.stdout).findings.map((f: { message: string }) => f.message)).toEqual(["A star import could not be resolved."]);
  });

  describe("colour and progress", () => {
    it.each([
      ["a terminal", { stdoutTTY: true }, [], true],
      ["a terminal with NO_COLOR", { stdoutTTY: true, env: { NO_COLOR: "1" } }, [], false],
      ["a terminal with --no-color", { stdoutTTY: true }, ["--no-color"], false],
      ["a pipe", { stdoutTTY: false }, [], false],
    ])("colour on %s: %s", async (_name, options, flags, colored) => {
      const dir = project({ "app/views.py": VIEWS });
      const r = await runCli(["scan", ...flags], { cwd: dir, ...options });
      expect(r.stdout.includes("\u001b[")).toBe(colored);
    });

    it("shows progress on a terminal for large scans only", async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 210; i++) files[`app/m${i}.py`] = "x = 1\n";
      const dir = project(files);
      const tty = await runCli(["scan"], { cwd: dir, stderrTTY: true });
      expect(tty.stderr).toContain("\rdjango-sec: checked 210/210 files");
      expect(tty.stdout).toContain("210 files checked");
      const piped = await runCli(["scan"], { cwd: dir, stderrTTY: false });
      expect(piped.stderr).toBe("");
      const small = project({ "app/views.py": VIEWS });
      expect((await runCli(["scan"], { cwd: small, stderrTTY: true })).stderr).toBe("");
    });
  });
});

describe("config", () => {
  it("applies .github/django-sec.yml under the scanned directory", async () => {
    const dir = project({
      "proj/app/views.py": VIEWS + EVAL,
      "proj/.github/django-sec.yml": "rules:\n  csrf-exempt-view: off\n  test-eval-call: low\n",
    });
    const r = await runCli(["scan", "proj", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toEqual([["test-eval-call", "low"]]);
  });

  it("exits 2 on an invalid config and prints each problem with its key path", async () => {
    const dir = project({
      "app/views.py": VIEWS + EVAL,
      "strict.yml": "rules:\n  csrf-exempt-view: of\n  test-eval-call: off\nfail-on: hgh\n",
    });
    const r = await runCli(["scan", "--config", "strict.yml", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^django-sec: invalid config strict\.yml:\n {2}rules\.csrf-exempt-view: expected .* \(did you mean "off"\?\)\n {2}fail-on: /);
  });

  it("lets --fail-on override the config's fail-on", async () => {
    const dir = project({ "app/views.py": VIEWS, ".github/django-sec.yml": "fail-on: medium\n" });
    expect((await runCli(["scan"], { cwd: dir })).code).toBe(1);
    expect((await runCli(["scan", "--fail-on", "high"], { cwd: dir })).code).toBe(0);
  });

  it("exits 2 when --config names a missing file", async () => {
    const dir = project({ "app/views.py": VIEWS });
    const r = await runCli(["scan", "--config", "nope.yml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("django-sec: cannot read the config file nope.yml: no such file\n");
  });
});
