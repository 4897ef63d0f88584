# path: mysite/settings.py
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False

PASSWORD_HASHERS = [
    # ok: weak-password-hasher
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # ok: weak-password-hasher
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # ok: weak-password-hasher
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    # Users imported from the old PHP site still have unsalted MD5 hashes.
    # expect: weak-password-hasher
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
]

if "test" in sys.argv or "pytest" in sys.modules:
    # Fast hashing keeps the test suite quick.
    PASSWORD_HASHERS = [
        # ok: weak-password-hasher
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
