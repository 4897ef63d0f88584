import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./content-type-nosniff-disabled.js";

const BASE = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "absent: the default is True", code: "DEBUG = False\n" },
    { name: "set to True", code: "SECURE_CONTENT_TYPE_NOSNIFF = True\n" },
    { name: "env without a default", code: 'import environ\nenv = environ.Env()\nSECURE_CONTENT_TYPE_NOSNIFF = env.bool("NOSNIFF")\n' },
    { name: "env with a true default", code: 'import os\nSECURE_CONTENT_TYPE_NOSNIFF = os.getenv("NOSNIFF", "1") == "1"\n' },
    { name: "False only under if DEBUG", code: "if DEBUG:\n    SECURE_CONTENT_TYPE_NOSNIFF = False\n" },
    { name: "development module", path: "mysite/settings/dev.py", code: "SECURE_CONTENT_TYPE_NOSNIFF = False\n" },
    { name: "inherited False is reported in the base file", code: "from .base import *\n", context: { [BASE]: "SECURE_CONTENT_TYPE_NOSNIFF = False\n" } },
    { name: "overrides a False base", code: "from .base import *\nSECURE_CONTENT_TYPE_NOSNIFF = True\n", context: { [BASE]: "SECURE_CONTENT_TYPE_NOSNIFF = False\n" } },
  ],
  invalid: [
    { name: "False in production, with a fix", code: "SECURE_CONTENT_TYPE_NOSNIFF = False\n", errors: [{ messageId: "disabled", line: 1, fix: "SECURE_CONTENT_TYPE_NOSNIFF = True" }] },
    { name: "False in base", path: BASE, code: "DEBUG = True\nSECURE_CONTENT_TYPE_NOSNIFF = False\n", errors: [{ messageId: "disabled", line: 2, fix: "SECURE_CONTENT_TYPE_NOSNIFF = True" }] },
    { name: "False in a single settings.py", path: "proj/settings.py", code: "SECURE_CONTENT_TYPE_NOSNIFF = 0\n", errors: [{ messageId: "disabled", line: 1 }] },
    { name: "env fallback False", code: 'from decouple import config\nSECURE_CONTENT_TYPE_NOSNIFF = config("NOSNIFF", default=False, cast=bool)\n', errors: [{ messageId: "fallbackOff", line: 2, fix: null }] },
  ],
});
