import { tokenizeTemplate, type TemplateToken } from "./template-tokenizer.js";
import { cpuMillis } from "../../../test/helpers/cpu-time.js";

/** A compact, order-preserving view of the tokens: `type@line:column raw`. */
function summary(source: string): string[] {
  return tokenizeTemplate(source).map((t) => `${t.type}@${t.line}:${t.column} ${t.raw}`);
}

function ofType<T extends TemplateToken["type"]>(source: string, type: T): Array<Extract<TemplateToken, { type: T }>> {
  return tokenizeTemplate(source).filter((t): t is Extract<TemplateToken, { type: T }> => t.type === type);
}

describe("tokenizeTemplate", () => {
  describe("layout", () => {
    it.each([
      ["empty input", "", []],
      ["only text", "hello", ["text@1:1 hello"]],
      ["only a newline", "\n", ["text@1:1 \n"]],
      [
        "CRLF line endings count as one line break",
        "a\r\nb {{ x }}\r\n{% if y %}",
        ["text@1:1 a\nb ", "variable@2:3 {{ x }}", "text@2:10 \n", "block@3:1 {% if y %}"],
      ],
      ["lone CR is a line break", "a\r{{ x }}", ["text@1:1 a\n", "variable@2:1 {{ x }}"]],
      [
        "unclosed {{ stays text and the next line still tokenises",
        "{{ unclosed\n{{ ok }}",
        ["text@1:1 {{ unclosed\n", "variable@2:1 {{ ok }}"],
      ],
      ["a tag never spans lines", "{% if\nx %}", ["text@1:1 {% if\nx %}"]],
      ["the first closing delimiter ends a tag", '{{ "}}" }}', ['variable@1:1 {{ "}}', 'text@1:7 " }}']],
      ["{{{ starts the tag at the second brace", "{{{ x }}", ["variable@1:1 {{{ x }}"]],
      ["{{% lets the inner {% win", "{{% x %}", ["text@1:1 {", "block@1:2 {% x %}"]],
    ])("%s", (_name, source, expected) => {
      expect(summary(source)).toEqual(expected);
    });

    it.each([
      ["NUL bytes and replacement characters", "\u0000\ufffd<p>\u0000{{ x }}\u0000</p>"],
      ["a lone surrogate", "\ud800{{ x }}<b>\udc00"],
      ["mixed line endings", "a\r\n{{ x }}\rb\n{% y %}\r\n\r\n<p>"],
      ["only delimiters", "{{}}{%%}{##}<>"],
    ])("never throws and covers the input: %s", (_name, source) => {
      const tokens = tokenizeTemplate(source);
      const text = source.replace(/\r\n?/g, "\n");
      const covered = tokens.filter((t) => t.type !== "html-open" && t.type !== "html-close").map((t) => t.raw).join("");
      expect(covered).toBe(text);
    });

    it("offsets, end and endLine describe the raw slice", () => {
      const source = "<form\n  method='post'>\n{% csrf_token %}";
      for (const t of tokenizeTemplate(source)) {
        expect(source.slice(t.offset, t.end)).toBe(t.raw);
        expect(t.endLine).toBe(source.slice(0, Math.max(t.offset, t.end - 1)).split("\n").length);
      }
      const form = ofType(source, "html-open")[0];
      expect([form.line, form.endLine]).toEqual([1, 2]);
    });
  });

  describe("template tags", () => {
    it.each([
      ["plain variable", "{{ user.name }}", "user.name", []],
      ["filters with and without args", "{{ x|default:'n/a'|upper }}", "x", [{ name: "default", arg: "'n/a'" }, { name: "upper" }]],
      ["pipe inside a double-quoted filter arg", '{{ x|default:"a|b"|safe }}', "x", [{ name: "default", arg: '"a|b"' }, { name: "safe" }]],
      ["pipe inside a single-quoted filter arg", "{{ x|join:' | '|safe }}", "x", [{ name: "join", arg: "' | '" }, { name: "safe" }]],
      ["spaces around pipes", "{{ x | escape | safe }}", "x", [{ name: "escape" }, { name: "safe" }]],
      ["string literal expression", '{{ "<b>"|safe }}', '"<b>"', [{ name: "safe" }]],
      ["Jinja whitespace control", "{{- x|e -}}", "x", [{ name: "e" }]],
    ])("variable: %s", (_name, source, expression, filters) => {
      const [v] = ofType(source, "variable");
      expect(v.expression).toBe(expression);
      expect(v.filters).toEqual(filters);
    });

    it.each([
      ["simple", "{% csrf_token %}", "csrf_token", ""],
      ["args", "{% url 'shop:buy' item.pk %}", "url", "'shop:buy' item.pk"],
      ["extra spaces", "{%   autoescape   off   %}", "autoescape", "off"],
      ["Jinja whitespace control", "{%- autoescape false -%}", "autoescape", "false"],
      ["Jinja lstrip override", "{%+ if x %}", "if", "x"],
    ])("block: %s", (_name, source, tag, args) => {
      const [b] = ofType(source, "block");
      expect([b.tag, b.args]).toEqual([tag, args]);
    });

    it("single-line comments become comment tokens", () => {
      expect(ofType("{# note: {{ x }} #}", "comment").map((c) => c.value)).toEqual(["note: {{ x }}"]);
    });
  });

  describe("verbatim and comment blocks", () => {
    it.each([
      [
        "verbatim hides template syntax until endverbatim",
        "{% verbatim %}{{ x }}{% if %}{% endverbatim %}{{ y }}",
        ["block@1:1 {% verbatim %}", "text@1:15 {{ x }}{% if %}", "block@1:30 {% endverbatim %}", "variable@1:47 {{ y }}"],
      ],
      [
        "named verbatim only ends at its own endverbatim",
        "{% verbatim js %}{% endverbatim %}{% endverbatim js %}{{ y }}",
        ["block@1:1 {% verbatim js %}", "text@1:18 {% endverbatim %}", "block@1:35 {% endverbatim js %}", "variable@1:55 {{ y }}"],
      ],
      [
        "comment hides template syntax until endcomment",
        '{% comment "why" %}{{ a }}{% csrf_token %}{% endcomment %}{{ b }}',
        ['block@1:1 {% comment "why" %}', "text@1:20 {{ a }}{% csrf_token %}", "block@1:43 {% endcomment %}", "variable@1:59 {{ b }}"],
      ],
      ["unclosed comment swallows the rest", "{% comment %}{{ a }}", ["block@1:1 {% comment %}", "text@1:14 {{ a }}"]],
      ["unclosed verbatim swallows the rest", "{% verbatim %}{{ a }}", ["block@1:1 {% verbatim %}", "text@1:15 {{ a }}"]],
    ])("%s", (_name, source, expected) => {
      expect(summary(source)).toEqual(expected);
    });

    it("HTML inside a comment block is not output, so it yields no HTML tokens", () => {
      const source = "{% comment %}\n<form method=\"post\">\n</form>\n{% endcomment %}\n<p>";
      expect(ofType(source, "html-open").map((t) => t.tag)).toEqual(["p"]);
      expect(ofType(source, "html-close")).toEqual([]);
    });

    it("HTML inside verbatim is output, so it yields HTML tokens", () => {
      expect(ofType("{% verbatim %}<form method=post>{% endverbatim %}", "html-open").map((t) => t.tag)).toEqual(["form"]);
    });
  });

  describe("HTML tags", () => {
    it("a form tag whose attribute holds a template tag stays one HTML tag", () => {
      const source = `<form method="post" action="{% url 'x' %}">`;
      const [form] = ofType(source, "html-open");
      expect(form.raw).toBe(source);
      expect(form.attrs).toEqual({ method: "post", action: "{% url 'x' %}" });
      expect(ofType(source, "block").map((b) => b.tag)).toEqual(["url"]);
    });

    it.each([
      ["template tag with > inside an unquoted position", "<div {% if a > b %}hidden{% endif %} id=x>", { hidden: "", id: "x" }],
      ["> inside a quoted attribute", `<a title="x>y" href='q'>`, { title: "x>y", href: "q" }],
      ["unquoted and bare attributes, upper case", "<INPUT TYPE=hidden Disabled>", { type: "hidden", disabled: "" }],
      ["variable in an attribute", '<p class="{{ c }}">', { class: "{{ c }}" }],
      ["unquoted variable value", "<a href={{ url }} id=x>", { href: "{{ url }}", id: "x" }],
      ["template tags around and inside values", `<option {% if on %}selected{% endif %} value="{% if a %}1{% else %}2{% endif %}">`, { selected: "", value: "{% if a %}1{% else %}2{% endif %}" }],
      ["a variable in place of attributes is not an attribute", "<input {{ widget.attrs }} type=text>", { type: "text" }],
      ["attribute split across lines", "<form\n  method='POST'\n  action=\"/pay/\">", { method: "POST", action: "/pay/" }],
    ])("attributes: %s", (_name, source, attrs) => {
      expect(ofType(source, "html-open")[0].attrs).toEqual(attrs);
    });

    it("tag names are lower-cased and self-closing is recorded", () => {
      const tokens = ofType("<BR/><Form></FORM>", "html-open");
      expect(tokens.map((t) => [t.tag, t.selfClosing])).toEqual([["br", true], ["form", false]]);
      expect(ofType("<BR/><Form></FORM>", "html-close").map((t) => t.tag)).toEqual(["form"]);
    });

    it.each([
      ["< and > in JS", "<script>if (a < b && c > d) { x = '<div>'; }</script><p>", ["script", "p"]],
      ["a closing tag in a JS string ends the script early, like the browser", "<script>x = '</div>';</script><b>", ["script", "b"]],
      ["textarea content is raw text", "<textarea><form method=post></textarea><i>", ["textarea", "i"]],
      ["title content is raw text", "<title>a <b> c</title>", ["title"]],
      ["unclosed script hides the rest", "<script>var a = '<b>';", ["script"]],
    ])("raw text elements: %s", (_name, source, tags) => {
      expect(ofType(source, "html-open").map((t) => t.tag)).toEqual(tags);
    });

    it("template tags inside a script are still tokenised", () => {
      const source = "<script>\nvar n = '{{ name|escapejs }}';\n</script>";
      const [v] = ofType(source, "variable");
      expect([v.line, v.expression, v.filters.map((f) => f.name)]).toEqual([2, "name", ["escapejs"]]);
    });

    it.each([
      ["HTML comment", "<!-- <form method=\"post\"> --><b>", ["b"]],
      ["multi-line HTML comment", "<!--\n<form>\n-->\n<b>", ["b"]],
      ["unclosed HTML comment", "<!-- <form> <b>", []],
      ["not a tag", "a < b > c <3 <-", []],
      ["custom element names", "<my-widget data-x=1><svg:rect/>", ["my-widget", "svg:rect"]],
      ["a lookalike of script is not raw text", "<scripty>x</scripty><b>", ["scripty", "b"]],
    ])("skips and keeps: %s", (_name, source, tags) => {
      expect(ofType(source, "html-open").map((t) => t.tag)).toEqual(tags);
    });

    it("merges template and HTML tokens in source order", () => {
      const kinds = tokenizeTemplate("<p>{{ a }}</p>{% if b %}<i>").map((t) => t.type);
      expect(kinds).toEqual(["text", "html-open", "variable", "text", "html-close", "block", "text", "html-open"]);
    });
  });

  describe("size and pathological input stay linear", () => {
    // Generous bound in CPU time: a quadratic scan of these inputs takes many seconds; a linear one a few ms.
    const BOUND_MS = 1500;
    const n = 100_000;
    it.each([
      ["many unclosed {{ on one line", "{{".repeat(n)],
      ["many unclosed {% on one line", "{%".repeat(n)],
      ["many unclosed {# on one line", "{#".repeat(n)],
      ["unclosed tags followed by a far closer", "{{ a ".repeat(n) + "\n}}"],
      ["many unclosed HTML tags", "<a ".repeat(n)],
      ["unbalanced quotes in tags", `<a '"`.repeat(n)],
      ["unclosed quoted attribute", `<a x="` + "y".repeat(n * 4)],
      ["quoted attributes without a closing >", '<a x="y" '.repeat(n)],
      ["many HTML comment openers", "<!--".repeat(n)],
      ["many raw text openers", "<script><textarea>".repeat(n / 4)],
      ["a very long line of text", "x".repeat(n * 20)],
      ["one huge filter chain", "{{ x" + "|f:'a'".repeat(n) + " }}"],
      ["an unterminated quoted filter arg", "{{ x|f:'" + "a".repeat(n * 4) + " }}"],
      ["deep nesting", "<div>{% if a %}".repeat(n / 4) + "{% endif %}</div>".repeat(n / 4)],
    ])("%s", (_name, source) => {
      const started = cpuMillis();
      tokenizeTemplate(source);
      expect(cpuMillis() - started).toBeLessThan(BOUND_MS);
    });

    it("a very long line keeps correct columns", () => {
      const source = "x".repeat(50_000) + "{{ far }}";
      const [v] = ofType(source, "variable");
      expect([v.line, v.column]).toEqual([1, 50_001]);
    });
  });
});
