import { defineRule } from "../../src/core/analysis/define-rule.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { flowMessages, reportTaint } from "./report-taint.js";

export default defineRule({
  id: "tainted-orm-field",
  severity: "medium",
  confidence: "medium",
  cwe: 943,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/models/querysets/#order-by",
  docs: {
    what:
      "Follows request data into the field names of a queryset: `order_by()`, `values()`, `values_list()`, `only()`, `defer()` and " +
      "`distinct()` (request-chosen keys in `filter(**...)` are `mass-assignment`'s). A membership check (`if sort in ALLOWED_SORTS:`) clears the value; " +
      "a comparison of another value in the view (often a copy without the `-` prefix) makes the finding low. A project form's `ChoiceField` " +
      "(or `ModelChoiceField`) value in `cleaned_data` is one of the choices the form lists, and is not reported.",
    why:
      "Field names can follow relations: `?sort=owner__password` orders rows by another model's password hashes, and `values()` " +
      "returns any column, so the client reads data the view never meant to show.",
    example:
      "from .models import Ticket\n\ndef tickets(request):\n    return Ticket.objects.filter(public=True).order_by(request.GET.get('sort', 'id'))\n",
    summary: "Follows request data into queryset field names: order_by(), values(), values_list(), only(), defer().",
    good:
      "from .models import Ticket\n\nSORTS = {'id', '-id', 'title', '-title'}\n\ndef tickets(request):\n    sort = request.GET.get('sort', 'id')\n" +
      "    if sort not in SORTS:\n        sort = 'id'\n    return Ticket.objects.filter(public=True).order_by(sort)\n",
    note: "A view only superusers reach is low confidence: one under `@user_passes_test(lambda u: u.is_superuser)`, a `SuperuserRequiredMixin` or a project decorator whose body lets only superusers through, or whose body first refuses everyone else (`if not request.user.is_superuser: raise PermissionDenied`). Superusers hold every permission already; a staff check does not count.",
    fix: "Map the parameter onto a fixed set of field names (`if sort in ALLOWED_SORTS`), or use a filter library's declared ordering fields.",
  },
  messages: flowMessages("so the client chooses which fields (and related models' fields) the query orders by or returns", "Allow only a fixed set of field names."),
  checkModule: (ctx) => reportTaint(ctx, "orm-field", (hit) => (comparedInFunction(hit.node) ? { confidence: "low" } : {})),
});

// Views often check a copy of the parameter (`name = sort.lstrip("-")`, `if name not in ALLOWED: return`) and
// order by the original: a comparison of any value in the function makes the finding worth a look only.
const COMPARISON = /^[ \t]*(?:if|elif|assert)\b[^\n]*?(?:\bin\b|[!=]=)/m;

function comparedInFunction(node: SyntaxNode): boolean {
  const fn = enclosingFunction(node);
  return fn !== null && COMPARISON.test(fn.childForFieldName("body")?.text ?? "");
}
