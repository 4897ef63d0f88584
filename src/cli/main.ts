import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allRules } from "../../rules/index.js";
import { analyzeProject, type AnalysisResult } from "../core/analysis/analyze-project.js";
import type { Rule } from "../core/analysis/define-rule.js";
import type { FileError, Finding, MarkedFinding, Severity, SourceFile } from "../core/analysis/types.js";
import { classifyPaths } from "../core/config/classify-path.js";
import { DEFAULT_CONFIG, type Config, type FailOn } from "../core/config/config.js";
import { parseConfig } from "../core/config/parse-config.js";
import { DiffParseError, parseUnifiedDiff } from "../core/diff/parse-unified-diff.js";
import type { ChangeSet } from "../core/diff/types.js";
import { renderJson } from "../core/report/json.js";
import { renderRuleReference, ruleDocText } from "../core/report/rule-docs.js";
import { renderSarif } from "../core/report/sarif.js";
import { renderText } from "../core/report/text.js";
import { checkFormat, HELP, parseCliArgs, UsageError, type CliOptions, type ReportFormat, type RulesFormat } from "./args.js";
import { collectContextFiles, collectFiles, readSource, toRelative } from "./collect-files.js";
import { chooseBase, diffWorkingTree, gitToplevel, GitError, mergeBase, showFile, untrackedFiles } from "./git.js";

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI takes from the outside world, so tests can run it in-process. */
export interface CliIO {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Rules to run (default: every rule). */
  rules?: Rule[];
}

/** A failure that stops the run with exit code 2 and a message for the user. */
class FatalError extends Error {
  override name = "FatalError";
}

const CONFIG_PATH = ".github/django-sec.yml";
const INFORMATION_URI = "https://github.com/django-sec/django-sec";
const PROGRESS_MIN_FILES = 200;
const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** Runs one CLI command and returns the exit code: 0 clean, 1 findings at or above the threshold, 2 error. */
export async function main(io: CliIO): Promise<number> {
  try {
    const options = parseCliArgs(io.argv);
    switch (options.command) {
      case "help":
        io.stdout.write(HELP);
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

function rulesOf(io: CliIO): Rule[] {
  return io.rules ?? allRules;
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
  const format = checkFormat<ReportFormat>(options.format, ["text", "json", "sarif"], "text");
  if (options.base !== undefined) throw new UsageError("--base only applies to diff");
  const targets = (options.positionals.length ? options.positionals : ["."]).map((p) => resolve(io.cwd, p));
  for (const t of targets) if (!existsSync(t)) throw new FatalError(`${t === resolve(io.cwd) ? "." : toRelative(io.cwd, t)}: no such file or directory`);
  // A single directory is the project root: its config applies and analysis paths start there.
  const root = targets.length === 1 && statSync(targets[0]).isDirectory() ? targets[0] : io.cwd;
  const config = loadConfig(io, options, root, undefined);
  const classify = classifyPaths(config);
  const collected = collectFiles({ root, targets, classify, exclude: config.exclude, maxFileSize: config.maxFileSize });
  const contextFiles = collectContextFiles(root, collected.files, (p) => classify.settingsKind(p) !== "none", config.maxFileSize);
  const result = await analyze(io, collected.files, contextFiles, config, undefined);
  return report(io, options, format, config, root, result, collected.errors, false);
}

async function diff(io: CliIO, options: CliOptions): Promise<number> {
  const format = checkFormat<ReportFormat>(options.format, ["text", "json", "sarif"], "text");
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
  const contextFiles = collectContextFiles(top, files, (p) => classify.settingsKind(p) !== "none", config.maxFileSize);
  const result = await analyze(io, files, contextFiles, config, changes);
  // git prints the real path of the top directory; compare it with the real current directory.
  return report({ ...io, cwd: realpathSync(io.cwd) }, options, format, config, top, result, errors, true);
}

async function analyze(io: CliIO, files: SourceFile[], contextFiles: SourceFile[], config: Config, changes: ChangeSet | undefined): Promise<AnalysisResult> {
  const showProgress = Boolean(io.stderr.isTTY) && files.length > PROGRESS_MIN_FILES;
  const onFile = showProgress
    ? (done: number, total: number) => {
        if (done % 25 === 0 || done === total) io.stderr.write(`\rdjango-sec: checked ${done}/${total} files`);
      }
    : undefined;
  const result = await analyzeProject({ files, contextFiles, config, rules: rulesOf(io), changes, onFile });
  if (showProgress) io.stderr.write("\r\u001b[K");
  return result;
}

function report(
  io: CliIO,
  options: CliOptions,
  format: ReportFormat,
  config: Config,
  root: string,
  result: AnalysisResult,
  readErrors: FileError[],
  diffMode: boolean,
): number {
  const display = (path: string) => toRelative(io.cwd, join(root, path));
  const relocate = <T extends { path: string }>(x: T): T => ({ ...x, path: display(x.path) });
  const all = result.findings.map(relocate);
  const inChange = all.filter((f) => f.inChange);
  const listed = diffMode && !options.all ? inChange : all;
  const errors = [...readErrors, ...result.errors].map(relocate);
  const suppressed = result.suppressed.map((s) => ({ finding: relocate(s.finding), suppression: s.suppression }));
  const rules = rulesOf(io);
  let text: string;
  if (format === "json") text = renderJson(listed, errors);
  else if (format === "sarif") {
    const ran = rules.filter((r) => config.rules[r.id] !== "off" && (config.taint || r.guideSection !== "data-flow"));
    text = renderSarif({ rules: ran, findings: listed, suppressed, errors, toolVersion: toolVersion(), informationUri: INFORMATION_URI });
  } else {
    text = renderText({
      findings: listed,
      errors,
      rules: new Map(rules.map((r) => [r.id, r])),
      filesAnalyzed: result.analyzed.length,
      suppressedCount: result.suppressed.length,
      outsideChange: diffMode ? (options.all ? 0 : all.length - inChange.length) : undefined,
      syntaxErrors: result.analyzed.filter((a) => a.syntaxErrorLine).map((a) => ({ path: display(a.path), line: a.syntaxErrorLine! })),
      color: useColor(io, options),
    });
  }
  writeReport(io, options, text);
  return failing(inChange, config.failOn) ? 1 : 0;
}

function failing(findings: MarkedFinding[] | Finding[], failOn: FailOn): boolean {
  if (failOn === "never") return false;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]);
}

function writeReport(io: CliIO, options: CliOptions, text: string): void {
  if (options.output === undefined) {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd, options.output);
  try {
    writeFileSync(target, text);
  } catch (error) {
    throw new FatalError(`cannot write the report to ${options.output}: ${(error as { code?: string }).code ?? "write failed"}`);
  }
}

function useColor(io: CliIO, options: CliOptions): boolean {
  return options.color && options.output === undefined && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}

/**
 * The config: `--config FILE`, else `text` when given (the diff's base version; null means "none
 * there"), else `.github/django-sec.yml` under the root. Problems go to stderr; the rest applies.
 */
function loadConfig(io: CliIO, options: CliOptions, root: string, text: string | null | undefined): Config {
  let source: string | undefined;
  let name = CONFIG_PATH;
  if (options.config !== undefined) {
    const path = resolve(io.cwd, options.config);
    name = options.config;
    try {
      source = readFileSync(path, "utf8");
    } catch (error) {
      throw new FatalError(`cannot read the config file ${options.config}: ${(error as { code?: string }).code === "ENOENT" ? "no such file" : "unreadable"}`);
    }
  } else if (text !== undefined) {
    source = text ?? undefined;
  } else if (existsSync(join(root, CONFIG_PATH))) {
    name = toRelative(io.cwd, join(root, CONFIG_PATH));
    source = readFileSync(join(root, CONFIG_PATH), "utf8");
  }
  let config: Config = { ...DEFAULT_CONFIG };
  if (source !== undefined) {
    const parsed = parseConfig(source, { knownRuleIds: rulesOf(io).map((r) => r.id) });
    for (const p of parsed.problems) io.stderr.write(`django-sec: ${name}: ${p.path ? `${p.path}: ` : ""}${p.message}\n`);
    config = parsed.config;
  }
  if (options.failOn !== undefined) config = { ...config, failOn: options.failOn };
  if (options.maxFileSize !== undefined) config = { ...config, maxFileSize: options.maxFileSize };
  return config;
}

let cachedVersion: string | undefined;

/** The version in the package.json above this module (works from the sources and from dist/). */
export function toolVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "django-sec" && pkg.version) return (cachedVersion = pkg.version);
    }
    const parent = dirname(dir);
    if (parent === dir) return (cachedVersion = "0.0.0");
    dir = parent;
  }
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
