import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./cors-allow-all-origins.js";

const BASE = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "explicit origins", code: 'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_ALLOW_CREDENTIALS = True\n' },
    { name: "allow all off", code: "CORS_ALLOW_ALL_ORIGINS = False\n" },
    { name: "legacy name off", code: "CORS_ORIGIN_ALLOW_ALL = False\n" },
    { name: "tied to DEBUG (unknown value)", code: "CORS_ALLOW_ALL_ORIGINS = DEBUG\n" },
    { name: "env without a default", code: 'import environ\nenv = environ.Env()\nCORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALL")\n' },
    { name: "env with a false default", code: 'import os\nCORS_ALLOW_ALL_ORIGINS = os.getenv("CORS_ALL", "0") == "1"\n' },
    { name: "only under if DEBUG", code: "if DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True\n" },
    { name: "development module", path: "mysite/settings/local.py", code: "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n" },
    { name: "inherited: reported in its own file", code: "from .base import *\n", context: { [BASE]: "CORS_ALLOW_ALL_ORIGINS = True\n" } },
    { name: "overridden later", code: "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_ALL_ORIGINS = False\n" },
  ],
  invalid: [
    { name: "allow all", code: "CORS_ALLOW_ALL_ORIGINS = True\n", errors: [{ messageId: "allowAll", line: 1, fix: null }] },
    { name: "legacy name", path: "mysite/settings.py", code: "CORS_ORIGIN_ALLOW_ALL = True\n", errors: [{ messageId: "allowAll", line: 1, messageIncludes: "CORS_ORIGIN_ALLOW_ALL" }] },
    { name: "with credentials", code: "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", errors: [{ messageId: "allowAllWithCredentials", line: 1 }] },
    { name: "credentials inherited from base", code: "from .base import *\nCORS_ALLOW_ALL_ORIGINS = True\n", context: { [BASE]: "CORS_ALLOW_CREDENTIALS = True\n" }, errors: [{ messageId: "allowAllWithCredentials", line: 2 }] },
    { name: "env fallback True", code: 'from decouple import config\nCORS_ALLOW_ALL_ORIGINS = config("CORS_ALL", default=True, cast=bool)\n', errors: [{ messageId: "fallbackAllowAll", line: 2 }] },
  ],
});

describe("cors-allow-all-origins severity", () => {
  it.each([
    ["without credentials: medium", "CORS_ALLOW_ALL_ORIGINS = True\n", "medium"],
    ["with credentials: high", "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", "high"],
  ])("%s", (_name, code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});

describe("cors-allow-all-origins confidence: credentials decide what another site can read", () => {
  const confidences = (code: string, path?: string, context: Record<string, string> = {}) =>
    runRule(rule, code, path, context).findings.map((f) => [f.messageId, f.confidence]);

  it("no settings module turns credentials on: listed at low confidence (browsers send no cookies under `*`)", () => {
    expect(confidences("CORS_ALLOW_ALL_ORIGINS = True\n")).toEqual([["allowAll", "low"]]);
    expect(confidences("CORS_ORIGIN_ALLOW_ALL = True\nCORS_ALLOW_CREDENTIALS = False\n")).toEqual([["allowAll", "low"]]);
    expect(confidences('import os\nCORS_ALLOW_ALL_ORIGINS = os.environ.get("CORS_ALL", "1") == "1"\n')).toEqual([["fallbackAllowAll", "low"]]);
  });

  it("credentials on only under `if DEBUG:` stay out of production: low", () => {
    expect(confidences("CORS_ALLOW_ALL_ORIGINS = True\nif DEBUG:\n    CORS_ALLOW_CREDENTIALS = True\n")).toEqual([["allowAll", "low"]]);
  });

  it("credentials on in the same module or one it loads: high", () => {
    expect(confidences("CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n")).toEqual([["allowAllWithCredentials", "high"]]);
    expect(confidences("from .base import *\nCORS_ALLOW_ALL_ORIGINS = True\n", undefined, { [BASE]: "CORS_ALLOW_CREDENTIALS = True\n" })).toEqual([["allowAllWithCredentials", "high"]]);
  });

  it("credentials turned on by another settings module (a production module built on this base) keep the finding inline", () => {
    const prod = { "mysite/settings/production.py": "from .base import *\nCORS_ALLOW_CREDENTIALS = True\n" };
    expect(confidences("CORS_ALLOW_ALL_ORIGINS = True\n", BASE, prod)).toEqual([["allowAll", "high"]]);
  });

  it("credentials read from the environment may be on in production: not lowered", () => {
    const code = 'import os\nCORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = os.environ.get("CORS_CREDENTIALS", "") == "1"\n';
    expect(confidences(code)).toEqual([["allowAll", "high"]]);
  });
});
