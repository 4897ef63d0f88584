import { defineRule } from "../../src/core/analysis/define-rule.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import { middlewareSetting, settingStrings } from "../../src/core/analysis/settings-values.js";
import type { Severity, SyntaxNode } from "../../src/core/analysis/types.js";
import { settingSource } from "./effective-setting.js";

const REQUIRED: { path: string; severity: Severity; protects: string; headers: string[] }[] = [
  { path: "django.middleware.security.SecurityMiddleware", severity: "medium", protects: "HTTPS redirects, HSTS and the nosniff header", headers: ["strict-transport-security", "x-content-type-options"] },
  // Only Django checks CSRF tokens: no web server header stands in for it.
  { path: "django.middleware.csrf.CsrfViewMiddleware", severity: "high", protects: "CSRF checks on every POST", headers: [] },
  { path: "django.middleware.clickjacking.XFrameOptionsMiddleware", severity: "medium", protects: "the `X-Frame-Options` header against clickjacking", headers: ["x-frame-options"] },
];

export default defineRule({
  id: "security-middleware-missing",
  severity: "high",
  confidence: "high",
  cwe: [693, 352, 1021],
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/middleware/",
  djangoChecks: ["security.W001", "security.W002", "security.W003"],
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds a `MIDDLEWARE` list (or, in a pre-1.10 project that never sets `MIDDLEWARE`, `MIDDLEWARE_CLASSES`) written out in full without `SecurityMiddleware`, `CsrfViewMiddleware` or " +
      "`XFrameOptionsMiddleware`.",
    why:
      "Those middleware classes are what make the security settings work. Without `CsrfViewMiddleware` no view is " +
      "protected from cross-site request forgery; without `SecurityMiddleware`, `SECURE_SSL_REDIRECT`, HSTS and " +
      "`SECURE_CONTENT_TYPE_NOSNIFF` do nothing; without `XFrameOptionsMiddleware` other sites can frame every page.",
    example: 'MIDDLEWARE = [\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n]\n',
    summary: "Finds a MIDDLEWARE list without SecurityMiddleware, CsrfViewMiddleware or XFrameOptionsMiddleware.",
    good: "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.contrib.sessions.middleware.SessionMiddleware\",\n    \"django.middleware.common.CommonMiddleware\",\n    \"django.middleware.csrf.CsrfViewMiddleware\",\n    \"django.middleware.clickjacking.XFrameOptionsMiddleware\",\n]\n",
    fix:
      "Add the missing classes in the order `startproject` uses: `SecurityMiddleware` first, `CsrfViewMiddleware` " +
      "after `SessionMiddleware` and `CommonMiddleware`, and `XFrameOptionsMiddleware` near the end.",
    note:
      "Lists built from other names, or changed with `+=`/`append` from values this rule cannot read, are skipped. " +
      "An empty list (`MIDDLEWARE = []`), usually filled elsewhere, is reported at low confidence. " +
      "A subclass that keeps the Django class name (e.g. `myapp.middleware.CsrfViewMiddleware`) counts as present, and so does a project class " +
      "the list names that extends the Django class (directly or through project classes) when each of its overrides of the checking methods " +
      "(`process_request`, `process_view`, `process_response`, `__call__`, private helpers such as `_reject`) calls `super()`. " +
      "When a web server configuration shipped with the project (nginx `add_header`, Apache `Header set`, Caddy `header`) sets `Strict-Transport-Security` or " +
      "`X-Content-Type-Options` (for `SecurityMiddleware`) or `X-Frame-Options` (for `XFrameOptionsMiddleware`), the finding is low confidence; `CsrfViewMiddleware` has no such stand-in.",
  },
  messages: {
    missing: "`{{setting}}` has no `{{middleware}}`, which provides {{protects}}. Add `{{path}}`.",
    missingBehindWebServer:
      "`{{setting}}` has no `{{middleware}}`, which provides {{protects}}; the project's web server configuration (`{{config}}`) sets `{{header}}` itself. Add `{{path}}` too if the app is ever reached without that server in front.",
  },
  checkSettings(ctx) {
    // Pre-1.10 projects list `MIDDLEWARE_CLASSES`, which is the middleware when `MIDDLEWARE` is never set.
    const name = middlewareSetting(ctx.settings);
    if (settingSource(ctx, name).kind !== "own") return;
    const assignment = ctx.settings.get(name)!;
    const strings = settingStrings(ctx.settings, name);
    if (!strings?.complete) return;
    const removed = new Set(ctx.settings.own(name).flatMap((a) => (a.op === "mutation" && !a.conditional && !a.debugOnly ? removedValue(a.node) : [])));
    const classes = strings.items.map((i) => i.value.trim()).filter((c) => !removed.has(c));
    // `MIDDLEWARE = []` is a placeholder a project fills elsewhere (from another list at start-up, an app's
    // hook), not a list written out in full: worth a look, not a comment.
    const placeholder = strings.items.length === 0;
    // Project classes that extend Django's and keep its checks (`tenant.middleware.TenantCsrfMiddleware`).
    const subclasses = Object.entries(ctx.project.index?.securityMiddlewareSubclasses ?? {});
    const extendsDjango = (c: string, cls: string) => subclasses.some(([dotted, root]) => root === cls && (dotted === c || dotted.endsWith(`.${c}`)));
    for (const { path, severity, protects, headers } of REQUIRED) {
      const cls = path.slice(path.lastIndexOf(".") + 1);
      if (classes.some((c) => c === path || c.endsWith(`.${cls}`) || extendsDjango(c, cls))) continue;
      // The shipped nginx/Apache/Caddy configuration adds the header in front of Django: worth a look, not a comment.
      const header = headers.find((h) => ctx.project.webServer?.headers[h]);
      if (header) {
        const config = ctx.project.webServer!.headers[header];
        ctx.report(assignment.node, "missingBehindWebServer", { setting: name, middleware: cls, path, protects, config, header }, { severity, key: cls, confidence: "low" });
        continue;
      }
      ctx.report(assignment.node, "missing", { setting: name, middleware: cls, path, protects }, { severity, key: cls, ...(placeholder ? { confidence: "low" as const } : {}) });
    }
  },
});

/** The string `MIDDLEWARE.remove("...")` takes out, if the call is one. */
function removedValue(call: SyntaxNode): string[] {
  if (call.childForFieldName("function")?.childForFieldName("attribute")?.text !== "remove") return [];
  const arg = call.childForFieldName("arguments")?.namedChildren.find((c) => c.type !== "comment");
  const value = arg ? stringValue(arg) : undefined;
  return value === undefined ? [] : [value];
}
