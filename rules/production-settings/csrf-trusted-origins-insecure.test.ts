import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./csrf-trusted-origins-insecure.js";

testRule(rule, {
  valid: [
    { name: "exact https origins", code: 'CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "https://admin.example.com:8443"]\n' },
    { name: "exact subdomains", code: 'CSRF_TRUSTED_ORIGINS = ["https://example.com", "https://www.example.com", "https://api.example.com"]\n' },
    { name: "http://localhost", code: 'CSRF_TRUSTED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:8000"]\n' },
    { name: "a host without a scheme (pre-4.0 style; Django reports it itself)", code: 'CSRF_TRUSTED_ORIGINS = ["shop.example.com"]\n' },
    { name: "env lookup without a default", code: 'import environ\nenv = environ.Env()\nCSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")\n' },
    { name: "env lookup with an https default", code: 'import os\nCSRF_TRUSTED_ORIGINS = os.environ.get("ORIGINS", "https://shop.example.com").split(",")\n' },
    { name: "http only under if DEBUG", code: 'CSRF_TRUSTED_ORIGINS = ["https://a.example.com"]\nif DEBUG:\n    CSRF_TRUSTED_ORIGINS += ["http://dev.example.com"]\n' },
    { name: "development module", path: "mysite/settings/dev.py", code: 'CSRF_TRUSTED_ORIGINS = ["http://dev.example.com", "*"]\n' },
    { name: "inherited: reported in its own file", code: "from .base import *\n", context: { "mysite/settings/base.py": 'CSRF_TRUSTED_ORIGINS = ["http://a.example.com"]\n' } },
    { name: "CORS setting is another rule", code: 'CORS_ALLOWED_ORIGINS = ["http://a.example.com"]\n' },
  ],
  invalid: [
    { name: "plain http origin", code: 'CSRF_TRUSTED_ORIGINS = ["http://shop.example.com", "https://checkout.example.com"]\n', errors: [{ messageId: "plainHttp", line: 1, messageIncludes: "http://shop.example.com" }] },
    { name: "http subdomain wildcard", code: "CSRF_TRUSTED_ORIGINS = [\n    'https://a.example.com',\n    'http://*.example.com',\n]\n", errors: [{ messageId: "plainHttp", line: 3 }] },
    { name: "own subdomain wildcard (Django 4.0+): low", code: 'CSRF_TRUSTED_ORIGINS = ["https://*.example.com"]\n', errors: [{ messageId: "subdomainWildcard", line: 1, messageIncludes: "`example.com`" }] },
    { name: "subdomain wildcard on a country domain", code: 'CSRF_TRUSTED_ORIGINS = ["https://*.example.co.uk"]\n', errors: [{ messageId: "subdomainWildcard", line: 1, messageIncludes: "example.co.uk" }] },
    { name: "TLD wildcard", code: 'CSRF_TRUSTED_ORIGINS = ["https://*.com"]\n', errors: [{ messageId: "suffixWildcard", line: 1, messageIncludes: "`com`" }] },
    { name: "shared hosting wildcard", path: "mysite/settings.py", code: 'CSRF_TRUSTED_ORIGINS = ["https://*.herokuapp.com"]\n', errors: [{ messageId: "suffixWildcard", line: 1, messageIncludes: "herokuapp.com" }] },
    { name: "backticks in an origin cannot break the message", code: 'CSRF_TRUSTED_ORIGINS = ["http://a`b.example.com"]\n', errors: [{ messageId: "plainHttp", line: 1, messageIncludes: "`http://a'b.example.com`" }] },
    { name: "bare '*'", code: 'CSRF_TRUSTED_ORIGINS = ["*"]\n', errors: [{ messageId: "bareWildcard", line: 1 }] },
    { name: "'https://*'", code: 'CSRF_TRUSTED_ORIGINS = ["https://*"]\n', errors: [{ messageId: "bareWildcard", line: 1 }] },
    { name: "+= in production", code: 'from .base import *\nCSRF_TRUSTED_ORIGINS += ["http://b.example.com"]\n', context: { "mysite/settings/base.py": 'CSRF_TRUSTED_ORIGINS = ["https://a.example.com"]\n' }, errors: [{ messageId: "plainHttp", line: 2 }] },
    { name: "env fallback", code: 'import os\nCSRF_TRUSTED_ORIGINS = os.getenv("ORIGINS", "http://shop.example.com").split(",")\n', errors: [{ messageId: "fromEnv", line: 2, messageIncludes: "`ORIGINS`" }] },
  ],
});

describe("csrf-trusted-origins-insecure severity", () => {
  it.each([
    ["http is medium", 'CSRF_TRUSTED_ORIGINS = ["http://a.example.com"]\n', "medium"],
    ["a public suffix wildcard is high", 'CSRF_TRUSTED_ORIGINS = ["https://*.vercel.app"]\n', "high"],
    ["a bare wildcard is low", 'CSRF_TRUSTED_ORIGINS = ["*"]\n', "low"],
  ])("%s", (_name, code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});
