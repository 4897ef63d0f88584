import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-basic-authentication.js";

const A = "rest_framework.authentication";
const withBasic = `REST_FRAMEWORK = {\n    "DEFAULT_AUTHENTICATION_CLASSES": [\n        "${A}.SessionAuthentication",\n        "${A}.BasicAuthentication",\n    ],\n}\n`;

testRule(rule, {
  valid: [
    { name: "token and session", code: `REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["${A}.TokenAuthentication", "${A}.SessionAuthentication"]}\n` },
    { name: "basic in base settings is not judged", code: withBasic, path: "mysite/settings.py" },
    { name: "basic in dev settings", code: withBasic, path: "mysite/settings/dev.py" },
    { name: "look-alike class", code: 'REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.NotBasicAuthentication"]}\n' },
    { name: "only installed (defaults are not reported by this rule)", code: 'INSTALLED_APPS = ["rest_framework"]\n' },
    { name: "production overrides base", code: `from .base import *\nREST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["${A}.TokenAuthentication"]}\n`, context: { "mysite/settings/base.py": withBasic } },
  ],
  invalid: [
    { name: "basic in production", code: withBasic, errors: [{ messageId: "basicAuth", line: 4 }] },
    { name: "inherited from base", code: "from .base import *\nDEBUG = False\n", context: { "mysite/settings/base.py": withBasic }, errors: [{ messageId: "basicAuthInherited", line: 1, messageIncludes: "mysite/settings/base.py" }] },
    { name: "key missing means DRF's default list", code: 'REST_FRAMEWORK = {"PAGE_SIZE": 10}\n', errors: [{ messageId: "defaultBasic", line: 1 }] },
  ],
});

describe("drf-basic-authentication severity", () => {
  it("reports DRF's default list with low severity", () => {
    expect(runRule(rule, 'REST_FRAMEWORK = {"PAGE_SIZE": 10}\n').findings.map((f) => f.severity)).toEqual(["low"]);
    expect(runRule(rule, withBasic).findings.map((f) => f.severity)).toEqual(["medium"]);
  });
});
