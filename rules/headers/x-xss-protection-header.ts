import { defineRule, type MatchContext } from "../../src/core/analysis/define-rule.js";
import { evaluate } from "../../src/core/analysis/py-value.js";
import { gatedQuery, HEADER_WRITE_QUERY, headerName, insideDefinition, underDevGuard } from "./header-writes.js";

export default defineRule({
  id: "x-xss-protection-header",
  severity: "low",
  confidence: "high",
  cwe: 1021,
  owasp: "A05:2021",
  guideSection: "headers",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security",
  docs: {
    what:
      "Finds code that turns on the legacy browser XSS filter: an `X-XSS-Protection: 1` or `1; mode=block` header, or " +
      "`SECURE_BROWSER_XSS_FILTER = True` in settings.",
    why:
      "Current browsers ignore the header: Chrome and Edge removed their XSS auditor and Firefox never had one, so it " +
      "gives no protection. In old browsers the filter itself could be abused to leak data across sites or disable " +
      "legitimate scripts. Relying on it hides the need for a real Content Security Policy.",
    example: 'response["X-XSS-Protection"] = "1; mode=block"\n',
    fix: "Remove the header (or send `X-XSS-Protection: 0`) and protect against XSS with output escaping and a Content Security Policy.",
    note:
      "The guide's middleware sets `X-XSS-Protection: 1; mode=block`; that advice is outdated. Django's " +
      "`SECURE_BROWSER_XSS_FILTER` setting was removed in Django 4.0 and no longer sends anything.",
  },
  messages: {
    filterEnabled: "`X-XSS-Protection: {{value}}` turns on a filter current browsers removed, and old ones could be abused. Remove the header or send `0`; rely on a CSP.",
    removedSetting: "`SECURE_BROWSER_XSS_FILTER` does nothing since Django 4.0, and the header it sent is obsolete. Remove it and rely on a Content Security Policy.",
  },
  checkModule(ctx) {
    xssWrites(ctx, check);
  },
});

const xssWrites = gatedQuery(
  /x-xss-protection|SECURE_BROWSER_XSS_FILTER/i,
  `${HEADER_WRITE_QUERY}
   (assignment left: (identifier) @setting (#eq? @setting "SECURE_BROWSER_XSS_FILTER") right: (true) @value)`,
);

function check({ maybe, node, imports, report, settingsKind }: MatchContext): void {
  const setting = maybe("setting");
  if (setting) {
    const statement = setting.parent!;
    if ((settingsKind === "production" || settingsKind === "base") && !insideDefinition(statement) && !underDevGuard(statement)) {
      report(statement, "removedSetting");
    }
    return;
  }
  if (headerName(maybe("header")) !== "x-xss-protection") return;
  const value = evaluate(node("hvalue"), imports);
  if (value.kind === "str" && value.value.trim().startsWith("1")) report(node("hvalue"), "filterEnabled", { value: value.value.trim() });
}
