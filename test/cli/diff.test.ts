import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import taintedHtml from "../../rules/data-flow/tainted-html.js";
import { git, runCli, tempProject } from "./run-cli.js";

const VIEWS = "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef old_hook(request):\n    return request.user.pk\n";
const NEW_VIEW = "\n@csrf_exempt\ndef new_hook(request):\n    return request.user.pk\n";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A repository whose main branch has one pre-existing finding, on a feature branch. */
function repo(): string {
  const dir = tempProject({ "shop/views.py": VIEWS, "shop/other.py": "x = 1\n" });
  dirs.push(dir);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  return dir;
}

describe("diff", () => {
  it("lists only findings on changed lines and counts the pre-existing ones", async () => {
    const dir = repo();
    writeFileSync(join(dir, "shop/views.py"), VIEWS + NEW_VIEW);
    git(dir, "commit", "-q", "-am", "new hook");
    const r = await runCli(["diff", "--base", "main"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("shop/views.py:7:2  medium  high-confidence  csrf-exempt-view  `new_hook`");
    expect(r.stdout).not.toContain("old_hook");
    expect(r.stdout).toContain("1 finding in the change (1 medium); 1 file checked, 1 pre-existing finding outside the change left out (--all shows them).");
    expect(r.code).toBe(0);
    const all = await runCli(["diff", "--base", "main", "--all", "--format", "json"], { cwd: dir });
    expect(JSON.parse(all.stdout).findings.map((f: { line: number; inChange: boolean }) => [f.line, f.inChange])).toEqual([
      [3, false],
      [7, true],
    ]);
    const json = await runCli(["diff", "--base", "main", "--format", "json"], { cwd: dir });
    expect(JSON.parse(json.stdout).findings.map((f: { line: number }) => f.line)).toEqual([7]);
  });

  it("includes uncommitted and untracked files, and gates only on findings in the change", async () => {
    const dir = repo();
    writeFileSync(join(dir, "shop/other.py"), "x = 1\ny = eval(x)\n");
    writeFileSync(join(dir, "shop/new_module.py"), "def f(request):\n    return eval(request.GET['q'])\n");
    const r = await runCli(["diff", "--base", "main", "--format", "json"], { cwd: dir });
    const findings = JSON.parse(r.stdout).findings.map((f: { path: string; line: number; ruleId: string }) => `${f.path}:${f.line} ${f.ruleId}`);
    expect(findings).toEqual(["shop/new_module.py:2 test-eval-call", "shop/other.py:2 test-eval-call"]);
    expect(r.code).toBe(1);
    // The pre-existing medium finding is outside the change: it never fails the run.
    expect((await runCli(["diff", "--base", "main", "--fail-on", "low", "shop/views.py"], { cwd: dir })).code).toBe(0);
  });

  it("limits the diff to the given paths, relative to the current directory", async () => {
    const dir = repo();
    writeFileSync(join(dir, "shop/views.py"), VIEWS + NEW_VIEW);
    writeFileSync(join(dir, "shop/other.py"), "y = eval('1')\n");
    const r = await runCli(["diff", "--base", "main", "--format", "json", "views.py"], { cwd: join(dir, "shop") });
    expect(JSON.parse(r.stdout).findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(["views.py:7"]);
  });

  it("defaults the base to main when it exists", async () => {
    const dir = repo();
    writeFileSync(join(dir, "shop/views.py"), VIEWS + NEW_VIEW);
    git(dir, "commit", "-q", "-am", "new hook");
    const r = await runCli(["diff", "--format", "json"], { cwd: dir });
    expect(JSON.parse(r.stdout).findings.map((f: { line: number }) => f.line)).toEqual([7]);
  });

  it("reads the config from the base, so a change cannot switch its own rules off", async () => {
    const dir = repo();
    writeFileSync(join(dir, "shop/views.py"), VIEWS + NEW_VIEW);
    git(dir, "commit", "-q", "-am", "hook");
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github/django-sec.yml"), "rules:\n  csrf-exempt-view: off\n");
    const r = await runCli(["diff", "--base", "main", "--format", "json"], { cwd: dir });
    expect(JSON.parse(r.stdout).findings.map((f: { line: number }) => f.line)).toEqual([7]);
    expect(r.stderr).toContain("django-sec: note: .github/django-sec.yml changed; this run uses its version from main");
    const explicit = await runCli(["diff", "--base", "main", "--format", "json", "--config", ".github/django-sec.yml"], { cwd: dir });
    expect(JSON.parse(explicit.stdout).findings).toEqual([]);
  });

  it("exits 2 with a clear message for an unknown ref", async () => {
    const dir = repo();
    const r = await runCli(["diff", "--base", "no-such-branch"], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toContain('django-sec: unknown git ref "no-such-branch"');
  });

  it("refuses a ref that looks like an option", async () => {
    const dir = repo();
    const r = await runCli(["diff", "--base=--output=injected.txt"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown git ref");
  });

  it("exits 2 when the base shares no history with HEAD", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "--orphan", "unrelated");
    git(dir, "commit", "-q", "-m", "unrelated root");
    const r = await runCli(["diff", "--base", "main"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('found no common ancestor of "main" and HEAD');
  });

  it("exits 2 outside a git repository", async () => {
    const dir = tempProject({ "a.py": "x = 1\n" });
    dirs.push(dir);
    const r = await runCli(["diff"], { cwd: dir, env: {} });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/is not inside a git repository/);
  });

  it("reads every settings module of the repository for the project's facts, without reporting on them", async () => {
    const settings = (middleware: string) => `SECRET_KEY = "django-insecure-abc"\nMIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n${middleware}]\n`;
    const view = "from django.views.generic import UpdateView\n\n\nclass PostEdit(UpdateView):\n    model = Post\n    fields = ['title']\n";
    const run = async (middleware: string) => {
      const dir = tempProject({ "mysite/settings/base.py": settings(middleware), "mysite/settings/production.py": "from .base import *\n", "blog/views.py": "x = 1\n" });
      dirs.push(dir);
      git(dir, "init", "-q", "-b", "main");
      git(dir, "add", ".");
      git(dir, "commit", "-q", "-m", "base");
      writeFileSync(join(dir, "blog/views.py"), view);
      const r = await runCli(["diff", "--base", "main", "--all", "--format", "json"], { cwd: dir, rules: "all" });
      return JSON.parse(r.stdout).findings.map((f: { path: string; ruleId: string }) => `${f.path} ${f.ruleId}`);
    };
    expect(await run("")).toEqual(["blog/views.py cbv-missing-access-control"]);
    expect(await run('    "django.contrib.auth.middleware.LoginRequiredMiddleware",\n')).toEqual([]);
  });

  it("reads the unchanged rest of the tree for the project's facts, so a changed view gets the finding a scan gives", async () => {
    // The URLconf keeps `kind` free of markup and captures `name` as any text: only `name` is an injection.
    const urls = 'from django.urls import re_path\nfrom . import views\n\nurlpatterns = [\n    re_path(r"^(?P<kind>[a-z0-9._]+)/$", views.proxy),\n    re_path(r"^named/(?P<name>[^/]+)/$", views.proxy_named),\n]\n';
    const before = "from django.http import HttpResponseBadRequest\n";
    const after = `${before}\n\ndef proxy(request, kind):\n    return HttpResponseBadRequest("<p>Unknown plugin type: " + kind + "</p>")\n\n\ndef proxy_named(request, name):\n    return HttpResponseBadRequest("<p>Unknown plugin: " + name + "</p>")\n`;
    const run = async (withUrls: boolean) => {
      const dir = tempProject({ "plugins/__init__.py": "", "plugins/views.py": before, ...(withUrls ? { "plugins/urls.py": urls } : {}) });
      dirs.push(dir);
      git(dir, "init", "-q", "-b", "main");
      git(dir, "add", ".");
      git(dir, "commit", "-q", "-m", "base");
      writeFileSync(join(dir, "plugins/views.py"), after);
      const diff = await runCli(["diff", "--base", "main", "--format", "json"], { cwd: dir, rules: [taintedHtml] });
      const scan = await runCli(["scan", ".", "--format", "json"], { cwd: dir, rules: [taintedHtml] });
      const confident = (out: string) =>
        JSON.parse(out)
          .findings.filter((f: { confidence: string }) => f.confidence !== "low")
          .map((f: { path: string; line: number }) => `${f.path}:${f.line}`);
      return { diff: confident(diff.stdout), scan: confident(scan.stdout) };
    };
    expect(await run(true)).toEqual({ diff: ["plugins/views.py:9"], scan: ["plugins/views.py:9"] });
    // Without the URLconf nothing bounds `kind`: both lines are findings, in both modes.
    expect(await run(false)).toEqual({ diff: ["plugins/views.py:5", "plugins/views.py:9"], scan: ["plugins/views.py:5", "plugins/views.py:9"] });
  });

  it("a comment added to a settings module does not make a setting it already missed a new finding", async () => {
    const settings = [
      "SECRET_KEY = __import__('os').environ['SECRET_KEY']",
      "DEBUG = False",
      "ALLOWED_HOSTS = ['shop.example.com']",
      "INSTALLED_APPS = ['django.contrib.auth', 'shop']",
      "ROOT_URLCONF = 'mysite.urls'",
      "",
    ].join("\n");
    const dir = tempProject({ "mysite/settings/production.py": settings });
    dirs.push(dir);
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    writeFileSync(join(dir, "mysite/settings/production.py"), `# Production settings.\n${settings}`);
    const findings = async () => {
      const r = await runCli(["diff", "--base", "main", "--all", "--format", "json"], { cwd: dir, rules: "all" });
      return (JSON.parse(r.stdout).findings as { ruleId: string; inChange: boolean }[]).filter((f) => f.ruleId === "password-validators-missing").map((f) => f.inChange);
    };
    expect(await findings()).toEqual([false]);
    // Taking the validators out in the change makes the finding new.
    writeFileSync(join(dir, "mysite/settings/production.py"), `${settings}AUTH_PASSWORD_VALIDATORS = []\n`);
    git(dir, "commit", "-q", "-am", "validators");
    writeFileSync(join(dir, "mysite/settings/production.py"), `# no validators\n${settings}`);
    expect(await runCli(["diff", "--base", "HEAD", "--all", "--format", "json"], { cwd: dir, rules: "all" }).then((r) => JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === "password-validators-missing").map((f: { inChange: boolean }) => f.inChange))).toEqual([true]);
  });
});
