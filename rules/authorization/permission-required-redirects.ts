import { defineRule } from "../../src/core/analysis/define-rule.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { hasSplat, keywordArg, positionalArgs } from "../sql-injection/string-building.js";


export default defineRule({
  id: "permission-required-redirects",
  severity: "low",
  confidence: "high",
  cwe: 280,
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/default/#the-permission-required-decorator",
  docs: {
    what: "Finds the `permission_required` decorator used without `raise_exception=True` and without a `login_url`.",
    why:
      "When a logged-in user lacks the permission, the decorator redirects to the login page instead of answering 403. Users are asked to log in again, may land in a redirect loop, and the denial never shows up as a 403 in logs and monitoring.",
    example:
      "from django.contrib.auth.decorators import permission_required\n\n@permission_required(\"polls.change_poll\")\ndef edit_poll(request, pk):\n    ...\n",
    good: "from django.contrib.auth.decorators import login_required, permission_required\n\n@login_required\n@permission_required(\"polls.change_poll\", raise_exception=True)\ndef edit_poll(request, pk):\n    ...\n",
    fix: "Pass `raise_exception=True`: `@permission_required(\"polls.change_poll\", raise_exception=True)`. Anonymous users still need a login first, so combine it with `@login_required` above it.",
    note:
      "The guide sets `raise_exception = True` on `PermissionRequiredMixin`. That is fine, but no longer needed for logged-in users: since Django 2.1 the mixin returns 403 to authenticated users and redirects only anonymous ones, so the mixin is not flagged. The decorator still redirects everyone.",
  },
  mentions: /permission_required/,
  messages: {
    redirectsToLogin:
      "`permission_required` without `raise_exception=True` sends logged-in users who lack the permission to the login page instead of answering 403. Pass `raise_exception=True`.",
  },
  checkModule({ root, text, imports, report }) {
    for (const call of callsTo(callIndex(root, imports, text), TRACKED.permissionRequired)) {
      if (hasSplat(call)) continue;
      const args = positionalArgs(call);
      const raise = keywordArg(call, "raise_exception") ?? args[2];
      // Only a missing or literally false flag is certain; anything else may be true at runtime.
      if (raise && raise.type !== "false") continue;
      // A custom login_url usually points at a "no access" page on purpose.
      if (keywordArg(call, "login_url") ?? args[1]) continue;
      report(call, "redirectsToLogin");
    }
  },
});
