import { defineRule } from "../../src/core/analysis/define-rule.js";
import { requireTrue, settingSource, truthiness } from "./effective-setting.js";

export default defineRule({
  id: "csrf-cookie-not-secure",
  severity: "medium",
  confidence: "high",
  cwe: 614,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure",
  djangoChecks: ["security.W016"],
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what: "Finds production settings where `CSRF_COOKIE_SECURE` is off or missing.",
    why:
      "Without the `Secure` flag the CSRF cookie is also sent over plain HTTP, where a network attacker can read it, " +
      "or set their own value for it, and then forge requests that pass Django's CSRF check.",
    example: "CSRF_COOKIE_SECURE = False\n",
    good: "CSRF_COOKIE_SECURE = True\n",
    fix:
      "Set `CSRF_COOKIE_SECURE = True` in production settings; keep it `False` only in local development settings. " +
      "With `CSRF_USE_SESSIONS = True` there is no CSRF cookie and this rule stays silent.",
  },
  messages: {
    disabled: "`CSRF_COOKIE_SECURE` is off in production settings, so the CSRF cookie is sent over plain HTTP. Set it to `True`.",
    fallbackOff: "`CSRF_COOKIE_SECURE` is off whenever {{env}} is unset. Make the default `True`.",
    inheritedOff: "This production module inherits `CSRF_COOKIE_SECURE` off from `{{from}}`. Set `CSRF_COOKIE_SECURE = True` here.",
    missing:
      "Production settings never set `CSRF_COOKIE_SECURE` (default `False`), so the CSRF cookie can travel over plain HTTP. Set it to `True`.",
  },
  checkSettings(ctx) {
    // With CSRF_USE_SESSIONS the token lives in the session and no CSRF cookie is set.
    const useSessions = settingSource(ctx, "CSRF_USE_SESSIONS");
    if ((useSessions.kind === "own" || useSessions.kind === "inherited") && truthiness(useSessions.assignment.value) === true) return;
    requireTrue(ctx, "CSRF_COOKIE_SECURE");
  },
});
