import { defineRule } from "../../src/core/analysis/define-rule.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import { settingStrings } from "../../src/core/analysis/settings-values.js";
import type { Severity, SyntaxNode } from "../../src/core/analysis/types.js";
import { settingSource } from "./effective-setting.js";

const REQUIRED: { path: string; severity: Severity; protects: string }[] = [
  { path: "django.middleware.security.SecurityMiddleware", severity: "medium", protects: "HTTPS redirects, HSTS and the nosniff header" },
  { path: "django.middleware.csrf.CsrfViewMiddleware", severity: "high", protects: "CSRF checks on every POST" },
  { path: "django.middleware.clickjacking.XFrameOptionsMiddleware", severity: "medium", protects: "the `X-Frame-Options` header against clickjacking" },
];

export default defineRule({
  id: "security-middleware-missing",
  severity: "high",
  confidence: "high",
  cwe: [693, 352, 1021],
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/middleware/",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds a `MIDDLEWARE` list (written out in full) without `SecurityMiddleware`, `CsrfViewMiddleware` or " +
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
      "A subclass that keeps the Django class name (e.g. `myapp.middleware.CsrfViewMiddleware`) counts as present.",
  },
  messages: {
    missing: "`MIDDLEWARE` has no `{{middleware}}`, which provides {{protects}}. Add `{{path}}`.",
  },
  checkSettings(ctx) {
    if (settingSource(ctx, "MIDDLEWARE").kind !== "own") return;
    const assignment = ctx.settings.get("MIDDLEWARE")!;
    const strings = settingStrings(ctx.settings, "MIDDLEWARE");
    if (!strings?.complete) return;
    const removed = new Set(ctx.settings.own("MIDDLEWARE").flatMap((a) => (a.op === "mutation" && !a.conditional && !a.debugOnly ? removedValue(a.node) : [])));
    const classes = strings.items.map((i) => i.value.trim()).filter((c) => !removed.has(c));
    for (const { path, severity, protects } of REQUIRED) {
      const name = path.slice(path.lastIndexOf(".") + 1);
      if (classes.some((c) => c === path || c.endsWith(`.${name}`))) continue;
      ctx.report(assignment.node, "missing", { middleware: name, path, protects }, { severity, key: name });
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
