import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";

export default defineRule({
  id: "tainted-code-eval",
  severity: "high",
  confidence: "high",
  cwe: [95, 94],
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Follows request data into `eval()`, `exec()` and `compile()`, and into template compilers (Django `Template(text)`, Jinja2 `Template(text)`, `engine.from_string(text)` on a Django engine, a Jinja2 environment, or a name that says it holds one): server-side template injection. `from_string` of other classes (an id or version parser imported from elsewhere) parses a value and is not reported.",
    why: "Evaluating request data runs the client's Python code inside the server process, with access to the database and every secret.",
    example: "def calc(request):\n    expr = request.GET['expr']\n    return eval(expr)\n",
    good: "import ast\n\ndef calc(request):\n    expr = request.GET['expr']\n    return ast.literal_eval(expr)\n",
    note: "A view only superusers reach is low confidence: one under `@user_passes_test(lambda u: u.is_superuser)`, a `SuperuserRequiredMixin` or a project decorator whose body lets only superusers through, or whose body first refuses everyone else (`if not request.user.is_superuser: raise PermissionDenied`). Superusers hold every permission already; a staff check does not count.",
    fix: "Never evaluate request data. Parse the expected format instead: `json.loads()` for data, `ast.literal_eval()` for Python literals, or a lookup table for a fixed set of operations.",
  },
  messages: flowMessages("so the client can run Python code on the server", "Parse the value (`json.loads()`, `ast.literal_eval()`) instead of evaluating it."),
  checkModule: (ctx) => reportTaint(ctx, "code"),
});
