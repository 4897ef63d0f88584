import type { Rule } from "../analysis/define-rule.js";
import { hashFingerprint } from "../analysis/fingerprint.js";
import type { Confidence, FileError, Finding, Severity, SuppressedFinding } from "../analysis/types.js";
import { ruleDocMarkdown, ruleDocText, ruleShortDescription } from "./rule-docs.js";

export interface SarifInput {
  /** Every rule that ran; `results[].ruleIndex` points into this list. */
  rules: readonly Rule[];
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding[];
  errors: readonly FileError[];
  toolVersion: string;
  informationUri: string;
  /**
   * The lines of a file, by the path findings carry: with them each result gets GitHub's
   * `primaryLocationLineHash` (from the text of its first line), as well as our own fingerprint.
   */
  source?: (path: string) => readonly string[] | undefined;
  /** Results per run; GitHub code scanning takes at most 25,000 (default). */
  maxResults?: number;
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const FINGERPRINT_KEY = "djangoSec/v1";
export const LINE_HASH_KEY = "primaryLocationLineHash";
/** GitHub code scanning: "Results per run: 25,000" (uploads with more are rejected or cut). */
export const MAX_SARIF_RESULTS = 25_000;

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { high: "error", medium: "warning", low: "note" };
// GitHub code scanning buckets security-severity as critical >= 9.0, high >= 7.0, medium >= 4.0, low above 0.
const SECURITY_SEVERITY: Record<Severity, string> = { high: "8.0", medium: "5.0", low: "2.0" };
const PRECISION: Record<Confidence, string> = { high: "high", medium: "medium", low: "low" };
/** SARIF `rank` (0-100, how likely the result is worth acting on) from the finding's own confidence. */
export const RANK: Record<Confidence, number> = { high: 90, medium: 60, low: 30 };
const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/**
 * Renders a SARIF 2.1.0 log that GitHub code scanning accepts. Paths are used as given (relative, `/`)
 * under the `%SRCROOT%` base; a path that climbs out of it (`../`) is never written. Suppressed findings
 * are included with an in-source suppression. Data-flow findings carry their path as a code flow;
 * findings with a certain fix carry it as a SARIF fix. Over `maxResults`, the most severe and most
 * confident results are kept and a notification says how many were left out.
 */
export function toSarif(input: SarifInput): object {
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const lineHashes = new LineHasher(input.source);
  const all = [
    ...input.findings.map((f) => ({ f, out: result(f, index, lineHashes) })),
    ...input.suppressed.map((s) => ({
      f: s.finding,
      out: { ...result(s.finding, index, lineHashes), suppressions: [{ kind: "inSource", justification: s.suppression.reason || (s.suppression.via ? `${s.suppression.via} (no reason given)` : "No reason given.") }] },
    })),
  ].filter((r) => isRelative(r.f.path));
  const max = input.maxResults ?? MAX_SARIF_RESULTS;
  let kept = all;
  const notifications: object[] = input.errors.filter((e) => isRelative(e.path)).map((e) => ({
    level: "warning",
    message: { text: `Skipped ${e.path}: ${e.reason}${e.detail ? ` (${e.detail})` : ""}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(e.path), uriBaseId: "%SRCROOT%" } } }],
  }));
  if (all.length > max) {
    // Unsuppressed first, then by severity and confidence, so what is cut is what matters least.
    const order = (a: (typeof all)[number], b: (typeof all)[number]) =>
      Number("suppressions" in a.out) - Number("suppressions" in b.out) || SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || RANK[b.f.confidence] - RANK[a.f.confidence];
    kept = [...all].sort(order).slice(0, max);
    notifications.push({
      level: "warning",
      message: { text: `${all.length - max} of ${all.length} results were left out: GitHub code scanning accepts at most ${max} results per run. The most severe and most confident were kept; the JSON or text report lists them all.` },
    });
  }
  const dropped = input.findings.length + input.suppressed.length - all.length;
  if (dropped > 0) {
    notifications.push({ level: "warning", message: { text: `${dropped} results outside the analysis root were left out, because SARIF paths must be relative to it. Run from the repository root.` } });
  }
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "django-sec",
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: input.informationUri,
            rules: input.rules.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        // Columns come from JavaScript string offsets (tree-sitter and the template tokenizer).
        columnKind: "utf16CodeUnits",
        results: kept.map((r) => r.out),
      },
    ],
  };
}

export function renderSarif(input: SarifInput): string {
  return JSON.stringify(toSarif(input), null, 2) + "\n";
}

function ruleDescriptor(rule: Rule): object {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: ruleShortDescription(rule) },
    fullDescription: { text: `${rule.docs.what} ${rule.docs.why}` },
    help: { text: ruleDocText(rule), markdown: ruleDocMarkdown(rule) },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVEL[rule.severity], rank: RANK[rule.confidence] },
    properties: {
      tags: ["security", ...rule.cwes.map((c) => `external/cwe/${c.toLowerCase()}`), `owasp/${rule.owasp}`],
      precision: PRECISION[rule.confidence],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      "problem.severity": rule.severity === "high" ? "error" : rule.severity === "medium" ? "warning" : "recommendation",
    },
  };
}

function result(f: Finding, index: ReadonlyMap<string, number>, lineHashes: LineHasher): Record<string, unknown> {
  const artifactLocation = { uri: encodePath(f.path), uriBaseId: "%SRCROOT%" };
  const fingerprints: Record<string, string> = { [FINGERPRINT_KEY]: f.fingerprint };
  const lineHash = lineHashes.hash(f.path, f.line);
  if (lineHash) fingerprints[LINE_HASH_KEY] = lineHash;
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    rank: RANK[f.confidence],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: { startLine: f.line, startColumn: f.column, endLine: Math.max(f.line, f.endLine) },
        },
      },
    ],
    partialFingerprints: fingerprints,
    properties: { severity: f.severity, confidence: f.confidence },
  };
  const i = index.get(f.ruleId);
  if (i !== undefined) out.ruleIndex = i;
  if (f.alsoAt?.length) {
    out.relatedLocations = f.alsoAt.map((a, n) => ({
      id: n + 1,
      physicalLocation: { artifactLocation, region: { startLine: a.line } },
      message: { text: "The same value reaches this sink too." },
    }));
  }
  if (f.trace?.length) {
    out.codeFlows = [
      {
        message: { text: "Request data reaches the sink along this path." },
        threadFlows: [
          {
            locations: f.trace.map((step, n) => ({
              location: {
                physicalLocation: { artifactLocation, region: { startLine: Math.max(1, step.line) } },
                message: { text: step.label || `step ${n + 1}` },
              },
              nestingLevel: 0,
              executionOrder: n + 1,
            })),
          },
        ],
      },
    ];
  }
  if (f.fix) {
    // Whole lines `line..endLine` are replaced: the deleted region runs from the start of the first line
    // to the start of the line after the last, and the inserted text ends with a newline (none when deleting).
    const text = f.fix.replacement === "" || f.fix.replacement.endsWith("\n") ? f.fix.replacement : `${f.fix.replacement}\n`;
    out.fixes = [
      {
        description: { text: "Apply the fix django-sec suggests." },
        artifactChanges: [
          {
            artifactLocation,
            replacements: [{ deletedRegion: { startLine: f.fix.line, startColumn: 1, endLine: f.fix.endLine + 1, endColumn: 1 }, insertedContent: { text } }],
          },
        ],
      },
    ];
  }
  return out;
}

/**
 * GitHub's `primaryLocationLineHash`: a hash of the finding's first line with whitespace removed, and
 * which occurrence of that line text in the file it is (`hash:2` for the second identical line), so an
 * alert follows its line when lines above it move. Our own fingerprint sits beside it under its own key.
 */
class LineHasher {
  private readonly files = new Map<string, { hashes: string[] } | null>();
  constructor(private readonly source: SarifInput["source"]) {}

  hash(path: string, line: number): string | undefined {
    if (!this.source) return undefined;
    let file = this.files.get(path);
    if (file === undefined) {
      const lines = this.source(path);
      if (lines) {
        const seen = new Map<string, number>();
        const hashes = lines.map((l) => {
          const h = hashFingerprint([l.replace(/\s+/g, "")]).slice(0, 16);
          const n = (seen.get(h) ?? 0) + 1;
          seen.set(h, n);
          return `${h}:${n}`;
        });
        file = { hashes };
      } else file = null;
      this.files.set(path, file);
    }
    return file?.hashes[line - 1];
  }
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** A path under the analysis root: not absolute, no `..` segment. */
function isRelative(path: string): boolean {
  return !path.startsWith("/") && !/^[A-Za-z]:/.test(path) && !path.split("/").includes("..");
}

// SARIF artifact URIs are URI references: keep `/`, escape spaces, `#`, `%` and the like.
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
