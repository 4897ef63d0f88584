// Where views load one object by an id the request chose, and whether they check who may touch it.
// Shared by the object-level authorization rules; the module is read once per file and cached.
import type { ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { classMethods, decoratorTarget, moduleClasses, usedAsBase, type ClassInfo } from "./class-views.js";

/** A function that handles a request: a function view, or a method of a class-based view or viewset. */
export interface ViewFn {
  node: SyntaxNode;
  name: string;
  nameNode: SyntaxNode;
  decorators: SyntaxNode[];
  cls?: ClassInfo;
  /** Parameters other than self/request/*args/**kwargs: values captured from the URL. */
  urlParams: Set<string>;
}

/** One object loaded by an id: `get_object_or_404(M, pk=x)`, `M.objects.get(id=x)`, `M.objects.filter(pk=x).first()`. */
export interface Lookup {
  view: ViewFn;
  call: SyntaxNode;
  model: string;
  /** The variable the object is assigned to, if any. */
  object?: string;
  /** The lookup keyword and the request value it uses (`pk`, `fid`). */
  key: string;
  source: string;
  /** The source is the request body or query string (not a URL-captured argument). */
  fromBody: boolean;
  /** A keyword ties the query to a user or tenant whose value the request chose (`user_id=request.POST[...]`). */
  requestChosenOwner?: string;
  /** The query is tied to the requesting user, or goes through a queryset the analysis cannot see. */
  scoped: boolean;
  /** The query is tied to the requesting user by name (`user=request.user`, `request.user.things`). */
  userScoped: boolean;
  /**
   * The query could be tied to the requesting user: `userScoped`, a tenant keyword the code chose, or a queryset call
   * given arguments (`Item.objects.for_user(user)`). A call with none (`Institution.objects.get_all_institutions()`,
   * `.active()`) narrows the rows the same way for every user, so it is no evidence of a per-user scope.
   */
  mayScopeToUser: boolean;
  /** The keyword arguments of the query, as text. */
  kwText: string;
  /** The view checks something about this object, its id, or raises a permission error. */
  checked: boolean;
  /** Name of the call that checks this object (for messages about sibling views). */
  checkName?: string;
  /** A permission call of the view that does not involve this object (`user_has_global_permission_or_403(request.user, "add")`). */
  globalCheck?: string;
  /** The query only asks whether a row exists (`filter(slug=x).exists()`): nothing of the object is used. */
  existsOnly: boolean;
  /** Every refusal in the view (`return HttpResponse(status=403)`) is guarded by authentication tests only (`is_authenticated`, `is_staff`). */
  authOnly: boolean;
  /** The object and the names the view binds to parts of it (`indexer = user.indexer`). */
  parts: string[];
  /** The view refuses unless the requesting user holds a permission (`if not request.user.has_perm("app.can_mentor"): return ...`). */
  roleGate: boolean;
}

const ID_KEY = /^(pk|id|slug|uuid|pk__in|id__in|pk__exact|id__exact)$|(_id|_pk|_slug|_uuid|__id|__pk|__slug|__uuid)$/;
const OWNER_KEY = /^(user|owner|author|creator|created_by|uploaded_by|account|member|profile)(_id|__id|__pk|_pk)?$/;
const REQUEST_DATA = /\b(?:self\.)?request\.(?:GET|POST|data|query_params|REQUEST|FILES|body|headers|COOKIES)\b|\bjson\.loads\s*\(\s*(?:self\.)?request\.body/;
const KWARGS = /\b(?:self\.)?kwargs\s*(?:\[|\.get\s*\()/;
const REQUEST_USER = /\b(?:self\.)?request\.user\b|\bget_current_user\s*\(/;
const NOT_URL_PARAMS = new Set(["self", "cls", "request", "args", "kwargs", "format", "form", "queryset", "obj", "instance"]);
// Decorators that change nothing about who may see an object.
const NEUTRAL_DECORATOR = /(^|\.)(login_required|require_(GET|POST|safe|http_methods)|require_POST|csrf_\w+|ensure_csrf_cookie|never_cache|cache_\w+|vary_on_\w+|atomic|api_view|renderer_classes|parser_classes|throttle_classes|authentication_classes|extend_schema\w*|swagger_auto_schema|xframe_options_\w+|gzip_page|condition|etag|last_modified|sensitive_\w+|transaction\.\w+|staticmethod|classmethod|property|cached_property|wraps|method_decorator|deprecated|action|detail_route|list_route|permission_classes|schema|overload)$/;
// `access` as in `has_access`, `check_access`; not `get_accessories()`.
const CHECK_CALL = /perm|authori[sz]|access(?!or)|allowed|can_(view|edit|change|delete|access|read|write|manage|see)|may_|_or_403|forbid|owner|is_member|is_manager|belongs|visible_to|check_object|check_token/i;
// A project's own refusal raised like Django's `PermissionDenied` (`raise Http403`, `raise Forbidden()`,
// `raise errors.AccessDenied`): a class named for the 403 it stands for, which a middleware or handler answers.
export const RAISE_FORBIDDEN = /\braise\s+(?:\w+\.)*(?:Http403|\w*Forbidden|\w*AccessDenied)\b/;
const DENY = new RegExp(
  `\\bPermissionDenied\\b|\\bHttpResponseForbidden\\b|\\bstatus=40[13]\\b|HTTP_40[13]_|\\bNotAuthenticated\\b|\\braise\\s+Http404\\b|\\bhandle_no_permission\\b|\\bredirect_to_login\\b|${RAISE_FORBIDDEN.source}`,
);

const cache = new WeakMap<SyntaxNode, Lookup[]>();

function params(fn: SyntaxNode): string[] {
  const out: string[] = [];
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    const id = p.type === "identifier" ? p : p.childForFieldName("name") ?? p.namedChildren.find((c) => c.type === "identifier");
    if (id?.type === "identifier" && !["list_splat_pattern", "dictionary_splat_pattern"].includes(p.type)) out.push(id.text);
  }
  return out;
}

function decoratorsOf(def: SyntaxNode): SyntaxNode[] {
  const parent = def.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((c) => c.type === "decorator").flatMap((d) => d.namedChildren.filter((c) => c.type !== "comment"));
}

const calledCache = new WeakMap<SyntaxNode, Map<string, number>>();

/** True when the module calls `name(...)` with arguments besides defining it. */
function calledInModule(root: SyntaxNode, name: string): boolean {
  let counts = calledCache.get(root);
  if (!counts) {
    counts = new Map();
    for (const m of root.text.matchAll(/(?<![\w.])(\w+)\(\s*[\w*]/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    calledCache.set(root, counts);
  }
  // One occurrence is the `def` itself.
  return (counts.get(name) ?? 0) > 1;
}

const viewsCache = new WeakMap<SyntaxNode, ViewFn[]>();

/** Function views (first parameter `request`) and methods of classes that read the request (found once per module; callers do not change them). */
export function moduleViews(root: SyntaxNode): ViewFn[] {
  let views = viewsCache.get(root);
  if (!views) viewsCache.set(root, (views = findModuleViews(root)));
  return views;
}

function findModuleViews(root: SyntaxNode): ViewFn[] {
  const views: ViewFn[] = [];
  const bases = usedAsBase(moduleClasses(root));
  const make = (node: SyntaxNode, decorators: SyntaxNode[], cls?: ClassInfo): ViewFn | undefined => {
    const nameNode = node.childForFieldName("name");
    if (!nameNode) return undefined;
    const ps = params(node);
    const body = node.childForFieldName("body")?.text ?? "";
    // Mixins and bases get their checks from the concrete views that use them.
    if (cls && (/Mixin$|^Base|^Abstract/.test(cls.name) || bases.has(cls.name))) return undefined;
    // A module function is a view when it takes `request` first and is neither private (`_helper`) nor called
    // with arguments by the module's other functions (then it is their helper; views are wired up in urls.py).
    const isView = cls ? ps.includes("request") || /\bself\.(request|kwargs)\b/.test(body) : ps[0] === "request" && !nameNode.text.startsWith("_") && !calledInModule(root, nameNode.text);
    if (!isView) return undefined;
    const urlParams = new Set(ps.filter((p) => !NOT_URL_PARAMS.has(p)));
    return { node, name: nameNode.text, nameNode, decorators, cls, urlParams };
  };
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition") {
      const v = make(def, decoratorsOf(def));
      if (v) views.push(v);
    }
  }
  for (const cls of moduleClasses(root).values()) {
    for (const m of classMethods(cls)) {
      const v = make(m.node, m.decorators, cls);
      if (v) views.push(v);
    }
  }
  return views;
}

/**
 * The nodes a walk of each node visits, by tree and node id. A view's body is walked a dozen times (its request
 * names, each lookup's checks, the choices offered...), and `namedChildren` makes new node objects on every call:
 * in the load benchmark these walks were a fifth of a review's CPU. The list is built once per node and tree.
 */
const walkOrders = new WeakMap<object, Map<number, WalkOrder>>();

/**
 * A walk's nodes, and the nested functions and classes it left out, each with the length `order` had when it was
 * skipped: where its subtree goes in a walk that does not skip (see `namedDescendants`).
 */
interface WalkOrder {
  order: SyntaxNode[];
  skipped: [number, SyntaxNode][];
}

/** Calls `visit` on `node` and every named node under it, in document order, except nested functions and classes. */
function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  let byId = walkOrders.get(node.tree);
  if (!byId) walkOrders.set(node.tree, (byId = new Map()));
  let walked = byId.get(node.id);
  if (!walked) {
    walked = { order: [], skipped: [] };
    collectWalk(node, walked.order, true, walked.skipped);
    byId.set(node.id, walked);
  }
  const order = walked.order;
  for (let i = 0; i < order.length; i++) visit(order[i]);
}

function collectWalk(node: SyntaxNode, out: SyntaxNode[], scoped = true, skipped?: [number, SyntaxNode][]): void {
  out.push(node);
  const children = node.namedChildren;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    // Nested functions and classes are their own scope.
    if (scoped && (c.type === "function_definition" || c.type === "class_definition")) {
      skipped?.push([out.length, c]);
      continue;
    }
    collectWalk(c, out, scoped, skipped);
  }
}

const descendantOrders = new WeakMap<object, Map<number, SyntaxNode[]>>();

/** `node` and every named node under it, nested functions and classes included, in document order (built once per node). */
function namedDescendants(node: SyntaxNode): SyntaxNode[] {
  let byId = descendantOrders.get(node.tree);
  if (!byId) descendantOrders.set(node.tree, (byId = new Map()));
  let order = byId.get(node.id);
  if (!order) {
    order = [];
    const walked = walkOrders.get(node.tree)?.get(node.id);
    if (walked) {
      // The node was walked already: its order with the subtrees it skipped put back in place (no second walk).
      let from = 0;
      for (const [at, skippedNode] of walked.skipped) {
        for (; from < at; from++) order.push(walked.order[from]);
        collectWalk(skippedNode, order, false);
      }
      for (; from < walked.order.length; from++) order.push(walked.order[from]);
    } else collectWalk(node, order, false);
    byId.set(node.id, order);
  }
  return order;
}

const ident = (name: string) => new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);

type RequestNames = { url: Set<string>; body: Set<string>; users: Set<string> };

/** requestNames of each view, by tree and function node id: four of the rules' passes ask it of every view (callers do not change the sets). */
const requestNamesCache = new WeakMap<object, Map<number, RequestNames>>();

/** Names in the view bound (directly or through one assignment chain) to URL arguments or request data. */
function requestNames(view: ViewFn): RequestNames {
  let byId = requestNamesCache.get(view.node.tree);
  if (!byId) requestNamesCache.set(view.node.tree, (byId = new Map()));
  let names = byId.get(view.node.id);
  if (!names) byId.set(view.node.id, (names = computeRequestNames(view)));
  return names;
}

function computeRequestNames(view: ViewFn): RequestNames {
  const url = new Set(view.urlParams);
  const body = new Set<string>();
  const users = new Set<string>();
  const assigns: [string, string][] = [];
  walk(view.node.childForFieldName("body")!, (n) => {
    if (n.type !== "assignment") return;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left?.type === "identifier" && right) assigns.push([left.text, right.text]);
  });
  for (let round = 0; round < 3; round++) {
    for (const [name, rhs] of assigns) {
      // An object loaded by the id, or a form built from the request, is not itself an id.
      if (/\.objects\b|get_object_or_404|^[A-Z]\w*\(/.test(rhs)) continue;
      if (REQUEST_USER.test(rhs) && !/\bget\w*\s*\(/.test(rhs.replace(REQUEST_USER, ""))) users.add(name);
      else if (KWARGS.test(rhs) || [...url].some((u) => ident(u).test(rhs))) url.add(name);
      else if (REQUEST_DATA.test(rhs) || [...body].some((u) => ident(u).test(rhs))) body.add(name);
    }
  }
  for (const u of users) {
    url.delete(u);
    body.delete(u);
  }
  return { url, body, users };
}

function kwargsOf(call: SyntaxNode): { key: string; value: SyntaxNode }[] {
  const out: { key: string; value: SyntaxNode }[] = [];
  for (const a of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (a.type !== "keyword_argument") continue;
    const key = a.childForFieldName("name")?.text;
    const value = a.childForFieldName("value");
    if (key && value) out.push({ key, value });
  }
  return out;
}

const MODEL = /^[A-Z]\w*$/;

/** The model and queryset expression an object-loading call reads (`shortcut`: a `get_object_or_404`, whose first argument is the model, not a filter), or undefined for other calls. */
function lookupTarget(call: SyntaxNode, imports: ImportTable): { model: string; receiver: string; kwCall: SyntaxNode; shortcut?: boolean } | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "identifier" || fn.type === "attribute") {
    const q = imports.qualifyNode(fn) ?? fn.text;
    if (/(^|\.)get_object_or_404$/.test(q)) {
      const first = call.childForFieldName("arguments")?.namedChildren.find((c) => c.type !== "keyword_argument" && c.type !== "comment");
      if (!first) return undefined;
      const m = /^(\w+)(?:\.objects\b.*)?$/s.exec(first.text);
      if (!m || !MODEL.test(m[1])) return undefined;
      return { model: m[1], receiver: first.text, kwCall: call, shortcut: true };
    }
  }
  if (fn.type !== "attribute") return undefined;
  const method = fn.childForFieldName("attribute")?.text;
  const object = fn.childForFieldName("object");
  if (!object) return undefined;
  // M.objects.get(pk=x) / M.objects.select_related(...).get(pk=x)
  if (method === "get") {
    const m = /^(\w+)\.objects\b/.exec(object.text);
    if (m && MODEL.test(m[1])) return { model: m[1], receiver: object.text, kwCall: call };
  }
  // M.objects.filter(pk=x).first() / .get() / .update(...) / .delete()
  if (["first", "last", "get", "update", "delete", "exists"].includes(method ?? "") && object.type === "call") {
    const inner = object.childForFieldName("function");
    if (inner?.type === "attribute" && inner.childForFieldName("attribute")?.text === "filter") {
      const recv = inner.childForFieldName("object")?.text ?? "";
      const m = /^(\w+)\.objects$/.exec(recv);
      if (m && MODEL.test(m[1])) return { model: m[1], receiver: recv, kwCall: object };
    }
  }
  return undefined;
}

function assignedName(call: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = call;
  while (n?.parent && ["call", "attribute", "parenthesized_expression"].includes(n.parent.type) && n.parent.type !== "assignment") n = n.parent;
  const a = n?.parent;
  if (a?.type !== "assignment") return undefined;
  const left = a.childForFieldName("left");
  if (left?.type === "identifier") return left.text;
  if (left?.type === "attribute" && left.text.startsWith("self.")) return left.text;
  return undefined;
}

/** True when the block (an `if` consequence) ends the view early: it returns or raises. */
function exits(block: SyntaxNode | null): boolean {
  if (!block) return false;
  let found = false;
  walk(block, (n) => {
    if (n.type === "return_statement" || n.type === "raise_statement") found = true;
  });
  return found;
}

/** The `if` statement whose condition holds `n`, if any. */
function conditionOf(n: SyntaxNode): SyntaxNode | undefined {
  let c: SyntaxNode = n;
  for (let p = n.parent; p; c = p, p = p.parent) {
    if (p.type === "if_statement" || p.type === "elif_clause") {
      const cond = p.childForFieldName("condition");
      return cond && cond.startIndex === c.startIndex && cond.endIndex === c.endIndex ? p : undefined;
    }
    if (!["not_operator", "boolean_operator", "parenthesized_expression"].includes(p.type)) return undefined;
  }
  return undefined;
}

/**
 * Names bound in `body` to a part of one of `seeds` or to a value computed from it (`indexer = user.indexer`,
 * `collection = get_object_or_404(Collection, id=collection_id)` for the seed `collection_id`), two assignments deep.
 */
function derivedNames(body: SyntaxNode, seeds: string[], computed = false): string[] {
  const out = new Set(seeds);
  const assigns: [string, SyntaxNode][] = [];
  walk(body, (n) => {
    if (n.type !== "assignment") return;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left?.type === "identifier" && right) assigns.push([left.text, right]);
  });
  for (let round = 0; round < 2; round++) {
    for (const [name, right] of assigns) {
      if (out.has(name)) continue;
      // `x = obj.attr.attr`: a part of the object; with `computed`, any value whose expression names it.
      const part = right.type === "attribute" && /^[\w.]+$/.test(right.text) && [...out].some((o) => right.text.startsWith(`${o}.`));
      if (part || (computed && [...out].some((o) => ident(o).test(right.text)))) out.add(name);
    }
  }
  return [...out];
}

/**
 * True when the view refuses unless the requesting user holds a Django permission: `if not request.user.has_perm(
 * "indexer.can_mentor"): return render_error(...)` (or `has_perms`, or through a name bound to `request.user`).
 */
function refusesWithoutPermission(body: SyntaxNode, users: Set<string>): boolean {
  let found = false;
  walk(body, (n) => {
    if (found || n.type !== "call") return;
    const fn = n.childForFieldName("function");
    if (fn?.type !== "attribute" || !/^has_perms?$/.test(fn.childForFieldName("attribute")?.text ?? "")) return;
    const receiver = fn.childForFieldName("object")?.text ?? "";
    if (!REQUEST_USER.test(receiver) && !users.has(receiver)) return;
    let negated = false;
    for (let p = n.parent; p && !["if_statement", "elif_clause", "block"].includes(p.type); p = p.parent) if (p.type === "not_operator") negated = true;
    const branch = conditionOf(n);
    if (negated && branch && exits(branch.childForFieldName("consequence"))) found = true;
  });
  return found;
}

/** Names the view binds to the requesting user or to something reached from it (`item = get_item_for_collector(item_id, request.user.collector)`). */
function userDerived(body: SyntaxNode, users: Iterable<string>): string[] {
  const out = new Set(users);
  walk(body, (n) => {
    if (n.type !== "assignment") return;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right")?.text ?? "";
    if (left?.type === "identifier" && (REQUEST_USER.test(right) || [...out].some((u) => ident(u).test(right)))) out.add(left.text);
  });
  return [...out];
}

const defsCache = new WeakMap<SyntaxNode, Map<string, SyntaxNode>>();
/** The module's top-level functions by name. */
function moduleFunctions(root: SyntaxNode): Map<string, SyntaxNode> {
  let out = defsCache.get(root);
  if (out) return out;
  out = new Map();
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = def?.type === "function_definition" ? def.childForFieldName("name")?.text : undefined;
    if (def && name && !out.has(name)) out.set(name, def);
  }
  defsCache.set(root, out);
  return out;
}

/**
 * A call in `fn` that checks `names` (the object, its id, parts of it): a check call naming one of them
 * (`user_has_permission_or_403(request.user, finding, ...)`, `has_perm("change", obj)`, a token generator's
 * `check_token(invite, token)`), a comparison of one of them with the user (`obj.owner != request.user`), a membership
 * or equality test between one of them and something reached from the user (`if item not in collection.items.all():
 * raise ...`, with `item` the user's) that refuses, or, when `helpers` is given, a call handing one of them to a
 * project function of the module (or a method of the view's class) whose own body checks it so (one hop).
 */
function checkingCall(fn: SyntaxNode, names: string[], users: string[] = [], helpers?: { root: SyntaxNode; cls?: ClassInfo }): string | undefined {
  let found: string | undefined;
  const pats = names.map(ident);
  const userPats = users.map(ident);
  const body = fn.childForFieldName("body");
  if (!body) return undefined;
  walk(body, (n) => {
    if (found) return;
    if (n.type === "call") {
      const fnNode = n.childForFieldName("function");
      const fname = fnNode?.type === "attribute" ? fnNode.childForFieldName("attribute")?.text ?? "" : fnNode?.text ?? "";
      // String literals (`has_perm("indexer.can_mentor")`) name no variable.
      const args = (n.childForFieldName("arguments")?.namedChildren ?? []).map((a) => (a.type === "keyword_argument" ? a.childForFieldName("value") : a)).filter((a) => a && a.type !== "string").map((a) => a!.text).join(", ");
      const receiver = fnNode?.type === "attribute" ? fnNode.childForFieldName("object")?.text ?? "" : "";
      if (/^get_(object|list)_or_404$/.test(fname)) return;
      if (CHECK_CALL.test(fname) && (pats.some((p) => p.test(args)) || pats.some((p) => p.test(receiver)))) found = fnNode!.text;
      else if (helpers && fnNode) {
        const helper = helperCheck(n, fnNode, names, users, helpers);
        if (helper) found = helper;
      }
    } else if (n.type === "comparison_operator") {
      const t = n.text;
      if (!pats.some((p) => p.test(t))) return;
      if (/\buser\b|\buser_id\b|request\.user|\bowner\b|\bmembers?\b/.test(t)) found = "comparison";
      else if (userPats.length && ties(n, names, users)) {
        const branch = conditionOf(n);
        if (branch && exits(branch.childForFieldName("consequence"))) found = "comparison";
      }
    }
  });
  return found;
}

/**
 * A two-operand test (`in`, `not in`, `==`, `!=`, `is`) where one side is one of the names and the other is reached
 * from the other group: `item not in collection.items.all()`, `collection.collector != collector`; not
 * `item.name != collection.name`.
 */
function ties(n: SyntaxNode, objects: string[], users: string[]): boolean {
  const operands = n.namedChildren.filter((c) => c.type !== "comment");
  if (operands.length !== 2) return false;
  const bare = (x: SyntaxNode, group: string[]) => x.type === "identifier" && group.includes(x.text);
  const rooted = (x: SyntaxNode, group: string[]) => group.some((g) => ident(g).test(x.text));
  const [a, b] = operands;
  return (bare(a, objects) && rooted(b, users)) || (bare(a, users) && rooted(b, objects)) || (bare(b, objects) && rooted(a, users)) || (bare(b, users) && rooted(a, objects));
}

/** `helper(request, item, collection)`: the project function it calls checks the object or id it is handed (see `checkingCall`). */
function helperCheck(call: SyntaxNode, fnNode: SyntaxNode, names: string[], users: string[], helpers: { root: SyntaxNode; cls?: ClassInfo }): string | undefined {
  let def: SyntaxNode | undefined;
  let skip = 0;
  if (fnNode.type === "identifier") def = moduleFunctions(helpers.root).get(fnNode.text);
  else if (fnNode.type === "attribute" && fnNode.childForFieldName("object")?.text === "self" && helpers.cls) {
    def = classMethods(helpers.cls).find((m) => m.name === fnNode.childForFieldName("attribute")?.text)?.node;
    skip = 1;
  }
  if (!def) return undefined;
  const ps = params(def).slice(skip);
  const pats = names.map(ident);
  const userPats = users.map(ident);
  const objectParams: string[] = [];
  const userParams: string[] = [];
  (call.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "comment").forEach((a, i) => {
    const param = a.type === "keyword_argument" ? a.childForFieldName("name")?.text : ps[i];
    const v = (a.type === "keyword_argument" ? a.childForFieldName("value") : a)?.text ?? "";
    if (!param || !ps.includes(param)) return;
    if (pats.some((p) => p.test(v))) objectParams.push(param);
    else if (REQUEST_USER.test(v) || userPats.some((p) => p.test(v))) userParams.push(param);
  });
  if (!objectParams.length) return undefined;
  const body = def.childForFieldName("body");
  if (!body) return undefined;
  const inner = derivedNames(body, objectParams, true);
  if (checkingCall(def, inner, userDerived(body, userParams))) return fnNode.text;
  // The helper loads the object through a query that names the user: `get_object_or_404(Collection, id=cid, owner=request.user)`.
  const innerPats = inner.map(ident);
  let scoped = false;
  walk(body, (n) => {
    if (scoped || n.type !== "call") return;
    const f = n.childForFieldName("function");
    const fname = f?.type === "attribute" ? f.childForFieldName("attribute")?.text ?? "" : f?.text ?? "";
    if (!/^(get_object_or_404|get_list_or_404|get|filter)$/.test(fname)) return;
    const t = n.text;
    if (innerPats.some((p) => p.test(t)) && (REQUEST_USER.test(t) || userParams.some((u) => ident(u).test(t)))) scoped = true;
  });
  return scoped ? fnNode.text : undefined;
}

/** A permission call of the view that names the user but none of `names`: a check of the user's role, not of the object. */
function globalCheckCall(view: ViewFn, names: string[]): string | undefined {
  let found: string | undefined;
  const pats = names.map(ident);
  walk(view.node.childForFieldName("body")!, (n) => {
    if (found || n.type !== "call") return;
    const fn = n.childForFieldName("function");
    const fname = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text ?? "" : fn?.text ?? "";
    const argNodes = (n.childForFieldName("arguments")?.namedChildren ?? []).map((a) => (a.type === "keyword_argument" ? a.childForFieldName("value") : a));
    const args = argNodes.map((a) => a?.text ?? "");
    const roleOnly = args.every((a) => /\buser\b/.test(a) || /^(?:[rbuf]?["'][^"']*["']|[A-Z]\w*(?:\.\w+)+|[A-Z_][A-Z0-9_]*|True|False|None)$/.test(a));
    if (/perm|_or_403|authori[sz]/i.test(fname) && args.some((a) => /\buser\b/.test(a)) && roleOnly && !pats.some((p) => args.some((a) => p.test(a)))) found = fn!.text;
  });
  return found;
}

// A dotted name (with an optional empty call) that ends in an authentication test: `user.is_authenticated`, `request.user.is_staff()`.
const DOTTED = /[\w.]+(?:\s*\(\s*\))?/g;
const AUTH_TEST = /(?:^|\.)(?:is_authenticated|is_anonymous|is_staff|is_active)(?:\s*\(\s*\))?$/;
/** The text with every authentication test blanked out. */
const withoutAuthTests = (text: string) => text.replace(DOTTED, (t) => (AUTH_TEST.test(t) ? " " : t));

/**
 * True when the view refuses (403, PermissionDenied...) only under conditions that test authentication
 * (`if not user.is_authenticated and not user.is_staff: return HttpResponse(status=403)`), directly or
 * through a name bound to such a test.
 */
function refusesOnAuthenticationOnly(body: SyntaxNode): boolean {
  const aliases: string[] = [];
  const guards: string[] = [];
  let unguarded = false;
  walk(body, (n) => {
    if (n.type === "assignment") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right")?.text ?? "";
      if (left?.type === "identifier" && withoutAuthTests(right).trim() === "") aliases.push(left.text);
    }
    if ((n.type === "raise_statement" || n.type === "return_statement") && DENY.test(n.text)) {
      let p = n.parent;
      while (p && p.type !== "if_statement" && p.id !== body.id) p = p.parent;
      const cond = p?.type === "if_statement" ? p.childForFieldName("condition")?.text : undefined;
      if (cond) guards.push(cond);
      else unguarded = true;
    }
  });
  if (unguarded || !guards.length) return false;
  return guards.every((g) => {
    let rest = withoutAuthTests(g);
    for (const a of aliases) rest = rest.replace(ident(a), " ");
    return rest.replace(/\b(?:not|and|or)\b|[()\s]/g, "") === "";
  });
}

function hasObjectCheckDecorator(view: ViewFn, imports: ImportTable): boolean {
  const decos = [...view.decorators, ...(view.cls?.decorators ?? [])];
  return decos.some((d) => {
    const target = decoratorTarget(d);
    const q = imports.qualifyNode(target) ?? target?.text ?? "";
    if (q === "django.utils.decorators.method_decorator") {
      const inner = d.type === "call" ? d.childForFieldName("arguments")?.namedChildren[0] : undefined;
      return !!inner && !NEUTRAL_DECORATOR.test(inner.text.replace(/\(.*$/s, ""));
    }
    return !NEUTRAL_DECORATOR.test(q);
  });
}

/** Class-level checks: access methods or project mixins (anything but Django's own views and login/permission mixins). */
function classChecks(cls: ClassInfo | undefined, imports: ImportTable): boolean {
  if (!cls) return false;
  for (const m of classMethods(cls)) {
    if (["test_func", "has_permission", "has_object_permission", "dispatch", "get_queryset", "check_permissions", "initial"].includes(m.name)) {
      const body = m.node.text;
      if (m.name === "get_queryset" ? /\buser\b/.test(body) : CHECK_CALL.test(body) || DENY.test(body) || /\buser\b/.test(body)) return true;
    }
  }
  return cls.bases.some((b) => {
    const q = imports.qualifyNode(b) ?? b.text;
    return /Owner|Object|Member|Tenant|Organi[sz]ation|Access|Permission/.test(q) && !/^django\.contrib\.auth\.mixins\.(LoginRequired|PermissionRequired)Mixin$/.test(q) && !q.startsWith("rest_framework.");
  });
}

/**
 * Whether a queryset chain's calls (`.for_user(user)`, `.filter(is_public=True)`) pass any variable: literals,
 * `True`/`False`/`None` and keyword names do not count, so `.active()` or `.filter(is_public=True)` narrow the rows the
 * same way for every user.
 */
function passesVariables(calls: string): boolean {
  for (const m of calls.matchAll(/\(([^()]*)\)/g)) {
    const rest = m[1].replace(/(["'])(?:(?!\1).)*\1/g, "").replace(/\b\w+\s*=(?!=)/g, "").replace(/\b(?:True|False|None)\b/g, "");
    if (/[A-Za-z_]/.test(rest)) return true;
  }
  return false;
}

/**
 * Text every call `lookupTarget` accepts contains: `.objects`, or `get_object_or_404` under its own name or a name
 * an import binds to it. A view whose text holds none loads no object, and its walks can be skipped.
 */
function lookupMarkers(imports: ImportTable): string[] {
  const out = [".objects", "get_object_or_404"];
  for (const [local, q] of imports.bindings) if (/(^|\.)get_object_or_404$/.test(q)) out.push(local);
  return out;
}

/** True when `text` names the requesting user: `request.user`, a name bound to it (`users`), or any `user`. */
function refersToUser(text: string, users: ReadonlySet<string>): boolean {
  return REQUEST_USER.test(text) || /\buser\b/.test(text) || [...users].some((u) => ident(u).test(text));
}

/** Every object lookup by a request-chosen id in the module's views. */
export function objectLookups(root: SyntaxNode, imports: ImportTable): Lookup[] {
  const cached = cache.get(root);
  if (cached) return cached;
  const out: Lookup[] = [];
  const markers = lookupMarkers(imports);
  for (const view of moduleViews(root)) {
    const body = view.node.childForFieldName("body");
    if (!body) continue;
    const bodyText = body.text;
    if (!markers.some((m) => bodyText.includes(m))) continue;
    const names = requestNames(view);
    const authOnly = DENY.test(bodyText) && refusesOnAuthenticationOnly(body);
    const denies = DENY.test(bodyText) && !authOnly;
    const decoCheck = hasObjectCheckDecorator(view, imports);
    const clsCheck = classChecks(view.cls, imports);
    const users = userDerived(body, names.users);
    walk(body, (n) => {
      if (n.type !== "call") return;
      const target = lookupTarget(n, imports);
      if (!target) return;
      const kws = kwargsOf(target.kwCall);
      let key: string | undefined;
      let source: string | undefined;
      let fromBody = false;
      let requestChosenOwner: string | undefined;
      let userScoped = REQUEST_USER.test(target.receiver) || /\buser\b/.test(target.receiver);
      const receiverCalls = target.receiver.replace(/^\w+\.objects\b/, "").replace(/\.(all|select_related|prefetch_related|only|defer|using)\([^()]*\)/g, "");
      let scoped = userScoped || /\(/.test(receiverCalls);
      let mayScopeToUser = userScoped || passesVariables(receiverCalls);
      for (const { key: k, value } of kws) {
        const v = value.text;
        const fromUrl = KWARGS.test(v) || [...names.url].some((u) => ident(u).test(v));
        const fromReq = REQUEST_DATA.test(v) || [...names.body].some((u) => ident(u).test(v));
        if (refersToUser(v, names.users)) scoped = userScoped = mayScopeToUser = true;
        else if (OWNER_KEY.test(k) && fromReq) requestChosenOwner = k;
        else if (ID_KEY.test(k) && (fromUrl || fromReq) && !key) {
          key = k;
          source = (KWARGS.exec(v) ? v : v.match(/\w+/)?.[0]) ?? v;
          fromBody = !fromUrl;
        } else if (!ID_KEY.test(k) && (fromUrl || fromReq) === false && /organi[sz]ation|tenant|team|workspace|company|account|project|owner|user|group/.test(k)) {
          // Tied to a tenant the code chose (`organization=self.org`): assume the code checked that one.
          scoped = mayScopeToUser = true;
        }
      }
      // A `Q` filter passed by position (`get_object_or_404(Playbook, Q(creator=user) | Q(scope=PUBLIC), id=pk)`)
      // ties the query to the user as a keyword does; the model that get_object_or_404 takes first does not count.
      const positional = (target.kwCall.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "keyword_argument" && a.type !== "comment");
      for (const a of target.shortcut ? positional.slice(1) : positional) {
        if (refersToUser(a.text, names.users)) scoped = userScoped = mayScopeToUser = true;
      }
      if (!key || !source) return;
      const object = assignedName(n);
      const checkNames = [object, source].filter((x): x is string => !!x && !/[[(]/.test(x));
      // The object's parts count as the object: `indexer = user.indexer; if indexer.mentor != request.user: ...`.
      const parts = derivedNames(body, checkNames);
      const checkName = checkNames.length ? checkingCall(view.node, parts, users.filter((u) => !parts.includes(u)), { root, cls: view.cls }) : undefined;
      const globalCheck = checkName ? undefined : globalCheckCall(view, checkNames);
      out.push({
        view, call: n, model: target.model, object, key, source, fromBody, requestChosenOwner, scoped, userScoped, mayScopeToUser,
        kwText: kws.map((k) => k.value.text).join(" "),
        checked: !!checkName || denies || decoCheck || clsCheck, checkName, globalCheck, authOnly,
        existsOnly: n.childForFieldName("function")?.childForFieldName("attribute")?.text === "exists",
        parts: object ? derivedNames(body, [object]) : [],
        roleGate: refusesWithoutPermission(body, names.users),
      });
    });
  }
  cache.set(root, out);
  return out;
}

/** A record written for a user named by the request: `data["user_id"] = request.POST.get("user_id")`. */
export interface OwnerWrite {
  view: ViewFn;
  node: SyntaxNode;
  key: string;
}

const WRITE_OWNER_KEY = /^(user|owner|author|creator|created_by|submitted_by|uploaded_by)(_id|_pk)?$/;
const WRITE_CALL = /^(create|get_or_create|update_or_create|update|save)$/;
// Sign-in views: the user they write a token or session for is the one whose credentials the view (or its
// serializer/form) just checked, not a value the caller picks. DRF's `ObtainAuthToken` (whose `AuthTokenSerializer`
// calls `authenticate()`; its documentation shows `Token.objects.get_or_create(user=serializer.validated_data["user"])`),
// SimpleJWT's and djangorestframework-jwt's token views, knox's and dj-rest-auth's `LoginView`, Django's `LoginView`.
const SIGN_IN_BASE = /(?:^|\.)(?:ObtainAuthToken|ObtainJSONWebToken\w*|TokenObtain\w*View|KnoxLoginView|LoginView)$/;
const CREDENTIAL_CHECK = /\bauthenticate\s*\(|\bAuthTokenSerializer\b|\bcheck_password\s*\(/;

/** A view that signs the caller in: its class extends a sign-in view, or it checks credentials itself. */
function signInView(view: ViewFn): boolean {
  if (view.cls?.bases.some((b) => SIGN_IN_BASE.test(b.text))) return true;
  return CREDENTIAL_CHECK.test(view.node.text) || (view.cls?.body ? CREDENTIAL_CHECK.test(view.cls.body.text) : false);
}

/**
 * Writes in views that never read `request.user` and check nothing, where the owner of the record (`user_id`,
 * `owner`, `author`...) is a value of the request body or query string: the caller acts as any user.
 */
export function ownerWrites(root: SyntaxNode, imports: ImportTable): OwnerWrite[] {
  const out: OwnerWrite[] = [];
  for (const view of moduleViews(root)) {
    const body = view.node.childForFieldName("body");
    if (!body) continue;
    const text = body.text;
    if (REQUEST_USER.test(text) || /\buser\s*=\s*request\b/.test(text) || DENY.test(text) || [...text.matchAll(/\b(\w+)\s*\(/g)].some((m) => CHECK_CALL.test(m[1])) || /is_staff|is_superuser|has_perms?\(/.test(text)) continue;
    if (hasObjectCheckDecorator(view, imports) || classChecks(view.cls, imports) || signInView(view)) continue;
    const names = requestNames(view);
    // An object found by a secret from the link (`token = get_object_or_404(TokenRegister, token=token)`) and what is
    // reached from it (`usr = token.user`) are the link holder's, not values the caller picks.
    const secret: string[] = [];
    walk(body, (n) => {
      const target = n.type === "call" ? lookupTarget(n, imports) : undefined;
      const object = target && assignedName(n);
      if (object && kwargsOf(target.kwCall).some(({ key }) => SECRET_NAME.test(key.replace(/__exact$/, "")))) secret.push(object);
    });
    const held = new Set(secret.length ? derivedNames(body, secret) : []);
    const picked = [...names.body].filter((u) => !held.has(u));
    const fromRequest = (v: SyntaxNode) => REQUEST_DATA.test(v.text) || picked.some((u) => ident(u).test(v.text));
    walk(body, (n) => {
      if (n.type === "assignment") {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        if (!left || !right || !fromRequest(right)) return;
        let key: string | undefined;
        if (left.type === "subscript") key = /^["'](\w+)["']$/.exec(left.childForFieldName("subscript")?.text ?? "")?.[1];
        else if (left.type === "attribute") key = left.childForFieldName("attribute")?.text;
        if (key && WRITE_OWNER_KEY.test(key)) out.push({ view, node: n, key });
      } else if (n.type === "call") {
        const fn = n.childForFieldName("function");
        const fname = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text ?? "" : fn?.text ?? "";
        if (!WRITE_CALL.test(fname) && !(fn?.type === "identifier" && MODEL.test(fname) && !/Form$|Serializer$|Response$|Error$|Exception$/.test(fname))) return;
        for (const { key, value } of kwargsOf(n)) if (WRITE_OWNER_KEY.test(key) && fromRequest(value)) out.push({ view, node: n, key });
      }
    });
  }
  return out;
}

/** How a class of the module limits the objects of a model it serves. */
export interface ModelGuard {
  cls: string;
  how: string;
}

const SCOPING_HELPER = /authori[sz]|perm|for_user|visible|allowed|accessible|permitted|owned/i;

/**
 * Models that a class-based view or viewset of the module serves only in part: its `get_queryset()` filters by
 * the user or goes through a project scoping helper (`get_authorized_engagements(...)`). Another view that loads
 * such a model by id through the model's unscoped manager bypasses that protection.
 */
export function guardedModels(root: SyntaxNode, imports: ImportTable): Map<string, ModelGuard> {
  const out = new Map<string, ModelGuard>();
  for (const cls of moduleClasses(root).values()) {
    let model: string | undefined;
    for (const stmt of cls.body?.namedChildren ?? []) {
      const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      if (a?.type !== "assignment") continue;
      const key = a.childForFieldName("left")?.text;
      const value = a.childForFieldName("right")?.text ?? "";
      const m = key === "queryset" ? /^(\w+)\.objects\b/.exec(value) : key === "model" ? /^(\w+)$/.exec(value) : null;
      if (m && MODEL.test(m[1])) model = m[1];
    }
    if (!model) continue;
    let how: string | undefined;
    const gq = classMethods(cls).find((m) => m.name === "get_queryset");
    if (gq) {
      const bodyNode = gq.node.childForFieldName("body");
      const body = bodyNode?.text ?? "";
      const helper = [...body.matchAll(/\b(\w+)\s*\(/g)].map((m) => m[1]).find((f) => SCOPING_HELPER.test(f));
      if (bodyNode && userLimitsQueryset(bodyNode)) how = "its `get_queryset()` filters by `request.user`";
      else if (helper) how = `its \`get_queryset()\` goes through \`${helper}()\``;
    }
    if (how && !out.has(model)) out.set(model, { cls: cls.name, how });
  }
  return out;
}

const ANNOTATION_CALL = /^(annotate|alias)$/;
const USER_STATE = /^(is_authenticated|is_anonymous)$/;

/**
 * Whether a `get_queryset()` body limits its rows by the requesting user: `request.user` (or a name bound to it) is
 * used somewhere other than inside `.annotate(...)`/`.alias(...)`, which only add a per-user column to every row
 * (`_is_following=Exists(Follow.objects.filter(creator=user, organisation=OuterRef("pk")))`), and other than in an
 * `is_authenticated`/`is_anonymous` test.
 */
function userLimitsQueryset(body: SyntaxNode): boolean {
  const annotations: Array<[number, number]> = [];
  const aliases = new Set<string>();
  const uses: SyntaxNode[] = [];
  for (const n of namedDescendants(body)) {
    if (n.type === "call") {
      const fn = n.childForFieldName("function");
      if (fn?.type === "attribute" && ANNOTATION_CALL.test(fn.childForFieldName("attribute")?.text ?? "")) {
        const args = n.childForFieldName("arguments");
        if (args) annotations.push([args.startIndex, args.endIndex]);
      }
    } else if (n.type === "assignment") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left?.type === "identifier" && right && /^(?:self\.)?request\.user$/.test(right.text)) aliases.add(left.text);
    }
    if (n.type === "attribute" && /^(?:self\.)?request\.user$/.test(n.text)) uses.push(n);
  }
  for (const n of namedDescendants(body)) {
    if (n.type !== "identifier" || !aliases.has(n.text)) continue;
    // The name as an attribute (`self.request.user`) or a keyword (`user=...`) is not the bound variable.
    const p = n.parent;
    if (p?.type === "attribute" && p.childForFieldName("attribute")?.id === n.id) continue;
    if (p?.type === "keyword_argument" && p.childForFieldName("name")?.id === n.id) continue;
    uses.push(n);
  }
  return uses.some((u) => {
    if (annotations.some(([a, b]) => u.startIndex >= a && u.endIndex <= b)) return false;
    const parent = u.parent;
    // `user = self.request.user` (the binding itself), `user.is_authenticated` (a test, not a filter).
    if (parent?.type === "assignment" && parent.childForFieldName("left")?.id === u.id) return false;
    if (parent?.type === "assignment" && parent.childForFieldName("right")?.id === u.id && aliases.has(parent.childForFieldName("left")?.text ?? "")) return false;
    if (parent?.type === "attribute" && parent.childForFieldName("object")?.id === u.id && USER_STATE.test(parent.childForFieldName("attribute")?.text ?? "")) return false;
    return true;
  });
}

/** The DRF `@action(detail=True)` decorator of a method, if it has one. */
export function detailAction(view: ViewFn, imports: ImportTable): SyntaxNode | undefined {
  return view.decorators.find((d) => {
    const target = decoratorTarget(d);
    if (imports.is(target, "rest_framework.decorators.detail_route")) return true;
    if (!imports.is(target, "rest_framework.decorators.action") || d.type !== "call") return false;
    return kwargsOf(d).some(({ key, value }) => key === "detail" && value.text === "True");
  });
}

/** An object loaded by a request-chosen id through a model's manager, where the same view offers the user only some objects of that model. */
export interface ChoiceBypass {
  view: ViewFn;
  call: SyntaxNode;
  model: string;
  object?: string;
  source: string;
  fromBody: boolean;
  /** The user-scoped queryset of the model the view builds (the choices it offers), as text. */
  choices: string;
}

/** Function definitions nested in `body` (at any depth), outermost first. */
function nestedDefs(body: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (const c of n.namedChildren) {
      if (c.type === "function_definition") {
        out.push(c);
        const b = c.childForFieldName("body");
        if (b) visit(b);
      } else if (c.type !== "class_definition") visit(c);
    }
  };
  visit(body);
  return out;
}

/** `M.objects.filter(<something naming the user>)`: the objects of M the view lets this user choose from. */
function userChoices(body: SyntaxNode, users: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of namedDescendants(body)) {
    if (n.type !== "call") continue;
    const fn = n.childForFieldName("function");
    if (fn?.type === "attribute" && ["filter", "exclude"].includes(fn.childForFieldName("attribute")?.text ?? "")) {
      const m = /^(\w+)\.objects$/.exec(fn.childForFieldName("object")?.text ?? "");
      const args = n.childForFieldName("arguments")?.text ?? "";
      if (m && MODEL.test(m[1]) && (REQUEST_USER.test(args) || /\buser\b/.test(args) || [...users].some((u) => ident(u).test(args))) && !out.has(m[1])) out.set(m[1], n.text.replace(/\s+/g, " "));
    }
  }
  return out;
}

/** The loaded object is assigned to another object's attribute or passed as a keyword argument. */
function becomesParent(call: SyntaxNode, object: string | undefined, scopeText: string): boolean {
  let n: SyntaxNode = call;
  while (n.parent?.type === "parenthesized_expression") n = n.parent;
  const p = n.parent;
  const right = p?.childForFieldName(p.type === "assignment" ? "right" : "value");
  const isValue = !!right && right.startIndex === n.startIndex && right.endIndex === n.endIndex;
  if (isValue && p?.type === "assignment" && p.childForFieldName("left")?.type === "attribute") return true;
  if (isValue && p?.type === "keyword_argument") return true;
  if (!object || object.startsWith("self.")) return false;
  const o = object.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`\\.\\w+\\s*=(?!=)\\s*${o}\\b|[(,]\\s*\\w+\\s*=\\s*${o}\\b(?!\\.)`).test(scopeText);
}

/**
 * A view that builds the list of objects of a model the user may pick (`Organization.objects.filter(pk__in=
 * user.organizations_managed)`), then loads an object of that model by an id the request chose through the
 * model's unscoped manager (`Organization.objects.get(pk=request.POST["organization"])`), with no check of the
 * id or object in sight: a forged request picks an object that was never offered. Nested helper functions of
 * the view are followed, with their parameters bound to the request values they are called with.
 */
export function choiceBypasses(root: SyntaxNode, imports: ImportTable): ChoiceBypass[] {
  const out: ChoiceBypass[] = [];
  for (const view of moduleViews(root)) {
    const body = view.node.childForFieldName("body");
    // The choices are a `Model.objects.filter(...)`/`exclude(...)`: a view without `.objects` offers none.
    if (!body || !body.text.includes(".objects")) continue;
    const names = requestNames(view);
    const choices = userChoices(body, names.users);
    if (!choices.size) continue;
    if (hasObjectCheckDecorator(view, imports)) continue;
    // Each scope: the view itself, then every nested function with the parameters that receive request values.
    const scopes: { fn: SyntaxNode; url: Set<string>; body: Set<string> }[] = [{ fn: view.node, url: names.url, body: names.body }];
    for (const def of nestedDefs(body)) {
      const fname = def.childForFieldName("name")?.text;
      if (!fname) continue;
      const ps = params(def);
      const url = new Set<string>();
      const fromBody = new Set<string>();
      const visit = (n: SyntaxNode) => {
        if (n.type === "call" && n.childForFieldName("function")?.text === fname) {
          (n.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "comment").forEach((a, i) => {
            const param = a.type === "keyword_argument" ? a.childForFieldName("name")?.text : ps[i];
            const v = (a.type === "keyword_argument" ? a.childForFieldName("value") : a)?.text ?? "";
            if (!param || !ps.includes(param)) return;
            if (KWARGS.test(v) || [...names.url].some((u) => ident(u).test(v))) url.add(param);
            else if (REQUEST_DATA.test(v) || [...names.body].some((u) => ident(u).test(v))) fromBody.add(param);
          });
        }
        for (const c of n.namedChildren) visit(c);
      };
      visit(body);
      if (url.size || fromBody.size) scopes.push({ fn: def, url, body: fromBody });
    }
    for (const scope of scopes) {
      const scopeBody = scope.fn.childForFieldName("body");
      if (!scopeBody) continue;
      const scopeView: ViewFn = { ...view, node: scope.fn };
      const scopeText = scopeBody.text;
      if (DENY.test(scopeText)) continue;
      walk(scopeBody, (n) => {
        if (n.type !== "call") return;
        const target = lookupTarget(n, imports);
        if (!target || !choices.has(target.model) || !/^\w+\.objects$/.test(target.receiver) && target.receiver !== target.model) return;
        let source: string | undefined;
        let fromBody = false;
        for (const { key, value } of kwargsOf(target.kwCall)) {
          const v = value.text;
          if (refersToUser(v, names.users)) return;
          if (!ID_KEY.test(key) || source) continue;
          const fromUrl = KWARGS.test(v) || [...scope.url].some((u) => ident(u).test(v));
          const fromReq = REQUEST_DATA.test(v) || [...scope.body].some((u) => ident(u).test(v));
          if (fromUrl || fromReq) {
            const field = /\brequest\.\w+\s*(?:\[|\.get\s*\()\s*["'](\w+)["']/.exec(v)?.[1];
            source = field ?? (KWARGS.exec(v) ? v : v.match(/\w+/)?.[0]) ?? v;
            fromBody = !fromUrl;
          }
        }
        if (!source) return;
        const object = assignedName(n);
        const checkNames = [object, source].filter((x): x is string => !!x && !/[[(]/.test(x));
        if (checkingCall(scopeView.node, checkNames)) return;
        // `if organization not in allowed`, `assert org in choices`: the id is tested against a collection.
        const pats = checkNames.map(ident);
        let tested = false;
        walk(scopeBody, (c) => {
          if (!tested && c.type === "comparison_operator" && /\bnot\s+in\b|\bin\b/.test(c.text) && pats.some((p) => p.test(c.text))) tested = true;
        });
        if (tested) return;
        // The chosen object becomes the parent of something the view writes (`clone.organization = ...`,
        // `Project.objects.create(team=team)`); joining or requesting access to one is another matter.
        if (!becomesParent(n, object, scopeText)) return;
        out.push({ view, call: n, model: target.model, object, source, fromBody, choices: choices.get(target.model)! });
      });
    }
  }
  return out;
}

/** A queryset one branch of a switch builds for everyone, where the other branch limits it to the object the URL named. */
export interface BranchScopeDrop {
  view: ViewFn;
  node: SyntaxNode;
  variable: string;
  model: string;
  /** The URL-loaded object the other branch filters by. */
  parent: string;
  condition: string;
}

// A queryset built from a model's manager: `Location.objects.filter(...)`, `Endpoint.objects.all()`.
const MANAGER_QUERY = /^(\w+)\.objects\.(?:filter|exclude|all|annotate|select_related|prefetch_related|only|defer|order_by|distinct|values|values_list)\s*\(/;
// A branch condition about who asks or which object: the branches may rightly differ.
const SUBJECT_CONDITION = /\b(?:request|user|perm\w*|is_\w+|has_\w+|can_\w+|public|private|shared|owner|staff|superuser|admin|visible)\b/i;

/** Identifier assignments in a block (nested blocks included, nested functions not), by variable, in order. */
function blockAssignments(block: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  walk(block, (n) => {
    if (n.type !== "assignment") return;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left?.type !== "identifier" || !right) return;
    out.set(left.text, [...(out.get(left.text) ?? []), right]);
  });
  return out;
}

/**
 * A view that loads an object by the URL's id (`product = get_object_or_404(Product, id=pid)`) and builds a
 * queryset in both branches of a switch that does not depend on the user or the object (a setting, a feature
 * flag): one branch filters it by that object (`Endpoint.objects.filter(product=product)`), the other starts
 * from every row of a model and names neither the object, the URL's ids, nor the user
 * (`Location.objects.filter(findings__status=...)`). Whichever way the switch goes the view shows the same
 * object's data; the unfiltered branch shows everyone's.
 */
export function branchScopeDrops(root: SyntaxNode, imports: ImportTable): BranchScopeDrop[] {
  const out: BranchScopeDrop[] = [];
  const lookups = objectLookups(root, imports);
  for (const view of moduleViews(root)) {
    const body = view.node.childForFieldName("body");
    if (!body) continue;
    const parents = [...new Set(lookups.filter((l) => l.view.node.startIndex === view.node.startIndex && l.object && !l.fromBody && !l.object.startsWith("self.")).map((l) => l.object!))];
    if (!parents.length) continue;
    const names = requestNames(view);
    const tied = [...parents, ...names.url, ...names.users].map(ident);
    // Every name the view binds (its URL arguments, its variables): a queryset that names one may be tied to the URL's object through it.
    const locals = new Set([...view.urlParams, ...blockAssignments(body).keys()]);
    const switches = [...tied, ...[...names.body].map(ident)];
    walk(body, (n) => {
      if (n.type !== "if_statement") return;
      const condition = n.childForFieldName("condition")?.text ?? "";
      if (SUBJECT_CONDITION.test(condition) || switches.some((p) => p.test(condition))) return;
      const branches: SyntaxNode[] = [];
      const first = n.childForFieldName("consequence");
      if (first) branches.push(first);
      for (const alt of n.namedChildren.filter((c) => c.type === "elif_clause" || c.type === "else_clause")) {
        if (alt.type === "elif_clause" && SUBJECT_CONDITION.test(alt.childForFieldName("condition")?.text ?? "")) return;
        const b = alt.childForFieldName(alt.type === "elif_clause" ? "consequence" : "body");
        if (b) branches.push(b);
      }
      if (branches.length < 2) return;
      const assigned = branches.map(blockAssignments);
      for (const variable of assigned[0].keys()) {
        if (!assigned.every((a) => a.has(variable))) continue;
        const all = assigned.map((a) => a.get(variable)!);
        const parent = parents.find((p) => all.some((list) => list.some((r) => ident(p).test(r.text))));
        if (!parent) continue;
        for (const list of all) {
          const texts = list.map((r) => r.text);
          const m = MANAGER_QUERY.exec(texts[0]);
          if (!m || !MODEL.test(m[1])) continue;
          const others = [...locals].filter((l) => l !== variable).map(ident);
          if (texts.some((t) => others.some((p) => p.test(t)) || REQUEST_USER.test(t) || KWARGS.test(t) || /\buser\b/.test(t))) continue;
          out.push({ view, node: list[0].parent!, variable, model: m[1], parent, condition: condition.replace(/\s+/g, " ") });
        }
      }
    });
  }
  return out;
}

// Names of values that are secrets handed out by e-mail or link: a confirmation secret, an unsubscribe token, a signature.
const SECRET_NAME = /(?:^|_)(?:token|secret|signature|signed|nonce|key)$/i;
// A random identifier (`unique_id = UUIDField(default=uuid4)`): unguessable, a capability when the link is all the caller has.
const RANDOM_ID = /(?:^|_)(?:uuid|unique_id|guid)$/i;

/**
 * True when the lookup call also keys the object by a secret or random value the URL carries
 * (`get_object_or_404(Payment, pk=payment_id, guid=guid)`, `Invite.objects.get(id=iid, token=token)`): whoever holds
 * the link was handed the object, a guessed id alone finds nothing.
 */
export function keyedBySecretUrlValue(call: SyntaxNode, urlParams: Set<string>): boolean {
  return kwargsOf(call).some(({ key, value }) => {
    const k = key.replace(/__exact$/, "");
    return (SECRET_NAME.test(k) || RANDOM_ID.test(k)) && value.type === "identifier" && urlParams.has(value.text);
  });
}

/**
 * True when what authorises the lookup is a secret the caller must hold, not who is logged in: the object is looked
 * up by a token-like key or value (`pk=pk, token=token`, `activation_key=key`), by a random id (`unique_id=uuid`) in a view that
 * never reads `request.user` (an e-mail link's unsubscribe or confirm view), or the view passes a secret URL
 * argument (`secret`, `token`, `signature`) to a call that checks it (`service.confirm_account(secret)`).
 */
export function authorisedBySecret(l: Lookup): boolean {
  if (SECRET_NAME.test(l.key.replace(/__exact$/, "")) || SECRET_NAME.test(l.source)) return true;
  const body = l.view.node.childForFieldName("body");
  if (!body) return false;
  if ((RANDOM_ID.test(l.key) || RANDOM_ID.test(l.source)) && !REQUEST_USER.test(body.text)) return true;
  const secrets = [...l.view.urlParams].filter((p) => SECRET_NAME.test(p));
  if (!secrets.length) return false;
  // `get_object_or_404(Invite, pk=pk, token=token)`: the secret is part of the query.
  if (secrets.some((p) => ident(p).test(l.kwText))) return true;
  let passed = false;
  walk(body, (n) => {
    if (passed || n.type !== "call") return;
    const args = n.childForFieldName("arguments")?.namedChildren ?? [];
    passed = args.some((a) => secrets.includes((a.type === "keyword_argument" ? a.childForFieldName("value") : a)?.text ?? ""));
  });
  return passed;
}
