import { checksPermissions } from "../../src/core/analysis/project-index.js";
import { writesOnlyOwnSession } from "../../src/core/analysis/session-writes.js";
import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { keywordArg, positionalArgs } from "../sql-injection/string-building.js";
import { ancestry, classMethods, decoratorTarget, inheritedAttribute, moduleClasses, PUBLIC_ENDPOINT, sequenceItems, type Ancestry } from "./class-views.js";

const ALLOW_ANY = "rest_framework.permissions.AllowAny";
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

const WRITE_BASES = new Map<string, string[]>([
  ["rest_framework.viewsets.ModelViewSet", WRITES],
  ["rest_framework.generics.CreateAPIView", ["POST"]],
  ["rest_framework.generics.ListCreateAPIView", ["POST"]],
  ["rest_framework.generics.UpdateAPIView", ["PUT", "PATCH"]],
  ["rest_framework.generics.RetrieveUpdateAPIView", ["PUT", "PATCH"]],
  ["rest_framework.generics.DestroyAPIView", ["DELETE"]],
  ["rest_framework.generics.RetrieveDestroyAPIView", ["DELETE"]],
  ["rest_framework.generics.RetrieveUpdateDestroyAPIView", ["PUT", "PATCH", "DELETE"]],
  ["rest_framework.mixins.CreateModelMixin", ["POST"]],
  ["rest_framework.mixins.UpdateModelMixin", ["PUT", "PATCH"]],
  ["rest_framework.mixins.DestroyModelMixin", ["DELETE"]],
]);

const HANDLERS: Record<string, string> = { post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE" };
const VIEWSET_ACTIONS: Record<string, string> = { create: "POST", update: "PUT", partial_update: "PATCH", destroy: "DELETE" };

/** True for `[AllowAny]`, `(AllowAny,)`, `AllowAny`, or `AllowAny | X`: every request passes. */
function allowsAny(value: SyntaxNode, imports: ImportTable): boolean {
  const items = sequenceItems(value);
  return items.length > 0 && items.every((item) => isAllowAny(item, imports));
}

/** True for `[]` and `()`: no permission is checked at all. */
function isEmpty(value: SyntaxNode): boolean {
  return (value.type === "list" || value.type === "tuple") && value.namedChildren.every((c) => c.type === "comment");
}

function isAllowAny(node: SyntaxNode, imports: ImportTable): boolean {
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "|") {
    const l = node.childForFieldName("left");
    const r = node.childForFieldName("right");
    return (l !== null && isAllowAny(l, imports)) || (r !== null && isAllowAny(r, imports));
  }
  if (node.type === "parenthesized_expression" && node.namedChildren.length === 1) return isAllowAny(node.namedChildren[0], imports);
  return imports.is(node, ALLOW_ANY);
}

/** Upper-case HTTP methods named by string literals in a list/tuple. */
export function methodNames(value: SyntaxNode | undefined): string[] {
  if (!value) return [];
  return sequenceItems(value).flatMap((i) => (i.type === "string" ? [(stringValue(i) ?? "").toUpperCase()] : []));
}

export function orderedWrites(methods: Iterable<string>): string[] {
  const set = new Set(methods);
  return WRITES.filter((m) => set.has(m));
}

export function classWrites(anc: Ancestry, imports: ImportTable): string[] {
  const methods = new Set<string>();
  for (const q of anc.external) for (const m of WRITE_BASES.get(q) ?? []) methods.add(m);
  const viewset = anc.external.some((q) => q.startsWith("rest_framework.viewsets."));
  for (const c of anc.local) {
    for (const m of classMethods(c)) {
      if (HANDLERS[m.name]) methods.add(HANDLERS[m.name]);
      if (viewset && VIEWSET_ACTIONS[m.name]) methods.add(VIEWSET_ACTIONS[m.name]);
    }
  }
  return orderedWrites(methods);
}

/** The view changes or deletes objects that already exist: anonymous writes there are rarely meant. */
function changesStored(writes: string[]): boolean {
  return writes.some((m) => m !== "POST");
}

function joinMethods(methods: string[]): string {
  return methods.length === 1 ? methods[0] : `${methods.slice(0, -1).join(", ")} and ${methods[methods.length - 1]}`;
}

export default defineRule({
  id: "drf-allow-any-on-write",
  severity: "high",
  confidence: "medium",
  cwe: [862, 306],
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/permissions/#allowany",
  docs: {
    what:
      "Finds Django REST framework views that accept writes (POST, PUT, PATCH, DELETE) and set `permission_classes` to `AllowAny` (or to an empty list): write-capable generic views and viewsets, views defining `post()`/`put()`/`patch()`/`delete()`, write `@action`s, and `@api_view` functions with `@permission_classes([AllowAny])`.",
    why:
      "`AllowAny` overrides the project's default permission, so anyone on the internet, without logging in, can create, change or delete data through this endpoint.",
    example:
      "from rest_framework import viewsets\nfrom rest_framework.permissions import AllowAny\n\nclass OrderViewSet(viewsets.ModelViewSet):\n    queryset = Order.objects.all()\n    serializer_class = OrderSerializer\n    permission_classes = [AllowAny]\n",
    good: "from rest_framework import viewsets\nfrom rest_framework.permissions import IsAuthenticated\n\nclass OrderViewSet(viewsets.ModelViewSet):\n    queryset = Order.objects.all()\n    serializer_class = OrderSerializer\n    permission_classes = [IsAuthenticated]\n",
    fix:
      "Use `IsAuthenticated` or a stricter permission, `IsAuthenticatedOrReadOnly` if reading is meant to be public, or a per-object permission such as the guide's `IsOwnerOrReadOnly`. To open only the read actions, return different permissions from `get_permissions()`.",
    note:
      "Read-only views (`ReadOnlyModelViewSet`, `ListAPIView`, `RetrieveAPIView` without write handlers) are not flagged. Login, sign-up, token, authentication, password-reset, verification, validation and webhook endpoints must accept anonymous POSTs, so views whose name contains words like `Login`, `Register`, `Signup`, `Token`, `Password`, `Verify`, `Webhook`, `Contact` or `Newsletter` are skipped, as are views that override `get_permissions()`, and views whose write handlers only store the caller's own preference in `request.session` or a cookie (directly or through a project function that does only that) and call nothing that saves, creates, updates or deletes data, and views whose every write reaches a handler of their own (`post()`, `destroy()`...) that first turns anonymous callers away (`if isinstance(request.user, AnonymousUser): return Response(status=403)`, `if not request.user.is_authenticated: raise NotAuthenticated`). Confidence from what the endpoint does: it is commented (medium) when anyone can change or delete stored objects (PUT, PATCH or DELETE, or a write `@action(detail=True)` on the object the URL names); an endpoint that only takes anonymous POSTs (a create, a search sent in the body, the redemption of an invite code, a public form) is often open on purpose and is listed at low confidence, as is a view whose handlers check permissions themselves, and a \"me\" endpoint whose `get_object()` returns `request.user` (a write changes only the caller's own account).",
  },
  mentions: /rest_framework/,
  messages: {
    allowAnyWrite:
      "`{{view}}` accepts {{methods}} from anyone: its `permission_classes` is `AllowAny`. Use `IsAuthenticated` or a stricter permission (`IsAuthenticatedOrReadOnly` if reads are public).",
    noPermissions:
      "`{{view}}` accepts {{methods}} from anyone: its `permission_classes` is empty, so no permission is checked. Use `IsAuthenticated` or a stricter permission.",
    emptyInherited:
      "`{{view}}` accepts {{methods}} from anyone: it inherits an empty `permission_classes` from `{{owner}}`. Set `IsAuthenticated` or a stricter permission on it.",
    allowAnyInherited:
      "`{{view}}` accepts {{methods}} from anyone: it inherits `permission_classes = AllowAny` from `{{owner}}`. Set `IsAuthenticated` or a stricter permission on it.",
  },
  checkModule({ root, imports, report, project }) {
    if (!imports.usesModule("rest_framework")) return;
    const classes = moduleClasses(root);
    for (const cls of classes.values()) {
      if (PUBLIC_ENDPOINT.test(cls.name)) continue;
      const anc = ancestry(cls, imports, classes);
      if (anc.local.some((c) => classMethods(c).some((m) => m.name === "get_permissions"))) continue;
      checkActions(cls.name, classMethods(cls), imports, report);
      const perms = inheritedAttribute(anc, "permission_classes");
      const value = perms?.assignment.childForFieldName("right");
      if (!perms || !value) continue;
      const empty = isEmpty(value);
      if (!empty && !allowsAny(value, imports)) continue;
      const writes = classWrites(anc, imports);
      if (!writes.length) continue;
      // A write handler that only stores the caller's own preference in `request.session` writes nothing shared.
      if (onlyOwnSessionWrites(anc, project.index?.sessionWriters)) continue;
      // Handlers that turn anonymous callers away before anything else are not open to anyone.
      if (writesRefuseAnonymous(anc, writes)) continue;
      const data = { view: cls.name, methods: joinMethods(writes), owner: perms.owner.name };
      // Handlers that check permissions themselves (or through a project helper) guard the view another way; an
      // anonymous POST (a create, or a handler's own work: a search, an invite redemption) is often the endpoint's
      // purpose. Only changing or deleting stored objects (PUT, PATCH, DELETE) is evidence enough to comment.
      // A "me" endpoint whose `get_object()` returns the requesting user (or a part of it): a write can only change
      // the caller's own account, and an anonymous caller has none. Worth a look, not a comment.
      const evidence = checksPermissions(project.index, cls.node.text) || !changesStored(writes) || callersOwnObject(anc) ? { confidence: "low" as const } : {};
      if (perms.owner !== cls) report(cls.nameNode, empty ? "emptyInherited" : "allowAnyInherited", data, evidence);
      else report(perms.assignment, empty ? "noPermissions" : "allowAnyWrite", data, evidence);
    }
    checkFunctionViews(root, imports, report);
  },
});

/**
 * True when the view's writes all come from its own handlers (`post()`, `put()`...; no generic write base or
 * viewset action), and each of them only writes the caller's session or cookies (see `writesOnlyOwnSession`).
 */
function onlyOwnSessionWrites(anc: Ancestry, sessionWriters: readonly string[] | undefined): boolean {
  if (anc.external.some((q) => WRITE_BASES.has(q) || q.startsWith("rest_framework.viewsets."))) return false;
  const helpers = new Set(sessionWriters ?? []);
  const handlers = anc.local.flatMap((c) => classMethods(c).filter((m) => HANDLERS[m.name]));
  return handlers.length > 0 && handlers.every((m) => writesOnlyOwnSession(m.node.childForFieldName("body")?.text ?? "", helpers));
}

// The methods that answer each write: the handler, and the generic views' and viewsets' action it calls.
const WRITE_ENTRY_POINTS: Record<string, string[]> = { POST: ["post", "create"], PUT: ["put", "update"], PATCH: ["patch", "partial_update", "update"], DELETE: ["delete", "destroy"] };
// `not request.user.is_authenticated`, `request.user.is_anonymous`, `isinstance(request.user, AnonymousUser)`.
const ANONYMOUS_TEST = /^(?:not\s+(?:self\.)?request\.user\.is_authenticated(?:\(\))?|(?:self\.)?request\.user\.is_anonymous(?:\(\))?|isinstance\(\s*(?:self\.)?request\.user\s*,\s*(?:\w+\.)*AnonymousUser\s*\))$/;
// What turns the caller away: a 401/403 answer, or DRF's and Django's refusals.
const REFUSAL = /^(?:return\s+(?:\w+\.)*(?:Response|JsonResponse|HttpResponse\w*)\([^\n]*\b(?:401|403|HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN)\b|return\s+(?:\w+\.)*HttpResponse(?:Forbidden|NotAllowed)\(|raise\s+(?:\w+\.)*(?:NotAuthenticated|PermissionDenied|AuthenticationFailed)\b)/;

/**
 * True when every write the view accepts reaches a method of the view's own classes (`destroy()` for DELETE on a
 * generic view, `post()`...) whose first statement refuses an anonymous caller (`if isinstance(request.user,
 * AnonymousUser): return Response(status=403)`): such an endpoint is open to signed-in users only, whatever its
 * `permission_classes` say.
 */
function writesRefuseAnonymous(anc: Ancestry, writes: string[]): boolean {
  const methods = anc.local.flatMap((c) => classMethods(c));
  return writes.every((w) => {
    const own = methods.filter((m) => WRITE_ENTRY_POINTS[w].includes(m.name));
    return own.length > 0 && own.every((m) => refusesAnonymousFirst(m.node));
  });
}

function refusesAnonymousFirst(fn: SyntaxNode): boolean {
  const first = fn.childForFieldName("body")?.namedChildren.find((c) => c.type !== "comment" && !(c.type === "expression_statement" && c.namedChildren[0]?.type === "string"));
  if (first?.type !== "if_statement" || first.namedChildren.some((c) => c.type === "elif_clause" || c.type === "else_clause")) return false;
  const condition = first.childForFieldName("condition")?.text.replace(/\s+/g, " ").trim() ?? "";
  const refusal = first.childForFieldName("consequence")?.namedChildren.find((c) => c.type !== "comment")?.text.replace(/\s+/g, " ") ?? "";
  return ANONYMOUS_TEST.test(condition) && REFUSAL.test(refusal);
}

/** The view's `get_object()` returns only `self.request.user` or an attribute of it (`self.request.user.profile`). */
function callersOwnObject(anc: Ancestry): boolean {
  const getObject = anc.local.flatMap((c) => classMethods(c)).find((m) => m.name === "get_object");
  const body = getObject?.node.childForFieldName("body");
  if (!body) return false;
  const returns: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (const c of n.namedChildren) {
      if (c.type === "return_statement") returns.push(c);
      else if (c.type !== "function_definition" && c.type !== "class_definition") visit(c);
    }
  };
  visit(body);
  return returns.length > 0 && returns.every((r) => /^(?:self\.)?request\.user(?:\.\w+)*$/.test(r.namedChildren.find((c) => c.type !== "comment")?.text ?? ""));
}

type ReportFn = (at: SyntaxNode, id: string, data: Record<string, string | number>, options?: { confidence?: "low" | "medium" | "high" }) => void;

// @action(detail=True, methods=["post"], permission_classes=[AllowAny])
function checkActions(cls: string, methods: ReturnType<typeof classMethods>, imports: ImportTable, report: ReportFn): void {
  for (const m of methods) {
    if (PUBLIC_ENDPOINT.test(m.name)) continue;
    for (const deco of m.decorators) {
      if (deco.type !== "call" || !imports.is(decoratorTarget(deco), "rest_framework.decorators.action")) continue;
      const perms = keywordArg(deco, "permission_classes");
      const writes = orderedWrites(methodNames(keywordArg(deco, "methods") ?? positionalArgs(deco)[0]));
      if (!perms || !writes.length || !allowsAny(perms, imports)) continue;
      // A detail action works on the object the URL names: an anonymous write there changes stored data.
      const detail = /\bdetail\s*=\s*True\b/.test(deco.text);
      report(perms, "allowAnyWrite", { view: `${cls}.${m.name}`, methods: joinMethods(writes) }, detail || changesStored(writes) ? {} : { confidence: "low" });
    }
  }
}

// @api_view(["POST"]) + @permission_classes([AllowAny]) on a function view.
function checkFunctionViews(root: SyntaxNode, imports: ImportTable, report: ReportFn): void {
  for (const stmt of root.namedChildren) {
    if (stmt.type !== "decorated_definition") continue;
    const def = stmt.childForFieldName("definition");
    const name = def?.type === "function_definition" ? def.childForFieldName("name")?.text : undefined;
    if (!name || PUBLIC_ENDPOINT.test(name)) continue;
    const decos = stmt.namedChildren.filter((c) => c.type === "decorator").flatMap((d) => d.namedChildren.filter((c) => c.type !== "comment"));
    let writes: string[] = [];
    let perms: SyntaxNode | undefined;
    let empty = false;
    for (const deco of decos) {
      if (deco.type !== "call") continue;
      const target = decoratorTarget(deco);
      if (imports.is(target, "rest_framework.decorators.api_view")) {
        writes = orderedWrites(methodNames(positionalArgs(deco)[0] ?? keywordArg(deco, "http_method_names")));
      } else if (imports.is(target, "rest_framework.decorators.permission_classes")) {
        const arg = positionalArgs(deco)[0];
        if (arg && (allowsAny(arg, imports) || isEmpty(arg))) {
          perms = deco;
          empty = isEmpty(arg);
        }
      }
    }
    if (perms && writes.length) report(perms, empty ? "noPermissions" : "allowAnyWrite", { view: name, methods: joinMethods(writes) }, changesStored(writes) ? {} : { confidence: "low" });
  }
}
