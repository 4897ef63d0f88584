import { existsSync, realpathSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { AnalysisResult } from "../core/analysis/analyze-project.js";
import type { FileError, SourceFile } from "../core/analysis/types.js";
import { classifyPaths } from "../core/config/classify-path.js";
import type { Config } from "../core/config/config.js";
import { DiffParseError, parseUnifiedDiff } from "../core/diff/parse-unified-diff.js";
import type { ChangeSet } from "../core/diff/types.js";
import { renderRuleReference, ruleDocText } from "../core/report/rule-docs.js";
import { analyzeInParallel } from "../parallel/analyze-in-parallel.js";
import { checkFormat, helpFor, parseCliArgs, UsageError, type CliOptions, type ReportFormat, type RulesFormat } from "./args.js";
import { analysisRules, FatalError, rulesOf, type CliIO } from "./cli-io.js";
import { collectContextFiles, collectDeploymentFiles, collectFiles, readDeploymentFiles, readSource, scanRoot, toRelative } from "./collect-files.js";
import { chooseBase, diffWorkingTree, gitToplevel, GitError, listRepositoryFiles, mergeBase, repositoryRoot, showFile, trackedFiles, untrackedFiles } from "./git.js";
import { CONFIG_PATH, loadConfig } from "./load-config.js";
import { toolVersion } from "./tool-version.js";
import { writeReport, writeResult } from "./write-result.js";

export type { CliIO, OutputStream } from "./cli-io.js";
export { toolVersion } from "./tool-version.js";

const PROGRESS_MIN_FILES = 200;
const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "sarif", "github"];

/** Runs one CLI command and returns the exit code: 0 clean, 1 findings at or above the threshold, 2 error. */
export async function main(io: CliIO): Promise<number> {
  try {
    const options = parseCliArgs(io.argv);
    switch (options.command) {
      case "help":
        io.stdout.write(helpFor(options.topic));
        return 0;
      case "version":
        io.stdout.write(`django-sec ${toolVersion()}\n`);
        return 0;
      case "rules":
        return listRules(io, options);
      case "explain":
        return explain(io, options);
      case "scan":
        return await scan(io, options);
      case "diff":
        return await diff(io, options);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`django-sec: ${error.message}\nRun "django-sec --help" for usage.\n`);
      return 2;
    }
    if (error instanceof DiffParseError) {
      io.stderr.write(`django-sec: could not read the output of git diff (${error.message}); please report it\n`);
      return 2;
    }
    if (error instanceof FatalError || error instanceof GitError) {
      io.stderr.write(`django-sec: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`django-sec: unexpected error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

function listRules(io: CliIO, options: CliOptions): number {
  const format = checkFormat<RulesFormat>(options.format, ["text", "markdown", "json"], "text");
  const rules = rulesOf(io);
  let text: string;
  if (format === "markdown") text = renderRuleReference(rules);
  else if (format === "json") {
    const list = rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      confidence: r.confidence,
      cwe: r.cwes,
      owasp: r.owasp,
      guideSection: r.guideSection,
      language: r.language,
      description: r.docs.what,
      docsUrl: r.docsUrl,
      djangoDocs: r.djangoDocs,
    }));
    text = JSON.stringify(list, null, 2) + "\n";
  } else {
    const width = Math.max(4, ...rules.map((r) => r.id.length));
    const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(6)}  ${r.confidence.padEnd(10)}  ${r.docs.what}`);
    text = [`${"rule".padEnd(width)}  ${"sev".padEnd(6)}  ${"confidence"}  what it finds`, ...lines, "", `${rules.length} rules. "django-sec explain RULE" shows one in full.`].join("\n") + "\n";
  }
  writeReport(io, options, text);
  return 0;
}

function explain(io: CliIO, options: CliOptions): number {
  const [id, ...extra] = options.positionals;
  if (!id || extra.length) throw new UsageError('explain takes exactly one rule id, e.g. "django-sec explain csrf-exempt-view"');
  const rules = rulesOf(io);
  const rule = rules.find((r) => r.id === id);
  if (!rule) {
    const near = rules.filter((r) => r.id.includes(id) || id.includes(r.id) || sharedPrefix(r.id, id) >= 4).map((r) => r.id).slice(0, 5);
    throw new FatalError(`unknown rule "${id}".${near.length ? ` Did you mean: ${near.join(", ")}?` : ""} "django-sec rules" lists them all.`);
  }
  io.stdout.write(ruleDocText(rule));
  return 0;
}

async function scan(io: CliIO, options: CliOptions): Promise<number> {
  const format = checkFormat<ReportFormat>(options.format, REPORT_FORMATS, "text");
  if (options.base !== undefined) throw new UsageError("--base only applies to diff");
  if (options.all) throw new UsageError("--all only applies to diff");
  const targets = (options.positionals.length ? options.positionals : ["."]).map((p) => resolve(io.cwd, p));
  for (const t of targets) if (!existsSync(t)) throw new FatalError(`${t === resolve(io.cwd) ? "." : toRelative(io.cwd, t)}: no such file or directory`);
  // A single directory is the project root: its config applies and analysis paths start there. Files
  // outside the current directory are analysed from their repository's root, so the settings globs see
  // `mysite/settings.py`, never `../other/mysite/settings.py`.
  const root = targets.length === 1 && statSync(targets[0]).isDirectory() ? targets[0] : scanRoot(io.cwd, targets, await outsideTop(io.cwd, targets));
  const config = loadConfig(io, options, root, undefined);
  const classify = classifyPaths(config);
  // Inside a git repository, the files git tracks or would track: .gitignore is respected.
  const top = await repositoryRoot(root);
  const listed = top === undefined ? undefined : await listRepositoryFiles(top);
  const collected = collectFiles({ root, targets, classify, exclude: config.exclude, maxFileSize: config.maxFileSize, only: listed?.map((p) => join(top!, p)) });
  const contextFiles = collectContextFiles(root, collected.files, classify.isSettingsModule, config.maxFileSize);
  // A scan of the repository's root directory hands in the whole project: code nothing refers to is unreferenced.
  const wholeProject = targets.length === 1 && targets[0] === root && (top === undefined || resolve(top) === resolve(root));
  const result = await analyze(io, options, collected.files, contextFiles, config, undefined, undefined, collectDeploymentFiles(root), wholeProject);
  return writeResult(io, options, { format, config, root, result, readErrors: collected.errors, diffMode: false, files: collected.files, sarifRoot: top ?? io.cwd });
}

async function diff(io: CliIO, options: CliOptions): Promise<number> {
  const format = checkFormat<ReportFormat>(options.format, REPORT_FORMATS, "text");
  const top = await gitToplevel(io.cwd);
  const base = await chooseBase(top, options.base);
  const commit = await mergeBase(top, base);
  const pathspecs = options.positionals.map((p) => toRelative(top, resolve(realpathSync(io.cwd), p)));
  const configAtBase = options.config === undefined ? await showFile(top, commit, CONFIG_PATH) : undefined;
  const config = loadConfig(io, options, top, configAtBase === undefined ? null : configAtBase);
  const changes = parseUnifiedDiff(await diffWorkingTree(top, commit, pathspecs));
  for (const path of await untrackedFiles(top, pathspecs)) {
    if (!changes.has(path)) changes.set(path, { path, status: "added", binary: false, added: [], hunks: [] });
  }
  if (options.config === undefined && changes.has(CONFIG_PATH)) {
    io.stderr.write(`django-sec: note: ${CONFIG_PATH} changed; this run uses its version from ${base} (pass --config to use another)\n`);
  }
  const classify = classifyPaths(config);
  const files: SourceFile[] = [];
  const errors: FileError[] = [];
  for (const change of [...changes.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (change.status === "deleted" || !classify.language(change.path)) continue;
    const read = readSource(join(top, change.path), change.path, config.maxFileSize);
    if (!("text" in read)) {
      errors.push(read);
      continue;
    }
    files.push(read);
    // Untracked files are new as a whole.
    if (!change.added.length && change.status === "added") {
      const lines = read.text.split(/\r\n|\r|\n/).length;
      change.added = [{ start: 1, end: lines }];
      change.hunks = [{ start: 1, end: lines }];
    }
  }
  const contextFiles = collectContextFiles(top, files, classify.isSettingsModule, config.maxFileSize);
  // The rest of the tracked tree is context, as in a scan: the project's settings say things about every view (a
  // login-required middleware), URLconfs say what a view's parameters can hold, and the helpers and decorators the
  // changed views call, and the views that render a changed template, are read too. So a finding on a changed line
  // is the one `scan` reports there. Unreadable or too large files are left out; nothing here is reported on.
  const known = new Set([...files, ...contextFiles].map((f) => f.path));
  const tracked = await trackedFiles(top);
  const projectSettings: SourceFile[] = [];
  const rest: SourceFile[] = [];
  for (const path of tracked) {
    if (known.has(path) || changes.has(path) || !classify.language(path)) continue;
    const read = readSource(join(top, path), path, config.maxFileSize);
    if ("text" in read) (classify.isSettingsModule(path) ? projectSettings : rest).push(read);
  }
  contextFiles.push(...projectSettings, ...collectContextFiles(top, projectSettings, classify.isSettingsModule, config.maxFileSize).filter((f) => !known.has(f.path)));
  for (const f of contextFiles) known.add(f.path);
  contextFiles.push(...rest.filter((f) => !known.has(f.path)));
  // The base version of each changed settings module, so that a setting missing before this change
  // is not reported as new (one `git show` each).
  const baseFiles: SourceFile[] = [];
  for (const f of files) {
    const change = changes.get(f.path);
    if (!change || change.status === "added" || !change.added.length || !classify.isSettingsModule(f.path)) continue;
    const text = await showFile(top, commit, change.oldPath ?? change.path);
    if (text !== undefined) baseFiles.push({ path: change.oldPath ?? change.path, text });
  }
  const result = await analyze(io, options, files, contextFiles, config, changes, baseFiles, readDeploymentFiles(top, tracked), true);
  // git prints the real path of the top directory; compare it with the real current directory.
  return writeResult({ ...io, cwd: realpathSync(io.cwd) }, options, { format, config, root: top, result, readErrors: errors, diffMode: true, files, sarifRoot: top });
}

/** The repository root holding the first target, when some target lies outside the current directory. */
async function outsideTop(cwd: string, targets: string[]): Promise<string | undefined> {
  if (scanRoot(cwd, targets, undefined) === cwd || !targets.length) return undefined;
  const first = statSync(targets[0]).isDirectory() ? targets[0] : dirname(targets[0]);
  try {
    return await gitToplevel(first);
  } catch {
    return undefined;
  }
}

async function analyze(io: CliIO, options: CliOptions, files: SourceFile[], contextFiles: SourceFile[], config: Config, changes: ChangeSet | undefined, baseFiles?: SourceFile[], deploymentFiles: SourceFile[] = [], wholeProject = false): Promise<AnalysisResult> {
  const showProgress = Boolean(io.stderr.isTTY) && files.length > PROGRESS_MIN_FILES;
  const onFile = showProgress
    ? (done: number, total: number) => {
        if (done % 25 === 0 || done === total) io.stderr.write(`\rdjango-sec: checked ${done}/${total} files`);
      }
    : undefined;
  const input = { files, contextFiles, baseFiles, deploymentFiles, config, rules: analysisRules(io), changes, onFile, wholeProject };
  const result = await analyzeInParallel(input, {
    jobs: options.jobs ?? availableParallelism(),
    // Threads only pay on large inputs; an explicit --jobs is taken at its word.
    ...(options.jobs !== undefined ? { minBytes: 0 } : {}),
    onWorkerFailure: (error) => io.stderr.write(`${showProgress ? "\r\u001b[K" : ""}django-sec: note: an analysis thread failed (${error.message}); its files were checked in the main thread\n`),
  });
  if (showProgress) io.stderr.write("\r\u001b[K");
  return result;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
