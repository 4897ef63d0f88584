import { testRule } from "../../test/helpers/test-rule.js";
import { requireTrueCases } from "./__fixtures__/require-true-cases.js";
import rule from "./ssl-redirect-disabled.js";

const shared = requireTrueCases("SECURE_SSL_REDIRECT");

testRule(rule, {
  valid: [
    ...shared.valid,
    { name: "proxy header set and redirect on", code: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\nSECURE_SSL_REDIRECT = True\n' },
  ],
  invalid: [
    ...shared.invalid,
    { name: "production package module", path: "mysite/settings/production/web.py", code: "SECURE_SSL_REDIRECT = False\n", errors: [{ messageId: "disabled", line: 1 }] },
  ],
});
