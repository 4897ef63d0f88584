import type { PythonContext } from "../../src/core/analysis/define-rule.js";
import { taintHits } from "../../src/core/analysis/taint/analyze-taint.js";
import { isRedirectSafeField } from "../../src/core/analysis/project-index.js";
import type { SinkKind, TaintHit } from "../../src/core/analysis/taint/types.js";

/** The two messages every data-flow rule has: the data was stored in a variable first, or used directly. */
export function flowMessages(consequence: string, advice: string): { fromVariable: string; fromSource: string } {
  return {
    fromVariable: `\`{{name}}\` comes from {{source}} (line {{sourceLine}}) and reaches \`{{sink}}\` (line {{line}}), ${consequence}. ${advice}`,
    fromSource: `{{source}} (line {{sourceLine}}) reaches \`{{sink}}\` (line {{line}}), ${consequence}. ${advice}`,
  };
}

/** Reports each sink of `kind` reached by request data, with the path as the finding's trace. */
export function reportTaint(ctx: PythonContext, kind: SinkKind, confidenceOf?: (hit: TaintHit) => "low" | undefined): void {
  for (const hit of taintHits(ctx.root, ctx.imports, ctx.path, kind)) {
    // A form field whose clean method lets only local URLs through (checked in the form's module).
    if (kind === "redirect" && isRedirectSafeField(ctx.project.index, hit.origin.label)) continue;
    const data = {
      name: hit.origin.name ?? "",
      source: hit.origin.label,
      sourceLine: hit.origin.line,
      sink: hit.sink,
      line: hit.node.startPosition.row + 1,
    };
    const confidence = confidenceOf?.(hit);
    ctx.report(hit.node, hit.origin.name ? "fromVariable" : "fromSource", data, confidence ? { trace: hit.trace, confidence } : { trace: hit.trace });
  }
}
