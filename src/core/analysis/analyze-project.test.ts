import { DEFAULT_CONFIG, type Config } from "../config/config.js";
import type { ChangeSet } from "../diff/types.js";
import { analyzeProject, analyzeSources, readProjectFacts, resolveModulePath, type AnalyzeInput } from "./analyze-project.js";
import { findDeployedSettings } from "./deployed-settings.js";
import { defineRule, type Rule } from "./define-rule.js";
import suppressionRule from "../../../rules/meta/suppression-without-reason.js";
import { TEST_RULE_META } from "../../../test/helpers/test-rule.js";

const meta = TEST_RULE_META;

const evalRule = defineRule({
  ...meta,
  id: "test-eval",
  messages: { evalCall: "`{{arg}}` is evaluated." },
  query: "(call function: (identifier) @fn arguments: (argument_list . (_) @arg)) @call",
  check({ node, imports, report }) {
    if (imports.is(node("fn"), "builtins.eval")) report(node("call"), "evalCall", { arg: node("arg").text });
  },
});

const crashingRule = defineRule({
  ...meta,
  id: "test-crash",
  messages: { never: "never" },
  checkModule() {
    throw new Error("boom");
  },
});

const missingSetting = defineRule({
  ...meta,
  id: "test-missing-setting",
  language: "settings",
  settingsKinds: ["production"],
  messages: { missing: "`{{name}}` is not set." },
  checkSettings({ settings, reportFile }) {
    if (settings.complete && !settings.has("SECURE_SSL_REDIRECT")) reportFile("missing", { name: "SECURE_SSL_REDIRECT" });
  },
});

const rules: Rule[] = [evalRule, crashingRule, missingSetting, suppressionRule];
const config: Config = { ...DEFAULT_CONFIG };
const run = (files: Record<string, string>, extra: Partial<AnalyzeInput> = {}) =>
  analyzeSources({ files: Object.entries(files).map(([path, text]) => ({ path, text })), config, rules, ...extra });

describe("analyzeSources", () => {
  it("reports findings with 1-based lines and a filled message", () => {
    const result = run({ "app/views.py": "x = 1\neval(data)\n" });
    expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([["test-eval", 2, 1, "`data` is evaluated."]]);
  });

  it("keeps fingerprints stable when lines move or are re-indented", () => {
    const a = run({ "app/views.py": "eval(data)\n" }).findings[0];
    const b = run({ "app/views.py": "import os\n\n\nif True:\n    eval( data )\n".replace("eval( data )", "eval(data)") }).findings[0];
    expect(b.line).toBe(5);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(run({ "app/other.py": "eval(data)\n" }).findings[0].fingerprint).not.toBe(a.fingerprint);
  });

  it("gives identical code on two lines two fingerprints", () => {
    const [a, b] = run({ "app/views.py": "eval(data)\neval(data)\n" }).findings;
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it("records a crashing rule for the file and still runs the others", () => {
    const result = run({ "app/views.py": "eval(data)\n" });
    expect(result.errors).toEqual([{ path: "app/views.py", reason: "rule-crashed", detail: "test-crash: Error: boom" }]);
    expect(result.findings).toHaveLength(1);
  });

  it("analyses the rest of a file with a syntax error", () => {
    const result = run({ "app/views.py": "def broken(:\n    pass\n\neval(data)\n" });
    expect(result.analyzed[0].syntaxErrorLine).toBe(1);
    expect(result.findings.map((f) => f.line)).toEqual([4]);
  });

  it("ignores excluded and unknown files", () => {
    const result = run({ "app/tests/test_views.py": "eval(x)\n", "README.md": "eval(x)", "app/migrations/0001.py": "eval(x)\n" });
    expect(result.findings).toEqual([]);
    expect(result.ignored.sort()).toEqual(["README.md", "app/migrations/0001.py", "app/tests/test_views.py"]);
  });

  it("applies severity overrides and switches rules off", () => {
    const withConfig = (rulesConfig: Config["rules"]) => run({ "app/views.py": "eval(data)\n" }, { config: { ...config, rules: rulesConfig } });
    expect(withConfig({ "test-eval": "low" }).findings[0].severity).toBe("low");
    expect(withConfig({ "test-eval": "off" }).findings).toEqual([]);
  });

  describe("suppressions", () => {
    it.each([
      ["same line", "eval(data)  # django-sec: ignore[test-eval] input is a constant table\n"],
      ["line above", "# django-sec: ignore[test-eval] constant\neval(data)\n"],
      ["several ids", "eval(data)  # django-sec: ignore[other-rule, test-eval] constant\n"],
    ])("%s", (_name, code) => {
      const result = run({ "app/views.py": code });
      expect(result.findings).toEqual([]);
      expect(result.suppressed.map((s) => s.finding.ruleId)).toEqual(["test-eval"]);
    });

    it("does not suppress another rule or a line further away", () => {
      expect(run({ "app/views.py": "eval(data)  # django-sec: ignore[other] why\n" }).findings).toHaveLength(1);
      expect(run({ "app/views.py": "# django-sec: ignore[test-eval] why\n\neval(data)\n" }).findings).toHaveLength(1);
    });

    it("reports a suppression without a reason and still honours it", () => {
      const result = run({ "app/views.py": "eval(data)  # django-sec: ignore[test-eval]\n" });
      expect(result.findings.map((f) => f.ruleId)).toEqual(["suppression-without-reason"]);
      expect(result.suppressed).toHaveLength(1);
    });
  });

  describe("split settings", () => {
    const base = "SECURE_SSL_REDIRECT = True\n";
    it("reads star-imported modules given as context", () => {
      const result = analyzeSources({
        files: [{ path: "mysite/settings/production.py", text: "from .base import *\nDEBUG = False\n" }],
        contextFiles: [{ path: "mysite/settings/base.py", text: base }],
        config,
        rules,
      });
      expect(result.findings.filter((f) => f.ruleId === "test-missing-setting")).toEqual([]);
    });

    it("reports a missing setting as a file-level finding", () => {
      const f = run({ "mysite/settings/production.py": "DEBUG = False\n" }).findings.find((x) => x.ruleId === "test-missing-setting");
      expect(f).toMatchObject({ fileLevel: true, line: 1 });
    });

    it.each([
      ["an empty package __init__", "mysite/settings/__init__.py", ""],
      ["a helper module in the settings package", "mysite/settings/helpers.py", "def env_list(name):\n    return name.split(',')\n"],
    ])("does not treat %s as a settings module", (_name, path, text) => {
      const result = run({ [path]: text });
      expect(result.findings).toEqual([]);
      expect(result.analyzed[0].settingsKind).toBe("none");
    });

    it("stays silent when a star import cannot be resolved", () => {
      const result = run({ "mysite/settings/production.py": "from .base import *\n" });
      expect(result.findings.filter((f) => f.ruleId === "test-missing-setting")).toEqual([]);
    });

    it.each([
      ["mysite/settings/production.py", ".base", "mysite/settings/base.py"],
      ["mysite/settings/production.py", "..common", "mysite/common.py"],
      ["mysite/settings/production.py", "mysite.settings.base", "mysite/settings/base.py"],
      ["mysite/settings/production.py", ".missing", undefined],
    ])("resolves %s importing %s", (from, module, expected) => {
      const known = new Map([["mysite/settings/base.py", 1], ["mysite/common.py", 1]]);
      expect(resolveModulePath(from, module, known)).toBe(expected);
    });
  });

  describe("change marking", () => {
    const changes: ChangeSet = new Map([
      ["app/views.py", { path: "app/views.py", status: "modified", binary: false, added: [{ start: 3, end: 3 }], hunks: [{ start: 1, end: 5 }] }],
      ["mysite/settings/production.py", { path: "mysite/settings/production.py", status: "modified", binary: false, added: [{ start: 1, end: 1 }], hunks: [{ start: 1, end: 1 }] }],
    ]);
    it("marks findings on added lines, keeps the others as pre-existing", () => {
      const result = run({ "app/views.py": "eval(a)\nx = 1\neval(b)\n", "app/old.py": "eval(c)\n" }, { changes });
      expect(result.findings.map((f) => [f.path, f.line, f.inChange])).toEqual([
        ["app/old.py", 1, false],
        ["app/views.py", 1, false],
        ["app/views.py", 3, true],
      ]);
    });

    it("counts a file-level finding as in the change when its file changed", () => {
      const result = run({ "mysite/settings/production.py": "DEBUG = False\n" }, { changes });
      expect(result.findings.find((f) => f.fileLevel)?.inChange).toBe(true);
    });
  });

  it("async analyzeProject gives the same result and reports progress", async () => {
    const files = Array.from({ length: 150 }, (_, i) => ({ path: `app/m${i}.py`, text: "eval(x)\n" }));
    const progress: number[] = [];
    const result = await analyzeProject({ files, config, rules, onFile: (done) => progress.push(done) });
    expect(result.findings).toHaveLength(150);
    expect(progress.at(-1)).toBe(150);
  });
});

describe("project facts", () => {
  const factRule = defineRule({
    ...meta,
    id: "test-fact",
    messages: { seen: "login middleware: {{m}}" },
    checkModule({ project, reportFile }) {
      reportFile("seen", { m: project.loginRequiredMiddleware ?? "none" });
    },
  });
  const view = { path: "shop/views.py", text: "x = 1\n" };
  const settings = { path: "mysite/settings.py", text: 'MIDDLEWARE = ["myproject.middleware.LoginRequiredMiddleware"]\n' };
  const seen = (input: Partial<AnalyzeInput>) =>
    analyzeSources({ files: [view], config: DEFAULT_CONFIG, rules: [factRule], ...input }).findings.filter((f) => f.path === view.path).map((f) => f.message);

  it("are read from the settings modules among the files and the context files", () => {
    expect(seen({})).toEqual(["login middleware: none"]);
    expect(seen({ contextFiles: [settings] })).toEqual(["login middleware: myproject.middleware.LoginRequiredMiddleware"]);
    expect(seen({ files: [view, settings] })).toEqual(["login middleware: myproject.middleware.LoginRequiredMiddleware"]);
  });

  it("given by the caller, win over what the files say (a project analysed in parts)", () => {
    expect(seen({ facts: { loginRequiredMiddleware: "stronghold.middleware.LoginRequiredMiddleware" } })).toEqual(["login middleware: stronghold.middleware.LoginRequiredMiddleware"]);
    expect(seen({ contextFiles: [settings], facts: {} })).toEqual(["login middleware: none"]);
  });
});

describe("readProjectFacts", () => {
  it("reads the facts of a whole input without analysing it", () => {
    const files = [{ path: "app/views.py", text: "x = 1\n" }, { path: "proj/settings/base.py", text: 'MIDDLEWARE = ("django.contrib.auth.middleware.LoginRequiredMiddleware",)\n' }];
    const { index, ...facts } = readProjectFacts({ files, config: DEFAULT_CONFIG });
    expect(facts).toEqual({ loginRequiredMiddleware: "django.contrib.auth.middleware.LoginRequiredMiddleware" });
    expect(index?.templates).toBeDefined();
    const { index: _partIndex, ...partFacts } = readProjectFacts({ files: files.slice(0, 1), config: DEFAULT_CONFIG });
    expect(partFacts).toEqual({});
  });
});

describe("the settings module the project deploys", () => {
  const analyzed = (files: { path: string; text: string }[], deploymentFiles: { path: string; text: string }[] = []) =>
    analyzeSources({ files, deploymentFiles, config: DEFAULT_CONFIG, rules: [] }).analyzed;
  const kind = (files: { path: string; text: string }[], path: string, deploymentFiles: { path: string; text: string }[] = []) => analyzed(files, deploymentFiles).find((a) => a.path === path)?.settingsKind;
  const WSGI = (module: string) => ({ path: "config/wsgi.py", text: `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n` });

  it("a module outside the settings globs named by wsgi.py is production settings", () => {
    const files = [{ path: "conf/server/production.py", text: "from .base import *\nDEBUG = False\n" }, { path: "conf/server/base.py", text: "SECRET_KEY = 'x'\nINSTALLED_APPS = []\n" }, WSGI("conf.server.production")];
    expect(kind(files, "conf/server/production.py")).toBe("production");
    expect(kind(files, "conf/server/base.py")).toBe("none");
  });
  it("without an entry point naming it, the same module is an ordinary one", () => {
    expect(kind([{ path: "conf/server/production.py", text: "DEBUG = False\n" }], "conf/server/production.py")).toBe("none");
  });
  it("a Procfile or Dockerfile handed in by the adapter names it too", () => {
    const files = [{ path: "proj/settings/base.py", text: "DEBUG = True\nSECRET_KEY = 'x'\n" }, { path: "proj/settings/heroku.py", text: "from .base import *\nDEBUG = False\n" }];
    expect(kind(files, "proj/settings/heroku.py", [{ path: "Procfile", text: "web: gunicorn proj.wsgi --env DJANGO_SETTINGS_MODULE=proj.settings.heroku\n" }])).toBe("production");
    expect(kind(files, "proj/settings/heroku.py", [{ path: "Dockerfile", text: "FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=proj.settings.heroku\n" }])).toBe("production");
    expect(kind(files, "proj/settings/heroku.py", [{ path: "docker-compose.dev.yml", text: "    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings.heroku\n" }])).toBe("base");
    expect(kind(files, "proj/settings/heroku.py", [{ path: ".env.example", text: "DJANGO_SETTINGS_MODULE=proj.settings.heroku\n" }])).toBe("base");
  });
  it("a development module named by manage.py stays development, and its path decides", () => {
    const files = [{ path: "proj/settings/dev.py", text: "DEBUG = True\n" }, { path: "manage.py", text: 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.dev")\n' }];
    expect(kind(files, "proj/settings/dev.py")).toBe("development");
  });
  it("a module only pytest.ini names is test settings", () => {
    const files = [{ path: "proj/ci_config.py", text: "DEBUG = True\nSECRET_KEY = 'x'\n" }];
    expect(kind(files, "proj/ci_config.py", [{ path: "pytest.ini", text: "[pytest]\nDJANGO_SETTINGS_MODULE = proj.ci_config\n" }])).toBe("development");
  });
  it("settings.py named by wsgi.py and pytest.ini is production", () => {
    const files = [{ path: "proj/settings.py", text: "DEBUG = True\nSECRET_KEY = 'x'\nINSTALLED_APPS = []\n" }, { path: "proj/wsgi.py", text: 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n' }];
    expect(kind(files, "proj/settings.py", [{ path: "setup.cfg", text: "[tool:pytest]\nDJANGO_SETTINGS_MODULE = proj.settings\n" }])).toBe("production");
  });
  it("the deployed modules reach the project facts", () => {
    const files = [{ path: "proj/settings.py", text: "DEBUG = False\n" }, { path: "proj/wsgi.py", text: 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n' }];
    expect(readProjectFacts({ files, config: DEFAULT_CONFIG }).deployedSettings).toEqual({ production: ["proj/settings.py"], test: [] });
  });
});

describe("a standalone settings module that turns DEBUG off", () => {
  const kindOf = (files: { path: string; text: string }[], path: string) =>
    analyzeSources({ files, config: DEFAULT_CONFIG, rules: [] }).analyzed.find((a) => a.path === path)?.settingsKind;

  it.each([
    ["settings.py with DEBUG = False", [{ path: "mysite/settings.py", text: "DEBUG = False\nSECRET_KEY = get()\n" }], "production"],
    ["a *_settings.py module", [{ path: "deploy_settings.py", text: "DEBUG = False\n" }], "production"],
    ["DEBUG = True", [{ path: "mysite/settings.py", text: "DEBUG = True\n" }], "base"],
    ["DEBUG from the environment, off by default", [{ path: "mysite/settings.py", text: "import os\nDEBUG = os.environ.get('DEBUG') == '1'\n" }], "production"],
    ["decouple DEBUG with a false default", [{ path: "mysite/settings.py", text: "from decouple import config\nDEBUG = config('DEBUG', default=False, cast=bool)\n" }], "production"],
    ["DEBUG from the environment, on by default", [{ path: "mysite/settings.py", text: "import os\nDEBUG = os.environ.get('DEBUG', '1') == '1'\n" }], "base"],
    ["DEBUG required from the environment", [{ path: "mysite/settings.py", text: "import os\nDEBUG = os.environ['DEBUG'] == '1'\n" }], "base"],
    ["DEBUG = False only under an if", [{ path: "mysite/settings.py", text: "import os\nif os.environ.get('PROD'):\n    DEBUG = False\n" }], "base"],
    ["a module of a settings package", [{ path: "mysite/settings/base.py", text: "DEBUG = False\n" }], "base"],
    [
      "star-imported by production settings",
      [{ path: "mysite/settings.py", text: "DEBUG = False\n" }, { path: "mysite/settings_prod.py", text: "from .settings import *\nSECURE_SSL_REDIRECT = True\n" }],
      "base",
    ],
  ])("%s", (_name, files, kind) => {
    expect(kindOf(files, files[0].path)).toBe(kind);
  });
});

describe("findDeployedSettings", () => {
  const known = new Set(["proj/settings/production.py", "proj/settings/base.py", "proj/utils.py", "proj/settings.py", "other/settings.py"]);
  it.each([
    ["wsgi.py setdefault", "proj/wsgi.py", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")\n', ["proj/settings/production.py"]],
    ["a default read from another variable", "proj/wsgi.py", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", os.getenv("X", "proj.settings.production"))\n', ["proj/settings/production.py"]],
    ["an unrelated dotted literal is not a settings module", "proj/wsgi.py", 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\nLOG = "proj.utils"\n', ["proj/settings.py"]],
    ["docker-compose environment", "docker-compose.yml", "services:\n  web:\n    environment:\n      - DJANGO_SETTINGS_MODULE=proj.settings.production\n", ["proj/settings/production.py"]],
    ["--settings in a Procfile", "Procfile", "release: python manage.py migrate --settings=proj.settings.production\n", ["proj/settings/production.py"]],
    ["a sample .env is not the deployment", ".env.example", "DJANGO_SETTINGS_MODULE=proj.settings.production\n", []],
    ["a module that does not exist", "proj/wsgi.py", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.staging")\n', []],
    ["ambiguous suffix match resolves to nothing", "Dockerfile", "ENV DJANGO_SETTINGS_MODULE=settings\n", []],
  ])("%s", (_name, path, text, expected) => {
    expect(findDeployedSettings([{ path, text }], known).production).toEqual(expected);
  });
});
