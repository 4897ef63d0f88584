import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { dictComplete, dictEntry } from "../../src/core/analysis/settings-values.js";
import { settingSource, starImportLocation } from "../production-settings/effective-setting.js";

/** "yes" when some logger on the way from `django.security` to the root has a real handler, "no", or "unknown". */
export function routesSecurityEvents(logging: PyValue): "yes" | "no" | "unknown" {
  if (!dictComplete(logging)) return "unknown";
  const handlerDefs = dictEntry(logging, "handlers");
  const loggers = dictEntry(logging, "loggers");
  if (loggers && !dictComplete(loggers)) return "unknown";
  const chain = [dictEntry(loggers, "django.security"), dictEntry(loggers, "django"), dictEntry(loggers, ""), dictEntry(logging, "root")];
  for (const logger of chain) {
    if (!logger) continue;
    if (!dictComplete(logger)) return "unknown";
    const handlers = dictEntry(logger, "handlers");
    if (handlers) {
      if (handlers.kind !== "list") return "unknown";
      for (const h of handlers.items) {
        if (h.kind !== "str") return "unknown";
        if (!isNullHandler(handlerDefs, h.value)) return "yes";
      }
    }
    const propagate = dictEntry(logger, "propagate");
    if (propagate?.kind === "bool" && !propagate.value) return "no";
  }
  return "no";
}

function isNullHandler(handlerDefs: PyValue | undefined, name: string): boolean {
  const cls = dictEntry(dictEntry(handlerDefs, name), "class");
  return cls?.kind === "str" && cls.value === "logging.NullHandler";
}

export default defineRule({
  id: "security-logging-missing",
  severity: "low",
  confidence: "medium",
  cwe: 778,
  owasp: "A09:2021",
  guideSection: "logging",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/logging/#django-security",
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what:
      "Finds production settings with no `LOGGING`, or a `LOGGING` that sends the `django.security` logger nowhere " +
      "(no handler on `django.security`, `django` or the root logger).",
    why:
      "`django.security` records suspicious requests: bad `Host` headers, CSRF failures, tampered signed data, " +
      "oversized uploads. If nothing collects those events, probing and attacks go unnoticed and cannot be investigated later.",
    example: 'LOGGING = {\n    "version": 1,\n    "handlers": {"console": {"class": "logging.StreamHandler"}},\n    "loggers": {"myapp": {"handlers": ["console"]}},\n}\n',
    summary: "Finds production settings whose LOGGING sends the django.security logger nowhere.",
    good: "LOGGING = {\n    \"version\": 1,\n    \"handlers\": {\"console\": {\"class\": \"logging.StreamHandler\"}},\n    \"loggers\": {\n        \"myapp\": {\"handlers\": [\"console\"]},\n        \"django.security\": {\"handlers\": [\"console\"], \"level\": \"WARNING\"},\n    },\n}\n",
    fix:
      "Give `django.security` (or `django`, or the root logger) a handler that ends up where you keep logs, e.g. " +
      '`"loggers": {"django.security": {"handlers": ["console"], "level": "WARNING"}}` with a `StreamHandler` ' +
      "collected by your platform, or a file or log service handler.",
    note:
      "Without `LOGGING`, Django's default configuration only emails these errors to `ADMINS` (when set) while " +
      "`DEBUG` is off. Modules with a star import this tool cannot read, a custom `LOGGING_CONFIG`, or `LOGGING` " +
      "changed in place are skipped.",
  },
  messages: {
    loggingMissing: "Production settings have no `LOGGING`, so `django.security` events are only emailed to `ADMINS`, if set. Route them to your logs.",
    notRouted:
      "`LOGGING` gives `django.security`, `django` and the root logger no handler, so security events reach at most Django's default email to `ADMINS`. Add one.",
    inheritedNotRouted:
      "The `LOGGING` inherited from `{{from}}` gives `django.security` no handler, so security events reach at most Django's default email to `ADMINS`. Add one.",
  },
  checkSettings(ctx) {
    // Logging configured by hand (LOGGING_CONFIG = None, dictConfig calls) or edited in place is out of reach.
    if (ctx.settings.has("LOGGING_CONFIG")) return;
    if (/\bdictConfig\s*\(|\bfileConfig\s*\(|\bLOGGING\s*\[|\bLOGGING\s*\.\s*(update|setdefault)\s*\(/.test(ctx.text)) return;
    const source = settingSource(ctx, "LOGGING");
    if (source.kind === "missing") return ctx.reportFile("loggingMissing");
    if (source.kind === "unknown") return;
    const a = source.assignment;
    if (routesSecurityEvents(a.value) !== "no") return;
    if (source.kind === "own") ctx.report(a.node, "notRouted");
    else ctx.reportFile("inheritedNotRouted", { from: a.path }, starImportLocation(ctx));
  },
});
