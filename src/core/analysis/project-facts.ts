import type { ProjectIndex } from "./project-index.js";
import type { DeployedSettings } from "./deployed-settings.js";
import type { PyValue } from "./py-value.js";
import type { RefusedDefault } from "./refused-defaults.js";
import type { SettingsModel } from "./settings-model.js";
import type { WebServerFacts } from "./web-server.js";
import { middlewareSetting, settingStrings } from "./settings-values.js";

/** What the project's settings say about every view, learnt once and given to every file's rules. */
export interface ProjectFacts {
  /**
   * The middleware that sends anonymous users to the login page for every view, when `MIDDLEWARE`
   * in some settings module lists one: Django 5.1's `django.contrib.auth.middleware.LoginRequiredMiddleware`,
   * django-stronghold's, django-login-required-middleware's, or a project's own class of that name.
   */
  loginRequiredMiddleware?: string;
  /**
   * Some settings module defines a Content Security Policy (`SECURE_CSP`, django-csp's
   * `CONTENT_SECURITY_POLICY` or `CSP_*_SRC`): a shared base that only installs the middleware is
   * then completed by the modules built on it.
   */
  cspPolicyDefined?: boolean;
  /** Templates and the context their views give them, and how views are routed (see project-index.ts). */
  index?: ProjectIndex;
  /** The settings modules the project's entry points and deployment files name (see `findDeployedSettings`). */
  deployedSettings?: DeployedSettings;
  /** What the web server configurations shipped with the project do in front of Django (see `webServerFacts`). */
  webServer?: WebServerFacts;
  /** Templates rendered only into an e-mail's plain-text body (see `findMailTextTemplates`). */
  mailTextTemplates?: string[];
  /**
   * The production settings modules (by path or named by the deployment), each with the settings it assigns
   * itself, unconditionally, as its final value, and the settings modules it star-imports, in order.
   */
  productionSettings?: ProductionSettingsModule[];
  /**
   * Some settings module may let django-cors-headers answer credentialed requests: it assigns
   * `CORS_ALLOW_CREDENTIALS` (outside `if DEBUG:`) a value that is not a literal false (`True`, an
   * environment lookup, an expression). Without it, an allow-all policy answers `*`, which browsers never
   * combine with cookies.
   */
  corsCredentials?: boolean;
  /**
   * Default settings layers (named like Django's `global_settings`: `default_settings.py`, `settings_default.py`) of a
   * project that writes a random `SECRET_KEY` into the settings it generates (`generator`, see `findKeyGenerator`),
   * which build on the layer and override its key. Left out when the project has no such generator. A layer a
   * deployment file names itself is left out.
   */
  defaultSettingsLayers?: { paths: string[]; generator: { path: string; line: number } };
  /**
   * Settings whose committed value a settings module refuses at start-up outside development (`assert JWT_SECRET != DEFAULT`,
   * `if not DEV_MODE and X == "...": raise ImproperlyConfigured`; see `findRefusedDefaults`). Left out when there are none.
   */
  refusedDefaults?: RefusedDefault[];
}

export interface ProductionSettingsModule {
  path: string;
  owns: string[];
  starImports: string[];
  /** Every settings module it loads through star imports, transitively (optional: facts built before it leave it out). */
  loads?: string[];
  /** Some star import along the way names a module not handed in. */
  loadsUnseen?: boolean;
}

/**
 * Whether production loads the settings module at `path`: true when it is a production module or one loads it
 * through star imports (transitively); false when production modules are known, all of what they load is in sight,
 * and none is it; undefined when nothing says (no production module known, or one loads a module out of sight).
 */
export function loadedByProduction(facts: ProjectFacts | undefined, path: string): boolean | undefined {
  const modules = facts?.productionSettings ?? [];
  if (!modules.length) return undefined;
  if (modules.some((m) => m.path === path || (m.loads ?? m.starImports).includes(path))) return true;
  if (modules.some((m) => m.loadsUnseen || m.loads === undefined)) return undefined;
  return false;
}

/**
 * True when production never runs with the value the base module `path` gives `name`: every production module
 * overrides it (`overriddenInProduction`), or none loads the module at all (`loadedByProduction` is false), or each
 * production module, taken alone, does one of the two (a package's `__init__.py` that loads none of it while the
 * deployment names `prod.py`, which overrides it; an `__init__.py` that star-imports an overriding production module).
 */
export function unusedInProduction(facts: ProjectFacts | undefined, path: string, name: string): boolean {
  if (overriddenInProduction(facts, path, name) || loadedByProduction(facts, path) === false) return true;
  const modules = (facts?.productionSettings ?? []).filter((m) => m.path !== path);
  if (!modules.length) return false;
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const memo = new Map<string, boolean>();
  // Whether production module `m` ends with a value of `name` other than the base's: it assigns `name` itself,
  // it loads no module that is the base or loads it (all in sight), or the last of its star imports that can
  // bring the base's value in is followed by one of a production module that ends with its own value
  // (`settings/__init__.py` doing `from .production import *`, a production module star-importing another).
  const ownValue = (m: ProductionSettingsModule): boolean => {
    const known = memo.get(m.path);
    if (known !== undefined) return known;
    memo.set(m.path, false); // a cycle of star imports proves nothing
    let result = m.owns.includes(name);
    if (!result && m.loads !== undefined && !m.loadsUnseen && !m.loads.includes(path)) result = true;
    if (!result) {
      let base = false;
      for (const s of m.starImports) {
        const p = byPath.get(s);
        if (p && ownValue(p) && (p.owns.includes(name) || (p.loads ?? []).includes(path))) base = false;
        else if (s === path || !p || !(p.loads !== undefined && !p.loadsUnseen && !p.loads.includes(path))) base = true;
      }
      result = !base && m.loads !== undefined && !m.loadsUnseen;
    }
    memo.set(m.path, result);
    return result;
  };
  return modules.every(ownValue);
}

/**
 * True when no production settings module runs with the value a base module `path` gives `name`: there is one,
 * and each either assigns `name` itself, or star-imports, after `path`, a production module that does (a
 * `settings/__init__.py` that picks `production.py` over `local.py`).
 */
export function overriddenInProduction(facts: ProjectFacts | undefined, path: string, name: string): boolean {
  const modules = (facts?.productionSettings ?? []).filter((m) => m.path !== path);
  if (!modules.length) return false;
  const owning = new Set(modules.filter((m) => m.owns.includes(name)).map((m) => m.path));
  return modules.every((m) => {
    if (owning.has(m.path)) return true;
    const at = m.starImports.indexOf(path);
    return at >= 0 && m.starImports.slice(at + 1).some((p) => owning.has(p));
  });
}

const CSP_POLICY_SETTING = /^(SECURE_CSP|CONTENT_SECURITY_POLICY|CSP_[A-Z_]*SRC(_ATTR|_ELEM)?|CSP_(BASE_URI|FRAME_ANCESTORS|FORM_ACTION|SANDBOX))$/;

/** `False`, `None`, `0`, `""`: a value written so that it is false whatever the environment says. */
function literallyFalse(value: PyValue): boolean {
  return (value.kind === "bool" && !value.value) || value.kind === "none" || (value.kind === "int" && value.value === 0) || (value.kind === "str" && value.value === "");
}

const LOGIN_REQUIRED_MIDDLEWARE = /(?:^|\.)LoginRequiredMiddleware$/;

/** The facts the given settings modules establish. */
export function projectFacts(models: Iterable<SettingsModel>): ProjectFacts {
  const facts: ProjectFacts = {};
  for (const model of models) {
    const middleware = settingStrings(model, middlewareSetting(model))?.items.find((i) => LOGIN_REQUIRED_MIDDLEWARE.test(i.value.trim()));
    if (middleware && !facts.loginRequiredMiddleware) facts.loginRequiredMiddleware = middleware.value.trim();
    if (!facts.cspPolicyDefined && model.names().some((n) => CSP_POLICY_SETTING.test(n))) facts.cspPolicyDefined = true;
    if (!facts.corsCredentials && model.own("CORS_ALLOW_CREDENTIALS").some((a) => !a.debugOnly && !literallyFalse(a.value))) facts.corsCredentials = true;
  }
  return facts;
}
