# path: mysite/settings/base.py
import os

# ok: content-type-nosniff-disabled
SECURE_REFERRER_POLICY = "same-origin"
# Uploaded SVGs "didn't render" with nosniff on.
# expect: content-type-nosniff-disabled
SECURE_CONTENT_TYPE_NOSNIFF = False
