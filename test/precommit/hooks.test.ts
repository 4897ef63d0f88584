import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const hooks = parse(readFileSync(join(repoRoot, ".pre-commit-hooks.yaml"), "utf8")) as Record<string, unknown>[];
const hook = hooks.find((h) => h.id === "django-sec")!;
const rootPkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));

describe(".pre-commit-hooks.yaml", () => {
  it("declares one node hook whose entry is the package's django-sec command", () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: "django-sec", name: "django-sec", language: "node", entry: "django-sec scan", require_serial: true });
    // pre-commit installs this repository's root package (npm pack, then npm install -g): its bin is the command.
    expect(rootPkg.bin["django-sec"]).toBe("bin/django-sec.js");
    for (const shipped of ["bin/", "dist/src/", "dist/rules/"]) expect(rootPkg.files).toContain(shipped);
    expect(rootPkg.scripts.prepare).toBe("npm run build");
    // pre-commit takes the tarball's name from `npm pack`'s stdout, where npm would otherwise print
    // the prepare script's banner (npm pack runs scripts in the foreground unless told not to).
    expect(readFileSync(join(repoRoot, ".npmrc"), "utf8")).toMatch(/^foreground-scripts=false$/m);
  });

  it("selects staged Python files and templates, as the analyzer classifies them", () => {
    const files = new RegExp(hook.files as string);
    for (const yes of ["shop/views.py", "typings/x.pyi", "shop/templates/shop/cart.html", "a.htm", "t/base.djhtml", "emails/templates/welcome.txt", "templates/sitemap.xml", "x.jinja2", "x.j2"]) {
      expect([yes, files.test(yes)]).toEqual([yes, true]);
    }
    for (const no of ["README.md", "static/app.js", "notes.txt", "data/export.xml", "setup.cfg", "requirements.txt", "views.pyc"]) {
      expect([no, files.test(no)]).toEqual([no, false]);
    }
  });
});

const built = existsSync(join(repoRoot, "dist", "src", "cli", "main.js"));
const whenBuilt = built ? describe : describe.skip;
if (!built) it.skip("pre-commit entry test: dist/ is missing, run `npm run build` first", () => {});

whenBuilt("the hook's entry, run as pre-commit runs it (the entry, then the staged file names)", () => {
  const dir = mkdtempSync(join(tmpdir(), "django-sec-hook-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "shop", "templates"), { recursive: true });
  writeFileSync(join(dir, "shop", "views.py"), "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef hook(request):\n    request.user.profile.delete()\n    return None\n");
  writeFileSync(join(dir, "shop", "clean.py"), "def add(a, b):\n    return a + b\n");
  writeFileSync(join(dir, "shop", "templates", "page.html"), "<p>{{ name }}</p>\n");

  const runEntry = (...files: string[]) => {
    const [command, ...args] = (hook.entry as string).split(" ");
    expect(command).toBe("django-sec");
    const bin = join(repoRoot, rootPkg.bin[command]);
    return spawnSync(process.execPath, [bin, ...args, ...files], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  };

  it("reports a staged file's finding, and lets the commit through below the default fail-on (high)", () => {
    const r = runEntry("shop/views.py", "shop/templates/page.html");
    expect(r.stderr).toBe("");
    // csrf_exempt is medium; the default fail-on is high, so the commit goes through with the finding shown.
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("shop/views.py:3:");
    expect(r.stdout).toContain("csrf-exempt-view");
  });

  it("honours the project's config (fail-on medium blocks the commit)", () => {
    mkdirSync(join(dir, ".github"), { recursive: true });
    writeFileSync(join(dir, ".github", "django-sec.yml"), "fail-on: medium\n");
    try {
      expect(runEntry("shop/views.py").status).toBe(1);
      const clean = runEntry("shop/clean.py");
      expect(clean.status).toBe(0);
      expect(clean.stdout).toContain("No findings");
    } finally {
      rmSync(join(dir, ".github"), { recursive: true, force: true });
    }
  });
});
