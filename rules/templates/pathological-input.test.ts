import { runRule } from "../../test/helpers/test-rule.js";
import rules from "./index.js";
import { cpuMillis } from "../../test/helpers/cpu-time.js";

// Each input repeats a construct that a rule scanning forward from every occurrence would handle in
// quadratic time. The bound is generous: linear runs take tens of milliseconds.
const n = 10_000;
const inputs: Array<[string, string]> = [
  ["unclosed POST forms", '<form method="post">\n'.repeat(n)],
  ["unclosed autoescape off blocks", "{% autoescape off %}\n".repeat(n)],
  ["unclosed scripts", "<script>var a = '{{ a }}';\n".repeat(n)],
  ["one tag with many handlers", "<b " + 'onclick="f(\'{{ a }}\')" '.repeat(n) + ">"],
  ["many safe filters", "{{ a|safe }}\n".repeat(n)],
  ["a long script of strings and regexes", "<script>\n" + "x = /[/'/; y = '{{ v|escapejs }}' + `${ {{ w }} }`;\n".repeat(n / 4) + "</script>"],
];

describe.each(rules.map((r) => [r.id, r] as const))("%s on pathological input", (_id, rule) => {
  it.each(inputs)("%s", (_name, code) => {
    const started = cpuMillis();
    const result = runRule(rule, code);
    expect(result.errors).toEqual([]);
    expect(cpuMillis() - started).toBeLessThan(3000);
  });
});
