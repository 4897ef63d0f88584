import { expectedOf, findingsOf, type CatalogCase } from "./catalog-harness.js";
import { codeNegative, codePositive, cspNegative, cspPositive, templateNegative, templatePositive } from "./cases-code.js";
import { flowNegative, flowPositive, flowTemplateNegative, flowTemplatePositive } from "./cases-flow.js";
import { settingsNegative, settingsPositive } from "./cases-settings.js";

// Every item of the rule catalog, written the way an outside tester would: realistic positive
// snippets with `# expect: <rule-id>` above each line that must be flagged, and safe look-alikes (the
// guide's own recommended code among them) that must produce nothing. Each case asserts the exact set
// of (path, line, rule) over all rules with the CLI's default config, so extra findings fail too.
const positive: CatalogCase[] = [...settingsPositive, ...codePositive, ...cspPositive, ...templatePositive, ...flowPositive, ...flowTemplatePositive];
const negative: CatalogCase[] = [...settingsNegative, ...codeNegative, ...cspNegative, ...templateNegative, ...flowNegative, ...flowTemplateNegative];

describe("issue rule catalog", () => {
  it("has unique case names, and every positive case expects a finding", () => {
    const names = [...positive, ...negative].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(positive.filter((c) => expectedOf(c.files).length === 0).map((c) => c.name)).toEqual([]);
    expect(negative.filter((c) => expectedOf(c.files).length > 0).map((c) => c.name)).toEqual([]);
  });

  it.each([...positive, ...negative].map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { found, errors } = findingsOf(c.files);
    expect(errors).toEqual([]);
    expect(found).toEqual(expectedOf(c.files));
  });
});
