export type { SyntaxNode, SyntaxTree } from "./syntax-tree.js";
export type Severity = "high" | "medium" | "low";
export type Confidence = "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["high", "medium", "low"];

/** A file handed to the analyzer: a repository-relative path using `/`, and its decoded text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** What kind of settings module a file is, decided from its path and the config. */
export type SettingsKind = "production" | "base" | "development" | "none";

/** A replacement of whole lines `line..endLine` (1-based, inclusive) by `replacement`. */
export interface Fix {
  line: number;
  endLine: number;
  replacement: string;
}

/** One step of a data-flow path, shown to the user and used by the change filter. */
export interface TraceStep {
  line: number;
  label: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  path: string;
  /** 1-based. For file-level findings, the line of the most relevant statement or 1. */
  line: number;
  endLine: number;
  /** 1-based column of the start. */
  column: number;
  severity: Severity;
  confidence: Confidence;
  cwe: string[];
  message: string;
  /** Stable across line moves: rule + path + normalised code (+ occurrence index). */
  fingerprint: string;
  /** True for findings about the file as a whole, such as a setting missing from a settings module. */
  fileLevel: boolean;
  fix?: Fix;
  trace?: TraceStep[];
  /** Other sinks the same request value reaches under this rule, merged into this finding (see merge-flows.ts). */
  alsoAt?: MergedSink[];
}

/** A sink merged into another finding of the same flow: where it is, and the fingerprint it had alone. */
export interface MergedSink {
  line: number;
  fingerprint: string;
}

export interface MarkedFinding extends Finding {
  /** True when the finding touches a changed line (or, for file-level findings, the file changed). */
  inChange: boolean;
}

export type SkipReason =
  | "too-large"
  | "binary"
  | "not-utf8"
  | "unreadable"
  | "parse-error"
  | "rule-crashed"
  | "timeout";

export interface FileError {
  path: string;
  reason: SkipReason;
  /** Extra detail for people, e.g. the crashed rule id or the size. Never source code. */
  detail?: string;
}

export interface Suppression {
  path: string;
  line: number;
  ruleIds: string[];
  reason: string;
  /** Another tool's suppression comment this one was read from (`# nosec B308`); absent for ours. */
  via?: string;
  /** A bare foreign suppression (`# nosec`, `# nosemgrep`): covers every rule on its line. */
  anyRule?: boolean;
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}
