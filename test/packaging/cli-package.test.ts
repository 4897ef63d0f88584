import { jest } from "@jest/globals";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cliDir = join(repoRoot, "packages", "cli");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const rootPkg = readJson(join(repoRoot, "package.json"));
const cliPkg = readJson(join(cliDir, "package.json"));
const ANALYZER_DEPS = ["diff", "picomatch", "tree-sitter", "tree-sitter-python", "yaml"];

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  // Offline, no audit, no update check: the test never needs the registry.
  const env = { ...process.env, npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" };
  return spawnSync("npm", args, { cwd, encoding: "utf8", env, maxBuffer: 1 << 26 });
}

describe("packages/cli: the publishable django-sec CLI", () => {
  it("is a public package named django-sec with a LICENSE, at the app's version", () => {
    expect(cliPkg.name).toBe("django-sec");
    expect(cliPkg.private).toBeUndefined();
    expect(cliPkg.license).toBe("MIT");
    expect(readFileSync(join(cliDir, "LICENSE"), "utf8")).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
    expect(cliPkg.version).toBe(rootPkg.version);
    expect(cliPkg.bin).toEqual({ "django-sec": "bin/django-sec.js" });
  });

  it("depends on the analyzer only, at the ranges the app uses", () => {
    expect(Object.keys(cliPkg.dependencies).sort()).toEqual(ANALYZER_DEPS);
    for (const name of ANALYZER_DEPS) expect([name, cliPkg.dependencies[name]]).toEqual([name, rootPkg.dependencies[name]]);
    for (const app of ["probot", "bullmq", "ioredis", "pino", "@octokit/rest"]) expect(cliPkg.dependencies[app]).toBeUndefined();
    expect(cliPkg.devDependencies).toBeUndefined();
  });

  it("leaves the root as the private app package that builds the CLI too", () => {
    expect(rootPkg.private).toBe(true);
    expect(rootPkg.dependencies.probot).toBeDefined();
    expect(rootPkg.workspaces).toEqual(["packages/cli"]);
    expect(rootPkg.scripts.build).toContain("-w packages/cli");
    for (const path of ["src", "rules", "test", "app.yml", ".env.example"]) expect(existsSync(join(repoRoot, path))).toBe(true);
  });
});

const built = existsSync(join(cliDir, "dist", "src", "cli", "main.js"));
// `npm run build` (which CI runs before the tests) builds packages/cli; without it there is nothing to pack.
const whenBuilt = built ? describe : describe.skip;
if (!built) it.skip("packages/cli packing tests: packages/cli/dist is missing, run `npm run build` first", () => {});

whenBuilt("the packed tarball", () => {
  let files: string[] = [];
  beforeAll(() => {
    const r = npm(["pack", "--dry-run", "--json", "--ignore-scripts"], cliDir);
    expect(r.status).toBe(0);
    files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
  });

  it("ships the CLI, the core, the worker script and the rules, with the LICENSE", () => {
    for (const f of ["LICENSE", "README.md", "package.json", "bin/django-sec.js", "dist/src/cli/main.js", "dist/src/parallel/analysis-worker.js", "dist/rules/index.js", "dist/src/core/analysis/parse-python.js"]) {
      expect(files).toContain(f);
    }
  });

  it("ships no app, demo, fake GitHub, fixtures, tests, TypeScript sources or source maps", () => {
    const unwanted = files.filter((f) => /(^|\/)(github|demo|queue|fixtures|__fixtures__|test)\/|fake-github|\.map$|\.test\.js$|\.ts$/.test(f));
    expect(unwanted).toEqual([]);
  });

  it("resolves every import of every shipped file to a shipped file, a dependency or a Node built-in", () => {
    const shipped = new Set(files);
    const builtins = new Set(builtinModules);
    const problems: string[] = [];
    let relative = 0;
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const text = readFileSync(join(cliDir, file), "utf8");
      const patterns = [/^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)";/gm, /^import\s*"([^"]+)";/gm, /\bimport\(\s*"([^"]+)"\s*\)/g, /\bnew URL\(\s*"([^"]+)",\s*import\.meta\.url\s*\)/g];
      const specifiers = patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
      for (const spec of specifiers) {
        if (spec.startsWith(".")) {
          relative++;
          const target = normalize(join(dirname(file), spec));
          if (!shipped.has(target)) problems.push(`${file}: ${spec} is not shipped`);
        } else if (!spec.startsWith("node:") && !builtins.has(spec)) {
          const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
          if (!ANALYZER_DEPS.includes(name)) problems.push(`${file}: ${spec} is not a dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The patterns do see the imports (the rules index alone imports every rule).
    expect(relative).toBeGreaterThan(files.length);
  });
});

/**
 * A lockfile for an empty project depending on `tarball`, pinning the CLI's dependencies to the versions
 * and integrity hashes of the root lockfile, so `npm ci --offline` installs them from npm's cache
 * (`npm ci` at the root put them there) without asking the registry for anything.
 */
function lockFor(tarballName: string, integrity: string): unknown {
  const root = readJson(join(repoRoot, "package-lock.json")).packages as Record<string, Record<string, unknown>>;
  const packages: Record<string, unknown> = {
    "": { name: "a-django-project", version: "1.0.0", dependencies: { "django-sec": `file:${tarballName}` } },
    "node_modules/django-sec": { version: cliPkg.version, resolved: `file:${tarballName}`, integrity, license: cliPkg.license, dependencies: cliPkg.dependencies, bin: cliPkg.bin, engines: cliPkg.engines },
  };
  const queue = Object.keys(cliPkg.dependencies).map((name) => ({ name, from: "" }));
  while (queue.length) {
    const { name, from } = queue.shift()!;
    // npm's lookup: nested under the dependent first, then at the top.
    const key = [`${from ? `${from}/` : ""}node_modules/${name}`, `node_modules/${name}`].find((k) => root[k]);
    if (!key) throw new Error(`${name} is not in the root package-lock.json`);
    if (packages[key]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = root[key];
    packages[key] = entry;
    for (const dep of Object.keys((entry.dependencies as Record<string, string> | undefined) ?? {})) queue.push({ name: dep, from: key });
  }
  return { name: "a-django-project", version: "1.0.0", lockfileVersion: 3, requires: true, packages };
}

// Installs the real tarball into an empty project with `--omit=dev`, offline from npm's cache, pinned to
// the root lockfile's versions. Install scripts are skipped and the native parser the root's `npm ci`
// built (or the prebuilt one, where it loads) is used: compiling tree-sitter again would take minutes of
// CPU and prove nothing the root install did not. `bash scripts/check-cli-install.sh` times a full
// install from the registry.
whenBuilt("npm install of the packed tarball, without devDependencies", () => {
  // npm and the CLI as subprocesses: generous time on a loaded machine.
  jest.setTimeout(120_000);
  let work = "";
  let project = "";
  const run = (...args: string[]) => spawnSync(join(project, "node_modules", ".bin", "django-sec"), args, { cwd: project, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "django-sec-pack-"));
    const pack = npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], cliDir);
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const { filename, integrity } = (JSON.parse(pack.stdout) as { filename: string; integrity: string }[])[0];
    project = join(work, "project");
    mkdirSync(join(project, "shop"), { recursive: true });
    const tarball = `../${filename}`;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "a-django-project", version: "1.0.0", private: true, dependencies: { "django-sec": `file:${tarball}` } }));
    writeFileSync(join(project, "package-lock.json"), JSON.stringify(lockFor(tarball, integrity), null, 2));
    writeFileSync(join(project, "shop", "views.py"), "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef hook(request):\n    request.user.profile.delete()\n    return None\n");
    writeFileSync(join(project, "shop", "clean.py"), "def add(a, b):\n    return a + b\n");
    const install = npm(["ci", "--offline", "--omit=dev", "--ignore-scripts"], project);
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
    for (const native of ["tree-sitter", "tree-sitter-python"]) {
      const from = join(repoRoot, "node_modules", native, "build");
      if (existsSync(from)) cpSync(from, join(project, "node_modules", native, "build"), { recursive: true });
    }
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("installs the analyzer's dependencies and none of the app's", () => {
    const installed = readdirSync(join(project, "node_modules")).filter((n) => !n.startsWith("."));
    expect(installed).toContain("django-sec");
    for (const dep of ANALYZER_DEPS) expect(installed).toContain(dep);
    for (const app of ["probot", "bullmq", "ioredis", "pino", "@octokit", "typescript", "jest"]) expect(installed).not.toContain(app);
  });

  it("gives a working `django-sec scan .`", () => {
    const version = run("--version");
    expect(version.stdout).toBe(`django-sec ${cliPkg.version}\n`);
    const r = run("scan", ".", "--format", "json", "--fail-on", "medium");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.path} ${f.ruleId}`)).toEqual(["shop/views.py csrf-exempt-view"]);
  });

  it("says how to fix a native parser that cannot be loaded, without a stack trace", () => {
    for (const native of ["tree-sitter"]) {
      rmSync(join(project, "node_modules", native, "build"), { recursive: true, force: true });
      rmSync(join(project, "node_modules", native, "prebuilds"), { recursive: true, force: true });
    }
    const r = run("scan", ".");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^django-sec: the tree-sitter Python parser \(a native module\) could not be loaded/);
    expect(r.stderr).toContain("apt-get install -y g++ make python3");
    expect(r.stderr).toContain("npm rebuild tree-sitter tree-sitter-python");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
