import type { SourceFile } from "./types.js";
import { WEB_SERVER_CONFIG } from "./web-server.js";

/**
 * Files that name the settings module a project runs with (`DJANGO_SETTINGS_MODULE` defaults): the
 * adapters read these (by path, anywhere in the repository) and hand their text to the analysis.
 */
const ENTRY_FILE = /(^|\/)(manage\.py|wsgi\.py|asgi\.py|Procfile|Dockerfile[^/]*|[^/]*\.Dockerfile|docker-compose[^/]*\.ya?ml|compose\.ya?ml|\.env[^/]*|app\.json|fly\.toml|render\.yaml|pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml)$/;
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
    if (!DEPLOYMENT_FILE.test(file.path)) continue;
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

// A folder of a development or test project: `devproject/`, `testproject/`, `test_project/`, `dev/`, `local/`.
const DEV_FOLDER = /^(?:dev|devel|development|local|tests?|testing|unittests?|ci)(?:[_-]?(?:project|proj|site|app|server|settings|config))?$/i;
// `docker_dev.py`, `settings_ci.py`, `unittests.py`: named for development or tests (the config's globs catch most).
const DEV_STEM = /(?:^|[_-])(?:dev|devel|development|local|tests?|testing|unittests?|ci)$/i;
// A module docstring that says what the settings are for. Django's `startproject` writes "Quick-start development
// settings - unsuitable for production" as a comment into every settings.py, production ones too, so comments
// are not read; only the module's docstring is.
const DEV_DOCSTRING =
  /\b(?:local|development|dev|test|testing)\s+(?:settings|environment|project|only)\b|\bsettings\s+for\s+(?:the\s+)?(?:local\s+)?(?:development|dev|testing|tests?|local)\b|\b(?:not|never)\s+(?:to\s+)?(?:be\s+)?(?:used\s+)?(?:for|in)\s+production\b|\bunsuitable\s+for\s+production\b/i;

/**
 * Why a settings module that its path alone does not mark as development settings is still a development or
 * test project's: it lives in a `devproject/`-style folder, or its docstring says so. Undefined when nothing says so.
 */
export function developmentOnlyEvidence(path: string, docstring: string | undefined): string | undefined {
  const folder = path.split("/").slice(0, -1).find((d) => DEV_FOLDER.test(d));
  if (folder) return `(This module is in \`${folder}/\`, a development or test project's folder, so production may never load it.)`;
  const stem = path.slice(path.lastIndexOf("/") + 1).replace(/\.py$/, "");
  if (DEV_STEM.test(stem)) return `(The module's name \`${stem}\` says it is for development or tests, so production may never load it.)`;
  const said = docstring ? DEV_DOCSTRING.exec(docstring) : null;
  if (said) return `(The module's docstring says "${said[0].trim()}", so production may never load it.)`;
  return undefined;
}
