import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-sql.js";

const db = "from django.db import connection\nfrom django.db.models.expressions import RawSQL\nfrom .models import Product\n";

testRule(rule, {
  valid: [
    { name: "parameterised execute", code: db + "def v(request):\n    q = request.GET['q']\n    with connection.cursor() as cursor:\n        cursor.execute('SELECT * FROM t WHERE n = %s', [q])\n" },
    { name: "raw with params", code: db + "def v(request):\n    return Product.objects.raw('SELECT * FROM p WHERE id = %s', [request.GET['id']])\n" },
    { name: "int cast", code: db + "def v(request):\n    n = int(request.GET['n'])\n    connection.cursor().execute(f'SELECT * FROM t LIMIT {n}')\n" },
    { name: "allow-listed column", code: db + "ORDER = {'name', 'price'}\ndef v(request):\n    col = request.GET.get('sort', 'name')\n    if col not in ORDER:\n        col = 'name'\n    return Product.objects.raw(f'SELECT * FROM p ORDER BY {col}')\n" },
    { name: "ORM filter is parameterised", code: db + "def v(request):\n    return Product.objects.filter(name__icontains=request.GET['q'])\n" },
    { name: "constant SQL from settings", code: db + "from django.conf import settings\ndef v(request):\n    connection.cursor().execute('SELECT %s' % settings.DB_SCHEMA)\n" },
    { name: "%d and {:d} only print numbers", code: db + "def v(request):\n    cur = connection.cursor()\n    cur.execute('SELECT * FROM t LIMIT %d OFFSET %d' % (request.GET['n'], 0))\n    cur.execute(f\"SELECT * FROM t WHERE p > {request.GET['p']:.2f}\")\n" },
    { name: "validated form data as a query parameter", code: db + "def v(request):\n    form = F(request.POST)\n    if form.is_valid():\n        connection.cursor().execute('SELECT * FROM t WHERE n = %s', [form.cleaned_data['n']])\n" },
    { name: "execute on something that is not a cursor", code: db + "def v(request):\n    job_runner.execute(request.GET['task'])\n" },
  ],
  invalid: [
    { name: "built across lines", code: db + "def v(request):\n    q = request.GET['q']\n    sql = \"SELECT * FROM t WHERE n = '%s'\" % q\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\n",
      errors: [{ messageId: "fromVariable", line: 8, messageIncludes: "`q` comes from `request.GET['q']` (line 5) and reaches `cursor.execute` (line 8)" }] },
    { name: "raw with f-string", code: db + "def v(request):\n    return Product.objects.raw(f\"SELECT * FROM p WHERE name = '{request.POST['n']}'\")\n",
      errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "RawSQL annotation", code: db + "def v(request):\n    expr = 'price * ' + request.GET['factor']\n    return Product.objects.annotate(x=RawSQL(expr, []))\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "extra where", code: db + "def v(request):\n    return Product.objects.extra(where=['name = ' + request.GET['n']])\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "helper builds the SQL", code: db + "def where(field, value):\n    return f\"{field} = '{value}'\"\ndef v(request):\n    cursor = connection.cursor()\n    cursor.execute('SELECT * FROM t WHERE ' + where('n', request.GET['n']))\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "%s beside %d still prints text", code: db + "def v(request):\n    cur = connection.cursor()\n    cur.execute(\"SELECT * FROM t WHERE a = %d AND b = '%s'\" % (1, request.GET['b']))\n", errors: [{ messageId: "fromSource", line: 6 }] },
    { name: "form.cleaned_data: a CharField is still client text", code: db + "def run(sql):\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\ndef v(request):\n    form = F(request.POST)\n    if form.is_valid():\n        run('SELECT * FROM t WHERE ' + form.cleaned_data['where'])\n",
      errors: [{ messageId: "fromSource", line: 6, messageIncludes: "form.cleaned_data['where']" }] },
    { name: "DRF query_params in a viewset", path: "api/views.py", code: db + "class V:\n    def list(self, request):\n        term = self.request.query_params.get('term')\n        return Product.objects.raw('SELECT * FROM p WHERE n LIKE \\'%%' + term + '%%\\'')\n", errors: [{ messageId: "fromVariable", line: 7 }] },
  ],
});
