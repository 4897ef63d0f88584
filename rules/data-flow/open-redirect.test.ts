import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./open-redirect.js";

const h = "from django.http import HttpResponseRedirect\nfrom django.shortcuts import redirect\nfrom django.utils.http import url_has_allowed_host_and_scheme\n";

testRule(rule, {
  valid: [
    { name: "get_success_url checked with url_has_allowed_host_and_scheme", code: "from django.views.generic import UpdateView\nfrom django.utils.http import url_has_allowed_host_and_scheme\n\nclass Edit(UpdateView):\n    def get_success_url(self):\n        nxt = self.request.GET.get('next')\n        if url_has_allowed_host_and_scheme(nxt, allowed_hosts={self.request.get_host()}):\n            return nxt\n        return '/'\n" },
    { name: "get_success_url with a fixed path and a query value", code: "from django.views.generic import UpdateView\n\nclass Edit(UpdateView):\n    def get_success_url(self):\n        return '/items/?page=' + self.request.GET.get('page', '1')\n" },
    { name: "the module's own copy of is_safe_url", code: "from django.http import HttpResponseRedirect\nfrom urllib.parse import urlparse\n\ndef is_safe_url(url):\n    return bool(url) and not urlparse(url).netloc\n\ndef next_url(request):\n    to = request.GET.get('next', '')\n    if is_safe_url(to):\n        return to\n    return '/'\n\ndef done(request):\n    return HttpResponseRedirect(next_url(request))\n" },
    { name: "reverse() then += a query string", code: h + "from django.urls import reverse\ndef v(request):\n    url = reverse('account')\n    if request.GET.get('cursor'):\n        url += '?cursor=' + request.GET['cursor']\n    return redirect(url)\n" },
    {
      name: "a helper returning reverse() plus a query string, or a method of its argument",
      code: h + "from django.urls import reverse\nclass Delete(View):\n    def post(self, request, id):\n        item = get_object_or_404(Item, id=id)\n        return redirect(self.target(request, item))\n\n    def target(self, request, item):\n        if request.GET.get('referrer') == 'settings':\n            url = reverse('account')\n            if request.GET.get('cursor'):\n                url += '?cursor=' + request.GET['cursor']\n            return url\n        if item.post:\n            return item.post.get_absolute_url()\n        return reverse('index')\n",
    },
    { name: "urljoin of a settings URL and a reference that starts with a constant path segment", code: h + "import urllib.parse\nfrom django.conf import settings\ndef v(request, uuid):\n    return HttpResponseRedirect(urllib.parse.urljoin(settings.RECORDS_URL, f'shared/{uuid}'))\n" },
    { name: "urljoin of a literal https base and a relative reference", code: h + "from urllib.parse import urljoin\ndef v(request):\n    return redirect(urljoin('https://records.example.com/app/', 'records/' + request.GET['id']))\n" },
    { name: "guarded branch", code: h + "def v(request):\n    nxt = request.GET.get('next')\n    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):\n        return redirect(nxt)\n    return redirect('/')\n" },
    { name: "negative guard resets the value", code: h + "def v(request):\n    nxt = request.POST.get('next', '/')\n    if not url_has_allowed_host_and_scheme(url=nxt, allowed_hosts=None):\n        nxt = '/'\n    return HttpResponseRedirect(nxt)\n" },
    {
      name: "check kept in a flag, used in a conditional expression",
      code: h + "def v(request):\n    nxt = request.POST.get('next', '')\n    ok = url_has_allowed_host_and_scheme(url=nxt, allowed_hosts={request.get_host()})\n    return redirect(nxt if ok else '/')\n",
    },
    {
      name: "check kept in a flag, failing branch resets the value",
      code: h + "def v(request):\n    nxt = request.GET['next']\n    url_is_safe = url_has_allowed_host_and_scheme(nxt, None)\n    if not url_is_safe:\n        nxt = '/'\n    return HttpResponseRedirect(nxt)\n",
    },
    { name: "guard call in a conditional expression", code: h + "def v(request):\n    nxt = request.GET['next']\n    return redirect(nxt if url_has_allowed_host_and_scheme(nxt, None) else '/')\n" },
    { name: "current path with the URL's key swapped out", code: h + "def v(request, key):\n    return redirect(request.path.replace(key, 'set-password'))\n" },
    { name: "fixed local path prefix", code: h + "def v(request):\n    return redirect('/shop/' + request.GET['slug'] + '/')\n" },
    { name: "a model's get_absolute_url() then a URL suffix", code: h + "def v(request, obj_id, url_path=''):\n    thing = get_object_or_404(Thing, pk=obj_id)\n    return redirect(thing.get_absolute_url() + url_path)\n" },
    { name: "a local bound once to get_absolute_url(), then a URL suffix", code: h + "def v(request, obj_id, url_path=''):\n    thing = get_object_or_404(Thing, pk=obj_id)\n    url = thing.get_absolute_url()\n    if url_path:\n        url_path = url_path[1:]\n    return redirect(url + url_path)\n" },
    { name: "get_absolute_url() of an object updated with a form value", code: h + "def v(request):\n    form = Flag(request.POST)\n    form.is_valid()\n    content = get_object_or_404(Content, pk=form.cleaned_data['pk'])\n    content.update(js_support=form.cleaned_data['js_support'])\n    return redirect(content.load_version().get_absolute_url())\n" },
    { name: "a local bound once to a fixed local path, then request text", code: h + "def v(request):\n    base = '/shop/'\n    return redirect(base + request.GET['slug'])\n" },
    { name: "host from settings", code: h + "from django.conf import settings\ndef v(request):\n    return HttpResponseRedirect(f\"{settings.FRONTEND_URL}/done?ref={request.GET['ref']}\")\n" },
    { name: "named URL with request argument", code: h + "def v(request):\n    return redirect('product-detail', request.GET['id'])\n" },
    { name: "reversed URL with the request's own query string after '?'", code: "from django.views.generic import UpdateView\nfrom django.urls import reverse\n\nclass Edit(UpdateView):\n    def with_query(self, url):\n        parts = [url]\n        if self.request.GET.urlencode():\n            parts += [self.request.GET.urlencode()]\n        return '?'.join(parts)\n\n    def get_success_url(self):\n        return self.with_query(reverse('list'))\n" },
    { name: "the raw query string formatted after '?' by a helper given a fixed URL", code: "from django.urls import reverse_lazy\nfrom django.views.generic import RedirectView\n\nclass Guard(RedirectView):\n    login_url = reverse_lazy('login')\n\n    def format_redirect_url(self, url):\n        args = self.request.META.get('QUERY_STRING', '')\n        if args:\n            url = '%s?%s' % (url, args)\n        return url\n\n    def get_redirect_url(self, *args, **kwargs):\n        return self.format_redirect_url(self.login_url)\n" },
    { name: "copied POST data re-encoded as the query", code: h + "from django.urls import reverse\ndef v(request):\n    params = request.POST.copy()\n    return HttpResponseRedirect(reverse('list') + '?' + params.urlencode())\n" },
    { name: "QueryDict.urlencode() alone is a relative reference", code: h + "def v(request):\n    return redirect(request.GET.urlencode())\n" },
    { name: "urlencode() of request values after a reversed base", code: h + "from django.utils.http import urlencode\nfrom django.urls import reverse\ndef v(request):\n    base = reverse('bulk')\n    query = urlencode([('back', request.META.get('HTTP_REFERER'))])\n    return HttpResponseRedirect(base + '?' + query)\n" },
    { name: "fixed first path segment", code: h + "def v(request):\n    return redirect(f\"/shop/{request.GET['slug']}/\")\n" },
    {
      name: "a query string started with '?' and grown by +=, then appended to reverse() with +=",
      code: h + "from django.urls import reverse\ndef v(request, pk):\n    query = '?'\n    if 'page' in request.GET:\n        query += 'page={}&'.format(request.GET['page'])\n    query += '#id{}'.format(pk)\n    url = reverse('list', kwargs={'pk': pk})\n    url += query\n    return HttpResponseRedirect(url)\n",
    },
    { name: "model instance loaded by the URL's slug", code: h + "from django.shortcuts import get_object_or_404\nfrom .models import Thing\ndef v(request, slug):\n    thing = get_object_or_404(Thing, slug=slug)\n    return redirect(thing)\n" },
    { name: "model instance fetched with objects.get()", code: h + "from .models import Thing\ndef v(request):\n    thing = Thing.objects.get(pk=request.POST['id'])\n    return redirect(thing)\n" },
    { name: "target kept only when resolve() routes it, else a fixed page", code: h + "from django.urls import Resolver404, resolve\ndef v(request):\n    nxt = request.GET.get('next') or '/'\n    try:\n        resolve(nxt)\n    except Resolver404:\n        nxt = '/'\n    return redirect(nxt)\n" },
    { name: "resolve() failure falls back unless a module check that resolves the URL accepts it", code: h + "from django.urls import Resolver404, resolve\n\ndef is_authorize(url):\n    try:\n        return resolve(url).url_name == 'authorize'\n    except Resolver404:\n        return False\n\nclass Login:\n    def get_redirect_url(self):\n        nxt = self.request.POST.get('next') or '/'\n        try:\n            match = resolve(nxt)\n        except Resolver404:\n            if not is_authorize(nxt):\n                nxt = '/'\n        return nxt\n" },
    { name: "class-attribute reverse_lazy() template filled with route kwargs", code: "from django.http import HttpResponseRedirect\nfrom django.urls import reverse_lazy\nfrom django.views.generic import View\n\nclass PostOnly(View):\n    redirect_url = reverse_lazy('index')\n\n    def get_redirect_url(self, *args, **kwargs):\n        return self.redirect_url % kwargs\n\n    def get(self, request, *args, **kwargs):\n        return HttpResponseRedirect(self.get_redirect_url(*args, **kwargs))\n" },
    { name: "an app settings module's URL, then '?next=' before the request's query string", code: h + "from urllib.parse import quote\nfrom myapp.conf import settings\ndef v(request):\n    qs = request.META.get('QUERY_STRING', '')\n    return redirect(settings.LOGIN_URL + '?next=' + request.path + quote(qs))\n" },
    { name: "a clean value of unknown text, then '#' before request text", code: h + "def v(request):\n    return redirect(pick_base() + '#' + request.GET['tab'])\n" },
    { name: "'?'.join of a twice-assigned canonical URL and the query string", code: h + "class Show(View):\n    def get(self, request):\n        canonical = self.get_canonical_url()\n        if request.META.get('QUERY_STRING'):\n            canonical = '?'.join([canonical, request.META['QUERY_STRING']])\n        return HttpResponseRedirect(canonical)\n\n    def get_canonical_url(self):\n        return self.object.get_absolute_url()\n" },
    { name: "''.join of an unknown clean base, a literal '?q=' and request text", code: h + "def v(request):\n    return redirect(''.join([pick_base(), '?q=', request.GET['q']]))\n" },
    { name: "class-attribute local path template filled with route kwargs", code: "from django.http import HttpResponseRedirect\nfrom django.views.generic import View\n\nclass PostOnly(View):\n    redirect_url = '/rounds/%(round)s/'\n\n    def get(self, request, *args, **kwargs):\n        return HttpResponseRedirect(self.redirect_url % kwargs)\n" },
  ],
  invalid: [
    { name: "request data appended by += to an empty string", code: h + "def v(request):\n    url = ''\n    url += request.GET['next']\n    return HttpResponseRedirect(url)\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "request data appended by += to '/' alone", code: h + "def v(request):\n    url = '/'\n    url += request.GET['next']\n    return HttpResponseRedirect(url)\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "a second plain assignment replaces the fixed start", code: h + "def v(request):\n    url = '?'\n    url = request.GET['next']\n    url += '&x=1'\n    return HttpResponseRedirect(url)\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "a local bound once to '/' then request text (//evil.example)", code: h + "def v(request):\n    base = '/'\n    return redirect(base + request.GET['to'])\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "a local bound to a fixed path, then to request text on one branch", code: h + "def v(request, url_path=''):\n    url = '/shop/'\n    if request.GET.get('x'):\n        url = request.GET['next']\n    return redirect(url + url_path)\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "a local that hides a module path constant with a value of unknown prefix", code: h + "BASE = '/shop/'\ndef v(request):\n    BASE = pick_base()\n    return redirect(BASE + request.GET['to'])\n", errors: [{ messageId: "fromSource", line: 7 }] },
    {
      name: "a helper returning a method of its argument, called with request data",
      code: h + "from django.urls import reverse\nclass Delete(View):\n    def post(self, request):\n        return redirect(self.target(request, request.GET['next']))\n\n    def target(self, request, nxt):\n        if request.GET.get('cursor'):\n            return reverse('account') + '?cursor=' + request.GET['cursor']\n        return nxt.strip()\n",
      errors: [{ messageId: "fromSource", line: 7 }],
    },
    {
      name: "a helper whose other return is the request's URL",
      code: h + "from django.urls import reverse\nclass Delete(View):\n    def post(self, request, id):\n        item = get_object_or_404(Item, id=id)\n        return redirect(self.target(request, item))\n\n    def target(self, request, item):\n        if request.GET.get('cursor'):\n            return reverse('account') + '?cursor=' + request.GET['cursor']\n        if item.post:\n            return item.post.get_absolute_url()\n        return request.GET['next']\n",
      errors: [{ messageId: "fromSource", line: 8 }],
    },
    { name: "the next parameter, falling back to the object's get_absolute_url()", code: h + "def v(request, pk):\n    obj = get_object_or_404(Thing, pk=pk)\n    return redirect(request.GET.get('next') or obj.get_absolute_url())\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "a get_absolute_url() result with the next parameter appended", code: h + "def v(request, pk):\n    obj = get_object_or_404(Thing, pk=pk)\n    url = request.GET['next'] + obj.get_absolute_url()\n    return redirect(url)\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "an empty string then += the request's URL", code: h + "def v(request):\n    url = ''\n    url += request.GET['next']\n    return redirect(url)\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "the request's URL then += a query string", code: h + "def v(request):\n    url = request.GET['next']\n    url += '?x=1'\n    return redirect(url)\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "an is_safe_url defined elsewhere is not known", code: "from django.http import HttpResponseRedirect\nfrom .checks import is_safe_url\n\ndef done(request):\n    to = request.GET.get('next', '')\n    if is_safe_url(to):\n        pass\n    return HttpResponseRedirect(to)\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "request value right after the leading slash (//evil.example)", code: h + "def v(request):\n    code = request.GET.get('lang', 'en')\n    return redirect(f'/{code}/')\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "startswith('/') lets //evil.example through", code: h + "def v(request):\n    nxt = request.GET.get('next', '/')\n    if nxt.startswith('/'):\n        return redirect(nxt)\n    return redirect('/')\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "next parameter", code: h + "def v(request):\n    nxt = request.GET.get('next', '/')\n    return redirect(nxt)\n",
      errors: [{ messageId: "fromVariable", line: 6, messageIncludes: "reaches `redirect` (line 6)" }] },
    { name: "urlencode with safe= keeps slashes", code: h + "from urllib.parse import urlencode\ndef v(request):\n    return redirect(urlencode({'u': request.GET['u']}, safe='/:'))\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "QueryDict.urlencode with safe= keeps slashes", code: h + "def v(request):\n    return redirect(request.GET.urlencode(safe='/'))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "redirect back to the Referer header", code: h + "def v(request):\n    return HttpResponseRedirect(request.META.get('HTTP_REFERER'))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "next parameter falling back to the Referer", code: h + "def v(request):\n    return redirect(request.GET.get('next', request.META.get('HTTP_REFERER', '/')))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "the raw query string formatted after '?' by a helper given a target the client chose", code: "from django.views.generic import RedirectView\n\nclass Guard(RedirectView):\n    def format_redirect_url(self, url):\n        args = self.request.META.get('QUERY_STRING', '')\n        return '%s?%s' % (url, args)\n\n    def get_redirect_url(self, *args, **kwargs):\n        return self.format_redirect_url(self.request.GET['next'])\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "request data formatted before the '?' by a helper", code: "from django.urls import reverse_lazy\nfrom django.views.generic import RedirectView\n\nclass Guard(RedirectView):\n    login_url = reverse_lazy('login')\n\n    def format_redirect_url(self, url):\n        host = self.request.GET.get('host', '')\n        return '%s%s?next=1' % (host, url)\n\n    def get_redirect_url(self, *args, **kwargs):\n        return self.format_redirect_url(self.login_url)\n", errors: [{ messageId: "fromVariable", line: 12 }] },
    { name: "encoded query after a base the client chose", code: "from django.views.generic import UpdateView\n\nclass Edit(UpdateView):\n    def with_query(self, url):\n        return url + '?' + self.request.GET.urlencode()\n\n    def get_success_url(self):\n        return self.with_query(self.request.GET['next'])\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "protocol-relative prefix is not fixed", code: h + "def v(request):\n    return HttpResponseRedirect('//' + request.GET['host'])\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "urljoin of a settings URL and the parameter alone (//evil.example replaces the host)", code: h + "import urllib.parse\nfrom django.conf import settings\ndef v(request, uuid):\n    return HttpResponseRedirect(urllib.parse.urljoin(settings.RECORDS_URL, f'{uuid}'))\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "urljoin of a settings URL and a reference starting with /", code: h + "from urllib.parse import urljoin\nfrom django.conf import settings\ndef v(request):\n    return redirect(urljoin(settings.RECORDS_URL, '/' + request.GET['id']))\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "urljoin onto a base the client sends", code: h + "from urllib.parse import urljoin\ndef v(request):\n    return redirect(urljoin(request.GET['base'], 'records/'))\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "guard on another variable", code: h + "def v(request):\n    nxt = request.GET['next']\n    home = '/'\n    if url_has_allowed_host_and_scheme(home, None):\n        return redirect(nxt)\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    {
      name: "flag checked before the value changed",
      code: h + "def v(request):\n    nxt = request.GET.get('next', '/')\n    ok = url_has_allowed_host_and_scheme(nxt, None)\n    nxt = request.GET['other']\n    if ok:\n        return redirect(nxt)\n",
      errors: [{ messageId: "fromVariable", line: 9 }],
    },
    {
      name: "flag reassigned before use",
      code: h + "def v(request):\n    nxt = request.GET['next']\n    ok = url_has_allowed_host_and_scheme(nxt, None)\n    ok = True\n    return redirect(nxt if ok else '/')\n",
      errors: [{ messageId: "fromVariable", line: 8 }],
    },
    { name: "conditional expression with the unchecked side", code: h + "def v(request):\n    nxt = request.GET['next']\n    return redirect('/' if url_has_allowed_host_and_scheme(nxt, None) else nxt)\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "request value as the replacement text", code: h + "def v(request):\n    return redirect('/go/NEXT'.replace('/go/NEXT', request.GET['next']))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "request text before a literal '?'", code: h + "def v(request):\n    return redirect(request.GET['next'] + '?x=1')\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "an app settings module's URL directly followed by request text", code: h + "from myapp.conf import settings\ndef v(request):\n    return redirect(settings.BASE + request.GET['p'])\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "an unknown clean base and request text before the literal '?'", code: h + "def v(request):\n    return redirect(pick_base() + request.GET['p'] + '?x=1')\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "'?'.join with the request text first", code: h + "def v(request, url):\n    return redirect('?'.join([request.GET['next'], 'x=1']))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "''.join of an unknown clean base and request text (no '?' between)", code: h + "def v(request):\n    return redirect(''.join([pick_base(), request.GET['p']]))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "'?'.join after a starred list that may be empty", code: h + "def v(request):\n    return redirect('?'.join([*pick_parts(), request.GET['next']]))\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "settings prefix without a slash", code: h + "from django.conf import settings\ndef v(request):\n    return redirect(f\"{settings.FRONTEND_URL}{request.GET['path']}\")\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "class-attribute template that starts with the route value", code: "from django.http import HttpResponseRedirect\nfrom django.views.generic import View\n\nclass Go(View):\n    redirect_url = '%(target)s'\n\n    def get(self, request, *args, **kwargs):\n        return HttpResponseRedirect(self.redirect_url % kwargs)\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "class-attribute template replaced by request data in the method", code: "from django.http import HttpResponseRedirect\nfrom django.views.generic import View\n\nclass Go(View):\n    redirect_url = '/home/%(x)s'\n\n    def get(self, request, *args, **kwargs):\n        self.redirect_url = request.GET['next']\n        return HttpResponseRedirect(self.redirect_url % kwargs)\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "resolve() failure ignored", code: h + "from django.urls import Resolver404, resolve\ndef v(request):\n    nxt = request.GET['next']\n    try:\n        resolve(nxt)\n    except Resolver404:\n        pass\n    return redirect(nxt)\n", errors: [{ messageId: "fromVariable", line: 11 }] },
    { name: "a module check that accepts what resolve() refuses", code: h + "from django.urls import Resolver404, resolve\n\ndef is_external(url):\n    try:\n        resolve(url)\n        return False\n    except Resolver404:\n        return True\n\ndef v(request):\n    nxt = request.GET['next']\n    if is_external(nxt):\n        return redirect(nxt)\n    return redirect('/')\n", errors: [{ messageId: "fromVariable", line: 16 }] },
    { name: "CBV self.request", path: "shop/views/auth.py", code: h + "class Login:\n    def form_valid(self, form):\n        return HttpResponseRedirect(self.request.POST['next'])\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "get_success_url returns the next parameter", code: "from django.views.generic import UpdateView\n\nclass Edit(UpdateView):\n    def get_success_url(self):\n        return self.request.GET.get('next', '/')\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "RedirectView.get_redirect_url returns a query value", code: "from django.views.generic import RedirectView\n\nclass Go(RedirectView):\n    def get_redirect_url(self, *args, **kwargs):\n        target = self.request.GET['to']\n        return target\n", errors: [{ messageId: "fromVariable", line: 6 }] },
  ],
});

describe("open-redirect severity", () => {
  it.each([
    ["Referer header: low", "    return HttpResponseRedirect(request.META.get('HTTP_REFERER'))\n", "low"],
    ["Referer through request.headers: low", "    back = request.headers.get('Referer', '/')\n    return redirect(back)\n", "low"],
    ["a next parameter with the Referer as fallback: the rule's own", "    return redirect(request.GET.get('next', request.META.get('HTTP_REFERER')))\n", rule.severity],
    ["a query parameter: the rule's own", "    return redirect(request.GET['next'])\n", rule.severity],
    ["Referer with a reverse() fallback: low", "    return HttpResponseRedirect(request.headers.get('referer', reverse('admin:shop_order_changelist')))\n", "low"],
    ["Referer with a query parameter as fallback: the rule's own", "    return HttpResponseRedirect(request.headers.get('referer', request.GET.get('next', '/')))\n", rule.severity],
  ])("%s", (_name, body, severity) => {
    expect(runRule(rule, h + "def v(request):\n" + body).findings.map((f) => f.severity)).toEqual([severity]);
  });
});

describe("open-redirect: a target only the POST body carries", () => {
  const post = "from django.contrib.auth.mixins import PermissionRequiredMixin\nfrom django.views.generic import View\n" + h;
  const confidence = (code: string, context: Record<string, string> = {}) => runRule(rule, code, "shop/views.py", context).findings.map((f) => f.confidence);
  const publish = (extra = "", decorator = "") =>
    post + decorator + "class Publish(PermissionRequiredMixin, View):\n    def post(self, request, *args, **kwargs):\n        return HttpResponseRedirect(self.get_next())\n\n" +
    "    def get_next(self):\n        if 'referrer' in self.request.POST:\n            return self.request.POST['referrer']\n        return '/'\n" + extra;
  it("is low confidence for a POST field in a CSRF-protected view that never reads it from the query string", () => {
    expect(confidence(publish())).toEqual(["low"]);
    expect(confidence(h + "from django.views.decorators.http import require_POST\n@require_POST\ndef rejudge(request):\n    target = request.POST.get('path', None)\n    return HttpResponseRedirect(target) if target else redirect('/')\n")).toEqual(["low"]);
    expect(confidence(post + "from .forms import LanguageForm\nclass Change(View):\n    def post(self, request):\n        form = LanguageForm(request.POST)\n        if form.is_valid():\n            return redirect(form.cleaned_data['redirect_url'])\n        return redirect('/')\n")).toEqual(["low"]);
  });
  it("keeps its confidence when the view reads the same key from the query string (a link pre-fills the form)", () => {
    expect(confidence(publish("\n    def get(self, request):\n        return render(request, 'f.html', {'referrer': request.GET.get('referrer')})\n"))).toEqual(["high"]);
    expect(confidence(h + "def v(request):\n    return redirect(request.POST.get('next') or request.GET.get('next', '/'))\n")).toEqual(["high"]);
  });
  it("keeps its confidence in a login flow and in a csrf_exempt view", () => {
    expect(confidence(h + "from django.contrib.auth import authenticate, login\ndef sign_in(request):\n    user = authenticate(request, username=request.POST['u'], password=request.POST['p'])\n    login(request, user)\n    return redirect(request.POST['next'])\n")).toEqual(["high"]);
    expect(confidence(post + "from django.contrib.auth.views import LoginView\nclass TwoFactorLoginView(LoginView):\n    def post(self, request):\n        return redirect(request.POST['next'])\n")).toEqual(["high"]);
    expect(confidence(publish("", "from django.utils.decorators import method_decorator\nfrom django.views.decorators.csrf import csrf_exempt\n@method_decorator(csrf_exempt, name='dispatch')\n"))).toEqual(["high"]);
    expect(confidence(publish(), { "shop/urls.py": "from django.urls import path\nfrom django.views.decorators.csrf import csrf_exempt\nfrom . import views\nurlpatterns = [path('p/', csrf_exempt(views.Publish.as_view()))]\n" })).toEqual(["high"]);
  });
  it("keeps its confidence for a form bound to the query string", () => {
    expect(confidence(h + "from .forms import NextForm\ndef v(request):\n    form = NextForm(request.GET)\n    if form.is_valid():\n        return redirect(form.cleaned_data['next'])\n    return redirect('/')\n")).toEqual(["high"]);
  });
});

describe("open-redirect: the request's own Host header", () => {
  const confidence = (source: string) =>
    runRule(rule, h + `def v(request):\n    return redirect('https://' + ${source} + '/api/')\n`).findings.map((f) => f.confidence);
  it("is low confidence for headers['host'] and .get('host'); get_host() (checked against ALLOWED_HOSTS) is no source", () => {
    expect(confidence("request.headers['host']")).toEqual(["low"]);
    expect(confidence("request.headers.get('host', '')")).toEqual(["low"]);
    expect(confidence("request.get_host()")).toEqual([]);
  });
  it("keeps the rule's confidence for a header an attacker's link can set", () => {
    expect(confidence("request.GET['host']")).toEqual(["high"]);
  });
});

describe("open-redirect: a view argument a project decorator supplies", () => {
  const decorators = "from functools import wraps\nfrom django.shortcuts import get_object_or_404\nfrom .models import Thing\n\ndef with_thing(func):\n    @wraps(func)\n    def inner(request, slug, *args, **kwargs):\n        return func(request, get_object_or_404(Thing, slug=slug), *args, **kwargs)\n    return inner\n";
  const view = (deco: string, param: string) =>
    "from django.shortcuts import redirect\nfrom django.views.decorators.http import require_POST\nfrom .decorators import with_thing\n\n" + deco + `def act(request, ${param}):\n    return redirect(${param})\n`;
  const confidence = (code: string, urls: string | null) =>
    runRule(rule, code, "shop/views.py", urls === null ? { "shop/decorators.py": decorators } : { "shop/decorators.py": decorators, "shop/urls.py": urls }).findings.map((f) => f.confidence);
  const urls = (capture: string) => `from django.urls import path\nfrom . import views\n\nurlpatterns = [path("<${capture}>/act/", views.act)]\n`;

  it("is low confidence when no URL pattern captures the argument and a project decorator wraps the view", () => {
    expect(confidence(view("@require_POST\n@with_thing\n", "thing"), urls("slug:slug"))).toEqual(["low"]);
  });
  it("keeps the rule's confidence when a URL pattern captures the argument itself", () => {
    expect(confidence(view("@require_POST\n@with_thing\n", "url"), urls("path:url"))).toEqual(["high"]);
  });
  it("keeps the rule's confidence when only Django's decorators wrap the view", () => {
    expect(confidence(view("@require_POST\n", "thing"), urls("slug:slug"))).toEqual(["high"]);
  });
  it("keeps the rule's confidence when the project's URLconf is not known", () => {
    expect(confidence(view("@with_thing\n", "thing"), null)).toEqual(["high"]);
  });
});

describe("open-redirect: a view keyword argument only the URLconf's kwargs dict can fill", () => {
  const view = (params: string) => `from django.shortcuts import redirect\n\ndef register(request, ${params}):\n    if request.method == "POST":\n        return redirect(success_url or "/done/")\n    return redirect("/")\n`;
  const confidence = (code: string, urls: string | null) =>
    runRule(rule, code, "accounts/views.py", urls === null ? {} : { "accounts/urls.py": urls }).findings.map((f) => f.confidence);
  const kwargsUrls = 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("register/", views.register, {"success_url": "/welcome/"})]\n';
  it("is low confidence when no URL pattern captures the argument and it has a default", () => {
    expect(confidence(view("success_url=None"), kwargsUrls)).toEqual(["low"]);
  });
  it("keeps the rule's confidence when a URL pattern captures it", () => {
    expect(confidence(view("success_url=None"), 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("register/<path:success_url>", views.register)]\n')).toEqual(["high"]);
  });
  it("keeps the rule's confidence when the project's URLconf is not known", () => {
    expect(confidence(view("success_url=None"), null)).toEqual(["high"]);
  });
  it("keeps the rule's confidence for an argument without a default", () => {
    expect(confidence(view("success_url"), kwargsUrls)).toEqual(["high"]);
  });
});

describe("open-redirect: router-captured viewset arguments stay URL parameters", () => {
  it("keeps the rule's confidence for a lookup_url_kwarg a router captures, under a project decorator", () => {
    const code = "from django.shortcuts import redirect\nfrom rest_framework import viewsets\nfrom .decorators import audited\n\nclass Links(viewsets.ViewSet):\n    lookup_url_kwarg = 'target'\n\n    @audited\n    def retrieve(self, request, target=None):\n        return redirect(target)\n";
    const urls = "from rest_framework.routers import DefaultRouter\nfrom . import views\nrouter = DefaultRouter()\nrouter.register('links', views.Links, basename='links')\nurlpatterns = router.urls\n";
    const found = runRule(rule, code, "shop/views.py", { "shop/urls.py": urls, "shop/decorators.py": "def audited(f):\n    return f\n" }).findings.map((f) => f.confidence);
    expect(found).toEqual(["high"]);
  });
});

describe("open-redirect: resolve() is no check when some route matches every path", () => {
  const code = h + "from django.urls import Resolver404, resolve\ndef v(request):\n    nxt = request.GET.get('next') or '/'\n    try:\n        resolve(nxt)\n    except Resolver404:\n        nxt = '/'\n    return redirect(nxt)\n";
  const found = (urls: string) => runRule(rule, code, "shop/views.py", { "shop/urls.py": urls }).findings.map((f) => f.line);
  it.each([
    ["a regex route of .*", "from django.urls import re_path\nfrom . import views\nurlpatterns = [re_path(r'^(?P<path>.*)$', views.spa)]\n"],
    ["a leading <path:> converter", "from django.urls import path\nfrom . import views\nurlpatterns = [path('<path:page>', views.cms_page)]\n"],
  ])("reports the target after %s (resolve('//evil.example/') matches it)", (_name, urls) => {
    expect(found(urls)).toEqual([11]);
  });
  it("stays quiet when the routes only match the site's own paths", () => {
    expect(found("from django.urls import path\nfrom . import views\nurlpatterns = [path('docs/<path:page>', views.doc), path('', views.home)]\n")).toEqual([]);
  });
});

describe("open-redirect: '/' then a URL parameter every route keeps within one path segment", () => {
  const view = (target: string) => `from django.http import HttpResponseRedirect\n\ndef go(request, username):\n    return HttpResponseRedirect(${target})\n`;
  const lines = (target: string, urls: Record<string, string>) => runRule(rule, view(target), "accounts/views.py", urls).findings.map((f) => f.line);
  const urls = (...routes: string[]) => ({ "accounts/urls.py": `from django.urls import path, re_path\nfrom . import views\n\nurlpatterns = [\n    ${routes.join(",\n    ")},\n]\n` });

  it.each([
    ["a character class without '/' or '\\\\'", urls(String.raw`re_path(r"^(?P<username>[\w.@+-]+)/go/$", views.go)`)],
    ["a <slug:> converter", urls(`path("<slug:username>/go/", views.go)`)],
    ["a negated class that leaves out both '/' and '\\\\'", urls(String.raw`re_path(r"^(?P<username>[^/\\]+)/go/$", views.go)`)],
  ])("stays quiet for f'/{username}' when routes capture it with %s", (_name, routes) => {
    expect(lines('f"/{username}"', routes)).toEqual([]);
  });

  it("reads a username pattern built from another module's constant", () => {
    const files = {
      "accounts/constants.py": 'USER_RE = (\n    r"(?:[\\w.-]+(?<!\\.json))|"\n    r"[\\w.%+-]+@[\\w.-]+\\.[a-zA-Z]{2,}"\n)\n',
      "accounts/urls.py": 'from django.urls import re_path\nfrom . import views\nfrom .constants import USER_RE\n\n_USER = rf"(?P<username>{USER_RE})"\n\nurlpatterns = [\n    re_path(\n        rf"^{_USER}/go/$",\n        views.go,\n    ),\n]\n',
    };
    expect(lines('"/%s" % username', files)).toEqual([]);
  });

  it.each([
    ["[^/]+ (lets '\\\\' through: /\\\\evil.example)", urls(String.raw`re_path(r"^(?P<username>[^/]+)/go/$", views.go)`)],
    ["a <str:> converter", urls(`path("<str:username>/go/", views.go)`)],
    ["a pattern that may match nothing", urls(String.raw`re_path(r"^(?P<username>[\w]*)/go/$", views.go)`)],
    ["a second route with [^/]+", urls(String.raw`re_path(r"^(?P<username>[\w.]+)/go/$", views.go)`, String.raw`re_path(r"^u/(?P<username>[^/]+)/$", views.go)`)],
    ["a second route whose pattern is a variable", urls(String.raw`re_path(r"^(?P<username>[\w.]+)/go/$", views.go)`, "re_path(OTHER_PATTERN, views.go)")],
    ["a formatted pattern whose constant is not known", urls(String.raw`re_path(rf"^(?P<username>{UNKNOWN})/go/$", views.go)`)],
  ])("still reports f'/{username}' when %s", (_name, routes) => {
    expect(lines('f"/{username}"', routes)).toEqual([4]);
  });

  it("still reports '//' then the parameter", () => {
    expect(lines('f"//{username}"', urls(String.raw`re_path(r"^(?P<username>[\w.@+-]+)/go/$", views.go)`))).toEqual([4]);
  });
});

describe("open-redirect: a target the view checks with a project function one hop away", () => {
  const utils =
    "from django.urls import Resolver404, resolve\nfrom django.utils.http import url_has_allowed_host_and_scheme\n\n" +
    "def is_local(url):\n    return url_has_allowed_host_and_scheme(url, allowed_hosts=None)\n\n" +
    "def routes_here(path):\n    try:\n        resolve(path)\n    except Resolver404:\n        return False\n    return True\n\n" +
    "def relative_only(target):\n    return target.startswith('/') and not target.startswith('//')\n\n" +
    "def tidy(url):\n    return url.strip()\n";
  const view = (body: string) => `from django.shortcuts import redirect\nfrom .utils import is_local, routes_here, relative_only, tidy\n\ndef go(request):\n    url = request.GET.get('next', '/')\n${body}`;
  const confidence = (body: string, files: Record<string, string> = { "shop/utils.py": utils }) => runRule(rule, view(body), "shop/views.py", files).findings.map((f) => f.confidence);

  it.each([
    ["wraps url_has_allowed_host_and_scheme()", "    if is_local(url):\n        return redirect(url)\n    return redirect('/')\n"],
    ["resolve()s the path", "    if not routes_here(url):\n        url = '/'\n    return redirect(url)\n"],
    ["refuses '//'", "    if relative_only(url):\n        return redirect(url)\n    return redirect('/')\n"],
  ])("is low confidence when the view passes the target to a helper that %s", (_name, body) => {
    expect(confidence(body)).toEqual(["low"]);
  });
  it("is low confidence for a helper that checks its second parameter, given the target there", () => {
    const files = { "shop/utils.py": "from django.utils.http import url_has_allowed_host_and_scheme\n\ndef allowed(request, target):\n    return url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})\n" };
    const code = "from django.shortcuts import redirect\nfrom .utils import allowed\n\ndef go(request):\n    url = request.GET.get('next', '/')\n    if allowed(request, url):\n        return redirect(url)\n    return redirect('/')\n";
    expect(runRule(rule, code, "shop/views.py", files).findings.map((f) => f.confidence)).toEqual(["low"]);
  });
  it("keeps the rule's confidence when the target goes to the helper as an argument it does not check", () => {
    // The helper checks `next` and returns `default` unchecked: passing the target as the default checks nothing.
    const files = {
      "shop/utils.py":
        "from django.utils.http import url_has_allowed_host_and_scheme\n\ndef get_redirect_url(request, default='/', next=None):\n    next = next or request.GET.get('next')\n    if not url_has_allowed_host_and_scheme(url=next, allowed_hosts=None):\n        next = None\n    return next or default\n",
    };
    const code = "from django.shortcuts import redirect\nfrom .utils import get_redirect_url\n\ndef go(request, url):\n    if url == '/':\n        url = get_redirect_url(request, default=url)\n    return redirect(url)\n";
    expect(runRule(rule, code, "shop/views.py", files).findings.map((f) => f.confidence)).toEqual(["high"]);
  });
  it("keeps the rule's confidence when the helper checks nothing", () => {
    expect(confidence("    if tidy(url):\n        return redirect(url)\n    return redirect('/')\n")).toEqual(["high"]);
  });
  it("keeps the rule's confidence when the check is on another value", () => {
    expect(confidence("    back = request.GET.get('back', '/')\n    if is_local(back):\n        pass\n    return redirect(url)\n")).toEqual(["high"]);
  });
  it("keeps the rule's confidence when the helper's module is not in sight", () => {
    expect(confidence("    if is_local(url):\n        return redirect(url)\n    return redirect('/')\n", {})).toEqual(["high"]);
  });
  it("keeps the rule's confidence when the check comes after the redirect", () => {
    expect(confidence("    response = redirect(url)\n    is_local(url)\n    return response\n")).toEqual(["high"]);
  });
});

describe("open-redirect: a target the view checks for a host itself", () => {
  const confidence = (body: string) =>
    runRule(rule, `from urllib.parse import urlparse\nfrom django.shortcuts import redirect\n\ndef go(request):\n    url = request.GET.get('next', '/')\n${body}`, "shop/views.py").findings.map((f) => f.confidence);
  it.each([
    ["refusing '//' after requiring '/'", "    if url.startswith('/') and not url.startswith('//'):\n        return redirect(url)\n    return redirect('/')\n"],
    ["resetting it unless local", "    if not url.startswith('/') or url.startswith('//'):\n        url = '/'\n    return redirect(url)\n"],
    ["reading urlparse(url).netloc", "    if urlparse(url).netloc:\n        url = '/'\n    return redirect(url)\n"],
  ])("is low confidence when %s", (_name, body) => {
    expect(confidence(body)).toEqual(["low"]);
  });
  it("keeps the rule's confidence for startswith('/') alone ('//evil.example' starts with '/')", () => {
    expect(confidence("    if url.startswith('/'):\n        return redirect(url)\n    return redirect('/')\n")).toEqual(["high"]);
  });
  it("keeps the rule's confidence when another value is checked", () => {
    expect(confidence("    back = request.GET.get('back', '')\n    if urlparse(back).netloc:\n        back = '/'\n    return redirect(url)\n")).toEqual(["high"]);
  });
});

describe("open-redirect: a target the victim's browser sends, not the attacker's link", () => {
  const confidence = (source: string) => runRule(rule, `from django.shortcuts import redirect\n\ndef back(request):\n    return redirect(${source})\n`, "shop/views.py").findings.map((f) => f.confidence);
  it.each([["request.COOKIES.get('back')"], ["request.COOKIES['back']"], ["request.headers.get('X-Return-To')"], ["request.META.get('HTTP_X_RETURN_TO')"]])("is low confidence for %s", (source) => {
    expect(confidence(source)).toEqual(["low"]);
  });
  // A POST body field is low only when nothing lets a link choose it (see "a target only the POST body carries").
  it.each([["request.GET.get('back')"], ["request.POST.get('back') or request.GET.get('back')"], ["request.META['QUERY_STRING']"]])("keeps the rule's confidence for %s", (source) => {
    expect(confidence(source)).toEqual(["high"]);
  });
});

describe("open-redirect: a header read as an attribute of request.META", () => {
  const found = (source: string) =>
    runRule(rule, h + `from django.http import HttpResponseRedirect\n\ndef v(request):\n    return HttpResponseRedirect(${source} or "/")\n`).findings.map((f) => `${f.severity}:${f.confidence}`);
  it("is low confidence for request.META.HTTP_REFERER (a header the browser sets); request.GET keeps the rule's confidence", () => {
    expect(found("request.META.HTTP_REFERER")).toEqual(["medium:low"]);
    expect(found("request.GET.get('next')")).toEqual(["medium:high"]);
  });
});
