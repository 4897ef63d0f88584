import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./x-xss-protection-header.js";

testRule(rule, {
  valid: [
    { name: "disabled filter", code: 'response["X-XSS-Protection"] = "0"\n' },
    { name: "other security headers", code: 'response["X-Content-Type-Options"] = "nosniff"\nresponse["X-Frame-Options"] = "DENY"\n' },
    { name: "value from a variable", code: 'response["X-XSS-Protection"] = XSS_HEADER\n' },
    { name: "the Django setting belongs to browser-xss-filter-setting", code: "SECURE_BROWSER_XSS_FILTER = True\n", path: "mysite/settings/production.py" },
    { name: "reading the header", code: 'value = request.headers["X-XSS-Protection"]\n' },
  ],
  invalid: [
    {
      name: "the guide's middleware",
      code: 'class SecurityHeaderMiddleware:\n    def __call__(self, request):\n        response = self.get_response(request)\n        response["X-Content-Type-Options"] = "nosniff"\n        response["X-XSS-Protection"] = "1; mode=block"\n        return response\n',
      errors: [{ messageId: "filterEnabled", line: 5, messageIncludes: "1; mode=block" }],
    },
    { name: "plain 1 via headers mapping", code: "response.headers['x-xss-protection'] = '1'\n", errors: [{ messageId: "filterEnabled", line: 1 }] },
    { name: "headers dict", code: 'from django.http import HttpResponse\nr = HttpResponse("", headers={"X-XSS-Protection": "1; mode=block"})\n', errors: [{ messageId: "filterEnabled", line: 2 }] },
    { name: "setdefault", code: 'response.setdefault("X-XSS-Protection", "1; mode=block")\n', errors: [{ messageId: "filterEnabled", line: 1 }] },
  ],
});
