import { defineRule, type SettingsContext } from "../../src/core/analysis/define-rule.js";
import { stringValue, truthyString, type PyValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { unusedInProduction } from "../../src/core/analysis/project-facts.js";
import { codeSpan, envLabel, replaceValueFix, settingSource, truthiness } from "./effective-setting.js";

const SPLIT_BASE = /(^|\/)settings\/[^/]+\.py$/;

export default defineRule({
  id: "debug-enabled-in-settings",
  severity: "high",
  confidence: "high",
  cwe: [489, 215],
  owasp: "A05:2021",
  guideSection: "production-settings",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
  djangoChecks: ["security.W018"],
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds `DEBUG` turned on in a production or shared settings module: `DEBUG = True`, or an environment lookup " +
      "that falls back to a true value when the variable is unset.",
    why:
      "With `DEBUG` on, every error page shows the stack trace, local variables, settings and the SQL that ran, so any " +
      "visitor who can trigger an error reads secrets and internals. Django also keeps every SQL query in memory.",
    example: "DEBUG = True\n",
    good: "import os\nDEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\"\n",
    fix:
      "Set `DEBUG = False` in production settings, or read it from the environment with a false default, e.g. " +
      '`DEBUG = env.bool("DJANGO_DEBUG", default=False)`. Turn it on only in development settings.',
    note:
      "In a base module of a settings package (e.g. `settings/base.py`) the finding is medium severity, as production " +
      "modules usually override `DEBUG`. A plain `os.environ.get(\"DEBUG\", \"False\")` is a string, and any non-empty string (including `\"False\"`) is " +
      "true in Python, so this rule also reports string fallbacks. For the same reason a lookup that returns the variable's " +
      "text unconverted (`os.environ[\"DEBUG\"]`, `os.getenv(\"DEBUG\")`, decouple's `config(\"DEBUG\")` without `cast=bool`) " +
      "is reported: debug pages are on whenever the variable is set, even to `False`. Values chosen by `X if DEBUG else Y` " +
      "or `if not DEBUG:` are read on the branch production takes. In a base module that every production settings module " +
      "overrides (each sets `DEBUG` itself, or star-imports one that does, after the base), or that no production module loads while every " +
      "module they load is in sight, production never runs with the value: low confidence.",
  },
  messages: {
    debugOn: "`DEBUG` is on in {{kind}}, so error pages show code, settings and secrets. Set it to `False`.",
    debugOnInSharedBase:
      "`DEBUG` is on in shared settings that other modules build on, so a production module that forgets to override it ships debug pages. Default to `False` here and turn it on in development settings.",
    literalString:
      "`DEBUG` is the string {{value}}, and a non-empty string is true in Python, so debug mode is on. Use `False`.",
    debugFallback:
      "`DEBUG` turns on whenever {{env}} is unset because the fallback is true. Make the default `False`.",
    debugString:
      "When {{env}} is unset, `DEBUG` falls back to the string {{value}}, and any non-empty string is true in Python, so debug mode is on. Compare the text (`== \"True\"`) or use a boolean cast with a false default.",
    stringTyped:
      "`DEBUG` is the text of {{env}} whenever it is set, and any non-empty string, `\"False\"` and `\"0\"` included, is true in Python: setting the variable at all turns debug pages on. Convert it: {{fix}}.",
    schemeDefault:
      "The `environ.Env` scheme gives `DEBUG` the default `True`, so it is on whenever {{env}} is unset. Make the default `False`.",
  },
  checkSettings(ctx) {
    const source = settingSource(ctx, "DEBUG");
    if (source.kind !== "own") return;
    const a = source.assignment;
    const value = a.value;
    const kind = ctx.settingsKind === "production" ? "production settings" : "settings that production can load";
    // Every production settings module sets DEBUG itself (or loads one that does) after this base, or none loads
    // this module at all: production never runs with this value. Worth a look, not a comment.
    const overridden = ctx.settingsKind === "base" && unusedInProduction(ctx.project, ctx.path, "DEBUG");
    if (value.kind === "env") {
      checkLookup(ctx, a.node, value, overridden ? { confidence: "low" } : {});
      return;
    }
    if (value.kind === "str" && value.value !== "" && truthyString(value.value) === false) {
      const fix = ctx.settingsKind === "production" ? replaceValueFix(ctx, a, "False") : undefined;
      ctx.report(a.node, "literalString", { value: codeSpan(JSON.stringify(value.value)) }, fix ? { fix } : {});
      return;
    }
    if (truthiness(value) !== true) return;
    if (overridden) {
      ctx.report(a.node, "debugOnInSharedBase", {}, { severity: "medium", confidence: "low" });
      return;
    }
    // A base module inside a settings package is shared by dev and production modules, which usually
    // override DEBUG: still worth fixing (a forgotten override ships debug pages), but less certain.
    if (ctx.settingsKind === "base" && SPLIT_BASE.test(ctx.path)) {
      ctx.report(a.node, "debugOnInSharedBase", {}, { severity: "medium" });
      return;
    }
    // In a production module the fix is certain; in a shared module it would also switch off local development.
    const fix = ctx.settingsKind === "production" && value.kind === "bool" ? replaceValueFix(ctx, a, "False") : undefined;
    ctx.report(a.node, "debugOn", { kind }, fix ? { fix } : {});
  },
});

function checkLookup(ctx: SettingsContext, at: SyntaxNode, value: PyValue & { kind: "env" }, options: { confidence?: "low" }): void {
  const env = envLabel(value);
  const fallback = value.fallback;
  if (fallback) {
    if (fallback.kind === "str" && fallback.value !== "" && truthyString(fallback.value) !== true) {
      ctx.report(at, "debugString", { value: codeSpan(JSON.stringify(fallback.value)), env }, options);
    } else if (truthiness(fallback) === true) {
      ctx.report(at, "debugFallback", { env }, options);
    } else if (value.raw) {
      ctx.report(at, "stringTyped", { env, fix: stringFix(ctx, value) }, options);
    }
    return;
  }
  if (value.raw) {
    ctx.report(at, "stringTyped", { env, fix: stringFix(ctx, value) }, options);
    return;
  }
  const scheme = schemeDefault(ctx, value);
  if (scheme && truthiness(ctx.settings.evaluate(scheme)) === true) ctx.report(scheme, "schemeDefault", { env }, options);
}

/** The conversion to suggest for a string-typed DEBUG lookup, in the project's own library. */
function stringFix(ctx: SettingsContext, value: PyValue & { kind: "env" }): string {
  const fn = value.node.type === "call" ? value.node.childForFieldName("function") : undefined;
  const name = JSON.stringify(value.name ?? "DEBUG");
  if (ctx.imports.qualifyNode(fn) === "decouple.config") return "pass `cast=bool` (and `default=False`)";
  if (ctx.settings.envObjects.size) return `\`env.bool(${name}, default=False)\``;
  return `\`os.environ.get(${name}, "") == "1"\``;
}

/**
 * For `env("DEBUG")` on a django-environ `Env(DEBUG=(bool, True))` object, the default in the scheme
 * (the tuple's second item). Undefined for other lookups or when the call passes its own default.
 */
function schemeDefault(ctx: SettingsContext, value: PyValue & { kind: "env" }): SyntaxNode | undefined {
  const call = value.node;
  if (call.type !== "call" || !value.name) return undefined;
  const fn = call.childForFieldName("function");
  const object = fn?.type === "identifier" ? fn : fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
  if (object?.type !== "identifier" || !ctx.settings.envObjects.has(object.text)) return undefined;
  if (call.childForFieldName("arguments")?.namedChildren.some((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === "default")) return undefined;
  for (const stmt of ctx.root.namedChildren) {
    const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (assign?.type !== "assignment" || assign.childForFieldName("left")?.text !== object.text) continue;
    const envCall = assign.childForFieldName("right");
    if (envCall?.type !== "call") continue;
    for (const arg of envCall.childForFieldName("arguments")?.namedChildren ?? []) {
      if (arg.type !== "keyword_argument" || arg.childForFieldName("name")?.text !== value.name) continue;
      const tuple = arg.childForFieldName("value");
      const items = tuple?.type === "tuple" ? tuple.namedChildren.filter((c) => c.type !== "comment") : [];
      if (items.length === 2 && stringValue(items[0]) === undefined) return items[1];
    }
  }
  return undefined;
}
