import { defineRule } from "../../src/core/analysis/define-rule.js";
import { dictComplete, dictEntry } from "../../src/core/analysis/settings-values.js";
import { drfClasses, readDrfSettings } from "./drf-settings.js";

/** DRF's built-in throttles and the rate scope each one reads from DEFAULT_THROTTLE_RATES. */
const SCOPES: Record<string, string> = {
  "rest_framework.throttling.AnonRateThrottle": "anon",
  "rest_framework.throttling.UserRateThrottle": "user",
};

export default defineRule({
  id: "drf-throttling-missing",
  severity: "medium",
  confidence: "medium",
  cwe: [770, 307],
  owasp: "A04:2021",
  guideSection: "api",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/throttling/",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds Django REST framework settings without `DEFAULT_THROTTLE_CLASSES`, and built-in throttles whose scope " +
      "(`anon`, `user`) has no entry in `DEFAULT_THROTTLE_RATES`.",
    why:
      "Without throttling an API answers as fast as clients ask: login and token endpoints can be brute-forced, and " +
      "expensive endpoints can be used to exhaust the database or scrape all data.",
    example: 'INSTALLED_APPS = ["rest_framework"]\nREST_FRAMEWORK = {\n    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],\n}\n',
    summary: "Finds Django REST framework settings without throttle classes or without rates for their scopes.",
    good: "INSTALLED_APPS = [\"rest_framework\"]\nREST_FRAMEWORK = {\n    \"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"],\n    \"DEFAULT_THROTTLE_CLASSES\": [\n        \"rest_framework.throttling.AnonRateThrottle\",\n        \"rest_framework.throttling.UserRateThrottle\",\n    ],\n    \"DEFAULT_THROTTLE_RATES\": {\"anon\": \"100/day\", \"user\": \"1000/day\"},\n}\n",
    fix:
      'Add `"DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle", ' +
      '"rest_framework.throttling.UserRateThrottle"]` and `"DEFAULT_THROTTLE_RATES": {"anon": "100/day", "user": "1000/day"}`, ' +
      "with tighter scoped throttles on login and other sensitive views.",
    note:
      "Settings that give `DEFAULT_THROTTLE_RATES` for the project's own scopes only (no `anon`/`user`) and no default classes " +
      "throttle view by view (`throttle_scope`, `throttle_classes`): low confidence. " +
      "Views can still set `throttle_classes` one by one; if every view does, this finding can be suppressed with a " +
      "reason. DRF's throttles use the cache, so use a shared cache (Redis, Memcached) when running several processes.",
  },
  messages: {
    noThrottle: "`REST_FRAMEWORK` sets no `DEFAULT_THROTTLE_CLASSES`, so API views are not rate-limited. Add anon and user throttles.",
    emptyThrottle: "`DEFAULT_THROTTLE_CLASSES` is empty, so API views are not rate-limited. Add anon and user throttles.",
    drfDefaults: "Django REST framework is installed without `REST_FRAMEWORK` settings, so API views are not rate-limited. Set `DEFAULT_THROTTLE_CLASSES` and `DEFAULT_THROTTLE_RATES`.",
    missingRate:
      "`{{throttle}}` needs a `\"{{scope}}\"` rate in `DEFAULT_THROTTLE_RATES`; without one DRF raises ImproperlyConfigured on every throttled request.",
  },
  checkSettings({ settings, text, path, report, reportFile }) {
    const drf = readDrfSettings(settings, text, path);
    if (drf.kind === "defaults") return reportFile("drfDefaults", {}, drf.installedAt);
    if (drf.kind !== "dict" || !drf.own) return;
    const classes = drfClasses(drf.value, "DEFAULT_THROTTLE_CLASSES");
    // Rates, with no default classes, only for scopes of the project's own (no `anon`/`user`, which the default
    // classes would read): views name them in `throttle_scope`/`throttle_classes` (`ScopedRateThrottle`, a project
    // throttle), so the project throttles view by view, by design. Worth a look only.
    if (!dictEntry(drf.value, "DEFAULT_THROTTLE_CLASSES")) {
      const rates = dictEntry(drf.value, "DEFAULT_THROTTLE_RATES");
      const ownScopesOnly = rates !== undefined && dictComplete(rates) && !dictEntry(rates, "anon") && !dictEntry(rates, "user");
      return report(drf.assignment.node, "noThrottle", {}, ownScopesOnly ? { confidence: "low" } : {});
    }
    if (!classes) return;
    if (classes.complete && classes.items.length === 0) return report(classes.node, "emptyThrottle");
    const rates = dictEntry(drf.value, "DEFAULT_THROTTLE_RATES");
    if (rates && !dictComplete(rates)) return;
    for (const item of classes.items) {
      const scope = SCOPES[item.value];
      if (scope && !dictEntry(rates, scope)) report(item.node, "missingRate", { throttle: item.value.split(".").pop()!, scope });
    }
  },
});
