import { runRule } from "../../../test/helpers/test-rule.js";
import debugEnabled from "../../../rules/production-settings/debug-enabled-in-settings.js";
import secretKeyHardcoded from "../../../rules/secrets/secret-key-hardcoded.js";
import hardcodedCredential from "../../../rules/secrets/hardcoded-credential.js";
import allowedHostsWildcard from "../../../rules/production-settings/allowed-hosts-wildcard.js";
import drfDefaultPermission from "../../../rules/api/drf-default-permission-allow-any.js";
import { declaredPackages, developmentOnlyEvidence } from "./deployed-settings.js";

const STARTPROJECT =
  '"""\nDjango settings for shop project.\n"""\n\n# Quick-start development settings - unsuitable for production\n' +
  'SECRET_KEY = "1znyfpwp*_#!r0#l248lht*6)_0b+504n"\nDEBUG = True\n';

const confidences = (rule: Parameters<typeof runRule>[0], code: string, path: string) => runRule(rule, code, path).findings.map((f) => `${f.ruleId}:${f.line}:${f.confidence}`);

describe("development-only settings evidence", () => {
  it("a settings module in a devproject/ or testproject/ folder is low confidence, saying why", () => {
    for (const path of ["devproject/settings.py", "testproject/settings.py", "src/test_project/settings.py", "dev/settings.py"]) {
      const result = runRule(secretKeyHardcoded, STARTPROJECT, path);
      expect(result.findings.map((f) => f.confidence)).toEqual(["low"]);
      expect(result.findings[0].message).toContain("production may never load it");
    }
    expect(confidences(debugEnabled, STARTPROJECT, "devproject/settings.py")).toEqual(["debug-enabled-in-settings:7:low"]);
  });

  it("a settings module named for development or CI, or whose docstring says so, is low confidence", () => {
    expect(confidences(debugEnabled, "DEBUG = True\n", "config/settings/docker_dev.py")).toEqual(["debug-enabled-in-settings:1:low"]);
    expect(confidences(debugEnabled, '"""Local development settings for shop."""\nDEBUG = True\n', "shop/settings.py")).toEqual(["debug-enabled-in-settings:2:low"]);
    expect(confidences(debugEnabled, '"""Settings for the test runner; never use in production."""\nDEBUG = True\n', "shop/settings.py")).toEqual(["debug-enabled-in-settings:2:low"]);
  });

  it("startproject's 'unsuitable for production' comment is no evidence: a real project's settings.py stays reported", () => {
    expect(confidences(secretKeyHardcoded, STARTPROJECT, "shop/settings.py")).toEqual(["secret-key-hardcoded:6:high"]);
    expect(confidences(debugEnabled, STARTPROJECT, "shop/settings.py")).toEqual(["debug-enabled-in-settings:7:high"]);
    // A production module beside development ones, and a project whose name merely contains "dev" or "test".
    expect(confidences(debugEnabled, "import os\nDEBUG = os.environ.get('Debug', False)\n", "config/settings/docker.py").map((s) => s.replace(/:\d+:/, ":"))).toEqual(["debug-enabled-in-settings:high"]);
    expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "abc-committed"\n', "devices/settings.py")).toEqual(["secret-key-hardcoded:1:high"]);
    expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "abc-committed"\n', "contest/settings.py")).toEqual(["secret-key-hardcoded:1:high"]);
  });

  it("a settings module named for build steps (build.py, build_settings.py) is low confidence; production.py beside it is not", () => {
    const key = 'from .production import *\n\nSECRET_KEY = "dummykeyforbuilding"\n';
    const context = { "mysite/settings/production.py": 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nDEBUG = False\n' };
    for (const path of ["mysite/settings/build.py", "mysite/build_settings.py"]) {
      const result = runRule(secretKeyHardcoded, key, path, context);
      expect(result.findings.map((f) => `${f.line}:${f.confidence}`)).toEqual(["3:low"]);
      expect(result.findings[0].message).toContain("build steps");
    }
    expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "dummykeyforbuilding"\n', "mysite/settings/production.py")).toEqual(["secret-key-hardcoded:1:high"]);
    expect(developmentOnlyEvidence("mysite/settings/rebuild.py", undefined)).toBeUndefined();
  });

  it("reads only folders, the module's name and its docstring", () => {
    expect(developmentOnlyEvidence("devproject/settings.py", undefined)).toContain("devproject/");
    expect(developmentOnlyEvidence("shop/settings/production.py", '"""Production settings: not for local development use."""')).toBeUndefined();
    expect(developmentOnlyEvidence("shop/settings.py", '"""Django settings for shop project."""')).toBeUndefined();
  });

  describe("the module's own content", () => {
    const DEV_DOCKER =
      'import os\nfrom proj.settings.common import *\n\nSECRET_KEY = os.environ.get("SECRET_KEY", "~&nN9d`bxmJL2[$HhYE9qAk=+4P:cf3b")\n' +
      'ALLOWED_HOSTS = ["*"]\nINTERNAL_IPS = ["127.0.0.1"]\nDEBUG = True\nCELERY_TASK_ALWAYS_EAGER = True\n';
    const COMMON = 'SECRET_KEY = "x"\nDEBUG = False\nINSTALLED_APPS = ["django.contrib.admin"]\n';

    it("DEBUG = True written outright with development-only configuration (INTERNAL_IPS, eager Celery, debug_toolbar, local DB) is low confidence", () => {
      const result = runRule(debugEnabled, DEV_DOCKER, "proj/settings/docker.py", { "proj/settings/common.py": COMMON });
      expect(result.findings.map((f) => `${f.line}:${f.confidence}`)).toEqual(["7:low"]);
      expect(result.findings[0].message).toContain("INTERNAL_IPS");
      expect(runRule(allowedHostsWildcard, DEV_DOCKER, "proj/settings/docker.py", { "proj/settings/common.py": COMMON }).findings.map((f) => f.confidence)).toEqual(["low"]);
      const toolbar = 'from .common import *\nSECRET_KEY = "mlfs33^s1l4xf6a36$0#j%dd*sisfoi&)&4s-v=91#^l01v"\nDEBUG = True\nINSTALLED_APPS += ("debug_toolbar",)\n';
      expect(confidences(secretKeyHardcoded, toolbar, "proj/settings/toolbar.py")).toEqual(["secret-key-hardcoded:2:low"]);
      const staging =
        'from .common import *\nDEBUG = True\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app_dev", "PASSWORD": "12345678", "HOST": "localhost"}}\n' +
        'SECRET_KEY = "please replace this with a long random text"\n';
      expect(confidences(secretKeyHardcoded, staging, "proj/settings/staging_example.py")).toEqual(["secret-key-hardcoded:4:low"]);
      // The local database's password is listed, not commented; a token format would still be.
      expect(confidences(hardcodedCredential, staging, "proj/settings/staging_example.py")).toEqual(["hardcoded-credential:3:low"]);
    });

    it("a module that builds on development settings without turning DEBUG off is development too", () => {
      const staging = 'from .common import *\nDEBUG = True\nINTERNAL_IPS = ["127.0.0.1"]\n';
      const child = 'from proj.settings.staging_example import *\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = "mlfs33^s1l4xf6a36$0#j%dd*sisfoi&)&4s-v=91#^l01v"\n';
      const context = { "proj/settings/staging_example.py": staging, "proj/settings/common.py": COMMON };
      const result = runRule(secretKeyHardcoded, child, "proj/settings/defaults.py", context);
      expect(result.findings.map((f) => `${f.line}:${f.confidence}`)).toEqual(["3:low"]);
      expect(result.findings[0].message).toContain("staging_example.py");
      // Turning DEBUG off on top of them is a deployment's module: reported.
      const prod = child + "DEBUG = False\n";
      expect(confidences(secretKeyHardcoded, prod, "proj/settings/defaults.py").concat(runRule(secretKeyHardcoded, prod, "proj/settings/defaults.py", context).findings.map((f) => f.confidence))).toEqual(["secret-key-hardcoded:3:high", "high"]);
    });

    it("DEBUG = True alone, development signs without DEBUG = True, or signs only under a condition are no evidence", () => {
      expect(confidences(debugEnabled, 'from .common import *\nDEBUG = True\nALLOWED_HOSTS = ["app.example.com"]\n', "proj/settings/production.py")).toEqual(["debug-enabled-in-settings:2:high"]);
      // A production module that reads DEBUG from the environment keeps its committed key reported, whatever else it says.
      const core =
        'import os\nDEBUG = bool(int(os.environ["DEBUG"])) if "DEBUG" in os.environ else False\nSECRET_KEY = r"#2q43u&tp4((4&m3i8v%w-6z6pp7m(v0-6@w@i!j5n)n15epwc"\n' +
        'INTERNAL_IPS = ["127.0.0.1"]\nDATABASES = {"default": {"HOST": "localhost"}}\n';
      expect(confidences(secretKeyHardcoded, core, "proj/settings/core.py")).toEqual(["secret-key-hardcoded:3:high"]);
      const conditional = 'import os\nif os.environ.get("LOCAL"):\n    DEBUG = True\n    INSTALLED_APPS = ["debug_toolbar"]\nSECRET_KEY = "k3y-committed-for-all-environments-0123456789"\n';
      expect(confidences(secretKeyHardcoded, conditional, "proj/settings/production.py")).toEqual(["secret-key-hardcoded:5:high"]);
      // A console e-mail backend is no sign: base settings that deployments override often default to it.
      expect(confidences(debugEnabled, 'DEBUG = True\nEMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n', "proj/settings/production.py")).toEqual(["debug-enabled-in-settings:1:high"]);
      // A database on a named host is no sign.
      expect(confidences(debugEnabled, 'DEBUG = True\nDATABASES = {"default": {"HOST": "db.internal"}}\n', "proj/settings/production.py")).toEqual(["debug-enabled-in-settings:1:high"]);
    });
  });

  describe("the settings module of a test tool or a profiling harness", () => {
    const CYPRESS = 'from settings import *\n\nTESTS = True\nSECRET_KEY = "no_secret"\nDEBUG = True\n';
    const MIXIN = '"""Mixin for the load runner."""\nPASSWORD_HASHERS = ("django.contrib.auth.hashers.MD5PasswordHasher",)\nSECRET_KEY = "profiling-key"\n';

    it("a module named for a browser-test, test-runner or CI tool is low confidence, saying why", () => {
      for (const path of ["app/cypress_settings.py", "app/settings_e2e.py", "app/selenium_settings.py", "app/playwright_settings.py", "app/ci_settings.py"]) {
        const result = runRule(secretKeyHardcoded, 'SECRET_KEY = "no_secret"\n', path);
        expect(result.findings.map((f) => `${path}:${f.confidence}`)).toEqual([`${path}:low`]);
      }
      expect(runRule(secretKeyHardcoded, CYPRESS, "app/cypress_settings.py").findings[0].message).toContain("test or profiling tool");
      expect(confidences(debugEnabled, CYPRESS, "app/cypress_settings.py")).toEqual(["debug-enabled-in-settings:5:low"]);
    });

    it("a module in a profiling, benchmark or load-test folder, or one setting a test-run flag, is low confidence", () => {
      expect(confidences(secretKeyHardcoded, MIXIN, "game/server/profiling/settings_mixin.py")).toEqual(["secret-key-hardcoded:3:low"]);
      expect(confidences(secretKeyHardcoded, MIXIN, "benchmarks/bench_settings.py")).toEqual(["secret-key-hardcoded:3:low"]);
      expect(confidences(secretKeyHardcoded, CYPRESS, "app/browser_settings.py")).toEqual(["secret-key-hardcoded:4:low"]);
      expect(runRule(secretKeyHardcoded, CYPRESS, "app/browser_settings.py").findings[0].message).toContain("`TESTS = True`");
    });

    it("stays reported when a deployment file names the module, and without such a name, folder or flag", () => {
      const wsgi = { "app/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.cypress_settings")\n' };
      expect(runRule(secretKeyHardcoded, CYPRESS, "app/cypress_settings.py", wsgi).findings.map((f) => f.confidence)).toEqual(["high"]);
      expect(confidences(secretKeyHardcoded, 'TESTS = False\nSECRET_KEY = "committed"\n', "app/browser_settings.py")).toEqual(["secret-key-hardcoded:2:high"]);
      // A test flag read from the environment, or set only under a condition, says nothing about where the module runs.
      expect(confidences(secretKeyHardcoded, 'import sys\nTESTING = "test" in sys.argv\nSECRET_KEY = "committed"\n', "app/settings.py")).toEqual(["secret-key-hardcoded:3:high"]);
      expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "committed"\n', "profiles/settings.py")).toEqual(["secret-key-hardcoded:1:high"]);
      expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "committed"\n', "app/citadel_settings.py")).toEqual(["secret-key-hardcoded:1:high"]);
    });
  });

  describe("the settings module of a Sphinx documentation build", () => {
    const DOCS = 'from shop.settings import *  # noqa\n\nSECRET_KEY = "s$6*!=msW0__=51^w@_tbaconjm4+fg@0+ic#bx^3rj"\n';
    const SPHINX = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\nextensions = ['sphinx.ext.autodoc']\nhtml_theme = 'default'\n";

    it("a settings module in docs/ beside (or below) a Sphinx conf.py is low confidence, saying why", () => {
      const result = runRule(secretKeyHardcoded, DOCS, "docs/source/conf_settings.py", { "docs/source/conf.py": SPHINX });
      expect(result.findings.map((f) => f.confidence)).toEqual(["low"]);
      expect(result.findings[0].message).toContain("Sphinx configuration `docs/source/conf.py`");
      expect(runRule(secretKeyHardcoded, DOCS, "doc/settings/docs_settings.py", { "doc/conf.py": SPHINX }).findings.map((f) => f.confidence)).toEqual(["low"]);
    });

    it("stays reported without a Sphinx conf.py, or outside a docs folder", () => {
      expect(runRule(secretKeyHardcoded, DOCS, "docs/source/conf_settings.py").findings.map((f) => f.confidence)).toEqual(["high"]);
      expect(runRule(secretKeyHardcoded, DOCS, "docs/source/conf_settings.py", { "docs/source/conf.py": "BIND = '0.0.0.0:8000'\nworkers = 4\n" }).findings.map((f) => f.confidence)).toEqual(["high"]);
      expect(runRule(secretKeyHardcoded, DOCS, "shop/conf_settings.py", { "shop/conf.py": SPHINX }).findings.map((f) => f.confidence)).toEqual(["high"]);
      // A conf.py above the docs folder is not the documentation's.
      expect(runRule(secretKeyHardcoded, DOCS, "docs/conf_settings.py", { "conf.py": SPHINX }).findings.map((f) => f.confidence)).toEqual(["high"]);
    });
  });

  describe("the demo site of a package the repository publishes", () => {
    const PYPROJECT = '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "django-podcasts"\nversion = "1.0"\n';
    const SETUP_PY = 'from setuptools import setup, find_packages\nsetup(\n    version="2.1",\n    name="django-shopkit",\n    packages=find_packages("src"),\n)\n';
    const REST = 'SECRET_KEY = "demo-key-0123456789-abcdefghijklmnop"\nREST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"]}\n';

    it("settings in example/, demo/ or sandbox/ beside a packaging file that declares a package are low confidence, saying why", () => {
      const result = runRule(secretKeyHardcoded, REST, "example/example_site/settings/base.py", { "pyproject.toml": PYPROJECT, "example/manage.py": "" });
      expect(result.findings.map((f) => f.confidence)).toEqual(["low"]);
      expect(result.findings[0].message).toContain("demo site of the package `django-podcasts`");
      expect(runRule(drfDefaultPermission, REST, "example/example_site/settings/base.py", { "pyproject.toml": PYPROJECT }).findings.map((f) => f.confidence)).toEqual(["low"]);
      expect(confidences(secretKeyHardcoded, REST, "sandbox/settings.py").length).toBe(1);
      expect(runRule(secretKeyHardcoded, REST, "sandbox/settings.py", { "setup.py": SETUP_PY }).findings.map((f) => f.confidence)).toEqual(["low"]);
      expect(runRule(secretKeyHardcoded, REST, "demo_project/settings.py", { "setup.cfg": "[metadata]\nname = django-tags\n\n[options]\npackages = find:\n" }).findings.map((f) => f.confidence)).toEqual(["low"]);
    });

    it("a dev_env/ folder is a development project's", () => {
      expect(confidences(debugEnabled, "DEBUG = True\n", "dev_env/settings.py")).toEqual(["debug-enabled-in-settings:1:low"]);
    });

    it("stays reported when a deployment file runs a production server, when nothing declares a package, or when the folder is the project's own", () => {
      // The demo site is deployed (a Dockerfile runs it with uWSGI; a Procfile with gunicorn): its settings are live.
      expect(runRule(secretKeyHardcoded, REST, "sandbox/settings.py", { "setup.py": SETUP_PY, Dockerfile: "FROM python:3.12\nWORKDIR /app/sandbox\nCMD uwsgi --ini uwsgi.ini\n" }).findings.map((f) => f.confidence)).toEqual(["high"]);
      expect(runRule(secretKeyHardcoded, REST, "example/settings.py", { "pyproject.toml": PYPROJECT, Procfile: "web: gunicorn example.wsgi\n" }).findings.map((f) => f.confidence)).toEqual(["high"]);
      // A runserver Procfile is no production server.
      expect(runRule(secretKeyHardcoded, REST, "example/settings.py", { "pyproject.toml": PYPROJECT, Procfile: "django: cd example && python manage.py runserver 0.0.0.0:8000\n" }).findings.map((f) => f.confidence)).toEqual(["low"]);
      // A project's own settings (config/, <project>/settings.py) are not a demo's, packaging or not.
      expect(runRule(secretKeyHardcoded, REST, "config/settings/base.py", { "pyproject.toml": PYPROJECT }).findings.map((f) => f.confidence)).toEqual(["high"]);
      expect(runRule(secretKeyHardcoded, REST, "podcasts/settings.py", { "pyproject.toml": PYPROJECT }).findings.map((f) => f.confidence)).toEqual(["high"]);
      // A folder named like the package itself, and a pyproject.toml that only configures tools.
      expect(runRule(secretKeyHardcoded, REST, "demo/settings.py", { "pyproject.toml": '[project]\nname = "demo"\n' }).findings.map((f) => f.confidence)).toEqual(["high"]);
      expect(runRule(secretKeyHardcoded, REST, "example/settings.py", { "pyproject.toml": '[tool.black]\nline-length = 100\nname = "x"\n' }).findings.map((f) => f.confidence)).toEqual(["high"]);
    });

    it("reads the declared distribution from pyproject.toml, setup.cfg and setup.py", () => {
      expect(declaredPackages([
        { path: "pyproject.toml", text: PYPROJECT },
        { path: "pkg/setup.py", text: SETUP_PY },
        { path: "other/setup.cfg", text: "[flake8]\nname = nope\n[metadata]\nname = django-tags\n" },
        { path: "tools/pyproject.toml", text: '[tool.poetry]\nname = "helper-tool"\n' },
        { path: "x/pyproject.toml", text: '[tool.ruff]\nline-length = 99\n' },
      ]).map((p) => `${p.dir}:${p.name}`)).toEqual([":django-podcasts", "pkg:django-shopkit", "other:django-tags", "tools:helper-tool"]);
    });
  });
});
