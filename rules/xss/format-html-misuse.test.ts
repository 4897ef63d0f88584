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

// The values a format string is filled with are judged as the mark-safe rules judge HTML: a misuse only when some
// value may carry markup from outside.
describe("format-html-misuse: format strings filled in with values shown safe", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.messageId}:${f.severity}:${f.confidence}`);
  const admin = (helper: string, member: string) => `from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

class PermissionAdmin(admin.ModelAdmin):
    MEMBER_TYPE_ADMIN = "admin"

class PortfolioAdmin(admin.ModelAdmin):
    def _members_url(self, obj, member_type):
        return reverse("admin:app_permission_changelist") + f"?portfolio={obj.id}&member_type={${helper}}"

    def display_admins(self, obj):
        admin_count = len(self.admins(obj))
        url = self._members_url(obj, ${member})
        return format_html(f'<a href="{url}">{admin_count} admins</a>')

    def domain_requests(self, obj):
        count = obj.get_domain_requests().count()
        url = reverse("admin:app_request_changelist") + f"?portfolio={obj.pk}"
        return format_html(f'<a href="{url}">{count} requests</a> {{}}', obj.name)
`;
  it("is only the low deprecation advice for reverse() URLs, a self helper given a class constant, ids and counts", () => {
    expect(found(admin("member_type", "PermissionAdmin.MEMBER_TYPE_ADMIN"))).toEqual(["15:noArgsConstant:low:high"]);
  });
  it("reports a self helper given a model's text, or one that puts an object's text into the URL", () => {
    expect(found(admin("member_type", "obj.name"))).toEqual([`15:preInterpolated:${rule.severity}:high`]);
    expect(found(admin("obj.name", "PermissionAdmin.MEMBER_TYPE_ADMIN"))).toEqual([`15:preInterpolated:${rule.severity}:high`]);
  });
  const errors = (message: string, init = "") => `from django.utils.html import format_html
from django.utils.safestring import mark_safe

class DnsError(Exception):
    GENERIC = mark_safe("Please try again, or <a href='https://example.org/contact/'>contact us</a>.")
${init}
    def mapping(self, request_id):
        return format_html(${message}[:-1] + " and share this ID {}.", request_id)
`;
  it("is no finding for a format string made of class constants and literals, the value passed as an argument", () => {
    expect(found(errors("self.GENERIC"))).toEqual([]);
    expect(found(errors("DnsError.GENERIC"))).toEqual([]);
  });
  it("reports an attribute the instance sets, or one the class does not define", () => {
    expect(found(errors("self.GENERIC", "    def __init__(self, message):\n        self.GENERIC = message\n"))).toEqual([`10:preInterpolated:${rule.severity}:high`]);
    expect(found(errors("self.message"))).toEqual([`8:preInterpolated:${rule.severity}:high`]);
  });
  const links = (text: string, extra = "") => `from django.urls import reverse
from django.utils.html import escape, format_html

def field_links(queryset, model_name, info_attribute=None, separator=None):
    links = []
    for item in queryset:
        change_url = reverse(f"admin:app_{model_name}_change", args=[item.pk])
        link = f'<a href="{change_url}">{${text}}</a>'
${extra}        if separator:
            links.append(link)
        else:
            links.append(f"<li>{link}</li>")
    if separator:
        return format_html(separator.join(links))
    links = "".join(links)
    return format_html(f'<ul class="list">{links}</ul>')
`;
  it("is only the deprecation advice for a list of escaped fragments and reverse() URLs joined into an f-string", () => {
    expect(found(links("escape(item)"))).toEqual([`14:noArgsValue:${rule.severity}:low`, "16:noArgsConstant:low:high"]);
  });
  it("is low when the unescaped part is added only when a caller passes an optional parameter", () => {
    const extra = "        if info_attribute:\n            link += f\" ({getattr(item, info_attribute)})\"\n";
    const result = runRule(rule, links("escape(item)", extra)).findings;
    expect(result.map((f) => `${f.line}:${f.messageId}:${f.confidence}`)).toEqual(["16:noArgsValue:low", "18:preInterpolated:low"]);
    expect(result[1].trace).toEqual([{ line: 10, label: "added only when a caller passes `info_attribute`" }]);
  });
  it("reports fragments built from unescaped text, whatever the flags", () => {
    expect(found(links("item.name"))).toEqual([`14:noArgsValue:${rule.severity}:low`, `16:preInterpolated:${rule.severity}:high`]);
    const always = "        link += f\" ({getattr(item, info_attribute)})\"\n";
    expect(found(links("escape(item)", always))).toEqual([`15:noArgsValue:${rule.severity}:low`, `17:preInterpolated:${rule.severity}:high`]);
  });
});

describe("format-html-misuse and values the models show cannot hold markup", () => {
  const models = {
    "shop/models.py":
      "from django.conf import settings\nfrom django.db import models\n\nclass Order(models.Model):\n    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)\n" +
      "    state = models.CharField(max_length=8, choices=[('new', 'New'), ('paid', 'Paid')])\n    note = models.TextField()\n",
  };
  const code = (value: string) => fh + "from .models import Order\n\ndef badge(pk):\n    order = Order.objects.get(pk=pk)\n    return format_html(f'<b>{" + value + "}</b>')\n";
  const found = (value: string) => runRule(rule, code(value), "shop/views.py", models).findings.map((f) => `${f.line}:${f.messageId}:${f.severity}`);
  it("is only the low deprecation advice for a constant choice or the username of Django's user model", () => {
    expect(found("order.state")).toEqual(["6:noArgsConstant:low"]);
    expect(found("order.user.username")).toEqual(["6:noArgsConstant:low"]);
  });
  it("reports free text, an e-mail address and a first name", () => {
    expect(found("order.note")).toEqual([`6:preInterpolated:${rule.severity}`]);
    expect(found("order.user.email")).toEqual([`6:preInterpolated:${rule.severity}`]);
    expect(found("order.user.first_name")).toEqual([`6:preInterpolated:${rule.severity}`]);
  });
});
