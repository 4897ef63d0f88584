# path: mysite/settings/base.py
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# The API moved to token auth, and someone dropped CSRF "because the API doesn't need it".
# expect: security-middleware-missing
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# ok: security-middleware-missing
MIDDLEWARE_CLASSES = []
