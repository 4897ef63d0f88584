import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-ssrf.js";

const h = "import httpx\nimport requests\nfrom urllib.request import urlopen\n";

testRule(rule, {
  valid: [
    { name: "fixed host, request data in the path", code: h + "def v(request):\n    return requests.get(f\"https://api.example.com/items/{request.GET['id']}\").json()\n" },
    { name: "fixed host with format", code: h + "def v(request):\n    return httpx.get('https://api.example.com/search?q={}'.format(request.GET['q']))\n" },
    { name: "host from an allow-list", code: h + "HOSTS = {'a.example.com'}\ndef v(request):\n    host = request.GET['h']\n    if host in HOSTS:\n        return requests.get('https://' + host + '/status')\n" },
    { name: "parsed host checked against an allow-list", code: h + "from urllib.parse import urlparse\nALLOWED = {'a.example.com'}\ndef v(request):\n    url = request.GET['url']\n    if urlparse(url).hostname not in ALLOWED:\n        raise ValueError(url)\n    return requests.get(url).content\n" },
    { name: "netloc compared with a fixed host", code: h + "from urllib.parse import urlsplit\ndef v(request):\n    url = request.GET['url']\n    if urlsplit(url).netloc == 'cdn.example.com':\n        return requests.get(url).content\n" },
    { name: "module constant template with a fixed host, request data in the path", code: h + "RDAP_URL = 'https://rdap.example.com/rdap/domain/{domain}'\ndef v(request):\n    domain = request.GET.get('domain', '')\n    return requests.get(RDAP_URL.format(domain=domain), timeout=5).json()\n" },
    { name: "class constant template with a fixed host, positional placeholder", code: h + "class Lookup:\n    URL = 'https://api.example.com/items/{}/'\n    def get(self, request):\n        return requests.get(self.URL.format(request.GET['id'])).json()\n" },
    { name: "urljoin of a constant base and an absolute path", code: h + "from urllib.parse import urljoin\nBASE = 'https://api.example.com/v1/'\ndef v(request):\n    return requests.get(urljoin(BASE, '/items/' + request.GET['id'])).json()\n" },
    { name: "urljoin of a constant base and a query", code: h + "from urllib.parse import urljoin\nBASE = 'https://api.example.com/v1/'\ndef v(request):\n    return requests.get(urljoin(BASE, '?q=' + request.GET['q'])).json()\n" },
    { name: "host from a setting imported by name, route value in the path", code: h + "from mysite.settings.base import SITE_URL\ndef v(request, pk):\n    return requests.get(f\"{SITE_URL}/api/v2/entities/{pk}/\").json()\n" },
    { name: "host from a setting imported by name, request data urlencoded in a helper's query", code: h + "from urllib.parse import urlencode\nfrom .settings import API_URL\n\ndef api_url(text, page=None):\n    return f\"{API_URL}/search/?{urlencode({'text': text, 'page': page})}\"\n\ndef v(request):\n    return requests.get(api_url(request.GET.get('search'))).json()\n" },
  ],
  invalid: [
    { name: "allow-list check on the host, fetch when it fails", code: h + "from urllib.parse import urlparse\nALLOWED = {'a.example.com'}\ndef v(request):\n    url = request.GET['url']\n    if urlparse(url).hostname in ALLOWED:\n        return None\n    return requests.get(url).content\n", errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "host check on another value", code: h + "from urllib.parse import urlparse\ndef v(request):\n    url = request.GET['url']\n    if urlparse(request.GET['other']).hostname == 'a.example.com':\n        return requests.get(url).content\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "imported setting right before the request value (no slash)", code: h + "from mysite.settings import API_URL\ndef v(request):\n    return requests.get(f\"{API_URL}{request.GET['path']}\").json()\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "lower-case name imported from a settings module is not a setting", code: h + "from mysite.settings import base\ndef v(request):\n    return requests.get(f\"{base}/x/{request.GET['path']}\").json()\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "helper's fixed query base with the request value as the host", code: h + "def api_url(host):\n    return f\"https://{host}/search/?q=1\"\n\ndef v(request):\n    return requests.get(api_url(request.GET['host'])).json()\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "module constant template whose host is a placeholder", code: h + "TEMPLATE = 'https://{host}/status'\ndef v(request):\n    return requests.get(TEMPLATE.format(host=request.GET['host'])).json()\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "module constant template that starts with a placeholder", code: h + "TEMPLATE = '{}/status'\ndef v(request):\n    return requests.get(TEMPLATE.format(request.GET['base'])).json()\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "module constant reassigned is no constant", code: h + "URL = 'https://a.example.com/{}'\nURL = make_url()\ndef v(request):\n    return requests.get(URL.format(request.GET['p'])).json()\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "urljoin of a constant base and the whole request value (`//host` replaces the host)", code: h + "from urllib.parse import urljoin\nBASE = 'https://api.example.com/v1/'\ndef v(request):\n    return requests.get(urljoin(BASE, request.GET['path'])).json()\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "urljoin of a constant base and a bare slash before the request value", code: h + "from urllib.parse import urljoin\nBASE = 'https://api.example.com/v1/'\ndef v(request):\n    return requests.get(urljoin(BASE, '/' + request.GET['path'])).json()\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "url parameter", code: h + "def v(request):\n    url = request.GET['url']\n    return requests.get(url, timeout=5).text\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "host interpolated", code: h + "def v(request):\n    return urlopen(f\"http://{request.GET['host']}/health\").read()\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "session object", code: h + "def v(request):\n    with requests.Session() as s:\n        return s.get(request.GET['u']).text\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "requests.request url keyword", code: h + "def v(request):\n    return requests.request('POST', url=request.data['hook'], json={})\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "http.client connection to a request-chosen host", code: "import http.client\ndef v(request):\n    conn = http.client.HTTPSConnection(request.GET['host'])\n    conn.request('GET', '/')\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "aiohttp session get", code: "import aiohttp\nasync def v(request):\n    async with aiohttp.ClientSession() as s:\n        pass\n    session = aiohttp.ClientSession()\n    await session.get(request.GET['url'])\n", errors: [{ messageId: "fromSource", line: 6 }] },
  ],
});

describe("tainted-ssrf in development-only views", () => {
  const view = (gate: string) =>
    "import json\nimport requests\nfrom django.conf import settings\nfrom django.http import Http404, JsonResponse\n\ndef fetch(url):\n    return requests.get(url, timeout=5)\n\ndef dev_tools(request):\n" +
    gate +
    "    args = json.loads(request.body).get('args')\n    fetch(args[0])\n    return JsonResponse({})\n";
  const confidence = (gate: string) => runRule(rule, view(gate), "shop/views/dev.py").findings.map((f) => f.confidence);
  it("is low confidence when the view refuses unless DEBUG is on", () => {
    expect(confidence("    if not settings.DEBUG:\n        raise Http404()\n")).toEqual(["low"]);
  });
  it("is low confidence behind a development flag", () => {
    expect(confidence("    if not settings.DEV:\n        raise Http404()\n")).toEqual(["low"]);
  });
  it("keeps the rule's confidence behind a staff check", () => {
    expect(confidence("    if not request.user.is_staff:\n        raise Http404()\n")).toEqual([rule.confidence]);
  });
  it("keeps the rule's confidence when the gate is the other way round", () => {
    expect(confidence("    if settings.DEBUG:\n        raise Http404()\n")).toEqual([rule.confidence]);
  });
});

describe("tainted-ssrf in views only staff or superusers reach", () => {
  const conf = (code: string) => runRule(rule, h + code).findings.map((f) => `${f.line}:${f.confidence}`);
  const fetch = "requests.get(request.GET['url'], timeout=5)";
  it("is low confidence behind the admin's staff check, a staff test or a staff mixin", () => {
    expect(conf(`from django.contrib.admin.views.decorators import staff_member_required\n@staff_member_required\ndef probe(request):\n    return ${fetch}.json()\n`)).toEqual(["7:low"]);
    expect(conf(`from django.contrib.auth.decorators import user_passes_test\n@user_passes_test(lambda u: u.is_superuser)\ndef probe(request):\n    return ${fetch}.json()\n`)).toEqual(["7:low"]);
    expect(conf(`class ProviderCreate(StaffRequiredMixin, CreateView):\n    def get_initial(self):\n        return ${fetch.replace("request.", "self.request.")}.json()\n`)).toEqual(["6:low"]);
    expect(conf(`class Probe(UserPassesTestMixin, View):\n    def test_func(self):\n        return self.request.user.is_staff\n\n    def get(self, request):\n        return ${fetch}.json()\n`)).toEqual(["9:low"]);
  });
  it("keeps its confidence behind a login or a test that is not about staff", () => {
    expect(conf(`from django.contrib.auth.decorators import login_required\n@login_required\ndef probe(request):\n    return ${fetch}.json()\n`)).toEqual(["7:medium"]);
    expect(conf(`from django.contrib.auth.decorators import user_passes_test\n@user_passes_test(lambda u: u.is_active)\ndef probe(request):\n    return ${fetch}.json()\n`)).toEqual(["7:medium"]);
    expect(conf(`class Probe(UserPassesTestMixin, View):\n    def test_func(self):\n        return self.request.user.is_authenticated\n\n    def get(self, request):\n        return ${fetch}.json()\n`)).toEqual(["9:medium"]);
    expect(conf(`class Probe(LoginRequiredMixin, View):\n    def get(self, request):\n        return ${fetch}.json()\n`)).toEqual(["6:medium"]);
  });
});

describe("tainted-ssrf in a class whose base class of the module is an admin class", () => {
  const code = (bases: string) =>
    "import requests\nfrom django.contrib.admin import ModelAdmin\nclass BaseAdmin(ModelAdmin):\n    pass\n" +
    `class HookAdmin(${bases}):\n    def test_hook(self, request):\n        return requests.get(request.GET['url'], timeout=5)\n`;
  it("is low confidence through the module's base class, and at the rule's level otherwise", () => {
    expect(runRule(rule, code("BaseAdmin")).findings.map((f) => f.confidence)).toEqual(["low"]);
    expect(runRule(rule, code("object")).findings.map((f) => f.confidence)).toEqual([rule.confidence]);
  });
});

describe("tainted-ssrf confidence: does the request data decide where the URL points", () => {
  const conf = (body: string) =>
    runRule(rule, "import requests\nfrom django.conf import settings\n\ndef v(request):\n" + body).findings.map((f) => `${f.line}:${f.confidence}`);

  it("keeps a URL that is the request value, or that starts with it, at the rule's confidence", () => {
    expect(conf("    url = request.POST.get('webhook')\n    return requests.post(url, json={})\n")).toEqual([`6:${rule.confidence}`]);
    expect(conf("    return requests.get(request.GET['url'])\n")).toEqual([`5:${rule.confidence}`]);
    expect(conf("    return requests.get(request.GET['base'] + '/status')\n")).toEqual([`5:${rule.confidence}`]);
    expect(conf("    host = request.GET['host']\n    return requests.get(f'https://{host}/x')\n")).toEqual([`6:${rule.confidence}`]);
  });

  it("lists a URL that starts with a value of the code it cannot read at low confidence", () => {
    expect(conf("    return requests.get(get_base() + request.GET['path'])\n")).toEqual(["5:low"]);
    expect(conf("    return requests.get(f\"{settings.API_URL}{request.GET['path']}\")\n")).toEqual(["5:low"]);
    expect(conf("    return requests.get('{}{}'.format(settings.API_URL, request.GET['path']))\n")).toEqual([`5:${rule.confidence}`]);
  });
});

describe("tainted-ssrf after the view checks the URL's host", () => {
  const head = "import ipaddress\nimport socket\nimport requests\nfrom urllib.parse import urlparse\nfrom django.conf import settings\nfrom django.http import HttpResponse, HttpResponseNotFound\n\n";
  const conf = (code: string, context: Record<string, string> = {}) => runRule(rule, head + code, "shop/views.py", context).findings.map((f) => `${f.line}:${f.confidence}`);

  it("is low when the parsed host, kept in a variable, is in an allow-list from settings around the request", () => {
    const code =
      "def popup(request):\n    url = request.POST.get('url')\n    host = '{uri.hostname}'.format(uri=urlparse(url))\n" +
      "    if host in settings.ALLOWED_POPUP_HOSTS:\n        return HttpResponse(requests.get(url).content)\n    return HttpResponseNotFound()\n";
    expect(conf(code)).toEqual(["12:low"]);
  });
  it("is low after `if host not in ALLOWED: return`", () => {
    const code = "def popup(request):\n    url = request.POST['url']\n    host = urlparse(url).netloc\n    if host not in ['maps.example.com', 'tiles.example.com']:\n        return HttpResponseNotFound()\n    return HttpResponse(requests.get(url).content)\n";
    expect(conf(code)).toEqual(["13:low"]);
  });
  it("keeps its confidence for a deny-list, a substring test, or the request outside the allowed branch", () => {
    const deny = "def popup(request):\n    url = request.POST['url']\n    host = urlparse(url).hostname\n    if host in settings.BLOCKED_HOSTS:\n        return HttpResponseNotFound()\n    return HttpResponse(requests.get(url).content)\n";
    expect(conf(deny)).toEqual([`13:${rule.confidence}`]);
    const substring = "def popup(request):\n    url = request.POST['url']\n    host = urlparse(url).hostname\n    if host in 'maps.example.com':\n        return HttpResponse(requests.get(url).content)\n";
    expect(conf(substring)).toEqual([`12:${rule.confidence}`]);
    const outside = "def popup(request):\n    url = request.POST['url']\n    host = urlparse(url).hostname\n    if host in settings.ALLOWED_POPUP_HOSTS:\n        print('listed')\n    return HttpResponse(requests.get(url).content)\n";
    expect(conf(outside)).toEqual([`13:${rule.confidence}`]);
  });

  const rejectIps =
    "    def _reject_internal(self, ips):\n        for ip in ips:\n            if ip.is_loopback or ip.is_link_local or ip.is_private or ip.is_reserved:\n                raise ValueError('internal address')\n\n" +
    "    def _validate_url(self, url):\n        host = urlparse(url).hostname\n        ips = [ipaddress.ip_address(info[4][0]) for info in socket.getaddrinfo(host, None)]\n        self._reject_internal(ips)\n\n";
  const proxy = (call: string) =>
    "class DocumentViewSet:\n" + rejectIps +
    `    def proxy(self, request):\n        url = request.query_params.get('url', '')\n        try:\n${call}        except ValueError:\n            return HttpResponseNotFound()\n        return HttpResponse(requests.get(url, allow_redirects=False).content)\n`;

  it("is low after a method of the class that resolves the host and refuses internal addresses (through another method)", () => {
    expect(conf(proxy("            self._validate_url(url)\n"))).toEqual(["25:low"]);
  });
  it("is low after such a helper imported from another module of the project", () => {
    const net = "import ipaddress\nimport socket\nfrom urllib.parse import urlparse\n\ndef ensure_public_url(url):\n    for info in socket.getaddrinfo(urlparse(url).hostname, None):\n        if not ipaddress.ip_address(info[4][0]).is_global:\n            raise ValueError(url)\n";
    const code = "from shop.net import ensure_public_url\n\ndef fetch(request):\n    url = request.GET['url']\n    ensure_public_url(url)\n    return HttpResponse(requests.get(url).content)\n";
    expect(conf(code, { "shop/net.py": net })).toEqual(["13:low"]);
  });
  it("keeps its confidence when the helper checks another value, or checks nothing about addresses", () => {
    expect(conf(proxy("            self._validate_url(request.GET.get('other'))\n"))).toEqual([`25:${rule.confidence}`]);
    const schemeOnly = "def ensure_https(url):\n    if not url.startswith('https://'):\n        raise ValueError(url)\n\ndef fetch(request):\n    url = request.GET['url']\n    ensure_https(url)\n    return HttpResponse(requests.get(url).content)\n";
    expect(conf(schemeOnly)).toEqual([`15:${rule.confidence}`]);
  });
});
