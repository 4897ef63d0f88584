import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";

export default defineRule({
  id: "tainted-command",
  severity: "high",
  confidence: "high",
  cwe: 78,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Follows request data into shell commands: `os.system()`, `os.popen()`, and `subprocess` calls with `shell=True` or a program name taken from the request.",
    why: "A shell runs whatever the text says: `; rm -rf` or `$(curl ...)` in a request value runs the attacker's commands on the server.",
    example:
      "import subprocess\n\ndef thumbnail(request):\n    name = request.POST['file']\n    subprocess.run(f'convert {name} thumb.png', shell=True)\n",
    good: "import subprocess\n\ndef thumbnail(request):\n    name = request.POST['file']\n    subprocess.run(['convert', name, 'thumb.png'])\n",
    note: "A view only superusers reach is low confidence: one under `@user_passes_test(lambda u: u.is_superuser)`, a `SuperuserRequiredMixin` or a project decorator whose body lets only superusers through, or whose body first refuses everyone else (`if not request.user.is_superuser: raise PermissionDenied`). Superusers hold every permission already; a staff check does not count.",
    fix: "Pass a list of arguments without a shell: `subprocess.run(['convert', name, 'thumb.png'])`. If a shell is unavoidable, quote each value with `shlex.quote()`.",
  },
  messages: flowMessages("so the client can run commands on the server", "Pass an argument list without `shell=True`, or quote the value with `shlex.quote()`."),
  checkModule: (ctx) => reportTaint(ctx, "command"),
});
