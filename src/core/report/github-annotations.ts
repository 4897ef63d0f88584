import type { Rule } from "../analysis/define-rule.js";
import type { Confidence, FileError, MarkedFinding, Severity } from "../analysis/types.js";
import { confidenceAtLeast } from "./policy.js";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { high: "error", medium: "warning", low: "notice" };

export interface GithubAnnotationsInput {
  findings: readonly MarkedFinding[];
  errors: readonly FileError[];
  rules: ReadonlyMap<string, Rule>;
  /** Findings below this confidence are notices whatever their severity (they do not gate). */
  gateConfidence: Confidence;
}

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), one per finding, so a
 * workflow step shows each finding as an annotation on the file. Skipped files are warnings.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
export function renderGithubAnnotations(input: GithubAnnotationsInput): string {
  const out: string[] = [];
  for (const f of input.findings) {
    const confident = confidenceAtLeast(f.confidence, input.gateConfidence);
    const rule = input.rules.get(f.ruleId);
    const props = [
      `file=${property(f.path)}`,
      `line=${f.line}`,
      `endLine=${Math.max(f.line, f.endLine)}`,
      ...(f.endLine <= f.line ? [`col=${f.column}`] : []),
      `title=${property(`django-sec ${f.ruleId} (${f.severity} severity, ${f.confidence} confidence)`)}`,
    ];
    const message = rule ? `${f.message}\n\nHow to fix: ${rule.docs.fix}\n${rule.docsUrl}` : f.message;
    out.push(`::${confident ? COMMAND[f.severity] : "notice"} ${props.join(",")}::${data(message)}`);
  }
  for (const e of input.errors) {
    out.push(`::warning file=${property(e.path)},title=${property("django-sec skipped a file")}::${data(`${e.reason}${e.detail ? ` (${e.detail})` : ""}`)}`);
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/** Escapes a command's message. */
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a command property value (also `:` and `,`, which end a property). */
function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
