import { defineRule } from "../../src/core/analysis/define-rule.js";
import { dictEntry } from "../../src/core/analysis/settings-values.js";
import { drfClasses, readDrfSettings } from "./drf-settings.js";

const BASIC = "rest_framework.authentication.BasicAuthentication";

export default defineRule({
  id: "drf-basic-authentication",
  severity: "medium",
  confidence: "medium",
  cwe: [522, 307],
  owasp: "A07:2021",
  guideSection: "api",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/authentication/#basicauthentication",
  language: "settings",
  settingsKinds: ["production"],
  docs: {
    what:
      "Finds `BasicAuthentication` in `DEFAULT_AUTHENTICATION_CLASSES` of production settings, including DRF's default " +
      "list (Session and Basic) when the key is not set.",
    why:
      "HTTP Basic sends the user's password with every request, and clients and browsers keep it. Every API endpoint " +
      "becomes a password-guessing endpoint that account lockout and login throttles don't cover.",
    example: 'REST_FRAMEWORK = {\n    "DEFAULT_AUTHENTICATION_CLASSES": [\n        "rest_framework.authentication.BasicAuthentication",\n    ],\n}\n',
    good: "REST_FRAMEWORK = {\n    \"DEFAULT_AUTHENTICATION_CLASSES\": [\n        \"rest_framework.authentication.SessionAuthentication\",\n        \"rest_framework.authentication.TokenAuthentication\",\n    ],\n}\n",
    fix:
      "Use token or session authentication in production (`TokenAuthentication`, `SessionAuthentication`, or a JWT " +
      "package) and set `DEFAULT_AUTHENTICATION_CLASSES` explicitly. Keep Basic only for local testing.",
    note: "DRF's documentation says BasicAuthentication is generally only appropriate for testing.",
  },
  messages: {
    basicAuth: "`BasicAuthentication` sends passwords with every API request. Use token or session authentication in production.",
    basicAuthInherited:
      "Production settings inherit `BasicAuthentication` from `{{module}}`. Override `DEFAULT_AUTHENTICATION_CLASSES` with token or session authentication.",
    defaultBasic:
      "`REST_FRAMEWORK` sets no `DEFAULT_AUTHENTICATION_CLASSES`, so DRF's default includes `BasicAuthentication`. List the classes you use.",
  },
  checkSettings({ settings, text, path, report, reportFile }) {
    const drf = readDrfSettings(settings, text, path);
    if (drf.kind === "defaults") return;
    if (drf.kind !== "dict") return;
    if (!dictEntry(drf.value, "DEFAULT_AUTHENTICATION_CLASSES")) {
      if (drf.own) report(drf.assignment.node, "defaultBasic", {}, { severity: "low" });
      return;
    }
    const basic = drfClasses(drf.value, "DEFAULT_AUTHENTICATION_CLASSES")?.items.find((i) => i.value === BASIC);
    if (!basic) return;
    if (drf.own) report(basic.node, "basicAuth");
    else reportFile("basicAuthInherited", { module: drf.assignment.path });
  },
});
