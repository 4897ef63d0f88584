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
    { name: "marked safe only under the flag whose branch escaped every value", code: ms + esc + "def arcs(story, url=True):\n    out = ''\n    for arc in story.arcs.all():\n        if url:\n            out += '<a href=\"%s\">%s</a>' % (arc.get_absolute_url(), escape(arc.name))\n        else:\n            out += arc.name\n    if url:\n        return mark_safe(out)\n    return out\n" },
    { name: "marked safe under `if not plain:` where the `if plain:` branch added raw text", code: ms + esc + "def arcs(story, plain=False):\n    out = ''\n    for arc in story.arcs.all():\n        if plain:\n            out += arc.name\n        else:\n            out += escape(arc.name)\n    if not plain:\n        return mark_safe(out)\n    return out\n" },
    { name: "request.get_full_path() in a double-quoted href (Django percent-encodes path and query)", code: ms + "def login_link(request):\n    link = '<a href=\"/accounts/login/?next=%s\">log in</a>' % request.get_full_path()\n    return mark_safe(link)\n" },
    {
      name: "percent-encoded values (urllib quote, requests.utils.quote, urlencode)",
      code: ms + "import requests\nfrom urllib.parse import quote, urlencode\ndef links(name, email, params):\n    a = mark_safe(f'<a href=\"/u/{quote(name, safe=\"\")}\">x</a>')\n    b = mark_safe('<a href=\"/act?e={}\">y</a>'.format(requests.utils.quote(email)))\n    return mark_safe('<a href=\"/s?%s\">z</a>' % urlencode(params))\n",
    },
  ],
  invalid: [
    { name: "request.get_full_path() in a single-quoted attribute ('` is left unencoded)", code: ms + "def f(request):\n    return mark_safe(\"<a href='/login/?next=%s'>in</a>\" % request.get_full_path())\n", errors: [{ messageId: "builtHtml", line: 3 }] },
    { name: "request.get_full_path() read into a name, markup built elsewhere", code: ms + "def f(request):\n    nxt = request.get_full_path()\n    return mark_safe(\"<a href='/login/?next=%s'>in</a>\" % nxt)\n", errors: [{ messageId: "builtHtml", line: 4 }] },
    { name: "request.path is decoded, not percent-encoded", code: ms + "def f(request):\n    return mark_safe('<a href=\"%s\">here</a>' % request.path)\n", errors: [{ messageId: "builtHtml", line: 3 }] },
    { name: "quote() told to keep markup characters", code: ms + "from urllib.parse import quote\ndef f(name):\n    return mark_safe('<a href=\"/u/%s\">x</a>' % quote(name, safe='<>\"'))\n", errors: [{ messageId: "builtHtml", line: 4 }] },
    { name: "marked safe whatever the flag: the else branch added raw text", code: ms + esc + "def arcs(story, url=True):\n    out = ''\n    for arc in story.arcs.all():\n        if url:\n            out += '<a href=\"%s\">%s</a>' % (arc.get_absolute_url(), escape(arc.name))\n        else:\n            out += arc.name\n    return mark_safe(out)\n", errors: [{ messageId: "builtHtml", line: 10 }] },
    { name: "the flag reassigned before the marked branch", code: ms + esc + "def arcs(story, url=True):\n    out = ''\n    url = story.public\n    for arc in story.arcs.all():\n        if url:\n            out += '<a href=\"%s\">%s</a>' % (arc.get_absolute_url(), escape(arc.name))\n        else:\n            out += arc.name\n    if url:\n        return mark_safe(out)\n    return out\n", errors: [{ messageId: "builtHtml", line: 12 }] },
    { name: "a branch on a list, whose truth the loop may change", code: ms + esc + "def arcs(story, seen):\n    out = ''\n    for arc in story.arcs.all():\n        if seen:\n            out += escape(arc.name)\n        else:\n            out += arc.name\n    if seen:\n        return mark_safe(out)\n    return out\n", errors: [{ messageId: "builtHtml", line: 11 }] },
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
  it("is medium for a field of the admin row object and for the names of Django's user model", () => {
    expect(confidences(ms + "class HostAdmin:\n    @mark_safe\n    def host(self, obj):\n        return '<a href=\"{}\">{}</a>'.format(obj.get_absolute_url(), obj.parent.hostname)\n")).toEqual(["medium"]);
    expect(confidences(ms + "def who(user):\n    return mark_safe(f'<b>{user.get_full_name()}</b>')\n")).toEqual(["medium"]);
    expect(confidences(ms + "def who(member):\n    return mark_safe(f'<b>{member.username}</b>')\n")).toEqual(["medium"]);
  });
  it("is low for a display name of an object whose model the code does not show", () => {
    expect(confidences(ms + "def row(project):\n    return mark_safe('<td>' + project.name + '</td>')\n")).toEqual(["low"]);
    expect(confidences(ms + "def roles(groups):\n    return mark_safe(''.join(f'<li>{group.name}</li>' for group in groups))\n")).toEqual(["low"]);
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

describe("mark-safe-untrusted and model fields that cannot hold markup", () => {
  // A Django 1.x project (allow_tags still renders unescaped) with validators one hop away from the models.
  const project: Record<string, string> = {
    "site/urls.py": "from django.conf.urls import include, url\nurlpatterns = [url(r'^', include('hosting.urls'))]\n",
    "core/validators.py":
      "from django.core import validators\nfrom django.core.exceptions import ValidationError\n\n" +
      "def validate_name(value):\n    validators.RegexValidator('^[\\.\\_\\-0-9a-z]+$', 'Enter a valid name.', 'invalid')(value)\n\n" +
      "def validate_emailname(value):\n    value += '@localhost'\n    try:\n        validators.EmailValidator()(value)\n    except ValidationError:\n        raise ValidationError('bad')\n",
    "hosting/models.py":
      "from django.db import models\nfrom django.core.validators import RegexValidator\nfrom core import validators\n\n" +
      "class Database(models.Model):\n    name = models.CharField(max_length=64, validators=[validators.validate_name])\n    comment = models.CharField(max_length=200)\n" +
      "    users = models.ManyToManyField('hosting.DatabaseUser', related_name='databases')\n    dump = models.FileField(upload_to='dumps')\n" +
      "    size = models.PositiveIntegerField(default=0)\n\n    def compute_total(self):\n        return round(self.size * 1.21, 2)\n\n    def summary(self):\n        return self.comment\n\n" +
      "    STATE_HELP = {'new': _('Created, not yet dumped.'), 'done': _('Dumped '\n                                                        'to disk.')}\n\n" +
      "    def get_state_help(self):\n        return self.STATE_HELP.get(self.comment, '')\n\n    def get_comment_help(self):\n        return self.STATE_HELP.get(self.comment) or self.comment\n\n" +
      "class DatabaseUser(models.Model):\n    username = models.CharField(max_length=16, validators=[RegexValidator(r'^[\\w.-]+$')])\n" +
      "    full_name = models.CharField(max_length=100)\n\n" +
      "class Address(models.Model):\n    name = models.CharField(max_length=64, validators=[validators.validate_emailname])\n" +
      "    mailboxes = models.ManyToManyField(DatabaseUser)\n\n" +
      "class Export(models.Model):\n    users = models.FileField(upload_to='exports')\n",
  };
  const path = "hosting/admin.py";
  const head = "from django.contrib import admin\nfrom django.urls import reverse\nfrom django.utils.safestring import mark_safe\nfrom .models import Database, DatabaseUser, Address\n\n";
  const column = (body: string, tail = "admin.site.register(Database, DatabaseAdmin)\n") =>
    head + "class DatabaseAdmin(admin.ModelAdmin):\n" + body + "\n" + tail;
  const findings = (code: string) => runRule(rule, code, path, project).findings.map((f) => `${f.line}:${f.confidence}`);

  it("is low when the admin row's field has a strict validator (a project function one hop away)", () => {
    const code = column("    def label(self, db):\n        return '<b>%s</b> %s' % (db.name, reverse('admin:x'))\n    label.allow_tags = True\n");
    expect(findings(code)).toEqual(["8:low"]);
  });
  it("does not type a row object the column rebinds", () => {
    const code = column("    def label(self, db):\n        db = lookup(db)\n        return '<b>%s</b>' % db.name\n    label.allow_tags = True\n");
    expect(findings(code)).toEqual(["9:medium"]);
  });
  it("stays medium for a free-text field of the same row", () => {
    const code = column("    def label(self, db):\n        return '<b>%s</b> %s' % (db.comment, db.name)\n    label.allow_tags = True\n");
    expect(findings(code)).toEqual(["8:medium"]);
  });
  it("is low for rows of a relation whose model validates the field, medium when the related field is free text", () => {
    const safe = column("    def users(self, db):\n        return '<br>'.join('<a href=\"%s\">%s</a>' % (u.get_absolute_url(), u.username) for u in db.users.all())\n    users.allow_tags = True\n");
    expect(findings(safe)).toEqual(["8:low"]);
    const unsafe = column("    def users(self, db):\n        return '<br>'.join('<a href=\"%s\">%s</a>' % (u.get_absolute_url(), u.full_name) for u in db.users.all())\n    users.allow_tags = True\n");
    expect(findings(unsafe)).toEqual(["8:medium"]);
  });
  it("keeps an e-mail local part as text: EmailValidator accepts a quoted \"<svg onload=...>\"", () => {
    const code = head + "class AddressAdmin(admin.ModelAdmin):\n    def email(self, address):\n        return '%s@example.org' % address.name\n    email.allow_tags = True\n\nadmin.site.register(Address, AddressAdmin)\n";
    expect(findings(code)).toEqual(["8:medium"]);
  });
  it("resolves the model of an inline that inherits it, a query's rows, and a reverse relation", () => {
    const inline =
      head + "class UserInline(admin.TabularInline):\n    model = DatabaseUser\n\nclass ClosedUserInline(UserInline):\n    def tag(self, user):\n        return '<b>%s</b>' % user.username\n    tag.allow_tags = True\n";
    expect(findings(inline)).toEqual(["11:low"]);
    const query = head + "def links():\n    db = Database.objects.get(pk=1)\n    return mark_safe('<b>%s</b>' % db.name)\n";
    expect(findings(query)).toEqual(["8:low"]);
    const reverseRel = head + "class UserAdmin(admin.ModelAdmin):\n    def dbs(self, user):\n        return '<br>'.join(['<i>%s</i>' % d.name for d in user.databases.all()])\n    dbs.allow_tags = True\n\nadmin.site.register(DatabaseUser, UserAdmin)\n";
    expect(findings(reverseRel)).toEqual(["8:low"]);
  });
  it("is low for a model method that only returns numbers, medium for one that returns a text field", () => {
    expect(findings(column("    def total(self, db):\n        return '<b>%s</b>' % db.compute_total()\n    total.allow_tags = True\n"))).toEqual(["8:low"]);
    expect(findings(column("    def total(self, db):\n        return '<b>%s</b>' % db.summary()\n    total.allow_tags = True\n"))).toEqual(["8:medium"]);
  });
  it("is low for a model method that returns a translated constant from a table of them, medium when it may return the field", () => {
    expect(findings(column("    def state(self, db):\n        return '<span title=\"%s\">x</span>' % db.get_state_help()\n    state.allow_tags = True\n"))).toEqual(["8:low"]);
    expect(findings(column("    def state(self, db):\n        return '<span title=\"%s\">x</span>' % db.get_comment_help()\n    state.allow_tags = True\n"))).toEqual(["8:medium"]);
  });
  it("is low for a stored file's name, in a model's file field and in a file widget's render()", () => {
    expect(findings(column("    def dump_link(self, db):\n        return '<a href=\"%s\">%s</a>' % (db.dump.url, db.dump.name)\n    dump_link.allow_tags = True\n"))).toEqual(["8:low"]);
    // `users` of a Database is a relation (another model's `users` is a file): the related row's `name` is no storage path.
    expect(findings(column("    def owner(self, db):\n        return '<b>%s</b>' % db.users.name\n    owner.allow_tags = True\n"))).toEqual(["8:medium"]);
    const widget = "from django import forms\nfrom django.utils.safestring import mark_safe\n\nclass CurrentFileInput(forms.FileInput):\n    def render(self, name, value, attrs=None, renderer=None):\n        output = super().render(name, value, attrs)\n        if value:\n            output = '<a href=\"%s\">%s</a>' % (value.url, value.name) + output\n        return mark_safe(output)\n";
    expect(findings(widget)).toEqual(["9:low"]);
    // The same code in a widget that is not a file input: `value.name` is a name, but of an object of unknown model.
    expect(findings(widget.replace("forms.FileInput", "forms.TextInput"))).toEqual(["9:low"]);
  });
  it("reads a relation of an object out of sight by the model its name spells (`self.instance.database`)", () => {
    const form = head + "class PluginForm:\n    def __init__(self):\n        db = self.instance.database\n        self.link = mark_safe('<a>%s</a>' % db.name)\n        addr = self.instance.address\n        self.mail = mark_safe('<a>%s</a>' % addr.name)\n";
    expect(findings(form)).toEqual(["9:low", "11:medium"]);
  });
  it("does not trust a field because another model validates a field of the same name", () => {
    // `Address.name` is text, `Database.name` validated: an object of unknown model proves neither (low, not dropped).
    const code = head + "def greet(thing):\n    return mark_safe('<b>%s</b>' % thing.name)\n";
    expect(findings(code)).toEqual(["7:low"]);
  });
  it("is medium for a display name the models show is stored text, low for one they show is validated", () => {
    // `address` spells the model `Address`, whose `name` is free text; `Database.objects.get()` rows validate `name`.
    expect(findings(head + "def greet(address):\n    return mark_safe('<b>%s</b>' % address.name)\n")).toEqual(["7:medium"]);
    expect(findings(head + "def greet():\n    user = DatabaseUser.objects.get(pk=1)\n    return mark_safe('<b>%s</b>' % user.full_name)\n")).toEqual(["8:medium"]);
    expect(findings(head + "def greet():\n    db = Database.objects.get(pk=1)\n    return mark_safe('<b>%s</b>' % db.name)\n")).toEqual(["8:low"]);
  });
  it("keeps a display name that reaches the HTML next to a request value at high", () => {
    expect(findings(head + "def greet(request, thing):\n    return mark_safe('<b>%s</b> %s' % (thing.name, request.GET['q']))\n")).toEqual(["7:high"]);
  });
});

describe("mark-safe-untrusted and model properties that build safe HTML themselves", () => {
  const project: Record<string, string> = {
    "perms/models.py":
      "from django.db import models\nfrom django.utils.html import format_html\nfrom django.utils.safestring import mark_safe\n\n" +
      "class BaseModel(models.Model):\n    allow_view = models.BooleanField(default=True)\n    status_detail = models.CharField(max_length=50)\n\n" +
      "    @property\n    def obj_perms(self):\n        t = '<span class=\"perm-%s\">%s</span>'\n        if self.allow_view:\n            value = t % ('public', 'Public')\n        else:\n            value = t % ('private', 'Private')\n        return mark_safe(value)\n\n" +
      "    @property\n    def obj_status(obj):\n        if not obj.status_detail:\n            return ''\n        return format_html(\n            '<span>{}</span>', obj.status_detail\n        )\n\n" +
      "    @property\n    def obj_badge(self):\n        if self.allow_view:\n            return mark_safe('<b>public</b>')\n        return '<i>%s</i>' % self.status_detail\n\n" +
      "    def raw_status(self):\n        return '<span>%s</span>' % self.status_detail\n",
    "boxes/models.py": "from django.db import models\nfrom perms.models import BaseModel\n\nclass Box(BaseModel):\n    title = models.CharField(max_length=200)\n    obj_label = models.CharField(max_length=20)\n",
  };
  const head = "from django.contrib import admin\nfrom django.utils.safestring import mark_safe\nfrom .models import Box\n\nclass BoxAdmin(admin.ModelAdmin):\n";
  const findings = (body: string) => runRule(rule, head + body + "\nadmin.site.register(Box, BoxAdmin)\n", "boxes/admin.py", project).findings.map((f) => `${f.line}:${f.confidence}`);

  it("reports nothing when an admin column returns a property of its model (or a base) that returns mark_safe()/format_html()", () => {
    expect(findings("    @mark_safe\n    def admin_perms(self, obj):\n        return obj.obj_perms\n")).toEqual([]);
    expect(findings("    @mark_safe\n    def admin_status(self, obj):\n        return obj.obj_status\n")).toEqual([]);
    expect(findings("    def admin_status(self, obj):\n        return mark_safe('<div>%s</div>' % obj.obj_status)\n")).toEqual([]);
  });
  it("still reports a property that may return raw HTML, a method that builds it, a text field and a call's result of unknown model", () => {
    expect(findings("    @mark_safe\n    def badge(self, obj):\n        return obj.obj_badge\n")).toEqual(["6:medium"]);
    expect(findings("    @mark_safe\n    def status(self, obj):\n        return obj.raw_status()\n")).toEqual(["6:medium"]);
    expect(findings("    @mark_safe\n    def label(self, obj):\n        return obj.obj_label\n")).toEqual(["6:medium"]);
    expect(findings("    @mark_safe\n    def title(self, obj):\n        return '<b>%s</b> %s' % (obj.title, obj.obj_perms)\n")).toEqual(["6:medium"]);
    // An object of unknown model that is no name the code reads (a call's result) does not take the name.
    const helper = runRule(rule, "from django.utils.safestring import mark_safe\n\ndef show(thing):\n    return mark_safe('<p>%s</p>' % thing.lookup().obj_perms)\n", "util.py", project).findings;
    expect(helper.map((f) => f.line)).toEqual([4]);
  });
  it("takes the name when the row's model is out of sight (a generic admin base) and the project's models only define it so", () => {
    const generic = "from django.contrib import admin\nfrom django.utils.safestring import mark_safe\n\nclass TendenciAdmin(admin.ModelAdmin):\n    @mark_safe\n    def admin_status(self, obj):\n        return obj.obj_status\n";
    expect(runRule(rule, generic, "core/admin.py", project).findings).toEqual([]);
    const clash = { ...project, "other/models.py": "from django.db import models\n\nclass Note(models.Model):\n    body = models.TextField()\n\n    @property\n    def obj_status(self):\n        return '<i>%s</i>' % self.body\n" };
    expect(runRule(rule, generic, "core/admin.py", clash).findings.map((f) => f.line)).toEqual([5]);
    const field = { ...project, "other/models.py": "from django.db import models\n\nclass Note(models.Model):\n    obj_status = models.TextField()\n" };
    expect(runRule(rule, generic, "core/admin.py", field).findings.map((f) => f.line)).toEqual([5]);
  });
  it("reads a stored file's FieldFile as its name (a storage path) and keeps a text field of the same row at medium", () => {
    const files: Record<string, string> = {
      "docs/models.py":
        "from django.db import models\n\nclass Disclosure(models.Model):\n    filepath = models.FileField(upload_to='pdf')\n    notes = models.TextField()\n\n" +
        "class Page(models.Model):\n    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE)\n    page_number = models.IntegerField()\n",
    };
    const admin =
      "from django.conf import settings\nfrom django.contrib import admin\nfrom django.utils.safestring import mark_safe\nfrom .models import Page\n\n@admin.register(Page)\nclass PageAdmin(admin.ModelAdmin):\n" +
      "    readonly_fields = ['page_link']\n\n    def page_link(self, obj):\n        return mark_safe(\n            f'<a href=\"https://{settings.CDN}/'\n            f'{obj.disclosure.filepath}'\n            f'#page={obj.page_number}\">PDF</a>'\n        )\n";
    expect(runRule(rule, admin, "docs/admin.py", files).findings.map((f) => `${f.line}:${f.confidence}`)).toEqual(["11:low"]);
    expect(runRule(rule, admin.replace("filepath}", "notes}"), "docs/admin.py", files).findings.map((f) => `${f.line}:${f.confidence}`)).toEqual(["11:medium"]);
  });
});

describe("mark-safe-untrusted and admin methods no option shows", () => {
  const base =
    "from django.contrib import admin\n\nclass BaseAdmin(admin.ModelAdmin):\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n" +
    "        if 'edit_link' not in self.list_display:\n            self.list_display = ['edit_link'] + list(self.list_display)\n";
  const project = (extra: Record<string, string> = {}): Record<string, string> => ({
    "core/admin.py": base,
    "core/models.py": "from django.db import models\n\nclass Chapter(models.Model):\n    title = models.CharField(max_length=200)\n",
    ...extra,
  });
  const head = "from django.contrib import admin\nfrom django.utils.safestring import mark_safe\nfrom core.admin import BaseAdmin\nfrom core.models import Chapter\n\n";
  const chapterAdmin = (options: string, method: string) =>
    head + "class ChapterAdmin(BaseAdmin):\n" + options + "\n    @mark_safe\n    def link(self, obj):\n        return '<a title=\"%s\">x</a>' % obj.title\n" + method + "\nadmin.site.register(Chapter, ChapterAdmin)\n";
  const findings = (code: string, extra?: Record<string, string>) => runRule(rule, code, "chapters/admin.py", project(extra)).findings.map((f) => `${f.line}:${f.confidence}`);

  it("is low for a column no option of the class, its bases or subclasses names, and no code of the module calls", () => {
    expect(findings(chapterAdmin("    list_display = ['title', 'edit_link']\n", ""))).toEqual(["9:low"]);
    const call = "class ResultAdmin(BaseAdmin):\n    list_display = ['id']\n\n    def show_detail(self, obj):\n        return mark_safe(obj.title)\n    show_detail.short_description = 'Detail'\n";
    expect(findings(head + call)).toEqual(["10:low"]);
  });
  it("stays medium when an option names it: its own list_display, a base's, a subclass's elsewhere, readonly_fields", () => {
    expect(findings(chapterAdmin("    list_display = ['title', 'link']\n", ""))).toEqual(["9:medium"]);
    expect(findings(chapterAdmin("    def get_readonly_fields(self, request, obj=None):\n        return ('link',)\n", ""))).toEqual(["10:medium"]);
    expect(findings(chapterAdmin("    list_display = ['title']\n", ""), { "core/admin.py": base.replace("'edit_link'] +", "'edit_link', 'link'] +") })).toEqual(["9:medium"]);
    const sub = "from chapters.admin import ChapterAdmin\n\nclass LocalChapterAdmin(ChapterAdmin):\n    list_display = ChapterAdmin.list_display + ['link']\n";
    expect(findings(chapterAdmin("    list_display = ['title']\n", ""), { "local/admin.py": sub })).toEqual(["9:medium"]);
  });
  it("stays medium when the module calls it, lists the function itself, or a base is a project class out of sight", () => {
    expect(findings(chapterAdmin("    list_display = ['title', 'links']\n", "\n    def links(self, obj):\n        return self.link(obj)\n"))).toEqual(["9:medium"]);
    expect(findings(head + "class ChapterAdmin(BaseAdmin):\n    @mark_safe\n    def link(self, obj):\n        return '<a title=\"%s\">x</a>' % obj.title\n\n    list_display = ('title', link)\n\nadmin.site.register(Chapter, ChapterAdmin)\n")).toEqual(["7:medium"]);
    const mixin = { "core/mixins.py": "class LinkMixin:\n    pass\n" };
    expect(findings(chapterAdmin("    list_display = ['title']\n", "").replace("(BaseAdmin)", "(LinkMixin, BaseAdmin)"), mixin)).toEqual(["9:medium"]);
  });
});

describe("mark-safe-untrusted and text fields too short to carry a script", () => {
  const models = (hex: string, other = "") => ({
    "logs/models.py": `from django.db import models\n\nclass LogColor(models.Model):\n    event_id = models.CharField(max_length=9)\n    hex_color = models.CharField(${hex})\n    label = models.CharField(max_length=40)\n${other}`,
  });
  const admin = (body: string, tail = "") => "from django.contrib import admin\nfrom django.utils.safestring import mark_safe\nfrom .models import LogColor\n\nclass LogColorAdmin(admin.ModelAdmin):\n    list_display = ['event_id', 'color']\n\n    @mark_safe\n    def color(self, obj):\n" + body + tail;
  const findings = (code: string, project: Record<string, string>) => runRule(rule, code, "logs/admin.py", project).findings.map((f) => `${f.line}:${f.confidence}`);
  const hexColumn = "        return '<span style=\"background-color: #{}\"> #{} </span>'.format(obj.hex_color, obj.hex_color)\n";

  it("is low for a CharField of at most 8 characters, of the row's model or by a name every model declares so", () => {
    expect(findings(admin(hexColumn, "\nadmin.site.register(LogColor, LogColorAdmin)\n"), models("max_length=6"))).toEqual(["8:low"]);
    // No `model =` and no register(): the row's model is out of sight, and every `hex_color` of the project is short.
    expect(findings(admin(hexColumn), models("max_length=6", "\nclass BaseColor(models.Model):\n    hex_color = models.CharField(max_length=7)\n"))).toEqual(["8:low"]);
  });
  it("stays medium for a longer CharField, a TextField, or a name another model declares longer", () => {
    expect(findings(admin(hexColumn, "\nadmin.site.register(LogColor, LogColorAdmin)\n"), models("max_length=9"))).toEqual(["8:medium"]);
    const textField = { "logs/models.py": models("max_length=6")["logs/models.py"].replace("models.CharField(max_length=6)", "models.TextField(max_length=6)") };
    expect(findings(admin(hexColumn, "\nadmin.site.register(LogColor, LogColorAdmin)\n"), textField)).toEqual(["8:medium"]);
    expect(findings(admin(hexColumn), models("max_length=6", "\nclass Theme(models.Model):\n    hex_color = models.CharField(max_length=64)\n"))).toEqual(["8:medium"]);
    expect(findings(admin("        return '<b>%s</b> %s' % (obj.label, obj.hex_color)\n", "\nadmin.site.register(LogColor, LogColorAdmin)\n"), models("max_length=6"))).toEqual(["8:medium"]);
  });
});

describe("mark-safe-untrusted: a method of the same class that builds the URL, one hop away", () => {
  const code = (kind: string) =>
    ms + "from django.urls import reverse\nclass PortfolioAdmin:\n    KIND = 'admin'\n    def _url(self, obj, kind, label='x'):\n        return reverse('admin:list') + f'?portfolio={obj.id}&kind={kind}'\n" +
    `    def link(self, obj):\n        return mark_safe(f'<a href="{self._url(obj, ${kind})}">{obj.members.count()}</a>')\n`;
  it("is no finding when the method puts only numbers, URLs and the constant it is given into the HTML", () => {
    expect(runRule(rule, code("self.KIND")).findings).toEqual([]);
    expect(runRule(rule, code("kind=PortfolioAdmin.KIND")).findings).toEqual([]);
  });
  it("is reported when the value it puts in as it is comes from the object", () => {
    expect(runRule(rule, code("obj.name")).findings.map((f) => f.line)).toEqual([8]);
  });
});

describe("mark-safe-untrusted: a method a subclass of the module overrides", () => {
  const code = (override: string) =>
    ms + "from django.utils.html import format_html\nclass Widget:\n    def get_html(self):\n        return ''\n    def panel(self):\n        return mark_safe('<div>' + self.get_html() + '</div>')\n" +
    `class Chart(Widget):\n    def get_html(self):\n        return ${override}\n`;
  it("is no finding when every class of the module builds the method's HTML safely", () => {
    expect(runRule(rule, code("format_html('<b>{}</b>', self.title)")).findings).toEqual([]);
  });
  it("is reported when a subclass's override returns text that is not escaped", () => {
    expect(runRule(rule, code("self.title")).findings.map((f) => f.line)).toEqual([7]);
  });
});

describe("mark-safe-untrusted and values Django keeps free of markup: usernames and constant choices", () => {
  const models =
    "from django.conf import settings\nfrom django.db import models\n\n" +
    "class Donation(models.Model):\n    STATUS_CHOICES = (('paid', 'Paid'), ('open', 'Open'))\n" +
    "    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)\n" +
    "    status = models.CharField(max_length=10, choices=STATUS_CHOICES)\n" +
    "    plan = models.CharField(max_length=10, choices=plan_choices)\n" +
    "    note = models.CharField(max_length=100)\n";
  const project = (extra: Record<string, string> = {}) => ({ "donations/models.py": models, ...extra });
  const head = "from django.contrib import admin\nfrom django.urls import reverse\nfrom django.utils.safestring import mark_safe\nfrom .models import Donation\n\n";
  const column = (body: string) =>
    head + "@admin.register(Donation)\nclass DonationAdmin(admin.ModelAdmin):\n    list_display = ['show']\n\n    @mark_safe\n    def show(self, instance):\n" + body + "\n";
  const findings = (code: string, files = project()) => runRule(rule, code, "donations/admin.py", files).findings.map((f) => `${f.line}:${f.confidence}`);
  const link = (value: string) => column(`        return '<a href="{}">{}</a>'.format(reverse('profile', args=[instance.user.pk]), ${value})`);

  it("is low for the username of the row's user (default auth.User), a constant choice and its label", () => {
    expect(findings(link("instance.user.username"))).toEqual(["10:low"]);
    expect(findings(link("instance.user.get_username()"))).toEqual(["10:low"]);
    expect(findings(link("instance.status"))).toEqual(["10:low"]);
    expect(findings(link("instance.get_status_display()"))).toEqual(["10:low"]);
  });
  // A project user model whose __str__ has the given body.
  const own = (str: string) =>
    project({
      "proj/settings.py": "AUTH_USER_MODEL = 'accounts.Member'\n",
      "accounts/models.py": `from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n\nclass Member(AbstractUser):\n    bio = models.TextField()\n\n    def __str__(self):\n${str}\n`,
    });
  it("is low for the row's user read as text, when the user model's __str__ is its validated username", () => {
    expect(findings(link("instance.user"))).toEqual(["10:low"]);
    expect(findings(link("instance.user"), own("        return self.username"))).toEqual(["10:low"]);
    expect(findings(link("instance.user"), own('        """The member\'s handle."""\n        return self.get_username()'))).toEqual(["10:low"]);
  });
  it("stays medium for the row's user read as text when __str__ returns another field, and for another relation", () => {
    expect(findings(link("instance.user"), own("        return self.get_full_name()"))).toEqual(["10:medium"]);
    expect(findings(link("instance.user"), own("        if self.bio:\n            return self.bio\n        return self.username"))).toEqual(["10:medium"]);
    const loose = project({
      "proj/settings.py": "AUTH_USER_MODEL = 'accounts.Member'\n",
      "accounts/models.py": "from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n\nclass Member(AbstractUser):\n    username = models.CharField(max_length=150, unique=True)\n",
    });
    expect(findings(link("instance.user"), loose)).toEqual(["10:medium"]);
    expect(findings(link("instance.note"))).toEqual(["10:medium"]);
  });
  it("is low for request.user.username and a user-named object's username in a view", () => {
    const view = head + "def hello(request):\n    return mark_safe('<b>%s</b>' % request.user.username)\n\ndef owner(item):\n    return mark_safe('<b>%s</b>' % item.owner_user.username)\n";
    expect(findings(view)).toEqual(["7:low", "10:low"]);
  });
  it("is low for the username of an AbstractUser subclass that keeps Django's field", () => {
    const files = project({
      "proj/settings.py": "AUTH_USER_MODEL = 'accounts.Member'\n",
      "accounts/models.py": "from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n\nclass Member(AbstractUser):\n    bio = models.TextField()\n",
    });
    expect(findings(link("instance.user.username"), files)).toEqual(["10:low"]);
  });
  it("stays medium for a custom user model's username without a validator", () => {
    const files = project({
      "proj/settings.py": "AUTH_USER_MODEL = 'accounts.Member'\n",
      "accounts/models.py": "from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n\nclass Member(AbstractUser):\n    username = models.CharField(max_length=150, unique=True)\n",
    });
    expect(findings(link("instance.user.username"), files)).toEqual(["10:medium"]);
    const base = {
      "proj/settings.py": "AUTH_USER_MODEL = 'accounts.Account'\n",
      "accounts/models.py": "from django.contrib.auth.models import AbstractBaseUser\nfrom django.db import models\n\nclass Account(AbstractBaseUser):\n    username = models.CharField(max_length=40, unique=True)\n    USERNAME_FIELD = 'username'\n",
    };
    expect(findings(link("instance.user.get_username()"), project(base))).toEqual(["10:medium"]);
  });
  it("stays medium for a user's first name, a choice field with a dynamic callable, a field without choices", () => {
    expect(findings(link("instance.user.first_name"))).toEqual(["10:medium"]);
    expect(findings(link("instance.plan"))).toEqual(["10:medium"]);
    expect(findings(link("instance.note"))).toEqual(["10:medium"]);
  });
  it("stays medium for a full name that a username only replaces in a branch (`if not name: name = user.username`)", () => {
    const fallback = column(
      "        name = instance.user.get_full_name()\n        if not name:\n            name = instance.user.username\n" +
        "        return '<a href=\"{0}\" title=\"{1}\">{1}</a>'.format(reverse('profile', args=[instance.user.username]), name)",
    );
    expect(findings(fallback)).toEqual(["10:medium"]);
    // Both values a username: nothing else can reach the HTML.
    expect(findings(fallback.replace("instance.user.get_full_name()", "instance.user.get_username()"))).toEqual(["10:low"]);
  });
  it("stays medium for a username next to a free-text field, and high next to request data", () => {
    expect(findings(link("instance.user.username + instance.note"))).toEqual(["10:medium"]);
    const view = head + "def hello(request):\n    return mark_safe('<b>%s</b> %s' % (request.user.username, request.GET['q']))\n";
    expect(findings(view)).toEqual(["7:high"]);
  });
});
