# path: mysite/settings.py
"""Single settings module, copied from a 2019 hardening checklist."""
# ok: browser-xss-filter-setting
SECURE_CONTENT_TYPE_NOSNIFF = True
# expect: browser-xss-filter-setting
SECURE_BROWSER_XSS_FILTER = True
# ok: browser-xss-filter-setting
X_FRAME_OPTIONS = "DENY"
