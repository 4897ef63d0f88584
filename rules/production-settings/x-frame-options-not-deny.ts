import { defineRule } from "../../src/core/analysis/define-rule.js";
import { codeSpan, envLabel, settingSource } from "./effective-setting.js";

export default defineRule({
  id: "x-frame-options-not-deny",
  severity: "medium",
  confidence: "high",
  cwe: 1021,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/clickjacking/",
  djangoChecks: ["security.W019"],
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds `X_FRAME_OPTIONS` set to anything other than `'DENY'`: `'SAMEORIGIN'` (low severity) or a value browsers ignore.",
    why:
      "A page that other sites can frame can be overlaid with a decoy, so a user clicks buttons they cannot see " +
      "(clickjacking). `'SAMEORIGIN'` still lets any page on your own origin frame it, including user-generated pages. " +
      "Values such as `'ALLOW-FROM ...'` or `'ALLOWALL'` are ignored by current browsers, which leaves framing unrestricted.",
    example: 'X_FRAME_OPTIONS = "ALLOWALL"\n',
    good: "X_FRAME_OPTIONS = \"DENY\"\n",
    fix:
      "Delete the line (the default is `'DENY'` since Django 3.0) or set `X_FRAME_OPTIONS = \"DENY\"`. Allow framing " +
      "on the few views that need it with `@xframe_options_sameorigin`. To allow other sites, use a " +
      "Content-Security-Policy `frame-ancestors` list instead.",
    note: "Since Django 3.0 the default is `'DENY'`, so a missing setting is fine and only other values are reported.",
  },
  messages: {
    sameOrigin:
      "`X_FRAME_OPTIONS = 'SAMEORIGIN'` lets any page on this origin frame every view. Use `'DENY'` and `@xframe_options_sameorigin` on views that need it.",
    notDeny:
      "`X_FRAME_OPTIONS` is {{value}}, which browsers do not enforce, so any site can frame these pages. Use `'DENY'`.",
    fallbackNotDeny: "`X_FRAME_OPTIONS` is {{value}} whenever {{env}} is unset. Make the default `'DENY'`.",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "X_FRAME_OPTIONS");
    if (source.kind !== "own") return;
    const a = source.assignment;
    const literal = a.value.kind === "env" ? a.value.fallback : a.value;
    if (literal?.kind !== "str") return;
    const header = literal.value.trim().toUpperCase();
    if (header === "DENY") return;
    const severity = header === "SAMEORIGIN" ? ("low" as const) : undefined;
    const value = codeSpan(JSON.stringify(literal.value));
    if (a.value.kind === "env") ctx.report(a.node, "fallbackNotDeny", { value, env: envLabel(a.value) }, { severity });
    else ctx.report(a.node, severity ? "sameOrigin" : "notDeny", { value }, { severity });
  },
});
