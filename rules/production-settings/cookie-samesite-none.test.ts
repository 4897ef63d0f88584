import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./cookie-samesite-none.js";

testRule(rule, {
  valid: [
    { name: "absent: the default is Lax", code: "DEBUG = False\n" },
    { name: "Lax", code: 'SESSION_COOKIE_SAMESITE = "Lax"\nCSRF_COOKIE_SAMESITE = "Lax"\n' },
    { name: "Strict", code: "SESSION_COOKIE_SAMESITE = 'Strict'\n" },
    { name: "env without a default", code: 'import os\nSESSION_COOKIE_SAMESITE = os.environ["SAMESITE"]\n' },
    { name: "env with a Lax default", code: 'import os\nSESSION_COOKIE_SAMESITE = os.environ.get("SAMESITE", "Lax")\n' },
    { name: "None only under if DEBUG", code: "if DEBUG:\n    SESSION_COOKIE_SAMESITE = None\n" },
    { name: "development module", path: "mysite/settings/dev.py", code: "SESSION_COOKIE_SAMESITE = 'None'\n" },
    { name: "the language cookie is not a credential", code: "LANGUAGE_COOKIE_SAMESITE = 'None'\n" },
    { name: "a string that mentions none", code: "SESSION_COOKIE_SAMESITE = 'nonesuch'\n" },
  ],
  invalid: [
    { name: "session cookie 'None'", code: "SESSION_COOKIE_SAMESITE = 'None'\n", errors: [{ messageId: "explicitNone", line: 1, messageIncludes: "SESSION_COOKIE_SAMESITE", fix: null }] },
    { name: "CSRF cookie 'none' in base", path: "mysite/settings/base.py", code: "CSRF_COOKIE_SAMESITE = 'none'\n", errors: [{ messageId: "explicitNone", line: 1, messageIncludes: "CSRF_COOKIE_SAMESITE" }] },
    { name: "Python None", code: "SESSION_COOKIE_SAMESITE = None\n", errors: [{ messageId: "noAttribute", line: 1, messageIncludes: "set to `None`" }] },
    { name: "False", code: "CSRF_COOKIE_SAMESITE = False\n", errors: [{ messageId: "noAttribute", line: 1 }] },
    {
      name: "both cookies",
      code: "SESSION_COOKIE_SAMESITE = 'None'\nCSRF_COOKIE_SAMESITE = 'None'\n",
      errors: [
        { messageId: "explicitNone", line: 1 },
        { messageId: "explicitNone", line: 2 },
      ],
    },
    { name: "env fallback 'None'", code: 'import os\nSESSION_COOKIE_SAMESITE = os.getenv("SAMESITE", "None")\n', errors: [{ messageId: "fallbackNone", line: 2, messageIncludes: "`SAMESITE`" }] },
  ],
});

describe("cookie-samesite-none severity", () => {
  it.each([
    ["session 'None' is medium", "SESSION_COOKIE_SAMESITE = 'None'\n", "medium"],
    ["session None (no attribute) is low", "SESSION_COOKIE_SAMESITE = None\n", "low"],
    ["CSRF 'None' is low", "CSRF_COOKIE_SAMESITE = 'None'\n", "low"],
  ])("%s", (_name, code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});
