import { buildImportTable } from "./imports.js";
import { parsePythonTree } from "./parse-python.js";
import { buildSettingsModel } from "./settings-model.js";
import { dictComplete, dictEntry, isProjectSettings, isTestOnly, ownWinner, productionAssignments, settingStrings } from "./settings-values.js";

function model(code: string) {
  const root = parsePythonTree(code).rootNode;
  return buildSettingsModel(root, buildImportTable(root), "mysite/settings.py");
}

describe("settings values", () => {
  it("reads assignments in except/else/finally bodies", () => {
    const m = model('try:\n    A = 1\nexcept ImportError:\n    B = 2\nelse:\n    C = 3\nfinally:\n    D = 4\n');
    expect(["A", "B", "C", "D"].map((n) => m.get(n)?.conditional)).toEqual([true, true, true, true]);
  });

  it.each([
    ["list literal", 'APPS = ["a", "b"]\n', ["a", "b"], true],
    ["+= and append", 'APPS = ["a"]\nAPPS += ["b"]\nAPPS.append("c")\nAPPS.insert(0, "d")\n', ["a", "b", "c", "d"], true],
    ["splat item", 'APPS = [*BASE, "a"]\n', ["a"], false],
    ["extend with a name", 'APPS = ["a"]\nAPPS.extend(EXTRA)\n', ["a"], false],
    ["not a list", "APPS = get_apps()\n", [], false],
  ])("settingStrings: %s", (_name, code, values, complete) => {
    const got = settingStrings(model(code), "APPS");
    expect(got?.items.map((i) => i.value)).toEqual(values);
    expect(got?.complete).toBe(complete);
  });

  it("dictComplete and dictEntry", () => {
    const m = model('A = {"x": 1, "y": "z"}\nB = {**A, "x": 2}\n');
    expect(dictComplete(m.get("A")!.value)).toBe(true);
    expect(dictComplete(m.get("B")!.value)).toBe(false);
    expect(dictEntry(m.get("A")!.value, "y")).toMatchObject({ kind: "str", value: "z" });
    expect(dictEntry(m.get("A")!.value, "nope")).toBeUndefined();
  });

  it.each([
    ['if "test" in sys.argv:\n    H = 1\n', true],
    ["if TESTING:\n    H = 1\n", true],
    ["if TESTING:\n    pass\nelse:\n    H = 1\n", false],
    ["if READY:\n    H = 1\n", false],
    ["H = 1\n", false],
  ])("isTestOnly %#", (code, expected) => {
    const m = model(code);
    expect(isTestOnly(m.own("H")[0].node)).toBe(expected);
  });

  it("productionAssignments and ownWinner skip DEBUG-only values", () => {
    const m = model("if DEBUG:\n    K = 1\nK = 2\n");
    expect(productionAssignments(m, "K").map((a) => a.node.startPosition.row)).toEqual([2]);
    expect(ownWinner(m, "K", "mysite/settings.py")?.node.startPosition.row).toBe(2);
    expect(ownWinner(m, "K", "other.py")).toBeUndefined();
  });

  it.each([
    ['INSTALLED_APPS = []\n', true],
    ['ROOT_URLCONF = "mysite.urls"\n', true],
    ["PAGE_SIZE = 20\n", false],
  ])("isProjectSettings %#", (code, expected) => {
    expect(isProjectSettings(model(code))).toBe(expected);
  });
});

describe("settings set dynamically", () => {
  it.each([
    ["globals().update", "import os\nfrom importlib import import_module\nDEBUG = False\nglobals().update(import_module(os.environ['LOCAL']).__dict__)\n"],
    ["globals()[name] =", "DEBUG = False\nfor k, v in EXTRA.items():\n    globals()[k] = v\n"],
    ["exec of a local file", "DEBUG = False\nexec(open('local.py').read())\n"],
  ])("%s: no setting is surely missing", (_name, code) => {
    const root = parsePythonTree(code).rootNode;
    expect(buildSettingsModel(root, buildImportTable(root, code), "mysite/settings.py").complete).toBe(false);
  });

  it("a plain module is complete", () => {
    const code = "DEBUG = False\nupdate = {}\nupdate.update(globals_copy)\n";
    const root = parsePythonTree(code).rootNode;
    expect(buildSettingsModel(root, buildImportTable(root, code), "mysite/settings.py").complete).toBe(true);
  });
});
