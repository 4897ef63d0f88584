#!/usr/bin/env node
// Compares django-sec with Django's own `check --deploy` (security checks) on the settings modules real
// projects deploy. Facts only are stored (test/fixtures/settings-oracle/cases.json): repository, commit,
// deployed module, the files it loads, Django's check ids, ours, and a verdict per check.
//
//   node scripts/settings-oracle/run.mjs [--build] [--django] [--only NAME] [--json]
//
// Snapshots: SETTINGS_ORACLE_MIRRORS is a folder of bare git snapshots named OWNER+NAME/repo (as the
// `fetch` tool lays them out); SETTINGS_ORACLE_CORPUS a folder of extracted projects named NAME.
// --build   discovers the deployed module, runs Django (python3-django) and rewrites the expected ids.
// --django  re-runs Django on the stored modules and reports any drift from the stored ids.
// Without either, only django-sec is re-run and compared with the stored Django ids.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const fixture = join(root, "test", "fixtures", "settings-oracle", "cases.json");
const args = process.argv.slice(2);
const build = args.includes("--build");
const rerunDjango = build || args.includes("--django");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const mirrors = process.env.SETTINGS_ORACLE_MIRRORS;
const corpus = process.env.SETTINGS_ORACLE_CORPUS;
const python = process.env.SETTINGS_ORACLE_PYTHON ?? "/usr/bin/python3";
// Another build of django-sec to compare (e.g. the commit before a change): its bin/django-sec.js.
const cli = process.env.SETTINGS_ORACLE_CLI ?? join(root, "bin", "django-sec.js");

/** Django check id → our rule (and, for a rule covering several checks, a test on the finding). */
export const CHECK_RULES = {
  "security.W001": { rule: "security-middleware-missing", match: /SecurityMiddleware/ },
  "security.W002": { rule: "security-middleware-missing", match: /XFrameOptionsMiddleware/ },
  "security.W003": { rule: "security-middleware-missing", match: /CsrfViewMiddleware/ },
  "security.W004": { rule: "hsts-not-enabled" },
  "security.W005": { rule: "hsts-subdomains-preload-missing", match: /INCLUDE_SUBDOMAINS/ },
  "security.W006": { rule: "content-type-nosniff-disabled" },
  "security.W008": { rule: "ssl-redirect-disabled" },
  "security.W009": { rule: "secret-key-hardcoded" },
  "security.W010": { rule: "session-cookie-not-secure" },
  "security.W011": { rule: "session-cookie-not-secure" },
  "security.W012": { rule: "session-cookie-not-secure" },
  "security.W013": { rule: "cookie-httponly-disabled" },
  "security.W014": { rule: "cookie-httponly-disabled" },
  "security.W015": { rule: "cookie-httponly-disabled" },
  "security.W016": { rule: "csrf-cookie-not-secure" },
  "security.W018": { rule: "debug-enabled-in-settings" },
  "security.W019": { rule: "x-frame-options-not-deny" },
  "security.W020": { rule: "allowed-hosts-empty" },
  "security.W021": { rule: "hsts-subdomains-preload-missing", match: /PRELOAD/ },
  "security.W022": { rule: "referrer-policy-missing" },
  "security.E023": { rule: "referrer-policy-missing" },
};

function sh(cmd, argv, opts = {}) {
  return execFileSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 28, ...opts });
}

/** Extracts a snapshot into a fresh temporary folder; returns it. */
function materialize(source) {
  const dir = mkdtempSync(join(tmpdir(), "settings-oracle-"));
  if (source.from === "corpus") {
    if (!corpus) throw new Error("set SETTINGS_ORACLE_CORPUS");
    const src = join(corpus, source.name);
    // Python files and deployment files only: enough to import the settings and read DJANGO_SETTINGS_MODULE.
    const list = sh("find", [".", "-type", "f", "(", "-name", "*.py", "-o", "-name", "Dockerfile*", "-o", "-name", "docker-compose*.y*ml", "-o", "-name", "Procfile", "-o", "-name", "*.cfg", "-o", "-name", "*.toml", "-o", "-name", "*.ini", "-o", "-name", ".env*", ")", "-not", "-path", "*/node_modules/*"], { cwd: src }).split("\n").filter(Boolean);
    for (const f of list) {
      const to = join(dir, f);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(src, f), to);
    }
  } else {
    if (!mirrors) throw new Error("set SETTINGS_ORACLE_MIRRORS");
    let gitDir = join(mirrors, source.repo.replace("/", "+"), "repo");
    if (existsSync(join(gitDir, ".git"))) gitDir = join(gitDir, ".git");
    // Only the Python and deployment files (large binaries may be absent from a snapshot).
    const rev = source.commit ?? "HEAD";
    const list = sh("git", ["--git-dir", gitDir, "ls-tree", "-r", "-z", rev]).split("\0").filter(Boolean);
    const paths = [];
    for (const entry of list) {
      const [meta, path] = entry.split("\t");
      const [mode, type] = meta.split(" ");
      if (type === "blob" && mode !== "120000" && (path.endsWith(".py") || DEPLOY_FILE.test(path))) paths.push(path);
    }
    for (let i = 0; i < paths.length; i += 400) {
      const tar = `${dir}.tar`;
      sh("git", ["--git-dir", gitDir, "archive", "-o", tar, rev, "--", ...paths.slice(i, i + 400).map((p) => `:(literal)${p}`)]);
      sh("tar", ["-xf", tar, "-C", dir]);
      rmSync(tar);
    }
  }
  return dir;
}

function walk(dir, rel = "", out = []) {
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === "node_modules" || e.name === ".git") continue;
      walk(dir, p, out);
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

const DEPLOY_FILE = /(^|\/)(Dockerfile[^/]*|docker-compose[^/]*\.ya?ml|Procfile|\.env[^/]*|app\.json|[^/]*\.ini|setup\.cfg|pyproject\.toml)$/;
const MODULE_FILE = /(^|\/)(manage|wsgi|asgi)\.py$/;
const DSM = /DJANGO_SETTINGS_MODULE["']?\s*(?:[,:=]|\bto\b)\s*["']?([A-Za-z_][\w.]*)/g;

/** The oracle's own pick of the deployed settings module (independent of django-sec's code). */
function discover(dir, files) {
  const candidates = [];
  for (const f of files) {
    if (f.split("/").some((p) => /^(tests?|docs?|examples?|sandbox|testproject|test_project)$/.test(p))) continue;
    const kind = MODULE_FILE.test(f) ? f.split("/").pop() : DEPLOY_FILE.test(f) && !/\.(example|sample|template|dist)$|\.env\.(dev|test|local)/.test(f) ? "deploy" : undefined;
    if (!kind) continue;
    let text;
    try {
      text = readFileSync(join(dir, f), "utf8");
    } catch {
      continue;
    }
    for (const m of text.matchAll(DSM)) candidates.push({ module: m[1], from: f, kind });
    // `setdefault("DJANGO_SETTINGS_MODULE", env("X", default="proj.settings.prod"))`, or a name chosen
    // earlier in the file: every dotted literal of manage.py/wsgi.py/asgi.py is a candidate.
    if (kind !== "deploy" && /DJANGO_SETTINGS_MODULE/.test(text)) {
      for (const m of text.matchAll(/["']([A-Za-z_]\w*(?:\.\w+)+)["']/g)) if (!m[1].startsWith("django.")) candidates.push({ module: m[1], from: f, kind: `${kind} literal` });
    }
  }
  const roots = [...new Set(["", ...(files.some((f) => f.startsWith("src/")) ? ["src"] : []), ...files.filter((f) => f.endsWith("manage.py")).map((f) => dirname(f)).map((d) => (d === "." ? "" : d))])];
  const fileOf = (module) => {
    for (const r of roots) {
      const stem = (r ? r + "/" : "") + module.split(".").join("/");
      if (files.includes(stem + ".py")) return { file: stem + ".py", root: r };
      if (files.includes(stem + "/__init__.py")) return { file: stem + "/__init__.py", root: r };
    }
    return undefined;
  };
  const devName = /(^|[._])(dev\w*|local\w*|tests?\w*|ci|docker_dev)$/i;
  const rank = (c) => (c.kind === "deploy" ? 0 : c.kind === "wsgi.py" ? 1 : c.kind === "asgi.py" ? 2 : c.kind === "manage.py" ? 3 : 4) + (devName.test(c.module) ? 10 : 0) + (/prod|live|deploy/.test(c.module) ? -5 : 0);
  // Test settings (pytest.ini, tox.ini, a tests package) are never the deployed configuration.
  const testModule = (c) => /(^|\.)(tests?|testing|test_\w+|\w+_tests?)(\.|$)/.test(c.module) || /(pytest|tox)\.ini$|setup\.cfg$|pyproject\.toml$/.test(c.from);
  // An empty package `__init__.py` (wsgi.py naming `config.settings` while the deployment sets the variable)
  // is not a configuration anyone runs.
  const setsSomething = (file) => /^[A-Z][A-Z0-9_]*\s*[:=+]|^\s*from\s+\S+\s+import\s+\*|^\s*(?:include|exec)\(/m.test(readFileSync(join(dir, file), "utf8"));
  const resolved = candidates.map((c) => ({ ...c, ...fileOf(c.module) })).filter((c) => c.file && setsSomething(c.file));
  const found = resolved.filter((c) => !testModule(c)).sort((a, b) => rank(a) - rank(b));
  let pick = found[0] ?? resolved.find((c) => devName.test(c.module));
  if (pick && devName.test(pick.module)) {
    // A development default: the production sibling is what is deployed.
    const sib = ["production", "prod", "live", "deploy"].map((n) => pick.module.replace(/[^.]+$/, n)).map((m) => ({ module: m, ...fileOf(m) })).find((c) => c.file);
    if (sib) pick = { ...sib, from: `${pick.from} (production sibling of ${pick.module})`, kind: "sibling" };
  }
  return pick ? { module: pick.module, file: pick.file, root: pick.root, from: pick.from } : undefined;
}

function runDjango(dir, c) {
  const out = spawnSync(python, [join(here, "django_checks.py"), dir, c.module, ...(c.root ? [c.root] : [])], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: "1", HOME: tmpdir() }, timeout: 120_000, maxBuffer: 1 << 24 });
  const line = out.stdout.trim().split("\n").pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: `runner failed: ${(out.stderr || out.stdout || "").slice(-300)}` };
  }
}

/** Runs the django-sec CLI on the loaded files and the deployment files, laid out at their paths. */
function runOurs(dir, files, loaded, moduleFile) {
  const lay = mkdtempSync(join(tmpdir(), "settings-oracle-scan-"));
  const moduleDir = dirname(moduleFile);
  const pick = files.filter((f) => existsSync(join(dir, f))).filter((f) => loaded.includes(f) || DEPLOY_FILE.test(f) || MODULE_FILE.test(f) || (f.endsWith(".py") && dirname(f) === moduleDir));
  for (const f of pick) {
    mkdirSync(dirname(join(lay, f)), { recursive: true });
    copyFileSync(join(dir, f), join(lay, f));
  }
  const out = spawnSync(process.execPath, [cli, "scan", ".", "--format", "json", "--fail-on", "never", "-j", "1"], { cwd: lay, encoding: "utf8", maxBuffer: 1 << 26 });
  rmSync(lay, { recursive: true, force: true });
  if (out.status !== 0) throw new Error(`django-sec failed: ${out.stderr.slice(-500)}`);
  const report = JSON.parse(out.stdout);
  return report.findings.filter((f) => loaded.includes(f.path));
}

// Django fires one check of each group for a setting (W010/W011/W012 by how sessions are installed).
const GROUPS = [["security.W010", "security.W011", "security.W012"], ["security.W013", "security.W014", "security.W015"]];
const groupOf = (id) => GROUPS.find((g) => g.includes(id)) ?? [id];

function ourChecks(findings) {
  const ids = new Set();
  for (const [id, { rule, match }] of Object.entries(CHECK_RULES)) {
    if (findings.some((f) => f.ruleId === rule && (!match || match.test(f.message)))) ids.add(id);
  }
  return ids;
}

const cases = JSON.parse(readFileSync(fixture, "utf8"));
let fired = 0;
let agreed = 0;
const misses = [];
const extras = [];
for (const c of cases.cases) {
  if (only && !c.repo.includes(only)) continue;
  const dir = materialize(c);
  try {
    const files = walk(dir);
    if (build) {
      const d = discover(dir, files);
      if (!d) {
        c.deployed = undefined;
        c.excluded = "no DJANGO_SETTINGS_MODULE default names a module in the repository";
        continue;
      }
      c.deployed = d;
      delete c.excluded;
    }
    if (!c.deployed) continue;
    if (rerunDjango) {
      // The committed `.env` is a developer's, not production's: the environment starts empty.
      for (const f of files) if (/(^|\/)\.env$|(^|\/)\.env\.(local|dev|development)$/.test(f)) rmSync(join(dir, f));
      const r = runDjango(dir, c.deployed);
      if (r.error) {
        c.excluded = `Django could not load the module: ${r.error}`;
        c.django = undefined;
        continue;
      }
      const ids = r.checks.slice().sort();
      if (!build && JSON.stringify(ids) !== JSON.stringify(c.django.checks)) console.log(`drift ${c.repo}: stored ${c.django.checks} now ${ids}`);
      if (build) c.django = { checks: ids, unknown: r.unknown, env: r.env, loaded: r.loaded.filter((f) => !/(^|\/)(__init__|manage)\.py$/.test(f) || /settings/.test(f)), stubbed: r.stubbedModules };
    }
    if (!c.django || c.excluded) continue;
    const loaded = c.django.loaded;
    const findings = runOurs(dir, files, loaded, c.deployed.file);
    const ours = ourChecks(findings);
    c.ours = [...new Set(findings.filter((f) => Object.values(CHECK_RULES).some((m) => m.rule === f.ruleId)).map((f) => `${f.ruleId}@${f.path}:${f.line}${f.confidence !== "high" ? `(${f.confidence})` : ""}`))].sort();
    c.verdicts = {};
    for (const id of c.django.checks) {
      fired++;
      if (groupOf(id).some((m) => ours.has(m))) {
        agreed++;
        c.verdicts[id] = "agree";
      } else {
        c.verdicts[id] = "missed";
        misses.push(`${c.repo} ${c.deployed.module} ${id}${c.reasons?.[id] ? ` — ${c.reasons[id]}` : ""}`);
      }
    }
    for (const id of ours) {
      const mates = groupOf(id);
      if (!mates.some((m) => c.django.checks.includes(m) || c.django.unknown?.includes(m)) && !(mates.length > 1 && id !== mates[0])) {
        c.verdicts[id] = "ours-only";
        extras.push(`${c.repo} ${c.deployed.module} ${id}${c.reasons?.[id] ? ` — ${c.reasons[id]}` : ""}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (build || args.includes("--write")) writeFileSync(fixture, JSON.stringify(cases, null, 2) + "\n");
const deployed = cases.cases.filter((c) => c.django && !c.excluded).length;
console.log(`\nSettings oracle: ${deployed} deployed configurations, Django fired ${fired} security checks, django-sec agrees on ${agreed} (${fired ? ((100 * agreed) / fired).toFixed(1) : "n/a"}%).`);
console.log(`Excluded: ${cases.cases.filter((c) => c.excluded).map((c) => `${c.repo} (${c.excluded.slice(0, 120)})`).join("; ") || "none"}`);
console.log(`\nMissed (Django fires, django-sec silent): ${misses.length}`);
for (const m of misses) console.log(`  ${m}`);
console.log(`\nOurs only (django-sec reports, Django silent): ${extras.length}`);
for (const m of extras) console.log(`  ${m}`);
