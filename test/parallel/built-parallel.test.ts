import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Analyze from "../../src/core/analysis/analyze-project.js";
import type { AnalysisResult, AnalyzeInput } from "../../src/core/analysis/analyze-project.js";
import type { SourceFile } from "../../src/core/analysis/types.js";
import type * as Classify from "../../src/core/config/classify-path.js";
import type * as ConfigModule from "../../src/core/config/config.js";
import type { Config } from "../../src/core/config/config.js";
import type * as Collect from "../../src/cli/collect-files.js";
import type * as Parallel from "../../src/parallel/analyze-in-parallel.js";
import type { ParallelOptions } from "../../src/parallel/analyze-in-parallel.js";
import type * as Rules from "../../rules/index.js";
import { git, tempProject, writeFiles } from "../cli/run-cli.js";
import { mixedProject } from "./mixed-project.js";

// Real workers need the built output (a worker thread cannot run the .ts sources), so, like
// test/cli/bin.test.ts, these run only on a built tree: CI builds first; locally run `npm run build`.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = (path: string) => pathToFileURL(join(repoRoot, "dist", path)).href;
const built = existsSync(join(repoRoot, "dist", "src", "parallel", "analysis-worker.js"));
const whenBuilt = built ? describe : describe.skip;
const SLOW = 180_000;

interface Built {
  analyzeInParallel: typeof Parallel.analyzeInParallel;
  analyzeProject: typeof Analyze.analyzeProject;
  allRules: typeof Rules.allRules;
  DEFAULT_CONFIG: typeof ConfigModule.DEFAULT_CONFIG;
  collect: typeof Collect;
  classifyPaths: typeof Classify.classifyPaths;
}

async function loadBuilt(): Promise<Built> {
  const parallel = (await import(dist("src/parallel/analyze-in-parallel.js"))) as typeof Parallel;
  const analyze = (await import(dist("src/core/analysis/analyze-project.js"))) as typeof Analyze;
  const rules = (await import(dist("rules/index.js"))) as typeof Rules;
  const config = (await import(dist("src/core/config/config.js"))) as typeof ConfigModule;
  const collect = (await import(dist("src/cli/collect-files.js"))) as typeof Collect;
  const classify = (await import(dist("src/core/config/classify-path.js"))) as typeof Classify;
  return { analyzeInParallel: parallel.analyzeInParallel, analyzeProject: analyze.analyzeProject, allRules: rules.allRules, DEFAULT_CONFIG: config.DEFAULT_CONFIG, collect, classifyPaths: classify.classifyPaths };
}

whenBuilt("analyzeInParallel with real workers (dist/)", () => {
  let b: Built;
  beforeAll(async () => {
    b = await loadBuilt();
  });

  const project = mixedProject(300, 5);
  const big = { path: "project/aaa_big/data.py", text: "ITEMS = [\n" + "    {'id': 1, 'name': 'x' * 10},\n".repeat(2000) + "]\n" };
  const exampleInput = (): AnalyzeInput => {
    const config: Config = { ...b.DEFAULT_CONFIG };
    const classify = b.classifyPaths(config);
    const root = join(repoRoot, "examples", "vulnerable-shop");
    const collected = b.collect.collectFiles({ root, targets: [root], classify, exclude: config.exclude, maxFileSize: config.maxFileSize });
    const contextFiles = b.collect.collectContextFiles(root, collected.files, (p) => classify.settingsKind(p) !== "none", config.maxFileSize);
    return { files: collected.files, contextFiles, config, rules: b.allRules };
  };
  const changesFor = (files: SourceFile[]) =>
    new Map(files.filter((_, i) => i % 3 === 0).map((f) => [f.path, { path: f.path, status: "modified" as const, binary: false, added: [{ start: 5, end: 40 }], hunks: [{ start: 2, end: 43 }] }]));

  // Editing views spread over many chunks; only the settings module, analysed apart, names the middleware.
  const loginRequiredInput = (): AnalyzeInput => {
    const views = Array.from({ length: 40 }, (_, i) => ({
      path: `project/app${String(i).padStart(2, "0")}/views.py`,
      text: `from django.views.generic import UpdateView\nfrom django.utils.safestring import mark_safe\n\n\nclass Edit${i}(UpdateView):\n    model = Post\n    fields = ["title"]\n\n\ndef show(request):\n    return mark_safe(request.GET["q"])\n`,
    }));
    const settings = { path: "project/config/settings.py", text: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.auth.middleware.LoginRequiredMiddleware",\n]\n' };
    return { files: [...views, settings], config: { ...b.DEFAULT_CONFIG }, rules: b.allRules };
  };

  it("the login-required case would report every editing view without the settings' facts", async () => {
    const input = loginRequiredInput();
    const withFacts = await b.analyzeProject(input);
    const without = await b.analyzeProject({ ...input, facts: {} });
    const cbv = (r: AnalysisResult) => r.findings.filter((f) => f.ruleId === "cbv-missing-access-control").length;
    expect([cbv(withFacts), cbv(without)]).toEqual([0, 40]);
  });

  // The in-process result of the plain project, shared by the cases that analyse it unchanged.
  let plain: AnalysisResult | undefined;
  const plainInput = (): AnalyzeInput => ({ files: project, config: { ...b.DEFAULT_CONFIG }, rules: b.allRules });
  const inProcess = async (input: AnalyzeInput) => (input.files === project && !input.changes && input.config.taint && !Object.keys(input.config.rules).length ? (plain ??= await b.analyzeProject(input)) : b.analyzeProject(input));

  const cases: [string, () => AnalyzeInput, Partial<ParallelOptions>][] = [
    ["generated project, default chunks", plainInput, {}],
    ["generated project, 7-file chunks", plainInput, { budget: { maxFiles: 7, maxBytes: 1e9 } }],
    ["generated project, 20 kB chunks and a file over the size limit", () => ({ files: [...project, big].sort((x, y) => (x.path < y.path ? -1 : 1)), config: { ...b.DEFAULT_CONFIG, maxFileSize: 60_000 }, rules: b.allRules }), { budget: { maxFiles: 1e6, maxBytes: 20_000 } }],
    ["files out of path order", () => ({ files: shuffled(project), config: { ...b.DEFAULT_CONFIG }, rules: b.allRules }), { budget: { maxFiles: 9, maxBytes: 1e9 } }],
    ["taint off, a rule off, a severity override", () => ({ files: project, config: { ...b.DEFAULT_CONFIG, taint: false, rules: { "csrf-exempt-view": "off", "raw-sql-interpolation": "low" } }, rules: b.allRules }), { budget: { maxFiles: 11, maxBytes: 1e9 } }],
    ["a change set (diff mode)", () => ({ files: project, config: { ...b.DEFAULT_CONFIG }, rules: b.allRules, changes: changesFor(project) }), { budget: { maxFiles: 13, maxBytes: 1e9 } }],
    ["examples/vulnerable-shop with its context files", exampleInput, { budget: { maxFiles: 4, maxBytes: 1e9 } }],
    ["a login-required middleware in the settings silences editing views in every chunk", loginRequiredInput, { budget: { maxFiles: 5, maxBytes: 1e9 } }],
  ];

  it.each(cases)(
    "%s: same result as analyzeProject, byte for byte",
    async (_name, makeInput, options) => {
      const input = makeInput();
      const expected: AnalysisResult = await inProcess(input);
      const plans: { workers: number; chunks: number }[] = [];
      const failures: Error[] = [];
      const progress: number[] = [];
      const actual = await b.analyzeInParallel(
        { ...input, onFile: (done, total) => progress.push(total === input.files.length ? done : -1) },
        { jobs: 2, minBytes: 0, ...options, onPlan: (p) => plans.push(p), onWorkerFailure: (e) => failures.push(e) },
      );
      expect(failures).toEqual([]);
      expect(plans).toHaveLength(1);
      expect(plans[0].workers).toBe(2);
      expect(plans[0].chunks).toBeGreaterThan(2);
      expect(progress).toEqual(input.files.map((_, i) => i + 1));
      expect(expected.findings.length).toBeGreaterThan(0);
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    },
    SLOW,
  );

  it("without a progress callback (workers then send no per-file messages)", async () => {
    const input = plainInput();
    const workers: number[] = [];
    const actual = await b.analyzeInParallel(input, { jobs: 2, minBytes: 0, onPlan: (p) => workers.push(p.workers) });
    expect(workers).toEqual([2]);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(await inProcess(input)));
  }, SLOW);

  it("the mixed project has what it is meant to test", async () => {
    const r = await inProcess(plainInput());
    expect(r.suppressed.length).toBeGreaterThan(0);
    expect(r.suppressions.some((s) => !s.reason)).toBe(true);
    expect(r.findings.some((f) => f.ruleId === "suppression-without-reason")).toBe(true);
    expect(r.analyzed.filter((a) => a.syntaxErrorLine).length).toBeGreaterThan(1);
    expect(r.ignored.length).toBeGreaterThan(1);
    expect(r.analyzed.filter((a) => a.settingsKind !== "none").length).toBeGreaterThanOrEqual(7);
    // Found only when the star import of a module that is not a settings module by its path resolves.
    expect(r.findings.filter((f) => f.path === "project/site/settings/production.py").map((f) => f.ruleId)).toContain("hsts-not-enabled");
    expect(project.reduce((n, f) => n + Buffer.byteLength(f.text), 0)).toBeGreaterThan(1_000_000);
  }, SLOW);
});

/** A fixed shuffle (each file moved by a stride co-prime with the count). */
function shuffled<T>(xs: T[]): T[] {
  let stride = 97;
  while (xs.length % stride === 0) stride++;
  return xs.map((_, i) => xs[(i * stride) % xs.length]);
}

whenBuilt("django-sec --jobs on the built CLI", () => {
  const bin = join(repoRoot, "bin", "django-sec.js");
  const files = Object.fromEntries(mixedProject(300, 5).map((f) => [f.path, f.text]));
  const dir = tempProject(files);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // An explicit --jobs 2 uses threads whatever the size; without --jobs, these small projects stay in
  // the main thread (under DEFAULT_MIN_BYTES).
  let minBytes = 0;
  beforeAll(async () => {
    minBytes = ((await import(dist("src/parallel/analyze-in-parallel.js"))) as typeof Parallel).DEFAULT_MIN_BYTES;
  });
  const bytes = (texts: string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 1 << 28 });

  it.each([["json", true], ["sarif", false], ["text", false]])(
    "scan --format %s: same report with --jobs 2 as with --jobs 1 (json: also without --jobs)",
    (format, alsoDefault) => {
      const one = run(dir, "scan", "--format", format, "--jobs", "1");
      const two = run(dir, "scan", "--format", format, "--jobs", "2");
      const byDefault = alsoDefault ? run(dir, "scan", "--format", format) : two;
      expect(bytes(Object.values(files))).toBeLessThan(minBytes);
      expect(one.stderr).toBe("");
      expect(one.status).toBe(1);
      expect(one.stdout.length).toBeGreaterThan(1000);
      for (const r of [two, byDefault]) expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: one.status, stderr: one.stderr, stdout: one.stdout });
    },
    SLOW,
  );

  it("scan of examples/vulnerable-shop: same report with --jobs 2 and --jobs 1", () => {
    const one = run(repoRoot, "scan", "examples/vulnerable-shop", "--format", "json", "--jobs", "1");
    const two = run(repoRoot, "scan", "examples/vulnerable-shop", "--format", "json", "--jobs", "2");
    expect(one.stderr).toBe("");
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(40);
    expect({ status: two.status, stderr: two.stderr, stdout: two.stdout }).toEqual({ status: one.status, stderr: one.stderr, stdout: one.stdout });
  }, SLOW);

  it("diff --all: same report with --jobs 2 and --jobs 1", () => {
    const entries = Object.entries(files);
    const repo = tempProject(Object.fromEntries(entries.filter((_, i) => i % 4 === 0)));
    try {
      git(repo, "init", "-q", "-b", "main");
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "base");
      // Three files in four arrive untracked, and some committed files gain lines at the end.
      writeFiles(repo, Object.fromEntries(entries.filter((_, i) => i % 4 !== 0)));
      writeFiles(repo, Object.fromEntries(entries.filter(([p], i) => i % 12 === 0 && p.endsWith(".py")).map(([p, t]) => [p, t + "\n\ndef added(request):\n    return eval(request.GET['q'])\n"])));
      const changed = entries.filter(([p], i) => i % 4 !== 0 || (i % 12 === 0 && p.endsWith(".py")));
      expect(bytes(changed.map(([, t]) => t))).toBeGreaterThan(500_000);
      const one = run(repo, "diff", "--all", "--format", "json", "--jobs", "1");
      const two = run(repo, "diff", "--all", "--format", "json", "--jobs", "2");
      expect(one.stderr).toBe("");
      expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(10);
      expect({ status: two.status, stderr: two.stderr, stdout: two.stdout }).toEqual({ status: one.status, stderr: one.stderr, stdout: one.stdout });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, SLOW);
});

if (!built) {
  it.skip("analyzeInParallel worker tests: dist/ is missing, run `npm run build` first", () => {});
}
