import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./model-html-unescaped.js";

const head = "from django.db import models\nfrom django.utils.html import escape, format_html\nfrom django.utils.safestring import mark_safe\n\n";
const model = head + "class Photo(models.Model):\n    title = models.CharField(max_length=200)\n    author = models.TextField(blank=True)\n    source_url = models.URLField(blank=True)\n    slug = models.SlugField()\n    stock = models.IntegerField()\n\n";

testRule(rule, {
  valid: [
    { name: "format_html escapes the fields", code: model + "    @property\n    def attribution(self):\n        return format_html('<a href=\"{}\">{}</a>', self.source_url, self.title)\n" },
    { name: "escaped before concatenation", code: model + "    def credit(self):\n        out = '<b>' + escape(self.title) + '</b>'\n        out += ' by ' + escape(self.author)\n        return out\n" },
    { name: "plain text without markup", code: model + "    def label(self):\n        return f'{self.title} by {self.author}'\n" },
    { name: "__str__ shaped like a tag", code: model + "    def __str__(self):\n        return '<photo %s by %s>' % (self.title, self.author)\n" },
    { name: "numbers and slugs only", code: model + "    def badge(self):\n        return f'<span data-slug=\"{self.slug}\">{self.stock}</span>'\n" },
    { name: "method marked safe is left to mark-safe-untrusted", code: model + "    @mark_safe\n    def heading(self):\n        return f'<h1>{self.title}</h1>'\n" },
    { name: "not a model class", code: head + "title = models.CharField(max_length=3)\nclass Card:\n    def html(self):\n        return f'<b>{self.title}</b>'\n" },
    { name: "attribute that is not a declared text field", code: model + "    def owner_link(self):\n        return f'<b>{self.owner_label}</b>'\n" },
  ],
  invalid: [
    {
      name: "f-string and += from text fields (the wger attribution link)",
      code:
        model +
        "    @property\n    def attribution_link(self):\n        out = ''\n        if self.source_url:\n            out += f'<a href=\"{self.source_url}\">{self.title}</a>'\n        else:\n            out += self.title\n        out += ' by '\n        out += self.author\n        return out\n",
      errors: [{ messageId: "modelHtml", line: 16, messageIncludes: "`self.title`" }],
    },
    {
      name: "field of an abstract base in the same module",
      code:
        head +
        "class Licensed(models.Model):\n    license_author = models.TextField()\n    class Meta:\n        abstract = True\n\nclass Image(Licensed):\n    def credit(self):\n        return '<i>{}</i>'.format(self.license_author)\n",
      errors: [{ messageId: "modelHtml", line: 12 }],
    },
  ],
});
