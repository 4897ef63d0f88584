import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./template-unquoted-attribute.js";

testRule(rule, {
  valid: [
    {
      name: "a view's literal class attribute put in the context by a base view",
      path: "shop/templates/shop/rows.html",
      code: "<tables orientation={{ orientation }}></tables>\n",
      context: { "shop/views.py": "from django.views.generic import TemplateView\n\nclass TableView(TemplateView):\n    orientation = 'columns'  # layout\n\n    def get_context_data(self, **kwargs):\n        kwargs['orientation'] = self.orientation\n        return super().get_context_data(**kwargs)\n\nclass Rows(TableView):\n    template_name = 'shop/rows.html'\n    orientation = 'rows'\n", },
    },
    {
      name: "every include passes a literal",
      path: "shop/templates/shop/snippets/list.html",
      code: "<table id={{ status }}>\n",
      context: {
        "shop/templates/shop/open.html": '{% include "shop/snippets/list.html" with items=open status="open" %}\n',
        "shop/templates/shop/closed.html": "{% include 'shop/snippets/list.html' with items=closed status='closed' only %}\n",
      },
    },
    { name: "quoted attribute", code: '<a href="{{ profile.website }}">{{ profile.name }}</a>\n' },
    { name: "single-quoted attribute", code: "<a href='{{ profile.website }}'>x</a>\n" },
    { name: "unquoted id", code: "<tr data-id={{ item.id }}>\n" },
    { name: "unquoted count with a numeric filter", code: "<span data-n={{ items|length }}>\n" },
    { name: "urlencoded value", code: "<a href=/search?q={{ q|urlencode }}>go</a>\n" },
    { name: "query parameter inside a quoted href", code: '<a href="/f?component_name={{ c.name }}">x</a>\n' },
    { name: "text after a tag, not an attribute", code: "<p>a={{ value }}</p>\n" },
    { name: "plain-text template", path: "shop/templates/shop/mail.txt", code: "Visit href={{ url }}\n" },
  ],
  invalid: [
    {
      name: "a constant context key's name rebound by the template's own for loop",
      path: "shop/templates/shop/rows.html",
      code: "{% for orientation in user_choices %}<tables orientation={{ orientation }}></tables>{% endfor %}\n",
      context: { "shop/views.py": "from django.views.generic import TemplateView\n\nclass TableView(TemplateView):\n    orientation = 'columns'  # layout\n\n    def get_context_data(self, **kwargs):\n        kwargs['orientation'] = self.orientation\n        return super().get_context_data(**kwargs)\n\nclass Rows(TableView):\n    template_name = 'shop/rows.html'\n    orientation = 'rows'\n", },
      errors: [{ messageId: "unquotedAttribute", line: 1 }],
    },
    {
      name: "a constant context key's name rebound by with",
      path: "shop/templates/shop/rows.html",
      code: "{% with orientation=profile.layout %}<tables orientation={{ orientation }}></tables>{% endwith %}\n",
      context: { "shop/views.py": "from django.views.generic import TemplateView\n\nclass TableView(TemplateView):\n    orientation = 'columns'  # layout\n\n    def get_context_data(self, **kwargs):\n        kwargs['orientation'] = self.orientation\n        return super().get_context_data(**kwargs)\n\nclass Rows(TableView):\n    template_name = 'shop/rows.html'\n    orientation = 'rows'\n", },
      errors: [{ messageId: "unquotedAttribute", line: 1 }],
    },
    {
      name: "a class attribute a method replaces with request data",
      path: "shop/templates/shop/rows.html",
      code: "<tables orientation={{ orientation }}></tables>\n",
      context: { "shop/views.py": "from django.views.generic import TemplateView\n\nclass TableView(TemplateView):\n    orientation = 'columns'\n\n    def get_context_data(self, **kwargs):\n        kwargs['orientation'] = self.orientation\n        return super().get_context_data(**kwargs)\n\n    def get(self, request, *args, **kwargs):\n        self.orientation = request.GET.get('o', 'rows')\n        return super().get(request, *args, **kwargs)\n", },
      errors: [{ messageId: "unquotedAttribute", line: 1 }],
    },
    {
      name: "a key one view gives a literal and another passes request data as a keyword",
      path: "shop/templates/shop/rows.html",
      code: "<tables orientation={{ orientation }}></tables>\n",
      context: { "shop/views.py": "from django.shortcuts import render\n\ndef a(request):\n    return render(request, 'shop/a.html', {'orientation': 'rows'})\n\ndef b(request):\n    ctx = {}\n    ctx.update(orientation=request.GET['o'])\n    return render(request, 'shop/b.html', ctx)\n", },
      errors: [{ messageId: "unquotedAttribute", line: 1 }],
    },
    {
      name: "one include passes a context value",
      path: "shop/templates/shop/snippets/list.html",
      code: "<table id={{ status }}>\n",
      context: {
        "shop/templates/shop/open.html": '{% include "shop/snippets/list.html" with status="open" %}\n',
        "shop/templates/shop/other.html": '{% include "shop/snippets/list.html" with status=order.status %}\n',
      },
      errors: [{ messageId: "unquotedAttribute", line: 1 }],
    },
    {
      name: "one include leaves the value to the includer's context",
      path: "shop/templates/shop/snippets/list.html",
      code: "<table id={{ status }}>\n",
      context: {
        "shop/templates/shop/open.html": '{% include "shop/snippets/list.html" with status="open" %}\n',
        "shop/templates/shop/search.html": '{% include "shop/snippets/list.html" %}\n',
      },
      errors: [{ messageId: "unquotedAttribute", line: 1 }],
    },
    { name: "unquoted href", code: "<a href={{ profile.website }}>{{ profile.name }}</a>\n", errors: [{ messageId: "unquotedAttribute", line: 1, messageIncludes: "`href`" }] },
    { name: "unquoted data attribute on a later line", code: '<div class="card"\n     data-title={{ post.title|default:"" }}>\n</div>\n', errors: [{ messageId: "unquotedAttribute", line: 2 }] },
  ],
});

describe("template-unquoted-attribute confidence", () => {
  const confidence = (code: string, context?: Record<string, string>) => runRule(rule, code, "shop/templates/shop/page.html", context).findings.map((f) => f.confidence);
  it("is high for request data, in the template or through the view's context", () => {
    expect(confidence("<a href={{ request.GET.next }}>back</a>")).toEqual(["high"]);
    const view = { "shop/views.py": 'from django.shortcuts import render\n\ndef page(request):\n    return render(request, "shop/page.html", {"next": request.GET.get("next", "")})\n' };
    expect(confidence("<a href={{ next }}>back</a>", view)).toEqual(["high"]);
  });
  it("is low for a value a view or model gives, whose text the analysis cannot see", () => {
    expect(confidence("<a href={{ profile.website }}>site</a>")).toEqual(["low"]);
  });
});
