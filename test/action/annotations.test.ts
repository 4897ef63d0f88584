// @ts-expect-error: the action's entry point is plain JavaScript (it runs without a build step).
import { annotations, cliArgs, planRun, readInputs, summaryMarkdown } from "../../action/main.mjs";

const finding = (over: Record<string, unknown>) => ({ ruleId: "csrf-exempt-view", path: "shop/views.py", line: 3, endLine: 3, column: 2, severity: "medium", confidence: "high", message: "m", ...over });

describe("the action's workflow commands and summary", () => {
  it("escapes what would end a workflow command's property or message early", () => {
    const { lines } = annotations([finding({ path: "odd, name:%.py", message: "first line\nsecond, 100%" })]);
    expect(lines).toEqual(["::warning file=odd%2C name%3A%25.py,line=3,endLine=3,col=2,title=django-sec csrf-exempt-view (medium)::first line%0Asecond, 100%25"]);
  });

  it("shows at most ten annotations per level, most severe first", () => {
    const many = [...Array.from({ length: 12 }, (_, i) => finding({ line: i + 1, severity: "low" })), ...Array.from({ length: 11 }, (_, i) => finding({ line: i + 1, severity: "high" }))];
    const { lines, shown } = annotations(many);
    expect(shown).toBe(20);
    expect(lines.filter((l: string) => l.startsWith("::error")).length).toBe(10);
    expect(lines.filter((l: string) => l.startsWith("::notice")).length).toBe(10);
    expect(lines[0].startsWith("::error")).toBe(true);
  });

  it("keeps a pipe or a new line in a message inside its table cell", () => {
    const md = summaryMarkdown({ plan: { command: "scan" }, findings: [finding({ message: "a | b\nc" })], errors: [], exitCode: 0, failOn: undefined, annotated: 1 });
    expect(md).toContain("| medium | high | `csrf-exempt-view` | `shop/views.py:3` | a \\| b c |");
  });

  it("keeps low-confidence findings out of the diff's annotations but in the summary", () => {
    const findings = [finding({ line: 1, confidence: "low", message: "unsure" }), finding({ line: 2, confidence: "medium", message: "likely" })];
    const { lines, shown } = annotations(findings);
    expect(shown).toBe(1);
    expect(lines[0]).toMatch(/line=2,.*::likely$/);
    const md = summaryMarkdown({ plan: { command: "scan" }, findings, errors: [], exitCode: 0, failOn: undefined, annotated: shown });
    expect(md).toContain("| medium | low | `csrf-exempt-view` | `shop/views.py:1` | unsure |");
    expect(md).toContain("1 of 2 findings are annotations on this run (low-confidence findings are listed here only");
  });

  it("diffs only pull request events with a base commit, and passes paths after `--`", () => {
    expect(planRun("pull_request", { pull_request: { base: { sha: "a".repeat(40) } } })).toEqual({ command: "diff", base: "a".repeat(40) });
    expect(planRun("pull_request", { pull_request: { base: { sha: "main; rm -rf /" } } })).toEqual({ command: "scan" });
    expect(planRun("push", { pull_request: { base: { sha: "a".repeat(40) } } })).toEqual({ command: "scan" });
    const inputs = readInputs({ INPUT_PATHS: "src/ \n templates/", INPUT_FAIL_ON: "low" });
    expect(cliArgs({ command: "scan" }, inputs, "json", "/tmp/r.json")).toEqual(["scan", "--format", "json", "--output", "/tmp/r.json", "--fail-on", "low", "--", "src/", "templates/"]);
    expect(() => readInputs({ INPUT_PATHS: "--config=x" })).toThrow('input paths: "--config=x" is not a path');
  });
});
