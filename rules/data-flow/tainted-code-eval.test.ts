import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-code-eval.js";

testRule(rule, {
  valid: [
    { name: "literal_eval", code: "import ast\ndef v(request):\n    return ast.literal_eval(request.GET['x'])\n" },
    { name: "eval of a constant", code: "def v(request):\n    return eval('1 + 2')\n" },
    { name: "Django template from a constant", code: "from django.template import Template\ndef v(request):\n    return Template('<p>{{ name }}</p>')\n" },
    { name: "jinja2 environment rendering a template file", code: "import jinja2\nenv = jinja2.Environment()\ndef v(request):\n    return env.get_template('page.html').render(name=request.GET['n'])\n" },
    { name: "local eval function", code: "def eval(x):\n    return x\ndef v(request):\n    return eval(request.GET['x'])\n" },
  ],
  invalid: [
    { name: "eval", code: "def v(request):\n    expr = request.GET['expr']\n    return eval(expr)\n", errors: [{ messageId: "fromVariable", line: 3 }] },
    { name: "exec of the body", code: "def v(request):\n    exec(request.body.decode())\n", errors: [{ messageId: "fromSource", line: 2 }] },
    { name: "compile", code: "def v(request):\n    code = compile(request.POST['src'], '<x>', 'exec')\n", errors: [{ messageId: "fromSource", line: 2 }] },
    { name: "Django Template compiled from request data", code: "from django.template import Template, Context\ndef v(request):\n    t = Template(request.POST['body'])\n    return t.render(Context({}))\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "jinja2 from_string on request data", code: "import jinja2\nenv = jinja2.Environment()\ndef v(request):\n    text = request.GET['tpl']\n    return env.from_string(text).render()\n", errors: [{ messageId: "fromVariable", line: 5 }] },
  ],
});
