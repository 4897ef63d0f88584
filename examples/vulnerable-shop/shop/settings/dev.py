"""Local development settings: never deployed."""
from .base import *  # noqa: F401,F403

# ok: debug-enabled-in-settings
DEBUG = True
# ok: allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
# ok: ssl-redirect-disabled
SECURE_SSL_REDIRECT = False
# ok: session-cookie-not-secure
SESSION_COOKIE_SECURE = False
# ok: csrf-cookie-not-secure
CSRF_COOKIE_SECURE = False

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
