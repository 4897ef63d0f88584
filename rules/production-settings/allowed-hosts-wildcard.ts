import { defineRule, type SettingsContext } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { overriddenInProduction } from "../../src/core/analysis/project-facts.js";
import { isTestOnly, middlewareSetting, settingStrings } from "../../src/core/analysis/settings-values.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { envLabel, settingSource } from "./effective-setting.js";

/** Nodes of the `"*"` entries a hosts value holds: list items, or the fallback of an environment lookup. */
function wildcards(value: PyValue | undefined): SyntaxNode[] {
  if (!value) return [];
  if (value.kind === "list") return value.items.flatMap((i) => (i.kind === "str" && i.value === "*" ? [i.node] : []));
  // Django iterates the setting: a plain string is read character by character, so any "*" in it matches every host.
  if (value.kind === "str") return value.value.includes("*") ? [value.node] : [];
  if (value.kind === "env") return wildcards(value.fallback);
  return [];
}

export default defineRule({
  id: "allowed-hosts-wildcard",
  severity: "medium",
  confidence: "high",
  cwe: 183,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds `'*'` in `ALLOWED_HOSTS`, written in the list or as the fallback of an environment lookup.",
    why:
      "Django then accepts any `Host` header. An attacker can make the site build absolute links to a domain they " +
      "control, for example in password reset emails, and poison caches that key on the host.",
    example: 'ALLOWED_HOSTS = ["*"]\n',
    good: "ALLOWED_HOSTS = [\"shop.example.com\", \".shop.example.com\"]\n",
    note:
      "A base settings module's value is not reported when every production settings module (a `prod*.py`/`production.py` " +
      "module of the settings package, or one the entry points name) sets `ALLOWED_HOSTS` itself, or star-imports such a module after the base. " +
      "When the module's `MIDDLEWARE` runs django-tenants' `TenantMainMiddleware`, which answers 404 for a host no tenant's domain matches " +
      "(unless `SHOW_PUBLIC_IF_NO_TENANT_FOUND` is set), the wildcard is low confidence.",
    fix:
      'List the real domains, e.g. `ALLOWED_HOSTS = ["shop.example.com"]` (a leading dot such as `".example.com"` ' +
      'allows subdomains), or read them from the environment with no wildcard default: `env.list("ALLOWED_HOSTS")`.',
  },
  messages: {
    wildcard: "`ALLOWED_HOSTS` accepts any `Host` header (`'*'`). List the domains this site serves.",
    wildcardFallback:
      "`ALLOWED_HOSTS` falls back to `'*'` when {{env}} is unset, accepting any `Host` header. Drop the wildcard default.",
  },
  checkSettings(ctx) {
    // A shared base whose hosts every production module replaces (itself, or through the module
    // `settings/__init__.py` loads after the base in production): production never runs with this value.
    if (ctx.settingsKind === "base" && overriddenInProduction(ctx.project, ctx.path, "ALLOWED_HOSTS")) return;
    const source = settingSource(ctx, "ALLOWED_HOSTS");
    if (source.kind === "own") reportValue(ctx, source.assignment.value);
    for (const a of ctx.settings.own("ALLOWED_HOSTS")) {
      if (a.conditional || a.debugOnly || isTestOnly(a.node)) continue;
      if (a.op === "+=") reportValue(ctx, a.value);
      else if (a.op === "mutation") for (const node of addedWildcards(a.node)) ctx.report(node, "wildcard");
    }
  },
});

// django-tenants' host middleware: it looks the request's host up among the tenants' domains and answers 404 for
// any other, unless `SHOW_PUBLIC_IF_NO_TENANT_FOUND` sends unknown hosts to the public schema.
const TENANT_HOST_MIDDLEWARE = new Set(["django_tenants.middleware.main.TenantMainMiddleware", "django_tenants.middleware.TenantMainMiddleware"]);

/** The module's MIDDLEWARE runs django-tenants' host lookup, and nothing here sends unknown hosts to the public schema. */
function tenantHostsChecked(ctx: SettingsContext): boolean {
  const items = settingStrings(ctx.settings, middlewareSetting(ctx.settings))?.items ?? [];
  if (!items.some((i) => TENANT_HOST_MIDDLEWARE.has(i.value.trim()))) return false;
  const show = ctx.settings.get("SHOW_PUBLIC_IF_NO_TENANT_FOUND")?.value;
  return !show || (show.kind === "bool" && !show.value);
}

function reportValue(ctx: SettingsContext, value: PyValue): void {
  const options = tenantHostsChecked(ctx) ? { confidence: "low" as const } : {};
  for (const node of wildcards(value)) {
    if (value.kind === "env") ctx.report(node, "wildcardFallback", { env: envLabel(value) }, options);
    else ctx.report(node, "wildcard", {}, options);
  }
}

/** `ALLOWED_HOSTS.append("*")`, `.insert(0, "*")`, `.extend(["*"])`. */
function addedWildcards(call: SyntaxNode): SyntaxNode[] {
  const method = call.childForFieldName("function")?.childForFieldName("attribute")?.text;
  const args = call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
  const arg = method === "append" ? args[0] : method === "insert" ? args[1] : undefined;
  if (arg) return arg.type === "string" && arg.text.slice(1, -1) === "*" ? [arg] : [];
  if (method === "extend" && args[0] && ["list", "tuple"].includes(args[0].type)) {
    return args[0].namedChildren.filter((c) => c.type === "string" && c.text.slice(1, -1) === "*");
  }
  return [];
}
