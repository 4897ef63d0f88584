import { defineRule } from "../../src/core/analysis/define-rule.js";
import { envLabel, replaceValueFix, settingSource, truthiness } from "./effective-setting.js";

export default defineRule({
  id: "cookie-httponly-disabled",
  severity: "medium",
  confidence: "high",
  cwe: 1004,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly",
  djangoChecks: ["security.W013", "security.W014", "security.W015"],
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds settings that turn off `SESSION_COOKIE_HTTPONLY`, making the session cookie readable from JavaScript.",
    why:
      "Any cross-site scripting bug, or a compromised third-party script, can then read `document.cookie` and send the " +
      "session id to an attacker, who uses it to log in as the victim.",
    example: "SESSION_COOKIE_HTTPONLY = False\n",
    good: "SESSION_COOKIE_HTTPONLY = True\n",
    fix: "Delete the line (the default is `True`) or set `SESSION_COOKIE_HTTPONLY = True`.",
    note:
      "The guide also sets `CSRF_COOKIE_HTTPONLY = True`. Django's docs explain that this brings no practical benefit " +
      "(a script that can read the page can read the token from the form) and it breaks JavaScript that reads the " +
      "`csrftoken` cookie, like the guide's own `getCookie` example, so this rule does not report `CSRF_COOKIE_HTTPONLY`.",
  },
  messages: {
    disabled: "`SESSION_COOKIE_HTTPONLY` is off, so any script on the page can steal the session cookie. Set it to `True`.",
    fallbackOff: "`SESSION_COOKIE_HTTPONLY` is off whenever {{env}} is unset. Make the default `True`.",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "SESSION_COOKIE_HTTPONLY");
    if (source.kind !== "own") return;
    const a = source.assignment;
    if (truthiness(a.value) !== false) return;
    if (a.value.kind === "env") return ctx.report(a.node, "fallbackOff", { env: envLabel(a.value) });
    const fix = replaceValueFix(ctx, a, "True");
    ctx.report(a.node, "disabled", {}, fix ? { fix } : {});
  },
});
