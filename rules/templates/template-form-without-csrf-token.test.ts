import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./template-form-without-csrf-token.js";

const TOKEN = "{% csrf_token %}";

testRule(rule, {
  valid: [
    { name: "token inside", code: `<form method="post">\n  ${TOKEN}\n  {{ form.as_p }}\n</form>` },
    { name: "token inside an if", code: `<form method="post">{% if form %}${TOKEN}{{ form }}{% endif %}</form>` },
    { name: "GET form", code: '<form action="/search/">\n  <input name="q">\n</form>' },
    { name: "explicit GET form", code: '<form method="get">\n</form>' },
    { name: "dialog form", code: '<form method="dialog"><button>Close</button></form>' },
    { name: "posts to another site", code: '<form method="post" action="https://payments.example.com/checkout">\n</form>' },
    { name: "posts to a protocol-relative URL", code: '<form method="post" action="//other.example/">\n</form>' },
    { name: "mailto action", code: '<form method="post" action="mailto:sales@example.com">\n</form>' },
    { name: "include inside may carry the token", code: '<form method="post">\n  {% include "shop/form_fields.html" %}\n</form>' },
    { name: "block inside may be filled with the token", code: '<form method="post">\n  {% block form_body %}{% endblock %}\n</form>' },
    { name: "crispy tag inside", code: '<form method="post">\n  {% crispy form %}\n</form>' },
    { name: "project form-rendering tag inside", code: "{% load site_forms %}\n<form method=\"post\">\n  {% render_form_horizontal form 2 8 'Save' %}\n</form>" },
    { name: "formset tag inside", code: '<form method="post">\n  {% inline_formset items %}\n</form>' },
    { name: "hidden input with the token variable", code: '<form method="post">\n  <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">\n</form>' },
    { name: "Jinja csrf_input", code: '<form method="post">\n  {{ csrf_input }}\n</form>', path: "shop/templates/shop/page.jinja" },
    { name: "no closing tag here", code: '<form method="post">\n  {{ form }}' },
    { name: "in an HTML comment", code: '<!-- <form method="post"></form> -->' },
    { name: "in a comment block", code: '{% comment %}\n<form method="post"></form>\n{% endcomment %}' },
    { name: "in verbatim", code: '{% verbatim %}<form method="post"></form>{% endverbatim %}' },
    { name: "in a script string", code: "<script>\nel.innerHTML = '<form method=\"post\"></form>';\n</script>" },
    { name: "in a textarea, as text", code: '<textarea>\n<form method="post"></form>\n</textarea>' },
    { name: "method from a variable", code: '<form method="{{ method }}">\n</form>' },
    { name: "token before a second form belongs to it", code: `<form method="get"></form>\n<form method="post">${TOKEN}</form>` },
  ],
  invalid: [
    {
      name: "plain POST form",
      code: '<div>\n  <form method="post">\n    {{ form.as_p }}\n  </form>\n</div>',
      errors: [{ messageId: "missingToken", line: 2, fix: `  <form method="post">\n    ${TOKEN}` }],
    },
    {
      name: "upper-case method and tag",
      code: "<FORM METHOD=POST action=\"{% url 'cart:add' %}\">\n\t<button>Add</button>\n</FORM>",
      errors: [{ messageId: "missingToken", line: 1, fix: `<FORM METHOD=POST action="{% url 'cart:add' %}">\n\t${TOKEN}` }],
    },
    {
      name: "tag over several lines",
      code: '<form\n  method="post"\n  action="/pay/">\n  <button>Pay</button>\n</form>',
      errors: [{ messageId: "missingToken", line: 1, fix: `  action="/pay/">\n  ${TOKEN}` }],
    },
    {
      name: "empty body uses one more indent",
      code: '    <form method="post">\n    </form>',
      errors: [{ messageId: "missingToken", line: 1, fix: `    <form method="post">\n      ${TOKEN}` }],
    },
    {
      name: "CRLF line endings",
      code: '<form method="post">\r\n  <button>Go</button>\r\n</form>\r\n',
      errors: [{ messageId: "missingToken", line: 1, fix: `<form method="post">\n  ${TOKEN}` }],
    },
    { name: "tag shares its line: no fix", code: '<p>Edit</p><form method="post">\n{{ form }}\n</form>', errors: [{ messageId: "missingToken", line: 1, fix: null }] },
    { name: "one-line form: no fix", code: '<form method="post"><button>Go</button></form>', errors: [{ messageId: "missingToken", line: 1, fix: null }] },
    { name: "dynamic action: no fix", code: '<form method="post" action="{{ next }}">\n  <button>Go</button>\n</form>', errors: [{ messageId: "missingToken", line: 1, fix: null }] },
    { name: "token before the form does not count", code: `${TOKEN}\n<form method="post">\n</form>`, errors: [{ messageId: "missingToken", line: 2 }] },
    { name: "token in a comment does not count", code: `<form method="post">\n  {# ${TOKEN} #}\n</form>`, errors: [{ messageId: "missingToken", line: 1 }] },
    { name: "token after the form closes does not count", code: `<form method="post">\n</form>\n${TOKEN}`, errors: [{ messageId: "missingToken", line: 1 }] },
    { name: "method from a template tag branch", code: '<form {% if edit %}method="post"{% endif %}>\n</form>', errors: [{ messageId: "missingToken", line: 1 }] },
    { name: "inside a child template's block", code: `{% extends "base.html" %}\n{% block content %}\n<form method="post">\n  {{ form }}\n</form>\n{% endblock %}`, errors: [{ messageId: "missingToken", line: 3 }] },
    {
      name: "django-bootstrap's form tag renders no token",
      code: '{% load django_bootstrap5 %}\n<form method="post">\n  {% bootstrap_form form %}\n</form>',
      errors: [{ messageId: "missingToken", line: 2 }],
    },
    {
      name: "DRF's render_form renders no token",
      code: '{% load i18n rest_framework %}\n<form method="post">\n  {% render_form serializer %}\n</form>',
      errors: [{ messageId: "missingToken", line: 2 }],
    },
    { name: "a tag with form only inside a word", code: '<form method="post">\n  {% format_price total %}\n</form>', errors: [{ messageId: "missingToken", line: 1 }] },
    {
      name: "two forms, one without",
      code: `<form method="post">${TOKEN}</form>\n<form method="post">\n</form>`,
      errors: [{ messageId: "missingToken", line: 2 }],
    },
  ],
});
