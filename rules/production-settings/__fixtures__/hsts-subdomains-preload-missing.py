# path: mysite/settings/production.py
import os

from .base import *  # noqa: F401,F403

# HSTS rollout: start with an hour, raise to a year once every subdomain serves HTTPS.
# expect: hsts-not-enabled
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "3600"))
# expect: hsts-subdomains-preload-missing
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
# ok: hsts-subdomains-preload-missing
SECURE_HSTS_PRELOAD = True
