import { BASE, BASE_PATH, baseProject, type CatalogCase, PROD, PROD_PATH, prodProject, withSettings } from "./catalog-harness.js";

const py = String.raw;

// Production settings, passwords, sessions, authentication, API and logging settings.
// Positive cases edit the hardened split settings (production.py star-importing base.py) in one place.
export const settingsPositive: CatalogCase[] = [
  // DEBUG
  { name: "DEBUG = True in production", files: prodProject({ DEBUG: "# expect: debug-enabled-in-settings\nDEBUG = True" }) },
  {
    name: "DEBUG from os.environ.get with a true default",
    files: prodProject({ DEBUG: '# expect: debug-enabled-in-settings\nDEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"' }),
  },
  {
    name: "DEBUG from os.getenv with a '1' default",
    files: prodProject({ DEBUG: 'import os\n# expect: debug-enabled-in-settings\nDEBUG = os.getenv("DEBUG", "1") == "1"' }),
  },
  {
    name: "DEBUG from django-environ env.bool(default=True)",
    files: prodProject({ DEBUG: 'import environ\nenv = environ.Env()\n# expect: debug-enabled-in-settings\nDEBUG = env.bool("DEBUG", default=True)' }),
  },
  {
    name: "DEBUG from django-environ Env(DEBUG=(bool, True))",
    // Reported on the scheme's `True`, the value to change (the `DEBUG = env("DEBUG")` line stays as it is).
    files: prodProject({ DEBUG: 'import environ\n# expect: debug-enabled-in-settings\nenv = environ.Env(DEBUG=(bool, True))\nDEBUG = env("DEBUG")' }),
  },
  {
    name: "DEBUG from decouple config(default=True, cast=bool)",
    files: prodProject({ DEBUG: 'from decouple import config\n# expect: debug-enabled-in-settings\nDEBUG = config("DEBUG", default=True, cast=bool)' }),
  },
  {
    name: "single-file settings.py from startproject",
    files: {
      "mysite/settings.py": py`from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
# expect: secret-key-hardcoded
SECRET_KEY = "django-insecure-7h#x2q!v9k@m4p$z8w^r6t&y1u*i3o(e5a)s0d-f"

# SECURITY WARNING: don't run with debug turned on in production!
# expect: debug-enabled-in-settings
DEBUG = True

# expect: allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    # No AUTH_USER_MODEL: reported on the app it concerns.
    # expect: custom-user-model-missing
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
`,
    },
  },
  {
    // A lone settings.py that turns DEBUG off with a literal is what the project deploys: production rules run.
    name: "single-file settings.py deployed with DEBUG = False",
    files: {
      "mysite/settings.py": py`# expect-file: ssl-redirect-disabled, session-cookie-not-secure, csrf-cookie-not-secure, security-logging-missing, password-validators-missing
import os

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
# expect: allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
# expect: hsts-not-enabled
SECURE_HSTS_SECONDS = 0
`,
    },
  },
  // ALLOWED_HOSTS
  { name: "ALLOWED_HOSTS wildcard in production", files: prodProject({ ALLOWED_HOSTS: '# expect: allowed-hosts-wildcard\nALLOWED_HOSTS = ["*"]' }) },
  {
    name: "ALLOWED_HOSTS env fallback '*'",
    files: prodProject({ ALLOWED_HOSTS: 'import os\n# expect: allowed-hosts-wildcard\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")' }),
  },
  {
    name: "ALLOWED_HOSTS wildcard among real hosts",
    files: prodProject({ ALLOWED_HOSTS: 'ALLOWED_HOSTS = [\n    "example.com",\n    # expect: allowed-hosts-wildcard\n    "*",\n]' }),
  },
  // SECRET_KEY
  { name: "SECRET_KEY literal in production", files: prodProject({ DEBUG: 'DEBUG = False\n# expect: secret-key-hardcoded\nSECRET_KEY = "q7#v!2k9@xm$4pz&8wr^6ty*1ui(3oe)5as"' }) },
  {
    name: "SECRET_KEY literal in base settings",
    files: baseProject({ SECRET_KEY: '# expect: secret-key-hardcoded\nSECRET_KEY = "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a"' }),
  },
  {
    name: "SECRET_KEY os.environ.get with a hardcoded fallback",
    files: baseProject({ SECRET_KEY: '# expect: secret-key-hardcoded\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-secret-x8!k2@p9#q4$z7")' }),
  },
  {
    name: "SECRET_KEY os.getenv with a django-insecure fallback",
    files: baseProject({ SECRET_KEY: '# expect: secret-key-hardcoded\nSECRET_KEY = os.getenv("SECRET_KEY", "django-insecure-abc123def456ghi789jkl012mno345pqr678")' }),
  },
  {
    name: "SECRET_KEY env() with default=",
    files: baseProject({ SECRET_KEY: 'import environ\nenv = environ.Env()\n# expect: secret-key-hardcoded\nSECRET_KEY = env("SECRET_KEY", default="w3!r8@t5#y2$u9%i6^o1&p4*a7(s0)d")' }),
  },
  {
    name: "SECRET_KEY decouple config() with default=",
    files: baseProject({ SECRET_KEY: 'from decouple import config\n# expect: secret-key-hardcoded\nSECRET_KEY = config("SECRET_KEY", default="h5$k2!m8@n3#b7^v1&c4*x9(z6)l0")' }),
  },
  // HTTPS and cookies
  { name: "SECURE_SSL_REDIRECT = False", files: prodProject({ SECURE_SSL_REDIRECT: "# expect: ssl-redirect-disabled\nSECURE_SSL_REDIRECT = False" }) },
  { name: "SECURE_SSL_REDIRECT missing", files: prodProject({ SECURE_SSL_REDIRECT: null, "# expect-file": "# expect-file: ssl-redirect-disabled" }) },
  { name: "SESSION_COOKIE_SECURE = False", files: prodProject({ SESSION_COOKIE_SECURE: "# expect: session-cookie-not-secure\nSESSION_COOKIE_SECURE = False" }) },
  { name: "SESSION_COOKIE_SECURE missing", files: prodProject({ SESSION_COOKIE_SECURE: null, "# expect-file": "# expect-file: session-cookie-not-secure" }) },
  { name: "CSRF_COOKIE_SECURE = False", files: prodProject({ CSRF_COOKIE_SECURE: "# expect: csrf-cookie-not-secure\nCSRF_COOKIE_SECURE = False" }) },
  { name: "CSRF_COOKIE_SECURE missing", files: prodProject({ CSRF_COOKIE_SECURE: null, "# expect-file": "# expect-file: csrf-cookie-not-secure" }) },
  {
    name: "cookie security from env with a false default",
    files: prodProject({
      SESSION_COOKIE_SECURE: 'import os\n# expect: session-cookie-not-secure\nSESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "False") == "True"',
    }),
  },
  {
    name: "production module with nothing but DEBUG = False",
    files: {
      [BASE_PATH]: BASE,
      [PROD_PATH]:
        "# expect-file: ssl-redirect-disabled, session-cookie-not-secure, csrf-cookie-not-secure, hsts-not-enabled, security-logging-missing\nfrom .base import *\n\nDEBUG = False\n",
    },
  },
  // HSTS
  { name: "HSTS one hour", files: prodProject({ SECURE_HSTS_SECONDS: "# expect: hsts-not-enabled\nSECURE_HSTS_SECONDS = 3600" }) },
  { name: "HSTS 30 days as arithmetic", files: prodProject({ SECURE_HSTS_SECONDS: "# expect: hsts-not-enabled\nSECURE_HSTS_SECONDS = 60 * 60 * 24 * 30" }) },
  { name: "HSTS seconds missing", files: prodProject({ SECURE_HSTS_SECONDS: null, SECURE_HSTS_INCLUDE_SUBDOMAINS: null, SECURE_HSTS_PRELOAD: null, "# expect-file": "# expect-file: hsts-not-enabled" }) },
  {
    name: "HSTS without INCLUDE_SUBDOMAINS",
    files: prodProject({ SECURE_HSTS_INCLUDE_SUBDOMAINS: "# expect: hsts-subdomains-preload-missing\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False" }),
  },
  { name: "HSTS without PRELOAD", files: prodProject({ SECURE_HSTS_PRELOAD: "# expect: hsts-subdomains-preload-missing\nSECURE_HSTS_PRELOAD = False" }) },
  // Headers and cookies
  { name: "SECURE_CONTENT_TYPE_NOSNIFF = False", files: prodProject({ SECURE_CONTENT_TYPE_NOSNIFF: "# expect: content-type-nosniff-disabled\nSECURE_CONTENT_TYPE_NOSNIFF = False" }) },
  { name: "X_FRAME_OPTIONS = 'SAMEORIGIN'", files: prodProject({ X_FRAME_OPTIONS: "# expect: x-frame-options-not-deny\nX_FRAME_OPTIONS = 'SAMEORIGIN'" }) },
  { name: "X_FRAME_OPTIONS = 'ALLOW-FROM ...'", files: prodProject({ X_FRAME_OPTIONS: '# expect: x-frame-options-not-deny\nX_FRAME_OPTIONS = "ALLOW-FROM https://partner.example.com"' }) },
  { name: "SESSION_COOKIE_HTTPONLY = False", files: prodProject({ SESSION_COOKIE_HTTPONLY: "# expect: cookie-httponly-disabled\nSESSION_COOKIE_HTTPONLY = False" }) },
  { name: "SESSION_COOKIE_SAMESITE = 'None'", files: prodProject({ SESSION_COOKIE_SAMESITE: "# expect: cookie-samesite-none\nSESSION_COOKIE_SAMESITE = 'None'" }) },
  { name: "CSRF_COOKIE_SAMESITE = None", files: prodProject({ CSRF_COOKIE_SAMESITE: "# expect: cookie-samesite-none\nCSRF_COOKIE_SAMESITE = None" }) },
  {
    name: "SECURE_BROWSER_XSS_FILTER as in the guide",
    files: prodProject({ SECURE_CONTENT_TYPE_NOSNIFF: "SECURE_CONTENT_TYPE_NOSNIFF = True\n# expect: browser-xss-filter-setting\nSECURE_BROWSER_XSS_FILTER = True" }),
  },
  // MIDDLEWARE
  ...(["SecurityMiddleware", "CsrfViewMiddleware", "XFrameOptionsMiddleware"] as const).map((name) => ({
    name: `MIDDLEWARE without ${name}`,
    files: baseProject({ MIDDLEWARE: "# expect: security-middleware-missing\n" + blockOf(BASE, "MIDDLEWARE").split("\n").filter((l) => !l.includes(name)).join("\n") }),
  })),
  // CSRF_TRUSTED_ORIGINS, CORS
  { name: "CSRF_TRUSTED_ORIGINS with http://", files: prodProject({ CSRF_TRUSTED_ORIGINS: '# expect: csrf-trusted-origins-insecure\nCSRF_TRUSTED_ORIGINS = ["http://example.com"]' }) },
  {
    name: "CSRF_TRUSTED_ORIGINS with a bare wildcard",
    files: prodProject({ CSRF_TRUSTED_ORIGINS: 'CSRF_TRUSTED_ORIGINS = [\n    "https://example.com",\n    # expect: csrf-trusted-origins-insecure\n    "*",\n]' }),
  },
  {
    name: "CSRF_TRUSTED_ORIGINS with a shared-hosting wildcard",
    files: prodProject({ CSRF_TRUSTED_ORIGINS: '# expect: csrf-trusted-origins-insecure\nCSRF_TRUSTED_ORIGINS = ["https://*.herokuapp.com"]' }),
  },
  {
    // Django 4.0+ expands it, but it trusts every subdomain, listed or not: reported at low severity.
    name: "CSRF_TRUSTED_ORIGINS with a subdomain wildcard",
    files: prodProject({ CSRF_TRUSTED_ORIGINS: '# expect: csrf-trusted-origins-insecure\nCSRF_TRUSTED_ORIGINS = ["https://example.com", "https://*.example.com"]' }),
  },
  { name: "CORS_ALLOW_ALL_ORIGINS = True", files: prodProject({ CORS: "# expect: cors-allow-all-origins\nCORS_ALLOW_ALL_ORIGINS = True" }) },
  { name: "legacy CORS_ORIGIN_ALLOW_ALL = True", files: prodProject({ CORS: "# expect: cors-allow-all-origins\nCORS_ORIGIN_ALLOW_ALL = True" }) },
  // Passwords
  { name: "AUTH_PASSWORD_VALIDATORS empty", files: baseProject({ AUTH_PASSWORD_VALIDATORS: "# expect: password-validators-missing\nAUTH_PASSWORD_VALIDATORS = []" }) },
  {
    name: "AUTH_PASSWORD_VALIDATORS without NumericPasswordValidator",
    files: baseProject({
      AUTH_PASSWORD_VALIDATORS: py`# expect: password-validators-missing
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]`,
    }),
  },
  {
    name: "MinimumLengthValidator min_length 8",
    files: {
      [BASE_PATH]: withSettings(BASE, { AUTH_PASSWORD_VALIDATORS: null }).replace(
        "AUTH_USER_MODEL",
        py`AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # expect: password-validators-missing
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL`,
      ),
      [PROD_PATH]: PROD,
    },
  },
  {
    name: "PASSWORD_HASHERS starting with MD5",
    files: baseProject({
      PASSWORD_HASHERS: py`PASSWORD_HASHERS = [
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]`,
    }),
  },
  {
    name: "PASSWORD_HASHERS listing SHA1, unsalted MD5 and crypt",
    files: baseProject({
      PASSWORD_HASHERS: py`PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.SHA1PasswordHasher",
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.CryptPasswordHasher",
]`,
    }),
  },
  {
    name: "PASSWORD_HASHERS starting with PBKDF2SHA1 or plain BCrypt",
    files: {
      ...baseProject({
        PASSWORD_HASHERS: py`PASSWORD_HASHERS = [
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]`,
      }),
      "mysite/settings/production.py": withSettings(PROD, {
        PASSWORD_HASHERS: py`PASSWORD_HASHERS = [
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]`,
      }),
    },
  },
  // Sessions
  { name: "SESSION_COOKIE_AGE of 30 days", files: baseProject({ SESSION_COOKIE_AGE: "# expect: session-cookie-age-too-long\nSESSION_COOKIE_AGE = 60 * 60 * 24 * 30" }) },
  { name: "SESSION_COOKIE_AGE of a year in seconds", files: prodProject({ SESSION_COOKIE_AGE: "# expect: session-cookie-age-too-long\nSESSION_COOKIE_AGE = 31536000" }) },
  {
    name: "SESSION_EXPIRE_AT_BROWSER_CLOSE = False in production (informational)",
    files: prodProject({ SESSION_EXPIRE_AT_BROWSER_CLOSE: "# expect: session-expire-at-browser-close\nSESSION_EXPIRE_AT_BROWSER_CLOSE = False" }),
  },
  // Authentication
  {
    name: "base settings without AUTH_USER_MODEL",
    files: baseProject({
      AUTH_USER_MODEL: null,
      INSTALLED_APPS: blockOf(BASE, "INSTALLED_APPS").replace('    "django.contrib.auth",', '    # expect: custom-user-model-missing\n    "django.contrib.auth",'),
    }),
  },
  // API settings
  {
    name: "REST_FRAMEWORK with AllowAny default permission",
    files: baseProject({
      REST_FRAMEWORK: blockOf(BASE, "REST_FRAMEWORK").replace(
        '    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],',
        '    # expect: drf-default-permission-allow-any\n    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],',
      ),
    }),
  },
  {
    name: "REST_FRAMEWORK without DEFAULT_PERMISSION_CLASSES",
    files: baseProject({
      REST_FRAMEWORK:
        "# expect: drf-default-permission-allow-any\n" +
        blockOf(BASE, "REST_FRAMEWORK").replace('    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],\n', ""),
    }),
  },
  {
    name: "REST_FRAMEWORK without throttle classes",
    files: baseProject({
      REST_FRAMEWORK: py`# expect: drf-throttling-missing
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}`,
    }),
  },
  {
    name: "BasicAuthentication in production",
    files: prodProject({
      REST_FRAMEWORK: py`REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # expect: drf-basic-authentication
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "1000/day"},
}`,
    }),
  },
  // Secrets in settings
  {
    name: "credentials as literals in production settings",
    files: prodProject({
      EMAIL: py`# expect: hardcoded-credential
EMAIL_HOST_PASSWORD = "Tr0ub4dor&3-mailgun"
# expect: hardcoded-credential
DATABASE_URL = "postgres://shop:S3cr3tPassw0rd@db.internal:5432/shop"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        # expect: hardcoded-credential
        "PASSWORD": "pg-Passw0rd!2024",
        "HOST": "db.internal",
    }
}
# expect: hardcoded-credential
SENDGRID_API_KEY = "SG.x8Kq2mP9rT4vW7yZ1bN3cF6hJ0lA5sD.eG8iK2mO4qS6uW8yA0cE2gI4kM6oQ8s"`,
    }),
  },
  // Logging
  { name: "production without LOGGING", files: prodProject({ LOGGING: null, "# expect-file": "# expect-file: security-logging-missing" }) },
  {
    name: "LOGGING that routes only django.request",
    files: prodProject({
      LOGGING: py`# expect: security-logging-missing
LOGGING = {
    "version": 1,
    "handlers": {"file": {"class": "logging.FileHandler", "filename": "/var/log/django/app.log"}},
    "loggers": {"django.request": {"handlers": ["file"], "level": "ERROR"}},
}`,
    }),
  },
];

/** The text of a top-level assignment, from `NAME = ` to its closing line at column 0. */
function blockOf(text: string, name: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${name} = `));
  const end = lines.findIndex((l, i) => i > start && /^[\]})]/.test(l));
  return lines.slice(start, end + 1).join("\n");
}

export const settingsNegative: CatalogCase[] = [
  { name: "the guide's hardened split settings", files: prodProject({}) },
  {
    name: "the guide's production settings verbatim (env lookups, ImproperlyConfigured)",
    files: {
      [BASE_PATH]: BASE,
      [PROD_PATH]: py`import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa

DEBUG = False  # CRITICAL: Never use True in production
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

# Security headers
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000  # 1 year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS and Cookies
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Secret key (must be set via environment variable)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY environment variable is required")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]

SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "default"
SESSION_COOKIE_AGE = 3600 * 24 * 7  # 1 week
SESSION_SAVE_EVERY_REQUEST = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "file": {"level": "WARNING", "class": "logging.FileHandler", "filename": "/var/log/django/security.log"},
        "console": {"level": "INFO", "class": "logging.StreamHandler"},
    },
    "loggers": {
        "django.security": {"handlers": ["file", "console"], "level": "WARNING", "propagate": True},
        "django.request": {"handlers": ["file"], "level": "ERROR", "propagate": False},
    },
}
`,
    },
  },
  {
    name: "the guide's django-environ settings",
    files: {
      [BASE_PATH]: withSettings(BASE, {
        SECRET_KEY: 'import environ\nenv = environ.Env(\n    DEBUG=(bool, False)\n)\nenviron.Env.read_env()\nSECRET_KEY = env("DJANGO_SECRET_KEY")\nDATABASE_URL = env("DATABASE_URL")',
        DEBUG: 'DEBUG = env("DEBUG")',
        ALLOWED_HOSTS: 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")',
      }),
      [PROD_PATH]: PROD,
    },
  },
  {
    name: "DEBUG and SECRET_KEY read without true or hardcoded fallbacks",
    files: prodProject({
      DEBUG: py`import environ
from decouple import config

env = environ.Env()
DEBUG = env.bool("DJANGO_DEBUG", default=False)
TEMPLATE_DEBUG = config("DEBUG", default=False, cast=bool)
SECRET_KEY = env("DJANGO_SECRET_KEY")
OTHER_FLAG = os.environ.get("DEBUG", "False") == "True"`,
    }),
  },
  {
    name: "DEBUG = True and a hardcoded key in development settings",
    files: {
      ...prodProject({}),
      "mysite/settings/dev.py": py`from .base import *  # noqa

DEBUG = True
SECRET_KEY = "django-insecure-local-development-only-key-123"
ALLOWED_HOSTS = ["*"]
CORS_ALLOW_ALL_ORIGINS = True
CSRF_TRUSTED_ORIGINS = ["http://localhost:3000"]
AUTH_PASSWORD_VALIDATORS = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
`,
    },
  },
  {
    name: "HSTS year written as arithmetic, flags from the environment with secure defaults",
    files: prodProject({
      SECURE_HSTS_SECONDS: "SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365",
      SECURE_SSL_REDIRECT: 'SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "True") == "True"',
      SESSION_COOKIE_SECURE: 'import environ\nenv = environ.Env()\nSESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)',
    }),
  },
  {
    // Django's defaults (since 3.0) are nosniff on and X-Frame-Options DENY, so leaving them out is safe.
    name: "nosniff and X_FRAME_OPTIONS left at Django's defaults",
    files: prodProject({ SECURE_CONTENT_TYPE_NOSNIFF: null, X_FRAME_OPTIONS: null }),
  },
  {
    // CSRF_COOKIE_HTTPONLY = False is Django's default and its docs say turning it on "offers no practical
    // benefit": JavaScript reads the token from the page anyway. Only the session cookie's flag matters.
    name: "SameSite Strict and CSRF_COOKIE_HTTPONLY at its default",
    files: prodProject({ SESSION_COOKIE_SAMESITE: 'SESSION_COOKIE_SAMESITE = "Strict"', CSRF_COOKIE_SAMESITE: 'CSRF_COOKIE_SAMESITE = "Strict"\nCSRF_COOKIE_HTTPONLY = False' }),
  },
  {
    name: "MIDDLEWARE extended in production",
    files: prodProject({ MIDDLEWARE: 'MIDDLEWARE = [*MIDDLEWARE, "whitenoise.middleware.WhiteNoiseMiddleware"]\nMIDDLEWARE += ["django.middleware.gzip.GZipMiddleware"]' }),
  },
  {
    name: "CSRF_TRUSTED_ORIGINS with exact https origins",
    files: prodProject({ CSRF_TRUSTED_ORIGINS: 'CSRF_TRUSTED_ORIGINS = ["https://example.com", "https://www.example.com"]' }),
  },
  {
    name: "CORS with an allow list",
    files: prodProject({ CORS: 'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_ALLOW_ALL_ORIGINS = False\nCORS_ALLOW_CREDENTIALS = True' }),
  },
  {
    name: "the guide's PASSWORD_HASHERS (Argon2 first, PBKDF2SHA1 for old hashes)",
    files: baseProject({
      PASSWORD_HASHERS: py`PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]`,
    }),
  },
  {
    // Django's docs show this: a project subclass of PBKDF2PasswordHasher with more iterations, listed
    // first. A project hasher's strength cannot be read from its name, so it is not a finding.
    name: "PASSWORD_HASHERS starting with a project subclass of PBKDF2",
    files: baseProject({
      PASSWORD_HASHERS: py`PASSWORD_HASHERS = [
    "myproject.hashers.MyPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]`,
    }),
  },
  {
    name: "scrypt first, MinimumLengthValidator min_length 14",
    files: baseProject({
      PASSWORD_HASHERS: 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.ScryptPasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]',
      AUTH_PASSWORD_VALIDATORS: py`AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 14}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]`,
    }),
  },
  {
    name: "the guide's session settings: one week, expire at browser close",
    files: prodProject({ SESSION_COOKIE_AGE: "SESSION_COOKIE_AGE = 3600 * 24 * 7\nSESSION_EXPIRE_AT_BROWSER_CLOSE = True" }),
  },
  {
    name: "SESSION_COOKIE_AGE of exactly two weeks",
    files: baseProject({ SESSION_COOKIE_AGE: "SESSION_COOKIE_AGE = 60 * 60 * 24 * 14" }),
  },
  {
    name: "the guide's REST_FRAMEWORK throttling and authentication",
    files: baseProject({
      REST_FRAMEWORK: py`REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100/day",
        "user": "1000/day",
        "upload": "10/hour",
    },
}`,
    }),
  },
  {
    name: "secrets read from the environment",
    files: prodProject({
      EMAIL: py`EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://localhost:5432/shop")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "shop"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
    }
}
STRIPE_API_KEY = os.getenv("STRIPE_API_KEY")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24`,
    }),
  },
];

