import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempProject } from "./run-cli.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(repoRoot, "bin", "django-sec.js");
const built = existsSync(join(repoRoot, "dist", "src", "cli", "main.js"));

// Building takes longer than the rest of the CLI tests together, so these run only on a built tree
// (CI builds before testing; locally run `npm run build` first).
const whenBuilt = built ? describe : describe.skip;

whenBuilt("bin/django-sec.js on the built output (dist/)", () => {
  const dir = tempProject({
    "shop/views.py": "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef hook(request):\n    request.user.profile.delete()\n    return None\n",
    "shop/data.py": new Uint8Array([0x00, 0x01]),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  it("prints the version", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    const r = run("--version");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`django-sec ${pkg.version}\n`);
  });

  it("scans a folder and sets the exit code", () => {
    const r = run("scan", "--format", "json", "--fail-on", "medium");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { ruleId: string; path: string }) => `${f.path} ${f.ruleId}`)).toContain("shop/views.py csrf-exempt-view");
    expect(report.errors).toEqual([{ path: "shop/data.py", reason: "binary" }]);
  });

  it("exits 2 on a usage error", () => {
    const r = run("scan", "--format", "yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--format must be one of text, json, sarif");
  });
});

if (!built) {
  it.skip("bin/django-sec.js subprocess tests: dist/ is missing, run `npm run build` first", () => {});
}
