import { readFileSync } from "node:fs";
import { analyzeSources, type AnalysisResult } from "../../src/core/analysis/analyze-project.js";
import type { Rule } from "../../src/core/analysis/define-rule.js";
import { DEFAULT_CONFIG, type Config } from "../../src/core/config/config.js";

/** The metadata of a throwaway rule a test defines to exercise the analysis itself. */
export const TEST_RULE_META = {
  severity: "high" as const,
  confidence: "high" as const,
  cwe: 95,
  owasp: "A03:2021",
  guideSection: "xss" as const,
  djangoDocs: "https://docs.djangoproject.com/en/stable/",
  docs: { what: "test rule", why: "test rule", example: "eval(x)", fix: "do not" },
};

export interface ValidCase {
  name: string;
  code: string;
  /** Repository path of the file; defaults depend on the rule's language. */
  path?: string;
  /** Other files of the project (e.g. a star-imported base settings module). */
  context?: Record<string, string>;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  /** When set, the finding's message must contain this text. */
  messageIncludes?: string;
  /** When set, the finding's fix replacement must equal this text. */
  fix?: string | null;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

export function defaultPath(rule: Rule): string {
  if (rule.language === "template") return "shop/templates/shop/page.html";
  if (rule.language === "settings") return "mysite/settings/production.py";
  return "shop/views.py";
}

/** Runs one rule alone over one file (plus context files) with the default config. */
export function runRule(rule: Rule, code: string, path = defaultPath(rule), context: Record<string, string> = {}, config: Config = DEFAULT_CONFIG): AnalysisResult {
  return analyzeSources({
    files: [{ path, text: code }],
    contextFiles: Object.entries(context).map(([p, text]) => ({ path: p, text })),
    config: { ...config, exclude: [] },
    rules: [rule],
  });
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Table-driven rule test: valid cases produce nothing, invalid cases exactly the listed errors. */
export function testRule(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  describe(rule.id, () => {
    it("has unique case names and at least one valid and one invalid case", () => {
      expect(new Set(names).size).toBe(names.length);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    if (cases.valid.length) {
      it.each(cases.valid.map((c) => [c.name, c] as const))("valid: %s", (_name, c) => {
        const result = runRule(rule, c.code, c.path, c.context);
        expect(result.errors).toEqual([]);
        expect(result.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    }
    if (cases.invalid.length) {
      it.each(cases.invalid.map((c) => [c.name, c] as const))("invalid: %s", (_name, c) => {
        const result = runRule(rule, c.code, c.path, c.context);
        expect(result.errors).toEqual([]);
        const got = result.findings.map((f) => ({ messageId: f.messageId, line: f.line }));
        expect(got).toEqual(c.errors.map((e) => ({ messageId: e.messageId, line: e.line })));
        result.findings.forEach((f, i) => {
          const e = c.errors[i];
          expect(Object.keys(rule.messages)).toContain(f.messageId);
          for (const m of rule.messages[f.messageId].matchAll(PLACEHOLDER)) expect(f.message).not.toContain(m[0]);
          if (e.messageIncludes) expect(f.message).toContain(e.messageIncludes);
          if (e.fix !== undefined) expect(f.fix?.replacement ?? null).toEqual(e.fix);
        });
      });
    }
  });
}

/**
 * Checks a realistic fixture: every line after a `# expect: <rule-id>` marker (or `{# expect: ... #}`)
 * must be flagged, and no line after an `# ok: <rule-id>` marker may be. Returns the counts.
 */
export function checkFixture(rule: Rule, fixturePath: string, repoPath = defaultPath(rule)): { expected: number[]; got: number[]; okViolations: number[] } {
  const text = readFileSync(fixturePath, "utf8");
  const lines = text.split(/\r?\n/);
  const expected: number[] = [];
  const ok: number[] = [];
  lines.forEach((line, i) => {
    const m = /(?:#|\{#)\s*(expect|ok):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/.exec(line);
    if (!m || !m[2].split(",").map((s) => s.trim()).includes(rule.id)) return;
    (m[1] === "expect" ? expected : ok).push(nextCodeLine(lines, i));
  });
  const got = [...new Set(runRule(rule, text, repoPath).findings.map((f) => f.line))].sort((a, b) => a - b);
  return { expected, got, okViolations: ok.filter((l) => got.includes(l)) };
}

function nextCodeLine(lines: string[], markerIndex: number): number {
  for (let j = markerIndex + 1; j < lines.length; j++) {
    const t = lines[j].trim();
    if (t && !/^(#|\{#)\s*(expect|ok|todo-expect|todo-ok):/.test(t)) return j + 1;
  }
  return markerIndex + 1;
}
