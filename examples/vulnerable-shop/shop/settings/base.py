"""Settings shared by every environment of the shop."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# expect: secret-key-hardcoded
SECRET_KEY = "django-insecure-q8v2mx7tk4p0s9w3z1r6y5u8i2o4e7a1s3d5f"

INSTALLED_APPS = [
    "django.contrib.admin",
    # expect: custom-user-model-missing
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "corsheaders",
    "accounts",
    "catalog",
    "orders",
    "api",
]

# expect: security-middleware-missing
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.middleware.LegacyHeadersMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "shop"),
        "USER": os.environ.get("DB_USER", "shop"),
        # expect: hardcoded-credential
        "PASSWORD": "Sup3r-S3cret-db-pass",
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}

# ok: hardcoded-credential
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")

# expect: password-validators-missing
AUTH_PASSWORD_VALIDATORS = []

PASSWORD_HASHERS = [
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.MD5PasswordHasher",
    # ok: weak-password-hasher
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Sessions
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# expect: session-cookie-age-too-long
SESSION_COOKIE_AGE = 60 * 60 * 24 * 90
# expect: session-pickle-serializer
SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"
# Stay logged in after the browser closes.
# expect: session-expire-at-browser-close
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# expect: drf-throttling-missing
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        # expect: drf-default-permission-allow-any
        "rest_framework.permissions.AllowAny",
    ],
}

# ok: security-logging-missing
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO"}},
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
