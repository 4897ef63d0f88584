import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isProjectSettings } from "../../src/core/analysis/settings-values.js";
import { envLabel, settingSource, starImportLocation } from "./effective-setting.js";

export default defineRule({
  id: "allowed-hosts-empty",
  severity: "low",
  confidence: "high",
  cwe: 16,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts",
  djangoChecks: ["security.W020"],
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what:
      "Finds production settings whose `ALLOWED_HOSTS` is empty: never set, `[]`, or an environment lookup whose " +
      "default is an empty list.",
    why:
      "With `DEBUG` off and no allowed host, Django answers every request with 400 Bad Request. The usual quick fix " +
      "under pressure is `ALLOWED_HOSTS = ['*']`, which lets any `Host` header through (poisoned password reset links, " +
      "cache poisoning). Django's `check --deploy` reports it as `security.W020`.",
    example: "DEBUG = False\nALLOWED_HOSTS = []\n",
    good: "DEBUG = False\nALLOWED_HOSTS = [\"shop.example.com\"]\n",
    fix:
      'List the domains the site serves, e.g. `ALLOWED_HOSTS = ["shop.example.com"]`, or read them from the environment ' +
      'with no empty default so a missing variable fails loudly: `env.list("ALLOWED_HOSTS")`.',
    note: "An environment lookup with an empty default is reported at low confidence: the deployment usually sets the variable.",
  },
  messages: {
    empty: "`ALLOWED_HOSTS` is empty in production settings, so Django rejects every request. List the domains this site serves.",
    emptyFallback:
      "`ALLOWED_HOSTS` is empty whenever {{env}} is unset, and Django then rejects every request. Require the variable (no default) or default to the real domain.",
    inherited: "This production module inherits an empty `ALLOWED_HOSTS` from `{{from}}`. List the domains this site serves here.",
    missing: "Production settings never set `ALLOWED_HOSTS`, so it is empty and Django rejects every request. List the domains this site serves.",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "ALLOWED_HOSTS");
    if (source.kind === "missing") {
      if (isProjectSettings(ctx.settings)) ctx.reportFile("missing");
      return;
    }
    if (source.kind === "unknown") return;
    const a = source.assignment;
    // Hosts added later in this module (`ALLOWED_HOSTS += [...]`, `.append(...)`) fill the list.
    if (ctx.settings.own("ALLOWED_HOSTS").some((x) => x.op !== "=" && !x.debugOnly)) return;
    const value = a.value;
    if (value.kind === "list" && value.items.length === 0) {
      if (source.kind === "inherited") ctx.reportFile("inherited", { from: a.path }, starImportLocation(ctx));
      else ctx.report(a.node, "empty");
    } else if (value.kind === "env" && source.kind === "own" && value.fallback?.kind === "list" && value.fallback.items.length === 0) {
      ctx.report(a.node, "emptyFallback", { env: envLabel(value) }, { confidence: "low" });
    }
  },
});
