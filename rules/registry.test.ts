import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkFixture, runRule } from "../test/helpers/test-rule.js";
import { allRules } from "./index.js";

const rulesDir = dirname(fileURLToPath(import.meta.url));
const table = allRules.map((r) => [r.id, r] as const);

describe("rule registry", () => {
  it("has unique ids", () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(table)("%s: id equals its file name and a test sits beside it", (id, rule) => {
    const file = join(rulesDir, rule.guideSection === "meta" ? "meta" : rule.guideSection, `${id}.ts`);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(file.replace(/\.ts$/, ".test.ts"))).toBe(true);
  });

  it.each(table)("%s: metadata is complete", (_id, rule) => {
    for (const field of ["what", "why", "example", "fix"] as const) expect(rule.docs[field].trim().length).toBeGreaterThan(10);
    expect(rule.cwes.length).toBeGreaterThan(0);
    expect(rule.owasp).toMatch(/^A\d\d:2021$/);
    expect(rule.djangoDocs).toMatch(/^https:\/\//);
    expect(rule.djangoDocs).not.toMatch(/docs\.djangoproject\.com\/en\/(?!stable)/);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
  });

  it.each(table)("%s: its docs example triggers it", (_id, rule) => {
    const path = rule.examplePath;
    expect(runRule(rule, rule.docs.example, path).findings.length).toBeGreaterThan(0);
  });

  it.each(table)("%s: its compliant (good) example does not trigger it", (_id, rule) => {
    expect(rule.docs.good?.trim().length ?? 0).toBeGreaterThan(10);
    const result = runRule(rule, rule.docs.good!, rule.examplePath);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
  });

  const fixtures = allRules.flatMap((rule) => {
    const dir = join(rulesDir, rule.guideSection, "__fixtures__");
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.startsWith(`${rule.id}.`)).map((f) => [`${rule.id} ${f}`, rule, join(dir, f)] as const);
  });
  if (fixtures.length) {
    it.each(fixtures)("fixture %s: expect/ok markers hold", (_name, rule, path) => {
      const header = /^(?:#|\{#)\s*path:\s*(\S+)/.exec(readFileSync(path, "utf8"));
      const { expected, got, okViolations } = checkFixture(rule, path, header?.[1]);
      expect(okViolations).toEqual([]);
      expect(got).toEqual(expect.arrayContaining(expected));
      expect(got.filter((l) => !expected.includes(l))).toEqual([]);
    });
  }
});
