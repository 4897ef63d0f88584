import { testRule } from "../../test/helpers/test-rule.js";
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
    { name: "local eval function", code: "def eval(x):\n    return x\ndef v(request):\n    return eval(request.GET['x'])\n" },
  ],
  invalid: [
    { name: "eval", code: "def v(request):\n    expr = request.GET['expr']\n    return eval(expr)\n", errors: [{ messageId: "fromVariable", line: 3 }] },
    { name: "eval of an attribute name the client sent", code: "def v(request):\n    form = MergeForm(request.POST)\n    if form.is_valid():\n        master = form.cleaned_data['master']\n        eval('master.%s.all()' % form.cleaned_data['field'])\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "eval of a _meta lookup keyed by request data", code: "def v(request, obj):\n    name = obj._meta.get_field(request.GET['f']).name\n    eval('obj.' + request.GET['f'])\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "exec of the body", code: "def v(request):\n    exec(request.body.decode())\n", errors: [{ messageId: "fromSource", line: 2 }] },
    { name: "compile", code: "def v(request):\n    code = compile(request.POST['src'], '<x>', 'exec')\n", errors: [{ messageId: "fromSource", line: 2 }] },
    { name: "Django Template compiled from request data", code: "from django.template import Template, Context\ndef v(request):\n    t = Template(request.POST['body'])\n    return t.render(Context({}))\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Django engine looked up in engines", code: "from django.template import engines\ndef v(request):\n    return engines['django'].from_string(request.GET['t']).render({})\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Django default engine", code: "from django.template import Engine\ndef v(request):\n    return Engine.get_default().from_string(request.GET['t'])\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Jinja2 Environment() inline", code: "from jinja2 import Environment\ndef v(request):\n    return Environment().from_string(request.POST['x']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "Jinja2 Template from request data", code: "from jinja2 import Template\ndef v(request):\n    return Template(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "environment held on the view, out of sight", code: "class V:\n    def get(self, request):\n        return self.jinja_env.from_string(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "environment imported from a project module", code: "from shop.templating import env\ndef v(request):\n    return env.from_string(request.GET['t']).render()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "jinja2 from_string on request data", code: "import jinja2\nenv = jinja2.Environment()\ndef v(request):\n    text = request.GET['tpl']\n    return env.from_string(text).render()\n", errors: [{ messageId: "fromVariable", line: 5 }] },
  ],
});
