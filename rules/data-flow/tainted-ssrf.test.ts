import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-ssrf.js";

const h = "import httpx\nimport requests\nfrom urllib.request import urlopen\n";

testRule(rule, {
  valid: [
    { name: "fixed host, request data in the path", code: h + "def v(request):\n    return requests.get(f\"https://api.example.com/items/{request.GET['id']}\").json()\n" },
    { name: "fixed host with format", code: h + "def v(request):\n    return httpx.get('https://api.example.com/search?q={}'.format(request.GET['q']))\n" },
    { name: "host from an allow-list", code: h + "HOSTS = {'a.example.com'}\ndef v(request):\n    host = request.GET['h']\n    if host in HOSTS:\n        return requests.get('https://' + host + '/status')\n" },
  ],
  invalid: [
    { name: "url parameter", code: h + "def v(request):\n    url = request.GET['url']\n    return requests.get(url, timeout=5).text\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "host interpolated", code: h + "def v(request):\n    return urlopen(f\"http://{request.GET['host']}/health\").read()\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "session object", code: h + "def v(request):\n    with requests.Session() as s:\n        return s.get(request.GET['u']).text\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "requests.request url keyword", code: h + "def v(request):\n    return requests.request('POST', url=request.data['hook'], json={})\n", errors: [{ messageId: "fromSource", line: 5 }] },
  ],
});
