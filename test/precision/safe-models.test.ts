// Issue 11: each shape Django already makes safe is no finding, and its unsafe look-alike is still reported;
// a finding's confidence comes from the evidence in sight (request data: high; origin unseen: low).
import { runRule } from "../helpers/test-rule.js";
import { allRules } from "../../rules/index.js";
import type { Rule } from "../../src/core/analysis/define-rule.js";
import { buildProjectIndex, originOf, templateValueOrigin } from "../../src/core/analysis/project-index.js";

const rule = (id: string): Rule => allRules.find((r) => r.id === id)!;
const found = (id: string, code: string, path?: string, context?: Record<string, string>) =>
  runRule(rule(id), code, path, context).findings.map((f) => ({ line: f.line, confidence: f.confidence }));

const ms = "from django.utils.safestring import mark_safe\nfrom django.utils.html import escape, format_html\n";

describe("mark_safe: already-safe HTML producers", () => {
  it.each([
    ["str() of format_html", ms + "def f(v):\n    html = str(format_html('<code>{}</code>', v))\n    return mark_safe(html)\n"],
    ["a widget's render()", ms + "def f(self, obj, widget):\n    tags = widget.render(name='t', value=obj.tags)\n    return mark_safe(f'<span>{tags}</span>')\n"],
    ["a bound field's label_tag and as_hidden", ms + "def f(form):\n    return mark_safe(form['a'].label_tag() + form['b'].as_hidden())\n"],
    ["reverse() and get_absolute_url()", ms + "from django.urls import reverse\ndef f(obj):\n    return mark_safe(f'<a href=\"{reverse(\"x\")}\">1</a><a href=\"{obj.get_absolute_url()}\">2</a>')\n"],
    ["pygments highlight", ms + "from pygments import highlight\ndef f(code, lexer, fmt):\n    return mark_safe(highlight(code, lexer, fmt))\n"],
    ["lxml Cleaner().clean_html", ms + "from lxml.html.clean import Cleaner\ndef f(body):\n    return mark_safe(Cleaner().clean_html(body))\n"],
    ["a same-module helper that escapes, called with literals", ms + "def icon(name, title):\n    return '<i class=\"fa-' + name + '\" title=\"' + title + '\"></i>'\ndef origin(v):\n    return mark_safe(icon('globe', 'Outsourced'))\n"],
    ["a same-module helper built on format_html, called with any value", ms + "def badge(label):\n    return format_html('<b>{}</b>', label)\ndef f(obj):\n    return mark_safe(badge(obj.name))\n"],
  ])("%s: no finding", (_name, code) => {
    expect(found("mark-safe-untrusted", code)).toEqual([]);
  });

  it("an escaped value beside an unescaped request value is still reported, at high confidence", () => {
    const code = ms + "def v(request):\n    a = request.GET['a']\n    return mark_safe(f'<b>{escape(a)}{request.GET[\"b\"]}</b>')\n";
    expect(found("mark-safe-untrusted", code)).toEqual([{ line: 5, confidence: "high" }]);
  });

  it("a same-module helper that concatenates its parameter, called with an attribute, is reported (low: origin unseen)", () => {
    const code = ms + "def icon(name):\n    return '<i class=\"' + name + '\"></i>'\ndef f(obj):\n    return mark_safe(icon(obj.name))\n";
    expect(found("mark-safe-untrusted", code)).toEqual([{ line: 6, confidence: "low" }]);
  });

  it("str() of an unescaped value is reported", () => {
    expect(found("mark-safe-untrusted", ms + "def f(obj):\n    return mark_safe(str(obj.title))\n")).toEqual([{ line: 4, confidence: "low" }]);
  });

  it("a render() on something that is not a widget, template or node list is reported", () => {
    expect(found("mark-safe-untrusted", ms + "def f(chart, data):\n    return mark_safe(chart.render(data))\n")).toHaveLength(1);
  });
});

describe("interpolated SQL: Django's compiled SQL", () => {
  const head = "from django.db import connection\n";
  it("a WHERE clause from as_sql() is no finding", () => {
    const code = head + "def f(qs, compiler):\n    where, params = qs.query.where.as_sql(compiler, connection)[0], []\n    w = qs.query.where.as_sql(compiler, connection)\n    sql = 'SELECT 1 WHERE {}'.format(w[0])\n    with connection.cursor() as cursor:\n        cursor.execute(sql, w[1])\n";
    expect(found("raw-sql-interpolation", code)).toEqual([]);
  });
  it("request data formatted into SQL is high; a parameter is low", () => {
    const code = head + "def f(request, name):\n    with connection.cursor() as cursor:\n        cursor.execute(f\"SELECT * FROM t WHERE a = '{request.GET['a']}'\")\n        cursor.execute(f\"SELECT * FROM t WHERE b = '{name}'\")\n";
    expect(found("raw-sql-interpolation", code)).toEqual([{ line: 4, confidence: "high" }, { line: 5, confidence: "low" }]);
  });
});

describe("template values: the view that renders the template", () => {
  const view =
    "from django.shortcuts import render\n" +
    "def page(request):\n" +
    "    return render(request, 'shop/page.html', {'total': qs.count(), 'q': request.GET.get('q', ''), 'note': obj.note, 'intro': format_html('<b>{}</b>', obj.name)})\n";
  const ctx = { "shop/views.py": view };
  it("a count the view computes, in a script: no finding; request data: high; a model attribute: low", () => {
    const tpl = "<script>\nvar total = {{ total }};\nvar q = {{ q }};\nvar note = {{ note }};\n</script>\n";
    expect(found("template-var-in-script", tpl, "shop/templates/shop/page.html", ctx)).toEqual([
      { line: 3, confidence: "high" },
      { line: 4, confidence: "low" },
    ]);
  });
  it("|safe on HTML the view built with format_html: no finding; on request data: high; unseen origin: low", () => {
    const tpl = "<div>{{ intro|safe }}</div>\n<p>{{ q|safe }}</p>\n<p>{{ note|safe }}</p>\n<p>{{ other|safe }}</p>\n";
    expect(found("template-safe-filter", tpl, "shop/templates/shop/page.html", ctx)).toEqual([
      { line: 2, confidence: "high" },
      { line: 3, confidence: "low" },
      { line: 4, confidence: "low" },
    ]);
  });
  it("request data written in the template itself is high without any view", () => {
    expect(found("template-safe-filter", "<p>{{ request.GET.next|safe }}</p>\n")).toEqual([{ line: 1, confidence: "high" }]);
  });
  it("the same key from another template's view does not count", () => {
    expect(found("template-var-in-script", "<script>var total = {{ total }};</script>\n", "shop/templates/shop/other.html", ctx)).toEqual([{ line: 1, confidence: "low" }]);
  });
});

describe("class-based views: how the URL conf routes them", () => {
  const view = "from django.views.generic import CreateView\nclass ThingCreate(CreateView):\n    model = Thing\n    fields = ['a']\n";
  it("routed undecorated in a urls module in sight, in a module whose other views check access: the rule's confidence", () => {
    const urls = "from django.urls import path\nfrom .views import ThingCreate\nurlpatterns = [path('new/', ThingCreate.as_view())]\n";
    const sibling = "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views.generic import UpdateView\nclass ThingEdit(LoginRequiredMixin, UpdateView):\n    model = Thing\n    fields = ['a']\n";
    expect(found("cbv-missing-access-control", view + sibling, "shop/views.py", { "shop/urls.py": urls })).toEqual([{ line: 2, confidence: "medium" }]);
    // No other view of the module checks anything in sight: its access control lives elsewhere.
    expect(found("cbv-missing-access-control", view, "shop/views.py", { "shop/urls.py": urls })).toEqual([{ line: 2, confidence: "low" }]);
  });
  it("not routed in sight (an app's get_urls, a decorator elsewhere): low", () => {
    expect(found("cbv-missing-access-control", view)).toEqual([{ line: 2, confidence: "low" }]);
  });
  it("routed only inside login_required(): low", () => {
    const urls = "from django.urls import path\nfrom django.contrib.auth.decorators import login_required\nurlpatterns = [path('new/', login_required(ThingCreate.as_view()))]\n";
    expect(found("cbv-missing-access-control", view, "shop/views.py", { "shop/urls.py": urls })).toEqual([{ line: 2, confidence: "low" }]);
  });
});

describe("taint: validation idioms", () => {
  const head = "import os, re, uuid\n";
  it("uuid.UUID(value) as a statement validates the value; without it the path is reported", () => {
    const code = head + "def v(request):\n    u = request.POST['u']\n    uuid.UUID(u)\n    open(os.path.join('/tmp', u))\n\ndef w(request):\n    u = request.POST['u']\n    open(os.path.join('/tmp', u))\n";
    expect(found("tainted-path", code).map((f) => f.line)).toEqual([9]);
  });
  it("dict.update(name=value) names its keys: no mass assignment; update(request.POST) still is", () => {
    const code = "from .models import T\ndef v(request):\n    opts = {}\n    opts.update(backend=request.GET.get('b'))\n    T.objects.filter(**opts)\n    more = {}\n    more.update(request.POST)\n    T.objects.filter(**more)\n";
    expect(found("mass-assignment", code).map((f) => f.line)).toEqual([8]);
  });
});

describe("project index", () => {
  it("reads context keys of render(), dict() and context[...] = in the view that names the template", () => {
    const index = buildProjectIndex([
      { path: "a/views.py", text: "def v(request):\n    context = {'n': len(items)}\n    context['u'] = request.POST['u']\n    return render(request, 'a/x.html', context)\n\nclass D(DetailView):\n    template_name = 'a/d.html'\n    def get_context_data(self, **kw):\n        return dict(k=self.kwargs['k'])\n" },
    ]);
    expect(index.templates["a/x.html"]).toEqual({ n: "number", u: "request" });
    expect(templateValueOrigin(index, "a/templates/a/d.html", "k")).toBe("request");
    expect(templateValueOrigin(index, "a/templates/a/d.html", "missing")).toBe("unseen");
  });
  it("classifies value expressions", () => {
    expect(originOf("request.GET.get('q')")).toBe("request");
    expect(originOf("qs.count()")).toBe("number");
    expect(originOf("render_to_string('x.html', c)")).toBe("html");
    expect(originOf("obj.description")).toBe("other");
  });
});

describe("csrf_exempt: how the view authenticates", () => {
  const head = "from django.views.decorators.csrf import csrf_exempt\nfrom django.utils.decorators import method_decorator\nfrom django.core import signing\nimport hmac, stripe\n";
  it.each([
    ["an HMAC signature", "@csrf_exempt\ndef hook(request):\n    sig = hmac.new(KEY, request.body, 'sha256').hexdigest()\n    request.user.profile.touch()\n"],
    ["a vendor SDK's signature check", "@csrf_exempt\ndef hook(request):\n    event = stripe.Webhook.construct_event(request.body, request.headers['Stripe-Signature'], SECRET)\n"],
    ["django.core.signing", "@csrf_exempt\ndef hook(request):\n    data = signing.loads(request.POST['t'])\n"],
    ["a REST-framework style API view", "@method_decorator(csrf_exempt, name='dispatch')\nclass Api(View):\n    authentication_classes = [TokenAuth]\n    def post(self, request):\n        return request.user\n"],
  ])("%s: no finding", (_name, body) => {
    expect(found("csrf-exempt-view", head + body)).toEqual([]);
  });
  it("a view acting with the user's session keeps the rule's confidence", () => {
    expect(found("csrf-exempt-view", head + "@csrf_exempt\ndef transfer(request):\n    request.user.account.pay(request.POST['to'])\n")).toEqual([{ line: 5, confidence: "high" }]);
  });
  it("a view behind login_required or a login mixin acts for the session's user: the rule's confidence", () => {
    const login = "from django.contrib.auth.decorators import login_required\nfrom django.contrib.auth.mixins import LoginRequiredMixin\n";
    expect(found("csrf-exempt-view", head + login + "@login_required\n@csrf_exempt\ndef close(request, pk):\n    Ticket.objects.filter(pk=pk).update(open=False)\n")).toEqual([{ line: 8, confidence: "high" }]);
    expect(found("csrf-exempt-view", head + login + "@method_decorator(csrf_exempt, name='dispatch')\nclass Close(LoginRequiredMixin, View):\n    def post(self, request, pk):\n        Ticket.objects.filter(pk=pk).delete()\n")).toEqual([{ line: 7, confidence: "high" }]);
    // The decorator is another view's: this one still never acts for a user.
    expect(found("csrf-exempt-view", head + login + "@login_required\ndef other(request):\n    pass\n\n@csrf_exempt\ndef ping(request):\n    return HttpResponse('ok')\n")).toEqual([{ line: 11, confidence: "low" }]);
  });
  it("a view that never uses the user or session, or a header token compared with ==, is low", () => {
    expect(found("csrf-exempt-view", head + "@csrf_exempt\ndef ping(request):\n    return HttpResponse('ok')\n")).toEqual([{ line: 5, confidence: "low" }]);
    expect(found("csrf-exempt-view", head + "@csrf_exempt\ndef hook(request):\n    if request.headers.get('X-Token') != TOKEN:\n        return deny()\n    request.user.x()\n")).toEqual([{ line: 5, confidence: "low" }]);
  });
});

describe("template values that encode themselves", () => {
  it("request.GET.urlencode in an event handler is percent-encoded; request.get_full_path is request data (high)", () => {
    const tpl = "<a onclick=\"go('?{{ request.GET.urlencode }}')\">a</a>\n<a onclick=\"location.href='{{ request.get_full_path }}'\">b</a>\n";
    expect(found("template-var-in-script", tpl)).toEqual([{ line: 2, confidence: "high" }]);
  });
});

describe("plain-text templates and custom tags under autoescape off", () => {
  it("a subject-line template is plain text; an HTML template is not", () => {
    const tpl = "{% autoescape off %}Welcome to {{ site_name }}{% endautoescape %}\n";
    expect(found("template-autoescape-off", tpl, "accounts/templates/accounts/welcome_subject.html")).toEqual([]);
    // Rendered by a view of the project (a template no project code renders is low: its values are out of sight).
    const view = { "accounts/views.py": 'from django.shortcuts import render\n\ndef welcome(request):\n    return render(request, "accounts/welcome.html", {"site_name": request.site.name})\n' };
    expect(found("template-autoescape-off", "<p>" + tpl + "</p>", "accounts/templates/accounts/welcome.html", view)).toEqual([{ line: 1, confidence: "medium" }]);
  });
  it("a block with only custom tags is low: what they output is decided in their Python code", () => {
    expect(found("template-autoescape-off", "<div>{% autoescape off %}{% plugin_includes %}{% endautoescape %}</div>\n")).toEqual([{ line: 1, confidence: "low" }]);
  });
});

describe("response headers", () => {
  it("a dict named response (sent later as JSON) is not a response; an HttpResponse still is", () => {
    const code = "from django.http import HttpResponse, JsonResponse\ndef a(request):\n    response = {}\n    response['name'] = request.GET['n']\n    return JsonResponse(response)\n\ndef b(request):\n    response = HttpResponse('x')\n    response['Content-Disposition'] = 'attachment; filename=' + request.GET['n']\n    return response\n";
    expect(found("tainted-header", code).map((f) => f.line)).toEqual([9]);
  });
});

describe("AllowAny on a DRF view whose handlers check permissions", () => {
  const view =
    "from rest_framework import permissions\nfrom rest_framework.views import APIView\nfrom .common import get_and_check_project\n" +
    "class Upload(APIView):\n    permission_classes = (permissions.AllowAny,)\n    def put(self, request, pk=None):\n        project = get_and_check_project(request, pk)\n";
  const helper = "from rest_framework import exceptions\ndef get_and_check_project(request, pk):\n    project = Project.objects.get(pk=pk)\n    if not request.user.has_perm('change_project', project):\n        raise exceptions.PermissionDenied()\n    return project\n";
  it("a project helper one hop away that raises PermissionDenied: low", () => {
    expect(found("drf-allow-any-on-write", view, "app/api/tasks.py", { "app/api/common.py": helper })).toEqual([{ line: 5, confidence: "low" }]);
  });
  it("the same view without the helper in sight keeps the rule's confidence", () => {
    expect(found("drf-allow-any-on-write", view, "app/api/tasks.py")).toEqual([{ line: 5, confidence: "medium" }]);
  });
});

describe("password length", () => {
  it("min_length of 8 or more is low (NIST's floor); below 8 keeps the rule's confidence", () => {
    const settings = (n: number) => `AUTH_PASSWORD_VALIDATORS = [\n    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},\n    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": ${n}}},\n    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},\n    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},\n]\n`;
    expect(found("password-validators-missing", settings(9), "mysite/settings/production.py").map((f) => f.confidence)).toEqual(["low"]);
    expect(found("password-validators-missing", settings(6), "mysite/settings/production.py").map((f) => f.confidence)).toEqual(["high"]);
  });
});

describe("redirect guards in a form's clean method", () => {
  const view = "from django.shortcuts import redirect\nfrom .forms import NextForm\ndef v(request):\n    form = NextForm(request.POST)\n    if form.is_valid():\n        return redirect(form.cleaned_data['next_url'])\n";
  it("a clean_<field> that calls url_has_allowed_host_and_scheme guards cleaned_data[field]", () => {
    const form = "from django import forms\nfrom django.utils.http import url_has_allowed_host_and_scheme\nclass NextForm(forms.Form):\n    next_url = forms.CharField()\n    def clean_next_url(self):\n        url = self.cleaned_data['next_url']\n        if url_has_allowed_host_and_scheme(url, None):\n            return url\n        return '/'\n";
    expect(found("open-redirect", view, "shop/views.py", { "shop/forms.py": form })).toEqual([]);
  });
  it("a clean_<field> that only strips the value does not", () => {
    const form = "from django import forms\nclass NextForm(forms.Form):\n    next_url = forms.CharField()\n    def clean_next_url(self):\n        return self.cleaned_data['next_url'].strip()\n";
    expect(found("open-redirect", view, "shop/views.py", { "shop/forms.py": form })).toHaveLength(1);
  });
});

describe("uploaded files", () => {
  it("an upload's temporary_file_path() is a server-chosen path and its name a base name; a name sent beside it is not", () => {
    const code = "def v(request):\n    f = request.FILES['file']\n    open(f.temporary_file_path(), 'rb')\n    open('/srv/uploads/' + f.name, 'wb')\n    open('/srv/uploads/' + request.POST['name'], 'wb')\n";
    expect(found("tainted-path", code).map((x) => x.line)).toEqual([5]);
  });
});

describe("csrf_exempt with a signature checked by a project helper one hop away", () => {
  const view = "from django.views.decorators.csrf import csrf_exempt\nfrom .services import check_sig\n@csrf_exempt\ndef hook(request):\n    if not check_sig(request.body, request.headers.get('X-Sig')):\n        return deny()\n    request.user.notify()\n";
  it("the helper compares in constant time: low", () => {
    const services = "import hmac\ndef check_sig(body, sig):\n    return hmac.compare_digest(hmac.new(KEY, body, 'sha256').hexdigest(), sig)\n";
    expect(found("csrf-exempt-view", view, "shop/views.py", { "shop/services.py": services })).toEqual([{ line: 3, confidence: "low" }]);
  });
  it("a helper that compares with ==: the rule's confidence", () => {
    const services = "def check_sig(body, sig):\n    return sig == KEY\n";
    expect(found("csrf-exempt-view", view, "shop/views.py", { "shop/services.py": services })).toEqual([{ line: 3, confidence: "high" }]);
  });
});
