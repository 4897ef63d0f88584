import Parser from "tree-sitter";
import type { FileContext, Location, MatchContext, PythonContext, Report, ReportOptions, Rule, SettingsContext, TemplateContext } from "./define-rule.js";
import { hashFingerprint, normaliseCode } from "./fingerprint.js";
import type { ImportTable } from "./imports.js";
import { pythonLanguage } from "./parse-python.js";
import type { ProjectFacts } from "./project-facts.js";
import type { SettingsModel } from "./settings-model.js";
import type { TemplateToken } from "./template-tokenizer.js";
import type { Confidence, Finding, SettingsKind, SyntaxNode } from "./types.js";

export interface RuleCrash {
  ruleId: string;
  error: unknown;
}

interface Collector {
  findings: Finding[];
  crashes: RuleCrash[];
}

interface CombinedQuery {
  query: Parser.Query;
  /** Sorted start offsets of each rule's query text in the combined source. */
  starts: number[];
  rules: Rule[];
}

const combinedQueries = new WeakMap<Rule[], Map<string, CombinedQuery>>();

/**
 * One query holding the patterns of every rule of `rules` that `applies` to the file walks the tree once instead of
 * once per rule. Rules that do not apply (their `mentions` text is absent, or the settings kind differs) add no
 * patterns: their matches were only skipped, and on most files no query rule applies, so no query runs at all. The
 * query of each set of applicable rules is compiled once per `rules` array.
 */
function combinedQuery(rules: Rule[], applies: (rule: Rule) => boolean): CombinedQuery | null {
  const withQuery = rules.filter((r): r is Rule & { query: string } => r.language === "python" && typeof (r as { query?: string }).query === "string" && applies(r));
  if (!withQuery.length) return null;
  let bySet = combinedQueries.get(rules);
  if (!bySet) combinedQueries.set(rules, (bySet = new Map()));
  const key = withQuery.map((r) => rules.indexOf(r)).join(",");
  if (bySet.has(key)) return bySet.get(key)!;
  let source = "";
  const starts: number[] = [];
  for (const rule of withQuery) {
    starts.push(Buffer.byteLength(source));
    source += rule.query + "\n";
  }
  const result = { query: new Parser.Query(pythonLanguage(), source), starts, rules: withQuery };
  bySet.set(key, result);
  return result;
}

function ruleForPattern(cq: CombinedQuery, pattern: number): Rule {
  const offset = cq.query.startIndexForPattern(pattern);
  let lo = 0;
  let hi = cq.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cq.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return cq.rules[lo];
}

export interface PythonFileInput {
  path: string;
  text: string;
  lines: string[];
  root: SyntaxNode;
  imports: ImportTable;
  settingsKind: SettingsKind;
  settings?: SettingsModel;
  project?: ProjectFacts;
  /** A single-file settings module deployed as is: production settings that are also the project's base. */
  standalone?: boolean;
  /** Why this settings module may be a development or test project's only (see `developmentOnlyEvidence`). */
  developmentOnly?: string;
}

function appliesTo(rule: Rule, kind: SettingsKind, standalone: boolean): boolean {
  return !rule.settingsKinds || rule.settingsKinds.includes(kind) || (standalone && rule.settingsKinds.includes("base"));
}

/** Runs every Python and settings rule on one parsed file. A crashing rule is recorded, not thrown. */
export function runPythonRules(rules: Rule[], file: PythonFileInput): { findings: Finding[]; crashes: RuleCrash[] } {
  const out: Collector = { findings: [], crashes: [] };
  const crashed = new Set<string>();
  const guard = (rule: Rule, fn: () => void) => {
    if (crashed.has(rule.id)) return;
    try {
      fn();
    } catch (error) {
      crashed.add(rule.id);
      out.crashes.push({ ruleId: rule.id, error });
    }
  };
  const project = file.project ?? {};
  const base = (rule: Rule): PythonContext => ({
    ...fileContext(rule, file, out),
    root: file.root,
    imports: file.imports,
    project,
    ...(file.developmentOnly ? { developmentOnly: file.developmentOnly } : {}),
  });
  const active = new Map<Rule, boolean>();
  const applies = (rule: Rule) => {
    let yes = active.get(rule);
    if (yes === undefined) active.set(rule, (yes = appliesTo(rule, file.settingsKind, file.standalone === true) && (!rule.mentions || rule.mentions.test(file.text))));
    return yes;
  };

  const cq = combinedQuery(rules, applies);
  if (cq) {
    const contexts = new Map<Rule, PythonContext>();
    for (const match of file.root.tree.matches(cq.query, file.root)) {
      const rule = ruleForPattern(cq, match.pattern);
      if (crashed.has(rule.id) || !applies(rule)) continue;
      let ctx = contexts.get(rule);
      if (!ctx) contexts.set(rule, (ctx = base(rule)));
      const mctx: MatchContext = {
        ...ctx,
        node(name) {
          const c = match.captures.find((x) => x.name === name);
          if (!c) throw new Error(`rule ${rule.id}: no capture @${name} in this match`);
          return c.node;
        },
        maybe: (name) => match.captures.find((x) => x.name === name)?.node,
        nodes: (name) => match.captures.filter((x) => x.name === name).map((x) => x.node),
        captureText: (name) => match.captures.find((x) => x.name === name)?.text,
      };
      guard(rule, () => (rule as { check(c: MatchContext): void }).check(mctx));
    }
  }
  for (const rule of rules) {
    if (rule.language !== "python" || !("checkModule" in rule) || !applies(rule)) continue;
    guard(rule, () => (rule as { checkModule(c: PythonContext): void }).checkModule(base(rule)));
  }
  if (file.settings && file.settingsKind !== "none") {
    for (const rule of rules) {
      if (rule.language !== "settings" || !applies(rule)) continue;
      const ctx = { ...base(rule), settings: file.settings, settingsKind: file.settingsKind } as SettingsContext;
      const first = out.findings.length;
      guard(rule, () => (rule as { checkSettings(c: SettingsContext): void }).checkSettings(ctx));
      for (let i = first; i < out.findings.length; i++) {
        withAssumption(out.findings[i], file.settings);
        if (file.developmentOnly) developmentOnly(out.findings[i], file.developmentOnly);
      }
    }
  }
  // An app whose URLconf is only included under `if settings.DEBUG:`: its views never answer in production.
  if (file.settingsKind === "none" && project.index?.debugOnlyPaths?.includes(file.path)) {
    for (const f of out.findings) developmentOnly(f, "(This module's app is routed only inside `if settings.DEBUG:`, so production never serves it.)");
  } else if (file.settingsKind === "none" && project.index?.debugOnlyViews?.length) {
    const debugViews = new Set(project.index.debugOnlyViews);
    for (const f of out.findings) {
      const view = f.fileLevel ? undefined : topLevelDefinitionAt(file.root, f.line);
      if (view && debugViews.has(view)) developmentOnly(f, `(\`${view}\` is routed only inside \`if settings.DEBUG:\`, so production never serves it.)`);
    }
  }
  // A view-shaped function or view class nothing in the project routes, calls or names: no request reaches it.
  const unreferenced = file.settingsKind === "none" ? project.index?.unreferencedViews?.[file.path] : undefined;
  if (unreferenced?.length && Object.prototype.hasOwnProperty.call(project.index!.unreferencedViews, file.path)) {
    const sections = new Map(rules.map((r) => [r.id, r.guideSection]));
    for (const f of out.findings) {
      if (f.fileLevel || !REQUEST_SECTIONS.has(sections.get(f.ruleId) ?? "meta")) continue;
      const lines = [f.line, ...(f.trace?.length ? [f.trace[0].line] : [])];
      const view = lines.map((l) => topLevelDefinitionAt(file.root, l)).find((name) => name !== undefined && unreferenced.includes(name));
      if (view) unreachable(f, `(Nothing in the project routes, calls or names \`${view}\`: no URLconf reaches it, so no request does.)`);
    }
  }
  return finish(out);
}

/** Rule sections whose findings rest on a request reaching the view: its data, its user, its CSRF token. */
const REQUEST_SECTIONS: ReadonlySet<string> = new Set(["authorization", "csrf", "data-flow", "sql-injection", "xss", "file-uploads", "api", "sessions", "authentication"]);

/** A finding in code no request reaches: low confidence (listed, not commented), saying why. */
function unreachable(f: Finding, note: string): void {
  f.confidence = "low";
  f.message = `${f.message} ${note}`;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/**
 * A settings finding whose value rests on an assumption (an optional local override may change it, or
 * production takes this branch only while a variable is unset) says so, at the lower confidence.
 */
function withAssumption(f: Finding, settings: SettingsModel): void {
  const a = settings.assumptionAt(f.fileLevel ? undefined : f.line);
  if (!a) return;
  if (CONFIDENCE_RANK[a.confidence] < CONFIDENCE_RANK[f.confidence]) f.confidence = a.confidence;
  f.message = `${f.message} ${a.note}`;
}

/** A finding in settings that may only ever run in development: low confidence (listed, not commented), saying why. */
function developmentOnly(f: Finding, note: string): void {
  f.confidence = "low";
  f.message = `${f.message} ${note}`;
}

/** Runs every template rule on one tokenised template. */
export function runTemplateRules(rules: Rule[], file: { path: string; text: string; lines: string[]; tokens: TemplateToken[]; project?: ProjectFacts }): { findings: Finding[]; crashes: RuleCrash[] } {
  const out: Collector = { findings: [], crashes: [] };
  for (const rule of rules) {
    if (rule.language !== "template") continue;
    const ctx: TemplateContext = { ...fileContext(rule, { ...file, settingsKind: "none" }, out), tokens: file.tokens, project: file.project ?? {} };
    try {
      (rule as { checkTemplate(c: TemplateContext): void }).checkTemplate(ctx);
    } catch (error) {
      out.crashes.push({ ruleId: rule.id, error });
    }
  }
  return finish(out);
}

function fileContext(rule: Rule, file: { path: string; text: string; lines: string[]; settingsKind: SettingsKind }, out: Collector): FileContext {
  const report: Report = (at, messageId, data = {}, options = {}) => {
    out.findings.push(makeFinding(rule, file, resolveLocation(at), messageId, data, options, false));
  };
  return {
    path: file.path,
    text: file.text,
    lines: file.lines,
    settingsKind: file.settingsKind,
    report,
    reportFile: (messageId, data = {}, at) => {
      const loc = at ? resolveLocation(at) : { line: 1, endLine: 1, column: 1 };
      out.findings.push(makeFinding(rule, file, loc, messageId, data, {}, true));
    },
  };
}

function resolveLocation(at: Location): { line: number; endLine: number; column: number } {
  if ("startPosition" in at) {
    const s = at.startPosition;
    const e = at.endPosition;
    const endLine = e.row > s.row && e.column === 0 ? e.row : e.row + 1;
    return { line: s.row + 1, endLine: Math.max(s.row + 1, endLine), column: s.column + 1 };
  }
  return { line: at.line, endLine: at.endLine ?? at.line, column: at.column ?? 1 };
}

// Minified or generated files put everything on one line; hashing the whole line for each of
// thousands of findings would be quadratic, so long lines contribute only the reported stretch.
const MAX_FINGERPRINT_LINE = 400;

function fingerprintCode(lines: string[], loc: { line: number; endLine: number; column: number }): string {
  const picked = lines.slice(loc.line - 1, Math.min(loc.endLine, loc.line + 4));
  const clipped = picked.map((l, i) => (l.length <= MAX_FINGERPRINT_LINE ? l : i === 0 ? l.slice(loc.column - 1, loc.column - 1 + MAX_FINGERPRINT_LINE) : l.slice(0, MAX_FINGERPRINT_LINE)));
  return normaliseCode(clipped.join("\n"));
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const MAX_DATA = 80;

export function fillMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    if (!(key in data)) return whole;
    const value = String(data[key]).replace(/\s+/g, " ");
    return value.length > MAX_DATA ? `${value.slice(0, MAX_DATA - 1)}…` : value;
  });
}

function makeFinding(
  rule: Rule,
  file: { path: string; lines: string[] },
  loc: { line: number; endLine: number; column: number },
  messageId: string,
  data: Record<string, string | number>,
  options: ReportOptions,
  fileLevel: boolean,
): Finding {
  const template = rule.messages[messageId];
  if (template === undefined) throw new Error(`rule ${rule.id}: unknown messageId "${messageId}"`);
  const code = fileLevel ? JSON.stringify(data) : fingerprintCode(file.lines, loc);
  return {
    ruleId: rule.id,
    messageId,
    path: file.path,
    line: loc.line,
    endLine: loc.endLine,
    column: loc.column,
    severity: options.severity ?? rule.severity,
    confidence: options.confidence ?? rule.confidence,
    cwe: rule.cwes,
    message: fillMessage(template, data),
    fingerprint: hashFingerprint([rule.id, file.path, messageId, code, options.key ?? ""]),
    fileLevel,
    ...(options.fix ? { fix: options.fix } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
  };
}

// Identical code reported twice in one file would share a fingerprint; number the repeats.
function finish(out: Collector): Collector {
  const seen = new Map<string, number>();
  for (const f of out.findings) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = hashFingerprint([f.fingerprint, String(n)]);
  }
  return out;
}

/** The name of the module-level function or class whose body holds `line` (1-based). */
function topLevelDefinitionAt(root: SyntaxNode, line: number): string | undefined {
  for (const stmt of root.namedChildren) {
    if (stmt.startPosition.row + 1 > line || stmt.endPosition.row + 1 < line) continue;
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" || def?.type === "class_definition") return def.childForFieldName("name")?.text;
    return undefined;
  }
  return undefined;
}
