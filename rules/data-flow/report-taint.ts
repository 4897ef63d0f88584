import type { PythonContext } from "../../src/core/analysis/define-rule.js";
import { taintHits } from "../../src/core/analysis/taint/analyze-taint.js";
import { isHelperFunction, isRedirectSafeField } from "../../src/core/analysis/project-index.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import type { SinkKind } from "../../src/core/analysis/taint/types.js";

/** The two messages every data-flow rule has: the data was stored in a variable first, or used directly. */
export function flowMessages(consequence: string, advice: string): { fromVariable: string; fromSource: string } {
  return {
    fromVariable: `\`{{name}}\` comes from {{source}} (line {{sourceLine}}) and reaches \`{{sink}}\` (line {{line}}), ${consequence}. ${advice}`,
    fromSource: `{{source}} (line {{sourceLine}}) reaches \`{{sink}}\` (line {{line}}), ${consequence}. ${advice}`,
  };
}

/** Reports each sink of `kind` reached by request data, with the path as the finding's trace. */
export function reportTaint(ctx: PythonContext, kind: SinkKind): void {
  for (const hit of taintHits(ctx.root, ctx.imports, ctx.path, kind)) {
    // A form field whose clean method lets only local URLs through (checked in the form's module).
    if (kind === "redirect" && isRedirectSafeField(ctx.project.index, hit.origin.label)) continue;
    // A "URL parameter" of a function the project index shows is a helper other modules call, not a routed view.
    if (hit.origin.label.startsWith("URL parameter") && isHelperFunction(ctx.project.index, topLevelFunctionAt(ctx.root, hit.origin.line) ?? "")) continue;
    const data = {
      name: hit.origin.name ?? "",
      source: hit.origin.label,
      sourceLine: hit.origin.line,
      sink: hit.sink,
      line: hit.node.startPosition.row + 1,
    };
    ctx.report(hit.node, hit.origin.name ? "fromVariable" : "fromSource", data, { trace: hit.trace });
  }
}

/** The name of the module-level function whose `def` is on `line` (1-based). */
function topLevelFunctionAt(root: SyntaxNode, line: number): string | undefined {
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" && def.startPosition.row + 1 === line) return def.childForFieldName("name")?.text;
  }
  return undefined;
}
