import { defineRule } from "../../src/core/analysis/define-rule.js";
import { dictEntry } from "../../src/core/analysis/settings-values.js";
import { drfClasses, readDrfSettings } from "./drf-settings.js";

const ALLOW_ANY = "rest_framework.permissions.AllowAny";

export default defineRule({
  id: "drf-default-permission-allow-any",
  severity: "medium",
  confidence: "medium",
  cwe: [862, 284],
  owasp: "A01:2021",
  guideSection: "api",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds Django REST framework settings whose default permission policy lets anyone in: `AllowAny` in " +
      "`DEFAULT_PERMISSION_CLASSES`, an empty list, or no `DEFAULT_PERMISSION_CLASSES` at all (DRF's default is `AllowAny`).",
    why:
      "Every API view that forgets `permission_classes` is then open to anonymous users, including views that change " +
      "or delete data. Secure-by-default settings turn that omission into a 403 instead of a data leak.",
    example: 'REST_FRAMEWORK = {\n    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],\n}\n',
    good: "REST_FRAMEWORK = {\n    \"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"],\n}\n",
    fix:
      'Set `"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]` and open public endpoints ' +
      "one by one with `permission_classes = [AllowAny]`.",
  },
  messages: {
    allowAny: "`AllowAny` is the default permission, so every API view without `permission_classes` is public. Use `IsAuthenticated` as the default.",
    emptyList: "`DEFAULT_PERMISSION_CLASSES` is empty, which lets every request through. Use `IsAuthenticated` as the default.",
    missingKey: "`REST_FRAMEWORK` sets no `DEFAULT_PERMISSION_CLASSES`, so DRF's default `AllowAny` applies. Set `IsAuthenticated` as the default.",
    drfDefaults: "Django REST framework is installed without `REST_FRAMEWORK` settings, so its default `AllowAny` permission applies. Set `DEFAULT_PERMISSION_CLASSES`.",
  },
  checkSettings({ settings, text, path, report, reportFile }) {
    const drf = readDrfSettings(settings, text, path);
    if (drf.kind === "defaults") return reportFile("drfDefaults", {}, drf.installedAt);
    if (drf.kind !== "dict" || !drf.own) return;
    if (!dictEntry(drf.value, "DEFAULT_PERMISSION_CLASSES")) return report(drf.assignment.node, "missingKey");
    const classes = drfClasses(drf.value, "DEFAULT_PERMISSION_CLASSES");
    if (!classes) return;
    if (classes.complete && classes.items.length === 0) return report(classes.node, "emptyList");
    for (const item of classes.items) if (item.value === ALLOW_ANY) report(item.node, "allowAny");
  },
});
