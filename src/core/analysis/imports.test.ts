import { buildImportTable } from "./imports.js";
import { parsePythonTree } from "./parse-python.js";

// Found from the source's `import` keywords, as the analyzer does.
const table = (code: string) => buildImportTable(parsePythonTree(code).rootNode, code);

describe("buildImportTable", () => {
  it.each([
    ["from-import", "from django.utils.safestring import mark_safe\n", "mark_safe", "django.utils.safestring.mark_safe"],
    ["aliased from-import", "from django.utils.safestring import mark_safe as ms\n", "ms", "django.utils.safestring.mark_safe"],
    ["dotted module import", "import django.db.connection\n", "django.db.connection.cursor", "django.db.connection.cursor"],
    ["aliased module", "import django.utils.safestring as s\n", "s.mark_safe", "django.utils.safestring.mark_safe"],
    ["re-export canonicalised", "from django.http.response import HttpResponse\n", "HttpResponse", "django.http.HttpResponse"],
    ["models field re-export", "from django.db.models.fields.files import FileField\n", "FileField", "django.db.models.FileField"],
    ["import inside a function", "def f():\n    from django.db import connection\n    return connection\n", "connection", "django.db.connection"],
    ["builtin", "x = 1\n", "eval", "builtins.eval"],
    ["relative import", "from .base import helper\n", "helper", ".base.helper"],
  ])("%s", (_name, code, name, expected) => {
    expect(table(code).qualify(name)).toBe(expected);
  });

  it.each([
    ["unknown name", "x = 1\n", "mark_safe"],
    ["local function shadows nothing imported", "def mark_safe(x):\n    return x\n", "mark_safe"],
    ["local function shadows a builtin", "def eval(x):\n    return x\n", "eval"],
    ["module-level assignment", "csrf_exempt = lambda f: f\n", "csrf_exempt"],
  ])("%s resolves to nothing", (_name, code, name) => {
    expect(table(code).qualify(name)).toBeUndefined();
  });

  it("records star imports and used modules", () => {
    const t = table("from .base import *\nfrom rest_framework.views import APIView\n");
    expect(t.starImports).toEqual([".base"]);
    expect(t.usesModule("rest_framework")).toBe(true);
    expect(t.usesModule("rest")).toBe(false);
  });

  it("qualifies attribute nodes and rejects calls", () => {
    const root = parsePythonTree("import os\nos.path.join(a)\n").rootNode;
    const t = buildImportTable(root);
    const call = root.namedChildren[1].namedChildren[0];
    expect(t.qualifyNode(call.childForFieldName("function"))).toBe("os.path.join");
    expect(t.qualifyNode(call)).toBeUndefined();
  });

  it("survives syntax errors", () => {
    const t = table("from django.utils.safestring import mark_safe\ndef broken(:\n    pass\n");
    expect(t.qualify("mark_safe")).toBe("django.utils.safestring.mark_safe");
  });

  it("finds the same imports from the text as by walking the tree", () => {
    const code = [
      `"""import os"""  # import sys`,
      "x = 'from a import b'; import json as j",
      "if TYPE_CHECKING: from typing import Any",
      "try:",
      "    from django.utils.safestring import mark_safe",
      "except ImportError:",
      "    from django.utils.safestring import mark_safe as mark_safe",
      "def f():",
      "    from django.db import (connection,",
      "        connections as cs)",
      "    importer = __import__('x')",
      "from .settings.base import *",
      "from broken import (",
      "",
    ].join("\n");
    const root = parsePythonTree(code).rootNode;
    const fromText = buildImportTable(root, code);
    const walked = buildImportTable(root);
    expect([...fromText.bindings]).toEqual([...walked.bindings]);
    expect(fromText.starImports).toEqual(walked.starImports);
    expect(fromText.qualify("j")).toBe("json");
    expect(fromText.qualify("cs")).toBe("django.db.connections");
    expect(fromText.qualify("Any")).toBe("typing.Any");
    expect(fromText.qualify("os")).toBeUndefined();
    expect(fromText.qualify("sys")).toBeUndefined();
  });

  it("finds the same module-level names from the text as by reading nodes", () => {
    const code = [
      "import os",
      "def open(x):  # shadows the builtin",
      "    return x",
      "@decorator",
      "class Settings:",
      "    inner = 1",
      "@decorator",
      "async def fetch():",
      "    pass",
      "eval = None; compile: object = None",
      "a = b = 2",
      "x.y = 3",
      "if True:",
      "    input = 1",
      "",
    ].join("\n");
    const root = parsePythonTree(code).rootNode;
    const fromText = buildImportTable(root, code);
    const walked = buildImportTable(root);
    for (const name of ["open", "Settings", "fetch", "eval", "compile", "a", "input", "inner", "os"]) {
      expect([name, fromText.qualify(name)]).toEqual([name, walked.qualify(name)]);
    }
    expect(fromText.qualify("open")).toBeUndefined();
    expect(fromText.qualify("eval")).toBeUndefined();
    expect(fromText.qualify("input")).toBe("builtins.input");
  });
});
