import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-header.js";

const h = "from django.http import HttpResponse\nfrom urllib.parse import quote\n";

testRule(rule, {
  valid: [
    { name: "constant header", code: h + "def v(request):\n    response = HttpResponse('x')\n    response['Cache-Control'] = 'no-store'\n    return response\n" },
    { name: "URL-quoted value", code: h + "def v(request):\n    response = HttpResponse('x')\n    response['Content-Disposition'] = 'attachment; filename=' + quote(request.GET['n'])\n    return response\n" },
    { name: "dict that is not a response", code: h + "def v(request):\n    context = {}\n    context['name'] = request.GET['n']\n    return HttpResponse('x')\n" },
  ],
  invalid: [
    { name: "content disposition: the file name only", code: h + "def v(request):\n    response = HttpResponse(b'...')\n    response['Content-Disposition'] = f\"attachment; filename={request.GET['name']}\"\n    return response\n", errors: [{ messageId: "minorFromSource", line: 5, messageIncludes: "`content-disposition`" }] },
    { name: "headers mapping, a language tag", code: h + "def v(request):\n    resp = HttpResponse('x')\n    lang = request.GET['lang']\n    resp.headers['Content-Language'] = lang\n    return resp\n", errors: [{ messageId: "minorFromVariable", line: 6 }] },
    { name: "headers argument, a trace id", code: h + "def v(request):\n    return HttpResponse('x', headers={'X-Trace': request.META['HTTP_X_TRACE']})\n", errors: [{ messageId: "minorFromSource", line: 4 }] },
    { name: "reflected Origin in Access-Control-Allow-Origin", code: h + "def v(request):\n    response = HttpResponse('x')\n    response['Access-Control-Allow-Origin'] = request.META.get('HTTP_ORIGIN')\n    return response\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "a preflight echoing the headers the browser asked for: minor", code: h + "def v(request):\n    response = HttpResponse()\n    response['Access-Control-Allow-Headers'] = request.META.get('HTTP_ACCESS_CONTROL_REQUEST_HEADERS', '')\n    return response\n", errors: [{ messageId: "minorFromSource", line: 5 }] },
    { name: "Access-Control-Allow-Credentials chosen by the client", code: h + "def v(request):\n    response = HttpResponse()\n    response['Access-Control-Allow-Credentials'] = request.GET['c']\n    return response\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "Location from the query", code: h + "def v(request):\n    response = HttpResponse(status=302)\n    response.headers['Location'] = request.GET['next']\n    return response\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "Content-Type chosen by the client", code: h + "def v(request):\n    response = HttpResponse(b'...')\n    response.setdefault('Content-Type', request.GET['type'])\n    return response\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "Set-Cookie in the headers argument, beside a constant header", code: h + "def v(request):\n    return HttpResponse('x', headers={'Cache-Control': 'no-store', 'Set-Cookie': 'theme=' + request.GET['t']})\n", errors: [{ messageId: "fromSource", line: 4 }] },
    { name: "headers passed as a variable", code: h + "def v(request):\n    hs = {'X-A': request.GET['a']}\n    return HttpResponse('x', headers=hs)\n", errors: [{ messageId: "fromVariable", line: 5 }] },
  ],
});

describe("tainted-header severity and confidence", () => {
  const run = (body: string) => runRule(rule, h + "def v(request):\n" + body).findings.map((f) => `${f.severity}/${f.confidence}`);
  it("keeps a hazardous header at the rule's level", () => {
    expect(run("    response = HttpResponse('x')\n    response['Location'] = request.GET['n']\n    return response\n")).toEqual([`${rule.severity}/${rule.confidence}`]);
  });
  it("reports a download file name at low severity", () => {
    expect(run("    response = HttpResponse('x')\n    response['Content-Disposition'] = 'attachment; filename=' + request.GET['n']\n    return response\n")).toEqual([`low/${rule.confidence}`]);
  });
  it("reports a Location at low severity when its fixed start settles the site, and at the rule's level otherwise", () => {
    const location = (value: string) => run(`    response = HttpResponse(status=302)\n    response['Location'] = ${value}\n    return response\n`);
    expect(location("'https://example.com/docs/' + request.GET['n']")).toEqual([`low/${rule.confidence}`]);
    expect(location("f\"/items/{request.GET['n']}\"")).toEqual([`low/${rule.confidence}`]);
    // `//evil.example` and `https://evil.example` stay open.
    expect(location("'/' + request.GET['n']")).toEqual([`${rule.severity}/${rule.confidence}`]);
    expect(location("'https://' + request.GET['n']")).toEqual([`${rule.severity}/${rule.confidence}`]);
    expect(location("request.build_absolute_uri().replace(request.get_full_path(), '/' + request.GET['n'])")).toEqual([`${rule.severity}/${rule.confidence}`]);
  });
  it("reports a Location of '/' and a URL parameter every route keeps in one segment at low severity, and at the rule's level with <path:>", () => {
    const code = h + "def profile(request, username):\n    response = HttpResponse(status=302)\n    response['Location'] = f'/{username}/submission'\n    return response\n";
    const scan = (route: string) =>
      runRule(rule, code, "shop/views.py", { "shop/urls.py": `from django.urls import path\nfrom . import views\nurlpatterns = [path('${route}', views.profile)]\n` }).findings.map((f) => f.severity);
    expect(scan("u/<slug:username>/")).toEqual(["low"]);
    expect(scan("u/<path:username>/")).toEqual([rule.severity]);
  });
  it("reports a header it cannot name at low confidence", () => {
    expect(run("    hs = {'X-A': request.GET['a']}\n    return HttpResponse('x', headers=hs)\n")).toEqual([`${rule.severity}/low`]);
  });
});
