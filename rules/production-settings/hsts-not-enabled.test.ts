import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./hsts-not-enabled.js";

const BASE = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "one year", code: "SECURE_HSTS_SECONDS = 31536000\n" },
    { name: "one year as arithmetic", code: "SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365\n" },
    { name: "two years", code: "SECURE_HSTS_SECONDS = 63_072_000\n" },
    { name: "env without a default", code: 'import os\nSECURE_HSTS_SECONDS = int(os.environ["HSTS_SECONDS"])\n' },
    { name: "env with a one-year default", code: 'import os\nSECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "31536000"))\n' },
    { name: "a name we cannot evaluate", code: "SECURE_HSTS_SECONDS = ONE_YEAR\n" },
    { name: "0 only under if DEBUG", code: "SECURE_HSTS_SECONDS = 31536000\nif DEBUG:\n    SECURE_HSTS_SECONDS = 0\n" },
    { name: "development module", path: "mysite/settings/dev.py", code: "SECURE_HSTS_SECONDS = 0\n" },
    { name: "base module", path: BASE, code: "SECURE_HSTS_SECONDS = 0\n" },
    { name: "missing but star import unresolved", code: "from .base import *\n" },
    { name: "one year under if not DEBUG", code: "SECURE_HSTS_SECONDS = 0\nif not DEBUG:\n    SECURE_HSTS_SECONDS = 31536000\n" },
    { name: "one year on production's side of a DEBUG conditional", code: "SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000\n" },
    { name: "set only on the branch a variable selects (the deployment may set it)", code: 'import os\nif os.environ.get("SITE_SCHEME", "http") == "https":\n    SECURE_HSTS_SECONDS = 31536000\n' },
    { name: "set by an if on a value we cannot decide", code: "if SITE.secure:\n    SECURE_HSTS_SECONDS = 31536000\n" },
    { name: "inherited one year", code: "from .base import *\n", context: { [BASE]: "SECURE_HSTS_SECONDS = 31536000\n" } },
    { name: "production overrides a 0 base", code: "from .base import *\nSECURE_HSTS_SECONDS = 31536000\n", context: { [BASE]: "SECURE_HSTS_SECONDS = 0\n" } },
  ],
  invalid: [
    { name: "0", code: "SECURE_HSTS_SECONDS = 0\n", errors: [{ messageId: "off", line: 1, fix: null }] },
    { name: "None", code: "SECURE_HSTS_SECONDS = None\n", errors: [{ messageId: "off", line: 1 }] },
    { name: "one hour", code: "SECURE_HSTS_SECONDS = 3600\n", errors: [{ messageId: "short", line: 1, messageIncludes: "3600" }] },
    { name: "env fallback 0", code: 'import environ\nenv = environ.Env()\nSECURE_HSTS_SECONDS = env.int("HSTS", default=0)\n', errors: [{ messageId: "fallbackShort", line: 3 }] },
    { name: "int() of env string fallback", code: 'import os\nSECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "60"))\n', errors: [{ messageId: "fallbackShort", line: 2, messageIncludes: "60" }] },
    { name: "inherited 0", code: "from .base import *\nDEBUG = False\n", context: { [BASE]: "SECURE_HSTS_SECONDS = 0\n" }, errors: [{ messageId: "inherited", line: 1 }] },
    { name: "missing", code: "SECURE_SSL_REDIRECT = True\n", errors: [{ messageId: "missing", line: 1 }] },
    { name: "set only under if DEBUG, so missing in production", code: "if DEBUG:\n    SECURE_HSTS_SECONDS = 31536000\n", errors: [{ messageId: "missing", line: 1 }] },
    { name: "0 on production's side of a DEBUG conditional", code: "SECURE_HSTS_SECONDS = 31536000 if DEBUG else 0\n", errors: [{ messageId: "off", line: 1 }] },
    { name: "0 under if not DEBUG", code: "if not DEBUG:\n    SECURE_HSTS_SECONDS = 0\n", errors: [{ messageId: "off", line: 2 }] },
    {
      name: "0 on the branch an https scheme variable takes when unset (medium)",
      code: 'import os\nSITE_SCHEME = os.environ.get("SITE_SCHEME", "http")\nif SITE_SCHEME == "https":\n    SECURE_HSTS_SECONDS = 31536000\nelse:\n    SECURE_HSTS_SECONDS = 0\n',
      errors: [{ messageId: "off", line: 6, messageIncludes: "`SITE_SCHEME` is unset" }],
    },
    {
      name: "missing before an optional local settings import: low confidence",
      code: "SECURE_SSL_REDIRECT = True\ntry:\n    from .local_settings import *\nexcept ImportError:\n    pass\n",
      errors: [{ messageId: "missing", line: 1, messageIncludes: "`.local_settings`" }],
    },
    { name: "missing from module and resolved base", code: "from .base import *\n", context: { [BASE]: "DEBUG = False\n" }, errors: [{ messageId: "missing", line: 1 }] },
  ],
});

describe("hsts-not-enabled severity", () => {
  it.each([
    ["off is medium", "SECURE_HSTS_SECONDS = 0\n", "medium"],
    ["short rollout value is low", "SECURE_HSTS_SECONDS = 3600\n", "low"],
  ])("%s", (_name, code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});

describe("hsts-not-enabled with an optional local settings module", () => {
  const OPTIONAL = "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n";
  it("is low confidence when the local module may set it", () => {
    expect(runRule(rule, "SECURE_SSL_REDIRECT = True\n" + OPTIONAL).findings.map((f) => f.confidence)).toEqual(["low"]);
  });
  it("keeps its confidence for a value set after the optional import", () => {
    expect(runRule(rule, OPTIONAL + "SECURE_HSTS_SECONDS = 0\n").findings.map((f) => f.confidence)).toEqual(["medium"]);
  });
  it("counts a star import made only on one branch as optional too", () => {
    const branch = 'import os\nSECURE_SSL_REDIRECT = True\nif os.environ.get("ENV_TYPE") == "prod":\n    from .server_settings import *\n';
    const found = runRule(rule, branch).findings;
    expect(found.map((f) => [f.messageId, f.confidence])).toEqual([["missing", "low"]]);
    expect(found[0].message).toContain("`.server_settings`");
  });
  it("stays silent when an unconditional star import cannot be read", () => {
    expect(runRule(rule, "from .server_settings import *\nSECURE_SSL_REDIRECT = True\n").findings).toEqual([]);
  });
  it("stays silent when the import's failure stops the process (the module is required)", () => {
    const required = "try:\n    from .local_settings import *\nexcept ImportError:\n    raise ImproperlyConfigured('copy local_settings.py.example')\n";
    expect(runRule(rule, "SECURE_SSL_REDIRECT = True\n" + required).findings).toEqual([]);
  });
});
