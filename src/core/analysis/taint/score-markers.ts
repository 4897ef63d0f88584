import type { SourceFile } from "../types.js";

export interface MarkedLine {
  path: string;
  line: number;
}

export interface RuleScore {
  ruleId: string;
  /** Lines marked `# expect:` for the rule. */
  expected: number;
  /** Expected lines the rule reported. */
  found: number;
  missed: MarkedLine[];
  /** Lines marked `# ok:` that the rule reported anyway. */
  falsePositives: MarkedLine[];
  /** Reported lines without any marker for the rule. */
  unmarked: MarkedLine[];
}

const MARKER = /^\s*#\s*(expect|ok):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;
const ANY_MARKER = /^\s*#\s*(expect|ok|todo-expect|todo-ok):/;

/** The `# expect:` and `# ok:` markers of a file: rule id -> the code lines they apply to (1-based). */
export function readMarkers(text: string): { expect: Map<string, number[]>; ok: Map<string, number[]> } {
  const lines = text.split(/\r?\n/);
  const expect = new Map<string, number[]>();
  const ok = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    const target = nextCodeLine(lines, i);
    for (const id of m[2].split(",").map((s) => s.trim())) {
      const map = m[1] === "expect" ? expect : ok;
      map.set(id, [...(map.get(id) ?? []), target]);
    }
  });
  return { expect, ok };
}

function nextCodeLine(lines: string[], markerIndex: number): number {
  for (let j = markerIndex + 1; j < lines.length; j++) {
    const t = lines[j].trim();
    if (t && !ANY_MARKER.test(t)) return j + 1;
  }
  return markerIndex + 1;
}

/** Compares findings with the markers of the files, per rule. */
export function scoreMarkers(files: SourceFile[], findings: { ruleId: string; path: string; line: number }[], ruleIds: string[]): RuleScore[] {
  const markers = new Map(files.map((f) => [f.path, readMarkers(f.text)]));
  return ruleIds.map((ruleId) => {
    const score: RuleScore = { ruleId, expected: 0, found: 0, missed: [], falsePositives: [], unmarked: [] };
    const reported = new Set(findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.line}`));
    const marked = new Set<string>();
    for (const [path, m] of markers) {
      for (const line of m.expect.get(ruleId) ?? []) {
        score.expected++;
        marked.add(`${path}:${line}`);
        if (reported.has(`${path}:${line}`)) score.found++;
        else score.missed.push({ path, line });
      }
      for (const line of m.ok.get(ruleId) ?? []) {
        marked.add(`${path}:${line}`);
        if (reported.has(`${path}:${line}`)) score.falsePositives.push({ path, line });
      }
    }
    for (const key of reported) {
      if (marked.has(key)) continue;
      const at = key.lastIndexOf(":");
      score.unmarked.push({ path: key.slice(0, at), line: Number(key.slice(at + 1)) });
    }
    return score;
  });
}
