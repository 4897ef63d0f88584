import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./format-html-misuse.js";

const fh = "from django.utils.html import format_html\n";

testRule(rule, {
  valid: [
    { name: "placeholders with arguments", code: fh + "def f(url, title):\n    return format_html('<a href=\"{}\">{}</a>', url, title)\n" },
    { name: "keyword arguments", code: fh + "def f(name):\n    return format_html('<b>{name}</b>', name=name)\n" },
    { name: "splatted arguments", code: fh + "def f(t, *args, **kw):\n    return format_html(t, *args, **kw)\n" },
    { name: "constant concatenation with args", code: fh + "def f(x):\n    return format_html('<b>{}</b>' + '<br>', x)\n" },
    { name: "f-string of constants and escaped values", code: fh + "CLS = 'btn'\ndef f(x):\n    return format_html(f'<b class=\"{CLS}\">{{}}</b>', x)\n" },
    { name: "guide example with escape()", code: fh + "from django.utils.html import escape\ndef greet_user(username):\n    return format_html('{}', escape(username))\n" },
    { name: "local format_html", code: "def format_html(s, *a):\n    return s\ndef f(x):\n    return format_html(f'<b>{x}</b>')\n" },
    { name: "str.format is not format_html", code: "def f(x):\n    return '<b>{}</b>'.format(x)\n" },
  ],
  invalid: [
    {
      name: "f-string format string",
      code: fh + "def link(url, title):\n    return format_html(f'<a href=\"{url}\">{title}</a>')\n",
      errors: [{ messageId: "preInterpolated", line: 3, messageIncludes: "an f-string" }],
    },
    {
      name: "percent then args",
      code: fh + "def f(cls, x):\n    return format_html('<b class=\"%s\">{}</b>' % cls, x)\n",
      errors: [{ messageId: "preInterpolated", line: 3, messageIncludes: "`%` formatting" }],
    },
    {
      name: "format() before format_html, via a variable",
      code: "from django.utils import html\ndef f(x, y):\n    tpl = '<i>{}</i>'.format(x)\n    return html.format_html(tpl + '{}', y)\n",
      errors: [{ messageId: "preInterpolated", line: 4, messageIncludes: "`.format()`" }],
    },
    {
      name: "constant with no arguments",
      code: fh + "BADGE = format_html('<b>new</b>')\n",
      errors: [{ messageId: "noArgsConstant", line: 2 }],
    },
    {
      name: "constant through a local variable with no arguments",
      code: fh + "def f():\n    tpl = '<hr>'\n    return format_html(tpl)\n",
      errors: [{ messageId: "noArgsConstant", line: 4 }],
    },
    {
      name: "value with no arguments",
      code: fh + "def f(body):\n    return format_html(body)\n",
      errors: [{ messageId: "noArgsValue", line: 3, messageIncludes: "format_html(body)" }],
    },
  ],
});

describe("format-html-misuse severity", () => {
  it.each([
    ["a constant without arguments: low (a deprecation)", fh + "def f():\n    return format_html('<hr>')\n", "low"],
    ["a value without arguments: the rule's own", fh + "def f(links):\n    return format_html('<br>'.join(links))\n", rule.severity],
    ["an f-string format string: the rule's own", fh + "def f(x):\n    return format_html(f'<b>{x}</b>')\n", rule.severity],
  ])("%s", (_name, code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});

describe("format-html-misuse and values the models show cannot hold markup", () => {
  const models = {
    "shop/models.py":
      "from django.conf import settings\nfrom django.db import models\n\nclass Order(models.Model):\n    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)\n" +
      "    state = models.CharField(max_length=8, choices=[('new', 'New'), ('paid', 'Paid')])\n    note = models.TextField()\n",
  };
  const code = (value: string) => fh + "from .models import Order\n\ndef badge(pk):\n    order = Order.objects.get(pk=pk)\n    return format_html(f'<b>{" + value + "}</b>')\n";
  const found = (value: string) => runRule(rule, code(value), "shop/views.py", models).findings.map((f) => `${f.line}:${f.confidence}`);
  it("is low for a constant choice or the username of Django's user model", () => {
    expect(found("order.state")).toEqual(["6:low"]);
    expect(found("order.user.username")).toEqual(["6:low"]);
  });
  it("keeps the rule's confidence for free text, an e-mail address and a first name", () => {
    expect(found("order.note")).toEqual([`6:${rule.confidence}`]);
    expect(found("order.user.email")).toEqual([`6:${rule.confidence}`]);
    expect(found("order.user.first_name")).toEqual([`6:${rule.confidence}`]);
  });
});
