import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./escaped-value-in-event-handler.js";

const esc = "from django.utils.html import escape, escapejs, format_html\nfrom django.utils.safestring import mark_safe\n";

testRule(rule, {
  valid: [
    { name: "escaped value in a data attribute", code: esc + "def pill(tag):\n    return mark_safe(f'<button class=\"rm\" data-tag=\"{escape(tag)}\">x</button>')\n" },
    { name: "JavaScript-escaped value in a handler string", code: esc + "def pill(tag):\n    return mark_safe(f'<button onclick=\"removeTag(\\'{escapejs(tag)}\\')\">x</button>')\n" },
    { name: "number in a handler string", code: esc + "def pill(tag):\n    return mark_safe(f'<button onclick=\"removeTag(\\'{tag.pk}\\', \\'{int(tag.rank)}\\')\">x</button>')\n" },
    { name: "escaped value in handler code, not in a string", code: esc + "def pill(widget_id):\n    return mark_safe(f'<div onclick=\"focus_{escape(widget_id)}(event)\"></div>')\n" },
    { name: "format_html value in an attribute that is not a handler", code: esc + "def link(url, name):\n    return format_html('<a href=\"{}\" title=\"{}\">x</a>', url, name)\n" },
    { name: "format_html value escaped for JavaScript", code: esc + "def pill(tag):\n    return format_html('<button onclick=\"removeTag(\\'{}\\')\">x</button>', escapejs(tag))\n" },
    { name: "raw value in a handler is left to mark-safe-untrusted", code: esc + "def pill(row_id):\n    return mark_safe(f'<span onclick=\"toggle(\\'{row_id}\\')\">+</span>')\n" },
    {
      name: "project helper that does not escape",
      code: esc + "class W:\n    def _label(self, v):\n        return str(v).upper()\n    def render(self, tag):\n        return mark_safe(f'<b onclick=\"pick(\\'{self._label(tag)}\\')\">x</b>')\n",
    },
  ],
  invalid: [
    {
      name: "escape() inside a handler string (f-string)",
      code: esc + "def pill(tag):\n    return mark_safe(f'<button onclick=\"removeTag(this, \\'{escape(tag)}\\')\">x</button>')\n",
      errors: [{ messageId: "escapedInHandler", line: 4, messageIncludes: "`onclick`" }],
    },
    {
      name: "class helper returning escape() (the ArchiveBox tag widget)",
      code:
        esc +
        "class TagWidget:\n    def _escape(self, value):\n        return escape(str(value)) if value else ''\n\nclass InlineTagWidget(TagWidget):\n    def render(self, name, tags):\n        html = ''\n        for tag in tags:\n            html += f'''\n                <span>{self._escape(tag)}</span>\n                <button onclick=\"removeTag_{name}(this, '{self._escape(tag)}')\">x</button>\n            '''\n        return mark_safe(html)\n",
      errors: [{ messageId: "escapedInHandler", line: 13 }],
    },
    {
      name: "format_html argument in a handler string",
      code: esc + "def pill(tag):\n    return format_html('<a href=\"#\" onmouseover=\"show(\\'{}\\')\">{}</a>', tag.name, tag.name)\n",
      errors: [{ messageId: "escapedInHandler", line: 4, messageIncludes: "`onmouseover`" }],
    },
    {
      name: ".format() with an escaped keyword value in a double-quoted JS string",
      code: esc + "def pill(tag):\n    return mark_safe(\"<i onclick='pick(\\\"{t}\\\")'></i>\".format(t=escape(tag)))\n",
      errors: [{ messageId: "escapedInHandler", line: 4 }],
    },
  ],
});

describe("escaped-value-in-event-handler confidence", () => {
  it("is medium for an explicit escape() and low for a format_html argument of unknown origin", () => {
    const explicit = runRule(rule, esc + "def pill(tag):\n    return mark_safe(f'<b onclick=\"f(\\'{escape(tag)}\\')\">x</b>')\n").findings;
    const unknown = runRule(rule, esc + "def pill(tag):\n    return format_html('<b onclick=\"f(\\'{}\\')\">x</b>', tag)\n").findings;
    const request = runRule(rule, esc + "def pill(request):\n    return format_html('<b onclick=\"f(\\'{}\\')\">x</b>', request.GET['q'])\n").findings;
    expect(explicit.map((f) => f.confidence)).toEqual(["medium"]);
    expect(unknown.map((f) => f.confidence)).toEqual(["low"]);
    expect(request.map((f) => f.confidence)).toEqual(["high"]);
  });
});
