import { defineRule, type MatchContext } from "../../src/core/analysis/define-rule.js";
import { evaluate } from "../../src/core/analysis/py-value.js";
import { gatedQuery, HEADER_WRITE_QUERY, headerName } from "./header-writes.js";

export default defineRule({
  id: "x-xss-protection-header",
  severity: "low",
  confidence: "high",
  cwe: 1021,
  owasp: "A05:2021",
  guideSection: "headers",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security",
  docs: {
    what: "Finds code that turns on the legacy browser XSS filter with an `X-XSS-Protection: 1` or `1; mode=block` header.",
    why:
      "Current browsers ignore the header: Chrome and Edge removed their XSS auditor and Firefox never had one, so it " +
      "gives no protection. In old browsers the filter itself could be abused to leak data across sites or disable " +
      "legitimate scripts. Relying on it hides the need for a real Content Security Policy.",
    example: 'response["X-XSS-Protection"] = "1; mode=block"\n',
    good: "response[\"X-XSS-Protection\"] = \"0\"\n",
    fix: "Remove the header (or send `X-XSS-Protection: 0`) and protect against XSS with output escaping and a Content Security Policy.",
    note:
      "The guide's middleware sets `X-XSS-Protection: 1; mode=block`; that advice is outdated. Django's own " +
      "`SECURE_BROWSER_XSS_FILTER` setting has no effect since Django 4.0 (browser-xss-filter-setting reports it).",
  },
  messages: {
    filterEnabled: "`X-XSS-Protection: {{value}}` turns on a filter current browsers removed, and old ones could be abused. Remove the header or send `0`; rely on a CSP.",
  },
  checkModule(ctx) {
    xssWrites(ctx, check);
  },
});

const xssWrites = gatedQuery(/x-xss-protection/i, HEADER_WRITE_QUERY);

function check({ maybe, node, imports, report }: MatchContext): void {
  if (headerName(maybe("header")) !== "x-xss-protection") return;
  const value = evaluate(node("hvalue"), imports);
  if (value.kind === "str" && value.value.trim().startsWith("1")) report(node("hvalue"), "filterEnabled", { value: value.value.trim() });
}
