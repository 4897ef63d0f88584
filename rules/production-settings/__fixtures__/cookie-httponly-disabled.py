# path: mysite/settings/base.py
# The SPA reads the session id to decide whether to show the login button.
# expect: cookie-httponly-disabled
SESSION_COOKIE_HTTPONLY = False
# Django's docs: no real benefit, and the SPA reads the token from this cookie.
# ok: cookie-httponly-disabled
CSRF_COOKIE_HTTPONLY = False
