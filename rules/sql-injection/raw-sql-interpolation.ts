import { defineRule, type Report } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { confidenceFromCode } from "../../src/core/analysis/project-index.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode, TraceStep } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED, TRACKED_METHODS } from "./call-index.js";
import { codeText, enclosingScope, walkStatements, judgeText, keywordArg, positionalArgs, type JudgeOptions, type Verdict } from "./string-building.js";

const EXTRA_SQL_ARGS = ["where", "select", "tables", "order_by"];
const CURSOR_NAME = /^(cur|cursor|db_cursor|crs)$|_(cur|cursor)$|^(cur|cursor)_/i;

// Values that cannot carry SQL syntax (besides numbers): quoted identifiers, table names from model
// metadata, settings, and psycopg's `sql` composition objects, which quote what they format.
function isSafeSqlValue(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const name = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
    if (name === "quote_name" || name === "qn") return true;
    // Django's own compiled SQL: `qs.query.where.as_sql(compiler, connection)`, `qs.query.sql_with_params()`.
    if (name === "as_sql" || name === "sql_with_params") return true;
    if (name === "replace" && isQuoteDoubling(node)) return true;
    return isPsycopgComposable(node, imports);
  }
  // `compiled[0]` of `compiled = ....as_sql(compiler, connection)`, or `....as_sql(...)[0]`.
  if (node.type === "subscript") {
    const value = node.childForFieldName("value");
    if (value && isSafeSqlValue(value, imports)) return true;
    if (value?.type === "identifier" && compiledSqlName(value)) return true;
  }
  if (node.type === "attribute") {
    const text = node.text.replace(/\s+/g, "");
    if (/(^|\.)_meta\./.test(text) || /\.db_table$/.test(text)) return true;
    return (imports.qualifyNode(node) ?? "").startsWith("django.conf.settings.");
  }
  return false;
}

/** True when the name is assigned, in its function, only from Django's SQL compiler (`as_sql`/`sql_with_params`). */
function compiledSqlName(name: SyntaxNode): boolean {
  const scope = enclosingScope(name);
  const body = scope?.childForFieldName("body") ?? scope;
  if (!body) return false;
  let seen = 0;
  let all = true;
  walkStatements(body, (type, current) => {
    if (type !== "assignment") return;
    const a = current();
    if (a.childForFieldName("left")?.text !== name.text) return;
    seen++;
    if (!/\.(?:as_sql|sql_with_params)\(/.test(a.childForFieldName("right")?.text ?? "")) all = false;
  });
  return seen > 0 && all;
}

// x.replace('"', '""') and x.replace("'", "''"): the SQL way of quoting an identifier or a literal by hand.
function isQuoteDoubling(call: SyntaxNode): boolean {
  const [from, to] = positionalArgs(call).map((a) => (a.type === "string" ? stringValue(a) : undefined));
  return (from === '"' && to === '""') || (from === "'" && to === "''");
}

function isPsycopgComposable(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type !== "call") return false;
  const fn = node.childForFieldName("function");
  const q = imports.qualifyNode(fn) ?? "";
  if (q.startsWith("psycopg2.sql.") || q.startsWith("psycopg.sql.")) return true;
  // sql.SQL("... {}").format(sql.Identifier(t)) and sql.SQL(", ").join(...)
  const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
  return (method === "format" || method === "join") && object !== null && isPsycopgComposable(object, imports);
}

// A parameter or attribute named for SQL (`sql`, `p_sql`, `base_sql`, `sql_where`) holds SQL text to compose
// (`"SELECT * FROM (" + sql + ") t LIMIT 1"`), not a value to quote; a value in it entered where that text was built.
function isSqlText(node: SyntaxNode): boolean {
  const name = node.type === "attribute" ? node.childForFieldName("attribute")?.text : node.text;
  return (name ?? "").toLowerCase().split("_").includes("sql");
}

// `execute` is a common method name (task runners, GraphQL clients, SQLAlchemy sessions): only receivers
// that look like a DB-API cursor are checked.
function plausibleCursor(recv: SyntaxNode): boolean {
  if (recv.type === "call") return isCursorCall(recv);
  const name = recv.type === "identifier" ? recv.text : recv.type === "attribute" ? recv.childForFieldName("attribute")?.text : undefined;
  if (!name) return false;
  if (CURSOR_NAME.test(name)) return true;
  return recv.type === "identifier" && boundFromCursorCall(enclosingScope(recv), name);
}

function isCursorCall(node: SyntaxNode | null | undefined): boolean {
  if (node?.type !== "call") return false;
  const fn = node.childForFieldName("function");
  return fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "cursor";
}

const cursorNames = new WeakMap<SyntaxNode, Map<number, Set<string>>>();

/** True when `name` is bound in `scope` by `name = x.cursor()` or `with x.cursor() as name`. */
function boundFromCursorCall(scope: SyntaxNode, name: string): boolean {
  const root = scope.tree.rootNode;
  let perTree = cursorNames.get(root);
  if (!perTree) cursorNames.set(root, (perTree = new Map()));
  let names = perTree.get(scope.id);
  if (!names) perTree.set(scope.id, (names = namesBoundToCursors(scope)));
  return names.has(name);
}

function namesBoundToCursors(scope: SyntaxNode): Set<string> {
  const names = new Set<string>();
  walkStatements(scope.type === "module" ? scope : scope.childForFieldName("body") ?? scope, (type, current) => {
    if (type === "assignment") {
      const node = current();
      const left = node.childForFieldName("left");
      if (left?.type === "identifier" && isCursorCall(node.childForFieldName("right"))) names.add(left.text);
    } else if (type === "as_pattern") {
      const node = current();
      const alias = node.childForFieldName("alias")?.namedChildren[0];
      if (alias?.type === "identifier" && isCursorCall(node.namedChildren[0])) names.add(alias.text);
    }
  });
  return names;
}

function checkCall(call: SyntaxNode, opts: JudgeOptions, report: Report): void {
  const fn = call.childForFieldName("function")!;
  const method = fn.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;

  if (method === "extra") {
    for (const arg of EXTRA_SQL_ARGS) {
      const value = keywordArg(call, arg);
      if (!value) continue;
      const items = value.type === "dictionary"
        ? value.namedChildren.flatMap((p) => (p.type === "pair" ? [p.childForFieldName("value")!] : []))
        : value.type === "list" || value.type === "tuple" ? value.namedChildren.filter((c) => c.type !== "comment") : [value];
      for (const item of items) {
        const v = judgeText(item, opts);
        if (v.kind === "built") {
          report(call, "interpolatedExtra", { arg, how: v.how }, { trace: trace(v, call), key: arg, confidence: confidenceFromCode(v.at.text) });
          return;
        }
      }
    }
    return;
  }

  if ((method === "execute" || method === "executemany") && !plausibleCursor(fn.childForFieldName("object")!)) return;
  const sql = positionalArgs(call)[0] ?? keywordArg(call, "sql") ?? keywordArg(call, "raw_query") ?? keywordArg(call, "query");
  if (!sql) return;
  const v = judgeText(sql, opts);
  if (v.kind !== "built") return;
  const callName = codeText(fn).replace(/\s+/g, "");
  const inCall = v.at.startIndex >= call.startIndex && v.at.endIndex <= call.endIndex;
  if (inCall || sql.type !== "identifier") {
    report(call, "interpolatedSql", { call: callName, how: v.how }, { trace: trace(v, call), confidence: confidenceFromCode(v.at.text) });
  } else {
    report(call, "interpolatedSqlVariable", { name: sql.text, how: v.how, line: v.at.startPosition.row + 1, call: callName }, { trace: trace(v, call), confidence: confidenceFromCode(v.at.text) });
  }
}

function trace(verdict: Verdict & { kind: "built" }, call: SyntaxNode): TraceStep[] | undefined {
  const built = verdict.at.startPosition.row + 1;
  const run = call.startPosition.row + 1;
  if (built === run) return undefined;
  return [
    { line: built, label: `SQL built with ${verdict.how}` },
    { line: run, label: "SQL run" },
  ];
}

export default defineRule({
  id: "raw-sql-interpolation",
  severity: "high",
  confidence: "high",
  cwe: 89,
  owasp: "A03:2021",
  guideSection: "sql-injection",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/db/sql/",
  docs: {
    what:
      "Finds raw SQL (`Manager.raw()`, `cursor.execute()`/`executemany()`, `RawSQL()`, `QuerySet.extra()`) whose SQL text is built with an f-string, `%` formatting, `.format()` or `+` concatenation of a non-constant value, in the call or in a local variable of the same function.",
    why:
      "Django escapes values only when they are passed separately as query parameters. A value pasted into the SQL text can close the string literal and add its own SQL, reading or changing any table the database user can reach.",
    example:
      "from django.db import connection\n\ndef find_user(username):\n    with connection.cursor() as cursor:\n        cursor.execute(f\"SELECT * FROM auth_user WHERE username = '{username}'\")\n        return cursor.fetchone()\n",
    summary: "Finds raw SQL whose text is built with f-strings, %, .format() or + from non-constant values.",
    good: "from django.db import connection\n\ndef find_user(username):\n    with connection.cursor() as cursor:\n        cursor.execute(\"SELECT * FROM auth_user WHERE username = %s\", [username])\n        return cursor.fetchone()\n",
    fix:
      "Keep the SQL constant and pass values as parameters: `cursor.execute(\"SELECT * FROM auth_user WHERE username = %s\", [username])`, `User.objects.raw(\"... WHERE id = %s\", [pk])`, `RawSQL(\"... = %s\", (value,))`. Better still, use the ORM. Table and column names cannot be parameters: take them from a fixed allow-list or quote them with `connection.ops.quote_name()`.",
    note:
      "Not flagged: constant SQL, constant concatenations, `%` with only constant values or only numeric conversions (`%d`), numbers (`int(x)`, `obj.pk`, `{n:d}`), `connection.ops.quote_name()`, `Model._meta.db_table`, `settings.*` values, quotes doubled by hand (`name.replace('\"', '\"\"')`), psycopg's `sql.SQL(...).format(sql.Identifier(...))`, placeholder lists such as `\", \".join([\"%s\"] * len(ids))`, and SQL text taken from a parameter or attribute named for it (`\"SELECT * FROM (\" + sql + \") t\"` with `sql` or `base_sql` passed in), which is checked where it is built. `execute` is checked only on receivers that look like a database cursor (bound from `.cursor()` or named like `cursor`/`cur`). Values that reach SQL through other functions are the job of the data-flow rules.",
  },
  mentions: /raw|RawSQL|execute|extra/,
  messages: {
    interpolatedSql: "SQL for `{{call}}` is built with {{how}}, so a value can change the query. Use `%s` placeholders and pass the values as params.",
    interpolatedSqlVariable:
      "`{{name}}` is built with {{how}} on line {{line}} and run by `{{call}}`, so a value can change the query. Use `%s` placeholders and pass the values as params.",
    interpolatedExtra:
      "SQL in `extra({{arg}}=...)` is built with {{how}}, so a value can change the query. Use `%s` placeholders with `params`/`select_params`, or an ORM expression instead of `extra()`.",
  },
  checkModule({ root, text, imports, report }) {
    const index = callIndex(root, imports, text);
    const calls = [...TRACKED_METHODS].flatMap((m) => index.methods.get(m) ?? []).concat(callsTo(index, ...TRACKED.rawSql));
    calls.sort((a, b) => a.startIndex - b.startIndex);
    const opts: JudgeOptions = { imports, isSafeValue: isSafeSqlValue, isSafeInput: isSqlText };
    for (const call of calls) checkCall(call, opts, report);
  },
});
