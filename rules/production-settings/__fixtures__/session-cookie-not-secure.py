# path: mysite/settings/prod.py
from decouple import config

from .base import *  # noqa: F401,F403

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Was switched off while the load balancer terminated TLS; it no longer does.
# expect: ssl-redirect-disabled
SECURE_SSL_REDIRECT = False  # TODO: re-enable

# expect: session-cookie-not-secure
SESSION_COOKIE_SECURE = config("SESSION_COOKIE_SECURE", default=False, cast=bool)
# ok: csrf-cookie-not-secure
CSRF_COOKIE_SECURE = True
