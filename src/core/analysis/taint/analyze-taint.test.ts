import { buildImportTable } from "../imports.js";
import { parsePython } from "../parse-python.js";
import { analyzeTaint } from "./analyze-taint.js";

function hits(code: string, path = "shop/views.py"): string[] {
  const root = parsePython(code).rootNode;
  return analyzeTaint(root, buildImportTable(root), path).map((h) => `${h.kind}:${h.node.startPosition.row + 1}`);
}

const H = "from django.db import connection\nfrom django.http import HttpResponse\nfrom django.shortcuts import redirect\n";

// Line numbers below count the three import lines of H.
const cases: [string, string, string[]][] = [
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
  ["CBV kwargs", H + "class V:\n    def get(self, request, *args, **kwargs):\n        return redirect(self.kwargs['next'])\n", ["redirect:6"]],
  ["redirect to a local path", H + "def v(request):\n    return redirect(f\"/shop/{request.GET['p']}/\")\n", []],
  ["deeply nested expression stays safe", H + "def v(request):\n    x = " + "(".repeat(3000) + "request.GET['q']" + ")".repeat(3000) + "\n    connection.cursor().execute(x)\n", []],
];

describe("analyzeTaint", () => {
  it.each(cases)("%s", (name, code, expected) => {
    expect(hits(code, name === "not a view module" ? "shop/utils.py" : "shop/views.py")).toEqual(expected);
  });
});
