import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-html.js";

const h = "from django.http import HttpResponse\nfrom django.utils.html import escape, format_html\nfrom django.utils.safestring import mark_safe\n";

testRule(rule, {
  valid: [
    { name: "URL parameter refused unless it equals a configured value", path: "site/views.py", code: "from django.http import Http404, HttpResponse\ndef verify(request, token):\n    if token != request.settings.verification_token:\n        raise Http404()\n    return HttpResponse('verification: %s' % token)\n" },
    { name: "request value equal to a setting, written the other way round", code: h + "from django.conf import settings\ndef v(request):\n    code = request.GET['code']\n    if settings.SITE_CODE == code:\n        return HttpResponse('<b>%s</b>' % code)\n    return HttpResponse('no')\n" },
    { name: "URL parameter named like a numeric key", path: "shop/views.py", code: "from django.http import HttpResponseNotFound\ndef v(request, user_pk):\n    return HttpResponseNotFound(f'No user {user_pk}')\n" },
    { name: "an id echoed in the DoesNotExist handler of a related manager's get(id=...)", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    basket_id = request.data['basket_id']\n    try:\n        basket = request.user.baskets.get(id=basket_id)\n    except ObjectDoesNotExist:\n        return HttpResponseBadRequest('Basket [{}] not found.'.format(basket_id))\n    return HttpResponse('ok')\n" },
    { name: "a pk echoed in a Model.DoesNotExist handler, and after the lookup in the try body", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    pk = request.GET['thing']\n    try:\n        thing = Thing.objects.filter(active=True).get(pk__exact=pk)\n        note = HttpResponse('<p>found %s</p>' % pk)\n    except Thing.DoesNotExist:\n        return HttpResponseBadRequest(f'No thing {pk}')\n    return note\n" },
    { name: "a pk echoed after get_object_or_404(Model, pk=...) succeeded", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    pk = request.POST['pk']\n    get_object_or_404(Thing, pk=pk)\n    return HttpResponse(f'<b>{pk}</b> saved')\n" },
    { name: "HttpResponseBadRequest with a constant body", code: "from django.http import HttpResponseBadRequest\ndef v(request):\n    request.GET['q']\n    return HttpResponseBadRequest('bad query')\n" },
    { name: "escaped before mark_safe", code: h + "def v(request):\n    return mark_safe('<b>%s</b>' % escape(request.GET['n']))\n" },
    { name: "format_html with the value as an argument", code: h + "def v(request):\n    return HttpResponse(format_html('<b>{}</b>', request.GET['n']))\n" },
    { name: "plain-text response", code: h + "def v(request):\n    return HttpResponse(request.GET['n'], content_type='text/plain')\n" },
    { name: "JSON response type", code: h + "import json\ndef v(request):\n    return HttpResponse(json.dumps({'q': request.GET['q']}), content_type='application/json')\n" },
    { name: "query string re-encoded by QueryDict.urlencode", code: h + "def v(request):\n    return render(request, 'b.html', {'qs': mark_safe(request.GET.urlencode())})\n" },
    { name: "constant markup", code: h + "def v(request):\n    return HttpResponse(mark_safe('<p>ok</p>'))\n" },
    { name: "database value is not request data", code: h + "from .models import Page\ndef v(request):\n    page = Page.objects.get(pk=request.GET['id'])\n    return HttpResponse(mark_safe(page.body))\n" },
  ],
  invalid: [
    { name: "an id after some API client's get(id=...), not a model manager's", path: "shop/views.py", code: "from django.http import HttpResponse\nfrom .clients import api\ndef v(request):\n    v = request.GET['v']\n    item = api.items.get(id=v)\n    return HttpResponse(f'<b>{v}</b>')\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "a DoesNotExist handler that also catches ValueError (the non-integer case)", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        thing = Thing.objects.get(pk=v)\n    except (Thing.DoesNotExist, ValueError):\n        return HttpResponseBadRequest(f'No thing {v}')\n    return HttpResponse('ok')\n", errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "a bare except after the lookup", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        thing = Thing.objects.get(id=v)\n    except:\n        return HttpResponseBadRequest(f'No thing {v}')\n    return HttpResponse('ok')\n", errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "a lookup by a text field (slug)", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        thing = Thing.objects.get(slug=v)\n    except Thing.DoesNotExist:\n        return HttpResponseBadRequest(f'No thing {v}')\n    return HttpResponse('ok')\n", errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "the lookup is not the try body's first statement", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        other = Thing.objects.get(slug=v)\n        thing = Thing.objects.get(pk=v)\n    except Thing.DoesNotExist:\n        return HttpResponseBadRequest(f'No thing {v}')\n    return HttpResponse('ok')\n", errors: [{ messageId: "fromVariable", line: 11 }] },
    { name: "the value rebound later in the try body", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        thing = Thing.objects.get(pk=v)\n        v = request.GET['w']\n        other = Thing.objects.get(slug=v)\n    except Thing.DoesNotExist:\n        return HttpResponseBadRequest(f'No thing {v}')\n    return HttpResponse('ok')\n", errors: [{ messageId: "fromVariable", line: 12 }] },
    { name: "a handler of another error falls through to the output", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        thing = Thing.objects.get(pk=v)\n    except ValueError:\n        pass\n    return HttpResponse(f'<b>{v}</b>')\n", errors: [{ messageId: "fromVariable", line: 11 }] },
    { name: "a model of the project whose primary key is text", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        thing = Thing.objects.get(pk=v)\n    except Thing.DoesNotExist:\n        return HttpResponseBadRequest(f'No thing {v}')\n    return HttpResponse('ok')\n", context: { "shop/models.py": "from django.db import models\nclass Thing(models.Model):\n    code = models.CharField(\n        max_length=20, primary_key=True)\n" }, errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "a reverse manager of a model whose inherited primary key is text", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    try:\n        course = request.user.courses.get(id=v)\n    except ObjectDoesNotExist:\n        return HttpResponseBadRequest(f'No course {v}')\n    return HttpResponse('ok')\n", context: { "shop/models.py": "from django.db import models\nclass Base(models.Model):\n    id = models.CharField(max_length=20, primary_key=True)\n    class Meta:\n        abstract = True\nclass Course(Base):\n    owner = models.ForeignKey('auth.User', related_name='courses', on_delete=models.CASCADE)\n" }, errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "Django's Session, keyed by text", path: "shop/views.py", code: "from django.core.exceptions import ObjectDoesNotExist\nfrom django.http import HttpResponse, HttpResponseBadRequest\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request):\n    v = request.GET['v']\n    from django.contrib.sessions.models import Session\n    try:\n        s = Session.objects.get(pk=v)\n    except Session.DoesNotExist:\n        return HttpResponseBadRequest(f'No session {v}')\n    return HttpResponse('ok')\n", errors: [{ messageId: "fromVariable", line: 11 }] },
    { name: "request value compared to a parameter of the helper", code: h + "def echo(request, expected):\n    token = request.GET['t']\n    if token != expected:\n        return HttpResponse('no')\n    return HttpResponse('<b>%s</b>' % token)\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "URL parameter compared to another request value", path: "site/views.py", code: "from django.http import Http404, HttpResponse\ndef verify(request, token):\n    if token != request.GET['expected']:\n        raise Http404()\n    return HttpResponse('verification: %s' % token)\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "output on the branch where the value differs from the setting", code: h + "from django.conf import settings\ndef v(request):\n    code = request.GET['code']\n    if code == settings.SITE_CODE:\n        return HttpResponse('ok')\n    return HttpResponse('<b>%s</b>' % code)\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "an uploaded file's name is still the client's text in HTML", code: h + "def v(request):\n    up = request.FILES['doc']\n    return HttpResponse('<p>' + up.name + '</p>')\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "a helper escapes its parameter but not the request data beside it", code: h + "def label(request, text):\n    return escape(text) + request.GET.get('q', '')\n\ndef v(request):\n    return HttpResponse(mark_safe(label(request, 'x')))\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "urlencode with characters kept unencoded", code: h + "def v(request):\n    return HttpResponse(mark_safe(request.GET.urlencode(safe='<>')))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "a value read back out of the query string", code: h + "def v(request):\n    return HttpResponse(mark_safe(request.GET.copy().get('n')))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "f-string into HttpResponse", code: h + "def v(request):\n    name = request.GET.get('name', '')\n    return HttpResponse(f'<h1>{name}</h1>')\n",
      errors: [{ messageId: "fromVariable", line: 6, messageIncludes: "`name` comes from `request.GET.get('name', '')` (line 5)" }] },
    { name: "mark_safe of a concatenation", code: h + "def v(request):\n    html = '<p>' + request.POST['bio'] + '</p>'\n    return HttpResponse(mark_safe(html))\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "format_html format string", code: h + "def v(request):\n    tpl = '<i>' + request.GET['t'] + '</i>'\n    return format_html(tpl)\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "URL parameter", code: h + "def v(request, slug):\n    return HttpResponse('<h1>%s</h1>' % slug)\n", errors: [{ messageId: "fromSource", line: 5, messageIncludes: "URL parameter `slug`" }] },
    { name: "escape only in one branch", code: h + "def v(request):\n    n = request.GET['n']\n    if request.user.is_staff:\n        n = escape(n)\n    return HttpResponse('<b>' + n + '</b>')\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "HttpResponseNotFound echoing the query", code: "from django.http import HttpResponseNotFound\ndef v(request):\n    return HttpResponseNotFound('No item ' + request.GET['q'])\n", errors: [{ messageId: "fromSource", line: 3 }] },
  ],
});

describe("tainted-html and form fields that passed their own validation", () => {
  const view =
    "from django.utils.safestring import mark_safe\nfrom django.contrib import messages\nfrom django.views.generic import FormView\n\nclass Add(FormView):\n    def form_valid(self, form):\n        s = form.cleaned_data.get('schedule', '').strip()\n        messages.success(self.request, mark_safe(f'<b>repeats {s}</b>'))\n";
  const confidence = (forms: string) =>
    runRule(rule, view, "shop/views.py", { "shop/forms.py": "from django import forms\n\n" + forms }).findings.map((f) => `${f.line} ${f.confidence}`);
  it("is low confidence when clean_<field>() can raise ValidationError", () => {
    expect(confidence("class AddForm(forms.Form):\n    schedule = forms.CharField()\n\n    def clean_schedule(self):\n        value = self.cleaned_data['schedule']\n        if not CRON.match(value):\n            raise forms.ValidationError('bad schedule')\n        return value\n")).toEqual(["8 low"]);
  });
  it("is low confidence for a choice field", () => {
    expect(confidence("class AddForm(forms.Form):\n    schedule = forms.ChoiceField(choices=[('daily', 'Daily')])\n")).toEqual(["8 low"]);
  });
  it("stays high when clean_<field>() only tidies the value", () => {
    expect(confidence("class AddForm(forms.Form):\n    schedule = forms.CharField()\n\n    def clean_schedule(self):\n        return self.cleaned_data['schedule'].strip()\n")).toEqual([`8 ${rule.confidence}`]);
  });
  it("stays high for a plain CharField", () => {
    expect(confidence("class AddForm(forms.Form):\n    schedule = forms.CharField(max_length=50)\n")).toEqual([`8 ${rule.confidence}`]);
  });
  const withModel = (model: string, forms = "class AddForm(forms.ModelForm):\n    class Meta:\n        model = Task\n        fields = ['schedule']\n") =>
    runRule(rule, view, "shop/views.py", { "shop/forms.py": "from django import forms\nfrom .models import Task\n\n" + forms, "shop/models.py": "from django.db import models\n\nclass Task(models.Model):\n" + model })
      .findings.map((f) => `${f.line} ${f.confidence}`);
  it("is low confidence for a ModelForm field of a model field with choices, or a ModelChoiceField", () => {
    expect(withModel("    schedule = models.CharField(\n        max_length=10, choices=[('d', 'Daily'), ('w', 'Weekly')])\n")).toEqual(["8 low"]);
    expect(withModel("    name = models.CharField(max_length=10)\n", "class AddForm(forms.Form):\n    schedule = forms.ModelChoiceField(queryset=Task.objects.all())\n")).toEqual(["8 low"]);
  });
  it("stays high for a model text field without choices, or when a form declares the name as free text", () => {
    expect(withModel("    schedule = models.CharField(max_length=50)\n")).toEqual([`8 ${rule.confidence}`]);
    expect(withModel("    schedule = models.CharField(max_length=10, choices=[('d', 'Daily')])\n", "class AddForm(forms.ModelForm):\n    schedule = forms.CharField()\n    class Meta:\n        model = Task\n        fields = ['schedule']\n")).toEqual([`8 ${rule.confidence}`]);
  });
});

describe("tainted-html and URL parameters the URL patterns keep free of markup", () => {
  const view = "from django.http import HttpResponseBadRequest\n\ndef proxy(request, kind):\n    return HttpResponseBadRequest('Unknown plugin type: ' + kind)\n";
  const findings = (urls: string) => runRule(rule, view, "plugins/views.py", { "plugins/urls.py": "from django.urls import path, re_path\nfrom . import views\n\n" + urls }).findings.length;
  it("is silent when every pattern capturing the parameter admits only letters, digits and _ . - @ + : ~ ,", () => {
    expect(findings("urlpatterns = [re_path(r'^(?P<kind>[a-z0-9._]+)/$', views.proxy)]\n")).toBe(0);
    expect(findings("urlpatterns = [re_path(r'^p/(?P<kind>\\w+)$', views.proxy), path('q/<slug:kind>/', views.proxy)]\n")).toBe(0);
  });
  it("follows the parameter read from **kwargs in a class-based view", () => {
    const cbv = "from django.http import HttpResponseBadRequest\nfrom django.views import View\n\nclass Proxy(View):\n    def dispatch(self, request, *args, **kwargs):\n        kind = kwargs['kind']\n        return HttpResponseBadRequest('<h1>Unknown {}</h1>'.format(kind))\n";
    const count = (urls: string) => runRule(rule, cbv, "plugins/views.py", { "plugins/urls.py": "from django.urls import re_path\nfrom . import views\n\n" + urls }).findings.length;
    expect(count("urlpatterns = [re_path(r'^(?P<kind>[a-z0-9._]+)/$', views.Proxy.as_view())]\n")).toBe(0);
    expect(count("urlpatterns = [re_path(r'^(?P<kind>[^/]+)/$', views.Proxy.as_view())]\n")).toBe(1);
  });
  it("reads a group filled by `%` from a string constant of the URLconf, and only from one", () => {
    const user = "user_pattern = '[\\w\\-][\\w\\-\\.]+(@[\\w\\-][\\w\\-\\.]+[a-zA-Z]{1,4})*'\n";
    expect(findings(user + "urlpatterns = [re_path(r'^(?P<kind>%s)/$' % user_pattern, views.proxy)]\n")).toBe(0);
    expect(findings("user_pattern = '.+'\nurlpatterns = [re_path(r'^(?P<kind>%s)/$' % user_pattern, views.proxy)]\n")).toBe(1);
    // Two placeholders in the literal: which one fills the group is not worked out.
    expect(findings(user + "urlpatterns = [re_path(r'^(?P<a>%s)/(?P<kind>%s)/$' % (user_pattern, user_pattern), views.proxy)]\n")).toBe(1);
    // A constant the module does not define.
    expect(findings("from .patterns import user_pattern\nurlpatterns = [re_path(r'^(?P<kind>%s)/$' % user_pattern, views.proxy)]\n")).toBe(1);
  });
  it("reports when a pattern admits any other character, or the converter is str or path", () => {
    expect(findings("urlpatterns = [re_path(r'^(?P<kind>[^/]+)/$', views.proxy)]\n")).toBe(1);
    expect(findings("urlpatterns = [re_path(r'^(?P<kind>.+)/$', views.proxy)]\n")).toBe(1);
    expect(findings("urlpatterns = [re_path(r'^(?P<kind>[\\w<>]+)/$', views.proxy)]\n")).toBe(1);
    expect(findings("urlpatterns = [re_path(r'^a/(?P<kind>\\w+)$', views.proxy), path('b/<str:kind>/', views.proxy)]\n")).toBe(1);
    expect(findings("urlpatterns = [path('b/<path:kind>/', views.proxy)]\n")).toBe(1);
  });
});

describe("tainted-html and unnamed URL groups, passed to the view by position", () => {
  const head = "from django.http import HttpResponse\nfrom django.views import View\n\n";
  const show = head + "def show(request, setting):\n    return HttpResponse('<b>Missing setting %s</b>' % setting)\n";
  const dated = head + "def dated(request, section, label):\n    return HttpResponse('<b>%s</b>' % label)\n";
  const cbv = head + "class Show(View):\n    def get(self, request, kind):\n        return HttpResponse('<b>%s</b>' % kind)\n";
  const lines = (view: string, urls: Record<string, string>) => runRule(rule, view, "plugins/views.py", urls).findings.map((f) => f.line);
  const urlconf = (body: string) => ({ "plugins/urls.py": "from django.urls import include, re_path\nfrom django.conf.urls import url\nfrom . import views\n\nurlpatterns = [\n" + body + "]\n" });
  it("is silent when each unnamed group a parameter takes admits only markup-free characters", () => {
    expect(lines(show, urlconf("    re_path(r'^missing/(\\w+)$', views.show),\n"))).toEqual([]);
    // A plain literal: Python keeps `\w` as written.
    expect(lines(show, urlconf("    re_path('^missing/(\\w+)$', views.show),\n"))).toEqual([]);
    expect(lines(dated, urlconf("    url(r'^(\\d{4})/([a-z0-9_-]+)/$', views.dated),\n"))).toEqual([]);
    expect(lines(cbv, urlconf("    re_path(r'^c/(\\w+)$', views.Show.as_view()),\n"))).toEqual([]);
  });
  it("maps the groups by position: the second group reaches the second parameter", () => {
    expect(lines(dated, urlconf("    url(r'^([^/]+)/(\\w+)/$', views.dated),\n"))).toEqual([]);
    expect(lines(dated, urlconf("    url(r'^(\\d{4})/([^/]+)/$', views.dated),\n"))).toEqual([5]);
  });
  it("reports when an unnamed group admits markup, for a function or a class-based view", () => {
    expect(lines(show, urlconf("    re_path(r'^missing/(.+)$', views.show),\n"))).toEqual([5]);
    expect(lines(show, urlconf("    re_path(r'^a/(\\w+)$', views.show),\n    re_path(r'^b/([^/]+)$', views.show),\n"))).toEqual([5]);
    expect(lines(cbv, urlconf("    re_path(r'^c/(.*)$', views.Show.as_view()),\n"))).toEqual([6]);
  });
  it("passes nothing by position when the pattern has a named group", () => {
    const both = head + "def show(request, setting='x', **kwargs):\n    return HttpResponse('<b>%s</b>' % setting)\n";
    expect(lines(both, urlconf("    re_path(r'^(?P<page>\\d+)/(\\w+)$', views.show),\n    re_path(r'^s/(?P<setting>.+)$', views.show),\n"))).toEqual([5]);
  });
  it("does not trust a route under an include() prefix with unnamed groups: the prefix's values come first", () => {
    const urls = { ...urlconf("    re_path(r'^missing/(\\w+)$', views.show),\n"), "site/urls.py": "from django.conf.urls import include, url\n\nurlpatterns = [url(r'^(.+)/', include('plugins.urls'))]\n" };
    expect(lines(show, urls)).toEqual([5]);
  });
  it("reads old patterns() tuples", () => {
    expect(lines(show, { "plugins/urls.py": "from django.conf.urls import patterns\n\nurlpatterns = patterns('', (r'^missing/(\\w+)$', 'plugins.views.show'))\n" })).toEqual([]);
    expect(lines(show, { "plugins/urls.py": "from django.conf.urls import patterns\n\nurlpatterns = patterns('', (r'^missing/(.+)$', 'plugins.views.show'))\n" })).toEqual([5]);
  });
});

describe("tainted-html: a value the victim's browser sends, not the attacker's link", () => {
  const confidence = (source: string) =>
    runRule(rule, `from django.http import HttpResponse\n\ndef hello(request):\n    return HttpResponse('<p>' + ${source} + '</p>')\n`, "shop/views.py").findings.map((f) => f.confidence);
  it.each([["request.COOKIES.get('theme', '')"], ["request.headers.get('User-Agent', '')"], ["request.META.get('HTTP_USER_AGENT', '')"]])("is low confidence for %s", (source) => {
    expect(confidence(source)).toEqual(["low"]);
  });
  it.each([["request.GET.get('name', '')"], ["request.POST['name']"], ["request.META.get('QUERY_STRING', '')"], ["request.META.get('HTTP_REFERER', '')"], ["request.headers['Referer']"]])("keeps the rule's confidence for %s", (source) => {
    expect(confidence(source)).toEqual(["high"]);
  });
});
