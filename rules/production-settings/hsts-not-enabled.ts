import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { envLabel, settingSource, starImportLocation } from "./effective-setting.js";

const ONE_YEAR = 31_536_000;

/** Seconds a SECURE_HSTS_SECONDS value (or its environment fallback) stands for; undefined when unknown. */
export function hstsSeconds(value: PyValue | undefined): number | undefined {
  if (!value) return undefined;
  if (value.kind === "int") return value.value;
  if (value.kind === "bool") return value.value ? 1 : 0;
  if (value.kind === "none") return 0;
  if (value.kind === "env") return hstsSeconds(value.fallback);
  return undefined;
}

export default defineRule({
  id: "hsts-not-enabled",
  severity: "medium",
  confidence: "medium",
  cwe: 319,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security",
  djangoChecks: ["security.W004"],
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what: "Finds production settings where `SECURE_HSTS_SECONDS` is missing, 0, or shorter than one year (31536000).",
    why:
      "Without HTTP Strict Transport Security a browser will still try `http://` first, and an attacker on the " +
      "network (public Wi-Fi, for example) can intercept that request and keep the user on a fake, unencrypted site.",
    example: "SECURE_HSTS_SECONDS = 0\n",
    good: "SECURE_HSTS_SECONDS = 31536000  # one year\n",
    fix:
      "Once the whole site (and, with `SECURE_HSTS_INCLUDE_SUBDOMAINS`, every subdomain) works over HTTPS, set " +
      "`SECURE_HSTS_SECONDS = 31536000`. Browsers remember the header, so roll out with a small value such as 3600 " +
      "first, then raise it.",
    note: "A value below one year is reported with low severity: Django's docs recommend starting small while testing.",
  },
  messages: {
    off: "HSTS is off in production settings (`SECURE_HSTS_SECONDS = {{seconds}}`). Set it to 31536000 once HTTPS works everywhere.",
    short: "`SECURE_HSTS_SECONDS` is {{seconds}} seconds, under one year. Raise it to 31536000 once the rollout is done.",
    fallbackShort: "`SECURE_HSTS_SECONDS` is {{seconds}} whenever {{env}} is unset. Make the default 31536000.",
    inherited: "This production module inherits `SECURE_HSTS_SECONDS = {{seconds}}` from `{{from}}`. Set it to 31536000 here.",
    missing: "Production settings never set `SECURE_HSTS_SECONDS`, so browsers are not told to use HTTPS only. Set it to 31536000.",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "SECURE_HSTS_SECONDS");
    if (source.kind === "missing") return ctx.reportFile("missing");
    if (source.kind === "unknown") return;
    const a = source.assignment;
    const seconds = hstsSeconds(a.value);
    if (seconds === undefined || seconds >= ONE_YEAR) return;
    const severity = seconds > 0 ? ("low" as const) : undefined;
    if (source.kind === "inherited") {
      ctx.reportFile("inherited", { seconds, from: a.path }, starImportLocation(ctx));
    } else if (a.value.kind === "env") {
      ctx.report(a.node, "fallbackShort", { seconds, env: envLabel(a.value) }, { severity });
    } else {
      ctx.report(a.node, seconds > 0 ? "short" : "off", { seconds: a.valueNode.text }, { severity });
    }
  },
});
