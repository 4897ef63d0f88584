import { testRule } from "../../test/helpers/test-rule.js";
import { requireTrueCases } from "./__fixtures__/require-true-cases.js";
import rule from "./session-cookie-not-secure.js";

const shared = requireTrueCases("SESSION_COOKIE_SECURE");

testRule(rule, {
  valid: [
    ...shared.valid,
    { name: "CSRF_COOKIE_SECURE is another rule", code: "SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = False\n" },
  ],
  invalid: [
    ...shared.invalid,
    { name: "production module named settings/prod.py", path: "mysite/settings/prod.py", code: "SESSION_COOKIE_SECURE = False\n", errors: [{ messageId: "disabled", line: 1 }] },
  ],
});
