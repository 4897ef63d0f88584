import type { InvalidCase, ValidCase } from "../../../test/helpers/test-rule.js";

const BASE = "mysite/settings/base.py";

/**
 * The cases every "must be True in production" setting shares: explicit and inherited false values,
 * environment fallbacks, a missing setting with and without resolved star imports, and look-alikes.
 */
export function requireTrueCases(name: string): { valid: ValidCase[]; invalid: InvalidCase[] } {
  return {
    valid: [
      { name: "set to True", code: `${name} = True\n` },
      { name: "env lookup with a true default", code: `import environ\nenv = environ.Env()\n${name} = env.bool("${name}", default=True)\n` },
      { name: "env lookup without a default", code: `import os\n${name} = os.environ["${name}"] == "1"\n` },
      { name: "an expression we cannot evaluate", code: `${name} = not DEBUG\n` },
      { name: "development module", path: "mysite/settings/dev.py", code: `${name} = False\n` },
      { name: "base module", path: BASE, code: `${name} = False\n` },
      { name: "single settings.py", path: "mysite/settings.py", code: `${name} = False\n` },
      { name: "False only under if DEBUG", code: `${name} = True\nif DEBUG:\n    ${name} = False\n` },
      { name: "only set conditionally", code: `import os\nif os.environ.get("BEHIND_PROXY"):\n    ${name} = False\n` },
      { name: "missing, but the star import is unresolved", code: "from .base import *\nDEBUG = False\n" },
      { name: "missing here, True in the resolved base", code: "from .base import *\nDEBUG = False\n", context: { [BASE]: `${name} = True\n` } },
      { name: "base False, overridden here", code: `from .base import *\n${name} = True\n`, context: { [BASE]: `${name} = False\n` } },
      { name: "a lowercase variable", code: `${name.toLowerCase()} = False\n${name} = True\n` },
    ],
    invalid: [
      { name: "explicit False, with a fix", code: `DEBUG = False\n${name} = False\n`, errors: [{ messageId: "disabled", line: 2, fix: `${name} = True` }] },
      { name: "0 keeps the comment in the fix", code: `${name} = 0  # proxy does it\n`, errors: [{ messageId: "disabled", line: 1, fix: `${name} = True  # proxy does it` }] },
      { name: "False overriding a True base", code: `from .base import *\n${name} = False\n`, context: { [BASE]: `${name} = True\n` }, errors: [{ messageId: "disabled", line: 2 }] },
      { name: "env fallback False", code: `import os\n${name} = os.environ.get("${name}", "0") == "1"\n`, errors: [{ messageId: "fallbackOff", line: 2, messageIncludes: `\`${name}\`` }] },
      { name: "decouple fallback False", code: `from decouple import config\n${name} = config("HTTPS", default=False, cast=bool)\n`, errors: [{ messageId: "fallbackOff", line: 2, fix: null }] },
      { name: "inherited False from base", code: "import os\nfrom .base import *\nDEBUG = False\n", context: { [BASE]: `${name} = False\n` }, errors: [{ messageId: "inheritedOff", line: 2, messageIncludes: BASE }] },
      { name: "missing from a module without star imports", code: "DEBUG = False\n", errors: [{ messageId: "missing", line: 1 }] },
      { name: "missing from the module and its resolved base", code: "from .base import *\nDEBUG = False\n", context: { [BASE]: "SECRET_KEY = ''\n" }, errors: [{ messageId: "missing", line: 1 }] },
    ],
  };
}
