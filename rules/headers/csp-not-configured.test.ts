import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./csp-not-configured.js";

const django6 = 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.middleware.csp.ContentSecurityPolicyMiddleware",\n]\n';
const djangoCsp = 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "csp.middleware.CSPMiddleware",\n]\n';
const base = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "Django 6 with SECURE_CSP", code: django6 + 'from django.utils.csp import CSP\nSECURE_CSP = {"default-src": [CSP.SELF]}\n' },
    { name: "django-csp 4 policy", code: djangoCsp + 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}\n' },
    { name: "django-csp 3 settings", code: djangoCsp + "CSP_DEFAULT_SRC = (\"'self'\",)\n" },
    { name: "middleware in base, policy in the production module built on it", path: base, code: djangoCsp, context: { "mysite/settings/production.py": "from .base import *\nCSP_DEFAULT_SRC = (\"'self'\",)\n" } },
    { name: "no CSP component", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n' },
    { name: "policy in base, middleware in production", code: "from .base import *\n" + djangoCsp.replace("MIDDLEWARE = [", "MIDDLEWARE += ["), context: { [base]: 'MIDDLEWARE = []\nCONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}\n' } },
    { name: "middleware listed in base (reported there)", code: "from .base import *\n", context: { [base]: django6 } },
    { name: "unresolved star import may define the policy", code: "from .security import *\n" + django6 },
    { name: "development settings", code: django6, path: "mysite/settings/dev.py" },
    { name: "policy while MIDDLEWARE is not fully known", code: 'MIDDLEWARE = [*BASE_MIDDLEWARE]\nSECURE_CSP = {"default-src": ["\'self\'"]}\n' },
    { name: "policy in a module without MIDDLEWARE", code: 'CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}\n' },
  ],
  invalid: [
    { name: "middleware in base, production module without a policy", path: base, code: djangoCsp, context: { "mysite/settings/production.py": "from .base import *\nDEBUG = False\n" }, errors: [{ messageId: "noPolicy", line: 3 }] },
    { name: "Django 6 middleware without SECURE_CSP", code: django6, errors: [{ messageId: "noPolicy", line: 3, messageIncludes: "`SECURE_CSP`" }] },
    { name: "Django 6 with an empty SECURE_CSP", code: django6 + "SECURE_CSP = {}\n", errors: [{ messageId: "noPolicy", line: 3 }] },
    { name: "django-csp middleware without settings", code: djangoCsp, path: "mysite/settings.py", errors: [{ messageId: "noPolicy", line: 3, messageIncludes: "CONTENT_SECURITY_POLICY" }] },
    { name: "csp app without a policy", code: 'INSTALLED_APPS = ["django.contrib.admin", "csp"]\n', errors: [{ messageId: "noPolicy", line: 1 }] },
    { name: "only report-only (django-csp 4)", code: djangoCsp + 'CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}\n', errors: [{ messageId: "reportOnly", line: 3 }] },
    { name: "only report-only (Django 6)", code: django6 + 'SECURE_CSP_REPORT_ONLY = {"default-src": ["\'self\'"]}\n', errors: [{ messageId: "reportOnly", line: 3 }] },
    { name: "SECURE_CSP without the middleware", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nSECURE_CSP = {"default-src": ["\'self\'"]}\n', errors: [{ messageId: "noMiddleware", line: 2, messageIncludes: "ContentSecurityPolicyMiddleware" }] },
    { name: "django-csp 4 policy without the middleware", code: 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\nCONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["\'self\'"]}}\n', errors: [{ messageId: "noMiddleware", line: 2, messageIncludes: "csp.middleware.CSPMiddleware" }] },
    { name: "django-csp 3 in report-only mode", code: djangoCsp + "CSP_DEFAULT_SRC = (\"'self'\",)\nCSP_REPORT_ONLY = True\n", errors: [{ messageId: "reportOnly", line: 3 }] },
  ],
});
