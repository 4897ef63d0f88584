import { readFileSync } from "node:fs";
import { allRules } from "../../rules/index.js";
import { DJANGO_SECURITY_CHECKS, renderDjangoChecks } from "../../src/core/analysis/django-checks.js";
import { defineRule } from "../../src/core/analysis/define-rule.js";

it("docs/django-checks.md is generated from the rules' djangoChecks (run `npm run docs:django-checks`)", () => {
  const committed = readFileSync(new URL("../../docs/django-checks.md", import.meta.url), "utf8");
  expect(committed.trimEnd()).toBe(renderDjangoChecks(allRules).trimEnd());
});

it("every W0xx check Django 3.2 runs has a rule", () => {
  const covered = new Set(allRules.flatMap((r) => r.djangoChecks ?? []));
  const uncovered = DJANGO_SECURITY_CHECKS.filter((c) => /^security\.W0/.test(c.id) && !covered.has(c.id)).map((c) => c.id);
  expect(uncovered).toEqual(["security.W022"]);
});

it("a rule naming a check Django does not have is an error", () => {
  const bogus = defineRule({
    id: "bogus",
    severity: "low",
    confidence: "low",
    cwe: 16,
    owasp: "A05:2021",
    guideSection: "production-settings",
    djangoDocs: "https://docs.djangoproject.com/en/stable/",
    djangoChecks: ["security.W999"],
    language: "settings",
    docs: { what: "x", why: "x", example: "X = 1\n", fix: "x" },
    messages: { m: "x" },
    checkSettings() {},
  });
  expect(() => renderDjangoChecks([bogus])).toThrow(/security\.W999/);
});
