import { parseArgs } from "node:util";
import type { FailOn } from "../core/config/config.js";

export type Command = "scan" | "diff" | "rules" | "explain" | "help" | "version";
export type ReportFormat = "text" | "json" | "sarif";
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
  color: boolean;
  /** Analysis threads for scan and diff; undefined means one per available core. */
  jobs?: number;
}

/** A mistake in the command line: exit code 2 and the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

const COMMANDS = new Set<Command>(["scan", "diff", "rules", "explain", "help"]);
const FAIL_ON = new Set(["high", "medium", "low", "never"]);

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
  if (values.help) command = "help";
  else if (values.version) command = "version";
  else if (first === undefined) command = "help";
  else if (COMMANDS.has(first as Command)) command = first as Command;
  else throw new UsageError(`unknown command "${first}". Commands: scan, diff, rules, explain (see django-sec --help)`);
  const failOn = values["fail-on"];
  if (failOn !== undefined && !FAIL_ON.has(failOn)) {
    throw new UsageError(`--fail-on must be one of high, medium, low, never; got "${failOn}"`);
  }
  return {
    command,
    positionals: positionals.slice(1),
    format: values.format,
    output: values.output,
    config: values.config,
    failOn: failOn as FailOn | undefined,
    maxFileSize: values["max-file-size"] === undefined ? undefined : parseSize(values["max-file-size"]),
    base: values.base,
    all: values.all,
    color: !values["no-color"],
    jobs: values.jobs === undefined ? undefined : parseJobs(values.jobs),
  };
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

export const HELP = `django-sec: security review for Django code

Usage:
  django-sec scan [PATH...]          check files and directories (default: .)
  django-sec diff [--base REF] [PATH...]
                                     check only lines changed since REF (see below)
  django-sec rules [--format text|markdown|json]
                                     list the rules
  django-sec explain RULE            show one rule's documentation

Options for scan and diff:
  -f, --format text|json|sarif       report format (default: text). Paths are relative to the
                                     current directory: for GitHub code scanning, run from the
                                     repository root
  -o, --output FILE                  write the report to FILE instead of stdout
  -c, --config FILE                  config file (default: .github/django-sec.yml under the
                                     scanned directory, or the repository root for diff)
      --fail-on high|medium|low|never
                                     exit 1 when a finding is at or above this severity
                                     (default: the config's fail-on, else high)
      --max-file-size BYTES          skip larger files (default 1000000; 500kb and 2mb work too)
  -j, --jobs N                       analyse on N threads (1: the main thread only). By default
                                     one thread per available core for projects over about
                                     5 MB of source, the main thread for smaller ones
      --no-color                     plain text output (colour is also off when NO_COLOR is set
                                     or the output is not a terminal)
  -h, --help                         show this help
  -v, --version                      show the version

diff mode:
  Compares the working tree (including uncommitted and untracked files) with the merge base
  of REF and HEAD, and reports findings on added or changed lines. REF defaults to the
  first of origin/HEAD, origin/main, origin/master, main, master that exists, else HEAD.
  Findings outside the change are counted but not listed (--all lists them too) and never
  affect the exit code. Without --config, the config is read from the merge base, so a
  change cannot relax its own review.

Exit codes:
  0  no finding at or above the --fail-on severity
  1  at least one such finding
  2  usage error or fatal error (message on stderr)

Silence one finding with a comment on its line or the line above:
  # django-sec: ignore[rule-id] reason
`;
