import { defineRule } from "../../src/core/analysis/define-rule.js";
import { requireTrue } from "./effective-setting.js";

export default defineRule({
  id: "ssl-redirect-disabled",
  severity: "medium",
  confidence: "medium",
  cwe: 319,
  owasp: "A02:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect",
  djangoChecks: ["security.W008"],
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what: "Finds production settings where `SECURE_SSL_REDIRECT` is off or missing, so Django serves plain HTTP requests.",
    why:
      "Pages and cookies requested over `http://` travel in clear text: anyone on the network path can read or change " +
      "them, and a user who types the bare domain never gets upgraded to HTTPS.",
    example: "SECURE_SSL_REDIRECT = False\n",
    good: "SECURE_SSL_REDIRECT = True\nSECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")\n",
    fix:
      "Set `SECURE_SSL_REDIRECT = True` (with `SecurityMiddleware` installed). Behind a proxy that terminates TLS, also " +
      'set `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")` so Django sees the original scheme. If the ' +
      "proxy already redirects every request, suppress this finding with that reason.",
  },
  messages: {
    disabled: "`SECURE_SSL_REDIRECT` is off in production settings, so pages are served over plain HTTP. Set it to `True`.",
    fallbackOff: "`SECURE_SSL_REDIRECT` is off whenever {{env}} is unset. Make the default `True`.",
    inheritedOff:
      "This production module inherits `SECURE_SSL_REDIRECT` off from `{{from}}`. Set `SECURE_SSL_REDIRECT = True` here.",
    missing:
      "Production settings never set `SECURE_SSL_REDIRECT` (default `False`), so plain HTTP requests are served. Set it to `True` unless the proxy redirects.",
  },
  checkSettings(ctx) {
    requireTrue(ctx, "SECURE_SSL_REDIRECT");
  },
});
