import type { Suppression } from "./types.js";

// The rule list is bounded and a template comment's end is found after the match: otherwise a line of many
// unclosed `ignore[` (or of many comments without `#}`) is scanned to its end from each one.
const PY = /#\s*django-sec:\s*ignore\[([^\]\n]{0,500})\]([^\n]*)/;
const TEMPLATE = /\{#\s*django-sec:\s*ignore\[([^\]\n]{0,500})\]([^\n]*)/;

/**
 * Our rules that report the hazard other tools' `mark_safe` checks name: Bandit B308 (the `mark_safe`
 * call blacklist) and B703 (`django_mark_safe`), ruff S308 (`suspicious-mark-safe-usage`) and semgrep's
 * `avoid-mark-safe`. A suppression naming one of these covers only these rules.
 */
export const MARK_SAFE_RULES: readonly string[] = ["mark-safe-untrusted", "tainted-html"];
const BANDIT_MARK_SAFE = new Set(["b308", "b703", "mark_safe", "django_mark_safe"]);
const BANDIT_CODE = /^(?:b\d{3}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+|mark_safe)$/i;
const NOSEC = /#\s*nosec\b(.*)$/i;
const NOQA = /#\s*noqa\s*:\s*((?:[A-Z]+[0-9]+\s*(?:,\s*|\s+)?)+)(.*)$/i;
const NOSEMGREP = /#\s*nosemgrep\b(.*)$/i;

export interface FindSuppressionsOptions {
  /** Also read other tools' suppressions (`honor-foreign-suppressions`). Python files only. */
  foreign?: boolean;
}

/**
 * Finds `# django-sec: ignore[rule-a, rule-b] reason` (or the `{# ... #}` template form) comments and,
 * when asked, other tools' suppressions of the same hazard in Python files:
 * - `# nosec` alone covers every rule on its line; `# nosec B308` / `B703` (or the test names
 *   `mark_safe`, `django_mark_safe`) covers the mark_safe rules; other Bandit codes cover nothing of ours;
 * - `# noqa: S308` covers the mark_safe rules (a bare `# noqa` is too broad to honour: it often only
 *   silences line length);
 * - `# nosemgrep` alone covers every rule on its line; `# nosemgrep: <id>` covers the mark_safe rules
 *   when the id names mark_safe, and nothing otherwise.
 * Foreign suppressions cover findings whose lines include the comment's line, never the line below.
 */
export function findSuppressions(path: string, lines: string[], language: "python" | "template", options: FindSuppressionsOptions = {}): Suppression[] {
  const re = language === "python" ? PY : TEMPLATE;
  const foreign = options.foreign === true && language === "python";
  const out: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.includes("django-sec:")) {
      const m = re.exec(line);
      const end = language === "template" ? m?.[2].indexOf("#}") ?? -1 : m?.[2].length ?? -1;
      if (m && end >= 0) {
        const ruleIds = m[1].split(",").map((s) => s.trim()).filter(Boolean);
        out.push({ path, line: i + 1, ruleIds, reason: cleanReason(m[2].slice(0, end)) });
        continue;
      }
    }
    if (foreign && line.includes("#")) {
      const s = foreignSuppression(line);
      if (s) out.push({ path, line: i + 1, ...s });
    }
  }
  return out;
}

function foreignSuppression(line: string): Omit<Suppression, "path" | "line"> | undefined {
  const lower = line.toLowerCase();
  if (lower.includes("nosec")) {
    const m = NOSEC.exec(line);
    if (m) {
      const { codes, rest } = leadingCodes(m[1], BANDIT_CODE);
      const via = `# nosec${codes.length ? ` ${codes.join(", ")}` : ""}`;
      if (!codes.length) return { ruleIds: [], anyRule: true, reason: cleanReason(rest), via };
      if (codes.some((c) => BANDIT_MARK_SAFE.has(c.toLowerCase()))) return { ruleIds: [...MARK_SAFE_RULES], reason: cleanReason(rest), via };
    }
  }
  if (lower.includes("noqa")) {
    const m = NOQA.exec(line);
    if (m) {
      const codes = m[1].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
      if (codes.includes("S308")) return { ruleIds: [...MARK_SAFE_RULES], reason: cleanReason(m[2]), via: `# noqa: ${codes.join(", ")}` };
    }
  }
  if (lower.includes("nosemgrep")) {
    const m = NOSEMGREP.exec(line);
    if (m) {
      const tail = m[1];
      const named = /^\s*:\s*([\w.\-/]+(?:\s*,\s*[\w.\-/]+)*)(.*)$/.exec(tail);
      if (!named) return { ruleIds: [], anyRule: true, reason: cleanReason(tail), via: "# nosemgrep" };
      const ids = named[1].split(",").map((s) => s.trim());
      if (ids.some((id) => /mark[-_]safe/i.test(id))) return { ruleIds: [...MARK_SAFE_RULES], reason: cleanReason(named[2]), via: `# nosemgrep: ${ids.join(", ")}` };
    }
  }
  return undefined;
}

/** Splits `B308, B703 - reason` into the codes and the rest. */
function leadingCodes(text: string, code: RegExp): { codes: string[]; rest: string } {
  const codes: string[] = [];
  let rest = text.replace(/^\s*:?/, "");
  for (;;) {
    const m = /^[\s,]*([A-Za-z0-9_]+)/.exec(rest);
    if (!m || !code.test(m[1])) break;
    codes.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { codes, rest };
}

/** The reason after the codes: without separators (`-`, `:`, `#`, dashes) around it. */
function cleanReason(text: string): string {
  return text.trim().replace(/^[-:–—#,\s]+/, "").trim();
}

/**
 * The suppression that covers a finding: one of ours naming its rule on the finding's first line or on
 * the line above (for file-level findings, anywhere in the file); or another tool's on one of the
 * finding's lines that covers the rule.
 */
export function suppressionFor(
  ruleId: string,
  line: number,
  fileLevel: boolean,
  suppressions: Suppression[],
  endLine = line,
): Suppression | undefined {
  return suppressions.find((s) => {
    if (s.via !== undefined) return !fileLevel && (s.anyRule === true || s.ruleIds.includes(ruleId)) && s.line >= line && s.line <= Math.max(line, endLine);
    return s.ruleIds.includes(ruleId) && (fileLevel || s.line === line || s.line === line - 1);
  });
}
