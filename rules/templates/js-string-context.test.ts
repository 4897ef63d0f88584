import { jsContexts } from "./js-string-context.js";
import { cpuMillis } from "../../test/helpers/cpu-time.js";

/** The context at each `@` in `code` (the markers are removed before lexing). */
function contextsAt(marked: string): string[] {
  const points: number[] = [];
  let code = "";
  for (const ch of marked) {
    if (ch === "@") points.push(code.length);
    else code += ch;
  }
  return jsContexts(code, points);
}

describe("jsContexts", () => {
  it.each([
    ["code", "var a = @;", ["code"]],
    ["strings", `f('@', "@", @)`, ["single-quoted", "double-quoted", "code"]],
    ["escaped quotes", `'it\\'s @' + "say \\"@\\"" + @`, ["single-quoted", "double-quoted", "code"]],
    ["a string ends at a newline", "'open\n@", ["code"]],
    ["template literal and interpolation", "`a @ ${ @ + {b: `@`} } @` @", ["template-literal", "code", "template-literal", "template-literal", "code"]],
    ["line comment", "// it's @\n@", ["comment", "code"]],
    ["block comment", "/* it's\n @ */ @", ["comment", "code"]],
    ["unclosed block comment", "/* @", ["comment"]],
    ["regex after =", "var r = /'@/; @", ["regex", "code"]],
    ["regex with a slash in a class", "r = /[/']@/; '@'", ["regex", "single-quoted"]],
    ["a regex ends at a newline", "r = /[x\n'@'", ["single-quoted"]],
    ["regex after return", "return /\"@/.test(s) && '@'", ["regex", "single-quoted"]],
    ["division", "a = b / c; d = e / 'x@'", ["single-quoted"]],
    ["division after a closing paren", "(a) / 2 + '@'", ["single-quoted"]],
    ["points past the end", "x@", ["code"]],
    ["no points", "'abc'", []],
  ])("%s", (_name, code, expected) => {
    expect(contextsAt(code)).toEqual(expected);
  });

  it("stays linear on long adversarial input", () => {
    const code = "x = /" + "[".repeat(200_000) + "\n" + "= /[/".repeat(100_000) + "`${".repeat(50_000) + "/*".repeat(50_000) + "'\\".repeat(50_000);
    const started = cpuMillis();
    jsContexts(code, [code.length - 1]);
    expect(cpuMillis() - started).toBeLessThan(1500);
  });
});
