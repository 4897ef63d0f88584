import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { git, runCli, tempProject } from "./run-cli.js";

const SETTINGS = [
  "DEBUG = False",
  'SECRET_KEY = "hard-coded-key-committed-to-the-repository"',
  "ALLOWED_HOSTS = []",
  "INSTALLED_APPS = []",
  "SECURE_SSL_REDIRECT = False",
  "",
].join("\n");

interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
}
const findings = (stdout: string) => (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
const keys = (stdout: string) => findings(stdout).map((f) => `${f.ruleId}:${f.line}`).sort();

describe("scan with paths outside the current directory", () => {
  function layout(withGit: boolean) {
    const dir = tempProject({ "other/mysite/settings.py": SETTINGS, "other/mysite/wsgi.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n', "work/README.md": "x\n" });
    if (withGit) {
      git(join(dir, "other"), "init", "-q");
    }
    return dir;
  }

  it.each([["inside a git repository", true], ["outside any repository", false]])("a settings file given as ../other/... is checked as from inside (%s)", async (_name, withGit) => {
    const dir = layout(withGit);
    const outside = await runCli(["scan", "../other/mysite/settings.py", "--format", "json", "--fail-on", "never"], { cwd: join(dir, "work"), rules: "all" });
    const inside = await runCli(["scan", "mysite/settings.py", "--format", "json", "--fail-on", "never"], { cwd: join(dir, "other"), rules: "all" });
    expect(keys(outside.stdout)).toEqual(keys(inside.stdout));
    expect(keys(outside.stdout)).toEqual(expect.arrayContaining(["secret-key-hardcoded:2", "ssl-redirect-disabled:5", "allowed-hosts-empty:3"]));
    expect(findings(outside.stdout).every((f) => f.path === "../other/mysite/settings.py")).toBe(true);
  });

  it("scan ../x finds what cd x && scan . finds", async () => {
    const dir = layout(false);
    const outside = await runCli(["scan", "../other", "--format", "json", "--fail-on", "never"], { cwd: join(dir, "work"), rules: "all" });
    const inside = await runCli(["scan", ".", "--format", "json", "--fail-on", "never"], { cwd: join(dir, "other"), rules: "all" });
    expect(keys(outside.stdout)).toEqual(keys(inside.stdout));
    expect(keys(outside.stdout).length).toBeGreaterThan(2);
  });

  it("SARIF never climbs out with ../", async () => {
    const dir = layout(true);
    const r = await runCli(["scan", "../other/mysite/settings.py", "--format", "sarif", "--fail-on", "never"], { cwd: join(dir, "work"), rules: "all" });
    const uris = [...r.stdout.matchAll(/"uri":\s*"([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith("http"));
    expect(uris.length).toBeGreaterThan(0);
    expect(uris.every((u) => !u.includes(".."))).toBe(true);
    expect(uris).toContain("mysite/settings.py");
  });

  it("several paths inside the current directory keep it as the root", async () => {
    const dir = tempProject({ "a/settings.py": SETTINGS, "b/views.py": "x = 1\n" });
    mkdirSync(join(dir, "c"));
    const r = await runCli(["scan", "a/settings.py", "b/views.py", "--format", "json", "--fail-on", "never"], { cwd: dir, rules: "all" });
    expect(findings(r.stdout).some((f) => f.path === "a/settings.py" && f.ruleId === "secret-key-hardcoded")).toBe(true);
  });
});

describe("scan finds the deployed settings module", () => {
  const PRODUCTION = "from .base import *\nDEBUG = False\nSECURE_SSL_REDIRECT = False\n";
  const BASE = 'SECRET_KEY = "x"\nINSTALLED_APPS = []\nALLOWED_HOSTS = ["shop.example.com"]\n';

  it("a module outside the settings globs is production settings when wsgi.py names it", async () => {
    const dir = tempProject({ "conf/server/production.py": PRODUCTION, "conf/server/base.py": BASE, "config/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf.server.production")\n' });
    const r = await runCli(["scan", "--format", "json", "--fail-on", "never"], { cwd: dir, rules: "all" });
    expect(keys(r.stdout)).toEqual(expect.arrayContaining(["ssl-redirect-disabled:3", "hsts-not-enabled:1"]));
  });

  it("a Dockerfile naming it counts too; without any entry point it is an ordinary module", async () => {
    const named = tempProject({ "conf/server/production.py": PRODUCTION, "conf/server/base.py": BASE, "Dockerfile": "FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=conf.server.production\n" });
    const unnamed = tempProject({ "conf/server/production.py": PRODUCTION, "conf/server/base.py": BASE });
    const a = await runCli(["scan", "--format", "json", "--fail-on", "never"], { cwd: named, rules: "all" });
    const b = await runCli(["scan", "--format", "json", "--fail-on", "never"], { cwd: unnamed, rules: "all" });
    expect(keys(a.stdout)).toContain("ssl-redirect-disabled:3");
    expect(keys(b.stdout).filter((k) => k.startsWith("ssl-redirect"))).toEqual([]);
  });
});
