import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { cpuMillis } from "../helpers/cpu-time.js";

// Every regular expression literal in the analyzer and the rules meets attacker-controlled text (a PR's
// files). Run each against long adversarial strings: catastrophic backtracking shows up as seconds, not ms.
const ROOT = process.cwd();
const DIRS = ["src/core", "rules"];
const LENGTH = 20_000;
// Linear expressions take a few ms at most on 20,000 characters; under this, times are too small to compare.
const MEASURABLE_MS = 20;
// Quadrupling the input multiplies a linear expression's time by about 4 and a quadratic one's by about 16.
const QUADRATIC_GROWTH = 8;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === "__fixtures__" ? [] : tsFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

function regexLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.push(node.getText(source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function compile(literal: string): RegExp {
  const end = literal.lastIndexOf("/");
  // Without `g` (test() would carry lastIndex over); a sticky (`y`) expression stays sticky, as it is used: it only
  // ever tries the position it is given.
  return new RegExp(literal.slice(1, end), literal.slice(end + 1).replace("g", ""));
}

const UNITS = ["a", " ", "\t", "\n", "'", '"', "{", "}", "{%", "{{", "%", "#", "<", ">", "</", "=", "\\", ".", ":", "-", "_", "0", "|", "(", ")", "[", "]", ",", "a ", "a=", "a.", "'a", "\"a", "<a ", "{% a", "{{ a|", "# django-sec: ignore[", "{# django-sec: ignore[x] ", "http://a", "a\\'"];

function adversarial(literal: string, length: number): string[] {
  const ownChars = [...new Set(literal.replace(/[\\^$*+?()[\]{}|/]/g, ""))].join("");
  return [...UNITS, ownChars || "a"].map((unit) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length) + "\u0000!");
}

// CPU time of one match, the least of three tries once a try takes more than a few ms: a pause of this process's
// own (a garbage collection, the regex compiler tiering up) stretches one try, not all three.
function cost(re: RegExp, input: string): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best > 5; attempt++) {
    re.lastIndex = 0;
    const start = cpuMillis();
    re.test(input);
    best = Math.min(best, cpuMillis() - start);
  }
  return best;
}

// An expression backtracks when some adversarial input takes measurable time and that time grows like the square
// of its length. The growth decides, not a time budget, so neither a slow nor a fast machine changes the verdict.
function backtracks(literal: string): boolean {
  const re = compile(literal);
  const quarters = adversarial(literal, LENGTH / 4);
  return adversarial(literal, LENGTH).some((input, i) => {
    const quarter = cost(re, quarters[i]); // first, so that compiling the expression is not counted in the full run
    const full = cost(re, input);
    return full >= MEASURABLE_MS && full > QUADRATIC_GROWTH * quarter;
  });
}

const cases = DIRS.flatMap((dir) => tsFiles(join(ROOT, dir))).flatMap((file) =>
  regexLiterals(file).map((literal, i) => [`${relative(ROOT, file)} #${i + 1} ${literal.slice(0, 60)}`, literal] as const),
);

describe("regular expressions on adversarial input", () => {
  it("finds the analyzer's regular expressions", () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it("would catch a quadratic expression", () => {
    expect(backtracks("/\\s*x\\s*$/")).toBe(true);
  });

  it.each(cases)("%s stays fast", (_name, literal) => {
    expect(backtracks(literal)).toBe(false);
  });
});
