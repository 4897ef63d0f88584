import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./csrf-exempt-view.js";

const withImport = "from django.views.decorators.csrf import csrf_exempt\n";

testRule(rule, {
  valid: [
    { name: "SessionAuthentication that still checks CSRF", code: "from rest_framework.authentication import SessionAuthentication\nclass Auth(SessionAuthentication):\n    def enforce_csrf(self, request):\n        if request.path.startswith('/api/hook/'):\n            return\n        return super().enforce_csrf(request)\n" },
    { name: "enforce_csrf of another class", code: "class Checker:\n    def enforce_csrf(self, request):\n        pass\n" },
    {
      name: "URLconf wrapping an imported view that verifies an HMAC",
      path: "shop/urls.py",
      code: withImport + "from django.urls import path\nfrom shop.hooks import stripe_hook\nurlpatterns = [path('hook/', csrf_exempt(stripe_hook))]\n",
      context: { "shop/hooks.py": "import hmac\ndef stripe_hook(request):\n    if not hmac.compare_digest(request.headers['X-Sig'], sign(request.body)):\n        return HttpResponseForbidden()\n" },
    },
    { name: "URLconf wrapping a class of the same module with authentication classes", path: "shop/urls.py", code: withImport + "class Hook(View):\n    authentication_classes = [TokenAuthentication]\n    def post(self, request):\n        request.user.do()\nurlpatterns = [path('h/', csrf_exempt(Hook.as_view()))]\n" },
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
      name: "SessionAuthentication with the CSRF check turned off",
      code: "from rest_framework.authentication import SessionAuthentication\nclass CsrfExemptSessionAuthentication(SessionAuthentication):\n    def enforce_csrf(self, request):\n        return  # To not perform the csrf check\n",
      errors: [{ messageId: "sessionCsrfOff", line: 3, messageIncludes: "`CsrfExemptSessionAuthentication`" }],
    },
    {
      name: "wrapped around a view in a URLconf",
      code: withImport + "from django.urls import path\nfrom . import views\nurlpatterns = [\n    path('hook/', csrf_exempt(views.hook)),\n    path('pay/', csrf_exempt(PayView.as_view())),\n]\n",
      errors: [{ messageId: "exemptView", line: 5, messageIncludes: "`views.hook`" }, { messageId: "exemptView", line: 6, messageIncludes: "`PayView`" }],
    },
    {
      name: "wrapped through an aliased import or the module",
      code: "from django.views.decorators.csrf import csrf_exempt as no_csrf\nfrom django.views.decorators import csrf\nfrom django.urls import path\nfrom . import views\nurlpatterns = [\n    path('a/', no_csrf(views.a)),\n    path('b/', csrf.csrf_exempt(views.b)),\n    path('c/', views.wrap(views.c)),\n]\n",
      errors: [{ messageId: "exemptView", line: 6, messageIncludes: "`views.a`" }, { messageId: "exemptView", line: 7, messageIncludes: "`views.b`" }],
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

// Where the wrapped view is defined decides the confidence: acting for the session's user is worth a comment,
// a REST framework view (already exempt, CSRF checked by SessionAuthentication) or an unseen one only a look.
describe("csrf-exempt-view in a URLconf: the wrapped view's evidence", () => {
  const urls = withImport + "from django.urls import path\nfrom .views import AddTaxon, MergeSites, Other\nurlpatterns = [\n    path('a/', csrf_exempt(AddTaxon.as_view())),\n    path('m/', csrf_exempt(MergeSites.as_view())),\n    path('o/', csrf_exempt(Other.as_view())),\n]\n";
  const views =
    "class AddTaxon(LoginRequiredMixin, View):\n    def post(self, request):\n        Taxon.objects.create(name=request.POST['name'], owner=request.user)\n\n" +
    "class MergeSites(APIView):\n    def put(self, request):\n        merge(request.data, request.user)\n\n" +
    "class Other(View):\n    def post(self, request):\n        log(request.body)\n";
  const found = () => runRule(rule, urls, "shop/urls.py", { "shop/views.py": views }).findings.map((f) => [f.line, f.messageId, f.confidence]);

  it("a session-using view of an imported module keeps the rule's confidence", () => {
    expect(found()).toContainEqual([5, "exemptView", "high"]);
  });
  it("a REST framework view is reported as a redundant exemption, low", () => {
    expect(found()).toContainEqual([6, "exemptApiView", "low"]);
  });
  it("a view that shows no session use is low", () => {
    expect(found()).toContainEqual([7, "exemptView", "low"]);
  });
  it("without the view's module the finding is low", () => {
    expect(runRule(rule, urls, "shop/urls.py").findings.map((f) => f.confidence)).toEqual(["low", "low", "low"]);
  });
  it("two definitions of the name that disagree: low", () => {
    const code = withImport + "from django.urls import path\nfrom shop import hooks\nurlpatterns = [path('h/', csrf_exempt(hooks.hook))]\n";
    const context = {
      "shop/hooks.py": "def hook(request):\n    request.user.pay()\n",
      "legacy/hooks.py": "import hmac\ndef hook(request):\n    if not hmac.compare_digest(request.headers['X-Sig'], sign(request.body)):\n        return HttpResponseForbidden()\n",
    };
    expect(runRule(rule, code, "shop/urls.py", context).findings.map((f) => f.confidence)).toEqual(["low"]);
  });
  it("a session-using class of the same module keeps the rule's confidence", () => {
    const code = withImport + "class Pay(View):\n    def post(self, request):\n        charge(request.user)\nurlpatterns = [path('p/', csrf_exempt(Pay.as_view()))]\n";
    expect(runRule(rule, code, "shop/urls.py").findings.map((f) => [f.line, f.confidence])).toEqual([[5, "high"]]);
  });
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
  it("a @psa view that hands the request to social_django's complete view is low", () => {
    const psa = "from django.conf import settings\nfrom social_django.utils import psa\nfrom social_django.views import complete\n";
    expect(
      confidence(
        withImport + psa + "@csrf_exempt\n@psa(f'{settings.SOCIAL_AUTH_URL_NAMESPACE}:complete')\ndef oauth_complete(request, backend, *args, **kwargs):\n" +
          "    response = complete(request, backend, *args, **kwargs)\n    request.session.set_expiry(86400)\n    return response\n",
      ),
    ).toEqual(["5:low"]);
  });
  it("a @psa view that does not finish the social login, or a complete() without @psa, keeps its confidence", () => {
    const psa = "from social_django.utils import psa\n";
    expect(confidence(withImport + psa + "@csrf_exempt\n@psa('social:complete')\ndef disconnect(request, backend):\n    request.user.social_auth.filter(provider=backend).delete()\n")).toEqual(["3:high"]);
    expect(confidence(withImport + "@csrf_exempt\ndef finish(request, order_id):\n    order = request.user.orders.get(pk=order_id)\n    return complete(request, order)\n")).toEqual(["2:high"]);
  });
  it("a session view named complete that finishes no social login keeps its confidence", () => {
    expect(confidence(withImport + "@csrf_exempt\ndef complete(request, order_id):\n    order = request.user.orders.get(pk=order_id)\n    order.complete()\n")).toEqual(["2:high"]);
  });
});

describe("csrf-exempt-view: what the view's definition shows", () => {
  const conf = (code: string) => runRule(rule, withImport + code).findings.map((f) => `${f.line}:${f.confidence}`);
  const session = "    request.user.profile.save()\n";

  it("a view that only answers safe methods is no finding", () => {
    expect(conf(`from django.views.decorators.http import require_http_methods\n@csrf_exempt\n@login_required\n@require_http_methods(["GET"])\ndef v(request):\n${session}`)).toEqual([]);
    expect(conf(`from django.views.decorators.http import require_GET, require_safe\n@csrf_exempt\n@require_GET\ndef v(request):\n${session}@csrf_exempt\n@require_safe\ndef w(request):\n${session}`)).toEqual([]);
    expect(conf(`from django.utils.decorators import method_decorator\n@method_decorator(csrf_exempt, name="dispatch")\nclass V(View):\n    http_method_names = ["get", "head"]\n    def get(self, request):\n        request.user.x()\n`)).toEqual([]);
  });

  it("a view that also answers POST, or whose method list is not literal, is still reported", () => {
    expect(conf(`from django.views.decorators.http import require_http_methods\n@csrf_exempt\n@require_http_methods(["GET", "POST"])\ndef v(request):\n${session}`)).toEqual(["3:high"]);
    expect(conf(`from django.views.decorators.http import require_http_methods\n@csrf_exempt\n@require_http_methods(METHODS)\ndef v(request):\n${session}`)).toEqual(["3:high"]);
    // A local function of the same name is not Django's.
    expect(conf(`def require_GET(f):\n    return f\n@csrf_exempt\n@require_GET\ndef v(request):\n${session}`)).toEqual(["4:high"]);
    expect(conf(`from django.utils.decorators import method_decorator\n@method_decorator(csrf_exempt, name="dispatch")\nclass V(View):\n    http_method_names = ["get", "post"]\n    def post(self, request):\n        request.user.x()\n`)).toEqual(["3:high"]);
  });

  it("a view that runs the CSRF check itself, or demands X-Requested-With, is low", () => {
    const own =
      'from django.utils.decorators import method_decorator\nfrom django.views.decorators.csrf import csrf_protect\n@method_decorator(csrf_exempt, name="dispatch")\nclass MakeRequest(FormView):\n' +
      "    def post(self, request):\n        if not self.csrf_valid():\n            return self.form_invalid(form)\n        request.user.make()\n    def csrf_valid(self):\n        @csrf_protect\n        def fake_view(request):\n            return None\n        return not bool(fake_view(self.request))\n";
    expect(conf(own)).toEqual(["4:low"]);
    expect(conf(`from django.views.decorators.http import require_POST\n@csrf_exempt\n@require_POST\n@utils.require_AJAX\ndef entities(request):\n${session}`)).toEqual(["3:low"]);
    expect(conf(`@csrf_exempt\ndef v(request):\n    if request.headers.get("x-requested-with") != "XMLHttpRequest":\n        raise Http404\n${session}`)).toEqual(["2:low"]);
  });

  it("a view that first turns away requests its HTTP Digest/Basic authenticator rejects is low; a conditional check is not", () => {
    const digest = "    authenticator = HttpDigestAuthenticator()\n    if not authenticator.authenticate(request):\n        return authenticator.build_challenge_response()\n";
    expect(conf(`@csrf_exempt\ndef upload(request, username):\n    form_user = get_object_or_404(User, username=username)\n${digest}    if form_user != request.user:\n        return HttpResponseForbidden()\n`)).toEqual(["2:low"]);
    const conditional = `@csrf_exempt\ndef submission(request, username):\n    if profile.require_auth:\n    ${digest.replace(/\n    /g, "\n        ")}    request.user.submit()\n`;
    expect(conf(conditional)).toEqual(["2:high"]);
    // Django's authenticate() with form credentials is a login, not header authentication.
    expect(conf(`@csrf_exempt\ndef v(request):\n    if not authenticate(request, username=request.POST["u"], password=request.POST["p"]):\n        return HttpResponseForbidden()\n${session}`)).toEqual(["2:high"]);
  });
});

// A class-based view answers only the methods it (or an ancestor) has a handler for: a POST to a display view gets
// 405 before any code runs, so csrf_exempt on it exposes nothing.
describe("csrf-exempt-view on class-based views: which methods the class hierarchy answers", () => {
  const conf = (code: string, context: Record<string, string> = {}) =>
    runRule(rule, withImport + "from django.utils.decorators import method_decorator\nfrom django.contrib.auth.decorators import login_required\n" + code, "shop/views.py", context).findings.map((f) => `${f.line}:${f.confidence}`);
  const dispatch = "    @method_decorator(csrf_exempt)\n    @method_decorator(login_required)\n    def dispatch(self, *args, **kwargs):\n        return super().dispatch(*args, **kwargs)\n";
  const get = "    def get(self, request, *args, **kwargs):\n        request.user.orders.filter(seen=False).update(seen=True)\n        return super().get(request, *args, **kwargs)\n";

  it("a view whose class and ancestors only answer GET (Django's display views, classes of this module or of the project) is no finding", () => {
    expect(conf(`from django.views.generic import DetailView\nclass Receipt(DetailView):\n${dispatch}${get}`)).toEqual([]);
    expect(conf(`from django.views import generic\n@method_decorator(csrf_exempt, name="dispatch")\nclass Receipt(generic.ListView):\n${get}`)).toEqual([]);
    expect(conf(`from django.views.generic import TemplateView\nfrom django.contrib.auth.mixins import LoginRequiredMixin\nclass Page(TemplateView):\n    template_name = "p.html"\nclass Receipt(LoginRequiredMixin, Page):\n${dispatch}${get}`)).toEqual([]);
    expect(conf(`from django.views.generic.base import RedirectView\n@method_decorator(csrf_exempt, name="dispatch")\nclass Back(RedirectView):\n${get}`)).toEqual([]);
    const base = { "shop/display.py": "from django.views.generic import DetailView\nfrom .mixins import OrderMixin\nclass OrderDisplay(OrderMixin, DetailView):\n    template_name = 'o.html'\n", "shop/mixins.py": "class OrderMixin:\n    def get_queryset(self):\n        return self.request.user.orders.all()\n" };
    expect(conf(`from shop.display import OrderDisplay\nclass Receipt(OrderDisplay):\n${dispatch}${get}`, base)).toEqual([]);
    expect(conf(`from shop.display import *\nclass Receipt(OrderDisplay):\n${dispatch}${get}`, base)).toEqual([]);
  });

  it("a view with a POST handler on the way (its own, an ancestor's, a form view's) or a dispatch of its own stays reported", () => {
    expect(conf(`from django.views.generic import FormView\nclass Receipt(FormView):\n${dispatch}${get}`)).toEqual(["6:high"]);
    expect(conf(`from django.views.generic import TemplateView\nclass Page(TemplateView):\n    def post(self, request):\n        return self.get(request)\nclass Receipt(Page):\n${dispatch}${get}`)).toEqual(["9:high"]);
    const base = { "shop/display.py": "from django.views.generic import DetailView\nclass OrderDisplay(DetailView):\n    def post(self, request, *a, **k):\n        self.get_object().cancel()\n" };
    expect(conf(`from shop.display import OrderDisplay\nclass Receipt(OrderDisplay):\n${dispatch}${get}`, base)).toEqual(["6:high"]);
    // A mixin that exempts the dispatch of every view it is mixed into reaches no view: its subclasses decide.
    expect(conf(`class CsrfExemptMixin(object):\n${dispatch}`)).toEqual(["5:high"]);
    expect(conf(`from django.views.generic import DetailView\n@method_decorator(csrf_exempt, name="dispatch")\nclass Receipt(DetailView):\n    def dispatch(self, request, *a, **k):\n        request.user.orders.create(note=request.POST["n"])\n        return HttpResponse("ok")\n`)).toEqual(["5:high"]);
  });

  it("a view that only defines GET over an ancestor out of sight (a third-party view) is low; one with no handler of its own keeps its confidence", () => {
    expect(conf(`from oscar.apps.checkout.views import ThankYouView\nclass Receipt(ThankYouView):\n${dispatch}${get}`)).toEqual(["6:low"]);
    expect(conf(`from oscar.apps.checkout.views import *\nclass Receipt(ThankYouView):\n${dispatch}${get}`)).toEqual(["6:low"]);
    // A project class named like the library class it extends: its base is the library's, out of sight.
    const fork = { "shop/checkout.py": "from oscar.apps.checkout import views\nclass ThankYouView(views.ThankYouView):\n    template_name = 't.html'\n" };
    expect(conf(`from shop.checkout import ThankYouView\nclass Receipt(ThankYouView):\n${dispatch}${get}`, fork)).toEqual(["6:low"]);
    expect(conf(`from payments.views import WebhookView\nclass Hook(WebhookView):\n${dispatch}    def handle(self, event):\n        self.request.user.pay(event)\n`)).toEqual(["6:high"]);
  });
});

describe("csrf-exempt-view on a view that only stores its own keys in the session", () => {
  const conf = (body: string) => runRule(rule, withImport + "@csrf_exempt\ndef v(request):\n" + body).findings.map((f) => `${f.line}:${f.confidence}`);
  it("is low when the session write is the view's only tie to the browser's credentials", () => {
    expect(conf("    sorting = request.POST.get('sorting', '')\n    if sorting == '' and 'sorting' in request.session:\n        del request.session['sorting']\n    else:\n        request.session['sorting'] = sorting\n    return redirect('/')\n")).toEqual(["2:low"]);
  });
  it("keeps its confidence when the view reads the session or acts as the user", () => {
    expect(conf("    cart = Cart.objects.get(pk=request.session['cart_id'])\n    cart.items.add(request.POST['item'])\n")).toEqual(["2:high"]);
    expect(conf("    request.session['sorting'] = request.POST['s']\n    request.user.profile.save()\n")).toEqual(["2:high"]);
    expect(conf("    request.session['org'] = request.POST['org']\n    return redirect(request.session.get('next', '/'))\n")).toEqual(["2:high"]);
  });
});

describe("csrf-exempt-view: a function view that never reads the request body or method", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  const callback = (read: string) => `from django.views.decorators.csrf import csrf_exempt
from django.shortcuts import redirect

@csrf_exempt
def complete_google_auth(request):
    state = request.session.get("state")
    flow = make_flow(state=state, verifier=request.session["code_verifier"])
    flow.fetch_token(code=${read})
    request.user.google_token = flow.credentials.token
    request.user.save()
    return redirect("admin:index")
`;
  it("is low for an OAuth-style callback reading only the query string; the rule's confidence when it reads the POST body", () => {
    expect(conf(callback('request.GET.get("code")'))).toEqual(["4:low"]);
    expect(conf(callback('request.POST.get("code")'))).toEqual([`4:${rule.confidence}`]);
  });
});

describe("csrf-exempt-view: a view that only reads and answers", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  const head = "from django.views.decorators.csrf import csrf_exempt\nfrom django.contrib.auth.decorators import login_required\nfrom django.http import HttpResponse\nimport json\n";
  const poll = (extra: string) => `${head}
@csrf_exempt
@login_required
def import_get_status(request, mimport_id):
    mimport = get_object_or_404(MembershipImport, pk=mimport_id)
    if not has_import_perm(request.user, mimport):
        raise Http403
    status = {"status": mimport.status, "rows": str(mimport.total_rows)}
    if mimport.status == "completed":
        status["inserted"] = mimport.summary.split(",")[0].split(":")[1]
${extra}    return HttpResponse(json.dumps(status), content_type="application/json")
`;
  const price = (use: string) => `${head}
@csrf_exempt
@login_required
def query_price(request):
    pricing = get_object_or_404(Pricing, pk=request.POST.get("pricing_id", 0))
    ${use}
    return HttpResponse(json.dumps({"price": price}))
`;

  it("is low for a status poll or a price lookup whose every call fetches, tests or answers", () => {
    expect(conf(poll(""))).toEqual(["6:low"]);
    expect(conf(price('price = pricing.get_price_for_user(request.user, list_type=request.POST.get("list_type", ""))'))).toEqual(["6:low"]);
  });

  it("keeps the rule's confidence when the view saves, calls something named for an action, or writes the request's session or user", () => {
    expect(conf(poll("        mimport.status = 'seen'\n        mimport.save()\n"))).toEqual(["6:high"]);
    expect(conf(poll("        mimport.registrant.assign_credits(request.user)\n"))).toEqual(["6:high"]);
    expect(conf(poll("        process_import(mimport)\n"))).toEqual(["6:high"]);
    expect(conf(poll("        request.session['last_import'] = mimport.pk\n"))).toEqual(["6:high"]);
    expect(conf(price("price = Pricing.objects.get_or_create(user=request.user)[0].price"))).toEqual(["6:high"]);
    expect(conf(price("price = pricing.price\n    Pricing.objects.filter(pk=pricing.pk).update(hits=1)"))).toEqual(["6:high"]);
    expect(conf(price("price = getattr(pricing, request.POST['action'])()"))).toEqual(["6:high"]);
  });
});

describe("csrf-exempt-view: an API that authenticates each request with the credentials it carries", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  const api = (auth: string, after = "") => `from django.views.decorators.csrf import csrf_exempt
from django.contrib.auth import authenticate, login

@csrf_exempt
def api(request, method):
    if request.method != "POST":
        return api_return(405)
${auth}
    if request.user is None:
        return api_return(403)
${after}    return API(request).call(method)
`;
  it("is low when the view replaces the session's user with the one the posted password authenticates", () => {
    expect(conf(api("    request.user = authenticate(request=request, username=request.POST.get('user'), password=request.POST.get('password'))"))).toEqual(["4:low"]);
  });
  it("keeps the rule's confidence when the view logs the authenticated user in, or never asks for a password", () => {
    expect(conf(api("    request.user = authenticate(request=request, username=request.POST.get('user'), password=request.POST.get('password'))", "    login(request, request.user)\n"))).toEqual(["4:high"]);
    expect(conf(api("    request.user = request.user if request.user.is_authenticated else None"))).toEqual(["4:high"]);
    expect(conf(api("    request.user = authenticate(request=request, username=request.POST.get('user'), password=settings.API_PASSWORD)"))).toEqual(["4:high"]);
  });
});

describe("csrf-exempt-view: a read-only view must answer with a response", () => {
  const conf = (body: string) => runRule(rule, "from django.views.decorators.csrf import csrf_exempt\n@csrf_exempt\ndef hook(request):\n" + body).findings.map((f) => `${f.line}:${f.confidence}`);
  it("is low when every return is a response; keeps its confidence when a return hands back something else", () => {
    expect(conf("    return JsonResponse({'pk': request.user.pk})\n")).toEqual(["2:low"]);
    expect(conf("    return request.user.pk\n")).toEqual(["2:high"]);
  });
});

describe("csrf-exempt-view: an API that authenticates by a per-user secret in the request body or query", () => {
  const conf = (code: string, context?: Record<string, string>) => runRule(rule, code, "submit/views.py", context).findings.map((f) => `${f.line}:${f.confidence}`);
  const view = (auth: string, after = "    request.user.submissions.create(file=request.FILES['file'])\n") =>
    `${withImport}from django.views.decorators.http import require_POST\n\n@csrf_exempt\n@require_POST\ndef submit(request):\n${auth}${after}    return JsonResponse({'ok': True})\n`;
  it("is low when the view looks the posted token up and acts as its user", () => {
    const token = "    token = request.POST['token']\n    found = SubmitToken.objects.filter(token=token)\n    if not found.exists():\n        raise PermissionDenied()\n    request.user = found[0].user\n";
    expect(conf(view(token))).toEqual(["4:low"]);
    // A JSON body, a query-string key, a lookup by `key=` straight from the request.
    expect(conf(view("    data = json.loads(request.body)\n    request.user = ApiKey.objects.get(key=data.get('api_key')).user\n"))).toEqual(["4:low"]);
    expect(conf(view("    request.user = get_object_or_404(Token, key=request.GET.get('key', '')).user\n"))).toEqual(["4:low"]);
  });
  it("is low when a helper or decorator one hop away does the lookup", () => {
    const helpers = "def token_required(view):\n    def wrapped(request, *args, **kwargs):\n        token = request.POST.get('auth_token', '')\n        try:\n            request.user = Token.objects.get(key=token).user\n        except Token.DoesNotExist:\n            return HttpResponseForbidden()\n        return view(request, *args, **kwargs)\n    return wrapped\n\ndef token_user(request):\n    return Token.objects.get(token=request.POST['token']).user\n";
    const decorated = `${withImport}from submit.auth import token_required\n\n@csrf_exempt\n@token_required\ndef submit(request):\n    request.user.submissions.create(file=request.FILES['file'])\n`;
    expect(conf(decorated, { "submit/auth.py": helpers })).toEqual(["4:low"]);
    expect(conf(view("    request.user = token_user(request)\n"), { "submit/auth.py": helpers })).toEqual(["4:low"]);
  });
  it("keeps its confidence when the token only finds an object and the view still acts as the session's user", () => {
    // An invitation accepted by the signed-in user: a forged POST with the attacker's own token acts for the victim.
    expect(conf(view("    invite = Invitation.objects.get(token=request.POST['token'])\n", "    invite.accept(request.user)\n"))).toEqual(["4:high"]);
    // A helper that looks a token up, but the view never replaces the session's user with its result.
    const helpers = "def token_user(request):\n    return Token.objects.get(token=request.POST['token']).user\n";
    expect(conf(view("    owner = token_user(request)\n", "    request.user.follow(owner)\n"), { "submit/auth.py": helpers })).toEqual(["4:high"]);
  });
  it("keeps its confidence when the posted value is no secret, or is the CSRF token, or is not used to look anything up", () => {
    expect(conf(view("    request.user = User.objects.get(username=request.POST['username'])\n"))).toEqual(["4:high"]);
    expect(conf(view("    t = request.POST['csrfmiddlewaretoken']\n    request.user = Session.objects.get(key=t).user\n"))).toEqual(["4:high"]);
    expect(conf(view("    token = request.POST['token']\n    log.info('token %s', token)\n"))).toEqual(["4:high"]);
    // The token looked up, but `request.user` stays the session's.
    expect(conf(view("    Token.objects.get(key=request.POST['token'])\n"))).toEqual(["4:high"]);
  });
});

describe("csrf-exempt-view: a view that runs Django's CSRF check itself through a helper", () => {
  const conf = (code: string, context?: Record<string, string>) => runRule(rule, code, "idp/views.py", context).findings.map((f) => `${f.line}:${f.confidence}`);
  const enforce = "def _enforce_csrf(request):\n    reason = CsrfViewMiddleware(get_response=lambda r: HttpResponseForbidden()).process_view(request, lambda *a, **k: HttpResponse(), (), {})\n    if reason:\n        return HttpResponseForbidden(reason)\n    return None\n";
  const view = (helpers: string) =>
    `${withImport}from django.middleware.csrf import CsrfViewMiddleware\nfrom django.utils.decorators import method_decorator\n${helpers}\n@method_decorator(csrf_exempt, name="dispatch")\nclass AuthorizationView(View):\n    def post(self, request):\n        if 'request' not in request.POST:\n            return redirect(request.POST.get('redirect_uri'))\n        refused = _enforce_csrf(request)\n        if refused:\n            return refused\n        return grant(request.user, request.POST)\n`;
  const line = (code: string) => code.split("\n").findIndex((l) => l.startsWith("@method_decorator")) + 1;
  it("is low when the view calls a helper of its module or project that runs the middleware's check", () => {
    const code = view(enforce);
    expect(conf(code)).toEqual([`${line(code)}:low`]);
    const imported = view("from idp.csrf import _enforce_csrf\n");
    expect(conf(imported, { "idp/csrf.py": "from django.middleware.csrf import CsrfViewMiddleware\n" + enforce })).toEqual([`${line(imported)}:low`]);
    const protect = view("def _enforce_csrf(request):\n    return csrf_protect(lambda r: None)(request)\n");
    expect(conf(protect)).toEqual([`${line(protect)}:low`]);
  });
  it("keeps its confidence when the helper of that name runs no CSRF check", () => {
    const code = view("def _enforce_csrf(request):\n    return None if request.user.is_authenticated else HttpResponseForbidden()\n");
    expect(conf(code)).toEqual([`${line(code)}:high`]);
  });
});

describe("csrf-exempt-view: a SAML endpoint whose signed message the SAML library verifies", () => {
  // The line of the decorator, then the confidence.
  const conf = (code: string) => runRule(rule, code, "sso/views.py").findings.map((f) => `${code.split("\n")[f.line - 1].trim()}:${f.confidence}`);
  const acs = (imports: string, body: string) => `${withImport}${imports}\n@csrf_exempt\ndef acs(request):\n${body}`;
  const onelogin = "from onelogin.saml2.auth import OneLogin_Saml2_Auth\n";
  it("is low when the view hands the request to python3-saml or pysaml2, or reads the SAML message with one of them imported", () => {
    // python3-saml: the assertion consumer service and the single logout service.
    expect(conf(acs(onelogin, "    auth = OneLogin_Saml2_Auth(prepare(request), settings.SAML)\n    auth.process_response()\n    login(request, user_for(auth.get_attributes()))\n    return redirect('/')\n"))).toEqual(["@csrf_exempt:low"]);
    expect(conf(acs(onelogin, "    url = OneLogin_Saml2_Auth(prepare(request), settings.SAML).process_slo(delete_session_cb=lambda: logout(request))\n    return redirect(url or '/')\n"))).toEqual(["@csrf_exempt:low"]);
    // pysaml2.
    expect(conf(acs("from saml2 import BINDING_HTTP_POST\nfrom saml2.client import Saml2Client\n", "    resp = client().parse_authn_request_response(request.POST['SAMLResponse'], BINDING_HTTP_POST)\n    login(request, user_for(resp.get_identity()))\n    return redirect('/')\n"))).toEqual(["@csrf_exempt:low"]);
    // A class whose handler calls the library, its dispatch exempt.
    const cls = `${withImport}${onelogin}\nclass Saml2AuthCallbackView(View):\n    def post(self, request):\n        saml = self.init_saml_auth(request)\n        saml.process_response(request_id=request.session.get('AuthNRequestID'))\n        auth.login(request, auth.authenticate(request=request, saml_user_data=saml.get_attributes()))\n        return HttpResponseRedirect('/')\n\n    @csrf_exempt\n    def dispatch(self, *args, **kwargs):\n        return super().dispatch(*args, **kwargs)\n`;
    expect(conf(cls)).toEqual(["@csrf_exempt:low"]);
  });
  it("keeps its confidence when no SAML library verifies the message, or the view does no SAML work", () => {
    // Reads `SAMLResponse`, but nothing verifies it, and the posted fields are written to the session's user.
    const profile = "    assertion = base64.b64decode(request.POST['SAMLResponse'])\n    request.user.profile.display_name = request.POST['name']\n    request.user.profile.save()\n    return redirect('/')\n";
    expect(conf(acs("import base64\n", profile))).toEqual(["@csrf_exempt:high"]);
    // A SAML library in the module, but this view does no SAML work: it edits the user's profile.
    expect(conf(acs(onelogin, "    request.user.email = request.POST['email']\n    request.user.save()\n    return redirect('/')\n"))).toEqual(["@csrf_exempt:high"]);
    // Django middleware's own `process_response` is no SAML call.
    expect(conf(acs("", "    resp = SessionMiddleware(get_response).process_response(request, HttpResponse())\n    request.user.delete()\n    return resp\n"))).toEqual(["@csrf_exempt:high"]);
  });
});

describe("csrf-exempt-view: a class-based view whose POST does what its GET does", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  const view = (handlers: string, bases = "LoginRequiredMixin, View") =>
    `${withImport}from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.utils.decorators import method_decorator\nfrom django.views import View\n\n@method_decorator(csrf_exempt, name="dispatch")\nclass ExportPdfView(${bases}):\n${handlers}\n    def _export(self, request, chart):\n        pdf = export_chart_to_pdf(chart, request.user)\n        return FileResponse(pdf, as_attachment=True)\n`;
  const mirror = "    def get(self, request):\n        chart = request.GET.get('chart')\n        return self._export(request, chart)\n\n    def post(self, request):\n        chart = request.POST.get('chart')\n        return self._export(request, chart)\n";
  it("is low when post reads request.POST where get reads request.GET, returns self.get(...), or is get", () => {
    expect(conf(view(mirror))).toEqual(["6:low"]);
    expect(conf(view("    def get(self, request, *args, **kwargs):\n        return self._export(request, request.GET.get('chart'))\n\n    def post(self, request, *args, **kwargs):\n        return self.get(request, *args, **kwargs)\n"))).toEqual(["6:low"]);
    expect(conf(view("    def get(self, request):\n        return self._export(request, request.GET.get('chart'))\n\n    post = get\n"))).toEqual(["6:low"]);
  });
  it("keeps its confidence when post does something else, another unsafe handler exists, or a base is out of sight", () => {
    const writes = "    def get(self, request):\n        chart = request.GET.get('chart')\n        return self._export(request, chart)\n\n    def post(self, request):\n        chart = request.POST.get('chart')\n        request.user.charts.create(name=chart)\n        return self._export(request, chart)\n";
    expect(conf(view(writes))).toEqual(["6:high"]);
    expect(conf(view(mirror + "\n    def delete(self, request):\n        request.user.charts.all().delete()\n        return HttpResponse()\n"))).toEqual(["6:high"]);
    expect(conf(view(mirror, "LoginRequiredMixin, ThirdPartyExportView"))).toEqual(["6:high"]);
  });
});
