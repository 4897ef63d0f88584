import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./hsts-subdomains-preload-missing.js";

const BASE = "mysite/settings/base.py";
const HSTS = "SECURE_HSTS_SECONDS = 31536000\n";
const BOTH = "SECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n";

testRule(rule, {
  valid: [
    { name: "HSTS with both flags", code: HSTS + BOTH },
    { name: "HSTS off: another rule's concern", code: "SECURE_HSTS_SECONDS = 0\n" },
    { name: "HSTS missing", code: "DEBUG = False\n" },
    { name: "HSTS from the environment without a default", code: 'import os\nSECURE_HSTS_SECONDS = int(os.environ["HSTS"])\nSECURE_HSTS_PRELOAD = False\n' },
    { name: "flags from the environment without defaults", code: HSTS + 'import environ\nenv = environ.Env()\nSECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SUB")\nSECURE_HSTS_PRELOAD = env.bool("PRE")\n' },
    { name: "flags inherited from base", code: "from .base import *\n" + HSTS, context: { [BASE]: BOTH } },
    { name: "HSTS and flags inherited", code: "from .base import *\n", context: { [BASE]: HSTS + BOTH } },
    { name: "flags missing but a star import is unresolved", code: "from .base import *\n" + HSTS },
    { name: "development module", path: "mysite/settings/dev.py", code: HSTS + "SECURE_HSTS_PRELOAD = False\n" },
    { name: "base module", path: BASE, code: HSTS },
  ],
  invalid: [
    {
      name: "both missing: reported on the HSTS line",
      code: "DEBUG = False\n" + HSTS,
      errors: [
        { messageId: "missing", line: 2, messageIncludes: "SECURE_HSTS_INCLUDE_SUBDOMAINS" },
        { messageId: "missing", line: 2, messageIncludes: "SECURE_HSTS_PRELOAD" },
      ],
    },
    { name: "preload explicitly off", code: HSTS + "SECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = False\n", errors: [{ messageId: "disabled", line: 3, fix: null }] },
    { name: "short HSTS still counts as on", code: "SECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = True\n", errors: [{ messageId: "disabled", line: 2 }] },
    {
      name: "env fallback off",
      code: HSTS + 'import os\nSECURE_HSTS_INCLUDE_SUBDOMAINS = os.getenv("HSTS_SUB", "false") == "true"\nSECURE_HSTS_PRELOAD = True\n',
      errors: [{ messageId: "fallbackOff", line: 3 }],
    },
    {
      name: "inherited off from base",
      code: "from .base import *\n" + HSTS + "SECURE_HSTS_PRELOAD = True\n",
      context: { [BASE]: "SECURE_HSTS_INCLUDE_SUBDOMAINS = False\n" },
      errors: [{ messageId: "inheritedOff", line: 1, messageIncludes: BASE }],
    },
    {
      name: "HSTS inherited, flags missing everywhere",
      code: "import os\nfrom .base import *\n",
      context: { [BASE]: HSTS },
      errors: [
        { messageId: "missing", line: 2 },
        { messageId: "missing", line: 2 },
      ],
    },
  ],
});
