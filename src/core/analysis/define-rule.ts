import type { Confidence, Fix, Severity, SettingsKind, SyntaxNode, TraceStep } from "./types.js";
import type { ImportTable } from "./imports.js";
import type { ProjectFacts } from "./project-facts.js";
import type { SettingsModel } from "./settings-model.js";
import type { TemplateToken } from "./template-tokenizer.js";

export type GuideSection =
  | "production-settings"
  | "secrets"
  | "passwords"
  | "sessions"
  | "authentication"
  | "authorization"
  | "sql-injection"
  | "xss"
  | "templates"
  | "headers"
  | "csrf"
  | "file-uploads"
  | "api"
  | "logging"
  | "data-flow"
  | "meta";

export interface RuleDocs {
  /** One sentence: what the rule finds. */
  what: string;
  /** One line of plain text under 100 characters (SARIF `shortDescription`); default: `what`, shortened. */
  summary?: string;
  /** Why it matters, in terms of an attack. */
  why: string;
  /** Code that triggers the rule (checked by the registry test). */
  example: string;
  /**
   * Compliant code beside `example`: the same intent written safely, on which the rule stays silent
   * (checked by the registry test). Every rule has one.
   */
  good?: string;
  /** How to fix it. */
  fix: string;
  /** Where the guide is dated, what current Django does instead. */
  note?: string;
}

/** Where a finding points: a syntax node, or explicit 1-based lines/column. */
export type Location = SyntaxNode | { line: number; endLine?: number; column?: number };

export interface ReportOptions {
  fix?: Fix;
  trace?: TraceStep[];
  /** Extra text mixed into the fingerprint when the reported code alone is ambiguous. */
  key?: string;
  /** Overrides the rule's severity for this finding (e.g. a lesser variant of the hazard). */
  severity?: Severity;
  /**
   * This finding's own confidence, from the evidence the rule saw: request data traced to the sink
   * is `high`, a value whose origin the analysis cannot see is `low`. Defaults to the rule's.
   */
  confidence?: Confidence;
}

export type Report = (
  at: Location,
  messageId: string,
  data?: Record<string, string | number>,
  options?: ReportOptions,
) => void;

export interface FileContext {
  path: string;
  text: string;
  /** The file's lines without line terminators (index 0 is line 1). */
  lines: string[];
  settingsKind: SettingsKind;
  report: Report;
  /** Reports a finding about the whole file (e.g. a missing setting). */
  reportFile: (messageId: string, data?: Record<string, string | number>, at?: Location) => void;
}

export interface PythonContext extends FileContext {
  root: SyntaxNode;
  imports: ImportTable;
  /** What the project's settings modules say about every view (empty when none was analysed). */
  project: ProjectFacts;
  /** In a settings module that evidence marks as a development or test setup's only: why (see `developmentOnlyEvidence`). */
  developmentOnly?: string;
}

export interface MatchContext extends PythonContext {
  /** The first node captured under `name`; throws if the query has no such capture. */
  node(name: string): SyntaxNode;
  /** The first node captured under `name`, if any. */
  maybe(name: string): SyntaxNode | undefined;
  /** Every node captured under `name` in this match. */
  nodes(name: string): SyntaxNode[];
  /** The source text of the first capture under `name`, if any: cheaper than `node(name).text` when the node itself is not needed. */
  captureText(name: string): string | undefined;
}

export interface SettingsContext extends PythonContext {
  settings: SettingsModel;
  /** True for project settings modules (as opposed to any Python file). */
  settingsKind: Exclude<SettingsKind, "none">;
}

export interface TemplateContext extends FileContext {
  tokens: TemplateToken[];
  /** The project's facts, with the index of which views render this template and what they give it. */
  project: ProjectFacts;
}

interface RuleMeta {
  id: string;
  severity: Severity;
  confidence: Confidence;
  /** CWE number(s), e.g. 89. */
  cwe: number | number[];
  /** OWASP Top 10 2021 category, e.g. "A03:2021". */
  owasp: string;
  guideSection: GuideSection;
  /** Link to the Django (or DRF) documentation, `/en/stable/` for Django. */
  djangoDocs: string;
  /** The `manage.py check --deploy` ids this rule covers (e.g. `security.W004`), for the docs table. */
  djangoChecks?: string[];
  docs: RuleDocs;
  messages: Record<string, string>;
  /** Repository path the docs example is analysed as (default depends on the language). */
  examplePath?: string;
  /**
   * Pattern rules whose finding on the same line this rule replaces (a data-flow finding explains the
   * path, so the pattern finding on that line would only repeat it).
   */
  supersedes?: string[];
  /** Rules that only make sense for some settings kinds; default: every Python file. */
  settingsKinds?: SettingsKind[];
  /**
   * Text without which the rule cannot report: files whose text does not match skip the rule before
   * any tree work. It must match every spelling that can trigger the rule; an aliased import still
   * names the original in its import line, so the last segment of a qualified name is enough.
   */
  mentions?: RegExp;
}

export type RuleSpec =
  | (RuleMeta & { language?: "python"; query: string; check(ctx: MatchContext): void })
  | (RuleMeta & { language?: "python"; query?: undefined; checkModule(ctx: PythonContext): void })
  | (RuleMeta & { language: "settings"; checkSettings(ctx: SettingsContext): void })
  | (RuleMeta & { language: "template"; checkTemplate(ctx: TemplateContext): void });

export type Rule = RuleSpec & {
  language: "python" | "settings" | "template";
  cwes: string[];
  docsUrl: string;
};

export const RULE_DOCS_BASE = "https://github.com/django-sec/django-sec/blob/main/docs/rules.md#";

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Fills in derived fields and validates the static shape of a rule. */
export function defineRule(spec: RuleSpec): Rule {
  if (!ID.test(spec.id)) throw new Error(`rule id "${spec.id}" must be kebab-case`);
  if (!spec.djangoDocs.startsWith("https://")) throw new Error(`rule ${spec.id}: djangoDocs must be a https link`);
  if (spec.mentions && (spec.mentions.global || spec.mentions.sticky)) throw new Error(`rule ${spec.id}: mentions must not be a global or sticky regex`);
  const cwes = (Array.isArray(spec.cwe) ? spec.cwe : [spec.cwe]).map((n) => `CWE-${n}`);
  return {
    ...spec,
    language: spec.language ?? "python",
    cwes,
    docsUrl: RULE_DOCS_BASE + spec.id,
  } as Rule;
}

const rebased = new WeakMap<readonly Rule[], Map<string, Rule[]>>();

/** True for a docs base the reports can link to: an http(s) URL. */
export function isDocsBase(base: string): boolean {
  return /^https?:\/\/[^\s"'<>]+$/.test(base);
}

/**
 * The rules with their documentation links under another base (a fork's or a GitHub Enterprise
 * install's copy of docs/rules.md, e.g. `https://ghe.example.com/sec/django-sec/blob/main/docs/rules.md#`),
 * given as data by the adapter. The same array (so compiled queries are shared) for each rules/base pair;
 * the rules themselves unchanged without a base.
 */
export function withDocsBase(rules: Rule[], base: string | undefined): Rule[] {
  if (base === undefined || base === "" || base === RULE_DOCS_BASE) return rules;
  if (!isDocsBase(base)) throw new Error(`the rule docs base must be an http(s) URL, got ${JSON.stringify(base.slice(0, 80))}`);
  let byBase = rebased.get(rules);
  if (!byBase) rebased.set(rules, (byBase = new Map()));
  let out = byBase.get(base);
  if (!out) byBase.set(base, (out = rules.map((r) => ({ ...r, docsUrl: base + r.id }) as Rule)));
  return out;
}
