import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-code-eval.js";

testRule(rule, {
  valid: [
    { name: "literal_eval", code: "import ast\ndef v(request):\n    return ast.literal_eval(request.GET['x'])\n" },
    { name: "eval of a constant", code: "def v(request):\n    return eval('1 + 2')\n" },
    { name: "Django template from a constant", code: "from django.template import Template\ndef v(request):\n    return Template('<p>{{ name }}</p>')\n" },
    { name: "jinja2 environment rendering a template file", code: "import jinja2\nenv = jinja2.Environment()\ndef v(request):\n    return env.get_template('page.html').render(name=request.GET['n'])\n" },
    { name: "opaque key parsed from a string", code: "from opaque_keys.edx.keys import CourseKey\ndef v(request):\n    course_ids = request.GET.getlist('course_id')\n    return [CourseKey.from_string(c) for c in course_ids]\n" },
    { name: "from_string of a module's own class named otherwise", code: "class Version:\n    @classmethod\n    def from_string(cls, s):\n        return cls(*s.split('.'))\ndef v(request):\n    return Version.from_string(request.GET['v'])\n" },
    { name: "from_string on an imported parser object", code: "from packaging import version\nimport semver\ndef v(request):\n    a = semver.VersionInfo.from_string(request.GET['a'])\n    return version.Version.from_string(request.GET['b'])\n" },
    {
      name: "eval of names from the model's _meta, the object chosen by the client",
      code: "def v(request):\n    form = MergeForm(request.POST)\n    if form.is_valid():\n        master = form.cleaned_data['master']\n        for field in master._meta.get_fields():\n            eval('master.%s.all()' % field.name)\n",
    },
    { name: "Jinja2 sandbox bound at module level", code: "from jinja2.sandbox import SandboxedEnvironment\nenv = SandboxedEnvironment()\ndef v(request):\n    return env.from_string(request.GET['t']).render()\n" },
    { name: "Jinja2 immutable sandbox inline", code: "import jinja2.sandbox\ndef v(request):\n    return jinja2.sandbox.ImmutableSandboxedEnvironment().from_string(request.POST['t']).render()\n" },
    { name: "Jinja2 sandbox bound on the view", code: "from jinja2.sandbox import SandboxedEnvironment\nclass V:\n    def __init__(self):\n        self.jinja_env = SandboxedEnvironment(autoescape=True)\n    def get(self, request):\n        return self.jinja_env.from_string(request.GET['t']).render()\n" },
    { name: "local eval function", code: "def eval(x):\n    return x\ndef v(request):\n    return eval(request.GET['x'])\n" },
  ],
  invalid: [
    { name: "eval", code: "def v(request):\n    expr = request.GET['expr']\n    return eval(expr)\n", errors: [{ messageId: "fromVariable", line: 3 }] },
    { name: "eval of an attribute name the client sent", code: "def v(request):\n    form = MergeForm(request.POST)\n    if form.is_valid():\n        master = form.cleaned_data['master']\n        eval('master.%s.all()' % form.cleaned_data['field'])\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "eval of a _meta lookup keyed by request data", code: "def v(request, obj):\n    name = obj._meta.get_field(request.GET['f']).name\n    eval('obj.' + request.GET['f'])\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "exec of the body", code: "def v(request):\n    exec(request.body.decode())\n", errors: [{ messageId: "fromSource", line: 2 }] },
    { name: "compile", code: "def v(request):\n    code = compile(request.POST['src'], '<x>', 'exec')\n", errors: [{ messageId: "fromSource", line: 2 }] },
    { name: "Django Template compiled from request data", code: "from django.template import Template, Context\ndef v(request):\n    t = Template(request.POST['body'])\n    return t.render(Context({}))\n", errors: [{ messageId: "djangoTemplateFromSource", line: 3 }] },
    { name: "Django engine looked up in engines", code: "from django.template import engines\ndef v(request):\n    return engines['django'].from_string(request.GET['t']).render({})\n", errors: [{ messageId: "djangoTemplateFromSource", line: 3 }] },
    { name: "Django default engine", code: "from django.template import Engine\ndef v(request):\n    return Engine.get_default().from_string(request.GET['t'])\n", errors: [{ messageId: "djangoTemplateFromSource", line: 3 }] },
    { name: "Jinja2 Environment() inline", code: "from jinja2 import Environment\ndef v(request):\n    return Environment().from_string(request.POST['x']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Jinja2 Template from request data", code: "from jinja2 import Template\ndef v(request):\n    return Template(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "environment held on the view, out of sight", code: "class V:\n    def get(self, request):\n        return self.jinja_env.from_string(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "environment imported from a project module", code: "from shop.templating import env\ndef v(request):\n    return env.from_string(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Django Template from a variable", code: "from django.template import Template, Context\ndef v(request):\n    body = request.POST['body']\n    return Template(body).render(Context({'user': request.user}))\n", errors: [{ messageId: "djangoTemplateFromVariable", line: 4, messageIncludes: "runs no Python" }] },
    { name: "Django engine bound at module level", code: "from django.template import engines\nengine = engines['django']\ndef v(request):\n    return engine.from_string(request.GET['t']).render({})\n", errors: [{ messageId: "djangoTemplateFromSource", line: 4 }] },
    { name: "Django's Jinja2 backend looked up in engines", code: "from django.template import engines\ndef v(request):\n    return engines['jinja2'].from_string(request.GET['t']).render({})\n", errors: [{ messageId: "fromSource", line: 3, messageIncludes: "run Python code" }] },
    { name: "engine of an alias the code does not show", code: "from django.template import engines\ndef v(request, alias):\n    return engines[alias].from_string(request.GET['t']).render({})\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Jinja2 environment bound at module level, not a sandbox", code: "from jinja2 import Environment\nenv = Environment(autoescape=True)\ndef v(request):\n    return env.from_string(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 4 }] },
    { name: "jinja2 from_string on request data", code: "import jinja2\nenv = jinja2.Environment()\ndef v(request):\n    text = request.GET['tpl']\n    return env.from_string(text).render()\n", errors: [{ messageId: "fromVariable", line: 5 }] },
  ],
});

// Severity and confidence by template language and by who can reach the view.
const tpl = "from django.template import Template, Context\n";
describe("tainted-code-eval severity and confidence", () => {
  it.each([
    ["Django template from any logged-in user", tpl + "from django.contrib.auth.decorators import login_required\n@login_required\ndef v(request):\n    return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "high"],
    ["Django template under permission_required", tpl + "from django.contrib.auth.decorators import permission_required\n@permission_required('mail.send_bulk')\ndef v(request):\n    return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template under staff_member_required", tpl + "from django.contrib.admin.views.decorators import staff_member_required\n@staff_member_required\ndef v(request):\n    return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template after a has_perm check that refuses", tpl + "def v(request, slug):\n    if request.method != 'POST':\n        return HttpResponseNotAllowed(['POST'])\n    if not request.user.has_perm('reviews.can_manage_%s' % slug):\n        return access_not_permitted(request)\n    for p in proposals:\n        p.body = Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template inside if has_perm", tpl + "def v(request):\n    if request.user.has_perm('mail.send_bulk'):\n        Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template behind a project permission test of another module", tpl + "from finaid.utils import is_reviewer\ndef v(request):\n    if not is_reviewer(request.user):\n        return HttpResponseForbidden('no')\n    return Template(request.POST['subject']).render(Context({}))\n",
      { "finaid/utils.py": "def is_reviewer(user):\n    return user.has_perm('finaid.review_financial_aid')\n" }, "medium", "low"],
    ["Django template in a PermissionRequiredMixin view", tpl + "from django.contrib.auth.mixins import PermissionRequiredMixin\nfrom django.views import View\nclass Send(PermissionRequiredMixin, View):\n    permission_required = 'mail.send_bulk'\n    def post(self, request):\n        return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template in a subclass of a module base behind method_decorator(permission_required)", tpl + "from django.contrib.auth.decorators import permission_required\nfrom django.utils.decorators import method_decorator\n@method_decorator(permission_required('mail.send_bulk'), name='dispatch')\nclass Base(View):\n    pass\nclass Send(Base):\n    def post(self, request):\n        return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template behind a helper that lets owners through", tpl + "def can_edit(user, page):\n    return page.owner == user or user.has_perm('pages.change_page')\ndef v(request, page):\n    if not can_edit(request.user, page):\n        raise PermissionDenied\n    return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "high"],
    ["Django template behind a has_perm check or ownership", tpl + "def v(request, page):\n    if not request.user.has_perm('pages.change_page') and page.owner != request.user:\n        raise PermissionDenied\n    return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "high"],
    ["Django template behind not (has_perm and active)", tpl + "def v(request):\n    if not (request.user.has_perm('mail.send_bulk') and request.user.is_active):\n        raise PermissionDenied\n    return Template(request.POST['body']).render(Context({}))\n", {}, "medium", "low"],
    ["Django template before the has_perm check", tpl + "def v(request):\n    t = Template(request.POST['body']).render(Context({}))\n    if not request.user.has_perm('mail.send_bulk'):\n        raise PermissionDenied\n    return t\n", {}, "medium", "high"],
    ["Django template in the else of a has_perm check", tpl + "def v(request):\n    if request.user.has_perm('mail.send_bulk'):\n        pass\n    else:\n        Template(request.POST['body']).render(Context({}))\n", {}, "medium", "high"],
    ["Jinja2 template under permission_required stays code execution", "import jinja2\nfrom django.contrib.auth.decorators import permission_required\n@permission_required('mail.send_bulk')\ndef v(request):\n    return jinja2.Template(request.POST['body']).render()\n", {}, "high", "high"],
    ["eval under staff_member_required stays code execution", "from django.contrib.admin.views.decorators import staff_member_required\n@staff_member_required\ndef v(request):\n    return eval(request.POST['x'])\n", {}, "high", "high"],
  ] as const)("%s", (_name, code, context, severity, confidence) => {
    const findings = runRule(rule, code, "shop/views.py", context).findings;
    expect(findings.map((f) => [f.severity, f.confidence])).toEqual([[severity, confidence]]);
  });
});
