import Parser from "tree-sitter";
import { parsePython, parsePythonTree, pythonLanguage } from "./parse-python.js";
import type { SyntaxNode } from "./syntax-tree.js";

// The copied tree must answer every question exactly as node-tree-sitter's own nodes do.
const SOURCES: [string, string][] = [
  [
    "views and settings",
    [
      "from django.http import HttpResponse as R",
      "import os, django.db.models as m",
      "",
      "SECRET_KEY = os.environ.get('KEY', 'dev')",
      "REST = {'A': [1, 2, *x], **y}",
      "",
      "@login_required",
      "def view(request, pk: int = 3, *args, **kw) -> R:",
      "    obj = Thing.objects.filter(pk=pk).first() if pk else None",
      "    for a, b in zip(x[1:2], y[::-1]):",
      "        try:",
      "            yield a + b ** 2 not in c",
      "        except (KeyError, ValueError) as e:",
      "            raise Exception(f'{a!r:>10} {b}') from e",
      "        finally:",
      "            pass",
      "    while not done and x is not None: break",
      "    with open(p) as f, lock: return lambda q, *r: q[r]",
      "",
      "class V(View, metaclass=M):",
      "    '''Docstring with é and 漢字 and an emoji 🎉.'''",
      "    x: int = 1",
      "    async def get(self): await self.go(); del self.x[0]; global g; nonlocal_ = {i for i in y if i}",
      "match cmd:",
      "    case [a, *rest] if a > 0: print(a)",
      "    case {'k': v}: pass",
      "    case _: pass",
      "",
    ].join("\n"),
  ],
  ["syntax errors", "def f(:\n  x = (1,\n  if y\nprint \"a\"\nclass A(\n    é = \"ü\" + \n"],
  ["missing tokens", "x = [1, 2\ny = {\"a\": \ndef g(a, b\n  return a +\n"],
  ["empty", ""],
  ["blank lines", "\n\n"],
];
const FIELDS = ["name", "body", "parameters", "return_type", "function", "arguments", "object", "attribute", "left", "right", "operator", "value", "key", "condition", "consequence", "alternative", "module_name", "alias", "definition", "superclasses", "type", "subscript", "argument", "operators", "code", "pattern", "subject", "guard", "start", "end", "step", "expression", "cause", "nonexistent"];

const span = (n: { type: string; startIndex: number; endIndex: number } | null) => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : null);
const point = (p: Parser.Point) => `${p.row}:${p.column}`;

function describeNode(n: Parser.SyntaxNode | SyntaxNode): unknown {
  return {
    node: span(n),
    named: n.isNamed,
    missing: n.isMissing,
    error: n.hasError,
    text: n.text,
    start: point(n.startPosition),
    end: point(n.endPosition),
    parent: span(n.parent),
    children: n.children.map(span),
    named_: n.namedChildren.map(span),
    // Asked before anything else reads the children of that node in the copied tree.
    fields: FIELDS.map((f) => [f, span(n.childForFieldName(f)), n.childrenForFieldName(f).map(span)]),
  };
}

function all<N extends { children: readonly N[] }>(root: N): N[] {
  const out: N[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

describe("SyntaxTree (the analysis's copy of a tree-sitter tree)", () => {
  it.each(SOURCES)("%s: every node, field, position and parent as tree-sitter gives them", (_name, source) => {
    const native = parsePython(source).rootNode;
    const copy = parsePythonTree(source).rootNode;
    // Field questions first, on a fresh copy: fields are learnt as nodes are read.
    expect(span(copy.childForFieldName("body"))).toBe(span(native.childForFieldName("body")));
    const nativeNodes = all(native);
    const copied = all(copy);
    expect(copied.length).toBe(nativeNodes.length);
    for (let i = 0; i < copied.length; i++) expect(describeNode(copied[i])).toEqual(describeNode(nativeNodes[i]));
  });

  it.each(SOURCES)("%s: descendantForIndex, descendantForPosition, descendantsOfType, cursor walks", (_name, source) => {
    const native = parsePython(source).rootNode;
    const copy = parsePythonTree(source).rootNode;
    for (let at = 0; at <= source.length; at++) {
      for (const width of [0, 1, 7]) {
        const end = Math.min(source.length, at + width);
        expect(span(copy.descendantForIndex(at, end))).toBe(span(native.descendantForIndex(at, end)));
      }
    }
    const rows = source.split("\n").length;
    for (let row = 0; row <= rows; row++) {
      expect(span(copy.descendantForPosition({ row, column: 0 }, { row, column: 1000 }))).toBe(span(native.descendantForPosition({ row, column: 0 }, { row, column: 1000 })));
    }
    for (const type of ["identifier", "call", "function_definition", "string", "ERROR"]) {
      expect(copy.descendantsOfType(type).map(span)).toEqual(native.descendantsOfType(type).map(span));
    }
    const steps = (cursor: { nodeType: string; currentFieldName: string | undefined; gotoFirstChild(): boolean; gotoNextSibling(): boolean; gotoParent(): boolean }) => {
      const out: string[] = [];
      for (;;) {
        out.push(`${cursor.nodeType}:${cursor.currentFieldName ?? ""}`);
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return out;
      }
    };
    expect(steps(copy.walk())).toEqual(steps(native.walk()));
    const fn = copy.descendantsOfType("function_definition")[0];
    if (fn) expect(steps(fn.walk())).toEqual(steps(native.descendantsOfType("function_definition")[0].walk()));
  });

  it("maps a query's captures to nodes of the copy, within the root or a node", () => {
    const source = SOURCES[0][1];
    const query = new Parser.Query(pythonLanguage(), "(call function: (_) @f arguments: (argument_list) @a) @c");
    const native = parsePython(source).rootNode;
    const tree = parsePythonTree(source);
    const flat = (ms: { pattern: number; captures: { name: string; node: { type: string; startIndex: number; endIndex: number } }[] }[]) => ms.map((m) => [m.pattern, m.captures.map((c) => [c.name, span(c.node)])]);
    const fromRoot = flat(tree.matches(query));
    expect(fromRoot.length).toBeGreaterThan(3);
    expect(fromRoot).toEqual(flat(query.matches(native)));
    const fn = tree.rootNode.descendantsOfType("function_definition")[0];
    expect(flat(tree.matches(query, fn))).toEqual(flat(query.matches(native.descendantsOfType("function_definition")[0])));
    // The captures are the copy's own nodes: their parents are reachable and identical objects.
    const call = tree.matches(query)[0].captures.find((c) => c.name === "c")!.node;
    expect(call.parent!.children).toContain(call);
  });

  it("gives a capture's text without finding its node, the same before and after the node is found", () => {
    const source = SOURCES[0][1];
    const query = new Parser.Query(pythonLanguage(), "(call function: (_) @f arguments: (argument_list) @a) @c");
    const tree = parsePythonTree(source);
    const texts = tree.matches(query).flatMap((m) => m.captures.map((c) => c.text));
    const nodes = tree.matches(query).flatMap((m) => m.captures.map((c) => [c.node.text, c.text]));
    expect(texts.length).toBeGreaterThan(3);
    expect(nodes.map(([fromNode]) => fromNode)).toEqual(texts);
    expect(nodes.map(([, after]) => after)).toEqual(texts);
  });
});
