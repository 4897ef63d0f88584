import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";

export default defineRule({
  id: "tainted-sql",
  severity: "high",
  confidence: "high",
  cwe: 89,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/db/sql/#passing-parameters-into-raw",
  supersedes: ["raw-sql-interpolation"],
  docs: {
    what: "Follows request data into the text of raw SQL: `Manager.raw()`, `cursor.execute()`, `RawSQL()` and `QuerySet.extra()`.",
    why: "When a request value becomes part of the SQL text, the client can change the query: read other users' rows, bypass a login check or modify data.",
    example:
      "from django.db import connection\n\ndef search(request):\n    q = request.GET['q']\n    sql = \"SELECT * FROM shop_product WHERE name = '%s'\" % q\n    with connection.cursor() as cursor:\n        cursor.execute(sql)\n",
    good: "from django.db import connection\n\ndef search(request):\n    q = request.GET['q']\n    with connection.cursor() as cursor:\n        cursor.execute(\"SELECT * FROM shop_product WHERE name = %s\", [q])\n",
    fix: "Keep the SQL constant and pass values separately: `cursor.execute(\"... WHERE name = %s\", [q])`, `Model.objects.raw(sql, [q])`, or use the ORM. For column names, check them against a fixed list.",
  },
  messages: flowMessages("so the client can rewrite the query", "Pass the value as a query parameter instead of building the SQL text."),
  checkModule: (ctx) => reportTaint(ctx, "sql"),
});
