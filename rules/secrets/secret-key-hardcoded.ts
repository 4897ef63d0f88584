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
  if (value.kind === "env" && value.fallback?.kind === "str" && value.fallback.value.trim()) {
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

/** An `if` whose body raises and whose condition holds in production (not read from DEBUG): production stops there. */
function raisesInProduction(stmt: SyntaxNode, settings: SettingsModel): boolean {
  const cond = stmt.childForFieldName("condition");
  const body = stmt.childForFieldName("consequence");
  if (!cond || !body || /\bDEBUG\b/.test(cond.text) || !body.namedChildren.some((c) => c.type === "raise_statement")) return false;
  return settings.productionTruth(cond) === true;
}

/**
 * True when production raises before it reaches the assignment `node`: the assignment is in a block that runs
 * when no key was configured (`if not SECRET_KEY:`), and in that block, before it, an `if` raises on a condition
 * that holds when the deployment sets nothing (`ENV = os.getenv("ENV", "production")`, `if ENV == "production":
 * raise ImproperlyConfigured(...)`), or the assignment is the `else` of such an `if`. A gate that defaults to
 * development (`os.getenv("ENV", "dev")`) lets a deployment that forgets it run with the key: no such proof.
 */
function failsClosedBefore(node: SyntaxNode, settings: SettingsModel): boolean {
  let stmt = node;
  while (stmt.parent && stmt.parent.type !== "block") stmt = stmt.parent;
  let block = stmt.parent;
  // `if ENV == "production": raise ... else: SECRET_KEY = "dev-key"`
  const elseClause = block?.parent?.type === "else_clause" ? block.parent : null;
  if (elseClause) {
    const gate = elseClause.parent;
    if (gate?.type !== "if_statement" || gate.childrenForFieldName("alternative").length !== 1 || !raisesInProduction(gate, settings)) return false;
    stmt = gate;
    block = gate.parent;
  }
  const unset = ifOf(block);
  if (!unset || !KEY_UNSET.test(unset.childForFieldName("condition")?.text ?? "")) return false;
  if (elseClause) return true;
  return block!.namedChildren.some((s) => s.endIndex <= stmt.startIndex && s.type === "if_statement" && raisesInProduction(s, settings));
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
      "raises on a condition holding when the deployment sets nothing (`ENV = os.getenv(\"ENV\", \"production\")` then `if ENV == \"production\": raise ImproperlyConfigured(...)`); " +
      "a gate that defaults to development (`os.getenv(\"ENV\", \"dev\")`) or reads `DEBUG` proves nothing. " +
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
  checkSettings({ settings, report, settingsKind, project, path }) {
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
      const options = !found.viaFallback && failsClosedBefore(a.node, settings) ? { confidence: "low" as const } : baseOptions;
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
