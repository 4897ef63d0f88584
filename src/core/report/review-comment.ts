import { createHash } from "node:crypto";
import type { Rule } from "../analysis/define-rule.js";
import type { Finding, Severity } from "../analysis/types.js";

export const SEVERITY_LABEL: Record<Severity, string> = { high: "High", medium: "Medium", low: "Low" };
const SEVERITY_ICON: Record<Severity, string> = { high: "🔴", medium: "🟠", low: "🔵" };

const MARKER = /<!-- django-sec:fp=([0-9a-f]{24}) -->/;

/**
 * The key hidden in a comment for a finding: a hash of its fingerprint, so the marker never carries
 * source code (which could contain `-->`) and always has the same shape.
 */
export function commentKey(fingerprint: string): string {
  return createHash("sha256").update(fingerprint).digest("hex").slice(0, 24);
}

/** The hidden marker that lets later runs recognise a comment as the one for this finding. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- django-sec:fp=${commentKey(fingerprint)} -->`;
}

/** The comment key hidden in a comment body, or undefined for comments without our marker. */
export function readCommentKey(body: string | null | undefined): string | undefined {
  return body ? MARKER.exec(body)?.[1] : undefined;
}

export interface ReviewCommentOptions {
  /** Adds a ```suggestion block with the fix's replacement (only when the comment covers the fix's lines). */
  suggest: boolean;
}

/**
 * The markdown of one inline review comment: severity, message, why it matters, how to fix, the
 * data-flow path, a suggestion block when asked for and available, links, and the hidden marker.
 */
export function renderReviewComment(finding: Finding, rule: Rule | undefined, options: ReviewCommentOptions): string {
  const parts: string[] = [];
  parts.push(`${SEVERITY_ICON[finding.severity]} **${SEVERITY_LABEL[finding.severity]} severity** · \`${finding.ruleId}\`${cweText(finding)}`);
  parts.push(finding.message);
  if (finding.trace?.length) parts.push(renderTrace(finding));
  if (rule) {
    parts.push(`**Why it matters:** ${rule.docs.why}`);
    parts.push(`**How to fix:** ${rule.docs.fix}`);
  }
  if (options.suggest && finding.fix) parts.push(suggestionBlock(finding.fix.replacement));
  if (rule) parts.push(`[Rule documentation](${rule.docsUrl}) · [Django documentation](${rule.djangoDocs})`);
  parts.push(
    `<sub>Not a problem here? Add \`${suppressionExample(finding)}\` on the line above.</sub>`,
  );
  parts.push(fingerprintMarker(finding.fingerprint));
  return parts.join("\n\n");
}

/** A one-line entry for a finding listed in a review body or check summary instead of inline. */
export function renderFindingLine(finding: Finding, rule: Rule | undefined): string {
  const where = `\`${codeSafe(finding.path)}\` line ${finding.line}`;
  const link = rule ? ` ([docs](${rule.docsUrl}))` : "";
  return `- ${SEVERITY_ICON[finding.severity]} **${SEVERITY_LABEL[finding.severity]}** ${where}: ${finding.message} \`${finding.ruleId}\`${link}`;
}

/** The reply posted on a thread whose finding no longer appears. */
export function renderFixedReply(headSha: string, fingerprint: string): string {
  return `This finding no longer appears as of ${headSha.slice(0, 7)}. Thanks for fixing it.\n\n<!-- django-sec:fixed=${commentKey(fingerprint)} -->`;
}

/** True when a body is our "fixed" reply for the given comment key. */
export function isFixedReply(body: string | null | undefined, key: string): boolean {
  return !!body && body.includes(`<!-- django-sec:fixed=${key} -->`);
}

function suppressionExample(finding: Finding): string {
  const comment = `django-sec: ignore[${finding.ruleId}] <reason>`;
  return finding.path.endsWith(".py") || finding.path.endsWith(".pyi") ? `# ${comment}` : `{# ${comment} #}`;
}

function cweText(finding: Finding): string {
  return finding.cwe.length ? ` · ${finding.cwe.join(", ")}` : "";
}

function renderTrace(finding: Finding): string {
  const steps = (finding.trace ?? []).map((s) => `${s.line}: ${s.label}`);
  return `<details><summary>Data flow</summary>\n\n${steps.map((s) => `- line ${s}`).join("\n")}\n\n</details>`;
}

/** A suggestion block fenced with more backticks than the replacement contains. */
export function suggestionBlock(replacement: string): string {
  const longest = Math.max(0, ...[...replacement.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  // An empty replacement deletes the lines: GitHub shows an empty suggestion block as a removal.
  const body = replacement === "" || replacement.endsWith("\n") ? replacement : replacement + "\n";
  return `${fence}suggestion\n${body}${fence}`;
}

/** Makes text safe inside a single-backtick code span. */
export function codeSafe(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n]+/g, " ");
}
