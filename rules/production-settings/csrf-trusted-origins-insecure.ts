import { defineRule, type SettingsContext } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { isTestOnly } from "../../src/core/analysis/settings-values.js";
import type { Severity, SyntaxNode } from "../../src/core/analysis/types.js";
import { envLabel, settingSource } from "./effective-setting.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]);
// Shared hosting domains where anyone can get a subdomain (from the private part of the Public Suffix List).
const SHARED_SUFFIXES = new Set([
  "herokuapp.com", "vercel.app", "netlify.app", "github.io", "pages.dev", "workers.dev", "onrender.com", "fly.dev",
  "azurewebsites.net", "appspot.com", "cloudfront.net", "ngrok.io", "ngrok-free.app", "ngrok.app", "up.railway.app",
  "pythonanywhere.com", "web.app", "firebaseapp.com", "gitlab.io", "repl.co", "glitch.me", "trycloudflare.com",
]);

type Problem = { messageId: "bareWildcard" | "suffixWildcard" | "subdomainWildcard" | "plainHttp"; severity: Severity; host: string };

/** What is wrong with one trusted origin, if anything. */
function problem(origin: string): Problem | undefined {
  const o = origin.trim().toLowerCase().replace(/`/g, "'");
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/.exec(o);
  if (!m) return o === "*" ? { messageId: "bareWildcard", severity: "low", host: "*" } : undefined;
  const [, scheme, netloc] = m;
  const host = netloc.replace(/:\d+$/, "");
  if (host === "*" || host === "") return { messageId: "bareWildcard", severity: "low", host: netloc || "*" };
  if (host.startsWith("*")) {
    // Django trusts every host ending in what follows the `*`: `https://*.com` trusts all of .com.
    const suffix = host.replace(/^\*+\.?/, "");
    if (!suffix.includes(".") || SHARED_SUFFIXES.has(suffix)) return { messageId: "suffixWildcard", severity: "high", host: suffix };
    if (scheme !== "http") return { messageId: "subdomainWildcard", severity: "low", host: suffix };
  }
  if (scheme === "http" && !LOCAL_HOSTS.has(host.replace(/^\*\./, ""))) return { messageId: "plainHttp", severity: "medium", host };
  return undefined;
}

/** String entries of an origins value (a list, a comma-separated string, or an environment lookup's fallback). */
function origins(value: PyValue | undefined): { value: string; node: SyntaxNode }[] {
  if (!value) return [];
  if (value.kind === "list") return value.items.flatMap((i) => (i.kind === "str" ? [{ value: i.value, node: i.node }] : []));
  if (value.kind === "str") return value.value.split(",").map((v) => ({ value: v, node: value.node }));
  if (value.kind === "env") return origins(value.fallback);
  return [];
}

export default defineRule({
  id: "csrf-trusted-origins-insecure",
  severity: "high",
  confidence: "high",
  cwe: 352,
  owasp: "A01:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds `CSRF_TRUSTED_ORIGINS` entries that trust plain `http://` origins, whole top-level or shared-hosting " +
      "domains (`https://*.com`, `https://*.herokuapp.com`), every subdomain of a domain (`https://*.example.com`, low), or a bare `'*'`.",
    why:
      "Django skips its `Origin`/`Referer` check for trusted origins. A page served over `http://` can be rewritten by " +
      "anyone on the network, and a wildcard over a public suffix trusts sites that strangers control, so those pages " +
      "can submit forms as the logged-in user.",
    example: 'CSRF_TRUSTED_ORIGINS = ["http://shop.example.com"]\n',
    summary: "Finds CSRF_TRUSTED_ORIGINS entries that trust plain http or overly broad wildcard origins.",
    good: "CSRF_TRUSTED_ORIGINS = [\"https://shop.example.com\"]\n",
    fix:
      "List exact `https://` origins, e.g. `\"https://shop.example.com\"`. Keep `http://localhost` entries in " +
      "development settings only.",
    note:
      "Since Django 4.0 every entry needs a scheme, and `https://*.example.com` is the documented way to trust your " +
      "own subdomains. It is still reported, at low severity, because it trusts subdomains nobody listed: one that " +
      "serves user content or has a dangling DNS record (subdomain takeover) can then post forms as your users. " +
      "A bare `'*'` or `'https://*'` matches no origin at all; it is reported (low) because it does nothing.",
  },
  messages: {
    plainHttp: "`CSRF_TRUSTED_ORIGINS` trusts `http://{{host}}`, a page anyone on the network can alter. Use `https://`.",
    suffixWildcard: "`CSRF_TRUSTED_ORIGINS` trusts every site under `{{host}}`, including ones other people run. List your own origins.",
    subdomainWildcard:
      "`CSRF_TRUSTED_ORIGINS` trusts every subdomain of `{{host}}`, so a subdomain serving user content or taken over through a stale DNS record can post forms as your users. List the subdomains you serve.",
    bareWildcard:
      "`{{host}}` in `CSRF_TRUSTED_ORIGINS` matches no origin (Django only expands `https://*.example.com`), so it does nothing. List the real origins.",
    fromEnv: "When {{env}} is unset, `CSRF_TRUSTED_ORIGINS` falls back to a risky entry: {{detail}}",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "CSRF_TRUSTED_ORIGINS");
    if (source.kind === "own") check(ctx, source.assignment.value);
    for (const a of ctx.settings.own("CSRF_TRUSTED_ORIGINS")) {
      if (a.op !== "+=" || a.conditional || a.debugOnly || isTestOnly(a.node)) continue;
      check(ctx, a.value);
    }
  },
});

function check(ctx: SettingsContext, value: PyValue): void {
  for (const origin of origins(value)) {
    const p = problem(origin.value);
    if (!p) continue;
    if (value.kind === "env") {
      const detail =
        p.messageId === "plainHttp" ? `plain \`http://${p.host}\`.`
        : p.messageId === "suffixWildcard" ? `every site under \`${p.host}\`.`
        : p.messageId === "subdomainWildcard" ? `every subdomain of \`${p.host}\`.`
        : `\`${p.host}\`, which matches nothing.`;
      ctx.report(origin.node, "fromEnv", { env: envLabel(value), detail }, { severity: p.severity, key: origin.value });
    } else {
      ctx.report(origin.node, p.messageId, { host: p.host }, { severity: p.severity });
    }
  }
}
