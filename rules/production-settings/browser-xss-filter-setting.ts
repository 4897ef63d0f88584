import { defineRule } from "../../src/core/analysis/define-rule.js";
import { deleteStatementFix } from "./effective-setting.js";

export default defineRule({
  id: "browser-xss-filter-setting",
  severity: "low",
  confidence: "high",
  cwe: 693,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/releases/4.0/#securitymiddleware-no-longer-sets-the-x-xss-protection-header",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds `SECURE_BROWSER_XSS_FILTER` in settings. Django 4.0 removed it: it no longer does anything.",
    why:
      "The setting only sent `X-XSS-Protection: 1; mode=block`, for the browsers' XSS auditors. Browsers have removed " +
      "those auditors (they could be abused to leak data from pages), so the line gives a false sense of protection " +
      "against cross-site scripting.",
    example: "SECURE_BROWSER_XSS_FILTER = True\n",
    good: "# SECURE_BROWSER_XSS_FILTER is gone since Django 4.0; send a Content-Security-Policy instead.\nSECURE_CONTENT_TYPE_NOSNIFF = True\n",
    fix:
      "Delete the line. Defend against XSS with auto-escaping and a Content-Security-Policy: Django 6.0 has one built " +
      "in (`SECURE_CSP` with `django.middleware.csp.ContentSecurityPolicyMiddleware`); on older versions use django-csp.",
    note: "The guide still recommends `SECURE_BROWSER_XSS_FILTER = True`; that advice predates Django 4.0.",
  },
  messages: {
    removedSetting:
      "`SECURE_BROWSER_XSS_FILTER` does nothing since Django 4.0, and browsers dropped their XSS filters. Delete it and use a Content-Security-Policy.",
  },
  checkSettings(ctx) {
    for (const a of ctx.settings.own("SECURE_BROWSER_XSS_FILTER")) {
      if (a.op !== "=") continue;
      const fix = deleteStatementFix(ctx, a);
      ctx.report(a.node, "removedSetting", {}, fix ? { fix } : {});
    }
  },
});
