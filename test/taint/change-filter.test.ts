import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import type { ChangeSet } from "../../src/core/diff/types.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import dataFlow from "../../rules/data-flow/index.js";

// A helper whose sink is reached from a view: source on line 6, call on line 7, sink on line 3.
const code = [
  "from django.db import connection",
  "def run(sql):",
  "    connection.cursor().execute(sql)",
  "def unrelated():",
  "    return 1",
  "def search(request):",
  "    run('SELECT * FROM t WHERE n = ' + request.GET['q'])",
  "",
].join("\n");

function inChange(lines: number[]): boolean[] {
  const changes: ChangeSet = new Map([
    ["shop/views.py", { path: "shop/views.py", status: "modified", binary: false, added: lines.map((l) => ({ start: l, end: l })), hunks: [{ start: 1, end: 8 }] }],
  ]);
  const result = analyzeSources({ files: [{ path: "shop/views.py", text: code }], contextFiles: [], config: { ...DEFAULT_CONFIG, exclude: [] }, rules: dataFlow, changes });
  return result.findings.map((f) => f.inChange);
}

describe("data-flow findings and the change filter", () => {
  it.each([
    ["the sink line", [3], true],
    ["the line that passes request data to the helper", [7], true],
    ["a line off the path", [5], false],
  ] as const)("a change on %s", (_name, lines, expected) => {
    expect(inChange([...lines])).toEqual([expected]);
  });
});
