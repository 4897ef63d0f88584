import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";
import { permissionOnly } from "./staff-only.js";

const djangoTemplate = flowMessages(
  "so the client writes a Django template: it runs no Python, but reads any value of the template's context, follows its attributes and relations and calls its methods that take no arguments",
  "Render a fixed template and pass the text in as a context value, or fill named placeholders with `string.Template(text).safe_substitute(values)`.",
);

export default defineRule({
  id: "tainted-code-eval",
  severity: "high",
  confidence: "high",
  cwe: [95, 94],
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Follows request data into `eval()`, `exec()` and `compile()`, and into template compilers (Django `Template(text)`, Jinja2 `Template(text)`, `engine.from_string(text)` on a Django engine, a Jinja2 environment, or a name that says it holds one): server-side template injection. `from_string` of other classes (an id or version parser imported from elsewhere) parses a value and is not reported, nor is Jinja2's `SandboxedEnvironment`, which keeps templates away from Python's internals.",
    why: "Evaluating request data runs the client's Python code inside the server process, with access to the database and every secret. A Jinja2 template outside the sandbox reaches Python's internals just as well. Django's template language runs no Python, so a Django template the client writes is medium severity: it can still read every value in its context, follow relations and call methods without arguments (a user's e-mail, another object's fields), and leak what the page never meant to show.",
    example: "def calc(request):\n    expr = request.GET['expr']\n    return eval(expr)\n",
    good: "import ast\n\ndef calc(request):\n    expr = request.GET['expr']\n    return ast.literal_eval(expr)\n",
    note: "A view only superusers reach is low confidence: one under `@user_passes_test(lambda u: u.is_superuser)`, a `SuperuserRequiredMixin` or a project decorator whose body lets only superusers through, or whose body first refuses everyone else (`if not request.user.is_superuser: raise PermissionDenied`). Superusers hold every permission already; a staff check does not count for code. A Django template is also low confidence when only privileged users reach the view: `@permission_required`, a `PermissionRequiredMixin`, `@staff_member_required`, or a body that first refuses everyone without a permission (`if not request.user.has_perm(...)`, or a project function returning one): site editors writing e-mail templates, a feature.",
    fix: "Never evaluate request data. Parse the expected format instead: `json.loads()` for data, `ast.literal_eval()` for Python literals, or a lookup table for a fixed set of operations. For user-written templates, use Jinja2's `SandboxedEnvironment`, or pass the text as a value of a fixed template.",
  },
  messages: {
    ...flowMessages("so the client can run Python code on the server", "Parse the value (`json.loads()`, `ast.literal_eval()`) instead of evaluating it."),
    djangoTemplateFromVariable: djangoTemplate.fromVariable,
    djangoTemplateFromSource: djangoTemplate.fromSource,
  },
  checkModule: (ctx) =>
    reportTaint(ctx, "code", (hit) => {
      if (hit.template !== "django") return {};
      // A template author who holds a permission (or staff status) writes a feature's templates: listed, not commented.
      const privileged = permissionOnly(hit.node, ctx.project.index?.permissionTests);
      return { severity: "medium", ...(privileged ? { confidence: "low" as const } : {}), messageIds: { fromVariable: "djangoTemplateFromVariable", fromSource: "djangoTemplateFromSource" } };
    }),
});
