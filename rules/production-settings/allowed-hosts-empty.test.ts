import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./allowed-hosts-empty.js";

const BASE = "mysite/settings/base.py";
const ENVIRON = "import environ\nenv = environ.Env()\n";
const PROJECT = "SECRET_KEY = get_secret()\nINSTALLED_APPS = []\n";

testRule(rule, {
  valid: [
    { name: "explicit hosts", code: 'ALLOWED_HOSTS = ["shop.example.com"]\n' },
    { name: "env.list without a default (a missing variable fails loudly)", code: ENVIRON + 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")\n' },
    { name: "an empty-string default split is [''], which Django does not count as empty", code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")\n' },
    { name: "a comprehension we cannot read", code: 'import os\nALLOWED_HOSTS = [h for h in os.environ.get("HOSTS", "").split(",") if h]\n' },
    { name: "empty, then extended", code: 'ALLOWED_HOSTS = []\nALLOWED_HOSTS.append("shop.example.com")\n' },
    { name: "empty only under if DEBUG", code: 'ALLOWED_HOSTS = ["shop.example.com"]\nif DEBUG:\n    ALLOWED_HOSTS = []\n' },
    { name: "production overrides an empty base", code: 'from .base import *\nALLOWED_HOSTS = ["shop.example.com"]\n', context: { [BASE]: "ALLOWED_HOSTS = []\n" } },
    { name: "missing, but an unread star import may set it", code: "from .somewhere import *\n" + PROJECT },
    { name: "missing from a module that is not a project's settings", code: "FEATURE_FLAG = True\n" },
    { name: "development settings", path: "mysite/settings/dev.py", code: "ALLOWED_HOSTS = []\n" },
    { name: "shared base module", path: BASE, code: "ALLOWED_HOSTS = []\n" },
  ],
  invalid: [
    { name: "empty list", code: "DEBUG = False\nALLOWED_HOSTS = []\n", errors: [{ messageId: "empty", line: 2 }] },
    { name: "never set", code: PROJECT, errors: [{ messageId: "missing", line: 1 }] },
    { name: "inherited empty", code: "from .base import *\nDEBUG = False\n", context: { [BASE]: "ALLOWED_HOSTS = []\n" }, errors: [{ messageId: "inherited", line: 1 }] },
    { name: "env.list with an empty default", code: ENVIRON + 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])\n', errors: [{ messageId: "emptyFallback", line: 3 }] },
    { name: "single settings.py deployed with DEBUG off", path: "mysite/settings.py", code: "DEBUG = False\nALLOWED_HOSTS = []\n", errors: [{ messageId: "empty", line: 2 }] },
    {
      name: "never set, before an optional local settings import",
      code: PROJECT + "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n",
      errors: [{ messageId: "missing", line: 1, messageIncludes: "Unless your local settings" }],
    },
  ],
});

describe("allowed-hosts-empty confidence", () => {
  it("is low when the deployment's environment normally fills it, or a local settings module may", () => {
    const env = runRule(rule, ENVIRON + 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])\n', "mysite/settings/production.py");
    const local = runRule(rule, PROJECT + "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n", "mysite/settings/production.py");
    const literal = runRule(rule, "ALLOWED_HOSTS = []\n", "mysite/settings/production.py");
    expect(env.findings.map((f) => f.confidence)).toEqual(["low"]);
    expect(local.findings.map((f) => f.confidence)).toEqual(["low"]);
    expect(literal.findings.map((f) => f.confidence)).toEqual(["high"]);
  });
});
