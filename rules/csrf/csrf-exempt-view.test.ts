import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./csrf-exempt-view.js";

const withImport = "from django.views.decorators.csrf import csrf_exempt\n";

testRule(rule, {
  valid: [
    { name: "machine endpoint checking a token header in constant time", code: withImport + "from django.utils.crypto import constant_time_compare\n@csrf_exempt\ndef job_status(request, pk):\n    job = Job.objects.get(pk=pk)\n    if not constant_time_compare(request.headers.get('X-Job-Token', ''), job.token):\n        return HttpResponseForbidden()\n    job.finish(request.body)\n" },
    { name: "webhook verifying an HMAC signature", code: withImport + "import hmac\n@csrf_exempt\ndef hook(request):\n    sent = request.headers['X-Signature']\n    if not hmac.compare_digest(sent, sign(request.body)):\n        return HttpResponseForbidden()\n" },
    { name: "wrapping a module view that checks a signature", code: withImport + "import hmac\ndef hook(request):\n    if not hmac.compare_digest(request.headers['X-Sig'], sign(request.body)):\n        return HttpResponseForbidden()\nhook = csrf_exempt(hook)\n" },
    { name: "a local csrf_exempt wrapper", code: "def csrf_exempt(f):\n    return f\nurlpatterns = [path('x/', csrf_exempt(views.x))]\n" },
    { name: "plain view", code: "def index(request):\n    ...\n" },
    { name: "local helper with the same name", code: "def csrf_exempt(f):\n    return f\n\n@csrf_exempt\ndef index(request):\n    ...\n" },
    { name: "csrf_protect is fine", code: "from django.views.decorators.csrf import csrf_protect\n@csrf_protect\ndef pay(request): ...\n" },
    { name: "method_decorator with login_required", code: "from django.utils.decorators import method_decorator\nfrom django.contrib.auth.decorators import login_required\n@method_decorator(login_required, name='dispatch')\nclass V: ...\n" },
  ],
  invalid: [
    {
      name: "wrapped around a view in a URLconf",
      code: withImport + "from django.urls import path\nfrom . import views\nurlpatterns = [\n    path('hook/', csrf_exempt(views.hook)),\n    path('pay/', csrf_exempt(PayView.as_view())),\n]\n",
      errors: [{ messageId: "exemptView", line: 5, messageIncludes: "`views.hook`" }, { messageId: "exemptView", line: 6, messageIncludes: "`PayView`" }],
    },
    { name: "rebinding a view in its module", code: withImport + "def pay(request):\n    charge(request.POST)\npay = csrf_exempt(pay)\n", errors: [{ messageId: "exemptView", line: 4 }] },
    { name: "token compared with ==", code: withImport + "@csrf_exempt\ndef hook(request):\n    if request.headers.get('X-Token') != settings.HOOK_TOKEN:\n        return HttpResponseForbidden()\n", errors: [{ messageId: "exemptView", line: 2 }] },
    { name: "a constant-time check in another view does not count", code: withImport + "@csrf_exempt\ndef pay(request):\n    charge(request.POST)\n\ndef other(request):\n    return constant_time_compare(a, b)\n", errors: [{ messageId: "exemptView", line: 2 }] },
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

describe("csrf-exempt-view on social login callbacks", () => {
  const confidence = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  it("a python-social-auth or allauth callback (the OAuth state stands in for the token) is low", () => {
    expect(
      confidence(
        withImport +
          "from social_core.actions import do_complete\n@csrf_exempt\ndef complete(request, backend, *args, **kwargs):\n" +
          "    return do_complete(request.backend, do_login, user=request.user, redirect_name='next', request=request)\n",
      ),
    ).toEqual(["3:low"]);
    expect(
      confidence(withImport + "from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView\n@csrf_exempt\ndef callback(request):\n    request.session['via'] = 'sso'\n    return OAuth2CallbackView.adapter_view(MyAdapter)(request)\n"),
    ).toEqual(["3:low"]);
  });
  it("a session view named complete that finishes no social login keeps its confidence", () => {
    expect(confidence(withImport + "@csrf_exempt\ndef complete(request, order_id):\n    order = request.user.orders.get(pk=order_id)\n    order.complete()\n")).toEqual(["2:high"]);
  });
});
