import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { loadedByProduction, unusedInProduction, type ProjectFacts } from "../../src/core/analysis/project-facts.js";
import { isTestOnly, productionAssignments, stringItems } from "../../src/core/analysis/settings-values.js";
import type { SettingsModel } from "../../src/core/analysis/settings-model.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** The two values of `a if COND else b` (through parentheses); none for any other expression. */
function branches(node: SyntaxNode): SyntaxNode[] {
  let n = node;
  while (n.type === "parenthesized_expression" && n.namedChildren.length === 1) n = n.namedChildren[0];
  if (n.type !== "conditional_expression") return [];
  const parts = n.namedChildren.filter((c) => c.type !== "comment");
  return parts.length === 3 && /\bDEBUG\b/.test(parts[1].text) ? [parts[0], parts[2]] : [];
}

const INSECURE_PREFIX = "django-insecure-";

/** The literal a SECRET_KEY value hard-codes: the string itself, or an environment lookup's fallback. */
// `"${SECRET_KEY}"`, `"{{ secret_key }}"`: filled in by a deployment template, not a key.
const TEMPLATE_SLOT = /^\s*(\$\{[^}]*\}|\{\{[^}]*\}\}|<[^>]*>)\s*$/;

function hardcoded(value: PyValue): { text: string; viaFallback: boolean } | undefined {
  if (value.kind === "str") return value.value && !TEMPLATE_SLOT.test(value.value) ? { text: value.value, viaFallback: false } : undefined;
  if (value.kind === "env" && value.fallback?.kind === "str" && value.fallback.value.trim() && !TEMPLATE_SLOT.test(value.fallback.value)) {
    return { text: value.fallback.value, viaFallback: true };
  }
  return undefined;
}

// `if not SECRET_KEY:`, `if SECRET_KEY is None:`, `if SECRET_KEY == "":`: the block runs when no key was configured.
const KEY_UNSET = /^\(?\s*(?:not\s+SECRET_KEY|SECRET_KEY\s+is\s+None|SECRET_KEY\s*==\s*(?:""|''|None))\s*\)?$/;

/** The `if` statement whose consequence is `block`, when `block` is one. */
function ifOf(block: SyntaxNode | null): SyntaxNode | undefined {
  const parent = block?.parent;
  return parent?.type === "if_statement" && parent.childForFieldName("consequence")?.id === block!.id ? parent : undefined;
}

// A variable naming the deployment's environment: `ENV`, `ENVIRONMENT`, `SYSTEM_ENV`, `DJANGO_ENV`, `APP_ENVIRONMENT`, `STAGE`.
const ENVIRONMENT_NAME = /^(?:\w+_)?(?:ENV|ENVIRONMENT|ENVIRON|STAGE|DEPLOY(?:MENT)?_ENV|TIER)$/i;
// A variable or environment flag that says whether this is production: `IS_PRODUCTION`, `PRODUCTION`, `IS_PROD`.
const PRODUCTION_FLAG = /^(?:IS_|DJANGO_|APP_)?PROD(?:UCTION)?(?:_MODE|_ENV)?$/i;
const PRODUCTION_WORD = /^(?:prod|production|live)$/i;
const DEVELOPMENT_WORD = /^(?:dev|develop|development|local|test|testing|ci)$/i;

/** The string of a plain literal (`"production"`), else undefined. */
function literal(node: SyntaxNode): string | undefined {
  if (node.type !== "string" || node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return node.namedChildren.find((c) => c.type === "string_content")?.text ?? "";
}

/** The name an operand reads the environment's name under: a variable (`SYSTEM_ENV`, `settings.ENV`) or a lookup (`os.getenv("ENV")`). */
function environmentOperand(node: SyntaxNode, settings: SettingsModel): string | undefined {
  if (node.type === "identifier" || node.type === "attribute") {
    const name = node.text.replace(/^.*\./, "");
    if (ENVIRONMENT_NAME.test(name)) return name;
  }
  const v = settings.evaluate(node);
  if (v.kind === "env" && v.name && ENVIRONMENT_NAME.test(v.name)) return v.name;
  // `.lower()`, `.strip()` on either.
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type === "attribute" && /^(?:lower|upper|strip|casefold)$/.test(fn.childForFieldName("attribute")?.text ?? "")) {
      const obj = fn.childForFieldName("object");
      return obj ? environmentOperand(obj, settings) : undefined;
    }
  }
  return undefined;
}

/**
 * Whether a condition holds exactly when the deployment runs in the mode the project names production: a comparison of
 * an environment-name variable with a production word (`SYSTEM_ENV == "production"`, `ENV in ("prod", "production")`)
 * or a refusal of a development word (`ENVIRONMENT != "development"`), a production flag (`IS_PRODUCTION`), a module
 * name bound to one of these, `not`, `and`, `or` of them. True: it holds in production; false: it fails there;
 * undefined: the condition names no production mode. The project's own statement of what production is, whatever
 * the variable defaults to.
 */
function productionNamed(cond: SyntaxNode, settings: SettingsModel, root: SyntaxNode, depth = 0): boolean | undefined {
  if (depth > 6) return undefined;
  const inner = (n: SyntaxNode | null) => (n ? productionNamed(n, settings, root, depth + 1) : undefined);
  switch (cond.type) {
    case "parenthesized_expression":
      return inner(cond.namedChildren.find((c) => c.type !== "comment") ?? null);
    case "not_operator": {
      const t = inner(cond.childForFieldName("argument"));
      return t === undefined ? undefined : !t;
    }
    case "boolean_operator": {
      const l = cond.childForFieldName("left");
      const r = cond.childForFieldName("right");
      const a = inner(l);
      const b = inner(r);
      if (cond.childForFieldName("operator")?.text === "and") {
        // `ENV == "production" and not DEBUG`: the other side must not fail in production.
        if (a === false || b === false) return false;
        const other = a === true ? r : l;
        return (a === true || b === true) && other && settings.productionTruth(other) !== false ? true : undefined;
      }
      if (a === true || b === true) return true;
      return a === false && b === false ? false : undefined;
    }
    case "identifier":
    case "attribute": {
      const name = cond.text.replace(/^.*\./, "");
      if (PRODUCTION_FLAG.test(name)) return true;
      if (cond.type !== "identifier") return undefined;
      // `IS_PRODUCTION = SYSTEM_ENV == "production"` at module level.
      const bound = root.namedChildren
        .filter((s) => s.type === "expression_statement" && s.namedChildren[0]?.type === "assignment")
        .map((s) => s.namedChildren[0])
        .filter((a) => a.childForFieldName("left")?.text === cond.text)
        .map((a) => a.childForFieldName("right"));
      return bound.length === 1 && bound[0] ? inner(bound[0]) : undefined;
    }
    case "call": {
      const v = settings.evaluate(cond);
      return v.kind === "env" && v.name && PRODUCTION_FLAG.test(v.name) ? true : undefined;
    }
    case "comparison_operator": {
      const operands = cond.namedChildren.filter((c) => c.type !== "comment");
      const ops = cond.childrenForFieldName("operators").map((o) => o.text.replace(/\s+/g, " "));
      if (operands.length !== 2 || ops.length !== 1) return undefined;
      const op = ops[0];
      const [left, right] = operands;
      const env = environmentOperand(left, settings) ?? environmentOperand(right, settings);
      if (!env) return undefined;
      const other = environmentOperand(left, settings) ? right : left;
      const words = op === "in" || op === "not in" ? (["tuple", "list", "set"].includes(other.type) ? other.namedChildren.map(literal) : [undefined]) : [literal(other)];
      if (words.some((w) => w === undefined)) return undefined;
      const production = words.every((w) => PRODUCTION_WORD.test(w!));
      const development = words.every((w) => DEVELOPMENT_WORD.test(w!));
      const equal = op === "==" || op === "in" || op === "is";
      const unequal = op === "!=" || op === "not in" || op === "is not";
      if (production && equal) return true;
      if (production && unequal) return false;
      if (development && unequal) return true;
      if (development && equal) return false;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A condition that holds in production: as the model reads it with the environment unset, or by the production mode it names. */
function holdsInProduction(cond: SyntaxNode, settings: SettingsModel, root: SyntaxNode): boolean {
  if (/\bDEBUG\b/.test(cond.text)) return false;
  return (productionNamed(cond, settings, root) ?? settings.productionTruth(cond)) === true;
}

/** An `if` whose body raises and whose condition holds in production (not read from DEBUG): production stops there. */
function raisesInProduction(stmt: SyntaxNode, settings: SettingsModel, root: SyntaxNode): boolean {
  const cond = stmt.childForFieldName("condition");
  const body = stmt.childForFieldName("consequence");
  if (!cond || !body || !body.namedChildren.some((c) => c.type === "raise_statement")) return false;
  return holdsInProduction(cond, settings, root);
}

type ClauseInProduction = "holds" | "fails" | "unknown";

/** Whether an `if`/`elif` condition holds in production: by the production mode it names, else as the model reads it (never from DEBUG). */
function inProduction(cond: SyntaxNode | undefined, settings: SettingsModel, root: SyntaxNode): ClauseInProduction {
  if (!cond) return "holds";
  if (/\bDEBUG\b/.test(cond.text)) return "unknown";
  const named = productionNamed(cond, settings, root);
  const t = named ?? settings.productionTruth(cond);
  return t === true ? "holds" : t === false ? "fails" : "unknown";
}

/**
 * When `block` is the body of a clause of an `if`/`elif`/`else` chain, the chain and whether production takes another
 * clause of it that raises: the first clause whose condition holds in production after clauses that all fail there
 * (`if SYSTEM_ENV == "development": SECRET_KEY = "dev" else: raise ...`, `if ENV == "production": raise ... else: ...`).
 */
function chainRaisesInProduction(block: SyntaxNode, settings: SettingsModel, root: SyntaxNode): SyntaxNode | undefined {
  const clause = block.parent;
  const gate = clause?.type === "if_statement" ? clause : clause?.type === "elif_clause" || clause?.type === "else_clause" ? clause.parent : null;
  if (gate?.type !== "if_statement") return undefined;
  const clauses: { cond?: SyntaxNode; body?: SyntaxNode }[] = [{ cond: gate.childForFieldName("condition") ?? undefined, body: gate.childForFieldName("consequence") ?? undefined }];
  for (const alt of gate.childrenForFieldName("alternative")) {
    clauses.push({ cond: alt.type === "elif_clause" ? (alt.childForFieldName("condition") ?? undefined) : undefined, body: alt.childForFieldName("body") ?? alt.childForFieldName("consequence") ?? undefined });
  }
  for (const c of clauses) {
    const t = inProduction(c.cond, settings, root);
    if (t === "fails") continue;
    if (t === "unknown") return undefined;
    // Production takes this clause: it must be another than the key's, and raise.
    return c.body && c.body.id !== block.id && c.body.namedChildren.some((s) => s.type === "raise_statement") ? gate : undefined;
  }
  return undefined;
}

/**
 * True when production raises before it reaches the assignment `node`: the assignment is in a block that runs
 * when no key was configured (`if not SECRET_KEY:`), and in that block, before it, an `if` raises on a condition
 * that holds in production, or the assignment is in a clause of an `if` chain whose production clause raises. A
 * condition holds in production when it does with the environment unset (`ENV = os.getenv("ENV", "production")`,
 * `if ENV == "production": raise ImproperlyConfigured(...)`) or when it is the project's own name for production
 * (`SYSTEM_ENV == "production"`, `ENVIRONMENT != "development"`, `IS_PRODUCTION`) whatever the variable defaults
 * to: the committed key is the project's development key, which its production mode refuses. A raise under a
 * development-only condition or under `DEBUG`, or one after the key is set, proves nothing.
 */
function failsClosedBefore(node: SyntaxNode, settings: SettingsModel, root: SyntaxNode): boolean {
  let stmt = node;
  while (stmt.parent && stmt.parent.type !== "block") stmt = stmt.parent;
  let block = stmt.parent;
  if (!block) return false;
  const unsetOf = (b: SyntaxNode | null) => {
    const unset = ifOf(b);
    return !!unset && KEY_UNSET.test(unset.childForFieldName("condition")?.text ?? "");
  };
  // `if ENV == "production": raise ... else: SECRET_KEY = "dev-key"` (or the key under a development-only condition).
  const gate = unsetOf(block) ? undefined : chainRaisesInProduction(block, settings, root);
  if (gate) {
    stmt = gate;
    block = gate.parent;
    return unsetOf(block);
  }
  if (!unsetOf(block)) return false;
  return block.namedChildren.some((s) => s.endIndex <= stmt.startIndex && s.type === "if_statement" && raisesInProduction(s, settings, root));
}

/**
 * The project's key generator, when `path` is a default settings layer (`default_settings.py`, `settings_default.py`)
 * of a project that writes a random key into the settings it generates and no production module runs with this
 * layer's key: none is known to load it, or each that does overrides `SECRET_KEY`. Undefined otherwise.
 */
function defaultLayerOverridden(project: ProjectFacts | undefined, path: string): { path: string; line: number } | undefined {
  const layers = project?.defaultSettingsLayers;
  if (!layers?.paths.includes(path)) return undefined;
  if (loadedByProduction(project, path) === true && !unusedInProduction(project, path, "SECRET_KEY")) return undefined;
  return layers.generator;
}

export default defineRule({
  id: "secret-key-hardcoded",
  severity: "high",
  confidence: "high",
  cwe: [798, 321],
  owasp: "A07:2021",
  guideSection: "secrets",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
  djangoChecks: ["security.W009"],
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds a `SECRET_KEY` written into a settings module, directly or as the fallback of an environment lookup.",
    why:
      "Anyone who can read the repository can sign data as the site: forge session cookies and password reset links, " +
      "and tamper with signed cookies and messages. A key committed once stays in the Git history.",
    example: 'SECRET_KEY = "django-insecure-3x@mple-k3y-that-was-committed"\n',
    summary: "Finds a SECRET_KEY written into a settings module, or used as an environment fallback.",
    good: "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n",
    note:
      "In a base module that every production settings module overrides (each sets `SECRET_KEY` itself, or star-imports one that does, " +
      "after the base), or that no production module loads while every module they load is in sight, production never signs with the " +
      "committed key: low confidence. So is a development key assigned where no key was configured (`if not SECRET_KEY:`) after a check that " +
      "raises on a condition holding when the deployment sets nothing (`ENV = os.getenv(\"ENV\", \"production\")` then `if ENV == \"production\": raise ImproperlyConfigured(...)`), " +
      "or on the project's own name for production whatever its default (`SYSTEM_ENV == \"production\"`, `DJANGO_ENV in (\"prod\", \"production\")`, `ENVIRONMENT != \"development\"`, `IS_PRODUCTION`), " +
      "or the key sits in a clause (`if ENV == \"development\":`) whose production clause raises. A raise only in a development or other non-production branch, one that reads `DEBUG`, " +
      "or one after the key is set proves nothing. " +
      "A key in a default settings layer named like Django's `global_settings` (`default_settings.py`, `settings_default.py`, `global_settings.py`) " +
      "of a project with a Python module that fills a key slot of the settings it generates with a random value (`\"__SECRET__\": str(uuid.uuid4())`, " +
      "`{\"secret_key\": create_secret_key()}`, `get_random_secret_key()`) is low confidence too: installations run with generated settings that override it. " +
      "A layer a deployment file names, or one a production module loads without overriding the key, stays reported.",
    fix:
      'Read the key from the environment with no fallback, e.g. `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]`, so a ' +
      "missing key stops the app instead of running with a known one. Generate a new key (the committed one is public) " +
      "and move old keys to `SECRET_KEY_FALLBACKS` only while existing sessions expire.",
  },
  messages: {
    insecureKey:
      "`SECRET_KEY` is the `django-insecure-` key `startproject` generated, committed in the repository. Load a new key from the environment.",
    literalKey: "`SECRET_KEY` is hard-coded. Load it from the environment (e.g. `os.environ[\"DJANGO_SECRET_KEY\"]`) and rotate the committed key.",
    fallbackKey:
      "`SECRET_KEY` falls back to a hard-coded key when {{env}} is unset, so a missing variable silently runs with a public key. Drop the default.",
    debugKey:
      "`SECRET_KEY` is hard-coded on the `DEBUG` branch, so whenever production's `DEBUG` check goes the other way (a variable unset, a typo) the site signs with a public key. Load the key from the environment on every branch.",
    fallbackKeyList: "`SECRET_KEY_FALLBACKS` holds a hard-coded key. Old keys still sign valid data: load them from the environment.",
    defaultLayerFallback:
      "`SECRET_KEY` falls back to a hard-coded key when {{env}} is unset, in the project's default settings layer, which the settings it generates build on; {{generator}} writes a random key into those. Check that no installation runs on this module alone, or drop the default.",
    defaultLayerKey:
      "`SECRET_KEY` is hard-coded in the project's default settings layer, which the settings it generates build on; {{generator}} writes a random key into those. Check that no installation runs on this module alone, or load the key from the environment here too.",
  },
  checkSettings({ settings, report, settingsKind, project, path, root }) {
    // Every production settings module sets SECRET_KEY itself (or loads one that does) after this base, or none loads
    // this module at all: production never signs with this key. Worth a look, not a comment.
    const overridden = settingsKind === "base" && unusedInProduction(project, path, "SECRET_KEY");
    const layer = !overridden && defaultLayerOverridden(project, path);
    const baseOptions = overridden || layer ? { confidence: "low" as const } : {};
    // `SECRET_KEY = "dev-key" if DEBUG else os.environ["KEY"]`, or `if DEBUG: SECRET_KEY = "dev-key"` next to
    // an environment lookup: production takes the other branch only as long as its DEBUG check holds.
    const own = settings.own("SECRET_KEY").filter((a) => a.op === "=" && !isTestOnly(a.node));
    const readsEnv = own.some((a) => a.value.kind === "env" || branches(a.valueNode).some((b) => settings.evaluate(b).kind === "env"));
    for (const a of own) {
      const literalBranch = branches(a.valueNode).find((b) => {
        const v = settings.evaluate(b);
        return v.kind === "str" && hardcoded(v) !== undefined;
      });
      if (literalBranch && readsEnv) report(literalBranch, "debugKey");
      else if (a.debugOnly && readsEnv && hardcoded(a.value)) report(a.node, "debugKey", {}, { severity: "medium" });
    }
    for (const a of productionAssignments(settings, "SECRET_KEY")) {
      const found = hardcoded(a.value);
      if (!found) continue;
      // A development key production never reaches: it raises first when no key is configured.
      const options = !found.viaFallback && failsClosedBefore(a.node, settings, root) ? { confidence: "low" as const } : baseOptions;
      if (found.viaFallback) {
        const name = a.value.kind === "env" ? a.value.name : undefined;
        const env = name ? `\`${name}\`` : "the variable";
        if (layer && options === baseOptions) report(a.node, "defaultLayerFallback", { env, generator: `\`${layer.path}\` line ${layer.line}` }, options);
        else report(a.node, "fallbackKey", { env }, options);
      } else if (layer && options === baseOptions) {
        report(a.node, "defaultLayerKey", { generator: `\`${layer.path}\` line ${layer.line}` }, options);
      } else {
        report(a.node, found.text.startsWith(INSECURE_PREFIX) ? "insecureKey" : "literalKey", {}, options);
      }
    }
    for (const a of productionAssignments(settings, "SECRET_KEY_FALLBACKS")) {
      for (const item of stringItems(a.value)?.items ?? []) {
        if (item.value.trim()) report(item.node, "fallbackKeyList");
      }
    }
  },
});
