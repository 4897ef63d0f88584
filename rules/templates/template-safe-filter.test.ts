import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./template-safe-filter.js";

testRule(rule, {
  valid: [
    {
      name: "a value every include passes as a literal",
      path: "shop/templates/shop/snippets/icon.html",
      code: "<i>{{ glyph|safe }}</i>\n",
      context: { "shop/templates/shop/a.html": '{% include "shop/snippets/icon.html" with glyph="&#9733;" %}\n' },
    },
    { name: "autoescaped variable", code: "<p>{{ comment.body }}</p>" },
    { name: "string literal marked safe", code: '{{ "<br>"|safe }}' },
    { name: "single-quoted literal marked safe", code: "{{ '&nbsp;'|safe }}" },
    { name: "settings and their entries marked safe", code: '<footer>{{ FOOTER_HTML|safe }} {{ settings.BANNER|safe }} {{ APP_CONFIG.notice|default:""|safe }}</footer>' },
    { name: "translated literal marked safe", code: '{{ _("<b>Save</b>")|safe }}' },
    { name: "escaped before safe", code: "{{ comment.body|escape|safe }}" },
    { name: "force_escape before safe", code: "{{ comment.body|force_escape|safe }}" },
    { name: "linebreaks escapes its input while autoescaping", code: "{{ comment.body|linebreaks|safe }}" },
    { name: "urlize escapes its input while autoescaping", code: "{{ comment.body|urlize|safe }}" },
    { name: "escaped then truncated then safe", code: "{{ comment.body|escape|truncatechars:40|safe }}" },
    { name: "length is a number", code: "{{ items|length|safe }}" },
    { name: "force_escape after safe escapes again", code: "{{ comment.body|safe|force_escape }}" },
    { name: "Django form rendering is already safe", code: "{{ form.as_p|safe }}\n{{ form.email.errors|safe }}\n{{ block.super|safe }}" },
    { name: "sanitiser filter from a project", code: "{{ comment.body|bleach|safe }}" },
    { name: "sanitize_html filter", code: "{{ comment.body|sanitize_html|safe }}" },
    { name: "safe in a quoted filter argument is text", code: '{{ value|default:"x|safe" }}' },
    { name: "filter named like safe", code: "{{ value|safe_markdown_off }}" },
    { name: "safe in an if condition outputs nothing", code: "{% if body|safe %}yes{% endif %}" },
    { name: "inside autoescape off, left to template-autoescape-off", code: "{% autoescape off %}{{ body|safe }}{% endautoescape %}" },
    { name: "plain-text email template", code: "Hello {{ user.get_full_name|safe }}", path: "shop/templates/shop/email/welcome.txt" },
    { name: "email body named .html with no HTML tag", code: "Hello {{ user.get_full_name|safe }},\n\nJoin {{ team|safe }}.", path: "shop/templates/shop/email/invite_body.html" },
    { name: "field help_text is developer HTML", code: '<span class="help">{{ field.help_text|safe }}</span>\n<p>{{ form.password.help_text|safe }}</p>' },
    { name: "admin fieldset description", code: '<div class="description">{{ fieldset.description|safe }}</div>' },
    { name: "ids are numbers", code: '<a href="user/{{ user.id|safe }}/">{{ group.pk|safe }}</a>' },
    { name: "in a template comment", code: "{# {{ body|safe }} #}\n{% comment %}{{ body|safe }}{% endcomment %}" },
    { name: "in verbatim, printed as text", code: "{% verbatim %}{{ body|safe }}{% endverbatim %}" },
    { name: "Jinja trans variables without safe", code: '{% trans user=user.get_full_name(), project=project.name %}<p>Hello {{ user }} on {{ project }}</p>{% endtrans %}', path: "app/templates/emails/change-body-html.jinja" },
    { name: "Jinja trans in a subject template is plain text", code: "{% trans project=project.name|safe, email=entry.email|safe %}[App] {{ project }} <{{ email }}>{% endtrans %}", path: "app/templates/emails/feedback-subject.jinja" },
    { name: "Django trans of a literal", code: '<p>{% trans "Hello" %}</p>' },
    { name: "with argument escaped first", code: "{% with text=body|escape|safe %}{{ text }}{% endwith %}" },
  ],
  invalid: [
    {
      name: "a value an include passes from request data",
      path: "shop/templates/shop/snippets/icon.html",
      code: "<i>{{ glyph|safe }}</i>\n",
      context: { "shop/templates/shop/a.html": '{% include "shop/snippets/icon.html" with glyph="&#9733;" %}{% include "shop/snippets/icon.html" with glyph=request.GET.g %}\n' },
      errors: [{ messageId: "safeFilter", line: 1 }],
    },
    { name: "a mixed-case name is not a setting", code: "<p>{{ Banner_text|safe }}</p>", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "variable marked safe", code: "<div>\n  {{ profile.bio|safe }}\n</div>", errors: [{ messageId: "safeFilter", line: 2, messageIncludes: "profile.bio" }] },
    { name: "HTML email template", code: "<p>Hello {{ user.get_full_name|safe }}</p>", path: "shop/templates/shop/email/welcome.html", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "tag-less fragment outside an email folder", code: "{{ comment.body|safe }}", path: "shop/templates/shop/mailman/fragment.html", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "an attribute merely ending in text", code: "{{ post.help_text_html_source|safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "safeseq", code: "{{ tags|safeseq|join:', ' }}", errors: [{ messageId: "safeFilter", line: 1, messageIncludes: "|safeseq" }] },
    { name: "spaces around the pipe", code: "{{ body | safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "escape after safe does nothing", code: "{{ body|safe|escape }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "striptags does not make HTML safe", code: "{{ body|striptags|safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "an attribute merely named like a renderer", code: "{{ post.media_html|safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "markdown output is HTML", code: "{{ post.text|markdown|safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "escaped then concatenated", code: "{{ a|escape|add:b|safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "default with a variable", code: "{{ bio|default:fallback|safe }}", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "after an autoescape off block ends", code: "{% autoescape off %}x{% endautoescape %}\n{{ body|safe }}", errors: [{ messageId: "safeFilter", line: 2 }] },
    { name: "inside autoescape on nested in off", code: "{% autoescape off %}{% autoescape on %}\n{{ body|safe }}{% endautoescape %}{% endautoescape %}", errors: [{ messageId: "safeFilter", line: 2 }] },
    { name: "Jinja whitespace control", code: "{{- body|safe -}}", path: "shop/templates/shop/page.jinja", errors: [{ messageId: "safeFilter", line: 1 }] },
    { name: "with argument", code: "{% with text=post.body|safe %}{{ text }}{% endwith %}", errors: [{ messageId: "safeArgument", line: 1, messageIncludes: "`{% with %}`" }] },
    { name: "include with argument", code: '{% include "card.html" with body=post.body|safe only %}', errors: [{ messageId: "safeArgument", line: 1 }] },
    { name: "firstof argument", code: "{% firstof a|safe b %}", errors: [{ messageId: "safeArgument", line: 1 }] },
    { name: "two on one line", code: "{{ a|safe }} {{ b|safe }}", errors: [{ messageId: "safeFilter", line: 1 }, { messageId: "safeFilter", line: 1 }] },
    {
      name: "Jinja trans variables marked safe in an HTML email (the taiga advisory)",
      code: '{% trans user=user.get_full_name()|safe, ref=snapshot.ref, subject=snapshot.subject|safe %}\n<h1>Task</h1><p>Hello {{ user }}: {{ subject }}</p>\n{% endtrans %}',
      path: "app/templates/emails/tasks/task-change-body-html.jinja",
      errors: [{ messageId: "safeArgument", line: 1, messageIncludes: "`user.get_full_name()`" }, { messageId: "safeArgument", line: 1, messageIncludes: "`snapshot.subject`" }],
    },
    { name: "xml template", code: "<item>{{ item.description|safe }}</item>", path: "shop/templates/feeds/items.xml", errors: [{ messageId: "safeFilter", line: 1 }] },
  ],
});

describe("template-safe-filter confidence", () => {
  const confidences = (code: string, path?: string) => runRule(rule, code, path).findings.map((f) => f.confidence);
  it("is medium for a display name of an object", () => {
    expect(confidences("<h1>{{ project.name|safe }}</h1>\n<p>{{ user.get_full_name|safe }}</p>")).toEqual(["medium", "medium"]);
    expect(confidences("{% blocktrans with title=alert.product.get_title|safe %}<p>{{ title }}</p>{% endblocktrans %}")).toEqual(["medium"]);
  });
  it("is low for a display name in a template with no HTML tag (often rendered as plain text)", () => {
    expect(confidences('{% blocktrans trimmed with book_title=book.title|safe %}Review of "{{ book_title }}"{% endblocktrans %}\n')).toEqual(["low"]);
    expect(confidences("Welcome {{ user.get_full_name|safe }}\n")).toEqual(["low"]);
  });
  it("stays high for request data in a template with no HTML tag", () => {
    expect(confidences("Hello {{ request.GET.name|safe }}\n")).toEqual(["high"]);
  });
  it("stays low for rich text, bare variables and developer names", () => {
    expect(confidences("<div>{{ product.description|safe }}</div><h1>{{ title|safe }}</h1><label>{{ field.label|safe }}</label><i>{{ form.name|safe }}</i>")).toEqual(["low", "low", "low", "low"]);
  });
  it("is low for the stored name of a model's file field (a storage path), medium for a name beside it", () => {
    const models = { "shop/models.py": "from django.db import models\n\nclass Attachment(models.Model):\n    name = models.CharField(max_length=100)\n    media_file = models.FileField(upload_to='media')\n\nclass Profile(models.Model):\n    media = models.ImageField()\n" };
    const xml = "<file>\n<filename>{{ media.name|safe }}</filename>\n<url>{{ media.media_file.name|safe }}</url>\n</file>\n";
    const found = (ctx: Record<string, string>) => runRule(rule, xml, "shop/templates/shop/download.xml", ctx).findings.map((f) => `${f.line}:${f.confidence}`);
    expect(found(models)).toEqual(["2:medium", "3:low"]);
    // Without the model in sight, `media_file` is just another name.
    expect(found({})).toEqual(["2:medium", "3:medium"]);
  });
});

describe("template-safe-filter: a Wagtail block template's own value", () => {
  const confidences = (code: string, path?: string) => runRule(rule, code, path).findings.map((f) => f.confidence);
  it("is low for self.get_title in a block template (CMS editor text); medium for the same display name of another object", () => {
    const block = (root: string) => `<a href="{{ self.url }}" class="btn">\n  {{ ${root}.get_title|safe }}\n</a>\n`;
    expect(confidences(block("self"), "cms/templates/cms/blocks/button_block.html")).toEqual(["low"]);
    expect(confidences(block("product"), "cms/templates/cms/blocks/button_block.html")).toEqual(["medium"]);
  });
});

describe("template-safe-filter: a user's username", () => {
  const found = (code: string, ctx: Record<string, string> = {}) => runRule(rule, code, "accounts/templates/accounts/card.html", ctx).findings.map((f) => `${f.line}:${f.confidence}`);
  const code = "<p>{{ user.username|safe }}</p>\n<p>{{ comment.user.get_username|safe }}</p>\n<p>{{ user.first_name|safe }}</p>\n";
  it("is low for the username of Django's user model (letters, digits and @.+-_ only), medium for the first name", () => {
    expect(found(code)).toEqual(["1:low", "2:low", "3:medium"]);
  });
  it("stays medium when the project's user model declares a username with no validator", () => {
    const custom = {
      "proj/settings.py": "AUTH_USER_MODEL = 'accounts.User'\n",
      "accounts/models.py": "from django.contrib.auth.models import AbstractUser\nfrom django.db import models\n\nclass User(AbstractUser):\n    username = models.CharField(max_length=150, unique=True)\n",
    };
    expect(found(code, custom)).toEqual(["1:medium", "2:medium", "3:medium"]);
  });
});
