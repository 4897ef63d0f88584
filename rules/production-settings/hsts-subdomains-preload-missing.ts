import { defineRule } from "../../src/core/analysis/define-rule.js";
import { envLabel, settingSource, starImportLocation, truthiness } from "./effective-setting.js";
import { hstsSeconds } from "./hsts-not-enabled.js";

const FLAGS = ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"];

export default defineRule({
  id: "hsts-subdomains-preload-missing",
  severity: "low",
  confidence: "medium",
  cwe: 319,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains",
  djangoChecks: ["security.W005", "security.W021"],
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what:
      "Finds production settings that turn HSTS on (`SECURE_HSTS_SECONDS` above 0) without " +
      "`SECURE_HSTS_INCLUDE_SUBDOMAINS = True` or `SECURE_HSTS_PRELOAD = True`.",
    why:
      "Without `includeSubDomains`, an attacker on the network can still serve `http://` subdomains and use them to " +
      "set cookies for the main site. Without preloading, a browser's very first visit is not protected.",
    example: "SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = False\n",
    good: "SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n",
    fix:
      "When every subdomain serves HTTPS, set `SECURE_HSTS_INCLUDE_SUBDOMAINS = True`. Set `SECURE_HSTS_PRELOAD = True` " +
      "and submit the domain at hstspreload.org only when you are ready to commit: removal from browsers' preload lists takes months.",
    note:
      "The guide sets both flags unconditionally. Both can lock users out of subdomains that only serve HTTP, so this " +
      "rule is low severity and asks you to check first.",
  },
  messages: {
    missing: "HSTS is on but `{{setting}}` is not set. Set it to `True` once every subdomain serves HTTPS.",
    disabled: "HSTS is on but `{{setting}}` is off. Set it to `True` once every subdomain serves HTTPS.",
    fallbackOff: "`{{setting}}` is off whenever {{env}} is unset while HSTS is on. Make the default `True`.",
    inheritedOff: "HSTS is on but this module inherits `{{setting}}` off from `{{from}}`. Set it to `True` here.",
  },
  checkSettings(ctx) {
    const hsts = settingSource(ctx, "SECURE_HSTS_SECONDS");
    if (hsts.kind !== "own" && hsts.kind !== "inherited") return;
    if (!((hstsSeconds(hsts.assignment.value) ?? 0) > 0)) return;
    const hstsLine = hsts.kind === "own" ? hsts.assignment.node : starImportLocation(ctx);
    for (const setting of FLAGS) {
      const source = settingSource(ctx, setting);
      if (source.kind === "missing") ctx.reportFile("missing", { setting }, hstsLine);
      if (source.kind !== "own" && source.kind !== "inherited") continue;
      const a = source.assignment;
      if (truthiness(a.value) !== false) continue;
      if (source.kind === "inherited") ctx.reportFile("inheritedOff", { setting, from: a.path }, starImportLocation(ctx));
      else if (a.value.kind === "env") ctx.report(a.node, "fallbackOff", { setting, env: envLabel(a.value) });
      else ctx.report(a.node, "disabled", { setting });
    }
  },
});
