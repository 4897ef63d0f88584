import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./allowed-hosts-wildcard.js";

const OS = "import os\n";
const BASE = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "explicit hosts", code: 'ALLOWED_HOSTS = ["shop.example.com", "www.shop.example.com"]\n' },
    { name: "leading-dot subdomain pattern", code: 'ALLOWED_HOSTS = [".example.com"]\n' },
    { name: "a '*.' pattern is not Django's wildcard", code: 'ALLOWED_HOSTS = ["*.example.com"]\n' },
    { name: "env lookup with an empty default", code: OS + 'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")\n' },
    { name: "env.list without a default", code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS")\n' },
    { name: "env.list with a real default", code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["shop.example.com"])\n' },
    { name: "wildcard only under if DEBUG", code: 'ALLOWED_HOSTS = ["shop.example.com"]\nif DEBUG:\n    ALLOWED_HOSTS += ["*"]\n' },
    { name: "wildcard only for test runs", code: 'import sys\nALLOWED_HOSTS = ["a.example.com"]\nif "test" in sys.argv:\n    ALLOWED_HOSTS = ["*"]\n' },
    { name: "development settings", path: "mysite/settings/local.py", code: 'ALLOWED_HOSTS = ["*"]\n' },
    { name: "test settings", path: "mysite/settings/test.py", code: 'ALLOWED_HOSTS = ["*"]\n' },
    { name: "production overrides a wildcard base", code: 'from .base import *\nALLOWED_HOSTS = ["shop.example.com"]\n', context: { [BASE]: 'ALLOWED_HOSTS = ["*"]\n' } },
    { name: "appending a real host", code: 'ALLOWED_HOSTS = ["a.example.com"]\nALLOWED_HOSTS.append("b.example.com")\n' },
    { name: "a wildcard in another setting", code: 'CORS_ALLOWED_ORIGINS = ["*"]\n' },
  ],
  invalid: [
    { name: "list with only a wildcard", code: 'ALLOWED_HOSTS = ["*"]\n', errors: [{ messageId: "wildcard", line: 1 }] },
    { name: "wildcard next to real hosts", code: "ALLOWED_HOSTS = [\n    'shop.example.com',\n    '*',\n]\n", errors: [{ messageId: "wildcard", line: 3 }] },
    { name: "tuple", code: "ALLOWED_HOSTS = ('*',)\n", errors: [{ messageId: "wildcard", line: 1 }] },
    { name: "a plain string", code: "ALLOWED_HOSTS = '*'\n", errors: [{ messageId: "wildcard", line: 1 }] },
    { name: "base settings", path: BASE, code: 'ALLOWED_HOSTS = ["*"]\n', errors: [{ messageId: "wildcard", line: 1 }] },
    {
      name: "os.environ.get fallback split on commas",
      code: OS + 'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")\n',
      errors: [{ messageId: "wildcardFallback", line: 2, messageIncludes: "`ALLOWED_HOSTS`" }],
    },
    { name: "env.list default", code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("HOSTS", default=["*"])\n', errors: [{ messageId: "wildcardFallback", line: 3 }] },
    { name: "decouple Csv default", code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*", cast=Csv())\n', errors: [{ messageId: "wildcardFallback", line: 2 }] },
    { name: "+= in production", code: 'from .base import *\nALLOWED_HOSTS += ["*"]\n', context: { [BASE]: 'ALLOWED_HOSTS = ["a.example.com"]\n' }, errors: [{ messageId: "wildcard", line: 2 }] },
    { name: "append", code: 'ALLOWED_HOSTS = []\nALLOWED_HOSTS.append("*")\n', errors: [{ messageId: "wildcard", line: 2 }] },
  ],
});
