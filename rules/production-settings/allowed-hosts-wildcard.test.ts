import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./allowed-hosts-wildcard.js";

const OS = "import os\n";
const BASE = "mysite/settings/base.py";
const INIT = "mysite/settings/__init__.py";

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
    {
      name: "base wildcard that the production module the package's __init__ loads after it replaces",
      path: BASE,
      code: 'ALLOWED_HOSTS = ["*"]\n',
      context: { [INIT]: 'import os\nfrom .base import *\nif os.environ.get("ENV_CONFIG"):\n    from .production import *\nelse:\n    from .local import *\n', "mysite/settings/production.py": 'import os\nALLOWED_HOSTS = os.environ.get("HOSTS", "shop.example.com").split(",")\n', "mysite/settings/local.py": "DEBUG = True\n", "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n' },
    },
    { name: "base wildcard that a production module built on it replaces", path: BASE, code: 'ALLOWED_HOSTS = ["*"]\n', context: { "mysite/settings/prod.py": 'from .base import *\nALLOWED_HOSTS = ["shop.example.com"]\n' } },
  ],
  invalid: [
    {
      name: "base wildcard when the __init__ loads the production module before the base",
      path: BASE,
      code: 'ALLOWED_HOSTS = ["*"]\n',
      context: { [INIT]: 'from .production import *\nfrom .base import *\n', "mysite/settings/production.py": 'ALLOWED_HOSTS = ["shop.example.com"]\n', "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n' },
      errors: [{ messageId: "wildcard", line: 1 }],
    },
    {
      name: "base wildcard that one of two production modules keeps",
      path: BASE,
      code: 'ALLOWED_HOSTS = ["*"]\n',
      context: { "mysite/settings/prod.py": 'from .base import *\nALLOWED_HOSTS = ["shop.example.com"]\n', "mysite/settings/production_eu.py": 'from .base import *\nDEBUG = False\n' },
      errors: [{ messageId: "wildcard", line: 1 }],
    },
    {
      name: "base wildcard that production only replaces under a condition",
      path: BASE,
      code: 'ALLOWED_HOSTS = ["*"]\n',
      context: { "mysite/settings/prod.py": 'import os\nfrom .base import *\nif os.environ.get("HOSTS"):\n    ALLOWED_HOSTS = os.environ["HOSTS"].split(",")\n' },
      errors: [{ messageId: "wildcard", line: 1 }],
    },
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

describe("allowed-hosts-wildcard behind django-tenants' host lookup", () => {
  const mw = (first: string) => `MIDDLEWARE = [\n    "${first}",\n    "django.middleware.security.SecurityMiddleware",\n]\n`;
  const found = (code: string) => runRule(rule, code, "mysite/settings.py").findings.map((f) => `${f.line}:${f.confidence}`);

  it("is low when TenantMainMiddleware answers 404 for hosts no tenant's domain matches", () => {
    expect(found('ALLOWED_HOSTS = ["*"]\n' + mw("django_tenants.middleware.main.TenantMainMiddleware"))).toEqual(["1:low"]);
    expect(found('ALLOWED_HOSTS = ["*"]\nSHOW_PUBLIC_IF_NO_TENANT_FOUND = False\n' + mw("django_tenants.middleware.TenantMainMiddleware"))).toEqual(["1:low"]);
  });

  it("keeps its confidence when unknown hosts get the public schema, or the tenants are picked by path", () => {
    expect(found('ALLOWED_HOSTS = ["*"]\nSHOW_PUBLIC_IF_NO_TENANT_FOUND = True\n' + mw("django_tenants.middleware.main.TenantMainMiddleware"))).toEqual(["1:high"]);
    expect(found('ALLOWED_HOSTS = ["*"]\n' + mw("django_tenants.middleware.TenantSubfolderMiddleware"))).toEqual(["1:high"]);
    expect(found('ALLOWED_HOSTS = ["*"]\n' + mw("django.contrib.sessions.middleware.SessionMiddleware"))).toEqual(["1:high"]);
  });
});
