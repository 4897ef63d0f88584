import { defineRule, type Report } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import type { SettingsModel } from "../../src/core/analysis/settings-model.js";
import { settingStrings, type StringItems } from "../../src/core/analysis/settings-values.js";

const DJANGO_CSP_MIDDLEWARE = new Set(["csp.middleware.CSPMiddleware", "csp.contrib.rate_limiting.RateLimitedCSPMiddleware"]);
const DJANGO_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware";
// django-csp 3 directive settings (CSP_REPORT_ONLY and CSP_EXCLUDE_URL_PREFIXES are not policies).
const CSP3_DIRECTIVES = [
  "DEFAULT_SRC", "SCRIPT_SRC", "SCRIPT_SRC_ATTR", "SCRIPT_SRC_ELEM", "IMG_SRC", "OBJECT_SRC", "MEDIA_SRC", "FRAME_SRC",
  "FONT_SRC", "CONNECT_SRC", "STYLE_SRC", "STYLE_SRC_ATTR", "STYLE_SRC_ELEM", "BASE_URI", "CHILD_SRC", "FRAME_ANCESTORS",
  "FORM_ACTION", "MANIFEST_SRC", "WORKER_SRC", "SANDBOX", "UPGRADE_INSECURE_REQUESTS",
].map((d) => `CSP_${d}`);

/** True when the setting is assigned a value that yields a policy (not `{}`/`None`/empty). */
function setsPolicy(settings: SettingsModel, name: string): boolean {
  const a = settings.get(name);
  if (!a) return settings.own(name).length > 0;
  const v: PyValue = a.value;
  if (v.kind === "none") return false;
  if (v.kind === "dict") return v.entries.length > 0 || v.node.text.includes("**");
  return true;
}

export default defineRule({
  id: "csp-not-configured",
  severity: "medium",
  confidence: "medium",
  cwe: [1021, 79],
  owasp: "A05:2021",
  guideSection: "headers",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/csp/",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds settings that install a Content Security Policy middleware or app (django-csp's `csp` app or " +
      "`csp.middleware.CSPMiddleware`, or Django 6.0's `ContentSecurityPolicyMiddleware`) but define no enforced policy, " +
      "and policies defined without the middleware that sends them.",
    why:
      "The middleware looks like protection in review, but without a policy Django 6.0 and django-csp 4 send no " +
      "`Content-Security-Policy` header, so injected scripts run unhindered. A report-only policy never blocks anything.",
    example: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.csp.ContentSecurityPolicyMiddleware",\n]\n',
    good: "from django.utils.csp import CSP\n\nMIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.middleware.csp.ContentSecurityPolicyMiddleware\",\n]\nSECURE_CSP = {\"default-src\": [CSP.SELF], \"script-src\": [CSP.SELF, CSP.NONCE]}\n",
    fix:
      'Define the policy: `SECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}` on Django 6.0, ' +
      '`CONTENT_SECURITY_POLICY = {"DIRECTIVES": {...}}` on django-csp 4, or `CSP_DEFAULT_SRC` and friends on django-csp 3. ' +
      "Start in report-only mode if needed, then enforce it.",
    note:
      "The guide shows django-csp 3's `CSP_*` settings. django-csp 4 replaced them with `CONTENT_SECURITY_POLICY` and " +
      "ignores the old names; django-csp 3 without any `CSP_*` setting still sends `default-src 'self'`. Django 6.0 " +
      "has CSP built in (`SECURE_CSP`). A base settings module that installs the middleware is not reported when another " +
      "settings module of the project defines the policy.",
  },
  messages: {
    noPolicy:
      "`{{component}}` is installed but no Content Security Policy is defined, so no CSP header is sent. Set {{setting}}.",
    noMiddleware: "`{{setting}}` defines a policy, but {{middleware}} is not in `MIDDLEWARE`, so no CSP header is sent. Add the middleware.",
    reportOnly: "Only a report-only Content Security Policy is defined: violations are reported but nothing is blocked. Enforce it with {{setting}}.",
  },
  checkSettings({ settings, path, report, settingsKind, project }) {
    if (!settings.complete) return;
    const middlewareList = settingStrings(settings, "MIDDLEWARE");
    const middleware = middlewareList?.items ?? [];
    const apps = settingStrings(settings, "INSTALLED_APPS")?.items ?? [];
    const found =
      middleware.find((m) => m.value === DJANGO_MIDDLEWARE) ??
      middleware.find((m) => DJANGO_CSP_MIDDLEWARE.has(m.value)) ??
      apps.find((a) => a.value === "csp");
    if (!found) return checkPolicyWithoutMiddleware(settings, path, middlewareList, report);
    // Reported where the component is listed, not in every module that star-imports the list.
    if (found.path !== path) return;
    // A shared base that installs the middleware while the modules built on it define the policy.
    if (settingsKind === "base" && project.cspPolicyDefined) return;
    const builtin = found.value === DJANGO_MIDDLEWARE;
    const setting = builtin ? "`SECURE_CSP`" : "`CONTENT_SECURITY_POLICY` (django-csp 4)";
    const csp3 = CSP3_DIRECTIVES.filter((n) => settings.has(n));
    const csp3ReportOnly = settings.get("CSP_REPORT_ONLY")?.value;
    const enforced =
      setsPolicy(settings, "SECURE_CSP") ||
      setsPolicy(settings, "CONTENT_SECURITY_POLICY") ||
      (csp3.length > 0 && !(csp3ReportOnly?.kind === "bool" && csp3ReportOnly.value));
    if (enforced) return;
    const reportOnly = setsPolicy(settings, "SECURE_CSP_REPORT_ONLY") || setsPolicy(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY") || csp3.length > 0;
    if (reportOnly) report(found.node, "reportOnly", { setting });
    else report(found.node, "noPolicy", { component: found.value, setting });
  },
});

/** A policy written in this module while the (fully known) MIDDLEWARE list has no CSP middleware to send it. */
function checkPolicyWithoutMiddleware(settings: SettingsModel, path: string, middleware: StringItems | undefined, report: Report): void {
  if (!middleware?.complete || !middleware.items.length) return;
  for (const [name, needs] of [["SECURE_CSP", "`django.middleware.csp.ContentSecurityPolicyMiddleware`"], ["CONTENT_SECURITY_POLICY", "`csp.middleware.CSPMiddleware`"]]) {
    const a = settings.get(name);
    if (a && a.path === path && !a.debugOnly && setsPolicy(settings, name)) report(a.node, "noMiddleware", { setting: name, middleware: needs });
  }
}
