import { readFileSync } from "node:fs";
import { renderRuleReference } from "../../src/core/report/rule-docs.js";
import { allRules } from "../../rules/index.js";

// docs/rules.md is what the README and every comment's "rule docs" link point to; it must list every rule as it is now.
it("docs/rules.md is generated from the current rules (run `npm run docs:rules`)", () => {
  const committed = readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8");
  expect(committed.trimEnd()).toBe(renderRuleReference(allRules).trimEnd());
});
