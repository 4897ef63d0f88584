import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./security-middleware-missing.js";

const SEC = '    "django.middleware.security.SecurityMiddleware",\n';
const SESSION = '    "django.contrib.sessions.middleware.SessionMiddleware",\n';
const CSRF = '    "django.middleware.csrf.CsrfViewMiddleware",\n';
const XFO = '    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n';
const list = (...items: string[]) => `MIDDLEWARE = [\n${items.join("")}]\n`;
const BASE = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "startproject list", code: list(SEC, SESSION, '    "django.middleware.common.CommonMiddleware",\n', CSRF, XFO) },
    { name: "tuple", code: `MIDDLEWARE = (\n${SEC}${CSRF}${XFO})\n` },
    { name: "subclasses keeping the class name", code: list(SEC, '    "shop.middleware.CsrfViewMiddleware",\n', XFO) },
    { name: "missing one, but += adds it", code: list(SEC, CSRF) + 'MIDDLEWARE += ["django.middleware.clickjacking.XFrameOptionsMiddleware"]\n' },
    { name: "missing one, but append adds it", code: list(SEC, XFO) + 'MIDDLEWARE.append("django.middleware.csrf.CsrfViewMiddleware")\n' },
    { name: "extended with a name we cannot read", code: list(SESSION) + "MIDDLEWARE += EXTRA_MIDDLEWARE\n" },
    { name: "built from another name", code: `MIDDLEWARE = BASE_MIDDLEWARE + [\n${SESSION}]\n` },
    { name: "a splat item", code: `MIDDLEWARE = [\n    *COMMON,\n${SESSION}]\n` },
    { name: "a non-string item", code: `MIDDLEWARE = [\n    get_middleware(),\n${SESSION}]\n` },
    { name: "inherited list: reported in its own file", code: "from .base import *\nDEBUG = False\n", context: { [BASE]: list(SESSION) } },
    { name: "inherited list extended here", code: "from .base import *\nMIDDLEWARE += []\n", context: { [BASE]: list(SESSION) } },
    { name: "only under if DEBUG", code: `if DEBUG:\n    MIDDLEWARE = [\n    ${SESSION}]\n` },
    { name: "development module", path: "mysite/settings/dev.py", code: list(SESSION) },
    { name: "not set at all", code: "DEBUG = False\n" },
    { name: "MIDDLEWARE_CLASSES is ignored when MIDDLEWARE is set", code: list(SEC, CSRF, XFO) + `MIDDLEWARE_CLASSES = (\n${SESSION})\n` },
    { name: "complete MIDDLEWARE_CLASSES of a pre-1.10 project", code: `MIDDLEWARE_CLASSES = (\n${SEC}${SESSION}${CSRF}${XFO})\n` },
    { name: "removed only under if DEBUG", code: list(SEC, CSRF, XFO) + 'if DEBUG:\n    MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")\n' },
  ],
  invalid: [
    {
      name: "MIDDLEWARE_CLASSES without CSRF in a pre-1.10 project",
      code: `MIDDLEWARE_CLASSES = (\n${SEC}${SESSION}${XFO})\n`,
      errors: [{ messageId: "missing", line: 1, messageIncludes: "`MIDDLEWARE_CLASSES` has no `CsrfViewMiddleware`" }],
    },
    {
      name: "all three missing",
      code: "DEBUG = False\n" + list(SESSION),
      errors: [
        { messageId: "missing", line: 2, messageIncludes: "SecurityMiddleware" },
        { messageId: "missing", line: 2, messageIncludes: "CsrfViewMiddleware" },
        { messageId: "missing", line: 2, messageIncludes: "XFrameOptionsMiddleware" },
      ],
    },
    { name: "SecurityMiddleware missing in base", path: BASE, code: list(SESSION, CSRF, XFO), errors: [{ messageId: "missing", line: 1, messageIncludes: "django.middleware.security.SecurityMiddleware" }] },
    { name: "CSRF middleware commented out", code: list(SEC, SESSION, '    # "django.middleware.csrf.CsrfViewMiddleware",\n', XFO), errors: [{ messageId: "missing", line: 1, messageIncludes: "CsrfViewMiddleware" }] },
    { name: "removed with remove()", code: list(SEC, CSRF, XFO) + 'MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")\n', errors: [{ messageId: "missing", line: 1, messageIncludes: "CsrfViewMiddleware" }] },
    { name: "production redefines the list", code: "from .base import *\n" + list(SEC, SESSION, CSRF), context: { [BASE]: list(SEC, CSRF, XFO) }, errors: [{ messageId: "missing", line: 2, messageIncludes: "XFrameOptionsMiddleware" }] },
  ],
});

describe("security-middleware-missing severity", () => {
  it("CSRF is high, the others medium, with distinct fingerprints", () => {
    const findings = runRule(rule, list(SESSION)).findings;
    expect(findings.map((f) => f.severity)).toEqual(["medium", "high", "medium"]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
  });

  it("an empty list, a placeholder filled elsewhere, is low confidence; a written-out list keeps the rule's", () => {
    expect(runRule(rule, "MIDDLEWARE = []\n").findings.map((f) => f.confidence)).toEqual(["low", "low", "low"]);
    expect(runRule(rule, list(SESSION)).findings.map((f) => f.confidence)).toEqual(["high", "high", "high"]);
  });
});

describe("security-middleware-missing behind a shipped web server configuration", () => {
  const nginx = "server {\n    listen 80;\n    include security-headers.conf;\n}\n";
  const headers = "# clickjacking\nadd_header X-Frame-Options SAMEORIGIN always;\nadd_header X-Content-Type-Options nosniff always;\n# add_header Strict-Transport-Security max-age=1;\n";
  const findings = (context: Record<string, string>) =>
    runRule(rule, list(SESSION, CSRF), "mysite/settings/production.py", context).findings.map((f) => `${f.confidence} ${f.messageId}: ${/has no `(\w+)`/.exec(f.message)?.[1]}`);

  it("lists SecurityMiddleware and XFrameOptionsMiddleware at low confidence when the nginx config sets their headers", () => {
    expect(findings({ "docker/nginx/site.conf.template": nginx, "docker/nginx/security-headers.conf": headers })).toEqual([
      "low missingBehindWebServer: SecurityMiddleware",
      "low missingBehindWebServer: XFrameOptionsMiddleware",
    ]);
  });
  it("keeps the finding for a header the web server does not set (a commented-out line does not count)", () => {
    expect(findings({ "nginx/default.conf": "server {\n    # add_header X-Frame-Options DENY;\n    add_header Strict-Transport-Security max-age=31536000;\n}\n" })).toEqual([
      "low missingBehindWebServer: SecurityMiddleware",
      "high missing: XFrameOptionsMiddleware",
    ]);
  });
  it("never relaxes the CSRF middleware, and ignores files that are not web server configurations", () => {
    expect(runRule(rule, list(SEC, SESSION, XFO), "mysite/settings/production.py", { "nginx/default.conf": headers }).findings.map((f) => f.confidence)).toEqual(["high"]);
    expect(findings({ "docs/headers.md": headers })).toEqual([
      "high missing: SecurityMiddleware",
      "high missing: XFrameOptionsMiddleware",
    ]);
  });
});

describe("security-middleware-missing: a project class that extends Django's", () => {
  const TENANT = '    "tenant.middleware.TenantCsrfMiddleware",\n';
  const missing = (module: Record<string, string>, item = TENANT) =>
    runRule(rule, list(SEC, SESSION, item, XFO), "mysite/settings.py", module).findings.map((f) => /has no `(\w+)`/.exec(f.message)?.[1]);
  const widening =
    "from django.middleware.csrf import CsrfViewMiddleware\n\nclass TenantCsrfMiddleware(CsrfViewMiddleware):\n    def _origin_verified(self, request):\n        if super()._origin_verified(request):\n            return True\n        return request.META.get('HTTP_ORIGIN') in self.tenant_origins(request)\n\n    def tenant_origins(self, request):\n        return set()\n";

  it("counts a subclass of CsrfViewMiddleware whose overrides call super()", () => {
    expect(missing({ "tenant/middleware.py": widening })).toEqual([]);
    expect(missing({ "src/tenant/middleware.py": widening })).toEqual([]);
    // Through a project base class in another module, and with the module's path written out in the base.
    expect(missing({ "core/csrf.py": "from django.middleware import csrf\n\nclass BaseCsrf(csrf.CsrfViewMiddleware):\n    pass\n", "tenant/middleware.py": "from core.csrf import BaseCsrf\n\nclass TenantCsrfMiddleware(BaseCsrf):\n    pass\n" })).toEqual([]);
    expect(missing({ "tenant/middleware/__init__.py": "from django.middleware.csrf import (\n    CsrfViewMiddleware,\n)\n\nclass TenantCsrfMiddleware(CsrfViewMiddleware):\n    pass\n" })).toEqual([]);
  });

  it("keeps the finding when an override skips super() (the check may be off), or the class is not Django's", () => {
    const disabling = "from django.middleware.csrf import CsrfViewMiddleware\n\nclass TenantCsrfMiddleware(CsrfViewMiddleware):\n    def process_view(self, request, callback, callback_args, callback_kwargs):\n        return None\n";
    expect(missing({ "tenant/middleware.py": disabling })).toEqual(["CsrfViewMiddleware"]);
    const rejectNothing = "from django.middleware.csrf import CsrfViewMiddleware\n\nclass TenantCsrfMiddleware(CsrfViewMiddleware):\n    def _reject(self, request, reason):\n        return None\n";
    expect(missing({ "tenant/middleware.py": rejectNothing })).toEqual(["CsrfViewMiddleware"]);
    // A project class of the same base name that is not Django's, a class the module does not define, no module at all.
    expect(missing({ "tenant/middleware.py": "from tenant.base import CsrfViewMiddleware\n\nclass TenantCsrfMiddleware(CsrfViewMiddleware):\n    pass\n" })).toEqual(["CsrfViewMiddleware"]);
    expect(missing({ "tenant/middleware.py": widening }, '    "tenant.middleware.OtherMiddleware",\n')).toEqual(["CsrfViewMiddleware"]);
    expect(missing({})).toEqual(["CsrfViewMiddleware"]);
    // A subclass of CsrfViewMiddleware does not stand in for XFrameOptionsMiddleware.
    expect(runRule(rule, list(SEC, SESSION, TENANT), "mysite/settings.py", { "tenant/middleware.py": widening }).findings.map((f) => /has no `(\w+)`/.exec(f.message)?.[1])).toEqual(["XFrameOptionsMiddleware"]);
  });
});
