import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./permission-required-redirects.js";

const pr = "from django.contrib.auth.decorators import permission_required\n";

testRule(rule, {
  valid: [
    { name: "raise_exception keyword", code: pr + "@permission_required('polls.change_poll', raise_exception=True)\ndef edit(request): ...\n" },
    { name: "raise_exception positional", code: pr + "@permission_required('polls.change_poll', None, True)\ndef edit(request): ...\n" },
    { name: "raise_exception from a setting", code: pr + "@permission_required('polls.change_poll', raise_exception=STRICT)\ndef edit(request): ...\n" },
    { name: "custom login_url", code: pr + "@permission_required('polls.change_poll', login_url='/no-access/')\ndef edit(request): ...\n" },
    {
      name: "mixin without raise_exception returns 403 to logged-in users",
      code: "from django.contrib.auth.mixins import PermissionRequiredMixin\nfrom django.views.generic import UpdateView\nclass Edit(PermissionRequiredMixin, UpdateView):\n    permission_required = 'polls.change_poll'\n",
    },
    { name: "local decorator of the same name", code: "def permission_required(p):\n    return lambda f: f\n@permission_required('x')\ndef edit(request): ...\n" },
    { name: "kwargs splat", code: pr + "OPTS = {'raise_exception': True}\n@permission_required('x', **OPTS)\ndef edit(request): ...\n" },
  ],
  invalid: [
    { name: "plain decorator", code: pr + "@permission_required('polls.change_poll')\ndef edit(request): ...\n", errors: [{ messageId: "redirectsToLogin", line: 2 }] },
    { name: "explicit False", code: pr + "@permission_required(['a.b', 'a.c'], raise_exception=False)\ndef edit(request): ...\n", errors: [{ messageId: "redirectsToLogin", line: 2 }] },
    {
      name: "inside method_decorator, aliased module",
      code: "from django.contrib.auth import decorators as d\nfrom django.utils.decorators import method_decorator\n@method_decorator(d.permission_required('polls.change_poll'), name='dispatch')\nclass Edit(View): ...\n",
      errors: [{ messageId: "redirectsToLogin", line: 3 }],
    },
    {
      name: "wrapping a view in the URLconf",
      code: pr + "from django.urls import path\nurlpatterns = [path('x/', permission_required('polls.change_poll')(views.edit))]\n",
      errors: [{ messageId: "redirectsToLogin", line: 3 }],
    },
  ],
});
