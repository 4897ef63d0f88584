import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./mark-safe-untrusted.js";

const ms = "from django.utils.safestring import mark_safe\n";
const esc = "from django.utils.html import escape, format_html\n";

testRule(rule, {
  valid: [
    { name: "query string re-encoded by urlencode()", code: "from django.utils.safestring import mark_safe\ndef qs(request):\n    return mark_safe(request.GET.urlencode())\n" },
    { name: "timesince output in markup", code: "from django.utils.safestring import mark_safe\nfrom django.utils.timesince import timesince\ndef age(dt, seconds):\n    return mark_safe('<span data-s=\"%d\">%s</span>' % (seconds, timesince(dt)))\n" },
    { name: "constant string", code: ms + "ICON = mark_safe('<i class=\"icon\"></i>')\n" },
    { name: "escaped first (the guide's example)", code: ms + esc + "def render_good(user_input):\n    return mark_safe(escape(user_input))\n" },
    { name: "f-string with every value escaped", code: ms + esc + "def f(a, b):\n    return mark_safe(f'<b>{escape(a)}</b><i>{escape(b)}</i>')\n" },
    { name: "percent with escaped value", code: ms + esc + "def f(a):\n    return mark_safe('<b>%s</b>' % escape(a))\n" },
    { name: "local variable that holds escaped HTML", code: ms + esc + "def f(a):\n    html = format_html('<b>{}</b>', a)\n    html += '<br>'\n    return mark_safe(html)\n" },
    { name: "rendered template", code: ms + "from django.template.loader import render_to_string\ndef f(ctx):\n    return mark_safe(render_to_string('x.html', ctx))\n" },
    { name: "get_template render", code: ms + "from django.template.loader import get_template\ndef f(ctx):\n    return mark_safe(get_template('x.html').render(ctx))\n" },
    { name: "join of escaped items", code: ms + "from django.utils.html import conditional_escape\ndef f(lines):\n    return mark_safe('<br>'.join(conditional_escape(l) for l in lines))\n" },
    { name: "translated constant", code: ms + "from django.utils.translation import gettext_lazy as _\nHELP = mark_safe(_('Use <b>bold</b> text.'))\n" },
    { name: "widget render through super()", code: ms + "from django.utils.html import escape\nclass ColorWidget:\n    def render(self, name, value, attrs=None, renderer=None):\n        html = super().render(name, value, attrs, renderer)\n        return mark_safe(html + f'<span class=\"swatch\">{escape(value)}</span>')\n" },
    { name: "form rendering", code: ms + "def f(form):\n    return mark_safe(form.as_p())\n" },
    { name: "sanitised with nh3", code: ms + "import nh3\ndef f(body):\n    return mark_safe(nh3.clean(body))\n" },
    { name: "settings value", code: ms + "from django.conf import settings\nBANNER = mark_safe(settings.SITE_BANNER_HTML)\n" },
    { name: "local function named mark_safe", code: "def mark_safe(s):\n    return s\ndef f(x):\n    return mark_safe(x)\n" },
    { name: "stdlib html.escape", code: ms + "import html\ndef f(x):\n    return mark_safe(f'<p>{html.escape(x)}</p>')\n" },
    { name: "decorated function returning escaped HTML", code: ms + esc + "@mark_safe\ndef badge(label):\n    return format_html('<span>{}</span>', label)\n" },
    { name: "numbers only", code: ms + "def f(obj, n):\n    a = mark_safe('<b>%d</b>' % n)\n    return mark_safe(f'<tr data-id=\"{obj.pk}\"><td>{len(obj.items)}</td><td>{n:.2f}</td></tr>')\n" },
    { name: "module constant through an f-string", code: ms + "SEP = '<hr>'\ndef f():\n    return mark_safe(f'<div>{SEP}</div>')\n" },
    {
      name: "needs_autoescape filter idiom (esc bound to conditional_escape)",
      code: ms + "from django.utils.html import conditional_escape\ndef highlight(text, term, autoescape=True):\n    esc = conditional_escape if autoescape else (lambda x: x)\n    return mark_safe(esc(text).replace(esc(term), '<mark>%s</mark>' % esc(term)))\n",
    },
    {
      name: "filter keeping a safe input safe (isinstance SafeData)",
      code: ms + "from django.utils.safestring import SafeData\ndef cut(value, arg):\n    safe = isinstance(value, SafeData)\n    value = value.replace(arg, '')\n    if safe and arg != ';':\n        return mark_safe(value)\n    return value\n",
    },
    {
      name: "conditional mark_safe on a SafeData check",
      code: ms + "from django.utils.safestring import SafeData\ndef tidy(value):\n    out = value.strip()\n    return mark_safe(out) if isinstance(value, SafeData) else out\n",
    },
    {
      name: "Django helpers told to escape",
      code: ms + "from django.utils.html import linebreaks, urlize\nfrom django.template.defaultfilters import linebreaksbr\ndef f(text, autoescape=True):\n    a = mark_safe(urlize(text, nofollow=True, autoescape=autoescape))\n    b = mark_safe(linebreaks(text, autoescape))\n    return mark_safe(linebreaksbr(text))\n",
    },
    {
      name: "widget rendered by the form renderer",
      code: ms + "class StarsWidget:\n    def _render(self, template_name, context, renderer=None):\n        return mark_safe(renderer.render(template_name, context))\n",
    },
    { name: "number formatting", code: ms + "from django.utils import formats\ndef f(n):\n    return mark_safe(formats.number_format(n, 2))\n" },
    { name: "translated message with a count", code: ms + "from django.utils.translation import gettext as _, ngettext\ndef f(n):\n    a = mark_safe(_('<h3>Done</h3> %d sessions closed.') % n)\n    return mark_safe(ngettext('<b>%d</b> item', '<b>%d</b> items', n) % n)\n" },
    { name: "stripped joined form errors", code: ms + "def errors(form, fields):\n    return mark_safe('\\n'.join(form[f].errors.as_ul() for f in fields).strip('\\n'))\n" },
    { name: "escaping written out with replace()", code: ms + "class A:\n    def urls(self, obj):\n        text = (obj.urls or '').replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')\n        return mark_safe(f'<textarea>{text}</textarea>')\n" },
    {
      name: "allow_tags column whose helper escapes (the ralph fix)",
      code: esc + "from django.urls import reverse\n\ndef base_object_link(obj):\n    link = '<a href=\"{}\">{}</a>'.format(reverse('admin:view', args=(obj.pk,)), escape(obj.base_object.name))\n    return link\n\nclass IPAdmin:\n    def base_object(self, obj):\n        return base_object_link(obj)\n    base_object.allow_tags = True\n",
    },
    {
      name: "allow_tags on a project whose URLconf uses django.urls.path (Django 2.0+, where allow_tags does nothing)",
      code: "class CategoryAdmin:\n    def names(self, obj):\n        return '<br/>'.join([b.name for b in obj.benchmarks.all()])\n    names.allow_tags = True\n",
      context: { "site/urls.py": "from django.urls import (\n    include,\n    path,\n)\nurlpatterns = [path('', include('shop.urls'))]\n" },
    },
    { name: "allow_tags column returning a constant", code: "class A:\n    def dash(self, obj):\n        return '&ndash;'\n    dash.allow_tags = True\n" },
    { name: "local alias of escape", code: ms + esc + "def f(a):\n    e = escape\n    return mark_safe('<b>' + e(a) + '</b>')\n" },
  ],
  invalid: [
    {
      name: "allow_tags on a project whose URLconf is Django 1.x's url()",
      code: "class CategoryAdmin:\n    def names(self, obj):\n        return '<br/>'.join([b.name for b in obj.benchmarks.all()])\n    names.allow_tags = True\n",
      context: { "site/urls.py": "from django.conf.urls import include, url\nurlpatterns = [url(r'^', include('shop.urls'))]\n" },
      errors: [{ messageId: "allowTags", line: 3 }],
    },
    {
      name: "allow_tags column returning a helper's unescaped HTML (the ralph advisory)",
      code:
        "from django.urls import reverse\n\ndef base_object_link(obj):\n    if not obj.base_object:\n        return '&ndash;'\n    return '<a href=\"{}\">{}</a>'.format(\n        reverse('admin:view', args=(obj.pk,)),\n        obj.base_object._str_with_type,\n    )\n\nclass IPAdmin:\n    def base_object(self, obj):\n        return base_object_link(obj)\n    base_object.allow_tags = True\n",
      errors: [{ messageId: "allowTags", line: 6, messageIncludes: "`base_object.allow_tags = True`" }],
    },
    { name: "urlencode() keeping characters unencoded", code: "from django.utils.safestring import mark_safe\ndef qs(request):\n    return mark_safe(request.GET.urlencode(safe='<>'))\n", errors: [{ messageId: "unverifiedValue", line: 3 }] },
    {
      name: "local name bound to something that does not escape",
      code: ms + esc + "def f(a):\n    e = str\n    return mark_safe(e(a))\n",
      errors: [{ messageId: "unverifiedValue", line: 5 }],
    },
    {
      name: "replace on a safe string with an unescaped value",
      code: ms + esc + "def f(a, b):\n    return mark_safe(escape(a).replace('x', b))\n",
      errors: [{ messageId: "unverifiedValue", line: 4 }],
    },
    {
      name: "user input (the guide's example)",
      code: ms + "def render_bad(user_input):\n    return mark_safe(user_input)\n",
      errors: [{ messageId: "unverifiedValue", line: 3, messageIncludes: "`user_input`" }],
    },
    {
      name: "f-string with a raw attribute in admin",
      code: ms + "class A:\n    def colored(self, obj):\n        return mark_safe(f'<span style=\"color: {obj.color}\">{obj.name}</span>')\n",
      errors: [{ messageId: "builtHtml", line: 4, messageIncludes: "an f-string" }],
    },
    {
      name: "one escaped and one raw value",
      code: ms + esc + "def f(a, b):\n    return mark_safe('<b>%s</b><i>%s</i>' % (escape(a), b))\n",
      errors: [{ messageId: "builtHtml", line: 4, messageIncludes: "`%` formatting" }],
    },
    {
      name: "format() through a local variable",
      code: ms + "def f(name):\n    html = '<b>{}</b>'.format(name)\n    return mark_safe(html)\n",
      errors: [{ messageId: "builtHtml", line: 4, messageIncludes: "`.format()`" }],
    },
    {
      name: "concatenation",
      code: ms + "def f(name):\n    return mark_safe('<b>' + name + '</b>')\n",
      errors: [{ messageId: "builtHtml", line: 3, messageIncludes: "`+` concatenation" }],
    },
    {
      name: "SafeString and SafeText, aliased module",
      code: "from django.utils import safestring as ss\ndef f(x):\n    a = ss.SafeString(x)\n    return ss.SafeText(f'<p>{x}</p>')\n",
      errors: [
        { messageId: "unverifiedValue", line: 3, messageIncludes: "`SafeString`" },
        { messageId: "builtHtml", line: 4, messageIncludes: "`SafeString`" },
      ],
    },
    {
      name: "markdown render is raw HTML",
      code: ms + "from markdown_it import MarkdownIt\ndef f(text):\n    return mark_safe(MarkdownIt().render(text))\n",
      errors: [{ messageId: "unverifiedValue", line: 4 }],
    },
    {
      name: "json.dumps is not HTML-safe",
      code: ms + "import json\ndef f(data):\n    return mark_safe(json.dumps(data))\n",
      errors: [{ messageId: "unverifiedValue", line: 4 }],
    },
    {
      name: "decorated function returning raw HTML",
      code: ms + "class Post:\n    @mark_safe\n    def title_html(self):\n        if not self.title:\n            return ''\n        return f'<h1>{self.title}</h1>'\n",
      errors: [{ messageId: "decoratedFunction", line: 3, messageIncludes: "line 7" }],
    },
    {
      name: "SafeData check on another value",
      code: ms + "from django.utils.safestring import SafeData\ndef f(value, extra):\n    if isinstance(value, SafeData):\n        return value\n    return mark_safe(extra)\n",
      errors: [{ messageId: "unverifiedValue", line: 6 }],
    },
    {
      name: "Django helpers told not to escape",
      code: ms + "from django.utils.html import urlize\nfrom django.template.defaultfilters import linebreaksbr\ndef f(text):\n    a = mark_safe(urlize(text))\n    return mark_safe(linebreaksbr(text, autoescape=False))\n",
      errors: [{ messageId: "unverifiedValue", line: 5 }, { messageId: "unverifiedValue", line: 6 }],
    },
    {
      name: "a DRF renderer's output is not a template",
      code: ms + "def f(renderer, data):\n    return mark_safe(renderer.render(data, 'application/json'))\n",
      errors: [{ messageId: "unverifiedValue", line: 3 }],
    },
    { name: "translated message with a string value", code: ms + "from django.utils.translation import ngettext\ndef f(n, who):\n    return mark_safe(ngettext('%d item by %s', '%d items by %s', n) % (n, who))\n", errors: [{ messageId: "builtHtml", line: 4 }] },
    { name: "strip does not clean raw HTML", code: ms + "def f(bio):\n    return mark_safe(('<p>' + bio + '</p>').strip())\n", errors: [{ messageId: "builtHtml", line: 3 }] },
    {
      name: "translated text with a value",
      code: ms + "from django.utils.translation import gettext as _\ndef f(name):\n    return mark_safe(_('Hello <b>%s</b>') % name)\n",
      errors: [{ messageId: "builtHtml", line: 4 }],
    },
  ],
});

describe("mark-safe-untrusted confidence", () => {
  const confidences = (code: string) => runRule(rule, code).findings.map((f) => f.confidence);
  it("is medium for a field of the admin row object and for display names", () => {
    expect(confidences(ms + "class HostAdmin:\n    @mark_safe\n    def host(self, obj):\n        return '<a href=\"{}\">{}</a>'.format(obj.get_absolute_url(), obj.parent.hostname)\n")).toEqual(["medium"]);
    expect(confidences(ms + "def who(user):\n    return mark_safe(f'<b>{user.get_full_name()}</b>')\n")).toEqual(["medium"]);
    expect(confidences(ms + "def row(project):\n    return mark_safe('<td>' + project.name + '</td>')\n")).toEqual(["medium"]);
  });
  it("stays low for values of unknown origin and for developer names", () => {
    expect(confidences(ms + "def f(icon):\n    return mark_safe(f'<span>{icon}</span>')\n")).toEqual(["low"]);
    expect(confidences(ms + "def f(field):\n    return mark_safe(f'<label>{field.label}</label><i>{field.name}</i>')\n")).toEqual(["low"]);
    expect(confidences(ms + "class Helper:\n    def f(self, obj):\n        return mark_safe(f'<b>{obj.hostname}</b>')\n")).toEqual(["low"]);
    expect(confidences(ms + "class HostAdmin:\n    def f(self, obj):\n        return mark_safe(f'<b>{obj.created_at}</b><i>{obj.address}</i><u>{obj.get_status_display()}</u>')\n")).toEqual(["low"]);
  });
  it("is high when the marked code reads the request", () => {
    expect(confidences(ms + "def f(request):\n    return mark_safe('<b>%s</b>' % request.GET['q'])\n")).toEqual(["high"]);
  });
});
