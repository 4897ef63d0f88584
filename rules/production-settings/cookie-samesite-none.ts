import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { codeSpan, envLabel, settingSource } from "./effective-setting.js";

const SETTINGS = ["SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"];

/** `"none"` for an explicit `SameSite=None`, `"absent"` for `None`/`False` (no attribute), else undefined. */
function weakness(value: PyValue | undefined): "none" | "absent" | undefined {
  if (!value) return undefined;
  if (value.kind === "str") return value.value.trim().toLowerCase() === "none" ? "none" : undefined;
  if (value.kind === "none" || (value.kind === "bool" && !value.value)) return "absent";
  return undefined;
}

export default defineRule({
  id: "cookie-samesite-none",
  severity: "medium",
  confidence: "medium",
  cwe: 1275,
  owasp: "A01:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds `SESSION_COOKIE_SAMESITE` or `CSRF_COOKIE_SAMESITE` set to `'None'`, or to `None`/`False`, which drop " +
      "Django's default `SameSite=Lax`.",
    why:
      "With `SameSite=None` the browser attaches the cookie to requests started by any other site, so a logged-in " +
      "user's session rides along on cross-site form posts and embedded requests (CSRF and cross-site leaks). " +
      "`None`/`False` send no attribute at all, and not every browser treats that as `Lax`.",
    example: 'SESSION_COOKIE_SAMESITE = "None"\n',
    good: "SESSION_COOKIE_SAMESITE = \"Lax\"\nCSRF_COOKIE_SAMESITE = \"Strict\"\n",
    fix:
      "Delete the line (the default is `'Lax'`) or set `'Lax'` or `'Strict'`. If a cross-site flow really needs the " +
      "cookie, keep `'None'` only together with `Secure` cookies and suppress this finding with the reason.",
    note:
      "The guide sets both settings to `'Lax'`, which has been Django's default since 2.1. The CSRF cookie is reported with low severity: Django still checks the CSRF token, so `SameSite` is a second " +
      "line of defence there. Python `None`/`False` (no attribute) is also low: Chrome and Edge treat a missing " +
      "attribute as `Lax`, other browsers may not.",
  },
  messages: {
    explicitNone: "`{{setting}} = 'None'` sends this cookie with cross-site requests. Use `'Lax'` (Django's default) or `'Strict'`.",
    noAttribute:
      "`{{setting}}` set to {{value}} drops the `SameSite` attribute, so some browsers send the cookie cross-site. Use `'Lax'` or `'Strict'`.",
    fallbackNone: "`{{setting}}` is {{value}} whenever {{env}} is unset, sending the cookie cross-site. Make the default `'Lax'`.",
  },
  checkSettings(ctx) {
    for (const setting of SETTINGS) {
      const source = settingSource(ctx, setting);
      if (source.kind !== "own") continue;
      const a = source.assignment;
      const fromEnv = a.value.kind === "env";
      const literal = a.value.kind === "env" ? a.value.fallback : a.value;
      const weak = weakness(literal);
      if (!weak || !literal) continue;
      const severity = weak === "none" && setting === "SESSION_COOKIE_SAMESITE" ? undefined : ("low" as const);
      const value = codeSpan(literal.kind === "str" ? `'${literal.value}'` : literal.node.text);
      if (fromEnv) ctx.report(a.node, "fallbackNone", { setting, value, env: envLabel(a.value) }, { severity });
      else ctx.report(a.node, weak === "none" ? "explicitNone" : "noAttribute", { setting, value }, { severity });
    }
  },
});
