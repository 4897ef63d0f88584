import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-throttling-missing.js";

const T = "rest_framework.throttling";
const good = `REST_FRAMEWORK = {\n    "DEFAULT_THROTTLE_CLASSES": ["${T}.AnonRateThrottle", "${T}.UserRateThrottle"],\n    "DEFAULT_THROTTLE_RATES": {"anon": "100/day", "user": "1000/day"},\n}\n`;
const base = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "the guide's throttling", code: good },
    { name: "no DRF at all", code: 'INSTALLED_APPS = ["django.contrib.auth"]\n' },
    { name: "scoped throttle needs per-view scopes only", code: `REST_FRAMEWORK = {"DEFAULT_THROTTLE_CLASSES": ["${T}.ScopedRateThrottle"], "DEFAULT_THROTTLE_RATES": {"login": "5/min"}}\n` },
    { name: "custom throttle class", code: 'REST_FRAMEWORK = {"DEFAULT_THROTTLE_CLASSES": ["api.throttles.BurstRateThrottle"]}\n' },
    { name: "dict spread from elsewhere", code: 'REST_FRAMEWORK = {**COMMON_DRF, "PAGE_SIZE": 50}\n' },
    { name: "keys added by subscript later", code: `REST_FRAMEWORK = {"PAGE_SIZE": 50}\nREST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["${T}.UserRateThrottle"]\n` },
    { name: "installed but star import unresolved", code: 'from .drf import *\nINSTALLED_APPS = ["rest_framework"]\n' },
    { name: "inherited from base (reported there)", code: "from .base import *\nDEBUG = False\n", context: { [base]: 'REST_FRAMEWORK = {"PAGE_SIZE": 10}\n' } },
    { name: "installed in base only (reported in base)", code: "from .base import *\n", context: { [base]: 'INSTALLED_APPS = ["rest_framework"]\n' } },
    { name: "development settings", code: 'REST_FRAMEWORK = {"PAGE_SIZE": 10}\n', path: "mysite/settings/dev.py" },
    { name: "only under if DEBUG", code: 'if DEBUG:\n    REST_FRAMEWORK = {"PAGE_SIZE": 10}\n' },
  ],
  invalid: [
    { name: "REST_FRAMEWORK without throttles", code: 'REST_FRAMEWORK = {\n    "PAGE_SIZE": 50,\n}\n', errors: [{ messageId: "noThrottle", line: 1 }] },
    { name: "installed without REST_FRAMEWORK", code: 'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "rest_framework",\n]\n', path: "mysite/settings.py", errors: [{ messageId: "drfDefaults", line: 3 }] },
    { name: "installed in production on top of base", code: 'from .base import *\nINSTALLED_APPS += ["rest_framework"]\n', context: { [base]: 'INSTALLED_APPS = ["django.contrib.auth"]\n' }, errors: [{ messageId: "drfDefaults", line: 2 }] },
    { name: "empty throttle list", code: 'REST_FRAMEWORK = {"DEFAULT_THROTTLE_CLASSES": []}\n', errors: [{ messageId: "emptyThrottle", line: 1 }] },
    {
      name: "user throttle without a user rate",
      code: `REST_FRAMEWORK = {\n    "DEFAULT_THROTTLE_CLASSES": [\n        "${T}.AnonRateThrottle",\n        "${T}.UserRateThrottle",\n    ],\n    "DEFAULT_THROTTLE_RATES": {"anon": "100/day"},\n}\n`,
      errors: [{ messageId: "missingRate", line: 4, messageIncludes: '"user"' }],
    },
    { name: "throttles without any rates", code: `REST_FRAMEWORK = {"DEFAULT_THROTTLE_CLASSES": ["${T}.AnonRateThrottle"]}\n`, errors: [{ messageId: "missingRate", line: 1 }] },
  ],
});

describe("drf-throttling-missing: rates without default classes mean the views throttle one by one", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.confidence}`);
  it("is low when DEFAULT_THROTTLE_RATES names only the project's own scopes and no default classes; medium without rates", () => {
    expect(conf('REST_FRAMEWORK = {\n    "DEFAULT_THROTTLE_RATES": {"v2": "3600/hour", "v2.contacts": "3600/hour"},\n    "PAGE_SIZE": 250,\n}\n')).toEqual(["noThrottle:low"]);
    expect(conf('REST_FRAMEWORK = {\n    "PAGE_SIZE": 250,\n}\n')).toEqual(["noThrottle:medium"]);
  });
  it("stays medium when the rates are for the built-in anon/user scopes that no default class reads", () => {
    expect(conf('REST_FRAMEWORK = {\n    "DEFAULT_THROTTLE_RATES": {"anon": "3600/hour", "user": "3600/hour"},\n}\n')).toEqual(["noThrottle:medium"]);
  });
});
