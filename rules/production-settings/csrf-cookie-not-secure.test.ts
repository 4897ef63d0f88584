import { testRule } from "../../test/helpers/test-rule.js";
import { requireTrueCases } from "./__fixtures__/require-true-cases.js";
import rule from "./csrf-cookie-not-secure.js";

const shared = requireTrueCases("CSRF_COOKIE_SECURE");

testRule(rule, {
  valid: [
    ...shared.valid,
    { name: "CSRF token kept in the session", code: "CSRF_USE_SESSIONS = True\nCSRF_COOKIE_SECURE = False\n" },
    { name: "CSRF_USE_SESSIONS inherited from base", code: "from .base import *\n", context: { "mysite/settings/base.py": "CSRF_USE_SESSIONS = True\n" } },
    { name: "SESSION_COOKIE_SECURE is another rule", code: "CSRF_COOKIE_SECURE = True\nSESSION_COOKIE_SECURE = False\n" },
  ],
  invalid: [
    ...shared.invalid,
    { name: "CSRF_USE_SESSIONS off does not silence it", code: "CSRF_USE_SESSIONS = False\nCSRF_COOKIE_SECURE = False\n", errors: [{ messageId: "disabled", line: 2 }] },
  ],
});
