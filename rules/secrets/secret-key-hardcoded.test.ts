import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./secret-key-hardcoded.js";

const base = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "os.environ subscript", code: 'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n' },
    { name: "os.environ.get without fallback", code: 'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")\n' },
    { name: "empty fallback", code: 'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")\n' },
    { name: "`or` raising instead of a literal", code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY") or get_secret_from_vault()\n' },
    { name: "django-environ without default", code: "import environ\nenv = environ.Env()\nSECRET_KEY = env(\"SECRET_KEY\")\n" },
    { name: "decouple without default", code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY")\n' },
    { name: "deployment template slot", code: 'SECRET_KEY = "${DJANGO_SECRET_KEY}"\nSECRET_KEY_FALLBACKS = []\n' },
    { name: "startproject template slot as the environment fallback (django-admin fills it per project)", code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "{{ secret_key }}")\n' },
    { name: "both branches of a DEBUG conditional read the environment", code: 'import os\nSECRET_KEY = os.environ["DEV_KEY"] if DEBUG else os.environ["SECRET_KEY"]\n' },
    { name: "a conditional on something else than DEBUG", code: 'import os\nSECRET_KEY = "ci-key" if CI else os.environ["SECRET_KEY"]\n' },
    { name: "a literal under if DEBUG with no environment lookup anywhere (a dev module by content)", code: 'if DEBUG:\n    SECRET_KEY = "dev-only-key"\n' },
    { name: "read from a file", code: 'SECRET_KEY = open("/run/secrets/django_key").read().strip()\n' },
    { name: "literal only in a test-run branch", code: 'import os, sys\nif "test" in sys.argv:\n    SECRET_KEY = "tests-only-key"\nelse:\n    SECRET_KEY = os.environ["SECRET_KEY"]\n' },
    { name: "development settings may hard-code", code: 'SECRET_KEY = "django-insecure-local-dev"\n', path: "mysite/settings/dev.py" },
    { name: "ordinary module is not a settings module", code: 'SECRET_KEY = "abc"\n', path: "shop/views.py" },
    {
      name: "production inherits a literal from base (reported in base, not here)",
      code: "from .base import *\nDEBUG = False\n",
      context: { [base]: 'SECRET_KEY = "django-insecure-abc"\n' },
    },
    { name: "fallbacks loaded from the environment", code: 'import os\nSECRET_KEY_FALLBACKS = [os.environ["OLD_KEY"]]\n' },
  ],
  invalid: [
    {
      name: "the same dummy key in a settings module not named for builds",
      code: 'from .production import *\n\nSECRET_KEY = "dummykeyforbuilding"\n',
      path: "mysite/config/settings/staging.py",
      context: { "mysite/config/settings/production.py": 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n' },
      errors: [{ messageId: "literalKey", line: 3 }],
    },
    {
      name: "literal if DEBUG else environment",
      code: 'import os\nDEBUG = os.environ.get("DEBUG") == "1"\nSECRET_KEY = "dev-key-123" if DEBUG else os.environ["SECRET_KEY"]\n',
      errors: [{ messageId: "debugKey", line: 3 }],
    },
    {
      name: "environment if not DEBUG else literal, parenthesised",
      code: 'import os\nSECRET_KEY = (os.environ["SECRET_KEY"] if not DEBUG else "dev-key-123")\n',
      errors: [{ messageId: "debugKey", line: 2 }],
    },
    {
      name: "literal only under if DEBUG, environment otherwise (medium)",
      code: 'import os\nDEBUG = os.environ.get("DEBUG") == "1"\nif DEBUG:\n    SECRET_KEY = "dev-only-key"\nelse:\n    SECRET_KEY = os.environ["SECRET_KEY"]\n',
      errors: [{ messageId: "debugKey", line: 4 }],
    },
    {
      name: "fallback through the env object of the star-imported base",
      code: 'from .base import *\nSECRET_KEY = env("SECRET_KEY", default="w3!r8@t5#y2$u9%i6^o1&p4")\n',
      path: "mysite/settings/production.py",
      context: { "mysite/settings/base.py": "import environ\nenv = environ.Env()\n" },
      errors: [{ messageId: "fallbackKey", line: 2 }],
    },
    {
      name: "startproject key in settings.py",
      code: 'SECRET_KEY = "django-insecure-q8&z3x!r2@k0#a"\n',
      path: "mysite/settings.py",
      errors: [{ messageId: "insecureKey", line: 1, messageIncludes: "django-insecure-" }],
    },
    { name: "plain literal in production", code: "DEBUG = False\nSECRET_KEY = 'k9#2mZ!pQ7@wL4$x'\n", errors: [{ messageId: "literalKey", line: 2 }] },
    {
      name: "os.environ.get fallback",
      code: 'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "fallback-key-123")\n',
      errors: [{ messageId: "fallbackKey", line: 2, messageIncludes: "`DJANGO_SECRET_KEY`" }],
    },
    {
      name: "a fallback key that only contains template braces",
      code: 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "k3y-{{ not-a-slot }}-9f8e7d6c")\n',
      errors: [{ messageId: "fallbackKey", line: 2 }],
    },
    {
      name: "aliased os.getenv fallback",
      code: 'from os import getenv as ge\nSECRET_KEY = ge("SECRET_KEY", "django-insecure-zzz")\n',
      errors: [{ messageId: "fallbackKey", line: 2 }],
    },
    {
      name: "django-environ default",
      code: 'import environ\nenv = environ.Env()\nSECRET_KEY = env("SECRET_KEY", default="not-so-secret-default")\n',
      errors: [{ messageId: "fallbackKey", line: 3 }],
    },
    {
      name: "django-environ str() default",
      code: 'import environ\nenv = environ.Env()\nSECRET_KEY = env.str("SECRET_KEY", default="not-so-secret-default")\n',
      errors: [{ messageId: "fallbackKey", line: 3 }],
    },
    {
      name: "python-decouple default",
      code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", default="decouple-default-key")\n',
      errors: [{ messageId: "fallbackKey", line: 2 }],
    },
    {
      name: "`or` fallback",
      code: 'import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-fallback"\n',
      errors: [{ messageId: "fallbackKey", line: 2 }],
    },
    {
      name: "python-decouple positional default",
      code: 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", "decouple-default-key")\n',
      errors: [{ messageId: "fallbackKey", line: 2 }],
    },
    {
      name: "fallback in an except branch",
      code: 'import os\ntry:\n    SECRET_KEY = os.environ["SECRET_KEY"]\nexcept KeyError:\n    SECRET_KEY = "emergency-key-123"\n',
      errors: [{ messageId: "literalKey", line: 5 }],
    },
    {
      name: "production overrides base with a literal",
      code: 'from .base import *\nSECRET_KEY = "prod-key-in-git"\n',
      context: { [base]: 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n' },
      errors: [{ messageId: "literalKey", line: 2 }],
    },
    {
      name: "old keys in SECRET_KEY_FALLBACKS",
      code: 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nSECRET_KEY_FALLBACKS = [\n    "old-key-one",\n]\n',
      errors: [{ messageId: "fallbackKeyList", line: 4 }],
    },
  ],
});

describe("secret-key-hardcoded on a DEBUG branch", () => {
  it("is high for a conditional expression and medium for an if DEBUG block", () => {
    const expr = runRule(rule, 'import os\nSECRET_KEY = "dev-key-123" if DEBUG else os.environ["SECRET_KEY"]\n', "mysite/settings/production.py");
    const block = runRule(rule, 'import os\nif DEBUG:\n    SECRET_KEY = "dev-only-key"\nelse:\n    SECRET_KEY = os.environ["SECRET_KEY"]\n', "mysite/settings/production.py");
    expect(expr.findings.map((f) => f.severity)).toEqual(["high"]);
    expect(block.findings.map((f) => f.severity)).toEqual(["medium"]);
  });
});

describe("secret-key-hardcoded in a base that every production module overrides", () => {
  const conf = (code: string, production: string) =>
    runRule(rule, code, base, { "mysite/settings/production.py": production }).findings.map((f) => f.confidence);
  it("is low when every production module loads its own key", () => {
    expect(conf('SECRET_KEY = "k3y-committed-in-the-base-0123"\n', 'import os\nfrom .base import *\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n')).toEqual(["low"]);
  });
  it("keeps its confidence when a production module signs with the base's key", () => {
    expect(conf('SECRET_KEY = "k3y-committed-in-the-base-0123"\n', "from .base import *\nDEBUG = False\n")).toEqual([rule.confidence]);
    expect(conf('import os\nSECRET_KEY = os.environ.get("KEY", "k3y-committed-in-the-base-0123")\n', "from .base import *\nDEBUG = False\n")).toEqual([rule.confidence]);
  });
});

describe("secret-key-hardcoded in a settings module production never loads", () => {
  const conf = (context: Record<string, string>) =>
    runRule(rule, 'from .common import *\nSECRET_KEY = "k3y-committed-in-the-docker-0123"\n', "mysite/settings/docker.py", { "mysite/settings/common.py": "DEBUG = False\n", ...context }).findings.map((f) => f.confidence);
  it("is low when the production modules, all in sight, never load it", () => {
    expect(conf({ "mysite/settings/production.py": "import os\nfrom .common import *\nSECRET_KEY = os.environ['K']\n" })).toEqual(["low"]);
  });
  it("keeps its confidence when production loads it, or when no production module is known", () => {
    expect(conf({ "mysite/settings/production.py": "from .docker import *\n" })).toEqual([rule.confidence]);
    expect(conf({})).toEqual([rule.confidence]);
  });
});

describe("secret-key-hardcoded when production loads settings other than by star imports", () => {
  it("keeps its confidence when a production module loads modules with django-split-settings' include()", () => {
    const init = "from split_settings.tools import include\ninclude('core.py', 'docker.py')\n";
    const found = runRule(rule, 'SECRET_KEY = "k3y-committed-in-the-core-0123"\n', "mysite/settings/core.py", { "mysite/settings/production.py": init }).findings;
    expect(found.map((f) => f.confidence)).toEqual([rule.confidence]);
  });
});

describe("secret-key-hardcoded in a base when the settings package picks the production module", () => {
  const KEY = 'SECRET_KEY = "k3y-committed-in-the-base-0123"\n';
  const WSGI = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n';
  const PROD_OWN_KEY = 'import os\nfrom .base import *\nSECRET_KEY = os.environ["SECRET_KEY"]\n';
  const conf = (context: Record<string, string>) => runRule(rule, KEY, base, { "mysite/wsgi.py": WSGI, ...context }).findings.map((f) => f.confidence);

  it("is low when wsgi.py names an empty settings package (the environment picks the module) and production overrides the key", () => {
    expect(conf({ "mysite/settings/__init__.py": "", "mysite/settings/prod.py": PROD_OWN_KEY })).toEqual(["low"]);
  });
  it("is low when the package's __init__.py star-imports a production module that overrides the key", () => {
    expect(conf({ "mysite/settings/__init__.py": "from .production import *\n", "mysite/settings/production.py": PROD_OWN_KEY })).toEqual(["low"]);
  });
  it("keeps its confidence when the production module keeps the base's key", () => {
    expect(conf({ "mysite/settings/__init__.py": "", "mysite/settings/prod.py": "from .base import *\nDEBUG = False\n" })).toEqual([rule.confidence]);
    expect(conf({ "mysite/settings/__init__.py": "from .production import *\n", "mysite/settings/production.py": "from .base import *\nDEBUG = False\n" })).toEqual([rule.confidence]);
  });
  it("keeps its confidence when the empty package is the only module production is known to run", () => {
    expect(conf({ "mysite/settings/__init__.py": "" })).toEqual([rule.confidence]);
  });
  it("keeps its confidence when __init__.py star-imports, after production, a module that may bring the base's key back", () => {
    const init = "from .production import *\ntry:\n    from .extra import *\nexcept ImportError:\n    pass\n";
    expect(conf({ "mysite/settings/__init__.py": init, "mysite/settings/production.py": PROD_OWN_KEY, "mysite/settings/extra.py": "from .base import *\n" })).toEqual([rule.confidence]);
  });
});

describe("secret-key-hardcoded behind a check that raises in production", () => {
  const settings = (gate: string, body: string) =>
    'import os\nfrom django.core.exceptions import ImproperlyConfigured\n\n' + gate + '\nSECRET_KEY = os.getenv("SECRET_KEY", "")\nif not SECRET_KEY:\n' + body;
  const raiseThenKey = (cond: string) => `    if ${cond}:\n        raise ImproperlyConfigured("SECRET_KEY is required in production.")\n    SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n`;
  const found = (code: string) => runRule(rule, code, "mysite/settings.py").findings.map((f) => `${f.line}:${f.confidence}`);

  it("is low when the gate holds with the environment unset (it defaults to production), in either shape", () => {
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "production")', raiseThenKey('SYSTEM_ENV == "production"')))).toEqual(["9:low"]);
    expect(found(settings('ENVIRONMENT = os.environ.get("ENVIRONMENT", "production")', raiseThenKey('ENVIRONMENT != "development"')))).toEqual(["9:low"]);
    const elseShape = '    if SYSTEM_ENV != "dev":\n        raise ImproperlyConfigured("no key")\n    else:\n        SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n';
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "production")', elseShape))).toEqual(["10:low"]);
  });

  it("is low when the gate is the project's own name for production, whatever the variable defaults to", () => {
    // The committed key is the development key; the mode the project calls production refuses to start without one.
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', raiseThenKey('SYSTEM_ENV == "production"')))).toEqual(["9:low"]);
    expect(found(settings('DJANGO_ENV = os.environ.get("DJANGO_ENV", "local")', raiseThenKey('DJANGO_ENV in ("prod", "production")')))).toEqual(["9:low"]);
    expect(found(settings('ENV = os.getenv("ENV", "dev")', raiseThenKey('ENV.lower() != "development"')))).toEqual(["9:low"]);
    expect(found(settings('ENVIRONMENT = os.getenv("ENVIRONMENT", "dev")\nIS_PRODUCTION = ENVIRONMENT == "production"', raiseThenKey("IS_PRODUCTION")))).toEqual(["10:low"]);
    expect(found(settings("", raiseThenKey('os.getenv("APP_ENV") == "prod"')))).toEqual(["9:low"]);
    // The key in a development-only clause whose other branch (production's) raises.
    const devClause = '    if SYSTEM_ENV == "development":\n        SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n    else:\n        raise ImproperlyConfigured("no key")\n';
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "development")', devClause))).toEqual(["8:low"]);
    const elifRaise = '    if ENV == "local":\n        SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n    elif ENV == "production":\n        raise ImproperlyConfigured("no key")\n';
    expect(found(settings('ENV = os.getenv("ENV", "local")', elifRaise))).toEqual(["8:low"]);
  });

  it("keeps its confidence when the raise is only in a development branch, without a raise, or in a branch production may skip", () => {
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', raiseThenKey('SYSTEM_ENV == "dev"')))).toEqual(["9:medium"]);
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', raiseThenKey('SYSTEM_ENV != "production"')))).toEqual(["9:medium"]);
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', raiseThenKey('SYSTEM_ENV == "staging"')))).toEqual(["9:medium"]);
    // A fallback without any raise.
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', '    SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n'))).toEqual(["7:medium"]);
    // A production branch that only warns.
    const warns = '    if SYSTEM_ENV == "production":\n        print("no key")\n    SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n';
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', warns))).toEqual(["9:medium"]);
    // The key in the production clause itself; the raise in the development one.
    const inverted = '    if SYSTEM_ENV == "production":\n        SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n    else:\n        raise ImproperlyConfigured("no key")\n';
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "dev")', inverted))).toEqual(["8:medium"]);
  });

  it("keeps its confidence when the gate reads DEBUG, or raises only after the key is set", () => {
    expect(found(settings('DEBUG = os.getenv("DEBUG", "") == "1"', raiseThenKey("not DEBUG")))).toEqual(["9:medium"]);
    const after = '    SECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n    if SYSTEM_ENV == "production":\n        raise ImproperlyConfigured("no key")\n';
    expect(found(settings('SYSTEM_ENV = os.getenv("SYSTEM_ENV", "production")', after))).toEqual(["7:medium"]);
    // Not inside a block that runs only without a configured key.
    expect(found('import os\nSYSTEM_ENV = os.getenv("SYSTEM_ENV", "production")\nif SYSTEM_ENV == "production":\n    raise ImproperlyConfigured("x")\nSECRET_KEY = "insecure-dev-key-do-not-use-in-production"\n')).toEqual(["5:high"]);
  });
});

describe("secret-key-hardcoded in a library's default settings layer", () => {
  const LAYER = 'import os\nDEBUG = False\nSECRET_KEY = os.getenv("APP_SECRET", "eca76a75-2b9f-4e09-8f88-86671acbed8b")\n';
  const PLAIN = 'DEBUG = False\nSECRET_KEY = "changeme!(*#&*($&*(#*(&SDFKJJKLS*(@#KJAS"\n';
  const TEMPLATE_WRITER =
    "import os\nimport uuid\n\ndef generate(dest):\n    generate_from_template(dest, 'settings.py', {\n        '__DIR__': os.path.abspath(dest),\n        '__SECRET__': str(uuid.uuid4()),\n    })\n";
  const LAUNCHER = "import random\n\ndef create_secret_key():\n    return ''.join(random.SystemRandom().choice('abcdef0123456789') for _ in range(40))\n\ndef create_game_directory(dirname):\n    setting_dict = {'secret_key': \"'%s'\" % create_secret_key()}\n    write_settings(dirname, setting_dict)\n";
  const conf = (code: string, path: string, context: Record<string, string>) => runRule(rule, code, path, context).findings.map((f) => `${f.line}:${f.confidence}`);

  it("is low when the project fills the key slot of the settings it generates with a random value, saying where", () => {
    expect(conf(LAYER, "app/default_settings.py", { "app/deployment/create_config.py": TEMPLATE_WRITER })).toEqual(["3:low"]);
    expect(runRule(rule, LAYER, "app/default_settings.py", { "app/deployment/create_config.py": TEMPLATE_WRITER }).findings[0].message).toContain("`app/deployment/create_config.py` line 7");
    expect(conf(PLAIN, "game/settings_default.py", { "game/server/launcher.py": LAUNCHER })).toEqual(["2:low"]);
    const result = runRule(rule, PLAIN, "game/settings_default.py", { "game/server/launcher.py": LAUNCHER });
    expect(result.findings[0].message).toContain("`game/server/launcher.py` line 7");
  });

  it("keeps its confidence without a generator, in a module not named as a default layer, or when a deployment runs on the layer's key", () => {
    expect(conf(LAYER, "app/default_settings.py", {})).toEqual([`3:${rule.confidence}`]);
    // An OAuth client's secret made at random is no settings key.
    expect(conf(LAYER, "app/default_settings.py", { "app/oauth/views.py": "from django.utils.crypto import get_random_string\ndef register(request):\n    return {'client_secret': get_random_string(40)}\n" })).toEqual([`3:${rule.confidence}`]);
    // A settings module that picks a random key at start-up is no generator of installations' settings.
    expect(conf(LAYER, "app/default_settings.py", { "app/settings.py": 'from .default_settings import *\nSECRET_KEY = os.environ.get("SECRET_KEY", get_random_secret_key())\n' })).toEqual([`3:${rule.confidence}`]);
    expect(conf(LAYER, "app/prod_settings.py", { "app/deployment/create_config.py": TEMPLATE_WRITER })).toEqual([`3:${rule.confidence}`]);
    // The deployment names the layer itself, or a production module that loads it and keeps its key.
    expect(conf(LAYER, "app/default_settings.py", { "app/deployment/create_config.py": TEMPLATE_WRITER, "app/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.default_settings")\n' })).toEqual([`3:${rule.confidence}`]);
    expect(conf(LAYER, "app/default_settings.py", { "app/deployment/create_config.py": TEMPLATE_WRITER, "app/settings/production.py": "from app.default_settings import *\nDEBUG = False\n" })).toEqual([`3:${rule.confidence}`]);
  });
});
