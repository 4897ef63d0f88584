# path: mysite/settings/production.py
import os

DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]

# Only the app's own logger was configured when the log service was added.
# expect: security-logging-missing
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "logtail": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "loggers": {
        "shop": {"handlers": ["logtail"], "level": "INFO"},
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}
