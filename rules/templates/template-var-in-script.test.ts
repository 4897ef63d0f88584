import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { runRule, testRule } from "../../test/helpers/test-rule.js";
import safeFilter from "./template-safe-filter.js";
import rule from "./template-var-in-script.js";

const script = (body: string, open = "<script>") => `${open}\n${body}\n</script>`;

testRule(rule, {
  valid: [
    { name: "get_absolute_url (reverse() percent-encodes)", code: script('var detail = "{{ object.get_absolute_url }}";') },
    { name: "paginator numbers", code: script("var page = {{ page_obj.number }}, pages = {{ page_obj.paginator.num_pages }};") },
    { name: "date with a literal format", code: script("var when = \"{{ obj.created|date:'c' }}\";") },
    { name: "yesno with literal words", code: script('var isAuth = {{ request.user.is_authenticated|yesno:"true,false" }};') },
    { name: "yesno without an argument", code: script("var answer = '{{ flag|yesno }}';") },
    { name: "escapejs in a single-quoted string", code: script("var name = '{{ user.name|escapejs }}';") },
    { name: "escapejs in a double-quoted string", code: script('greet("{{ user.name|escapejs }}");') },
    { name: "escapejs then a literal default", code: script("var n = '{{ name|escapejs|default:\"anon\" }}';") },
    { name: "json_script outside the script", code: '{{ data|json_script:"page-data" }}\n' + script('const data = JSON.parse(document.getElementById("page-data").textContent);') },
    { name: "csrf token", code: script("headers['X-CSRFToken'] = '{{ csrf_token }}';") },
    { name: "numeric filter", code: script("var count = {{ items|length }};\nvar price = {{ item.price|floatformat:2 }};") },
    { name: "forloop counter", code: "{% for x in xs %}" + script("show({{ forloop.counter }});") + "{% endfor %}" },
    { name: "primary keys, ids and counts", code: script("init({{ request.user.pk }}, {{ order.id }}, {{ item.category_id }}, {{ results.count }});") },
    { name: "settings-made values", code: script("var s = '{{ STATIC_URL }}', l = '{{ LANGUAGE_CODE }}';") },
    { name: "entries of an upper-case settings dict", code: script('init({{ APP_CONFIG.queue_limit|default:"null" }}, {{ APP_CONFIG.alerts.types|default:"[]"|safe }});') },
    { name: "is_ and has_ flags", code: script("var live = '{{ query.is_live }}', on = {{ has_access|yesno:'1,0' }}, p = '{{ is_public }}';") },
    { name: "slugs and a bare id", code: script('init("{{ step.slug }}", "{{ article_slug }}", "#row_{{ id }}");') },
    { name: "arithmetic operands are numbers", code: script("{% for d in days %}\npts.push([{{ forloop.counter0 }}, 100*{{ d.ok }}{% if d.ok %}/({{ d.ok }}+{{ d.bad }}){% endif %}]);\n{% endfor %}") },
    { name: "a number used in arithmetic is a number in a string too", code: script("var pct = {{ hits }} / 10;\nlabel('Hits: {{ hits }}');") },
    { name: "subtraction and addition of a digit", code: script("var left = {{ quota }} - 1, next = {{ page }} + 1;") },
    { name: "upper-case constants and settings", code: script('remember("{{ LAST_VERSION }}", "{{ settings.API_ROOT }}");') },
    { name: "string literal", code: script('var mode = {{ "dark" }};') },
    { name: "json data block", code: script("{{ data }}", '<script type="application/json" id="d">') },
    { name: "ld+json data block", code: script('{"name": "{{ product.name }}"}', '<script type="application/ld+json">') },
    { name: "client-side template", code: script("<p>{{ name }}</p>", '<script type="text/template">') },
    { name: "script with src ignores its content", code: script("{{ x }}", '<script src="/app.js">') },
    { name: "variable in script attributes", code: '<script src="{% static \'app.js\' %}" nonce="{{ request.csp_nonce }}"></script>' },
    { name: "variable after the script", code: "<script>var a = 1;</script>\n<p>{{ name }}</p>" },
    { name: "url tag in a string", code: script("fetch('{% url \"api:items\" %}');") },
    { name: "quote inside a template tag does not open a string", code: script("var u = \"{% url 'x' %}\"; var n = '{{ name|escapejs }}';") },
    { name: "escaped quote inside a string", code: script("var s = 'it\\'s {{ name|escapejs }}';") },
    { name: "regex literal with a quote", code: script("var r = /'/g; var n = '{{ name|escapejs }}';") },
    { name: "division is not a regex", code: script("var half = total / 2; var n = '{{ name|escapejs }}'; var q = 1 / 3;") },
    { name: "block comment with a quote", code: script("/* don't */ var n = '{{ name|escapejs }}';") },
    { name: "in a template comment", code: script("{# {{ secret }} #}") },
    { name: "in a comment block", code: script("{% comment %}{{ secret }}{% endcomment %}") },
    { name: "onclick with escapejs in quotes", code: `<button onclick="select('{{ item.slug|escapejs }}')">Go</button>` },
    { name: "variable in a non-handler attribute", code: '<button title="{{ item.name }}" data-slug="{{ item.slug }}">Go</button>' },
    { name: "raw text inside verbatim", code: "{% verbatim %}" + script("var a = {{ vue }};") + "{% endverbatim %}" },
  ],
  invalid: [
    { name: "date with a format from a variable", code: script("var when = {{ obj.created|date:fmt }};"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "request.path is decoded and may hold a backslash", code: script('var next = "{{ request.path }}";'), errors: [{ messageId: "htmlEscapedInString", line: 2 }] },
    { name: "yesno with words from a variable", code: script("var label = {{ flag|yesno:labels }};"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "bare variable in code", code: script("var next = {{ request.GET.next }};"), errors: [{ messageId: "htmlEscapedInCode", line: 2, messageIncludes: "request.GET.next" }] },
    { name: "variable in a string", code: script("var name = '{{ user.name }}';"), errors: [{ messageId: "htmlEscapedInString", line: 2 }] },
    { name: "marked safe", code: script("var data = {{ data|safe }};"), errors: [{ messageId: "unescapedInScript", line: 2 }] },
    { name: "escapejs outside a string, as in the guide", code: script("var username = {{ username|escapejs }};"), errors: [{ messageId: "escapejsOutsideString", line: 2 }] },
    { name: "escapejs in a template literal", code: script("el.innerHTML = `Hi {{ name|escapejs }}`;"), errors: [{ messageId: "inTemplateLiteral", line: 2 }] },
    { name: "variable in a template literal interpolation", code: script("var s = `${ {{ x }} }`;"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "after a template literal ends", code: script("var a = `x`; var b = {{ y|escapejs }};"), errors: [{ messageId: "escapejsOutsideString", line: 2 }] },
    { name: "a mixed-case name is not a constant", code: script("var v = '{{ Site_name }}';"), errors: [{ messageId: "htmlEscapedInString", line: 2 }] },
    { name: "a lower-case object holding an upper-case key", code: script("var v = '{{ profile.SITE.name }}';"), errors: [{ messageId: "htmlEscapedInString", line: 2 }] },
    { name: "a name that only starts like a flag", code: script("var v = '{{ island }}', w = {{ obj.hash_value }};"), errors: [{ messageId: "htmlEscapedInString", line: 2 }, { messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "string concatenation is not arithmetic", code: script("var s = 'Hi ' + {{ user.name }};"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "division sign of a closing comment", code: script("var s = /* name */ {{ user.name }};"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "a line comment after the value is not division", code: script("var s = {{ user.name }} // the name"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "the same value with other filters is not the number", code: script("var a = 2 * {{ n }}, b = '{{ n|upper }}';"), errors: [{ messageId: "htmlEscapedInString", line: 2 }] },
    { name: "the same value twice on a line is one finding", code: script("f({{ name }}, {{ name }});"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "one finding per value in a handler", code: `<a onclick="f('{{ q.name }}', '{{ q.name }}')">x</a>`, errors: [{ messageId: "inEventHandler", line: 1 }] },
    { name: "a handler value escaped once and not once", code: `<a onclick="f('{{ q.name|escapejs }}', '{{ q.name }}')">x</a>`, errors: [{ messageId: "inEventHandler", line: 1 }] },
    { name: "a name that only contains id", code: script("var v = {{ video }};"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "type module", code: script("init({{ config }});", '<script type="module">'), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "upper-case type text/javascript", code: script("init({{ config }});", '<SCRIPT TYPE="Text/JavaScript">'), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "line comment does not hide a value", code: script("// user: {{ user.name }}"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "second value on a line", code: script("f('{{ a|escapejs }}', '{{ b }}');"), errors: [{ messageId: "htmlEscapedInString", line: 2 }] },
    { name: "inside an if block", code: "<script>\n{% if user.is_authenticated %}\nvar id = {{ user.username }};\n{% endif %}\n</script>", errors: [{ messageId: "htmlEscapedInCode", line: 3 }] },
    { name: "unclosed script", code: "<script>\nvar a = {{ a }};", errors: [{ messageId: "htmlEscapedInCode", line: 2 }] },
    { name: "onclick with an autoescaped value in a string", code: `<button onclick="select('{{ item.name }}')">Go</button>`, errors: [{ messageId: "inEventHandler", line: 1, messageIncludes: "`onclick`" }] },
    { name: "onload with a bare value", code: "<img src=x onLoad='track({{ item.name }})'>", errors: [{ messageId: "inEventHandler", line: 1, messageIncludes: "`onload`" }] },
    { name: "two scripts", code: script("a({{ x }});") + "\n" + script("b({{ y }});"), errors: [{ messageId: "htmlEscapedInCode", line: 2 }, { messageId: "htmlEscapedInCode", line: 5 }] },
  ],
});

describe("template-var-in-script with template-safe-filter", () => {
  it("replaces the safe-filter finding on the same line and leaves others alone", () => {
    const result = analyzeSources({
      files: [{ path: "shop/templates/shop/page.html", text: "<script>\nvar data = {{ data|safe }};\n</script>\n<div>{{ bio|safe }}</div>" }],
      contextFiles: [],
      config: { ...DEFAULT_CONFIG, exclude: [] },
      rules: [rule, safeFilter],
    });
    expect(result.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(["2 template-var-in-script", "4 template-safe-filter"]);
  });
});

describe("template-var-in-script: the page's own host and path", () => {
  const confidence = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  it("host and path in a handler are low: the browser sends the link's host, and URL patterns bound the path", () => {
    expect(confidence(`<a href="#" onclick="share('http://{{ request.META.HTTP_HOST }}{{ request.path }}')">x</a>`)).toEqual(["1:low", "1:low"]);
    expect(confidence(script('var here = "{{ request.get_host }}";'))).toEqual(["2:low"]);
  });
  it("the query string is free text: get_full_path and GET stay high", () => {
    expect(confidence(`<input type="button" onclick="location.href='{{ request.get_full_path }}'">`)).toEqual(["1:high"]);
    expect(confidence(script('var q = "{{ request.GET.q }}";\nvar r = {{ request.GET.r }};'))).toEqual(["2:low", "3:high"]);
  });
  it("request data in a quoted string is high only when a later string of the script holds request data too", () => {
    // A backslash ending the first value opens its string onto the second value, which then runs as code.
    expect(confidence(script('f("{{ request.GET.q }}", "{{ request.GET.q }}");'))).toEqual(["2:high"]);
    expect(confidence(script('var q = "{{ request.GET.q }}";\nvar n = "{{ request.GET.n }}";'))).toEqual(["2:high", "3:low"]);
    // Alone, or followed only by the developer's own strings, a trailing backslash is a syntax error.
    expect(confidence(script('process("{{ request.get_full_path }}", "{{ title }}", "{% trans \'Name?\' %}");'))).toEqual(["2:low", "2:low"]);
  });
});
