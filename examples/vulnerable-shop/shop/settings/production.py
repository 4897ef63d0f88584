"""Production settings: what runs on shop.example.com."""
import os

from .base import *  # noqa: F401,F403

# Left on "for one more week" while the payment integration settles.
# expect: debug-enabled-in-settings
DEBUG = True

# expect: allowed-hosts-wildcard
ALLOWED_HOSTS = ["shop.example.com", "*"]

# The load balancer used to terminate TLS; it no longer does.
# expect: ssl-redirect-disabled
SECURE_SSL_REDIRECT = False
# expect: session-cookie-not-secure
SESSION_COOKIE_SECURE = False
# expect: csrf-cookie-not-secure
CSRF_COOKIE_SECURE = False
# expect: hsts-not-enabled
SECURE_HSTS_SECONDS = 0

# expect: content-type-nosniff-disabled
SECURE_CONTENT_TYPE_NOSNIFF = False
# expect: x-frame-options-not-deny
X_FRAME_OPTIONS = "SAMEORIGIN"
# expect: browser-xss-filter-setting
SECURE_BROWSER_XSS_FILTER = True

# expect: cookie-httponly-disabled
SESSION_COOKIE_HTTPONLY = False
# expect: cookie-samesite-none
SESSION_COOKIE_SAMESITE = "None"
# ok: cookie-samesite-none
CSRF_COOKIE_SAMESITE = "Lax"

# expect: csrf-trusted-origins-insecure
CSRF_TRUSTED_ORIGINS = ["http://shop.example.com", "https://checkout.example.com"]

# expect: cors-allow-all-origins
CORS_ALLOW_ALL_ORIGINS = True

# Version 1 of the mobile app still signs in with HTTP Basic.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # expect: drf-basic-authentication
        "rest_framework.authentication.BasicAuthentication",
        # ok: drf-basic-authentication
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "100/day", "user": "1000/day"},
}

CSP_DEFAULT_SRC = ("'self'",)
# expect: csp-unsafe-source
CSP_SCRIPT_SRC = ("'self'", "'unsafe-inline'", "https://cdn.example.com")
# ok: csp-unsafe-source
CSP_IMG_SRC = ("'self'", "https://media.example.com")

# Quieter logs: only errors, straight to the console of the container.
# expect: security-logging-missing
LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "loggers": {"shop": {"handlers": ["console"], "level": "ERROR"}},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "smtp.example.com")
