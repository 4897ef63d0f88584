# path: shop/settings/production.py
import os

from .base import *  # noqa

DEBUG = False

ALLOWED_HOSTS = [
    # ok: allowed-hosts-wildcard
    ".shop.example.com",
    # ok: allowed-hosts-wildcard
    "shop-internal.example.net",
    # expect: allowed-hosts-wildcard
    "*",
]

# Extra hosts from the platform; the fallback accepts any Host header.
# expect: allowed-hosts-wildcard
ALLOWED_HOSTS += os.environ.get("EXTRA_HOSTS", "*").split(",")

if os.environ.get("HEALTHCHECK_IP"):
    # ok: allowed-hosts-wildcard
    ALLOWED_HOSTS.append(os.environ["HEALTHCHECK_IP"])
