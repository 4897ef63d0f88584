import type { Suppression } from "./types.js";

const PY = /#\s*django-sec:\s*ignore\[([^\]]*)\]([^\n]*)/;
const TEMPLATE = /\{#\s*django-sec:\s*ignore\[([^\]]*)\](.*?)#\}/;

/** Finds `# django-sec: ignore[rule-a, rule-b] reason` (or the `{# ... #}` template form) comments. */
export function findSuppressions(path: string, lines: string[], language: "python" | "template"): Suppression[] {
  const re = language === "python" ? PY : TEMPLATE;
  const out: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes("django-sec:")) continue;
    const m = re.exec(line);
    if (!m) continue;
    const ruleIds = m[1].split(",").map((s) => s.trim()).filter(Boolean);
    out.push({ path, line: i + 1, ruleIds, reason: m[2].trim().replace(/^[-:–—]\s*/, "") });
  }
  return out;
}

/**
 * The suppression that covers a finding: one naming its rule on the finding's first line or on
 * the line above; for file-level findings, one anywhere in the file.
 */
export function suppressionFor(
  ruleId: string,
  line: number,
  fileLevel: boolean,
  suppressions: Suppression[],
): Suppression | undefined {
  return suppressions.find(
    (s) => s.ruleIds.includes(ruleId) && (fileLevel || s.line === line || s.line === line - 1),
  );
}
