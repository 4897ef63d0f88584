import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./raw-sql-interpolation.js";

const db = "from django.db import connection\n";

testRule(rule, {
  valid: [
    { name: "ORDER BY column picked from a dict of constants with .get()", code: db + "SORTS = {'name': 'name', 'newest': 'created DESC'}\ndef f(request):\n    order = SORTS.get(request.GET.get('sort'), 'id')\n    with connection.cursor() as c:\n        c.execute('SELECT id FROM t ORDER BY ' + order)\n" },
    { name: "WHERE clause joined from constant pieces appended to a local list", code: db + "def f(request):\n    clauses, params = [], []\n    if request.GET.get('status'):\n        clauses.append('status = %s')\n        params.append(request.GET['status'])\n    clauses.extend(['deleted = false'])\n    where = ' AND '.join(clauses) or '1=1'\n    with connection.cursor() as c:\n        c.execute(f'SELECT id FROM t WHERE {where}', params)\n" },
    { name: "SQL text passed in and wrapped as a subquery", code: db + "def first_row(p_sql):\n    with connection.cursor() as cur:\n        cur.execute('SELECT * FROM (' + p_sql + ') t LIMIT 1')\n        return cur.fetchone()\n" },
    { name: "SQL text from an attribute composed with a constant", code: db + "class Report:\n    def count(self):\n        with connection.cursor() as cur:\n            cur.execute(f'SELECT count(*) FROM ({self.base_sql}) q')\n" },
    { name: "operator from a method of the class that returns only literals", code: db + "class Tags:\n    def find(self, pattern):\n        sql = 'SELECT id FROM tag WHERE name ' + self._regexp(connection) + ' %s'\n        with connection.cursor() as cur:\n            cur.execute(sql, [pattern])\n\n    @staticmethod\n    def _regexp(conn):\n        if conn.vendor == 'postgresql':\n            return '~*'\n        if conn.vendor == 'mysql':\n            return 'REGEXP'\n        raise NotImplementedError(conn.vendor)\n" },
    { name: "values formatted by numeric conversions next to constants", code: db + "def page(limit, offset):\n    with connection.cursor() as cur:\n        cur.execute('SELECT id FROM t ORDER BY %s LIMIT %d OFFSET %d' % ('id', limit, offset))\n" },
    { name: "raw with params", code: "def f(q):\n    return User.objects.raw('SELECT * FROM users WHERE username = %s', [q])\n" },
    { name: "constant concatenation", code: "def f(q):\n    return User.objects.raw('SELECT * FROM users ' + 'WHERE username = %s', [q])\n" },
    { name: "percent with constants only", code: "def f(q):\n    return User.objects.raw('SELECT * FROM %s WHERE id = %%s' % 'users', [q])\n" },
    { name: "execute with params", code: db + "def f(pk):\n    with connection.cursor() as cursor:\n        cursor.execute('SELECT 1 FROM t WHERE id = %s', [pk])\n" },
    {
      name: "constant SQL in a local variable",
      code: db + "def f(pk):\n    sql = 'SELECT * FROM t WHERE id = %s'\n    sql += ' AND active'\n    with connection.cursor() as c:\n        c.execute(sql, [pk])\n",
    },
    {
      name: "placeholder list for IN",
      code: db + "def f(ids):\n    marks = ', '.join(['%s'] * len(ids))\n    with connection.cursor() as cursor:\n        cursor.execute(f'SELECT * FROM t WHERE id IN ({marks})', ids)\n",
    },
    {
      name: "placeholders from a generator",
      code: db + "def f(ids):\n    cursor = connection.cursor()\n    cursor.execute('DELETE FROM t WHERE id IN (%s)' % ','.join('%s' for _ in ids), ids)\n",
    },
    {
      name: "table name from model metadata and quote_name",
      code: db + "def f(pk):\n    table = connection.ops.quote_name(Order._meta.db_table)\n    with connection.cursor() as cursor:\n        cursor.execute(f'SELECT * FROM {table} WHERE id = %s', [pk])\n        cursor.execute(f'SELECT * FROM {Order._meta.db_table} WHERE id = %s', [pk])\n",
    },
    { name: "settings value and qn alias", code: db + "from django.conf import settings\ndef f(pk, col):\n    qn = connection.ops.quote_name\n    with connection.cursor() as cursor:\n        cursor.execute(f'SELECT {qn(col)} FROM {settings.REPORT_TABLE} WHERE id = %s', [pk])\n" },
    { name: "psycopg sql composition", code: db + "from psycopg2 import sql\ndef f(table, pk):\n    with connection.cursor() as cursor:\n        cursor.execute(sql.SQL('SELECT * FROM {} WHERE id = %s').format(sql.Identifier(table)), [pk])\n" },
    { name: "quotes doubled by hand", code: "import sqlite3\ndef f(conn, table):\n    cu = conn.cursor()\n    ident = table.replace('\"', '\"\"')\n    cu.execute('PRAGMA table_info(\"{0}\")'.format(ident))\n" },
    { name: "numeric cast", code: db + "def f(n):\n    with connection.cursor() as cursor:\n        cursor.execute(f'SELECT * FROM t LIMIT {int(n)}')\n" },
    { name: "numeric conversions only", code: db + "def f(n, obj):\n    with connection.cursor() as cursor:\n        cursor.execute('SELECT * FROM t LIMIT %d OFFSET %(o)d' % {'o': n})\n        cursor.execute(f'SELECT * FROM t LIMIT {n:d} OFFSET {n:.0f}')\n        cursor.execute(f'SELECT {n:>5.2f}, {n:*^10d}, {n:08.3f} FROM t')\n        cursor.execute(f'DELETE FROM t WHERE id = {obj.pk} AND owner = {obj.owner_id}')\n" },
    { name: "module-level constant", code: db + "BASE = 'SELECT * FROM t'\ndef f(pk):\n    with connection.cursor() as cursor:\n        cursor.execute(BASE + ' WHERE id = %s', [pk])\n" },
    { name: "subprocess-like execute is not a cursor", code: "def f(cmd):\n    runner.execute(f'ls {cmd}')\n    client.execute(f'query {{ user(id: {cmd}) {{ name }} }}')\n" },
    { name: "SQL from a parameter is left to data-flow rules", code: db + "def f(sql):\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\n" },
    { name: "local RawSQL class", code: "class RawSQL:\n    def __init__(self, s): ...\ndef f(x):\n    return RawSQL(f'x {x}')\n" },
    { name: "extra with params", code: "def f(x):\n    return Entry.objects.extra(where=['headline = %s'], params=[x], select={'n': 'SELECT 1'})\n" },
    {
      name: "reassigned to a constant before the call",
      code: db + "def f(x):\n    sql = f'SELECT {x}'\n    sql = 'SELECT 1'\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\n",
    },
    {
      name: "long chain of constant += lines",
      code: db + "def f(a):\n    sql = 'SELECT * FROM t WHERE 1 = 1'\n" + Array.from({ length: 40 }, (_, i) => `    sql += ' AND c${i} = %s'\n`).join("") + "    with connection.cursor() as cursor:\n        cursor.execute(sql, a)\n",
    },
    {
      name: "exponential self-reference gives up quietly",
      code: db + "def f():\n    a0 = 'x'\n" + Array.from({ length: 40 }, (_, i) => `    a${i + 1} = a${i} + a${i}\n`).join("") + "    with connection.cursor() as cursor:\n        cursor.execute(a40)\n",
    },
    { name: "ORM filter", code: "def f(q):\n    return User.objects.filter(username=q)\n" },
  ],
  invalid: [
    {
      name: ".get() on a dict whose default is the request value",
      code: db + "SORTS = {'name': 'name'}\ndef f(request):\n    order = SORTS.get(request.GET['sort'], request.GET['sort'])\n    with connection.cursor() as c:\n        c.execute('SELECT id FROM t ORDER BY ' + order)\n",
      errors: [{ messageId: "interpolatedSql", line: 6 }],
    },
    {
      name: ".get() on a dict built from request data",
      code: db + "def f(request):\n    cols = {'a': request.GET['x']}\n    with connection.cursor() as c:\n        c.execute('SELECT ' + cols.get('a', 'id') + ' FROM t')\n",
      errors: [{ messageId: "interpolatedSql", line: 5 }],
    },
    { name: "an aligned value without a numeric type", code: db + "def f(name):\n    with connection.cursor() as cursor:\n        cursor.execute(f'SELECT * FROM t WHERE name = {name:>10}')\n", errors: [{ messageId: "interpolatedSql", line: 4 }] },
    { name: "a string conversion beside a numeric one", code: db + "def page(limit, order):\n    with connection.cursor() as cur:\n        cur.execute('SELECT id FROM t ORDER BY %s LIMIT %d' % (order, limit))\n", errors: [{ messageId: "interpolatedSql", line: 4 }] },
    { name: "numeric conversions do not line up with a splat", code: db + "def page(args, limit):\n    with connection.cursor() as cur:\n        cur.execute('SELECT %s FROM t LIMIT %d' % (*args, limit))\n", errors: [{ messageId: "interpolatedSql", line: 4 }] },
    { name: "a module function that returns a value it was given", code: db + "def column(name):\n    if name:\n        return name\n    return 'id'\n\ndef f(name):\n    with connection.cursor() as cur:\n        cur.execute('SELECT ' + column(name) + ' FROM t')\n", errors: [{ messageId: "interpolatedSql", line: 9 }] },
    { name: "a helper returning an f-string", code: db + "def where(v):\n    return f\"name = '{v}'\"\n\ndef f(v):\n    with connection.cursor() as cur:\n        cur.execute('SELECT id FROM t WHERE ' + where(v))\n", errors: [{ messageId: "interpolatedSql", line: 7 }] },
    { name: "SQL-named local built from a value", code: db + "def f(name):\n    where_sql = \"name = '%s'\" % name\n    with connection.cursor() as cur:\n        cur.execute('SELECT id FROM t WHERE ' + where_sql)\n", errors: [{ messageId: "interpolatedSql", line: 5 }] },
    { name: "a value next to SQL text passed in", code: db + "def f(sql, name):\n    with connection.cursor() as cur:\n        cur.execute(sql + \" AND name = '\" + name + \"'\")\n", errors: [{ messageId: "interpolatedSql", line: 4 }] },
    { name: "a parameter named like a query is a value", code: db + "def f(query):\n    with connection.cursor() as cur:\n        cur.execute(\"SELECT id FROM t WHERE title LIKE '%\" + query + \"%'\")\n", errors: [{ messageId: "interpolatedSql", line: 4 }] },
    {
      name: "WHERE clause list with an interpolated piece",
      code: db + "def f(request):\n    clauses, params = [], []\n    if request.GET.get('status'):\n        clauses.append(\"status = '%s'\" % request.GET['status'])\n        params.append(request.GET['status'])\n    clauses.extend(['deleted = false'])\n    where = ' AND '.join(clauses) or '1=1'\n    with connection.cursor() as c:\n        c.execute(f'SELECT id FROM t WHERE {where}', params)\n",
      errors: [{ messageId: "interpolatedSql", line: 10 }],
    },
    {
      name: "clause list reassigned from elsewhere",
      code: db + "def f(extra):\n    clauses = ['a = 1']\n    clauses = extra\n    with connection.cursor() as c:\n        c.execute(f\"SELECT id FROM t WHERE {' AND '.join(clauses)}\")\n",
      errors: [{ messageId: "interpolatedSql", line: 6 }],
    },
    {
      name: "f-string in raw (the guide's example)",
      code: "def get_user_bad(username):\n    return User.objects.raw(f'SELECT * FROM users WHERE username = {username}')\n",
      errors: [{ messageId: "interpolatedSql", line: 2, messageIncludes: "an f-string" }],
    },
    {
      name: "percent formatting in execute on a with-bound cursor",
      code: db + "def f(name):\n    with connection.cursor() as c:\n        c.execute(\"SELECT * FROM t WHERE name = '%s'\" % name)\n",
      errors: [{ messageId: "interpolatedSql", line: 4, messageIncludes: "`%` formatting" }],
    },
    {
      name: "format in executemany",
      code: db + "def f(rows, table):\n    cur = connection.cursor()\n    cur.executemany('INSERT INTO {} VALUES (%s)'.format(table), rows)\n",
      errors: [{ messageId: "interpolatedSql", line: 4, messageIncludes: "`.format()`" }],
    },
    {
      name: "concatenation with a parameter",
      code: "from django.db import connections\ndef f(order):\n    connections['default'].cursor().execute('SELECT * FROM t ORDER BY ' + order)\n",
      errors: [{ messageId: "interpolatedSql", line: 3, messageIncludes: "`+` concatenation" }],
    },
    {
      name: "through a local variable",
      code: db + "def f(q):\n    sql = f\"SELECT * FROM t WHERE name LIKE '%{q}%'\"\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\n",
      errors: [{ messageId: "interpolatedSqlVariable", line: 5, messageIncludes: "on line 3" }],
    },
    {
      name: "augmented assignment with a value",
      code: db + "def f(q):\n    sql = 'SELECT * FROM t WHERE 1=1'\n    if q:\n        sql += \" AND name = '\" + q + \"'\"\n    cursor = connection.cursor()\n    cursor.execute(sql)\n",
      errors: [{ messageId: "interpolatedSqlVariable", line: 7, messageIncludes: "`+` concatenation" }],
    },
    {
      name: "augmented assignment with a non-constant",
      code: db + "def f(clause):\n    sql = 'SELECT * FROM t WHERE '\n    sql += clause\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\n",
      errors: [{ messageId: "interpolatedSqlVariable", line: 6, messageIncludes: "on line 4" }],
    },
    {
      name: "RawSQL annotation, aliased import",
      code: "from django.db.models.expressions import RawSQL as R\ndef f(field):\n    return Item.objects.annotate(v=R(f'SELECT {field} FROM t', ()))\n",
      errors: [{ messageId: "interpolatedSql", line: 3 }],
    },
    {
      name: "RawSQL through models",
      code: "from django.db import models\ndef f(x):\n    return Item.objects.annotate(v=models.RawSQL('SELECT %s' % x, []))\n",
      errors: [{ messageId: "interpolatedSql", line: 3 }],
    },
    {
      name: "extra where with f-string",
      code: "def f(x):\n    return Entry.objects.extra(where=[f\"headline = '{x}'\"])\n",
      errors: [{ messageId: "interpolatedExtra", line: 2, messageIncludes: "extra(where=...)" }],
    },
    {
      name: "extra select dict with format",
      code: "def f(col):\n    return Entry.objects.extra(select={'v': 'SELECT {} FROM t'.format(col)})\n",
      errors: [{ messageId: "interpolatedExtra", line: 2, messageIncludes: "extra(select=...)" }],
    },
    {
      name: "cursor attribute on self",
      code: "class Repo:\n    def find(self, name):\n        self.cursor.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n",
      errors: [{ messageId: "interpolatedSql", line: 3 }],
    },
    {
      name: "keyword SQL and interpolation inside a placeholder-looking string",
      code: db + "def f(q, pk):\n    with connection.cursor() as cursor:\n        cursor.execute(sql=f'SELECT * FROM t WHERE a = %s AND b = {q}', params=[pk])\n",
      errors: [{ messageId: "interpolatedSql", line: 4 }],
    },
    {
      name: "non-numeric format spec",
      code: db + "def f(name):\n    with connection.cursor() as cursor:\n        cursor.execute(f\"SELECT * FROM t WHERE n = '{name:>10}'\")\n        cursor.execute('SELECT * FROM t WHERE n = %d AND m = %s' % (1, name))\n",
      errors: [{ messageId: "interpolatedSql", line: 4 }, { messageId: "interpolatedSql", line: 5 }],
    },
    {
      name: "long chain of += ending with a value",
      code: db + "def f(a, name):\n    sql = 'SELECT * FROM t WHERE 1 = 1'\n" + Array.from({ length: 40 }, (_, i) => `    sql += ' AND c${i} = %s'\n`).join("") + "    sql += \" AND name = '\" + name + \"'\"\n    with connection.cursor() as cursor:\n        cursor.execute(sql, a)\n",
      errors: [{ messageId: "interpolatedSqlVariable", line: 46, messageIncludes: "on line 44" }],
    },
    {
      name: "parameter shadows a module constant",
      code: db + "BASE = 'x'\ndef f(BASE):\n    with connection.cursor() as cursor:\n        cursor.execute('SELECT * FROM t WHERE a = ' + BASE)\n",
      errors: [{ messageId: "interpolatedSql", line: 5 }],
    },
  ],
});
