import { defineRule, type SettingsContext } from "../../src/core/analysis/define-rule.js";
import { runRule } from "../../test/helpers/test-rule.js";
import { deleteStatementFix, replaceValueFix, settingSource, type SettingSource } from "./effective-setting.js";

/** Runs `probe` inside a settings rule over `code` and returns what it produced. */
function inSettings<T>(code: string, probe: (ctx: SettingsContext) => T, context: Record<string, string> = {}): T {
  let out: T | undefined;
  const rule = defineRule({
    id: "probe",
    severity: "low",
    confidence: "low",
    cwe: 1,
    owasp: "A05:2021",
    guideSection: "meta",
    djangoDocs: "https://docs.djangoproject.com/en/stable/",
    docs: { what: "probe", why: "probe", example: "", fix: "probe" },
    messages: { probe: "probe" },
    language: "settings",
    checkSettings(ctx) {
      out = probe(ctx);
    },
  });
  const result = runRule(rule, code, "mysite/settings/production.py", context);
  expect(result.errors).toEqual([]);
  return out as T;
}

const kind = (s: SettingSource) => s.kind;

describe("settingSource", () => {
  it.each([
    ["own unconditional", "X = 1\n", {}, "own"],
    ["inherited from a resolved base", "from .base import *\n", { "mysite/settings/base.py": "X = 1\n" }, "inherited"],
    ["missing, all star imports resolved", "Y = 1\n", {}, "missing"],
    ["missing, a star import unresolved", "from .nowhere import *\n", {}, "unknown"],
    ["only conditional", "if A:\n    X = 1\n", {}, "unknown"],
    ["only under if DEBUG: missing in production", "if DEBUG:\n    X = 1\n", {}, "missing"],
    ["only in the else of if not DEBUG: missing in production", "if not DEBUG:\n    Y = 1\nelse:\n    X = 1\n", {}, "missing"],
    ["under if not DEBUG: production's own value", "if not DEBUG:\n    X = 1\n", {}, "own"],
    ["only on a branch an unset variable skips", "import os\nif os.environ.get('A'):\n    X = 1\n", {}, "unknown"],
    ["on the branch an unset variable takes", "import os\nif os.environ.get('A'):\n    Y = 1\nelse:\n    X = 1\n", {}, "own"],
    ["only changed with +=", "X += [1]\n", {}, "unknown"],
    ["own overrides inherited", "from .base import *\nX = 2\n", { "mysite/settings/base.py": "X = 1\n" }, "own"],
  ])("%s", (_name, code, context, expected) => {
    expect(inSettings(code, (ctx) => kind(settingSource(ctx, "X")), context)).toBe(expected);
  });
});

describe("replaceValueFix", () => {
  const fix = (code: string) => inSettings(code, (ctx) => {
    const s = settingSource(ctx, "X");
    return s.kind === "own" ? replaceValueFix(ctx, s.assignment, "True") : undefined;
  });
  it.each([
    ["plain", "X = False\n", { line: 1, endLine: 1, replacement: "X = True" }],
    ["keeps a trailing comment", "X = False  # note\n", { line: 1, endLine: 1, replacement: "X = True  # note" }],
    ["non-ASCII comment after the value is fine", "X = False  # café\n", { line: 1, endLine: 1, replacement: "X = True  # café" }],
    ["not a literal", "X = os.environ.get('X')\n", undefined],
    ["spans lines", "X = (\n    False\n)\n", undefined],
  ])("%s", (_name, code, expected) => {
    expect(fix(code)).toEqual(expected);
  });
});

describe("deleteStatementFix", () => {
  const fix = (code: string) => inSettings(code, (ctx) => {
    const a = ctx.settings.own("X")[0];
    return a ? deleteStatementFix(ctx, a) : undefined;
  });
  it.each([
    ["one line", "A = 1\nX = True\nB = 2\n", { line: 2, endLine: 2, replacement: "" }],
    ["several lines", "X = (\n    True\n)\n", { line: 1, endLine: 3, replacement: "" }],
    ["with a trailing comment", "X = True  # old\n", { line: 1, endLine: 1, replacement: "" }],
    ["inside a block", "if A:\n    X = True\n", undefined],
    ["shares the line", "X = True; B = 1\n", undefined],
  ])("%s", (_name, code, expected) => {
    expect(fix(code)).toEqual(expected);
  });
});
