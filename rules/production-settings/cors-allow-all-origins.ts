import { defineRule } from "../../src/core/analysis/define-rule.js";
import { envLabel, settingSource, truthiness } from "./effective-setting.js";

// django-cors-headers renamed CORS_ORIGIN_ALLOW_ALL to CORS_ALLOW_ALL_ORIGINS in 3.5; both still work.
const NAMES = ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"];

export default defineRule({
  id: "cors-allow-all-origins",
  severity: "high",
  confidence: "high",
  cwe: 942,
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://github.com/adamchainz/django-cors-headers#cors_allow_all_origins-bool",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds django-cors-headers set to accept every origin (`CORS_ALLOW_ALL_ORIGINS = True` or the older " +
      "`CORS_ORIGIN_ALLOW_ALL = True`); high severity when `CORS_ALLOW_CREDENTIALS = True` too.",
    why:
      "With credentials allowed, django-cors-headers echoes any requesting origin back, so any website a logged-in user " +
      "visits can call the API with their cookies and read the answers. Without credentials, any site can still read " +
      "responses that rely on the visitor's network position (intranet or IP-restricted endpoints).",
    example: "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n",
    good: "CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]\nCORS_ALLOW_CREDENTIALS = True\n",
    fix:
      'List the front-end origins instead: `CORS_ALLOWED_ORIGINS = ["https://app.example.com"]` (or ' +
      "`CORS_ALLOWED_ORIGIN_REGEXES` for your own subdomains), and keep `CORS_ALLOW_ALL_ORIGINS` for development settings.",
    note:
      "Without `CORS_ALLOW_CREDENTIALS = True`, django-cors-headers answers an allow-all policy with `Access-Control-Allow-Origin: *`, " +
      "which browsers never honour for a request carrying cookies or HTTP authentication: when no settings module of the project " +
      "turns credentials on (outside `if DEBUG:`), the finding is low confidence.",
  },
  messages: {
    allowAll: "`{{setting}} = True` lets any website read this site's API responses. List trusted origins in `CORS_ALLOWED_ORIGINS`.",
    allowAllWithCredentials:
      "`{{setting}} = True` with `CORS_ALLOW_CREDENTIALS = True` lets any website make logged-in requests and read the answers. List trusted origins in `CORS_ALLOWED_ORIGINS`.",
    fallbackAllowAll: "`{{setting}}` allows every origin whenever {{env}} is unset. Make the default `False`.",
  },
  checkSettings(ctx) {
    const credentials = settingSource(ctx, "CORS_ALLOW_CREDENTIALS");
    const withCredentials = (credentials.kind === "own" || credentials.kind === "inherited") && truthiness(credentials.assignment.value) === true;
    const severity = withCredentials ? undefined : ("medium" as const);
    // Without CORS_ALLOW_CREDENTIALS, django-cors-headers answers an allow-all policy with
    // `Access-Control-Allow-Origin: *`, and browsers refuse to hand a page the answer to a request that
    // carried cookies or HTTP auth under `*`: other sites read only what they could fetch anonymously
    // themselves. When no settings module in sight turns credentials on, that is worth a look, not a comment.
    const confidence = withCredentials || ctx.project.corsCredentials ? undefined : ("low" as const);
    for (const setting of NAMES) {
      const source = settingSource(ctx, setting);
      if (source.kind !== "own") continue;
      const a = source.assignment;
      if (truthiness(a.value) !== true) continue;
      if (a.value.kind === "env") ctx.report(a.node, "fallbackAllowAll", { setting, env: envLabel(a.value) }, { severity, confidence });
      else ctx.report(a.node, withCredentials ? "allowAllWithCredentials" : "allowAll", { setting }, { severity, confidence });
    }
  },
});
