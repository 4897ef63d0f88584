import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./session-expire-at-browser-close.js";

testRule(rule, {
  valid: [
    { name: "sessions end with the browser", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\nSESSION_COOKIE_AGE = 3600 * 8\n" },
    { name: "True with Django's default age", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\n" },
    { name: "not set: Django's default is not a choice made here", code: "SESSION_COOKIE_AGE = 3600 * 24 * 7\n" },
    { name: "False only under DEBUG", code: "DEBUG = False\nif DEBUG:\n    SESSION_EXPIRE_AT_BROWSER_CLOSE = False\n" },
    { name: "development settings", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = False\n", path: "mysite/settings/dev.py" },
    { name: "a value read from the environment", code: 'import os\nSESSION_EXPIRE_AT_BROWSER_CLOSE = os.environ.get("EXPIRE") == "1"\n' },
  ],
  invalid: [
    {
      name: "False as in the guide, with a one-week age",
      code: "SESSION_COOKIE_AGE = 3600 * 24 * 7  # 1 week\nSESSION_EXPIRE_AT_BROWSER_CLOSE = False  # Better UX, but less secure\n",
      path: "mysite/settings.py",
      errors: [{ messageId: "persistent", line: 2, messageIncludes: "7 days" }],
    },
    { name: "False with Django's default age", code: "SESSION_EXPIRE_AT_BROWSER_CLOSE = False\n", errors: [{ messageId: "persistent", line: 1, messageIncludes: "two weeks" }] },
    {
      name: "False in production, age inherited from base",
      code: "from .base import *\nSESSION_EXPIRE_AT_BROWSER_CLOSE = False\n",
      path: "mysite/settings/production.py",
      context: { "mysite/settings/base.py": "SESSION_COOKIE_AGE = 3600 * 36\n" },
      errors: [{ messageId: "persistent", line: 2, messageIncludes: "36 hours" }],
    },
    { name: "age from the environment", code: 'import os\nSESSION_COOKIE_AGE = int(os.environ["AGE"])\nSESSION_EXPIRE_AT_BROWSER_CLOSE = False\n', errors: [{ messageId: "persistent", line: 3, messageIncludes: "as long as" }] },
  ],
});
