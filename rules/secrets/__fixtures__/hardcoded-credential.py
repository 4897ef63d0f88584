"""Payment and storage clients, configured the way real projects often are."""
import os

import boto3
import environ
import requests
from django import forms
from django.conf import settings

env = environ.Env()

# ok: hardcoded-credential
STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
# ok: hardcoded-credential
STRIPE_PUBLISHABLE_KEY = "pk_live_51HcAbCdEfGhIjKlMnOp"
# expect: hardcoded-credential
MAILGUN_API_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
# ok: hardcoded-credential
SENTRY_DSN = env("SENTRY_DSN", default="")
# expect: hardcoded-credential
REDIS_URL = env("REDIS_URL", default="redis://:Zx81-qPw7@cache.internal:6379/0")
# ok: hardcoded-credential
BROKER_URL = env("BROKER_URL", default="amqp://guest:guest@localhost:5672//")


def s3_client():
    return boto3.client(
        "s3",
        region_name="eu-west-1",
        # ok: hardcoded-credential
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        # expect: hardcoded-credential
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz91xq",
    )


def call_partner(order):
    headers = {
        # expect: hardcoded-credential
        "Authorization": "Bearer 8c1f2e0d9b7a6c5d4e3f2a1b",
        # ok: hardcoded-credential
        "X-Request-Token": order.token,
    }
    return requests.post("https://partner.example.com/api/orders", json={"id": order.pk}, headers=headers, timeout=10)


class LoginForm(forms.Form):
    # ok: hardcoded-credential
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    # ok: hardcoded-credential
    PASSWORD_FIELD = "password"


def connect_legacy():
    import psycopg2

    # expect: hardcoded-credential
    return psycopg2.connect(host="legacy-db", user="reports", password="R3ports!2019")


# ok: hardcoded-credential
DEFAULT_PASSWORD_LENGTH = 16
# ok: hardcoded-credential
API_KEY_HEADER = "X-Api-Key"
# ok: hardcoded-credential
GITHUB_TOKEN = os.getenv("GITHUB_TOKEN", "<set-me>")
