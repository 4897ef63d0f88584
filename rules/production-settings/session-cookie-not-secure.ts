import { defineRule } from "../../src/core/analysis/define-rule.js";
import { requireTrue } from "./effective-setting.js";

export default defineRule({
  id: "session-cookie-not-secure",
  severity: "medium",
  confidence: "high",
  cwe: 614,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
  djangoChecks: ["security.W010", "security.W011", "security.W012"],
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what: "Finds production settings where `SESSION_COOKIE_SECURE` is off or missing.",
    why:
      "Without the `Secure` flag the browser also sends the session cookie over plain HTTP, for example on the first " +
      "request to `http://` before a redirect, where anyone on the network can copy it and take over the session.",
    example: "SESSION_COOKIE_SECURE = False\n",
    good: "SESSION_COOKIE_SECURE = True\n",
    fix: "Set `SESSION_COOKIE_SECURE = True` in production settings; keep it `False` only in local development settings.",
  },
  messages: {
    disabled: "`SESSION_COOKIE_SECURE` is off in production settings, so the session cookie is sent over plain HTTP. Set it to `True`.",
    fallbackOff: "`SESSION_COOKIE_SECURE` is off whenever {{env}} is unset. Make the default `True`.",
    inheritedOff:
      "This production module inherits `SESSION_COOKIE_SECURE` off from `{{from}}`. Set `SESSION_COOKIE_SECURE = True` here.",
    missing:
      "Production settings never set `SESSION_COOKIE_SECURE` (default `False`), so the session cookie can travel over plain HTTP. Set it to `True`.",
  },
  checkSettings(ctx) {
    requireTrue(ctx, "SESSION_COOKIE_SECURE");
  },
});
