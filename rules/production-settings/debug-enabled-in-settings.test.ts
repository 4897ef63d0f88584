import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./debug-enabled-in-settings.js";

const OS = "import os\n";
const ENVIRON = "import environ\nenv = environ.Env()\n";
const BASE = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "DEBUG = False", code: "DEBUG = False\n" },
    { name: "env.bool without a default", code: ENVIRON + 'DEBUG = env.bool("DEBUG")\n' },
    { name: "env.bool with a false default", code: ENVIRON + 'DEBUG = env.bool("DEBUG", default=False)\n' },
    { name: "os.environ.get compared, false default", code: OS + 'DEBUG = os.environ.get("DEBUG", "False") == "True"\n' },
    { name: "os.getenv compared, no default", code: OS + 'DEBUG = os.getenv("DJANGO_DEBUG") == "1"\n' },
    { name: "lower() in a tuple with a false default", code: OS + 'DEBUG = os.getenv("DEBUG", "no").lower() in ("1", "true")\n' },
    { name: "decouple with a false default", code: 'from decouple import config\nDEBUG = config("DEBUG", default=False, cast=bool)\n' },
    { name: "decouple string default cast to bool", code: 'from decouple import config\nDEBUG = config("DEBUG", default="false", cast=bool)\n' },
    { name: "os.environ[...] has no fallback", code: OS + 'DEBUG = os.environ["DEBUG"] == "1"\n' },
    { name: "empty string fallback is false", code: OS + 'DEBUG = os.environ.get("DEBUG", "")\n' },
    { name: "environ scheme with a false default", code: 'import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env("DEBUG")\n' },
    { name: "environ scheme True but the call has its own default", code: 'import environ\nenv = environ.Env(DEBUG=(bool, True))\nDEBUG = env("DEBUG", default=False)\n' },
    { name: "under if DEBUG-like guard", code: "DEBUG = False\nif DEBUG:\n    TEMPLATE_DEBUG = True\n" },
    { name: "only set conditionally", code: OS + 'if os.environ.get("LOCAL"):\n    DEBUG = True\nelse:\n    DEBUG = False\n' },
    { name: "True earlier, overridden by False", code: "DEBUG = True\nDEBUG = False\n" },
    { name: "development settings", path: "mysite/settings/dev.py", code: "DEBUG = True\n" },
    { name: "local settings", path: "mysite/settings/local.py", code: "DEBUG = True\n" },
    { name: "not a settings module", path: "shop/views.py", code: "DEBUG = True\n" },
    { name: "env object from base with a false default", code: 'from .base import *\nDEBUG = env.bool("DEBUG", default=False)\n', context: { [BASE]: "import environ\nenv = environ.Env()\nDEBUG = False\n" } },
    { name: "a local os binding is not the base's os module", code: 'from .base import *\nos = Namespace(environ={})\nDEBUG = os.environ.get("DEBUG", "True") == "True"\n', context: { [BASE]: "import os\nDEBUG = False\n" } },
    { name: "production overriding base", code: "from .base import *\nDEBUG = False\n", context: { [BASE]: "DEBUG = True\n" } },
    { name: "inherited value is reported in its own file", code: "from .base import *\nALLOWED_HOSTS = ['shop.example.com']\n", context: { [BASE]: "DEBUG = True\n" } },
    { name: "a local variable", code: "debug = True\n" },
    { name: "TEMPLATE_DEBUG is another setting", code: "TEMPLATE_DEBUG = True\n" },
  ],
  invalid: [
    { name: "os imported by the star-imported base", code: 'from .base import *\nDEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"\n', context: { [BASE]: "import os\nDEBUG = False\n" }, errors: [{ messageId: "debugFallback", line: 2 }] },
    { name: "env object defined in the star-imported base", code: 'from .base import *\nDEBUG = env.bool("DEBUG", default=True)\n', context: { [BASE]: "import environ\nenv = environ.Env()\nDEBUG = False\n" }, errors: [{ messageId: "debugFallback", line: 2 }] },
    { name: "DEBUG = True in production", code: "DEBUG = True\n", errors: [{ messageId: "debugOn", line: 1, fix: "DEBUG = False" }] },
    {
      name: "keeps the trailing comment in the fix",
      code: "import os\n\nDEBUG = True  # TODO turn off\n",
      errors: [{ messageId: "debugOn", line: 3, fix: "DEBUG = False  # TODO turn off" }],
    },
    { name: "base module of a settings package: no fix", path: BASE, code: "DEBUG = True\n", errors: [{ messageId: "debugOnInSharedBase", line: 1, fix: null }] },
    { name: "settings/__init__.py", path: "mysite/settings/__init__.py", code: "DEBUG = True\n", errors: [{ messageId: "debugOnInSharedBase", line: 1 }] },
    { name: "single settings.py", path: "mysite/settings.py", code: "SECRET_KEY = 'x'\nDEBUG = True\n", errors: [{ messageId: "debugOn", line: 2, fix: null, messageIncludes: "production can load" }] },
    { name: "DEBUG = 1", code: "DEBUG = 1\n", errors: [{ messageId: "debugOn", line: 1, fix: null }] },
    { name: "string literal 'False' is truthy", code: "DEBUG = 'False'\n", errors: [{ messageId: "literalString", line: 1, fix: "DEBUG = False" }] },
    { name: "os.environ.get with True fallback", code: OS + 'DEBUG = os.environ.get("DEBUG", True)\n', errors: [{ messageId: "debugFallback", line: 2, messageIncludes: "`DEBUG`" }] },
    { name: "os.getenv compared with a true default", code: OS + 'DEBUG = os.getenv("DEBUG", "True") == "True"\n', errors: [{ messageId: "debugFallback", line: 2 }] },
    { name: "!= against production with no default", code: OS + 'DEBUG = os.getenv("DJANGO_ENV") != "production"\n', errors: [{ messageId: "debugFallback", line: 2, messageIncludes: "`DJANGO_ENV`" }] },
    { name: "os.environ.get string fallback 'False'", code: OS + 'DEBUG = os.environ.get("DEBUG", "False")\n', errors: [{ messageId: "debugString", line: 2, messageIncludes: '`"False"`' }] },
    { name: "bool() of a string fallback is still true", code: OS + 'DEBUG = bool(os.getenv("DEBUG", "0"))\n', errors: [{ messageId: "debugString", line: 2, messageIncludes: '`"0"`' }] },
    { name: "env.bool with a true default", code: ENVIRON + 'DEBUG = env.bool("DEBUG", default=True)\n', errors: [{ messageId: "debugFallback", line: 3 }] },
    { name: "env() with a true default", code: ENVIRON + 'DEBUG = env("DEBUG", default=True)\n', errors: [{ messageId: "debugFallback", line: 3 }] },
    { name: "decouple with a true default", code: 'from decouple import config\nDEBUG = config("DEBUG", default=True, cast=bool)\n', errors: [{ messageId: "debugFallback", line: 2 }] },
    { name: "decouple aliased", code: 'from decouple import config as cfg\nDEBUG = cfg("DEBUG", default="1", cast=bool)\n', errors: [{ messageId: "debugFallback", line: 2 }] },
    {
      name: "environ scheme default True, reported on the scheme",
      code: 'import environ\nenv = environ.Env(\n    DEBUG=(bool, True),\n)\nDEBUG = env("DEBUG")\n',
      errors: [{ messageId: "schemeDefault", line: 3 }],
    },
    { name: "production overriding base with True", code: "from .base import *\nDEBUG = True\n", context: { [BASE]: "DEBUG = False\n" }, errors: [{ messageId: "debugOn", line: 2 }] },
    { name: "unconditional True after an if DEBUG block", code: "if DEBUG:\n    X = 1\nDEBUG = True\n", errors: [{ messageId: "debugOn", line: 3 }] },
  ],
});

describe("debug-enabled-in-settings severity", () => {
  it.each([
    ["production module", "mysite/settings/production.py", "high"],
    ["single settings.py", "mysite/settings.py", "high"],
    ["base module of a settings package", "mysite/settings/base.py", "medium"],
  ])("%s", (_name, path, severity) => {
    expect(runRule(rule, "DEBUG = True\n", path).findings.map((f) => f.severity)).toEqual([severity]);
  });
});
