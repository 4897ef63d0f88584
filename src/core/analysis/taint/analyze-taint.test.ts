import { buildImportTable } from "../imports.js";
import { parsePythonTree } from "../parse-python.js";
import { analyzeTaint } from "./analyze-taint.js";

function hits(code: string, path = "shop/views.py"): string[] {
  const root = parsePythonTree(code).rootNode;
  return analyzeTaint(root, buildImportTable(root), path).map((h) => `${h.kind}:${h.node.startPosition.row + 1}`);
}

const H = "from django.db import connection\nfrom django.http import HttpResponse\nfrom django.shortcuts import redirect\n";

// Line numbers below count the three import lines of H.
const cases: [string, string, string[]][] = [
  ["legacy request.REQUEST", H + "def v(request):\n    return redirect(request.REQUEST['next'])\n", ["redirect:5"]],
  ["an attribute of another object named REQUEST is not request data", H + "def v(request):\n    return redirect(settings.REQUEST['next'])\n", []],
  ["a form bound to request data, whatever its name", H + "def v(request):\n    f = NextForm(request.POST)\n    if f.is_valid():\n        return redirect(f.cleaned_data['next'])\n", ["redirect:7"]],
  ["a form bound to the user's data", H + "def v(request):\n    f = NextForm(request.user.profile.prefs)\n    if f.is_valid():\n        return redirect(f.cleaned_data['next'])\n", []],
  ["straight-line SQL", H + "def v(request):\n    q = request.GET['q']\n    sql = 'SELECT * FROM t WHERE a = %s' % q\n    with connection.cursor() as c:\n        c.execute(sql)\n", ["sql:8"]],
  ["parameterised SQL", H + "def v(request):\n    q = request.GET['q']\n    with connection.cursor() as c:\n        c.execute('SELECT 1 WHERE a = %s', [q])\n", []],
  ["int() cleans", H + "def v(request):\n    n = int(request.GET.get('n', 1))\n    connection.cursor().execute(f'SELECT {n}')\n", []],
  ["reassigned to a constant", H + "def v(request):\n    q = request.GET['q']\n    q = 'x'\n    connection.cursor().execute(f'SELECT {q}')\n", []],
  ["one tainted branch", H + "def v(request):\n    q = 'x'\n    if request.user.is_staff:\n        q = request.GET['q']\n    connection.cursor().execute(f'SELECT {q}')\n", ["sql:8"]],
  ["allow-list guard with early return", H + "def v(request):\n    col = request.GET['sort']\n    if col not in ('a', 'b'):\n        return HttpResponse('no')\n    connection.cursor().execute(f'SELECT {col}')\n", []],
  ["guarded redirect", H + "from django.utils.http import url_has_allowed_host_and_scheme\ndef v(request):\n    nxt = request.GET.get('next', '/')\n    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):\n        return redirect(nxt)\n    return redirect(nxt)\n", ["redirect:9"]],
  ["helper summary", H + "def build(term):\n    return \"SELECT * FROM t WHERE n = '\" + term + \"'\"\ndef v(request):\n    connection.cursor().execute(build(request.POST['n']))\n", ["sql:7"]],
  ["helper with sink inside", H + "def run(sql):\n    connection.cursor().execute(sql)\ndef v(request):\n    run('SELECT ' + request.GET['c'])\ndef w(request):\n    run('SELECT 1')\n", ["sql:5"]],
  ["loop variable", H + "def v(request):\n    for k, val in request.POST.items():\n        connection.cursor().execute('UPDATE t SET ' + k)\n", ["sql:6"]],
  ["comprehension", H + "def v(request):\n    ids = [x for x in request.GET.getlist('id')]\n    connection.cursor().execute('SELECT ' + ','.join(ids))\n", ["sql:6"]],
  ["URL parameter of a view", H + "def v(request, slug):\n    return HttpResponse('<h1>' + slug + '</h1>')\n", ["html:5"]],
  ["not a view module", H + "def v(request, slug):\n    return HttpResponse('<h1>' + slug + '</h1>')\n", []],
  ["helper taking request that the module calls is not a view", H + "def table(request, rows):\n    return HttpResponse('<table>' + rows + '</table>')\ndef v(request):\n    return table(request, '<tr></tr>')\n", []],
  ["private helper is not a view", H + "def _cell(request, value):\n    return HttpResponse('<td>' + value + '</td>')\n", []],
  ["non-handler method is not a view", H + "class V:\n    def render_row(self, request, value):\n        return HttpResponse('<td>' + value + '</td>')\n", []],
  ["DRF action takes URL parameters", H + "from rest_framework.decorators import action\nclass V:\n    @action(detail=True)\n    def go(self, request, pk=None):\n        return redirect(pk)\n", ["redirect:8"]],
  ["CBV kwargs", H + "class V(View):\n    def get(self, request, *args, **kwargs):\n        return redirect(self.kwargs['next'])\n", ["redirect:6"]],
  ["self.kwargs outside a view class is not request data", H + "class Command:\n    def handle(self, request):\n        return redirect(self.kwargs['next'])\n", []],
  ["module without sources or views", H + "def f(x):\n    return redirect(x)\n", []],
  ["falsy value in the else branch", H + "from django.utils.http import url_has_allowed_host_and_scheme as ok\ndef v(request):\n    nxt = request.GET.get('next')\n    if (nxt or request.user.is_staff) and not ok(url=nxt, allowed_hosts=None):\n        nxt = '/'\n    return redirect(nxt)\n", []],
  ["one side of an or is not a guard", H + "from django.utils.http import url_has_allowed_host_and_scheme as ok\ndef v(request):\n    nxt = request.GET.get('next')\n    if request.user.is_staff or ok(nxt, None):\n        return redirect(nxt)\n", ["redirect:8"]],
  ["request data only in the query string", H + "def v(request):\n    base = request.user.profile.home_url\n    return redirect('%s?%s' % (base, request.GET.urlencode()))\n", []],
  ["request data before the query string", H + "def v(request):\n    return redirect('{}/{}'.format(request.user.profile.home_url, request.GET['p']))\n", ["redirect:5"]],
  ["a joined list that starts with reverse()", H + "from django.urls import reverse\ndef v(request):\n    return redirect('?'.join([reverse('home'), request.GET.urlencode()]))\n", []],
  ["a joined list that starts with request data", H + "from django.urls import reverse\ndef v(request):\n    return redirect('?'.join([request.GET['next'], 'a=1']))\n", ["redirect:6"]],
  ["a joined list that starts with a host-relative literal", H + "def v(request):\n    return redirect(''.join(['//', request.GET['host']]))\n", ["redirect:5"]],
  ["redirect to a local path", H + "def v(request):\n    return redirect(f\"/shop/{request.GET['p']}/\")\n", []],
  ["tuple unpacking keeps positions", H + "def v(request):\n    a, b = request.GET['a'], 'x'\n    connection.cursor().execute('SELECT ' + b)\n    connection.cursor().execute('SELECT ' + a)\n", ["sql:7"]],
  ["augmented assignment", H + "def v(request):\n    sql = 'SELECT * FROM t'\n    sql += ' WHERE a = ' + request.GET['a']\n    connection.cursor().execute(sql)\n", ["sql:7"]],
  ["walrus", H + "def v(request):\n    if (q := request.GET.get('q')):\n        connection.cursor().execute('SELECT ' + q)\n", ["sql:6"]],
  ["try/except fallback is clean", H + "def v(request):\n    try:\n        n = int(request.GET['n'])\n    except ValueError:\n        n = 0\n    connection.cursor().execute(f'SELECT {n}')\n", []],
  ["match arms that assign constants", H + "def v(request):\n    match request.GET['k']:\n        case 'a':\n            col = 'a'\n        case _:\n            col = 'b'\n    connection.cursor().execute('SELECT ' + col)\n", []],
  ["while loop carries taint to the next round", H + "def v(request):\n    sql = 'x'\n    n = 0\n    while n < 2:\n        connection.cursor().execute(sql)\n        sql = request.GET['q']\n        n += 1\n", ["sql:8"]],
  ["helper keyword argument", H + "def build(prefix, term=''):\n    return prefix + term\ndef v(request):\n    connection.cursor().execute(build('SELECT ', term=request.GET['t']))\n    connection.cursor().execute(build(request.GET['p'] and 'SELECT 1'))\n", ["sql:7", "sql:8"]],
  ["helper returning a constant", H + "def table(name):\n    return 'shop_product'\ndef v(request):\n    connection.cursor().execute('SELECT * FROM ' + table(request.GET['t']))\n", []],
  ["sink two helpers deep", H + "def run(sql):\n    connection.cursor().execute(sql)\ndef where(col):\n    run('SELECT 1 WHERE ' + col)\ndef v(request):\n    where(request.GET['c'])\n", ["sql:5"]],
  ["recursive helper terminates", H + "def f(x):\n    return f(x)\ndef v(request):\n    connection.cursor().execute(f(request.GET['q']))\n", []],
  ["self field set in another method", H + "class V:\n    def setup(self, request):\n        self.q = request.GET['q']\n    def get(self, request):\n        return HttpResponse('<b>' + self.q + '</b>')\n", ["html:8"]],
  ["self field set to a constant", H + "class V:\n    def setup(self, request):\n        self.q = 'x'\n    def get(self, request):\n        return HttpResponse('<b>' + self.q + '</b>')\n", []],
  ["dict container write", H + "def v(request):\n    ctx = {}\n    ctx['q'] = request.GET['q']\n    return HttpResponse('<p>%(q)s</p>' % ctx)\n", ["html:7"]],
  ["list append", H + "def v(request):\n    parts = []\n    parts.append(request.GET['q'])\n    return HttpResponse('<p>' + ''.join(parts))\n", ["html:7"]],
  ["module-level code", H + "import sys\nconnection.cursor().execute('SELECT ' + sys.argv[1])\n", []],
  ["cursor() call receiver", H + "def v(request):\n    connection.cursor().execute('DELETE FROM t WHERE id = ' + request.POST['id'])\n", ["sql:5"]],
  ["deeply nested statements stay safe", H + "def v(request):\n    q = request.GET['q']\n" + Array.from({ length: 300 }, (_, i) => " ".repeat(4 * (i + 1)) + "if q:\n").join("") + " ".repeat(1204) + "connection.cursor().execute(q)\n", []],
  ["many nested loops stay linear", H + "def v(request):\n    q = request.GET['q']\n" + Array.from({ length: 40 }, (_, i) => " ".repeat(4 * (i + 1)) + `for i${i} in range(2):\n`).join("") + " ".repeat(164) + "connection.cursor().execute(q)\n", ["sql:46"]],
  ["long attribute chain", H + "def v(request):\n    x = request" + ".a".repeat(5000) + "\n    connection.cursor().execute(x)\n", []],
  ["very long concatenation gives up without a finding", H + "def v(request):\n    x = request.GET['q']" + " + 'a'".repeat(3000) + "\n    connection.cursor().execute(x)\n", []],
  ["deeply nested expression stays safe", H + "def v(request):\n    x = " + "(".repeat(3000) + "request.GET['q']" + ")".repeat(3000) + "\n    connection.cursor().execute(x)\n", []],
];

describe("analyzeTaint", () => {
  it.each(cases)("%s", (name, code, expected) => {
    expect(hits(code, name === "not a view module" ? "shop/utils.py" : "shop/views.py")).toEqual(expected);
  });
});
