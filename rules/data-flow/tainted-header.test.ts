import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-header.js";

const h = "from django.http import HttpResponse\nfrom urllib.parse import quote\n";

testRule(rule, {
  valid: [
    { name: "constant header", code: h + "def v(request):\n    response = HttpResponse('x')\n    response['Cache-Control'] = 'no-store'\n    return response\n" },
    { name: "URL-quoted value", code: h + "def v(request):\n    response = HttpResponse('x')\n    response['Content-Disposition'] = 'attachment; filename=' + quote(request.GET['n'])\n    return response\n" },
    { name: "dict that is not a response", code: h + "def v(request):\n    context = {}\n    context['name'] = request.GET['n']\n    return HttpResponse('x')\n" },
  ],
  invalid: [
    { name: "content disposition", code: h + "def v(request):\n    response = HttpResponse(b'...')\n    response['Content-Disposition'] = f\"attachment; filename={request.GET['name']}\"\n    return response\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "headers mapping", code: h + "def v(request):\n    resp = HttpResponse('x')\n    lang = request.GET['lang']\n    resp.headers['Content-Language'] = lang\n    return resp\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "headers argument", code: h + "def v(request):\n    return HttpResponse('x', headers={'X-Trace': request.META['HTTP_X_TRACE']})\n", errors: [{ messageId: "fromSource", line: 4 }] },
  ],
});
