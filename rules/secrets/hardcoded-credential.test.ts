import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule, { isCredentialName, isPlaceholder, typedInSequence } from "./hardcoded-credential.js";

// Built at run time so the repository holds no text that looks like a committed key.
const PK = ["PRIVATE", "KEY"].join(" ");

// Token-shaped test values are assembled at runtime so that this file itself holds no token.
const ghp = "ghp" + "_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
const aws = "AKIA" + "Z7QW3RT5YU8IOP2L";
const slack = "xoxb" + "-2048-1234567890-abcdefghijkl";
const stripe = "sk" + "_live_" + "51Hc9xYzAbCdEfGhIjKlMnOp";

testRule(rule, {
  valid: [
    { name: "password from the environment", code: 'import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n' },
    { name: "empty password", code: 'EMAIL_HOST_PASSWORD = ""\n' },
    { name: "password=None", code: "connect(host='db', password=None)\n" },
    { name: "changeme placeholder", code: 'DB_PASSWORD = "changeme"\n' },
    { name: "your-secret-key-here placeholder", code: 'API_KEY = "your-secret-key-here"\n' },
    { name: "angle-bracket placeholder", code: 'API_KEY = "<stripe-api-key>"\n' },
    { name: "xxx placeholder", code: 'API_KEY = "xxxxxxxxxxxxxxxx"\n' },
    { name: "shell variable placeholder", code: 'API_TOKEN = "${API_TOKEN_VALUE}"\n' },
    { name: "merge-field placeholders in a table of tokens", code: 'PLACEHOLDERS = (\n    {"token": "%customer_name%", "resolves": "The first contact"},\n    {"token": "%case_id%", "resolves": "The case number"},\n)\n' },
    { name: "env var name as value", code: 'PASSWORD_ENV = "DB_PASSWORD"\nsettings_map = {"password": "DB_PASSWORD"}\n' },
    { name: "short value", code: 'token = "abc"\n' },
    { name: "form field name", code: 'PASSWORD_FIELD = "password"\nUSERNAME_FIELD = "email"\n' },
    { name: "password form field label", code: 'from django import forms\nclass F(forms.Form):\n    password = forms.CharField(label="Password", widget=forms.PasswordInput)\n' },
    { name: "Django password settings", code: "PASSWORD_RESET_TIMEOUT = 3600\nAUTH_PASSWORD_VALIDATORS = []\n" },
    { name: "token names that are not secrets", code: 'CSRF_TOKEN = "csrfmiddlewaretoken_x"\nnext_page_token = "a1b2c3d4e5f6"\nCACHE_KEY = "users-by-id-v2"\n' },
    { name: "dotted class path with digits in names", code: 'AUTH_TOKEN_CLASS_KEY = "accounts.hashers.MyPBKDF2SHA256PasswordHasherV2"\nSIGNING_KEY = "myproject.crypto.Argon2Signer"\n' },
    { name: "dotted class path", code: 'TOKEN_CLASS = "rest_framework.authtoken.models.Token"\nAUTH_TOKEN = "myapp.auth.SignedToken"\n' },
    { name: "key file path", code: 'PRIVATE_KEY = "/etc/ssl/private/site.key"\n' },
    { name: "sentence", code: 'password_help = "at least 12 characters"\nPASSWORD = "Enter a strong password"\n' },
    { name: "url without credentials", code: 'DATABASE_URL = "postgres://db.internal:5432/shop"\n' },
    { name: "local dev database url (user equals password)", code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres:postgres@localhost:5432/app")}\n' },
    { name: "url with a placeholder password", code: 'DATABASE_URL = "postgresql://user:password@localhost:5432/dbname"\n' },
    { name: "url built from variables", code: 'url = f"postgres://{user}:{password}@{host}/db"\n' },
    { name: "AWS documentation example key", code: 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n' },
    { name: "SECRET_KEY in settings belongs to another rule", code: 'SECRET_KEY = "k9#2mZ!pQ7@wL4$xv"\n', path: "mysite/settings/production.py" },
    { name: "sentinel default of an environment lookup", code: 'import os\nPACER_USERNAME = os.environ.get("PACER_USERNAME", "UNKNOWN!")\nPACER_PASSWORD = os.environ.get("PACER_PASSWORD", "UNKNOWN!")\nAPI_TOKEN = os.getenv("API_TOKEN", "not-set")\n' },
    { name: "vendor test key under a test-run switch", code: 'import environ\nfrom ..django import TESTING\nenv = environ.Env()\nif TESTING:\n    HCAPTCHA_SECRET = "0x0000000000000000000000000000000000000000"\nelse:\n    HCAPTCHA_SECRET = env("HCAPTCHA_SECRET", default="")\n', path: "mysite/settings/third_party/hcaptcha.py" },
    { name: "dev settings database password", code: 'DATABASES = {"default": {"PASSWORD": "localdevpass"}}\n', path: "mysite/settings/dev.py" },
    { name: "private key marker without key material", code: `_START = b"-----BEGIN OPENSSH ${PK}-----"\n"""Loads a PEM file.\n\n-----BEGIN RSA ${PK}-----\n"""\n` },
    { name: "dict keys that are not identifiers", code: 'RESOURCES = {"AWS::ApiGateway::ApiKey": "48205d4ffd7feba3"}\n' },
    { name: "letters-only values are names", code: 'ACCESS_KEY = "AWSAccessKeyId"\nparams = {"input_token": "NextToken", "AWS_SESSION_TOKEN": "session-token"}\n' },
    { name: "regular expression", code: "jsonnet_token = r'[^\\W\\d]\\w*'\nword_token = '(?P<w>\\w+)'\n" },
    { name: "lone pass key", code: 'FILTERS = {"pass": "band2pass"}\n' },
    { name: "URL with a port list", code: "u = MultiHostUrl('https://foo.com:123,foo:bar@bar.com/path')\n" },
    { name: "default parameter None", code: 'def connect(host, password=None, token=""):\n    ...\n' },
    { name: "commented-out assignment", code: '# DB_PASSWORD = "Zq8-mN2!kL0p"\nx = 1  # api_key: "a8f5f167f44f4964e6"\n' },
    { name: "comparison, not assignment", code: 'if password == "Zq8-mN2!kL0p":\n    pass\n' },
    { name: "password read from a request", code: 'def login(request):\n    password = request.POST.get("password", "")\n' },
  ],
  invalid: [
    { name: "dotted key with generated segments (SendGrid style)", code: 'SENDGRID_API_KEY = "SG.x8Kq2mP9rT4vW7yZ1bN3cF6hJ0lA5sD.eG8iK2mO4qS6uW8yA0cE2gI4kM6oQ8s"\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    {
      name: "DATABASES password in settings",
      code: 'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "PASSWORD": "s3cr3t-Pr0d-pw",\n    }\n}\n',
      path: "mysite/settings/production.py",
      errors: [{ messageId: "namedSecret", line: 4, messageIncludes: "`PASSWORD`" }],
    },
    {
      name: "DATABASES password set by subscript",
      code: 'DATABASES["default"]["PASSWORD"] = "Pr0d-Db-Pa55"\n',
      path: "mysite/settings.py",
      errors: [{ messageId: "namedSecret", line: 1 }],
    },
    { name: "EMAIL_HOST_PASSWORD", code: 'EMAIL_HOST_PASSWORD = "smtp-Pa55w0rd!"\n', path: "mysite/settings.py", errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "a token with percent signs inside is still a secret", code: 'SERVICE = {"token": "k8%Qz2mP9r%T4vW7"}\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "AWS secret access key", code: 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzKEY"\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "api key attribute", code: 'class Client:\n    def __init__(self):\n        self.api_key = "a8f5f167f44f4964e6c998dee827110c"\n', errors: [{ messageId: "namedSecret", line: 3, messageIncludes: "`self.api_key`" }] },
    { name: "camelCase clientSecret", code: 'config = {"clientSecret": "Qm9vbGVhbkZhbHNlMTIz"}\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "keyword argument", code: 'import psycopg2\nconn = psycopg2.connect(host="db", user="shop", password="Sh0p-Db-2024!")\n', errors: [{ messageId: "namedSecret", line: 2 }] },
    { name: "annotated assignment", code: 'API_TOKEN: str = "a8f5f167f44f4964e6c9"\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "two on one line", code: 'connect(user="shop", password="Sh0p-Db-2024!", api_key="k3y-9f8e7d6c5b")\n', errors: [{ messageId: "namedSecret", line: 1 }, { messageId: "namedSecret", line: 1 }] },
    { name: "default parameter", code: 'def connect(host, password="Sh0p-Db-2024!", *, api_key: str = "k3y-9f8e7d6c5b"):\n    ...\n', errors: [{ messageId: "namedSecret", line: 1 }, { messageId: "namedSecret", line: 1 }] },
    { name: "webhook secret in a view module", code: 'STRIPE_WEBHOOK_SECRET = "whsec_9f8e7d6c5b4a3f2e1d0c"\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "environment fallback", code: 'import os\nDB_PASSWORD = os.environ.get("DB_PASSWORD", "Fallback-Pa55")\n', errors: [{ messageId: "fallbackSecret", line: 2 }] },
    { name: "django-environ fallback in a dict", code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": {"PASSWORD": env("DB_PASSWORD", default="Fallback-Pa55")}}\n', path: "mysite/settings.py", errors: [{ messageId: "fallbackSecret", line: 3 }] },
    { name: "bearer authorization header", code: 'headers = {"Authorization": "Bearer 9f8e7d6c5b4a3f2e1d0c"}\n', errors: [{ messageId: "namedSecret", line: 1 }] },
    { name: "GitHub token anywhere", code: `client = Github("${ghp}")\n`, errors: [{ messageId: "tokenShape", line: 1, messageIncludes: "`ghp_…`" }] },
    { name: "GitHub token under a credential name is reported once", code: `GITHUB_TOKEN = "${ghp}"\n`, errors: [{ messageId: "tokenShape", line: 1 }] },
    { name: "AWS key id", code: `AWS_ACCESS_KEY_ID = "${aws}"\n`, errors: [{ messageId: "tokenShape", line: 1, messageIncludes: "AWS access key ID" }] },
    { name: "Slack token", code: `SLACK = "${slack}"\n`, errors: [{ messageId: "tokenShape", line: 1 }] },
    { name: "Stripe live key", code: `stripe.api_key = "${stripe}"\n`, errors: [{ messageId: "tokenShape", line: 1 }] },
    { name: "token shape even in dev settings", code: `AWS_ACCESS_KEY_ID = "${aws}"\n`, path: "mysite/settings/dev.py", errors: [{ messageId: "tokenShape", line: 1 }] },
    { name: "private key block", code: `KEY = """-----BEGIN RSA ${PK}-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA ${PK}-----"""\n`, errors: [{ messageId: "tokenShape", line: 1 }] },
    {
      name: "credentialed database url",
      code: 'DATABASE_URL = "postgres://shop:Xk29-pLm4@db.prod.internal:5432/shop"\n',
      errors: [{ messageId: "credentialUrl", line: 1, messageIncludes: "postgres://shop:****@db.prod.internal" }],
    },
    {
      name: "DATABASE_URL fallback",
      code: 'import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://app:Xk29-pLm4@db/app")}\n',
      path: "mysite/settings/production.py",
      errors: [{ messageId: "credentialUrl", line: 3 }],
    },
    { name: "a real-looking password that starts like a sentinel", code: 'import os\nDB_PASSWORD = os.environ.get("DB_PASSWORD", "unknown-Zq8mN2kL0p")\n', errors: [{ messageId: "fallbackSecret", line: 2 }] },
    { name: "a real-looking secret under a test-run switch", code: 'if TESTING:\n    HCAPTCHA_SECRET = "0x7Hq9Zk2LmP4vX8nB3cR6tY1wE5uI0oA"\n', path: "mysite/settings/third_party/hcaptcha.py", errors: [{ messageId: "namedSecret", line: 2 }] },
    { name: "redis url with empty user", code: 'CACHE_URL = "redis://:Zx81-qPw7@cache:6379/0"\n', errors: [{ messageId: "credentialUrl", line: 1 }] },
  ],
});

describe("hardcoded-credential helpers", () => {
  it.each([
    ["PASSWORD", true], ["db_password", true], ["EMAIL_HOST_PASSWORD", true], ["apiKey", true], ["API_KEY", true],
    ["AWS_SECRET_ACCESS_KEY", true], ["client_secret", true], ["GITHUB_TOKEN", true], ["DB_PASS", true],
    ["PASSWORD_RESET_TIMEOUT", false], ["AUTH_PASSWORD_VALIDATORS", false], ["PASSWORD_FIELD", false], ["CACHE_KEY", false],
    ["csrf_token", false], ["primary_key", false], ["TOKEN_URL", false], ["passenger", false],
  ])("isCredentialName(%s) = %s", (name, expected) => {
    expect(isCredentialName(name)).toBe(expected);
  });

  it.each([["", true], ["changeme", true], ["<your key>", true], ["${SECRET}", true], ["REDIS_PASSWORD", true], ["%customer_name%", true], ["%API_TOKEN%", true], ["Zq8-mN2!kL0p", false], ["Zq8%mN2!kL0p%", false], ["UNKNOWN!", true], ["<not set>", true], ["NULL", true], ["unknownZq8mN2kL0p", false]])(
    "isPlaceholder(%j) = %s",
    (value, expected) => {
      expect(isPlaceholder(value)).toBe(expected);
    },
  );

  it("never puts the secret itself in the message", () => {
    const cases = [`X = "${ghp}"\n`, 'DB_PASSWORD = "Zq8-mN2!kL0p"\n', 'U = "postgres://shop:Xk29-pLm4@db/shop"\n'];
    for (const code of cases) {
      const [finding] = runRule(rule, code).findings;
      expect(finding).toBeDefined();
      for (const secret of [ghp.slice(4), "Zq8-mN2!kL0p", "Xk29-pLm4"]) expect(finding.message).not.toContain(secret);
    }
  });
});

describe("hardcoded-credential: values and modules that are not a deployed secret", () => {
  const conf = (code: string, path = "shop/api/utils.py") => runRule(rule, code, path).findings.map((f) => `${f.line}:${f.confidence}`);

  it.each([["abcdefghijklmnopqrstuvwxyz1234567890", true], ["12345678", true], ["qwe1234567", true], ["Zq8-mN2!kL0p", false], ["AaAa1234", true], ["x8Kq2mP9rT4vW7nB", false]])(
    "typedInSequence(%j) = %s",
    (value, expected) => {
      expect(typedInSequence(value)).toBe(expected);
    },
  );

  it("lists a vendor's test key outside a test-run switch at low confidence, under one not at all", () => {
    const key = "0x" + "0".repeat(40);
    expect(conf(`if DEBUG:\n    HCAPTCHA_SECRET = "${key}"\n`, "mysite/settings/base.py")).toEqual(["2:low"]);
    expect(conf(`HCAPTCHA_SECRET = "${key}"\n`, "mysite/settings/base.py")).toEqual(["1:low"]);
    expect(conf(`if "test" in sys.argv:\n    HCAPTCHA_SECRET = "${key}"\n`, "mysite/settings/base.py")).toEqual([]);
  });

  it("lists a value typed in sequence in ordinary code at low confidence, and keeps a generated-looking one", () => {
    expect(conf('CLIENT_SECRET = "abcdefghijklmnopqrstuvwxyz1234567890"\n')).toEqual(["1:low"]);
    expect(conf('CLIENT_SECRET = "x8Kq2mP9rT4vW7nB"\n')).toEqual([`1:${rule.confidence}`]);
  });

  it("lists a secret in a module that imports test tooling at low confidence", () => {
    expect(conf('from django.test import Client\nCLIENT_SECRET = "x8Kq2mP9rT4vW7nB"\n')).toEqual(["2:low"]);
    expect(conf('import factory\nclass UserFactory(factory.django.DjangoModelFactory):\n    password = "x8Kq2mP9rT4vW7nB"\n')).toEqual(["3:low"]);
    expect(conf('from django.db import models\nCLIENT_SECRET = "x8Kq2mP9rT4vW7nB"\n')).toEqual([`2:${rule.confidence}`]);
  });

  it("keeps a guessable password in production settings at the rule's confidence", () => {
    expect(conf('import os\nDATABASES = {"default": {"PASSWORD": os.environ.get("DB_PASS", "AaAa1234")}}\n', "mysite/settings/production.py")).toEqual([`2:${rule.confidence}`]);
  });
});

describe("hardcoded-credential in a settings module production never loads", () => {
  const code = 'from .common import *\nDATABASES = {"default": {"PASSWORD": "Zq8-mN2!kL0p"}}\n';
  const conf = (context: Record<string, string>, path = "mysite/settings/staging_example.py") =>
    runRule(rule, code, path, { "mysite/settings/common.py": "DEBUG = False\n", ...context }).findings.map((f) => f.confidence);
  it("is low when the production modules, all in sight, never load it", () => {
    expect(conf({ "mysite/settings/production.py": "from .common import *\n" })).toEqual(["low"]);
  });
  it("keeps its confidence when production loads it, or when no production module is known", () => {
    expect(conf({ "mysite/settings/production.py": "from .staging_example import *\n" })).toEqual([rule.confidence]);
    expect(conf({}, "mysite/settings/staging.py")).toEqual([rule.confidence]);
  });
  it("is low in an example settings module when nothing shows production loading it", () => {
    expect(conf({})).toEqual(["low"]);
  });
});

describe("hardcoded-credential: management commands that build development or test data", () => {
  const conf = (code: string, path: string) => runRule(rule, code, path).findings.map((f) => `${f.line}:${f.confidence}`);
  const command = (help: string) => `from django.core.management import BaseCommand

USER_PASSWORD = "Qwerty123"


class Command(BaseCommand):
    help = "${help}"

    def handle(self, *args, **options):
        create_users(password=USER_PASSWORD)
`;
  it("is low in a command whose help says it builds a development database, or named for demo data", () => {
    expect(conf(command("Creates a simple database for local development."), "app/management/commands/populate_orgs.py")).toEqual(["3:low"]);
    expect(conf(command("Creates the orgs."), "app/management/commands/dev_db.py")).toEqual(["3:low"]);
    expect(conf(command("Creates the orgs."), "app/management/commands/create_demo_data.py")).toEqual(["3:low"]);
  });
  it("keeps the rule's confidence in a command that says nothing of development, and outside commands", () => {
    expect(conf(command("Creates the service account used by the billing sync."), "app/management/commands/create_service_user.py")).toEqual([`3:${rule.confidence}`]);
    expect(conf(command("Creates a simple database for local development."), "app/services/accounts.py")).toEqual([`3:${rule.confidence}`]);
  });
});

describe("hardcoded-credential: a local database URL as an environment fallback", () => {
  const conf = (code: string) => runRule(rule, code, "mysite/settings.py").findings.map((f) => `${f.line}:${f.confidence}`);
  it("is low for a loopback host in the default of an environment lookup, directly or through a module constant", () => {
    expect(conf('import environ\nenv = environ.Env()\nDATABASES = {"default": env.db_url("DATABASE_URL", default="postgres://app:Zq8mN2kL0p@localhost:5432/app")}\n')).toEqual(["3:low"]);
    expect(conf('import os\nDB = os.environ.get("DATABASE_URL", "mysql://root:Zq8mN2kL0p@127.0.0.1/app")\n')).toEqual(["2:low"]);
    expect(conf('import environ, sys\nenv = environ.Env()\nLOCAL_DB = "psql://postgres:Zq8mN2kL0p@{}:5432/app".format("localhost" if sys.platform == "win32" else "127.0.0.1")\nDATABASES = {"default": env.db_url("DATABASE_URL", default=LOCAL_DB)}\n')).toEqual(["3:low"]);
  });
  it("keeps its confidence for another host, for a loopback URL that is not a fallback, and for a host filled from elsewhere", () => {
    expect(conf('import os\nDB = os.environ.get("DATABASE_URL", "postgres://app:Zq8mN2kL0p@db.prod.internal/app")\n')).toEqual([`2:${rule.confidence}`]);
    expect(conf('DATABASE_URL = "postgres://app:Zq8mN2kL0p@localhost/app"\n')).toEqual([`1:${rule.confidence}`]);
    expect(conf('import environ, os\nenv = environ.Env()\nLOCAL_DB = "psql://postgres:Zq8mN2kL0p@{}:5432/app".format(os.environ["DB_HOST"])\nDATABASES = {"default": env.db_url("DATABASE_URL", default=LOCAL_DB)}\n')).toEqual([`3:${rule.confidence}`]);
  });
});

describe("hardcoded-credential: values shaped like something other than a secret", () => {
  const found = (code: string) => runRule(rule, code, "shop/app_settings.py").findings.map((f) => f.line);
  it("skips rate limits, durations, URLs without user information and values of too few characters", () => {
    expect(found('RATE_LIMITS = {\n    "reset_password": "20/m/ip,5/m/key",\n    "change_password": "5/m/user",\n}\n')).toEqual([]);
    expect(found('THROTTLE_RATES = {"password_reset": "100/day", "token": "10/5min"}\nTOKEN = "1h30m15s"\n')).toEqual([]);
    expect(found('AUTH_TOKEN = "redis://cache.internal:6379/3"\nCLIENT_SECRET = "abababab"\n')).toEqual([]);
    expect(isPlaceholder("20/m/ip,5/m/key")).toBe(true);
  });
  it("keeps a generated-looking value with slashes or digits", () => {
    expect(found('API_TOKEN = "20/mX8kQ2pL9vR4tW7n"\nCLIENT_SECRET = "8f3a9c2e7b1d4f6a"\n')).toEqual([1, 2]);
    expect(isPlaceholder("aB3/k9Zq+Lm2=Pw7")).toBe(false);
  });
});

describe("hardcoded-credential: example and demo code", () => {
  const code = 'import os\nKEY_SECRET = os.getenv("API_KEY_SECRET", "6fuSO7P1m4cj8SSlgaYdbl")\nprivate_token = "10659d70a223235b8f76d45a3023eca1"\n';
  const conf = (path: string) => runRule(rule, code, path).findings.map((f) => `${f.line}:${f.confidence}`);
  it("is low under an examples or demos directory, and in a module named as an example or a demo", () => {
    for (const path of ["apps/accounts/demos/python/client.py", "examples/api.py", "docs/sample/client.py", "utils/example_api.py", "utils/api_example.py", "scripts/demo.py", "scripts/demo_client.py"]) {
      expect([path, conf(path)]).toEqual([path, ["2:low", "3:low"]]);
    }
  });
  it("keeps its confidence in deployed modules whose names only contain the words", () => {
    for (const path of ["shop/examples_api/views.py", "shop/sampler.py", "shop/demography.py", "shop/counterexample.py"]) {
      expect([path, conf(path)]).toEqual([path, [`2:${rule.confidence}`, `3:${rule.confidence}`]]);
    }
  });
  it("keeps a well-known token format in example code at the rule's confidence", () => {
    expect(runRule(rule, `TOKEN = "${ghp}"\n`, "examples/api.py").findings.map((f) => f.confidence)).toEqual([rule.confidence]);
  });
});

describe("hardcoded-credential: a default the settings refuse at start-up outside development", () => {
  const defaults = 'DEV_MODE = False\nJWT_SECRET = "osf_api_cas_login_jwt_secret_32b"\nHMAC_SECRET = "k2Vp9xQr7Lm4Zt8w"\n';
  const conf = (init: string, path = "api/settings/defaults.py", code = defaults) =>
    runRule(rule, code, path, { "api/settings/__init__.py": init, "api/settings/local.py": "" }).findings.map((f) => `${f.line}:${f.confidence}`);
  const loop = (names: string) =>
    `import os\nfrom .defaults import *\nfrom .local import *\nif not DEV_MODE:\n    from . import local\n    from . import defaults\n    for setting in (${names}):\n        assert getattr(local, setting, None) != getattr(defaults, setting, None), f"{setting} must be set"\n`;
  it("is low when the package's __init__ asserts, outside dev mode, that each named setting differs from the defaults module's", () => {
    expect(conf(loop('"JWT_SECRET", "OTHER"'))).toEqual(["2:low", `3:${rule.confidence}`]);
    // `local.py` is left out of the repository (each deployment writes its own).
    expect(runRule(rule, defaults, "api/settings/defaults.py", { "api/settings/__init__.py": loop('"JWT_SECRET",') }).findings.map((f) => `${f.line}:${f.confidence}`)).toEqual(["2:low", `3:${rule.confidence}`]);
  });
  it("is low when a check compares the setting with the committed value, in the package or the module itself", () => {
    expect(conf('from .defaults import *\nif not DEV_MODE and JWT_SECRET == "osf_api_cas_login_jwt_secret_32b":\n    raise ImproperlyConfigured("set JWT_SECRET")\n')).toEqual(["2:low", `3:${rule.confidence}`]);
    expect(conf("", "api/settings/defaults.py", defaults + 'assert DEV_MODE or JWT_SECRET != "osf_api_cas_login_jwt_secret_32b"\n')).toEqual(["2:low", `3:${rule.confidence}`]);
  });
  it("keeps its confidence when the check names another setting, another value, runs only in development, or only warns", () => {
    expect(conf(loop('"HMAC_SECRET_2", "OTHER"'))).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
    expect(conf('from .defaults import *\nif not DEV_MODE and JWT_SECRET == "another-default-value":\n    raise ImproperlyConfigured("set JWT_SECRET")\n')).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
    expect(conf('from .defaults import *\nif DEV_MODE and JWT_SECRET == "osf_api_cas_login_jwt_secret_32b":\n    raise ImproperlyConfigured("set JWT_SECRET")\n')).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
    expect(conf('from .defaults import *\nif JWT_SECRET == "osf_api_cas_login_jwt_secret_32b":\n    warnings.warn("set JWT_SECRET")\n')).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
    expect(conf('from .defaults import *\ndef check():\n    assert JWT_SECRET != "osf_api_cas_login_jwt_secret_32b"\n')).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
  });
  it("keeps its confidence for the overriding module's value, and when neither compared module is named as defaults", () => {
    const local = 'JWT_SECRET = "pR0d-9xQr7Lm4Zt8wK2v"\n';
    expect(runRule(rule, local, "api/settings/production.py", { "api/settings/__init__.py": loop('"JWT_SECRET",').replace(/local/g, "production"), "api/settings/defaults.py": defaults }).findings.map((f) => `${f.line}:${f.confidence}`)).toEqual([`1:${rule.confidence}`]);
    expect(conf(loop('"JWT_SECRET",').replace(/defaults/g, "base"), "api/settings/base.py")).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
  });
  it("keeps its confidence for a module outside the package of a literal check", () => {
    expect(runRule(rule, defaults, "other/settings/defaults.py", { "api/settings/__init__.py": 'assert JWT_SECRET != "osf_api_cas_login_jwt_secret_32b"\n' }).findings.map((f) => `${f.line}:${f.confidence}`)).toEqual([`2:${rule.confidence}`, `3:${rule.confidence}`]);
  });
});
