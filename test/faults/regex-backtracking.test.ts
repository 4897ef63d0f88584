import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { cpuMillis } from "../helpers/cpu-time.js";

// Every regular expression literal in the analyzer and the rules meets attacker-controlled text (a PR's
// files). Run each against long adversarial strings: catastrophic backtracking shows up as seconds, not ms.
const ROOT = process.cwd();
const DIRS = ["src/core", "rules"];
const LENGTH = 20_000;
// Linear expressions take a few ms on 20,000 characters; quadratic ones take hundreds.
const BUDGET_MS = 150;

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
  return new RegExp(literal.slice(1, end), literal.slice(end + 1).replace("g", "").replace("y", ""));
}

const UNITS = ["a", " ", "\t", "\n", "'", '"', "{", "}", "{%", "{{", "%", "#", "<", ">", "</", "=", "\\", ".", ":", "-", "_", "0", "|", "(", ")", "[", "]", ",", "a ", "a=", "a.", "'a", "\"a", "<a ", "{% a", "{{ a|", "# django-sec: ignore[", "http://a", "a\\'"];

function adversarial(literal: string): string[] {
  const ownChars = [...new Set(literal.replace(/[\\^$*+?()[\]{}|/]/g, ""))].join("");
  return [...UNITS, ownChars || "a"].map((unit) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH) + "\u0000!");
}

function slowest(literal: string): number {
  const re = compile(literal);
  let worst = 0;
  for (const input of adversarial(literal)) {
    const start = cpuMillis();
    re.test(input);
    worst = Math.max(worst, cpuMillis() - start);
  }
  return worst;
}

const cases = DIRS.flatMap((dir) => tsFiles(join(ROOT, dir))).flatMap((file) =>
  regexLiterals(file).map((literal, i) => [`${relative(ROOT, file)} #${i + 1} ${literal.slice(0, 60)}`, literal] as const),
);

describe("regular expressions on adversarial input", () => {
  it("finds the analyzer's regular expressions", () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it("would catch a quadratic expression", () => {
    expect(slowest("/\\s*x\\s*$/")).toBeGreaterThan(BUDGET_MS);
  });

  it.each(cases)("%s stays fast", (_name, literal) => {
    expect(slowest(literal)).toBeLessThan(BUDGET_MS);
  });
});
