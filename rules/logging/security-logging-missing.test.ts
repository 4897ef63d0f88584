import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./security-logging-missing.js";

const BASE = "mysite/settings/base.py";
const HANDLERS = '    "handlers": {"console": {"class": "logging.StreamHandler"}, "null": {"class": "logging.NullHandler"}},\n';
const logging = (loggers: string, extra = "") => `LOGGING = {\n    "version": 1,\n${HANDLERS}    "loggers": {${loggers}},\n${extra}}\n`;

testRule(rule, {
  valid: [
    { name: "django.security with a handler (the guide's setup)", code: logging('"django.security": {"handlers": ["console"], "level": "WARNING", "propagate": True}') },
    { name: "django logger with a handler", code: logging('"django": {"handlers": ["console"], "level": "INFO"}') },
    { name: "root logger in loggers['']", code: logging('"": {"handlers": ["console"]}') },
    { name: "top-level root", code: logging("", '    "root": {"handlers": ["console"], "level": "WARNING"},\n') },
    { name: "django.security propagates to django", code: logging('"django.security": {"level": "WARNING"}, "django": {"handlers": ["console"]}') },
    { name: "handlers from a name we cannot read", code: logging('"django": {"handlers": HANDLER_NAMES}') },
    { name: "loggers built elsewhere", code: 'LOGGING = {"version": 1, "loggers": LOGGERS}\n' },
    { name: "dict with a splat", code: 'LOGGING = {**BASE_LOGGING, "version": 1}\n' },
    { name: "LOGGING built by a function", code: "LOGGING = build_logging()\n" },
    { name: "LOGGING edited in place", code: logging('"myapp": {"handlers": ["console"]}') + 'LOGGING["loggers"]["django.security"] = {"handlers": ["console"]}\n' },
    { name: "custom LOGGING_CONFIG", code: "LOGGING_CONFIG = None\n" },
    { name: "dictConfig called by hand", code: "import logging.config\nlogging.config.dictConfig({})\n" },
    { name: "missing, but the star import is unresolved", code: "from .base import *\nDEBUG = False\n" },
    { name: "routed in the resolved base", code: "from .base import *\n", context: { [BASE]: logging('"django": {"handlers": ["console"]}') } },
    { name: "base module: production decides", path: BASE, code: "DEBUG = False\n" },
    { name: "single settings.py", path: "mysite/settings.py", code: logging('"myapp": {"handlers": ["console"]}') },
    { name: "development module", path: "mysite/settings/dev.py", code: "DEBUG = True\n" },
  ],
  invalid: [
    { name: "only set under if DEBUG: production has none", code: `if DEBUG:\n    ${logging('"myapp": {}').replace(/\n/g, "\n    ")}`, errors: [{ messageId: "loggingMissing", line: 1 }] },

    { name: "no LOGGING at all", code: "DEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n", errors: [{ messageId: "loggingMissing", line: 1 }] },
    { name: "missing from the module and its resolved base", code: "from .base import *\n", context: { [BASE]: "DEBUG = False\n" }, errors: [{ messageId: "loggingMissing", line: 1 }] },
    { name: "only app loggers", code: "DEBUG = False\n" + logging('"myapp": {"handlers": ["console"]}'), errors: [{ messageId: "notRouted", line: 2 }] },
    { name: "no loggers key", code: 'LOGGING = {"version": 1, "handlers": {}}\n', errors: [{ messageId: "notRouted", line: 1 }] },
    { name: "django.security silenced with a NullHandler", code: logging('"django.security": {"handlers": ["null"], "propagate": False}, "django": {"handlers": ["console"]}'), errors: [{ messageId: "notRouted", line: 1 }] },
    { name: "django.security stops propagating without handlers", code: logging('"django.security": {"propagate": False}, "django": {"handlers": ["console"]}'), errors: [{ messageId: "notRouted", line: 1 }] },
    { name: "django logger with an empty handler list", code: logging('"django": {"handlers": [], "level": "INFO"}'), errors: [{ messageId: "notRouted", line: 1 }] },
    {
      name: "inherited LOGGING that routes nothing",
      code: "import os\nfrom .base import *\n",
      context: { [BASE]: logging('"myapp": {"handlers": ["console"]}') },
      errors: [{ messageId: "inheritedNotRouted", line: 2, messageIncludes: BASE }],
    },
  ],
});
