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
    { name: "decouple with cast=bool and no default", code: 'from decouple import config\nDEBUG = config("DEBUG", cast=bool)\n' },
    { name: "strtobool of os.getenv", code: 'import os\nfrom distutils.util import strtobool\nDEBUG = strtobool(os.getenv("DEBUG", "0"))\n' },
    { name: "django-environ env() may be typed by its scheme", code: ENVIRON + 'DEBUG = env("DEBUG")\n' },
    { name: "alias of os.environ compared", code: OS + 'env = os.environ\nDEBUG = env.get("DEBUG", "0") == "1"\n' },
    { name: "production branch of an if/else on the environment", code: OS + 'if os.environ.get("DJANGO_DEV"):\n    DEBUG = True\nelse:\n    DEBUG = False\n' },
    { name: "a conditional expression on DEBUG-independent env", code: OS + 'DEBUG = True if os.environ.get("DJANGO_DEV") == "1" else False\n' },
    { name: "helper with a false default", code: OS + 'def env_flag(name, default=False):\n    return os.environ.get(name, default)\nDEBUG = env_flag("DEBUG") == "1"\n' },
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
    { name: "empty string fallback: a string whenever set", code: OS + 'DEBUG = os.environ.get("DEBUG", "")\n', errors: [{ messageId: "stringTyped", line: 2 }] },
    { name: "os.environ[...] unconverted", code: OS + 'DEBUG = os.environ["DJANGO_DEBUG"]\n', errors: [{ messageId: "stringTyped", line: 2, messageIncludes: '`os.environ.get("DJANGO_DEBUG", "") == "1"`' }] },
    { name: "os.getenv without a default", code: OS + 'DEBUG = os.getenv("DEBUG")\n', errors: [{ messageId: "stringTyped", line: 2 }] },
    { name: "os.environ.get with a False default is still text when set", code: OS + 'DEBUG = os.environ.get("DEBUG", False)\n', errors: [{ messageId: "stringTyped", line: 2 }] },
    { name: "bool() of os.getenv is true for the text False", code: OS + 'DEBUG = bool(os.getenv("DEBUG"))\n', errors: [{ messageId: "stringTyped", line: 2 }] },
    { name: "decouple config without cast", code: 'from decouple import config\nDEBUG = config("DEBUG")\n', errors: [{ messageId: "stringTyped", line: 2, messageIncludes: "cast=bool" }] },
    { name: "decouple config without cast, with a False default", code: 'from decouple import config\nDEBUG = config("DEBUG", default=False)\n', errors: [{ messageId: "stringTyped", line: 2 }] },
    { name: "through an alias: getenv = os.environ.get", code: OS + 'getenv = os.environ.get\nDEBUG = getenv("DEBUG", "True") == "True"\n', errors: [{ messageId: "debugFallback", line: 3 }] },
    { name: "through from os import environ as env", code: 'from os import environ as env\nDEBUG = env.get("DEBUG", "1") == "1"\n', errors: [{ messageId: "debugFallback", line: 2 }] },
    { name: "through a helper of the settings module", code: OS + 'def envbool(name, default):\n    """Reads a flag."""\n    return os.environ.get(name, default)\nDEBUG = envbool("DJANGO_DEBUG", True)\n', errors: [{ messageId: "debugFallback", line: 5, messageIncludes: "`DJANGO_DEBUG`" }] },
    { name: "through a helper of the star-imported base", code: 'from .base import *\nDEBUG = env_flag("DEBUG", default=True)\n', context: { [BASE]: 'import os\ndef env_flag(name, default=False):\n    return os.environ.get(name, default)\nDEBUG = False\n' }, errors: [{ messageId: "debugFallback", line: 2 }] },
    { name: "the branch taken while the variable is unset", code: OS + 'if "DJANGO_DEBUG_FALSE" in os.environ:\n    DEBUG = False\nelse:\n    DEBUG = True\n', errors: [{ messageId: "debugOn", line: 5, messageIncludes: "`DJANGO_DEBUG_FALSE` is unset" }] },
    { name: "a conditional expression on the environment", code: OS + 'DEBUG = False if os.environ.get("PRODUCTION") else True\n', errors: [{ messageId: "debugOn", line: 2 }] },
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

describe("debug-enabled-in-settings confidence", () => {
  it("a value from the branch taken while a variable is unset is medium confidence; a plain one high", () => {
    const branch = runRule(rule, 'import os\nif os.environ.get("PRODUCTION"):\n    DEBUG = False\nelse:\n    DEBUG = True\n', "mysite/settings/production.py");
    expect(branch.findings.map((f) => f.confidence)).toEqual(["medium"]);
    expect(runRule(rule, "DEBUG = True\n", "mysite/settings/production.py").findings.map((f) => f.confidence)).toEqual(["high"]);
  });
});

describe("debug-enabled-in-settings in a base that every production module overrides", () => {
  const conf = (code: string, production: string) =>
    runRule(rule, code, BASE, { "mysite/settings/production.py": production }).findings.map((f) => `${f.severity}/${f.confidence}`);
  it("is low when every production module sets DEBUG itself", () => {
    expect(conf("DEBUG = True\n", "from .base import *\nDEBUG = False\n")).toEqual(["medium/low"]);
    expect(conf(OS + 'DEBUG = os.environ.get("DEBUG", "True")\n', "from .base import *\nDEBUG = False\n")).toEqual([`${rule.severity}/low`]);
  });
  it("keeps its confidence when a production module runs with the base's value", () => {
    expect(conf("DEBUG = True\n", "from .base import *\nALLOWED_HOSTS = ['shop.example.com']\n")).toEqual([`medium/${rule.confidence}`]);
    expect(conf("DEBUG = True\n", "from .base import *\nif os.environ.get('X'):\n    DEBUG = False\n")).toEqual([`medium/${rule.confidence}`]);
  });
});

describe("debug-enabled-in-settings in a settings module production never loads", () => {
  const DOCKER = "mysite/settings/docker.py";
  const conf = (context: Record<string, string>) =>
    runRule(rule, "from .common import *\nDEBUG = True\n", DOCKER, { "mysite/settings/common.py": "DEBUG = False\n", ...context }).findings.map((f) => f.confidence);
  it("is low when the production modules, all in sight, never load it", () => {
    expect(conf({ "mysite/settings/production.py": "from .common import *\nALLOWED_HOSTS = ['x']\n" })).toEqual(["low"]);
  });
  it("keeps its confidence when production loads it (also through another module), or loads a module out of sight", () => {
    expect(conf({ "mysite/settings/production.py": "from .docker import *\n" })).toEqual([rule.confidence]);
    expect(conf({ "mysite/settings/production.py": "from .stage import *\n", "mysite/settings/stage.py": "from .docker import *\n" })).toEqual([rule.confidence]);
    expect(conf({ "mysite/settings/production.py": "from .common import *\nfrom .vendor_defaults import *\n" })).toEqual([rule.confidence]);
    expect(conf({})).toEqual([rule.confidence]);
  });
});
