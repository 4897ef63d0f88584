import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./cookie-httponly-disabled.js";

testRule(rule, {
  valid: [
    { name: "absent: the default is True", code: "DEBUG = False\n" },
    { name: "set to True", code: "SESSION_COOKIE_HTTPONLY = True\n" },
    { name: "CSRF_COOKIE_HTTPONLY False is Django's default and of little value", code: "CSRF_COOKIE_HTTPONLY = False\n" },
    { name: "CSRF_COOKIE_HTTPONLY True", code: "CSRF_COOKIE_HTTPONLY = True\n" },
    { name: "env without a default", code: 'import os\nSESSION_COOKIE_HTTPONLY = os.environ["HTTPONLY"] == "1"\n' },
    { name: "False only under if DEBUG", code: "if DEBUG:\n    SESSION_COOKIE_HTTPONLY = False\n" },
    { name: "development module", path: "mysite/settings/dev.py", code: "SESSION_COOKIE_HTTPONLY = False\n" },
  ],
  invalid: [
    { name: "False in production", code: "SESSION_COOKIE_HTTPONLY = False\n", errors: [{ messageId: "disabled", line: 1, fix: "SESSION_COOKIE_HTTPONLY = True" }] },
    { name: "False in base", path: "mysite/settings/base.py", code: "SESSION_COOKIE_HTTPONLY = False  # SPA reads it\n", errors: [{ messageId: "disabled", line: 1, fix: "SESSION_COOKIE_HTTPONLY = True  # SPA reads it" }] },
    { name: "env fallback False", code: 'import environ\nenv = environ.Env()\nSESSION_COOKIE_HTTPONLY = env.bool("HTTPONLY", default=False)\n', errors: [{ messageId: "fallbackOff", line: 3 }] },
  ],
});
