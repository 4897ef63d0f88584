import type { SourceFile, SyntaxNode } from "./types.js";
import { WEB_SERVER_CONFIG } from "./web-server.js";

/**
 * Files that name the settings module a project runs with (`DJANGO_SETTINGS_MODULE` defaults): the
 * adapters read these (by path, anywhere in the repository) and hand their text to the analysis.
 */
const ENTRY_FILE = /(^|\/)(manage\.py|wsgi\.py|asgi\.py|Procfile|Dockerfile[^/]*|[^/]*\.Dockerfile|docker-compose[^/]*\.ya?ml|compose\.ya?ml|\.env[^/]*|app\.json|fly\.toml|render\.yaml|pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml|setup\.py)$/;
/** Those files, and the web server configurations shipped for the deployment (see `WEB_SERVER_CONFIG`). */
export const DEPLOYMENT_FILE = { test: (path: string): boolean => ENTRY_FILE.test(path) || WEB_SERVER_CONFIG.test(path) };

/** Paths of settings modules named by the project's own entry points and deployment files. */
export interface DeployedSettings {
  /** Named by `wsgi.py`, `asgi.py`, `manage.py`, a Procfile, Dockerfile, compose file or `.env`: what runs. */
  production: string[];
  /** Named by the test configuration (`pytest.ini`, `setup.cfg`, `pyproject.toml`, `tox.ini`). */
  test: string[];
}

// `.env.example`, `.env.dev`, `docker-compose.dev.yml`: samples and local setups, not what is deployed.
const NOT_DEPLOYED = /(\.(example|sample|template|dist|tpl)$|[._-](dev|devel|development|local|test|tests|testing|ci)(\.|$))/i;
// `setup.py` is read for the package it declares (see `declaredPackages`), never for a settings module.
const PACKAGING_SCRIPT = /(^|\/)setup\.py$/;
const TEST_CONFIG = /(^|\/)(pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml)$/;
const PYTHON_ENTRY = /(^|\/)(manage|wsgi|asgi)\.py$/;
// A development module named by an entry point (`manage.py` often defaults to `settings.dev`).
const DEV_MODULE = /(^|\.)(dev\w*|local\w*|tests?|test_\w+|\w+_tests?|testing|ci)$/i;
const SETTING_LINE = /DJANGO_SETTINGS_MODULE["']?\s*(?:=|:|,|\]\s*=)\s*["']?([A-Za-z_]\w*(?:\.\w+)*)/g;
const SETTINGS_FLAG = /--settings[= ]["']?([A-Za-z_]\w*(?:\.\w+)+)/g;
const DOTTED_LITERAL = /["']([A-Za-z_]\w*(?:\.\w+)+)["']/g;
// Other dotted literals of an entry point (`"myapp.utils"`) are not settings modules.
const SETTINGS_LIKE = /(^|\.)(\w*settings\w*|conf|config|prod\w*|live|deploy\w*|staging|heroku)(\.|$)/i;

/**
 * Reads the `DJANGO_SETTINGS_MODULE` defaults of the given files and resolves the modules they name to
 * paths among `known` (repository-relative paths). Pure: the caller reads the files.
 */
export function findDeployedSettings(files: readonly SourceFile[], known: ReadonlySet<string>): DeployedSettings {
  const production = new Set<string>();
  const test = new Set<string>();
  for (const file of files) {
    if (!DEPLOYMENT_FILE.test(file.path) || PACKAGING_SCRIPT.test(file.path)) continue;
    const python = PYTHON_ENTRY.test(file.path);
    const isTest = TEST_CONFIG.test(file.path);
    if (!python && !isTest && NOT_DEPLOYED.test(file.path.slice(file.path.lastIndexOf("/") + 1))) continue;
    if (!/DJANGO_SETTINGS_MODULE|--settings/.test(file.text)) continue;
    const names = new Set<string>();
    for (const m of file.text.matchAll(SETTING_LINE)) names.add(m[1]);
    for (const m of file.text.matchAll(SETTINGS_FLAG)) names.add(m[1]);
    // `os.environ.setdefault("DJANGO_SETTINGS_MODULE", env("X", default="proj.settings.prod"))`, or a
    // module chosen a few lines above: the entry point's dotted literals that resolve to a module.
    if (python) for (const m of file.text.matchAll(DOTTED_LITERAL)) if (SETTINGS_LIKE.test(m[1]) && !m[1].startsWith("django.")) names.add(m[1]);
    for (const name of names) {
      if (!isTest && DEV_MODULE.test(name)) continue;
      const path = resolveSettingsModule(name, file.path, known);
      if (path) (isTest ? test : production).add(path);
    }
  }
  for (const p of production) test.delete(p);
  return { production: [...production].sort(), test: [...test].sort() };
}

/**
 * The file of a dotted module named in `from` (a file somewhere in the repository): relative to the
 * folders above `from` (where `manage.py` puts itself on `sys.path`), else anywhere that ends so.
 */
export function resolveSettingsModule(module: string, from: string, known: ReadonlySet<string>): string | undefined {
  const stem = module.split(".").join("/");
  const dirs = from.split("/").slice(0, -1);
  for (let i = dirs.length; i >= 0; i--) {
    const prefix = dirs.slice(0, i).join("/");
    for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) {
      const path = prefix ? `${prefix}/${candidate}` : candidate;
      if (known.has(path)) return path;
    }
  }
  const matches = [...known].filter((p) => p.endsWith(`/${stem}.py`) || p.endsWith(`/${stem}/__init__.py`));
  return matches.length === 1 ? matches[0] : undefined;
}

// A folder of a development or test project: `devproject/`, `testproject/`, `test_project/`, `dev/`, `local/`, `dev_env/`.
const DEV_FOLDER = /^(?:dev|devel|development|local|tests?|testing|unittests?|ci)(?:[_-]?(?:project|proj|site|app|server|settings|config|env|environment))?$/i;
// `docker_dev.py`, `settings_ci.py`, `unittests.py`: named for development or tests (the config's globs catch most).
const DEV_STEM = /(?:^|[_-])(?:dev|devel|development|local|tests?|testing|unittests?|ci)$/i;
// `settings/build.py`, `build_settings.py`, `collectstatic.py`: settings for an image's build steps (collectstatic,
// compilemessages), which serve no requests; they often carry a dummy key because Django refuses to start without one.
const BUILD_STEM = /(?:^|[_-])(?:build|collectstatic)(?:[_-]settings)?$/i;
// A module docstring that says what the settings are for. Django's `startproject` writes "Quick-start development
// settings - unsuitable for production" as a comment into every settings.py, production ones too, so comments
// are not read; only the module's docstring is.
const DEV_DOCSTRING =
  /\b(?:local|development|dev|test|testing)\s+(?:settings|environment|project|only)\b|\bsettings\s+for\s+(?:the\s+)?(?:local\s+)?(?:development|dev|testing|tests?|local)\b|\b(?:not|never)\s+(?:to\s+)?(?:be\s+)?(?:used\s+)?(?:for|in)\s+production\b|\bunsuitable\s+for\s+production\b|\b(?:not|never)\s+(?:be\s+)?(?:suitable|meant|intended|safe)\s+for\s+production\b|\bonly\s+for\s+(?:profiling|benchmark(?:s|ing)?|load[\s-]?testing|testing|tests)\b/i;

/**
 * Why a settings module that its path alone does not mark as development settings is still a development or
 * test project's: it lives in a `devproject/`-style folder, or its docstring says so. Undefined when nothing says so.
 */
export function developmentOnlyEvidence(path: string, docstring: string | undefined): string | undefined {
  const folder = path.split("/").slice(0, -1).find((d) => DEV_FOLDER.test(d));
  if (folder) return `(This module is in \`${folder}/\`, a development or test project's folder, so production may never load it.)`;
  const stem = path.slice(path.lastIndexOf("/") + 1).replace(/\.py$/, "");
  if (DEV_STEM.test(stem)) return `(The module's name \`${stem}\` says it is for development or tests, so production may never load it.)`;
  if (BUILD_STEM.test(stem)) return `(The module's name \`${stem}\` says it is for build steps such as \`collectstatic\`, which serve no requests, so production may never load it.)`;
  const said = docstring ? DEV_DOCSTRING.exec(docstring) : null;
  if (said) return `(The module's docstring says "${said[0].trim()}", so production may never load it.)`;
  return undefined;
}

// Browser-test, test-runner and CI tools, and profiling or load-test harnesses: settings for them drive a test run.
const TEST_TOOL = "cypress|selenium|playwright|pytest|e2e|behave|ci|jenkins|travis|circleci|benchmarks?|profiling|loadtests?|locust|perf";
// `cypress_settings.py`, `settings_e2e.py`, `selenium.py` (inside a settings package), `playwright_conf.py`.
const TEST_TOOL_STEM = new RegExp(`^(?:(?:settings|conf|config)[_-])?(?:${TEST_TOOL})(?:[_-](?:test_?)?(?:settings|conf|config))?$`, "i");
// `profiling/`, `benchmarks/`, `loadtest/`, `cypress/`, `e2e/`, `selenium_tests/`: a harness's folder.
const TEST_TOOL_FOLDER = new RegExp(`^(?:${TEST_TOOL}|perf_?tests?|load_tests?|stress_?tests?)(?:[_-]?(?:tests?|project|settings|config))?$`, "i");

/**
 * Why a settings module is a test tool's or a profiling harness's: its name or folder names one (Cypress, Selenium,
 * Playwright, pytest, e2e, CI, profiling, benchmarks, load tests), or it sets a test-run flag to `True` outright
 * (`TESTS = True`). Its findings are worth a look, not a comment; the caller drops this when a deployment file names
 * the module. Undefined when nothing says so.
 */
export function testToolEvidence(path: string, content: DevelopmentContent): string | undefined {
  const stem = path.slice(path.lastIndexOf("/") + 1).replace(/\.py$/, "");
  if (TEST_TOOL_STEM.test(stem)) return `(The module's name \`${stem}\` says it configures a test or profiling tool's runs, so production may never load it.)`;
  const folder = path.split("/").slice(0, -1).find((d) => TEST_TOOL_FOLDER.test(d));
  if (folder) return `(This module is in \`${folder}/\`, a test or profiling harness's folder, so production may never load it.)`;
  if (content.testFlag) return `(The module sets \`${content.testFlag} = True\`: settings for test runs, so production may never load it.)`;
  return undefined;
}

// A documentation folder: `docs/`, `doc/`, `documentation/`, and a Sphinx `conf.py` (it names Sphinx or sets its options).
const DOCS_FOLDER = /^(?:docs?|documentation)$/i;
const SPHINX_CONF = /\bsphinx\b|^[ \t]*(?:html_theme|master_doc|root_doc|source_suffix|autodoc_\w+)[ \t]*=/im;

/**
 * Why a settings module only serves documentation builds: it sits in a `docs/`-style folder, and the Sphinx
 * configuration (`conf.py`) is in its folder or a folder above it, inside the documentation's. Sphinx's autodoc
 * imports Django with such a module; a documentation build serves no requests. `text(path)` reads a file handed in
 * (undefined when it was not). Undefined when either is missing.
 */
export function docsBuildEvidence(path: string, text: (path: string) => string | undefined): string | undefined {
  const dirs = path.split("/").slice(0, -1);
  const docs = dirs.findIndex((d) => DOCS_FOLDER.test(d));
  if (docs < 0) return undefined;
  for (let end = dirs.length; end > docs; end--) {
    const conf = `${dirs.slice(0, end).join("/")}/conf.py`;
    if (conf === path) continue;
    const body = text(conf);
    if (body !== undefined && SPHINX_CONF.test(body)) {
      return `(This module is in \`${dirs.slice(0, docs + 1).join("/")}/\` beside the Sphinx configuration \`${conf}\`: only documentation builds load it, and they serve no requests.)`;
    }
  }
  return undefined;
}

/** What a settings module's own top-level statements say about where it runs. */
export interface DevelopmentContent {
  /** `DEBUG = True` as an unconditional top-level statement of this module. */
  debugOn: boolean;
  /** This module assigns `DEBUG` at top level (to anything). */
  setsDebug: boolean;
  /** Development-only configuration the module turns on, in words (`installs debug_toolbar`, ...). */
  signs: string[];
  /** A test-run flag the module sets to `True` outright (`TESTS = True`, `TESTING = True`), if any. */
  testFlag?: string;
}

// A flag a settings module for test runs sets (`TESTS = True`, `TESTING = True`, `IS_TESTING = True`, `TEST_MODE = True`).
const TEST_FLAG = /^(?:IS_|RUNNING_|UNIT_|E2E_)?TEST(?:S|ING)?(?:_MODE|_RUN|_ENV)?$/;

// Tools that only make sense while developing: they show internals or run code on request.
const DEV_APPS = /["'](debug_toolbar|django_extensions|silk|nplusone\.ext\.django|django_browser_reload)["'.]/;
const LOCAL_HOST = /^["'](?:localhost|127\.0\.0\.1)["']$/;

/**
 * The development settings a module writes at top level (unconditionally, not inside `if`/`try`): a literal
 * `DEBUG = True`, and configuration nobody deploys: debug-toolbar-style apps, a database on localhost,
 * `INTERNAL_IPS` of the loopback address, Celery tasks run in-process. (A console e-mail backend is no sign: base
 * settings that deployments override often default to it.)
 */
export function developmentContent(root: SyntaxNode): DevelopmentContent {
  const out: DevelopmentContent = { debugOn: false, setsDebug: false, signs: [] };
  const sign = (s: string) => {
    if (!out.signs.includes(s)) out.signs.push(s);
  };
  for (const stmt of root.namedChildren) {
    if (stmt.type !== "expression_statement") continue;
    const a = stmt.namedChildren[0];
    if (!a || (a.type !== "assignment" && a.type !== "augmented_assignment")) continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (!left || !right) continue;
    const name = left.type === "identifier" ? left.text : left.type === "subscript" ? left.childForFieldName("value")?.text ?? "" : "";
    if (name === "DEBUG") {
      out.setsDebug = true;
      if (a.type === "assignment" && right.type === "true") out.debugOn = true;
    } else if ((name === "INSTALLED_APPS" || name === "MIDDLEWARE") && DEV_APPS.test(right.text)) {
      sign(`installs ${DEV_APPS.exec(right.text)![1]}`);
    } else if (name === "INTERNAL_IPS" && /["']127\.0\.0\.1["']/.test(right.text)) {
      sign("trusts 127.0.0.1 as INTERNAL_IPS");
    } else if (/^CELERY_(TASK_)?ALWAYS_EAGER$/.test(name) && right.type === "true") {
      sign(`sets ${name} = True`);
    } else if (name === "DATABASES" && hasLocalDatabaseHost(right)) {
      sign("uses a database on localhost");
    } else if (TEST_FLAG.test(name) && a.type === "assignment" && right.type === "true" && !out.testFlag) {
      out.testFlag = name;
    }
  }
  return out;
}

function hasLocalDatabaseHost(node: SyntaxNode): boolean {
  if (node.type === "pair") {
    const key = node.childForFieldName("key");
    const value = node.childForFieldName("value");
    if (key && value && /^["']HOST["']$/.test(key.text) && LOCAL_HOST.test(value.text)) return true;
  }
  return node.namedChildren.some((c) => c.type !== "comment" && hasLocalDatabaseHost(c));
}

/**
 * Why a module's own content shows development settings: `DEBUG = True` written outright together with at
 * least one thing no deployment configures. A literal `DEBUG = True` alone may be a production mistake (the
 * finding this evidence would silence), so it never suffices.
 */
export function developmentContentEvidence(content: DevelopmentContent): string | undefined {
  if (!content.debugOn || content.signs.length === 0) return undefined;
  return `(The module sets \`DEBUG = True\` and ${content.signs.slice(0, 2).join(" and ")}: development settings, so production may never load it.)`;
}

/** A distribution a packaging file declares (`[project] name`, `[tool.poetry] name`, `[metadata] name`, `setup(name=...)`). */
export interface DeclaredPackage {
  /** Folder of the packaging file ("" at the repository root). */
  dir: string;
  name: string;
  /** The packaging file that says so. */
  file: string;
}

const PACKAGING_FILE = /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/;
// `name = "django-foo"` inside the `[project]`/`[tool.poetry]` table of pyproject.toml, or `[metadata]` of setup.cfg.
const TOML_NAME = /^name\s*=\s*["']([A-Za-z0-9][\w.-]*)["']/m;
const CFG_NAME = /^name\s*=\s*([A-Za-z0-9][\w.-]*)\s*$/m;
const SETUP_NAME = /\bsetup\(([\s\S]{0,4000}?)\bname\s*=\s*["']([A-Za-z0-9][\w.-]*)["']/;

/** The text of one `[table]` of a TOML or INI file, up to the next table header. */
function table(text: string, header: string): string | undefined {
  const at = text.search(new RegExp(`^\\[${header.replace(/\./g, "\\.")}\\]\\s*$`, "m"));
  if (at < 0) return undefined;
  const rest = text.slice(at).replace(/^[^\n]*\n?/, "");
  const next = rest.search(/^\[/m);
  return next < 0 ? rest : rest.slice(0, next);
}

/**
 * The distributions the repository's packaging files declare: a repository that publishes a package (a reusable
 * app, a library) rather than only running a site. Pure: the caller hands in the files.
 */
export function declaredPackages(files: readonly SourceFile[]): DeclaredPackage[] {
  const out: DeclaredPackage[] = [];
  for (const file of files) {
    const m = PACKAGING_FILE.exec(file.path);
    if (!m) continue;
    const dir = file.path.slice(0, file.path.length - m[2].length).replace(/\/$/, "");
    let name: string | undefined;
    if (m[2] === "pyproject.toml") name = TOML_NAME.exec(table(file.text, "project") ?? table(file.text, "tool.poetry") ?? "")?.[1];
    else if (m[2] === "setup.cfg") name = CFG_NAME.exec(table(file.text, "metadata") ?? "")?.[1];
    else name = SETUP_NAME.exec(file.text)?.[2];
    if (name && !out.some((p) => p.dir === dir && p.name === name)) out.push({ dir, name, file: file.path });
  }
  return out;
}

// The folder of a package's demo or example site: `example/`, `examples/`, `demo/`, `sandbox/`, `example_project/`, `demo-site/`.
const DEMO_FOLDER = /^(?:examples?|demos?|samples?|sandbox(?:es)?|showcase|playground)(?:[_-]?(?:projects?|proj|sites?|apps?|server|settings|config))?$/i;
// A production WSGI/ASGI server, or a web server in front of the site: something deploys a site from this repository.
const PRODUCTION_SERVER = /\b(?:gunicorn|uwsgi|daphne|uvicorn|hypercorn|granian|waitress-serve|mod_wsgi|bjoern)\b/i;
const DEPLOY_COMMAND_FILE = /(^|\/)(Procfile|Dockerfile[^/]*|[^/]*\.Dockerfile|docker-compose[^/]*\.ya?ml|compose\.ya?ml|app\.json|fly\.toml|render\.yaml)$/;

/**
 * The deployment file that runs a production server (gunicorn, uWSGI, Daphne...) or ships a web server
 * configuration, if any: the repository deploys a site, so its settings are not only a demo's.
 */
export function productionServerFile(files: readonly SourceFile[]): string | undefined {
  for (const file of files) {
    if (WEB_SERVER_CONFIG.test(file.path)) return file.path;
    if (!DEPLOY_COMMAND_FILE.test(file.path) || NOT_DEPLOYED.test(file.path.slice(file.path.lastIndexOf("/") + 1))) continue;
    if (PRODUCTION_SERVER.test(file.text)) return file.path;
  }
  return undefined;
}

const normalizedName = (s: string) => s.toLowerCase().replace(/[-_.]+/g, "_");

/**
 * Why a settings module is the demo or example site of a package the repository publishes: it lives in an
 * `example/`, `demo/` or `sandbox/` folder beside a packaging file that declares another distribution, and no
 * deployment file of the repository runs a production server. Such settings show how to try the package; those
 * who install it write their own. Undefined when any of that is missing (a site that is deployed keeps its findings).
 */
export function demoProjectEvidence(path: string, packages: readonly DeclaredPackage[], productionServer: string | undefined): string | undefined {
  if (productionServer) return undefined;
  for (const pkg of packages) {
    const prefix = pkg.dir ? `${pkg.dir}/` : "";
    if (!path.startsWith(prefix)) continue;
    const folder = path.slice(prefix.length).split("/")[0];
    if (!path.slice(prefix.length).includes("/") || !DEMO_FOLDER.test(folder) || normalizedName(folder) === normalizedName(pkg.name)) continue;
    return `(This module is in \`${prefix}${folder}/\`, the demo site of the package \`${pkg.name}\` that \`${pkg.file}\` declares, and no deployment file runs a production server, so production may never load it.)`;
  }
  return undefined;
}

// Django's own `global_settings` convention: a library's default layer that the settings a project generates build on.
const DEFAULTS_STEM = /^(?:default_settings|settings_defaults?|global_settings|base_defaults|default_config|defaults)$/i;
// A random value fit for a key: `uuid.uuid4()`, `get_random_secret_key()`, `secrets.token_hex()`, `get_random_string(50)`,
// `os.urandom(...)`, `SystemRandom()`, or a project function named for making one (`create_secret_key()`).
const RANDOM_KEY_CALL = /\b(?:uuid\.)?uuid4\(\s*\)|\bget_random_secret_key\(|\bsecrets\.(?:token_(?:hex|urlsafe|bytes)|choice)\(|\bget_random_string\(|\burandom\(|\bSystemRandom\(|\b\w*(?:create|generate|make|new|random|gen)_secret(?:_key)?\w*\(/i;
// A string naming the key's slot in a generated file: `"__SECRET__"`, `"secret_key"`, `"SECRET_KEY={}"` (not `"client_secret"`).
const SECRET_SLOT = /["'][^"'\n]{0,40}(?:secret_key|__secret\w*__|\bsecret\b)[^"'\n]{0,40}["']/i;

/** Where a project writes a random `SECRET_KEY` into the settings (or environment file) it generates. */
export interface KeyGenerator {
  path: string;
  line: number;
}

/**
 * The line of a Python module (not a settings module: `isSettings` says which are) that fills a key slot of a
 * generated file with a random value: `"__SECRET__": str(uuid.uuid4())` handed to a template writer, `{"secret_key":
 * create_secret_key()}`, `f.write(f"SECRET_KEY={get_random_secret_key()}")`. Such a project's installations run with
 * settings it generates, each with a key of its own. Undefined when no module does.
 */
export function findKeyGenerator(files: Iterable<SourceFile>, isSettings: (path: string) => boolean): KeyGenerator | undefined {
  for (const file of files) {
    if (!file.path.endsWith(".py") || isSettings(file.path) || !/secret/i.test(file.text) || !RANDOM_KEY_CALL.test(file.text)) continue;
    const lines = file.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (SECRET_SLOT.test(lines[i]) && RANDOM_KEY_CALL.test(lines[i])) return { path: file.path, line: i + 1 };
    }
  }
  return undefined;
}

/** A settings module named like Django's `global_settings`: `default_settings.py`, `settings_default.py`, `global_settings.py`. */
export function isDefaultSettingsLayer(path: string): boolean {
  return DEFAULTS_STEM.test(path.slice(path.lastIndexOf("/") + 1).replace(/\.py$/, ""));
}
