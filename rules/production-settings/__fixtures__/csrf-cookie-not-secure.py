# path: mysite/settings/production.py
import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True

# expect: csrf-cookie-not-secure
CSRF_COOKIE_SECURE = os.environ.get("CSRF_COOKIE_SECURE", "false").lower() in ("1", "true", "yes")

if DEBUG:
    # ok: csrf-cookie-not-secure
    CSRF_COOKIE_SECURE = False
