# path: mysite/settings/production.py
from .base import *  # noqa: F401,F403

CSRF_TRUSTED_ORIGINS = [
    # ok: csrf-trusted-origins-insecure
    "https://shop.example.com",
    # expect: csrf-trusted-origins-insecure
    "https://*.example.com",
    # expect: csrf-trusted-origins-insecure
    "http://legacy.example.com",
    # Preview deployments.
    # expect: csrf-trusted-origins-insecure
    "https://*.vercel.app",
]
