import Parser from "tree-sitter";
import type { MatchContext, PythonContext } from "../../src/core/analysis/define-rule.js";
import { pythonLanguage } from "../../src/core/analysis/parse-python.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/**
 * Tree-sitter patterns for code that sets a response header: `response["X"] = v`,
 * `response.headers["X"] = v`, `response.setdefault("X", v)`, `headers={"X": v}`.
 * Captures `@header` (the name string) and `@hvalue`.
 */
export const HEADER_WRITE_QUERY = `
  (assignment left: (subscript subscript: (string) @header) right: (_) @hvalue)
  (call function: (attribute attribute: (identifier) @method (#match? @method "^(setdefault|__setitem__)$"))
        arguments: (argument_list . (string) @header . (_) @hvalue))
  (pair key: (string) @header value: (_) @hvalue)
`;

/** The header name a captured `@header` string spells, lower-cased. */
export function headerName(node: SyntaxNode | undefined): string | undefined {
  const v = node ? stringValue(node) : undefined;
  return v?.trim().toLowerCase();
}

/** True for a statement inside a function or class body (not a module-level setting). */
export function insideDefinition(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_definition" || p.type === "class_definition" || p.type === "lambda") return true;
  }
  return false;
}

const DEBUG_GUARD = /^\s*(settings\.)?DEBUG\s*$|\bDEBUG\s*(==|is)\s*True\b|\btest|TESTING\b|sys\.argv/;

/** True for a statement in the body of an `if DEBUG:` or test-run switch. */
export function underDevGuard(node: SyntaxNode): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type !== "if_statement" && p.type !== "elif_clause") continue;
    const body = p.childForFieldName("consequence");
    const cond = p.childForFieldName("condition");
    if (body?.id === child.id && cond && DEBUG_GUARD.test(cond.text)) return true;
  }
  return false;
}

/**
 * A query run only on files whose text passes a cheap test. Header rules match common shapes
 * (subscript assignments, method calls, dict entries), so putting them in the shared query would
 * materialise a match for most statements of every file; a text test skips nearly all files.
 */
export function gatedQuery(hint: RegExp, source: string): (ctx: PythonContext, check: (m: MatchContext) => void) => void {
  let query: Parser.Query | undefined;
  return (ctx, check) => {
    if (!hint.test(ctx.text)) return;
    query ??= new Parser.Query(pythonLanguage(), source);
    for (const match of ctx.root.tree.matches(query, ctx.root)) {
      const capture = (name: string) => match.captures.find((c) => c.name === name)?.node;
      check({
        ...ctx,
        node(name) {
          const n = capture(name);
          if (!n) throw new Error(`no capture @${name} in this match`);
          return n;
        },
        maybe: capture,
        nodes: (name) => match.captures.filter((c) => c.name === name).map((c) => c.node),
        captureText: (name) => match.captures.find((c) => c.name === name)?.text,
      });
    }
  };
}
