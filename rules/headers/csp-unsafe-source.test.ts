import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./csp-unsafe-source.js";

const settings = "mysite/settings/production.py";

testRule(rule, {
  valid: [
    { name: "strict header", code: 'response["Content-Security-Policy"] = "default-src \'self\'; script-src \'self\' https://cdn.example.com"\n' },
    { name: "unsafe-inline for styles only (the guide)", code: 'CSP_DEFAULT_SRC = ("\'self\'",)\nCSP_SCRIPT_SRC = "\'self\' https://cdn.example.com"\nCSP_STYLE_SRC = "\'self\' \'unsafe-inline\'"\n', path: settings },
    { name: "unsafe-inline next to a nonce in a header", code: 'response["Content-Security-Policy"] = f"script-src \'nonce-{nonce}\' \'unsafe-inline\' \'strict-dynamic\'"\nresp["Content-Security-Policy"] = "script-src \'sha256-abc=\' \'unsafe-inline\'"\n' },
    { name: "django-csp 3 nonce makes unsafe-inline a fallback", code: 'CSP_SCRIPT_SRC = ["\'self\'", "\'unsafe-inline\'"]\nCSP_INCLUDE_NONCE_IN = ["script-src"]\n', path: settings },
    { name: "django-csp 4 nonce", code: 'from csp.constants import NONCE, SELF, UNSAFE_INLINE\nCONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE, UNSAFE_INLINE]}}\n', path: settings },
    { name: "Django 6 strict policy", code: 'from django.utils.csp import CSP\nSECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}\n', path: settings },
    { name: "default-src unsafe but script-src set", code: 'CSP_DEFAULT_SRC = ["*"]\nCSP_SCRIPT_SRC = ["\'self\'"]\n', path: settings },
    { name: "report-only header", code: 'response["Content-Security-Policy-Report-Only"] = "script-src \'unsafe-inline\'"\n' },
    { name: "report-only settings", code: 'SECURE_CSP_REPORT_ONLY = {"script-src": ["\'unsafe-inline\'"]}\n', path: settings },
    { name: "development settings", code: 'CSP_SCRIPT_SRC = ["\'unsafe-eval\'"]\n', path: "mysite/settings/dev.py" },
    { name: "under if DEBUG", code: 'if DEBUG:\n    CSP_SCRIPT_SRC = ["\'unsafe-eval\'"]\n', path: settings },
    { name: "setting name in an ordinary module is not a setting", code: 'CSP_SCRIPT_SRC = ["\'unsafe-eval\'"]\n' },
    { name: "other header", code: 'response["X-Frame-Options"] = "DENY"\n' },
    { name: "header built at runtime", code: 'response["Content-Security-Policy"] = build_policy(request)\n' },
  ],
  invalid: [
    {
      name: "the guide's style of header with unsafe-inline",
      code: 'def __call__(self, request):\n    response = self.get_response(request)\n    response["Content-Security-Policy"] = "default-src \'self\'; script-src \'self\' \'unsafe-inline\'"\n    return response\n',
      errors: [{ messageId: "unsafeInline", line: 3, messageIncludes: "`script-src`" }],
    },
    { name: "default-src governs scripts", code: 'response.headers["Content-Security-Policy"] = "default-src * \'unsafe-eval\'"\n', errors: [{ messageId: "wildcard", line: 1 }, { messageId: "unsafeEval", line: 1 }] },
    { name: "setdefault", code: 'response.setdefault("Content-Security-Policy", "script-src \'unsafe-eval\'")\n', errors: [{ messageId: "unsafeEval", line: 1 }] },
    { name: "headers dict", code: 'from django.http import HttpResponse\nHttpResponse("", headers={"Content-Security-Policy": "script-src \'unsafe-inline\'"})\n', errors: [{ messageId: "unsafeInline", line: 2 }] },
    {
      name: "django-csp 3 settings",
      code: 'CSP_DEFAULT_SRC = ("\'self\'",)\nCSP_SCRIPT_SRC = (\n    "\'self\'",\n    "\'unsafe-inline\'",\n    "\'unsafe-eval\'",\n)\n',
      path: settings,
      errors: [{ messageId: "unsafeInline", line: 4 }, { messageId: "unsafeEval", line: 5 }],
    },
    { name: "django-csp 3 string value", code: 'CSP_SCRIPT_SRC = "\'self\' \'unsafe-inline\'"\n', path: "mysite/settings.py", errors: [{ messageId: "unsafeInline", line: 1 }] },
    { name: "django-csp 3 default-src only", code: 'CSP_DEFAULT_SRC = ["\'self\'", "*"]\n', path: settings, errors: [{ messageId: "wildcard", line: 1, messageIncludes: "`default-src`" }] },
    {
      name: "django-csp 4 constants",
      code: 'from csp.constants import SELF, UNSAFE_INLINE\nCONTENT_SECURITY_POLICY = {\n    "DIRECTIVES": {\n        "default-src": [SELF],\n        "script-src": [SELF, UNSAFE_INLINE],\n    },\n}\n',
      path: settings,
      errors: [{ messageId: "unsafeInline", line: 5 }],
    },
    {
      name: "Django 6 CSP constants",
      code: 'from django.utils.csp import CSP\nSECURE_CSP = {\n    "default-src": [CSP.SELF],\n    "script-src": [CSP.SELF, CSP.UNSAFE_EVAL],\n}\n',
      path: settings,
      errors: [{ messageId: "unsafeEval", line: 4 }],
    },
    { name: "Django 6 plain strings", code: 'SECURE_CSP = {"default-src": ["\'self\'", "\'unsafe-inline\'"]}\n', path: settings, errors: [{ messageId: "unsafeInline", line: 1 }] },
  ],
});
