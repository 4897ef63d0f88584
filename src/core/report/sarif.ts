import type { Rule } from "../analysis/define-rule.js";
import type { Confidence, FileError, Finding, Severity, SuppressedFinding } from "../analysis/types.js";
import { ruleDocMarkdown, ruleDocText } from "./rule-docs.js";

export interface SarifInput {
  /** Every rule that ran; `results[].ruleIndex` points into this list. */
  rules: readonly Rule[];
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding[];
  errors: readonly FileError[];
  toolVersion: string;
  informationUri: string;
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const FINGERPRINT_KEY = "djangoSec/v1";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { high: "error", medium: "warning", low: "note" };
// GitHub code scanning buckets security-severity as critical >= 9.0, high >= 7.0, medium >= 4.0, low above 0.
const SECURITY_SEVERITY: Record<Severity, string> = { high: "8.0", medium: "5.0", low: "2.0" };
const PRECISION: Record<Confidence, string> = { high: "high", medium: "medium", low: "low" };

/**
 * Renders a SARIF 2.1.0 log that GitHub code scanning accepts. Paths are used as given (relative, `/`)
 * under the `%SRCROOT%` base; suppressed findings are included with an in-source suppression.
 */
export function toSarif(input: SarifInput): object {
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const results = [
    ...input.findings.map((f) => result(f, index)),
    ...input.suppressed.map((s) => ({
      ...result(s.finding, index),
      suppressions: [{ kind: "inSource", justification: s.suppression.reason || "No reason given." }],
    })),
  ];
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
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: input.errors.map((e) => ({
              level: "warning",
              message: { text: `Skipped ${e.path}: ${e.reason}${e.detail ? ` (${e.detail})` : ""}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(e.path), uriBaseId: "%SRCROOT%" } } }],
            })),
          },
        ],
        // Columns come from JavaScript string offsets (tree-sitter and the template tokenizer).
        columnKind: "utf16CodeUnits",
        results,
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
    shortDescription: { text: rule.docs.what },
    fullDescription: { text: `${rule.docs.what} ${rule.docs.why}` },
    help: { text: ruleDocText(rule), markdown: ruleDocMarkdown(rule) },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", ...rule.cwes.map((c) => `external/cwe/${c.toLowerCase()}`), `owasp/${rule.owasp}`],
      precision: PRECISION[rule.confidence],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      "problem.severity": rule.severity === "high" ? "error" : rule.severity === "medium" ? "warning" : "recommendation",
    },
  };
}

function result(f: Finding, index: ReadonlyMap<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodePath(f.path), uriBaseId: "%SRCROOT%" },
          region: { startLine: f.line, startColumn: f.column, endLine: Math.max(f.line, f.endLine) },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { severity: f.severity, confidence: f.confidence },
  };
  const i = index.get(f.ruleId);
  if (i !== undefined) out.ruleIndex = i;
  return out;
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

// SARIF artifact URIs are URI references: keep `/`, escape spaces, `#`, `%` and the like.
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
