import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./csrf-exempt-view.js";

const withImport = "from django.views.decorators.csrf import csrf_exempt\n";

testRule(rule, {
  valid: [
    { name: "plain view", code: "def index(request):\n    ...\n" },
    { name: "local helper with the same name", code: "def csrf_exempt(f):\n    return f\n\n@csrf_exempt\ndef index(request):\n    ...\n" },
    { name: "csrf_protect is fine", code: "from django.views.decorators.csrf import csrf_protect\n@csrf_protect\ndef pay(request): ...\n" },
    { name: "method_decorator with login_required", code: "from django.utils.decorators import method_decorator\nfrom django.contrib.auth.decorators import login_required\n@method_decorator(login_required, name='dispatch')\nclass V: ...\n" },
  ],
  invalid: [
    { name: "imported decorator", code: withImport + "@csrf_exempt\ndef pay(request): ...\n", errors: [{ messageId: "exemptView", line: 2, messageIncludes: "`pay`" }] },
    { name: "aliased import", code: "from django.views.decorators.csrf import csrf_exempt as no_csrf\n@no_csrf\ndef pay(request): ...\n", errors: [{ messageId: "exemptView", line: 2 }] },
    { name: "dotted path", code: "import django\n@django.views.decorators.csrf.csrf_exempt\ndef pay(r): ...\n", errors: [{ messageId: "exemptView", line: 2 }] },
    {
      name: "method_decorator on a class-based view",
      code: withImport + "from django.utils.decorators import method_decorator\n@method_decorator(csrf_exempt, name='dispatch')\nclass Hook(View): ...\n",
      errors: [{ messageId: "exemptView", line: 3, messageIncludes: "`Hook`" }],
    },
    {
      name: "method_decorator on dispatch",
      code: withImport + "from django.utils.decorators import method_decorator\nclass Hook(View):\n    @method_decorator(csrf_exempt)\n    def dispatch(self, *a, **k): ...\n",
      errors: [{ messageId: "exemptView", line: 4 }],
    },
  ],
});
