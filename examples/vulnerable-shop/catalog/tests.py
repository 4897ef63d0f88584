# Test modules are excluded by default (the `exclude` config setting), so nothing here is reported.
from django.test import TestCase
from django.utils.safestring import mark_safe


class BadgeTests(TestCase):
    def test_badge_markup(self):
        html = mark_safe("<b>" + "x" * 3 + "</b>")
        self.assertIn("<b>", html)
