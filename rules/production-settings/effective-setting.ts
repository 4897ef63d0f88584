import type { Location, SettingsContext } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import type { SettingAssignment } from "../../src/core/analysis/settings-model.js";
import { isTestOnly } from "../../src/core/analysis/settings-values.js";
import type { Fix } from "../../src/core/analysis/types.js";

/**
 * Where the value a settings module runs with comes from:
 * - `own`: an unconditional assignment in this file that is not development-only;
 * - `inherited`: the same, made in a star-imported module;
 * - `missing`: set nowhere (or only on branches production does not take), and every star import was resolved;
 * - `unknown`: anything else (only set under an `if`, under `if DEBUG:`, or a star import we could not read).
 */
export type SettingSource =
  | { kind: "own" | "inherited"; assignment: SettingAssignment }
  | { kind: "missing" }
  | { kind: "unknown" };

/** The source of the value `name` has when this module is loaded, as far as it can be known statically. */
export function settingSource(ctx: SettingsContext, name: string): SettingSource {
  const { settings } = ctx;
  const a = settings.get(name);
  if (!a) return !settings.has(name) && settings.complete ? { kind: "missing" } : { kind: "unknown" };
  // Set only on branches production does not take (`if DEBUG:`, the else of `if not DEBUG:`).
  if (a.debugOnly && a.op === "=" && settings.complete && !isTestOnly(a.node)) return { kind: "missing" };
  // A conditional or development-only value may never run in production: prefer no finding to a guess.
  if (a.op !== "=" || a.conditional || a.debugOnly || isTestOnly(a.node)) return { kind: "unknown" };
  return { kind: a.path === ctx.path ? "own" : "inherited", assignment: a };
}

/** Python truthiness of a known value; for an environment lookup, of its fallback. Undefined when unknown. */
export function truthiness(value: PyValue | undefined): boolean | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case "bool":
      return value.value;
    case "int":
      return value.value !== 0;
    case "str":
      return value.value !== "";
    case "none":
      return false;
    case "list":
      return value.items.length > 0;
    case "dict":
      return value.entries.length > 0;
    case "env":
      return value.fallback?.kind === "env" ? undefined : truthiness(value.fallback);
    default:
      return undefined;
  }
}

/** Text from the analysed code as an inline code span for messages; backticks in it cannot close the span. */
export function codeSpan(text: string): string {
  return "`" + text.replace(/[`\r\n]/g, "'") + "`";
}

/** `` `NAME` `` of an environment lookup for messages, or a generic phrase when the name is not a literal. */
export function envLabel(value: PyValue): string {
  return value.kind === "env" && value.name ? codeSpan(value.name) : "the environment variable";
}

/** The line of the module's first `from X import *`, where inherited values come in; line 1 otherwise. */
export function starImportLocation(ctx: SettingsContext): Location {
  for (const stmt of ctx.root.namedChildren) {
    if (stmt.type === "import_from_statement" && stmt.namedChildren.some((c) => c.type === "wildcard_import")) return stmt;
  }
  return { line: 1 };
}

const LITERAL = new Set(["true", "false", "none", "integer", "string"]);

/**
 * A fix replacing the literal value of a one-line module-level assignment (`NAME = False`) with `text`,
 * keeping indentation and any trailing comment. Undefined when the value is not a plain literal.
 */
export function replaceValueFix(ctx: SettingsContext, a: SettingAssignment, text: string): Fix | undefined {
  const v = a.valueNode;
  if (a.op !== "=" || !LITERAL.has(v.type)) return undefined;
  const row = a.node.startPosition.row;
  if (a.node.endPosition.row !== row || v.startPosition.row !== row) return undefined;
  const line = ctx.lines[row];
  // tree-sitter columns count bytes: only splice lines whose code part is ASCII.
  if (line === undefined || !/^[\x20-\x7e\t]*$/.test(line.slice(0, v.endPosition.column))) return undefined;
  return { line: row + 1, endLine: row + 1, replacement: line.slice(0, v.startPosition.column) + text + line.slice(v.endPosition.column) };
}

/** A fix deleting the statement's lines, when it is a module-level statement alone on its lines. */
export function deleteStatementFix(ctx: SettingsContext, a: SettingAssignment): Fix | undefined {
  const stmt = a.node.parent;
  if (stmt?.type !== "expression_statement" || stmt.parent?.type !== "module") return undefined;
  const first = stmt.startPosition.row;
  const last = stmt.endPosition.row;
  if (ctx.lines[first]?.slice(0, stmt.startPosition.column).trim()) return undefined;
  const rest = ctx.lines[last]?.slice(stmt.endPosition.column).trim() ?? "";
  if (rest && !rest.startsWith("#")) return undefined;
  return { line: first + 1, endLine: last + 1, replacement: "" };
}

/**
 * Checks a boolean setting a production module must turn on. Message ids the rule must define:
 * `disabled` (explicit false value; gets a fix), `fallbackOff` ({{env}}: an environment lookup with a false
 * fallback), `inheritedOff` ({{from}}: a false value from a star-imported module; file-level) and `missing`
 * (file-level, only when every star import was resolved).
 */
export function requireTrue(ctx: SettingsContext, name: string): void {
  const source = settingSource(ctx, name);
  if (source.kind === "missing") {
    ctx.reportFile("missing");
    return;
  }
  if (source.kind === "unknown") return;
  const a = source.assignment;
  if (truthiness(a.value) !== false) return;
  if (source.kind === "inherited") {
    ctx.reportFile("inheritedOff", { from: a.path }, starImportLocation(ctx));
  } else if (a.value.kind === "env") {
    ctx.report(a.node, "fallbackOff", { env: envLabel(a.value) });
  } else {
    const fix = replaceValueFix(ctx, a, "True");
    ctx.report(a.node, "disabled", {}, fix ? { fix } : {});
  }
}
