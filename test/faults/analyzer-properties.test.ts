import fc from "fast-check";
import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import { decodeSource } from "../../src/core/analysis/decode-source.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { allRules } from "../../rules/index.js";

// The analyzer meets whatever a pull request contains. It must never throw, whatever the bytes,
// and every rule must survive every input (a crashing rule shows up as a `rule-crashed` error).
const PATHS = ["shop/views.py", "mysite/settings.py", "mysite/settings/production.py", "shop/templates/shop/page.html", "shop/urls.py"];

const PY_TOKENS = [
  "import os\n", "from django.utils.safestring import mark_safe as ms\n", "from django.db import connection\n", "def f(request, pk):\n",
  "class V(UpdateView):\n", "    ", "\n", "x = ", "request.GET['q']", "f\"{x}\"", "'%s' % y", "\"a\" + b", ".format(z)", "ms(", "cursor.execute(",
  ")", "(", "[", "]", "{", "}", ":", ",", "=", "DEBUG = True\n", "SECRET_KEY = 'django-insecure-x'\n", "MIDDLEWARE = [", "@csrf_exempt\n",
  "with connection.cursor() as cursor:\n", "return ", "lambda: ", "*", "**", "if DEBUG:\n", "try:\n", "except Exception:\n", "async def g():\n",
  "await ", "yield ", "# django-sec: ignore[raw-sql-interpolation]\n", "\"\"\"", "'", "\\", "é", "\t", "\r\n", "match x:\n    case 1:\n",
];
const TEMPLATE_TOKENS = ["{{", "}}", "{%", "%}", "{#", "#}", "<form method=\"post\">", "</form>", "<script>", "</script>", "|safe", " autoescape off ", "csrf_token", "x", "\n", "<!--", "-->", "'", "\"", "verbatim", "endverbatim", "comment", "endcomment"];

function analyze(path: string, text: string) {
  return analyzeSources({ files: [{ path, text }], config: DEFAULT_CONFIG, rules: allRules });
}

describe("analyzer on random input", () => {
  it("never throws and no rule crashes on random Python-like token soup", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS.filter((p) => p.endsWith(".py"))), fc.array(fc.constantFrom(...PY_TOKENS), { maxLength: 120 }), (path, tokens) => {
        const result = analyze(path, tokens.join(""));
        expect(result.errors.filter((e) => e.reason === "rule-crashed")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws and no rule crashes on random template soup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TEMPLATE_TOKENS), { maxLength: 150 }), (tokens) => {
        const result = analyze("shop/templates/shop/page.html", tokens.join(""));
        expect(result.errors.filter((e) => e.reason === "rule-crashed")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on random bytes, decoded or refused", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.uint8Array({ maxLength: 2000 }), (path, bytes) => {
        const decoded = decodeSource(bytes, 1_000_000);
        if (!decoded.ok) return;
        const result = analyze(path, decoded.text);
        expect(result.errors.filter((e) => e.reason === "rule-crashed")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["parentheses", "x = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "\n"],
    ["attribute chain", "x = a" + ".b".repeat(20000) + "\n"],
    ["calls", "x = " + "f(".repeat(3000) + "1" + ")".repeat(3000) + "\n"],
    ["lists in a setting", "ALLOWED_HOSTS = " + "[".repeat(5000) + "]".repeat(5000) + "\n"],
    ["string concatenation in a setting", "SECRET_KEY = " + Array(20000).fill("'a'").join(" + ") + "\n"],
    ["f-string nesting", "x = " + "f'{".repeat(500) + "1" + "}'".repeat(500) + "\n"],
    ["if blocks", Array.from({ length: 1000 }, (_, i) => " ".repeat(i) + "if x:\n").join("") + " ".repeat(1000) + "pass\n"],
    ["binary operators in SQL", "from django.db import connection\ncursor = connection.cursor()\ncursor.execute(" + Array(5000).fill("q").join(" + ") + ")\n"],
  ])("survives deeply nested %s", (_name, text) => {
    for (const path of ["mysite/settings.py", "shop/views.py"]) {
      const result = analyze(path, text);
      expect(result.errors.filter((e) => e.reason === "rule-crashed")).toEqual([]);
    }
  });

  it.each([
    ["nested tags", "{% if a %}".repeat(5000) + "{% endif %}".repeat(5000)],
    ["unclosed variables", "{{ a".repeat(20000)],
    ["script without end", "<script>" + "{{ x }}".repeat(20000)],
    ["attributes without end", "<form method=\"post" + " a=".repeat(20000)],
  ])("survives pathological template: %s", (_name, text) => {
    const result = analyze("shop/templates/shop/page.html", text);
    expect(result.errors.filter((e) => e.reason === "rule-crashed")).toEqual([]);
  });
});
