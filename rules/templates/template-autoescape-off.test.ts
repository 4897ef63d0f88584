import { testRule } from "../../test/helpers/test-rule.js";
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
    { name: "two blocks", code: "{% autoescape off %}{{ a }}{% endautoescape %}\n{% autoescape off %}{{ b }}{% endautoescape %}", errors: [{ messageId: "autoescapeOff", line: 1 }, { messageId: "autoescapeOff", line: 2 }] },
  ],
});
