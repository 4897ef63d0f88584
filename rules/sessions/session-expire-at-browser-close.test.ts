import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./session-expire-at-browser-close.js";

testRule(rule, {
  valid: [
    { name: "with an 8 hour age", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\nSESSION_COOKIE_AGE = 3600 * 8\n" },
    { name: "exactly one day", code: "SESSION_COOKIE_AGE = 86400\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True\n" },
    { name: "False as in the guide", code: "SESSION_COOKIE_AGE = 3600 * 24 * 7\nSESSION_EXPIRE_AT_BROWSER_CLOSE = False\n" },
    { name: "age from the environment", code: 'import os\nSESSION_COOKIE_AGE = int(os.environ["AGE"])\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True\n' },
    { name: "age may come from an unresolved star import", code: "from .common import *\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True\n" },
    { name: "short age inherited from base", code: "from .base import *\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True\n", context: { "mysite/settings/base.py": "SESSION_COOKIE_AGE = 3600\n" } },
    { name: "development settings", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\n", path: "mysite/settings/dev.py" },
  ],
  invalid: [
    { name: "default two-week age", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\n", errors: [{ messageId: "unbounded", line: 1, messageIncludes: "14 days" }] },
    { name: "one week age", code: "SESSION_COOKIE_AGE = 3600 * 24 * 7\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True\n", path: "mysite/settings.py", errors: [{ messageId: "unbounded", line: 2, messageIncludes: "7 days" }] },
    { name: "long age inherited from base", code: "from .base import *\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True\n", context: { "mysite/settings/base.py": "SESSION_COOKIE_AGE = 3600 * 36\n" }, errors: [{ messageId: "unbounded", line: 2, messageIncludes: "36 hours" }] },
  ],
});
