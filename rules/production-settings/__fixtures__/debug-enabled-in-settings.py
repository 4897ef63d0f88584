# path: config/settings/production.py
"""Production settings for the booking site, read from the environment (12-factor style)."""
import os

import environ

from .base import *  # noqa: F401,F403

env = environ.Env(
    # expect: debug-enabled-in-settings
    DEBUG=(bool, True),
    CACHE_TTL=(int, 300),
)
environ.Env.read_env(os.path.join(BASE_DIR, ".env"))

# The scheme above turns this on whenever DJANGO_DEBUG is missing from the deploy.
DEBUG = env("DEBUG")

# ok: debug-enabled-in-settings
TEMPLATE_DEBUG = True

if DEBUG:
    # ok: debug-enabled-in-settings
    DEBUG = True
    INSTALLED_APPS += ["debug_toolbar"]
