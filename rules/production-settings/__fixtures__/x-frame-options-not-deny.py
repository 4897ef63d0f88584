# path: mysite/settings/base.py
# Django admin's related-object popups used to need frames in old versions.
# expect: x-frame-options-not-deny
X_FRAME_OPTIONS = "SAMEORIGIN"
# ok: x-frame-options-not-deny
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
