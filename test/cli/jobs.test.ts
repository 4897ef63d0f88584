import { rmSync } from "node:fs";
import { HELP, parseCliArgs } from "../../src/cli/args.js";
import { runCli, tempProject } from "./run-cli.js";

const VIEWS = "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef hook(request):\n    return eval(request.body)\n";

describe("--jobs", () => {
  const dir = tempProject({ "shop/views.py": VIEWS, "shop/other.py": "x = 1\n" });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["zero", ["--jobs", "0"]],
    ["negative", ["--jobs=-2"]],
    ["a fraction", ["--jobs", "1.5"]],
    ["a word", ["-j", "two"]],
    ["empty", ["--jobs="]],
    ["an exponent", ["--jobs", "1e3"]],
    ["beyond safe integers", ["--jobs", "99999999999999999999"]],
  ])("exits 2 on %s", async (_name, args) => {
    for (const command of ["scan", "diff"]) {
      const r = await runCli([command, ...args], { cwd: dir });
      expect(r).toEqual({ code: 2, stdout: "", stderr: expect.stringMatching(/^django-sec: --jobs must be a whole number of threads, 1 or more; got ".*"\nRun "django-sec --help" for usage\.\n$/) });
    }
  });

  it.each([
    [["--jobs", "1"], 1],
    [["-j", "4"], 4],
    [["--jobs", " 2 "], 2],
    [[], undefined],
  ])("parses %j", (args, jobs) => {
    expect(parseCliArgs(["scan", ...args]).jobs).toBe(jobs);
  });

  it("gives the same report for any --jobs (injected rules always run in-process)", async () => {
    const reports = await Promise.all(["1", "2", "8"].map((jobs) => runCli(["scan", "--format", "json", "--jobs", jobs], { cwd: dir })));
    expect(reports[0].code).toBe(1);
    expect(JSON.parse(reports[0].stdout).findings.length).toBeGreaterThan(0);
    for (const r of reports) expect(r).toEqual(reports[0]);
  });

  it("is documented in the help", () => {
    expect(HELP).toMatch(/-j, --jobs N +analyse on N threads/);
  });
});
