import type { PythonContext, ReportOptions } from "../../src/core/analysis/define-rule.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import { taintHits } from "../../src/core/analysis/taint/analyze-taint.js";
import {
  callsSecretCheckHelper, callsSecretCheckMethod, isBoundedUrlParam, isHelperFunction, isRedirectSafeField, isSegmentUrlParam, isUncapturedUrlParam, SECRET_CHECK, type ProjectIndex,
} from "../../src/core/analysis/project-index.js";
import type { SinkKind, TaintHit } from "../../src/core/analysis/taint/types.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { superuserOnly } from "./staff-only.js";

// `if not settings.DEBUG:` (or a DEV/DEVELOPMENT flag) and a body that refuses the request.
const DEV_FLAG = /^not\s+(?:settings\.)?(?:DEBUG|DEV|DEVELOPMENT|DEV_MODE)$/;
const REFUSES = /^\s*(?:raise\s+(?:[\w.]*\.)?(?:Http404|PermissionDenied)\b|return\s+(?:[\w.]*\.)?HttpResponse(?:NotFound|Forbidden)\b)/;

/**
 * True when the function holding `line` starts by refusing the request unless DEBUG (or a development flag) is
 * on: `if not settings.DEBUG: raise Http404`. Such a view only exists on a developer's machine.
 */
export function devOnlyFunction(root: SyntaxNode, line: number): boolean {
  const at = root.descendantForPosition({ row: line - 1, column: 0 }, { row: line - 1, column: 1000 });
  const fn = at.type === "function_definition" ? at : enclosingFunction(at);
  const body = fn?.childForFieldName("body")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
  for (const stmt of body.slice(0, 3)) {
    if (stmt.type !== "if_statement") continue;
    const cond = stmt.childForFieldName("condition")?.text.replace(/\s+/g, " ").trim() ?? "";
    const then = stmt.childForFieldName("consequence")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    if (DEV_FLAG.test(cond) && then.length === 1 && REFUSES.test(then[0].text)) return true;
  }
  return false;
}

/** Sinks where a superuser's own request data is no attack: they could do as much through the admin and their permissions. */
const SUPERUSER_TRUSTED = new Set<SinkKind>(["path", "command", "code", "ssrf", "orm-field"]);

// The request's own URL: a signature over it covers the URL parameters (and, with the query string, the GET values).
const FULL_URL = /\brequest\.(?:get_full_path|get_full_path_info|build_absolute_uri)\(/;
const URL_PATH = /\brequest\.(?:path|path_info)\b/;

/**
 * True when the function holding `line` refuses the request unless a signature over the value checks out before
 * anything else: `signed = SignedUrl(request.get_full_path())` then `if not signed.is_authorized(): return
 * HttpResponseForbidden()`. The check is Django's signing, a constant-time compare or HMAC in the condition, or a
 * project function or method one hop away whose body does one of those. A signed value is one the server produced.
 */
export function signedRequestValue(root: SyntaxNode, line: number, source: string, index: ProjectIndex | undefined): boolean {
  const param = /^URL parameter `(\w+)`$/.exec(source)?.[1];
  const query = /\brequest\.GET\b/.test(source);
  if (!param && !query) return false;
  const at = root.descendantForPosition({ row: line - 1, column: 0 }, { row: line - 1, column: 1000 });
  const fn = at.type === "function_definition" ? at : enclosingFunction(at);
  const body = fn?.childForFieldName("body")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
  let before = "";
  for (const stmt of body.slice(0, 4)) {
    const cond = stmt.type === "if_statement" ? stmt.childForFieldName("condition") : null;
    const then = stmt.childForFieldName("consequence")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    if (cond?.type === "not_operator" && then.length === 1 && REFUSES.test(then[0].text)) {
      const check = cond.text;
      const verifies = SECRET_CHECK.test(check) || callsSecretCheckHelper(index, check) || callsSecretCheckMethod(index, check);
      const signed = before + check;
      const covers = FULL_URL.test(signed) || (param !== undefined && (URL_PATH.test(signed) || new RegExp(`\\b${param}\\b`).test(check)));
      if (verifies && covers) return true;
    }
    before += stmt.text + "\n";
  }
  return false;
}

/** The two messages every data-flow rule has: the data was stored in a variable first, or used directly. */
export function flowMessages(consequence: string, advice: string): { fromVariable: string; fromSource: string } {
  return {
    fromVariable: `\`{{name}}\` comes from {{source}} (line {{sourceLine}}) and reaches \`{{sink}}\` (line {{line}}), ${consequence}. ${advice}`,
    fromSource: `{{source}} (line {{sourceLine}}) reaches \`{{sink}}\` (line {{line}}), ${consequence}. ${advice}`,
  };
}

/** How a rule judges one hit: its severity and confidence, and the pair of messages (see `flowMessages`) to report it with. */
export type HitJudgement = Pick<ReportOptions, "severity" | "confidence"> & { messageIds?: { fromVariable: string; fromSource: string } };

/**
 * Reports each sink of `kind` reached by request data, with the path as the finding's trace. `judge` may
 * lower a hit's severity or confidence from what the rule knows about its source, pick the messages of a variant
 * of the hazard (or return null to drop it).
 */
export function reportTaint(ctx: PythonContext, kind: SinkKind, judge?: (hit: TaintHit) => HitJudgement | null): void {
  for (const hit of taintHits(ctx.root, ctx.imports, ctx.path, kind, { catchAllRoute: !!ctx.project.index?.catchAllRoute, textKeyModels: ctx.project.index?.textKeyModels, forms: ctx.project.index?.forms })) {
    // A form field whose clean method lets only local URLs through (checked in the form's module).
    if (kind === "redirect" && isRedirectSafeField(ctx.project.index, hit.origin.label)) continue;
    // A URL parameter every URL pattern limits to fixed words or digits carries no text an attacker can shape.
    if (isBoundedUrlParam(ctx.project.index, hit.origin.label)) continue;
    // A "URL parameter" of a function the project index shows is a helper other modules call, not a routed view.
    if (hit.origin.label.startsWith("URL parameter") && isHelperFunction(ctx.project.index, topLevelFunctionAt(ctx.root, hit.origin.line) ?? "", ctx.path)) continue;
    // `redirect(f"/{username}")` where every route to the view captures `username` without `/` or `\\`: a path here.
    if (kind === "redirect" && hit.head === "/" && segmentParamOfView(ctx, hit)) continue;
    const data = {
      name: hit.origin.name ?? "",
      source: hit.origin.label,
      sourceLine: hit.origin.line,
      sink: hit.sink,
      line: hit.node.startPosition.row + 1,
    };
    const judged = judge ? judge(hit) : {};
    if (judged === null) continue;
    const { messageIds, ...adjusted } = judged;
    // Request data read in a development-only view: listed at low confidence, not commented.
    if (devOnlyFunction(ctx.root, hit.origin.line)) adjusted.confidence = "low";
    // A value whose signature the view verified first was produced by the server: listed, not commented.
    else if (signedRequestValue(ctx.root, hit.origin.line, hit.origin.label, ctx.project.index)) adjusted.confidence = "low";
    // A view argument no URL pattern captures, on a view a project decorator wraps: the decorator supplies it.
    else if (decoratorSuppliedArgument(ctx, hit)) adjusted.confidence = "low";
    // A view only superusers reach: they hold every permission already, so a path, command, code, URL or field name
    // they send is theirs to choose. Listed, not commented. (Staff checks do not count: staff may hold few permissions.)
    else if (SUPERUSER_TRUSTED.has(kind) && superuserOnly(hit.node, ctx.project.index?.superuserDecorators)) adjusted.confidence = "low";
    const ids = messageIds ?? { fromVariable: "fromVariable", fromSource: "fromSource" };
    ctx.report(hit.node, hit.origin.name ? ids.fromVariable : ids.fromSource, data, { trace: hit.trace, ...adjusted });
  }
}

/** True when the hit's source is a URL parameter of the view that every route to it keeps within one path segment. */
export function segmentParamOfView(ctx: PythonContext, hit: TaintHit): boolean {
  const param = /^URL parameter `(\w+)`$/.exec(hit.origin.label)?.[1];
  const view = param ? topLevelFunctionAt(ctx.root, hit.origin.line) : undefined;
  return !!param && !!view && isSegmentUrlParam(ctx.project.index, view, param);
}

/** The name of the module-level function whose `def` is on `line` (1-based). */
export function topLevelFunctionAt(root: SyntaxNode, line: number): string | undefined {
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" && def.startPosition.row + 1 === line) return def.childForFieldName("name")?.text;
  }
  return undefined;
}

/** Decorators from these packages check or cache; they never replace a view's arguments. */
const FRAMEWORK_DECORATOR = /^(?:django|rest_framework|functools)\./;

/**
 * True when the source is a view parameter that no URL pattern of the project captures (`foirequest` where the
 * URLconf captures `slug`) and a decorator of the project wraps the view: such a decorator (`def inner(request,
 * slug): obj = get_object_or_404(...); return func(request, obj)`) passes in what it loaded, not the URL's text.
 */
function decoratorSuppliedArgument(ctx: PythonContext, hit: TaintHit): boolean {
  if (!isUncapturedUrlParam(ctx.project.index, hit.origin.label)) return false;
  const def = ctx.root.descendantsOfType("function_definition").find((d) => d.startPosition.row + 1 === hit.origin.line);
  const decorated = def?.parent?.type === "decorated_definition" ? def.parent : null;
  for (const d of decorated?.namedChildren ?? []) {
    if (d.type !== "decorator") continue;
    const expr = d.namedChildren[0];
    const name = expr?.type === "call" ? expr.childForFieldName("function") : expr;
    const q = ctx.imports.qualifyNode(name) ?? name?.text ?? "";
    if (!FRAMEWORK_DECORATOR.test(q)) return true;
  }
  return false;
}
