# path: mysite/settings/production.py
from .base import *  # noqa: F401,F403

# The checkout is embedded in partner sites, so the session must travel cross-site.
# expect: cookie-samesite-none
SESSION_COOKIE_SAMESITE = "None"
# expect: cookie-samesite-none
CSRF_COOKIE_SAMESITE = None
# ok: cookie-samesite-none
LANGUAGE_COOKIE_SAMESITE = "None"
