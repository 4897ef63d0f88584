import { buildImportTable } from "./imports.js";
import { parsePythonTree } from "./parse-python.js";
import { evaluate, type PyValue } from "./py-value.js";

function valueOf(code: string): PyValue {
  const root = parsePythonTree(code).rootNode;
  const last = root.namedChildren[root.namedChildren.length - 1].namedChildren[0];
  return evaluate(last.childForFieldName("right")!, buildImportTable(root), new Set(["env"]));
}
const summary = (v: PyValue) => (v.kind === "env" ? { kind: v.kind, name: v.name, fallback: v.fallback && "value" in v.fallback ? v.fallback.value : v.fallback?.kind } : { kind: v.kind });

describe("py-value environment fallbacks", () => {
  it.each([
    ["decouple positional default", 'from decouple import config\nX = config("KEY", "dflt")\n', { kind: "env", name: "KEY", fallback: "dflt" }],
    ["environ str() positional default", 'X = env.str("KEY", "dflt")\n', { kind: "env", name: "KEY", fallback: "dflt" }],
    ["environ int() positional default", 'X = env.int("AGE", 60)\n', { kind: "env", name: "AGE", fallback: 60 }],
    ["environ call: second positional is the cast", 'X = env("KEY", str)\n', { kind: "env", name: "KEY", fallback: undefined }],
    ["environ list: second positional is the cast", 'X = env.list("HOSTS", str)\n', { kind: "env", name: "HOSTS", fallback: undefined }],
    ["`or` fallback", 'import os\nX = os.environ.get("KEY") or "dflt"\n', { kind: "env", name: "KEY", fallback: "dflt" }],
    ["`or` after an empty default", 'import os\nX = os.getenv("KEY", "") or "dflt"\n', { kind: "env", name: "KEY", fallback: "dflt" }],
    ["`or` after a real default is not a fallback", 'import os\nX = os.getenv("KEY", "a") or "b"\n', { kind: "unknown" }],
    ["`and` is not a fallback", 'import os\nX = os.getenv("KEY") and "b"\n', { kind: "unknown" }],
    ["`or` on a non-lookup", 'X = y or "b"\n', { kind: "unknown" }],
  ])("%s", (_name, code, expected) => {
    expect(summary(valueOf(code))).toEqual(expected);
  });
});
