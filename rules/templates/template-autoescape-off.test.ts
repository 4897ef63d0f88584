import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./template-autoescape-off.js";

testRule(rule, {
  valid: [
    { name: "autoescape on", code: "{% autoescape on %}{{ body }}{% endautoescape %}" },
    { name: "no autoescape tag", code: "<p>{{ body }}</p>" },
    { name: "off but only static text and quiet tags", code: '{% autoescape off %}\n<a href="{% url \'home\' %}">{% trans "Home" %}</a>{% if x %}&nbsp;{% endif %}\n{% endautoescape %}' },
    { name: "plain-text email template", code: "{% autoescape off %}Hi {{ user.first_name }}{% endautoescape %}", path: "shop/templates/shop/email/body.txt" },
    {
      name: "email template named .html with no HTML tag",
      code: "{% autoescape off %}\nHi {{ user.first_name }}, reset here: {{ protocol }}://{{ domain }}\n{% endautoescape %}",
      path: "shop/templates/registration/password_reset_email.html",
    },
    { name: "inside a template comment", code: "{% comment %}{% autoescape off %}{{ x }}{% endautoescape %}{% endcomment %}" },
    { name: "inside verbatim, printed as text", code: "{% verbatim %}{% autoescape off %}{{ x }}{% endautoescape %}{% endverbatim %}" },
    { name: "the word off elsewhere", code: "{% autoescape on %}off{% endautoescape %}{{ off }}" },
    { name: "values only in a nested on block", code: "{% autoescape off %}<hr>{% autoescape on %}{{ a }}{% endautoescape %}{% endautoescape %}" },
    { name: "value after the block ends", code: "{% autoescape off %}<hr>{% endautoescape %}{{ body }}" },
    { name: "django-markup's apply_markup sanitises", code: '{% load markup_tags %}<div>{% autoescape off %}{{ update.text|apply_markup:"markdown"|truncatechars_html:250 }}{% endautoescape %}</div>' },
    { name: "markdownify, bleach and escape filters", code: "<div>{% autoescape off %}{{ a|markdownify }} {{ b|bleach }} {{ c|escape }} {{ d|sanitize_html }}{% endautoescape %}</div>" },
    { name: "numbers, dates, keys and settings only", code: '<p>{% autoescape off %}{{ obj.pk }} {{ items|length }} {{ when|date:"Y" }} {{ SITE_NAME }}{% endautoescape %}</p>' },
    {
      name: "the view gives only safe HTML",
      code: "<div>{% autoescape off %}{{ widget }}{% endautoescape %}</div>",
      context: { "shop/views.py": 'from django.shortcuts import render\nfrom django.utils.html import format_html\n\ndef page(request):\n    return render(request, "shop/page.html", {"widget": format_html("<b>{}</b>", request.user.username)})\n' },
    },
    {
      name: "allauth e-mail with only server-built links",
      code: '{% load i18n %}{% autoescape off %}\nConfirm here:<br>\n<a href="{{ activate_url }}">{{ activate_url }}</a> on {{ current_site.domain }}\n{% endautoescape %}',
      path: "app/templates/account/email/email_confirmation_message.html",
    },
    {
      name: "no HTML tag, rendered only as send_mail's plain-text body",
      code: "{% load i18n %}{% autoescape off %}\n{% blocktrans %}Hello {{ first_name }}, you joined '{{ new_org }}'.{% endblocktrans %}\n{% endautoescape %}",
      path: "seed/templates/seed/account_org_added.html",
      context: {
        "seed/tasks.py":
          'from django.core.mail import send_mail\nfrom django.template import loader\n\ndef notify(user, org):\n    body = loader.render_to_string("seed/account_org_added.html", {"first_name": user.first_name, "new_org": org.name})\n    send_mail("Added", body, "from@example.com", [user.email])\n',
      },
    },
  ],
  invalid: [
    { name: "variable inside", code: "<div>\n{% autoescape off %}\n  {{ comment.body }}\n{% endautoescape %}\n</div>", errors: [{ messageId: "autoescapeOff", line: 2 }] },
    { name: "include inside keeps escaping off", code: '{% autoescape off %}{% include "body.html" %}{% endautoescape %}', errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "block filled by a child template", code: "{% autoescape off %}{% block content %}{% endblock %}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    {
      name: "HTML email template",
      code: "<p>{% autoescape off %}Hi {{ user.first_name }}{% endautoescape %}</p>",
      path: "shop/templates/shop/emails/welcome.html",
      errors: [{ messageId: "autoescapeOff", line: 1 }],
    },
    { name: "custom tag inside", code: "{% autoescape off %}{% render_widget w %}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "trans of a variable", code: "{% autoescape off %}{% trans message %}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "never closed", code: "{% autoescape off %}\n{{ body }}", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "variable after a nested on block", code: "{% autoescape off %}{% autoescape on %}{{ a }}{% endautoescape %}\n{{ b }}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "extra spaces and upper case", code: "{%  autoescape  OFF  %}{{ x }}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1, messageIncludes: "OFF" }] },
    { name: "Jinja autoescape false", code: "{%- autoescape false -%}{{ x }}{% endautoescape %}", path: "shop/templates/shop/page.jinja", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "nested off blocks are each reported", code: "{% autoescape off %}{{ a }}\n{% autoescape off %}{{ b }}{% endautoescape %}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }, { messageId: "autoescapeOff", line: 2 }] },
    { name: "markup then a filter that may undo it", code: '<div>{% autoescape off %}{{ text|apply_markup:"markdown"|cut:"x"|add:raw }}{% endautoescape %}</div>', errors: [{ messageId: "autoescapeOff", line: 1 }] },
    { name: "one unknown value beside safe ones", code: "<p>{% autoescape off %}{{ obj.pk }} {{ obj.title }}{% endautoescape %}</p>", errors: [{ messageId: "autoescapeOff", line: 1 }] },
    {
      name: "no HTML tag, but the same template is also the HTML alternative",
      code: "{% autoescape off %}Hello {{ first_name }}{% endautoescape %}",
      path: "seed/templates/seed/welcome.html",
      context: {
        "seed/tasks.py":
          'from django.core.mail import send_mail\nfrom django.template.loader import render_to_string\n\ndef notify(user):\n    body = render_to_string("seed/welcome.html", {"first_name": user.first_name})\n    send_mail("Hi", body, "a@example.com", [user.email], html_message=body)\n',
      },
      errors: [{ messageId: "autoescapeOff", line: 1 }],
    },
    {
      name: "HTML e-mail with the user's display name",
      code: '{% load account %}{% autoescape off %}{% user_display user as user_display %}<p>{% blocktranslate %}The user "{{ user_display }}" registered.{% endblocktranslate %}</p>{% endautoescape %}',
      path: "app/templates/account/email/email_confirmation_message.html",
      errors: [{ messageId: "autoescapeOff", line: 1 }],
    },
    { name: "two blocks", code: "{% autoescape off %}{{ a }}{% endautoescape %}\n{% autoescape off %}{{ b }}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }, { messageId: "autoescapeOff", line: 2 }] },
  ],
});

describe("template-autoescape-off confidence", () => {
  const confidence = (code: string, path?: string, context?: Record<string, string>) => runRule(rule, code, path, context).findings.map((f) => f.confidence);
  it("is medium on a model value in an HTML page, high on request data", () => {
    expect(confidence("<div>{% autoescape off %}{{ comment.body }}{% endautoescape %}</div>")).toEqual(["medium"]);
    expect(confidence("<div>{% autoescape off %}{{ request.GET.q }}{% endautoescape %}</div>")).toEqual(["high"]);
  });
  it("is low in an HTML e-mail without the user's own text, and in a template with no HTML tag", () => {
    expect(confidence("<p>{% autoescape off %}Welcome to {{ syndicate_name }}{% endautoescape %}</p>", "app/templates/account/email/welcome_message.html")).toEqual(["low"]);
    expect(confidence("<p>{% autoescape off %}Hi {{ user.first_name }}{% endautoescape %}</p>", "app/templates/shop/emails/welcome.html")).toEqual(["medium"]);
    expect(confidence("{% autoescape off %}{{ comment.body }}{% endautoescape %}", "shop/templates/shop/fragment.html")).toEqual(["low"]);
  });
  it("is low in a template no project code renders (an override of a third-party app's template), unless it outputs the user's own text", () => {
    const views = { "maps/views.py": 'from django.shortcuts import render\n\ndef page(request, pk):\n    return render(request, "maps/page.html", {"note": Note.objects.get(pk=pk)})\n' };
    const override = '<script type="application/json" id="{{ name }}_options">{% autoescape off %}{{ djoptions }}{% endautoescape %}</script>';
    expect(confidence(override, "maps/templates/leaflet/_leaflet_map.html", views)).toEqual(["low"]);
    expect(confidence("<p>{% autoescape off %}{{ user.first_name }} wrote{% endautoescape %}</p>", "maps/templates/thirdparty/notice.html", views)).toEqual(["medium"]);
    // The same block in a template a project view renders stays medium.
    expect(confidence("<div>{% autoescape off %}{{ note.body }}{% endautoescape %}</div>", "maps/templates/maps/page.html", views)).toEqual(["medium"]);
  });
});
