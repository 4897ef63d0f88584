import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./session-cookie-age-too-long.js";

testRule(rule, {
  valid: [
    { name: "one week as arithmetic", code: "SESSION_COOKIE_AGE = 3600 * 24 * 7\n" },
    { name: "exactly two weeks", code: "SESSION_COOKIE_AGE = 1209600\n" },
    { name: "not set", code: "DEBUG = False\n" },
    { name: "from the environment without a default", code: 'import os\nSESSION_COOKIE_AGE = int(os.environ["SESSION_AGE"])\n' },
    { name: "long in development settings", code: "SESSION_COOKIE_AGE = 3600 * 24 * 365\n", path: "mysite/settings/local.py" },
    { name: "long only under if DEBUG", code: "if DEBUG:\n    SESSION_COOKIE_AGE = 3600 * 24 * 365\n" },
    { name: "short timedelta", code: "from datetime import timedelta\nSESSION_COOKIE_AGE = int(timedelta(hours=12).total_seconds())\n" },
    { name: "timedelta of unknown length", code: "from datetime import timedelta\nSESSION_COOKIE_AGE = int(timedelta(days=DAYS).total_seconds())\n" },
    { name: "other setting with a large number", code: "DATA_UPLOAD_MAX_MEMORY_SIZE = 3600 * 24 * 30\n" },
    { name: "inherited long value is reported in base only", code: "from .base import *\n", context: { "mysite/settings/base.py": "SESSION_COOKIE_AGE = 3600 * 24 * 30\n" } },
  ],
  invalid: [
    { name: "30 days as arithmetic", code: "SESSION_COOKIE_AGE = 3600 * 24 * 30\n", errors: [{ messageId: "tooLong", line: 1, messageIncludes: "30 days" }] },
    { name: "one year literal in settings.py", code: "SESSION_COOKIE_AGE = 31_536_000\n", path: "mysite/settings.py", errors: [{ messageId: "tooLong", line: 1, messageIncludes: "365 days" }] },
    { name: "parenthesised with power", code: "SESSION_COOKIE_AGE = (60 * 60 * 24) * 7 * 3\n", errors: [{ messageId: "tooLong", line: 1, messageIncludes: "21 days" }] },
    { name: "timedelta total_seconds", code: "from datetime import timedelta\nSESSION_COOKIE_AGE = int(timedelta(days=30).total_seconds())\n", errors: [{ messageId: "tooLong", line: 2, messageIncludes: "30 days" }] },
    { name: "datetime.timedelta weeks and days", code: "import datetime\nSESSION_COOKIE_AGE = datetime.timedelta(weeks=2, days=1).total_seconds()\n", errors: [{ messageId: "tooLong", line: 2, messageIncludes: "15 days" }] },
    { name: "django-environ default", code: 'import environ\nenv = environ.Env()\nSESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 60)\n', errors: [{ messageId: "fallbackTooLong", line: 3, messageIncludes: "60 days" }] },
  ],
});
