import { buildImportTable } from "../../src/core/analysis/imports.js";
import { parsePythonTree } from "../../src/core/analysis/parse-python.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "./call-index.js";
import { judgeText, type Verdict } from "./string-building.js";

/** Judges the first argument of the last `sink(...)` call in the code, trusting `clean(...)` results. */
function judge(code: string): Verdict {
  const root = parsePythonTree(code).rootNode;
  const imports = buildImportTable(root);
  const sinks = root.descendantsOfType("call").filter((c) => c.childForFieldName("function")?.text === "sink");
  const arg = sinks[sinks.length - 1].childForFieldName("arguments")!.namedChildren[0];
  const isSafeValue = (n: SyntaxNode) => n.type === "call" && n.childForFieldName("function")?.text === "clean";
  return judgeText(arg, { imports, isSafeValue });
}

const summary = (v: Verdict) => (v.kind === "built" ? `built: ${v.how}` : v.kind === "opaque" && v.gaveUp ? "gave up" : v.kind);

describe("judgeText", () => {
  it.each([
    ["constant", "sink('a')", "safe"],
    ["implicit concatenation", "sink('a' 'b')", "safe"],
    ["f-string of a parameter", "def f(x):\n    sink(f'a{x}')", "built: an f-string"],
    ["f-string of a trusted value", "def f(x):\n    sink(f'a{clean(x)}')", "safe"],
    ["numeric format spec", "def f(x):\n    sink(f'{x:.2f}')", "safe"],
    ["percent with a tuple", "def f(x):\n    sink('%s-%s' % ('a', x))", "built: `%` formatting"],
    ["percent with numeric specs only", "def f(x):\n    sink('%d items' % x)", "safe"],
    ["percent with a dict", "def f(x):\n    sink('%(a)s' % {'a': clean(x)})", "safe"],
    ["format with keyword", "def f(x):\n    sink('{a}'.format(a=x))", "built: `.format()`"],
    ["format with splat", "def f(x):\n    sink('{a}'.format(**x))", "built: `.format()`"],
    ["plus with a parameter", "def f(x):\n    sink('a' + x)", "built: `+` concatenation"],
    ["parameter alone", "def f(x):\n    sink(x)", "opaque"],
    ["attribute alone", "def f(o):\n    sink(o.html)", "opaque"],
    ["pk attribute", "def f(o):\n    sink('%s' % o.pk)", "safe"],
    ["local variable, last assignment wins", "def f(x):\n    s = f'{x}'\n    s = 'ok'\n    sink(s)", "safe"],
    ["assignment after the use is ignored", "def f(x):\n    s = 'ok'\n    sink(s)\n    s = f'{x}'", "safe"],
    ["augmented concatenation", "def f(x):\n    s = 'a'\n    s += x\n    sink(s)", "built: `+` concatenation"],
    ["augmented on a parameter with constants", "def f(s):\n    s += 'a'\n    sink(s)", "opaque"],
    ["module constant", "A = 'x'\ndef f():\n    sink(A + 'b')", "safe"],
    ["class constant through self, sliced", "class Q:\n    SQL = 'SELECT 1;'\n    def f(self):\n        sink(self.SQL[:-1] + ' LIMIT 1')", "safe"],
    ["class constant by class name, inherited", "class A:\n    T = 'x'\nclass B(A):\n    pass\ndef f():\n    sink(B.T + 'b')", "safe"],
    ["class attribute the module also sets on an instance", "class Q:\n    SQL = 'x'\n    def __init__(self, s):\n        self.SQL = s\n    def f(self):\n        sink(self.SQL + 'b')", "built: `+` concatenation"],
    ["a model field is no class constant", "class M(Model):\n    title = models.CharField()\n    def f(self):\n        sink(self.title + 'b')", "built: `+` concatenation"],
    ["a slice of a parameter", "def f(x):\n    sink(x[:3] + 'b')", "built: `+` concatenation"],
    ["a count", "def f(qs):\n    sink(f'{qs.count()} rows')", "safe"],
    ["parameter shadowing a module constant", "A = 'x'\ndef f(A):\n    sink(A + 'b')", "built: `+` concatenation"],
    ["closure sees the enclosing function's locals", "def f(x):\n    s = 'a'\n    def g():\n        sink(s)\n", "safe"],
    ["closure over a parameter", "def f(x):\n    def g():\n        sink('a' + x)\n", "built: `+` concatenation"],
    ["module-level use sees earlier module assignments only", "sink(B)\nB = 'x'", "opaque"],
    ["conditional expression", "def f(x, c):\n    sink('a' if c else f'{x}')", "built: an f-string"],
    ["and/or picking constants", "def f(i, n):\n    sink('<a%s>' % (i == n and ' class=\"end\"' or ''))", "safe"],
    ["and/or with a value", "def f(x):\n    sink('<a%s>' % (x or ''))", "built: `%` formatting"],
    ["subscript of a constant dict literal", "def f(first):\n    sink('<%s>' % {True: 'th', False: 'td'}[first])", "safe"],
    ["subscript of a local constant mapping", "def f(v):\n    M = {True: 'yes', False: 'no'}\n    sink(f'icon-{M[v]}.gif')", "safe"],
    ["subscript of a mapping with a value", "def f(v, x):\n    M = {True: x}\n    sink(f'icon-{M[v]}.gif')", "built: an f-string"],
    ["subscript of a parameter", "def f(d):\n    sink(f'{d[0]}')", "built: an f-string"],
    ["join of placeholders", "def f(ids):\n    sink(','.join(['%s'] * len(ids)))", "safe"],
    ["join of unknown items", "def f(ids):\n    sink(','.join(ids))", "opaque"],
    ["constant repeated", "def f(n):\n    sink('*' * n)", "safe"],
    ["deep self-reference gives up", "def f():\n    a0 = 'x'\n" + Array.from({ length: 40 }, (_, i) => `    a${i + 1} = a${i} + a${i}\n`).join("") + "    sink(a40)", "gave up"],
  ])("%s", (_name, code, expected) => {
    expect(summary(judge(code))).toBe(expected);
  });
});

describe("callIndex", () => {
  it("finds tracked calls under aliases and module paths, and ignores local look-alikes", () => {
    const code = [
      "from django.utils.safestring import mark_safe as ms",
      "from django.utils import safestring",
      "from django.db.models import expressions",
      "def format_html(s):",
      "    return s",
      "ms('a')",
      "safestring.SafeText('b')",
      "expressions.RawSQL('c', [])",
      "format_html('d')",
      "qs.raw('e')",
      "@ms",
      "def f(): ...",
    ].join("\n");
    const root = parsePythonTree(code).rootNode;
    const index = callIndex(root, buildImportTable(root), code);
    const lines = (nodes: SyntaxNode[]) => nodes.map((n) => n.startPosition.row + 1);
    expect(lines(callsTo(index, TRACKED.markSafe, TRACKED.safeString))).toEqual([6, 7]);
    expect(lines(callsTo(index, ...TRACKED.rawSql))).toEqual([8]);
    expect(lines(callsTo(index, TRACKED.formatHtml))).toEqual([]);
    expect(lines(index.methods.get("raw") ?? [])).toEqual([10]);
    expect(lines(index.decorators.get(TRACKED.markSafe) ?? [])).toEqual([11]);
  });

  it("skips names in strings, comments and longer chains, and accepts spacing and line breaks", () => {
    const code = [
      "from django.utils.safestring import mark_safe",
      "x = 'mark_safe(a)'  # mark_safe(b)",
      "y = obj.mark_safe.inner(c)",
      "z = mark_safe (",
      "    d)",
      "w = a @ mark_safe",
      "cur . execute ('SELECT 1')",
      "'x.raw(1)'",
    ].join("\n");
    const root = parsePythonTree(code).rootNode;
    const index = callIndex(root, buildImportTable(root), code);
    const lines = (nodes: SyntaxNode[]) => nodes.map((n) => n.startPosition.row + 1);
    expect(lines(callsTo(index, TRACKED.markSafe))).toEqual([4]);
    expect(lines(index.decorators.get(TRACKED.markSafe) ?? [])).toEqual([]);
    expect(lines(index.methods.get("execute") ?? [])).toEqual([7]);
    expect(index.methods.get("raw")).toBeUndefined();
  });
});
