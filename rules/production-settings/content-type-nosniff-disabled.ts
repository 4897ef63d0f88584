import { defineRule } from "../../src/core/analysis/define-rule.js";
import { envLabel, replaceValueFix, settingSource, truthiness } from "./effective-setting.js";

export default defineRule({
  id: "content-type-nosniff-disabled",
  severity: "medium",
  confidence: "high",
  cwe: 693,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-content-type-nosniff",
  djangoChecks: ["security.W006"],
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds settings that switch off `SECURE_CONTENT_TYPE_NOSNIFF`, which stops the `X-Content-Type-Options: nosniff` header.",
    why:
      "Without the header, browsers may guess a response's type from its content: an uploaded file or a JSON response " +
      "that contains HTML or script can then run as a page or script on the site's origin (cross-site scripting).",
    example: "SECURE_CONTENT_TYPE_NOSNIFF = False\n",
    good: "SECURE_CONTENT_TYPE_NOSNIFF = True\n",
    fix: "Delete the line (the default is `True` since Django 3.0) or set `SECURE_CONTENT_TYPE_NOSNIFF = True`.",
    note: "The guide sets it to `True` explicitly; since Django 3.0 that is the default, so only turning it off is reported.",
  },
  messages: {
    disabled: "`SECURE_CONTENT_TYPE_NOSNIFF` is off, so browsers may run uploads or API responses as HTML or script. Set it to `True`.",
    fallbackOff: "`SECURE_CONTENT_TYPE_NOSNIFF` is off whenever {{env}} is unset. Make the default `True`.",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "SECURE_CONTENT_TYPE_NOSNIFF");
    if (source.kind !== "own") return;
    const a = source.assignment;
    if (truthiness(a.value) !== false) return;
    if (a.value.kind === "env") return ctx.report(a.node, "fallbackOff", { env: envLabel(a.value) });
    const fix = replaceValueFix(ctx, a, "True");
    ctx.report(a.node, "disabled", {}, fix ? { fix } : {});
  },
});
