import { buildImportTable } from "./imports.js";
import { parsePythonTree } from "./parse-python.js";
import type { PyValue } from "./py-value.js";
import { buildSettingsModel } from "./settings-model.js";

/** Evaluates the right-hand side of the last line (`X = <expr>`) with the file's imports and env objects. */
function valueOf(code: string): PyValue {
  const root = parsePythonTree(code).rootNode;
  const last = root.namedChildren[root.namedChildren.length - 1];
  const right = last.namedChildren[0].childForFieldName("right")!;
  return buildSettingsModel(root, buildImportTable(root), "mysite/settings.py").evaluate(right);
}

/** A compact, comparable form: env lookups as `env(NAME)->fallback`. */
function show(v: PyValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.kind) {
    case "env":
      return { env: v.name, fallback: show(v.fallback) };
    case "list":
      return v.items.map(show);
    case "none":
      return null;
    case "unknown":
    case "dict":
      return v.kind;
    default:
      return v.value;
  }
}

const OS = "import os\n";

describe("evaluate: expressions over environment lookups", () => {
  it.each([
    ["== with a default that matches", OS + 'X = os.getenv("DEBUG", "True") == "True"', { env: "DEBUG", fallback: true }],
    ["== with a default that does not match", OS + 'X = os.environ.get("DEBUG", "False") == "True"', { env: "DEBUG", fallback: false }],
    ["== without a default compares None", OS + 'X = os.environ.get("DEBUG") == "True"', { env: "DEBUG", fallback: false }],
    ["!= without a default is true when unset", OS + 'X = os.getenv("ENV") != "production"', { env: "ENV", fallback: true }],
    ["literal on the left", OS + 'X = "1" == os.getenv("DEBUG", "1")', { env: "DEBUG", fallback: true }],
    ["os.environ[...] has no fallback", OS + 'X = os.environ["DEBUG"] == "1"', { env: "DEBUG", fallback: undefined }],
    [".lower() then ==", OS + 'X = os.getenv("DEBUG", "TRUE").lower() == "true"', { env: "DEBUG", fallback: true }],
    [".lower() then in a tuple", OS + 'X = os.getenv("DEBUG", "yes").lower() in ("1", "true", "yes")', { env: "DEBUG", fallback: true }],
    ["not in", OS + 'X = os.getenv("DEBUG", "0") not in ["1", "true"]', { env: "DEBUG", fallback: true }],
    ["int() of a string default", OS + 'X = int(os.environ.get("HSTS", "3600"))', { env: "HSTS", fallback: 3600 }],
    ["int() of a non-number default", OS + 'X = int(os.environ.get("HSTS", "many"))', { env: "HSTS", fallback: undefined }],
    ["int() compared", OS + 'X = int(os.getenv("DEBUG", "1")) > 0', { env: "DEBUG", fallback: true }],
    ["strtobool", OS + 'from distutils.util import strtobool\nX = strtobool(os.getenv("DEBUG", "yes"))', { env: "DEBUG", fallback: 1 }],
    [".split(',')", OS + 'X = os.environ.get("HOSTS", "*").split(",")', { env: "HOSTS", fallback: ["*"] }],
    [".split() on whitespace", OS + 'X = os.environ.get("HOSTS", " a  b ").split()', { env: "HOSTS", fallback: ["a", "b"] }],
    ["django-environ str default compared", 'import environ\nenv = environ.Env()\nX = env("MODE", default="dev") == "dev"', { env: "MODE", fallback: true }],
  ])("%s", (_name, code, expected) => {
    expect(show(valueOf(code))).toEqual(expected);
  });

  it.each([
    ["a comparison of two lookups", OS + 'X = os.getenv("A") == os.getenv("B")'],
    ["an unknown method", OS + 'X = os.getenv("A", "x").encode()'],
    ["a comparison of plain names", "X = MODE == 'prod'"],
    ["a chained comparison", OS + 'X = "a" < os.getenv("A", "b") < "c"'],
  ])("stays unknown: %s", (_name, code) => {
    expect(valueOf(code).kind).toBe("unknown");
  });

  it("still evaluates comparisons of literals", () => {
    expect(show(valueOf('X = "a" in ("a", "b")'))).toBe(true);
    expect(show(valueOf("X = 3 >= 4"))).toBe(false);
  });

  it("keeps existing lookups unchanged", () => {
    expect(show(valueOf(OS + 'X = os.environ.get("DEBUG", True)'))).toEqual({ env: "DEBUG", fallback: true });
    expect(show(valueOf('from decouple import config\nX = config("DEBUG", default="True", cast=bool)'))).toEqual({ env: "DEBUG", fallback: true });
  });
});

describe("production's branch, aliases and helpers", () => {
  it.each([
    ["a if DEBUG else b takes b", 'X = "dev" if DEBUG else "prod"\n', "prod"],
    ["a if not DEBUG else b takes a", 'X = "prod" if not DEBUG else "dev"\n', "prod"],
    ["a condition we cannot decide", 'X = "a" if SITE.ok else "b"\n', "unknown"],
    ["an unset variable decides", 'import os\nX = "on" if os.environ.get("FLAG") else "off"\n', "off"],
    ["not of a lookup with a false fallback", 'import os\nX = not os.environ.get("FLAG", "")\n', { env: "FLAG", fallback: true }],
    ["env = os.environ alias", 'import os\nenv = os.environ\nX = env.get("A", "1")\n', { env: "A", fallback: "1" }],
    ["alias subscript", 'import os\nE = os.environ\nX = E["A"]\n', { env: "A", fallback: undefined }],
    ["getenv alias", 'import os\ngetenv = os.getenv\nX = getenv("A", "x")\n', { env: "A", fallback: "x" }],
    ["helper followed one level", 'import os\ndef envsecret(name, default=None):\n    return os.environ.get(name, default)\nX = envsecret("KEY", "k")\n', { env: "KEY", fallback: "k" }],
    ["helper keyword argument", 'import os\ndef flag(name, default=False):\n    return os.environ.get(name, default)\nX = flag(default=True, name="F")\n', { env: "F", fallback: true }],
    ["a helper with more than a return is not followed", 'import os\ndef flag(name):\n    v = os.environ.get(name)\n    return v\nX = flag("F")\n', "unknown"],
    ["a helper calling a helper stops at one level", 'import os\ndef a(n):\n    return os.environ.get(n, "1")\ndef b(n):\n    return a(n)\nX = b("F")\n', "unknown"],
  ])("%s", (_name, code, expected) => {
    expect(show(valueOf(code))).toEqual(expected);
  });

  it.each([
    ['os.environ["X"]', true],
    ['os.getenv("X")', true],
    ['os.environ.get("X", False)', true],
    ['os.environ.get("X", "0").lower()', true],
    ['os.environ.get("X") == "1"', false],
    ['int(os.environ.get("X", "0"))', false],
    ['config("X")', true],
    ['config("X", cast=bool)', false],
    ['env.bool("X")', false],
    ['env.str("X")', true],
  ])("%s is raw text: %s", (expr, raw) => {
    const v = valueOf(`import os\nimport environ\nfrom decouple import config\nenv = environ.Env()\nX = ${expr}\n`);
    expect(v.kind === "env" && v.raw === true).toBe(raw);
  });
});
