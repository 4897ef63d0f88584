import { parseArgs } from "node:util";
import type { Confidence } from "../core/analysis/types.js";
import type { FailOn } from "../core/config/config.js";

export type Command = "scan" | "diff" | "rules" | "explain" | "help" | "version";
export type ReportFormat = "text" | "json" | "sarif" | "github";
export type ColorMode = "auto" | "always" | "never";
export type RulesFormat = "text" | "markdown" | "json";

export interface CliOptions {
  command: Command;
  /** Files or directories (scan, diff) or the rule id (explain). */
  positionals: string[];
  format?: string;
  output?: string;
  config?: string;
  failOn?: FailOn;
  maxFileSize?: number;
  base?: string;
  all: boolean;
  color: ColorMode;
  /** Analysis threads for scan and diff; undefined means one per available core. */
  jobs?: number;
  /** Findings below this confidence are not listed; also the confidence `--fail-on` counts from. */
  minConfidence?: Confidence;
  /** Only these rule ids run (empty: every rule). */
  select: string[];
  /** These rule ids do not run. */
  ignore: string[];
  baseline?: string;
  writeBaseline?: string;
  fix: boolean;
  /** For `help` (or `COMMAND --help`): the command to show help for. */
  topic?: Command;
}

/** A mistake in the command line: exit code 2 and the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

const COMMANDS = new Set<Command>(["scan", "diff", "rules", "explain", "help"]);
const FAIL_ON = new Set(["high", "medium", "low", "never"]);
const CONFIDENCES = new Set(["high", "medium", "low"]);
const COLOR_MODES = new Set(["auto", "always", "never"]);

/** Parses argv (without `node` and the script). Throws UsageError for anything it cannot understand. */
export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        output: { type: "string", short: "o" },
        config: { type: "string", short: "c" },
        "fail-on": { type: "string" },
        "max-file-size": { type: "string" },
        base: { type: "string" },
        jobs: { type: "string", short: "j" },
        all: { type: "boolean", default: false },
        "min-confidence": { type: "string" },
        select: { type: "string", multiple: true },
        ignore: { type: "string", multiple: true },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        fix: { type: "boolean", default: false },
        color: { type: "string" },
        "no-color": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const first = positionals[0];
  let command: Command;
  let topic: Command | undefined;
  if (values.help) {
    command = "help";
    if (first !== undefined && COMMANDS.has(first as Command)) topic = first as Command;
  } else if (values.version) command = "version";
  else if (first === undefined) command = "help";
  else if (first === "help") {
    command = "help";
    const second = positionals[1];
    if (second !== undefined && COMMANDS.has(second as Command)) topic = second as Command;
  } else if (COMMANDS.has(first as Command)) command = first as Command;
  else throw new UsageError(`unknown command "${first}". Commands: scan, diff, rules, explain (see django-sec --help)`);
  const failOn = values["fail-on"];
  if (failOn !== undefined && !FAIL_ON.has(failOn)) {
    throw new UsageError(`--fail-on must be one of high, medium, low, never; got "${failOn}"`);
  }
  const minConfidence = values["min-confidence"];
  if (minConfidence !== undefined && !CONFIDENCES.has(minConfidence)) {
    throw new UsageError(`--min-confidence must be one of high, medium, low; got "${minConfidence}"`);
  }
  const color = values["no-color"] ? "never" : (values.color ?? "auto");
  if (!COLOR_MODES.has(color)) throw new UsageError(`--color must be one of auto, always, never; got "${color}"`);
  if (values["no-color"] && values.color !== undefined && values.color !== "never") throw new UsageError("--no-color and --color contradict each other");
  return {
    command,
    topic,
    minConfidence: minConfidence as Confidence | undefined,
    select: ruleList(values.select),
    ignore: ruleList(values.ignore),
    baseline: values.baseline,
    writeBaseline: values["write-baseline"],
    fix: values.fix,
    positionals: positionals.slice(1),
    format: values.format,
    output: values.output,
    config: values.config,
    failOn: failOn as FailOn | undefined,
    maxFileSize: values["max-file-size"] === undefined ? undefined : parseSize(values["max-file-size"]),
    base: values.base,
    all: values.all,
    color: color as ColorMode,
    jobs: values.jobs === undefined ? undefined : parseJobs(values.jobs),
  };
}

/** `--select a,b --select c` -> [a, b, c]. */
function ruleList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

/** `--jobs`: a whole number of threads, at least 1. */
export function parseJobs(text: string): number {
  const jobs = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of threads, 1 or more; got "${text}"`);
  return jobs;
}

/** `1000000`, `500k`, `2mb` -> bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--max-file-size must be a number of bytes such as 1000000, 500kb or 2mb; got "${text}"`);
  const unit = (m[2] ?? "b").toLowerCase();
  const factor = unit.startsWith("k") ? (unit === "kib" ? 1024 : 1000) : unit.startsWith("m") ? (unit === "mib" ? 1024 * 1024 : 1_000_000) : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes <= 0) throw new UsageError("--max-file-size must be greater than 0");
  return bytes;
}

export function checkFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--format must be one of ${allowed.join(", ")}; got "${value}"`);
}

const REPORT_OPTIONS = `  -f, --format text|json|sarif|github
                                     report format (default: text). github prints workflow
                                     commands, so GitHub Actions shows each finding as an
                                     annotation. Paths are relative to the current directory;
                                     SARIF paths are relative to the repository root
  -o, --output FILE                  write the report to FILE instead of stdout
  -c, --config FILE                  config file (default: .github/django-sec.yml under the
                                     scanned directory, or the repository root for diff).
                                     A config with any problem stops the run (exit code 2)
      --fail-on high|medium|low|never
                                     exit 1 when a finding is at or above this severity
                                     (default: the config's fail-on, else high), counting only
                                     findings at or above --min-confidence
      --min-confidence high|medium|low
                                     list only findings at or above this confidence (default:
                                     every finding). Also the confidence --fail-on counts from;
                                     without it, the config's comment-confidence (medium), so
                                     the exit code follows what the app would comment on
      --select RULE[,RULE...]        run only these rules (repeatable)
      --ignore RULE[,RULE...]        do not run these rules (repeatable)
      --baseline FILE                leave out findings whose fingerprint FILE lists
      --write-baseline FILE          write every current finding's fingerprint to FILE, exit 0
      --fix                          apply the fixes django-sec is certain of (the ones the app
                                     offers as suggestions) to the files, and list the rest
      --max-file-size BYTES          skip larger files (default 1000000; 500kb and 2mb work too)
  -j, --jobs N                       analyse on N threads (1: the main thread only). By default
                                     one thread per available core for projects over about
                                     5 MB of source, the main thread for smaller ones
      --color auto|always|never      colour in text output (default auto: on for a terminal,
                                     off when NO_COLOR is set; FORCE_COLOR turns it on).
                                     --no-color is --color never
`;

const EXIT_CODES = `Exit codes:
  0  no finding at or above the --fail-on severity (and --min-confidence)
  1  at least one such finding
  2  usage error, invalid config or fatal error (message on stderr)
`;

const SCAN_HELP = `Usage: django-sec scan [OPTIONS] [PATH...]

Checks files and directories (default: .). Inside a git repository only files git tracks or
would track are read, so .gitignore is respected.

Options:
${REPORT_OPTIONS}
${EXIT_CODES}`;

const DIFF_HELP = `Usage: django-sec diff [--base REF] [OPTIONS] [PATH...]

Compares the working tree (including uncommitted and untracked files) with the merge base
of REF and HEAD, and reports findings on added or changed lines. REF defaults to the
first of origin/HEAD, origin/main, origin/master, main, master that exists, else HEAD.
Findings outside the change are counted but not listed (--all lists them too) and never
affect the exit code. Without --config, the config is read from the merge base, so a
change cannot relax its own review.

Options:
      --base REF                     the branch, tag or commit to compare with
      --all                          also list findings outside the change
${REPORT_OPTIONS}
${EXIT_CODES}`;

const RULES_HELP = `Usage: django-sec rules [--format text|markdown|json] [-o FILE]

Lists every rule with its severity, confidence and what it finds.
`;

const EXPLAIN_HELP = `Usage: django-sec explain RULE

Shows one rule's documentation: what it finds, why it matters, an example that triggers it,
a compliant example, and how to fix it.
`;

/** Help for one command (`django-sec scan --help`), or the overview. */
export function helpFor(topic: Command | undefined): string {
  switch (topic) {
    case "scan":
      return SCAN_HELP;
    case "diff":
      return DIFF_HELP;
    case "rules":
      return RULES_HELP;
    case "explain":
      return EXPLAIN_HELP;
    default:
      return HELP;
  }
}

export const HELP = `django-sec: security review for Django code

Usage:
  django-sec scan [PATH...]          check files and directories (default: .)
  django-sec diff [--base REF] [PATH...]
                                     check only lines changed since REF
  django-sec rules [--format text|markdown|json]
                                     list the rules
  django-sec explain RULE            show one rule's documentation
  django-sec COMMAND --help          help for one command

Options for scan and diff:
${REPORT_OPTIONS}  -h, --help                         show this help
  -v, --version                      show the version

${EXIT_CODES}
Silence one finding with a comment on its line or the line above:
  # django-sec: ignore[rule-id] reason
Other tools' comments for the same hazard count too (honor-foreign-suppressions):
  # nosec, # nosec B308, # noqa: S308, # nosemgrep (on the finding's line)
`;
