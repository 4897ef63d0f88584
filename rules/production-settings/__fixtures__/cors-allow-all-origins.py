# path: api/settings/production.py
from .base import *  # noqa: F401,F403

INSTALLED_APPS += ["corsheaders"]

# The mobile app and the SPA both call the API; "allow all" was the quick fix.
# expect: cors-allow-all-origins
CORS_ORIGIN_ALLOW_ALL = True
CORS_ALLOW_CREDENTIALS = True
# ok: cors-allow-all-origins
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

if DEBUG:
    # ok: cors-allow-all-origins
    CORS_ALLOW_ALL_ORIGINS = True
