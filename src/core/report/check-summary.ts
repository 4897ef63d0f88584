import type { Rule } from "../analysis/define-rule.js";
import type { Confidence, FileError, MarkedFinding, Severity, Suppression } from "../analysis/types.js";
import type { FailOn } from "../config/config.js";
import { confidenceAtLeast, failsOn } from "./policy.js";
import { codeSafe, renderFindingLine, SEVERITY_LABEL } from "./review-comment.js";

/** Where an in-change finding ended up. */
export type Placement =
  /** Posted as an inline comment in this run's review. */
  | "inline"
  /** An earlier run already commented on it. */
  | "already-commented"
  /** Its lines are not inside a diff hunk, so GitHub would reject an inline comment. */
  | "outside-diff"
  /** Over the per-review inline comment cap. */
  | "over-cap"
  /** About the file as a whole (e.g. a missing setting). */
  | "file-level"
  /** GitHub omitted the file's patch, so no line can take a comment. */
  | "no-patch"
  /** The review could not carry inline comments (GitHub refused them); listed in the review body. */
  | "review-body"
  /** GitHub refused the review altogether (e.g. 403); only this check run lists it. */
  | "not-posted";

export interface PlacedFinding {
  finding: MarkedFinding;
  placement: Placement;
}

/** A file the adapter did not analyse, with a reason for people. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ConfigProblemLine {
  path: string;
  message: string;
}

export interface CheckSummaryInput {
  headSha: string;
  failOn: FailOn;
  /** Every finding on changed lines at or above `commentConfidence`, with where it was reported. */
  inChange: PlacedFinding[];
  /** Findings on changed lines below `commentConfidence`: listed in a collapsed section, never gating. */
  worthALook?: MarkedFinding[];
  /** The `comment-confidence` the run used (default `medium`). */
  commentConfidence?: Confidence;
  /** Findings in the touched files but not on changed lines: reported, never gating. */
  preExisting: MarkedFinding[];
  rules: ReadonlyMap<string, Rule>;
  filesAnalyzed: number;
  /** Files the analyzer could not analyse (too large, not UTF-8, a rule crashed...). */
  errors: FileError[];
  /** Files the adapter did not hand to the analyzer. */
  skipped: SkippedFile[];
  /** Extra facts for people, one markdown line each (e.g. "patch omitted, analysed whole"). */
  notes: string[];
  configProblems: ConfigProblemLine[];
  /** The pull request edits the config file (which only applies once merged). */
  configChanged: boolean;
  /** Suppression comments on lines this pull request adds. */
  suppressionsAdded: Suppression[];
  suppressedCount: number;
  /** Threads of earlier comments resolved because their finding is gone. */
  resolvedThreads: number;
  maxInlineComments: number;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
  raw_details?: string;
}

/** GitHub's limit for `output.summary` and `output.text`. */
export const CHECK_TEXT_LIMIT = 65535;
const TITLE_LIMIT = 255;
const ANNOTATION_MESSAGE_LIMIT = 60_000;
const SEVERITY_ORDER: Severity[] = ["high", "medium", "low"];
const LEVEL: Record<Severity, CheckAnnotation["annotation_level"]> = { high: "failure", medium: "warning", low: "notice" };

const PLACEMENT_TEXT: Record<Exclude<Placement, "inline" | "already-commented">, string> = {
  "outside-diff": "outside the diff hunks, where GitHub takes no comments",
  "over-cap": "over the inline comment limit for one review",
  "file-level": "about the whole file",
  "no-patch": "in a file whose diff GitHub did not provide",
  "review-body": "listed in the review body because GitHub refused the inline comments",
  "not-posted": "GitHub did not accept the review",
};

/**
 * `failure` when any in-change finding is at or above `failOn` severity and at or above `minConfidence`
 * (the `comment-confidence`: what is commented is what can fail), otherwise `success`.
 */
export function checkConclusion(inChange: readonly MarkedFinding[], failOn: FailOn, minConfidence: Confidence = "low"): "success" | "failure" {
  return failsOn(inChange.filter((f) => f.inChange), failOn, minConfidence) ? "failure" : "success";
}

/** The check run output for a completed review: counts, what went where, config and skips. */
export function renderCheckSummary(input: CheckSummaryInput): CheckOutput {
  const findings = input.inChange.map((p) => p.finding);
  const counts = countBySeverity(findings);
  const pre = countBySeverity(input.preExisting);
  const looks = input.worthALook?.length ?? 0;
  const title = clip(`${findings.length ? `${severityList(counts)} in this change` : "No findings in this change"}${looks ? `; ${looks} worth a look` : ""}`, TITLE_LIMIT);
  const head: string[] = [];
  const minConfidence = input.commentConfidence ?? "low";
  const confidenceGate = minConfidence === "low" ? "" : ` at ${minConfidence} confidence${minConfidence === "high" ? "" : " or above"}`;
  const gate = input.failOn === "never" ? "this check never fails" : `fails on ${input.failOn} severity${input.failOn === "high" ? "" : " and above"}${confidenceGate}`;
  const worthALook = input.worthALook ?? [];
  head.push(
    findings.length
      ? `django-sec found **${plural(findings.length, "finding")}** on lines changed at ${input.headSha.slice(0, 7)} (${gate}).`
      : `django-sec found nothing on lines changed at ${input.headSha.slice(0, 7)} (${gate}).`,
  );
  head.push("");
  head.push("| Severity | In this change | Pre-existing in touched files |", "|---|---:|---:|");
  for (const s of SEVERITY_ORDER) head.push(`| ${SEVERITY_LABEL[s]} | ${counts[s]} | ${pre[s]} |`);
  const byRule = countByRule(findings);
  if (byRule.length) {
    head.push("", "| Rule | Findings in this change |", "|---|---:|");
    for (const [id, n] of byRule) head.push(`| [\`${id}\`](${input.rules.get(id)?.docsUrl ?? "#"}) | ${n} |`);
  }
  head.push("", inlineLine(input));
  if (worthALook.length) head.push(`${plural(worthALook.length, "lower-confidence finding")} on changed lines ${worthALook.length === 1 ? "is" : "are"} listed under "Worth a look" below, not commented inline; ${worthALook.length === 1 ? "it does" : "they do"} not affect the conclusion.`);
  const stats = [`${plural(input.filesAnalyzed, "file")} analysed`];
  if (input.suppressedCount) stats.push(`${input.suppressedCount} suppressed`);
  if (input.resolvedThreads) stats.push(`${plural(input.resolvedThreads, "earlier comment")} resolved as fixed`);
  head.push(`${stats.join(", ")}.`);

  const lines: string[] = [];
  if (worthALook.length) {
    lines.push(
      "",
      `<details><summary>Worth a look: ${plural(worthALook.length, "finding")} below ${minConfidence} confidence</summary>`,
      "",
      "django-sec could not see enough to be sure of these (for example where a value comes from), so it does not comment on them inline and they never fail this check.",
      "",
      ...worthALook.map((f) => `${renderFindingLine(f, input.rules.get(f.ruleId))} (${f.confidence} confidence)`),
      "",
      "</details>",
    );
  }
  const notInline = input.inChange.filter((p) => p.placement !== "inline" && p.placement !== "already-commented");
  if (notInline.length) {
    lines.push("", "### Findings not commented inline");
    for (const p of notInline) lines.push(`${renderFindingLine(p.finding, input.rules.get(p.finding.ruleId))}: ${PLACEMENT_TEXT[p.placement as keyof typeof PLACEMENT_TEXT]}`);
  }
  if (input.configProblems.length || input.configChanged) {
    lines.push("", "### Configuration");
    if (input.configChanged) {
      lines.push("This pull request changes `.github/django-sec.yml`. This review used the version on the base branch; the change applies once merged.");
    }
    if (input.configProblems.length) {
      lines.push("Problems in `.github/django-sec.yml` on the base branch (the defaults apply to these keys):");
      for (const p of input.configProblems) lines.push(`- ${p.path ? `\`${codeSafe(p.path)}\`` : "the file"}: ${escapeMarkdown(p.message)}`);
    }
  }
  if (input.suppressionsAdded.length) {
    lines.push("", "### Suppressions added by this pull request");
    for (const s of input.suppressionsAdded) {
      const reason = s.reason ? escapeMarkdown(s.reason) : "_no reason given_";
      const what = s.anyRule ? "any django-sec rule on the line" : s.ruleIds.map((id) => `\`${codeSafe(id)}\``).join(", ") || "_no rule named_";
      const via = s.via ? ` (another tool's \`${codeSafe(s.via)}\`, honoured for the same hazard)` : "";
      lines.push(`- \`${codeSafe(s.path)}\` line ${s.line}: ignores ${what}${via}: ${reason}`);
    }
  }
  const skipped = [
    ...input.skipped.map((s) => `- \`${codeSafe(s.path)}\`: ${escapeMarkdown(s.reason)}`),
    ...input.errors.map((e) => `- \`${codeSafe(e.path)}\`: ${e.reason}${e.detail ? ` (${escapeMarkdown(e.detail)})` : ""}`),
  ];
  if (skipped.length) lines.push("", "### Skipped files", ...skipped);
  if (input.notes.length) lines.push("", "### Notes", ...input.notes.map((n) => `- ${n}`));

  const summary = fitLines(head.join("\n"), lines, CHECK_TEXT_LIMIT);
  const text = input.preExisting.length
    ? fitLines(
        `### Pre-existing findings in touched files\nThese are on lines this pull request does not change, so they do not affect the conclusion.\n`,
        input.preExisting.map((f) => renderFindingLine(f, input.rules.get(f.ruleId))),
        CHECK_TEXT_LIMIT,
      )
    : undefined;
  return text === undefined ? { title, summary } : { title, summary, text };
}

/** The output of a run that ended without a review (draft, superseded, error), with the reason. */
export function renderNeutralOutput(title: string, detail: string): CheckOutput {
  return { title: clip(title, TITLE_LIMIT), summary: clip(detail, CHECK_TEXT_LIMIT) };
}

/**
 * One check-run annotation per finding; GitHub accepts 50 per request, so callers send them in batches.
 * Findings below `minConfidence` are notices, whatever their severity: they never fail, so they do not
 * look like failures either.
 */
export function renderAnnotations(findings: readonly MarkedFinding[], rules: ReadonlyMap<string, Rule>, minConfidence: Confidence = "low"): CheckAnnotation[] {
  return findings.map((f) => {
    const rule = rules.get(f.ruleId);
    const message = rule ? `${f.message}\n\nHow to fix: ${rule.docs.fix}` : f.message;
    const confident = confidenceAtLeast(f.confidence, minConfidence);
    const annotation: CheckAnnotation = {
      path: f.path,
      start_line: f.line,
      end_line: Math.max(f.line, f.endLine),
      annotation_level: confident ? LEVEL[f.severity] : "notice",
      title: clip(`${f.ruleId} (${f.severity}${confident ? "" : `, ${f.confidence} confidence: worth a look`})`, TITLE_LIMIT),
      message: clip(message, ANNOTATION_MESSAGE_LIMIT),
    };
    if (f.trace?.length) annotation.raw_details = clip(f.trace.map((s) => `line ${s.line}: ${s.label}`).join("\n"), ANNOTATION_MESSAGE_LIMIT);
    return annotation;
  });
}

/**
 * Joins `head` and as many of `lines` as fit in `limit` characters; when some are left out, ends with a
 * note saying how many, so a truncated list never passes for a complete one.
 */
export function fitLines(head: string, lines: readonly string[], limit: number): string {
  let out = head;
  for (let i = 0; i < lines.length; i++) {
    const next = `${out}\n${lines[i]}`;
    const note = `\n\n_…and ${lines.length - i} more lines left out to fit GitHub's ${limit}-character limit._`;
    const rest = lines.length - i - 1;
    if (next.length + (rest > 0 ? note.length : 0) > limit) return clip(out + note, limit);
    out = next;
  }
  return clip(out, limit);
}

function inlineLine(input: CheckSummaryInput): string {
  const posted = input.inChange.filter((p) => p.placement === "inline").length;
  const earlier = input.inChange.filter((p) => p.placement === "already-commented").length;
  const overCap = input.inChange.filter((p) => p.placement === "over-cap").length;
  const parts = [`${plural(posted, "inline comment")} posted`];
  if (earlier) parts.push(`${earlier} already commented on by an earlier run`);
  if (overCap) parts.push(`${overCap} over the limit of ${input.maxInlineComments} per review`);
  return `${parts.join(", ")}.`;
}

function countBySeverity(findings: readonly MarkedFinding[]): Record<Severity, number> {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function countByRule(findings: readonly MarkedFinding[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function severityList(counts: Record<Severity, number>): string {
  return SEVERITY_ORDER.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(", ");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
}

// Config messages and suppression reasons come from the pull request or config author: keep them from
// opening HTML or links in the check run page.
function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/[<>[\]]/g, (c) => `\\${c}`);
}
