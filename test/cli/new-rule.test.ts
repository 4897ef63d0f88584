import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// The script writes next to itself, so each case runs on a copy: scripts/ and rules/<section>/ in a
// temp dir, with src/ and test/ linked to the real ones so the generated files type-check.
function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), "new-rule-"));
  mkdirSync(join(dir, "scripts"));
  cpSync(join(repo, "scripts", "new-rule.mjs"), join(dir, "scripts", "new-rule.mjs"));
  for (const section of ["api", "csrf"]) mkdirSync(join(dir, "rules", section), { recursive: true });
  writeFileSync(join(dir, "rules", "api", "index.ts"), 'import type { Rule } from "../../src/core/analysis/define-rule.js";\n\nexport default [] as Rule[];\n');
  writeFileSync(join(dir, "rules", "csrf", "index.ts"), 'import csrfExemptView from "./csrf-exempt-view.js";\n\nexport default [csrfExemptView];\n');
  cpSync(join(repo, "rules", "csrf", "csrf-exempt-view.ts"), join(dir, "rules", "csrf", "csrf-exempt-view.ts"));
  symlinkSync(join(repo, "src"), join(dir, "src"));
  symlinkSync(join(repo, "test"), join(dir, "test"));
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function run(dir: string, args: string[]) {
  return spawnSync(process.execPath, [join(dir, "scripts", "new-rule.mjs"), ...args], { encoding: "utf8" });
}

describe("scripts/new-rule.mjs", () => {
  let dir: string;
  beforeEach(() => (dir = sandbox()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("scaffolds a rule, its test and the index line for each language, and the result type-checks", () => {
    expect(run(dir, ["api", "drf-sample-check"]).status).toBe(0);
    expect(run(dir, ["csrf", "csrf-sample-setting", "--language", "settings"]).status).toBe(0);
    expect(run(dir, ["csrf", "csrf-sample-template", "--language", "template"]).status).toBe(0);
    expect(readFileSync(join(dir, "rules", "api", "index.ts"), "utf8")).toBe(
      'import type { Rule } from "../../src/core/analysis/define-rule.js";\nimport drfSampleCheck from "./drf-sample-check.js";\n\nexport default [drfSampleCheck] as Rule[];\n',
    );
    expect(readFileSync(join(dir, "rules", "csrf", "index.ts"), "utf8")).toBe(
      'import csrfExemptView from "./csrf-exempt-view.js";\nimport csrfSampleSetting from "./csrf-sample-setting.js";\nimport csrfSampleTemplate from "./csrf-sample-template.js";\n\nexport default [csrfExemptView, csrfSampleSetting, csrfSampleTemplate];\n',
    );
    expect(readFileSync(join(dir, "rules", "api", "drf-sample-check.ts"), "utf8")).toContain('id: "drf-sample-check"');
    expect(readFileSync(join(dir, "rules", "api", "drf-sample-check.test.ts"), "utf8")).toContain('import rule from "./drf-sample-check.js";');
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: join(repo, "tsconfig.json"), compilerOptions: { noEmit: true, rootDir: "." }, include: ["rules/**/*.ts"] }),
    );
    execFileSync(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
  }, 60_000);

  it.each([
    ["no arguments", [], /usage: npm run new-rule/],
    ["unknown section", ["nope", "my-rule"], /unknown section "nope"; one of: api, csrf/],
    ["id not kebab-case", ["api", "MyRule"], /must be kebab-case/],
    ["existing rule", ["api", "csrf-exempt-view"], /rules\/csrf\/csrf-exempt-view\.ts already exists/],
    ["bad language", ["api", "x-rule", "--language", "yaml"], /--language must be/],
  ])("refuses %s and changes nothing", (_name, args, message) => {
    const before = readFileSync(join(dir, "rules", "api", "index.ts"), "utf8");
    const r = run(dir, args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(join(dir, "rules", "api", "index.ts"), "utf8")).toBe(before);
  });
});
