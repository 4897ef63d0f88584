import { DEFAULT_CONFIG } from "../config/config.js";
import { analyzeSources } from "./analyze-project.js";
import { defineRule, type Rule } from "./define-rule.js";
import { TEST_RULE_META } from "../../../test/helpers/test-rule.js";

const meta = TEST_RULE_META;

/** A query rule reporting calls of `name`, skipped on files whose text does not match `mentions`. */
function callRule(id: string, name: string, mentions?: RegExp): Rule {
  return defineRule({
    ...meta,
    id,
    ...(mentions ? { mentions } : {}),
    messages: { call: "`{{fn}}` is called." },
    query: "(call function: (identifier) @fn) @call",
    check({ node, report }) {
      if (node("fn").text === name) report(node("call"), "call", { fn: name });
    },
  });
}

const findingsOf = (rules: Rule[], files: { path: string; text: string }[]) =>
  analyzeSources({ files, config: DEFAULT_CONFIG, rules }).findings.map((f) => `${f.ruleId} ${f.path}:${f.line}:${f.column}`);

describe("query rules run only where they apply", () => {
  // Each set of applicable query rules gets its own combined query, compiled once and reused for later files.
  const rules = [callRule("test-eval-call", "eval", /\beval\(/), callRule("test-exec-call", "exec", /\bexec\(/), callRule("test-open-call", "open")];
  const files = [
    { path: "a.py", text: "eval(x)\nexec(y)\nopen(z)\n" },
    { path: "b.py", text: "exec(y)\nopen(z)\n" },
    { path: "c.py", text: "open(z)\n# eval( in a comment\nexec(q)\n" },
    { path: "d.py", text: "eval(x)\nexec(y)\nopen(z)\n" },
    { path: "e.py", text: "print(1)\n" },
  ];

  it("reports each rule's matches on the files its mentions select, whatever else applies", () => {
    expect(findingsOf(rules, files)).toEqual([
      "test-eval-call a.py:1:1",
      "test-exec-call a.py:2:1",
      "test-open-call a.py:3:1",
      "test-exec-call b.py:1:1",
      "test-open-call b.py:2:1",
      "test-open-call c.py:1:1",
      "test-exec-call c.py:3:1",
      "test-eval-call d.py:1:1",
      "test-exec-call d.py:2:1",
      "test-open-call d.py:3:1",
    ]);
  });

  it("finds the same as each rule run alone", () => {
    const alone = rules.flatMap((r) => findingsOf([r], files));
    expect(findingsOf(rules, files).sort()).toEqual(alone.sort());
  });

  it("skips a rule whose mentions do not match", () => {
    expect(findingsOf([rules[0]], [{ path: "x.py", text: "print(eval)\n" }])).toEqual([]);
  });
});
