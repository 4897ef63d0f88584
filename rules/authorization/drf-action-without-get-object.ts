import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { checksPermissions, loaderKind, QUERYSET_SCOPE, type ProjectIndex } from "../../src/core/analysis/project-index.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { ancestry, classMethods, decoratorTarget, inheritedAttribute, moduleClasses, sequenceItems, type Ancestry } from "./class-views.js";
import { detailAction, moduleViews, objectLookups, type ViewFn } from "./object-lookups.js";

const USES_OBJECT = /\bself\.get_object\s*\(|\bcheck_object_permissions\s*\(|\bself\.(get_queryset|filter_queryset)\s*\(|\bsuper\(\)\.\w+\s*\(/;
const PROJECT_CHECK = /PermissionDenied|HttpResponseForbidden|HTTP_403|has_perm|_or_403|has_object_permission/;
// A project check on the object or its id: `check_project_perms(request, task.project)`, `get_and_check_task(request, pk)`.
const CHECKING_NAME = /perm|authori[sz]|_and_check|check_access|_or_403/i;
const CALLED_NAME = /\b(\w+)\s*\(/g;

/** Whether the text calls a checking helper. Each called name is read once: a pattern scanning from every "perm" in one long word to its end would be quadratic. */
function callsCheckingHelper(text: string): boolean {
  for (const m of text.matchAll(CALLED_NAME)) if (CHECKING_NAME.test(m[1])) return true;
  return false;
}
// A method or helper body that checks the caller or the object itself.
const BODY_CHECK = /PermissionDenied|HttpResponseForbidden|HTTP_40[13]|status=40[13]|has_perm|has_object_permission|check_object_permissions|\bself\.get_object\s*\(|\bself\.get_queryset\s*\(|[!=]=\s*(?:self\.)?request\.user\b|(?:self\.)?request\.user\s*[!=]=/;
// Decorators that change nothing about who may touch the object.
const NEUTRAL_DECORATOR = /(^|\.)(action|detail_route|extend_schema\w*|swagger_auto_schema|\w*schema\w*|never_cache|cache_\w+|vary_on_\w+|atomic|transaction\.\w+|throttle_classes|renderer_classes|parser_classes|csrf_\w+|deprecated|api_view|login_required|permission_classes)$/;
// DRF's own permission classes: only DjangoObjectPermissions checks anything per object.
const DRF_PERMISSION = /^rest_framework\.permissions\.(\w+)$/;
// DRF's views that have `get_object()`.
const GENERIC_BASE = /^rest_framework\.(?:generics\.\w+APIView|viewsets\.(?:GenericViewSet|ModelViewSet|ReadOnlyModelViewSet))$/;
const BUILTINS = new Set(["int", "str", "float", "bool", "len", "list", "dict", "set", "tuple", "print", "isinstance", "getattr", "hasattr", "format", "repr", "sorted", "Response", "JsonResponse", "HttpResponse"]);

const TENANT_KEYWORD = /[(,]\s*\w*(?:organi[sz]ation|tenant|owner|user|team|workspace|company|account|member|group)\w*\s*=(?!=)/;

type Tri = "yes" | "no" | "unknown";

export default defineRule({
  id: "drf-action-without-get-object",
  severity: "high",
  confidence: "medium",
  cwe: [639, 862],
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/permissions/#object-level-permissions",
  docs: {
    what:
      "Finds DRF `@action(detail=True)` methods that work on the object named by the URL's `pk` without calling `self.get_object()`, so neither the viewset's `get_queryset()` scoping nor its object permissions run.",
    why:
      "DRF checks object permissions (`has_object_permission`) only inside `get_object()`. An action that passes `pk` to a query or a helper skips them: any user allowed to call the endpoint can act on any object by changing the id.",
    example:
      "from rest_framework import viewsets\nfrom rest_framework.decorators import action\nfrom rest_framework.response import Response\nfrom .models import Finding\nfrom .permissions import IsFindingOwner\n\nclass FindingViewSet(viewsets.ModelViewSet):\n    permission_classes = [IsFindingOwner]\n\n    @action(detail=True, methods=[\"post\"])\n    def close(self, request, pk=None):\n        Finding.objects.filter(pk=pk).update(active=False)\n        return Response()\n",
    good: "from rest_framework import viewsets\nfrom rest_framework.decorators import action\nfrom rest_framework.response import Response\nfrom .models import Finding\nfrom .permissions import IsFindingOwner\n\nclass FindingViewSet(viewsets.ModelViewSet):\n    permission_classes = [IsFindingOwner]\n\n    @action(detail=True, methods=[\"post\"])\n    def close(self, request, pk=None):\n        finding = self.get_object()\n        finding.active = False\n        finding.save()\n        return Response()\n",
    fix:
      "Load the object with `self.get_object()` (which applies `get_queryset()` and `check_object_permissions`) and work on it. Good:\n\n```python\n@action(detail=True, methods=[\"post\"])\ndef close(self, request, pk=None):\n    finding = self.get_object()\n    finding.active = False\n    finding.save()\n```",
    note:
      "Reports only when bypassing `get_object()` demonstrably skips something: the class is a `GenericAPIView` descendant (a plain `ViewSet`/`APIView` has no `get_object()`), its `get_queryset()` scopes by the requesting user or tenant or its permission classes implement `has_object_permission` (resolved through the project's classes), and the action loads the `pk` object with a query not tied to the user or tenant, directly or through a project helper that does. Confidence comes from evidence in the project that this action is the odd one out: high when the unscoped load and the scoping or object permission are all seen; medium when the action itself declares permission classes the analysis cannot see and hands `pk` to a helper it cannot see while the viewset's other methods go through `self.get_object()`, or when a decorator that does not name `pk` sits on an action that loads the viewset's own model (`model =`, `queryset =`, its `get_queryset()`) by `pk` through the unscoped manager in its body; low (listed, not commented inline) otherwise: `pk` handed to code out of sight in a viewset whose methods never use `get_object()` (the project loads objects its own way), a base class out of sight, or a decorator that may check the object. Silent when the action calls `self.get_object()`, `check_object_permissions`, `self.get_queryset()`, a `super()` method, a self method or helper that checks or scopes, raises `PermissionDenied`, is decorated with a check that names `pk`, or never uses `pk`.",
  },
  mentions: /detail\s*=\s*True|detail_route/,
  messages: {
    pkWithoutGetObject:
      "`{{action}}` acts on the object named by the URL's `pk` without `self.get_object()`, so {{what}} never run for it. Call `self.get_object()` and use the object it returns.",
  },
  checkModule({ root, imports, report, project }) {
    const index = project.index;
    const classes = moduleClasses(root);
    for (const view of moduleViews(root)) {
      if (!view.cls) continue;
      const deco = detailAction(view, imports);
      if (!deco || !view.urlParams.has("pk")) continue;
      const bodyNode = view.node.childForFieldName("body");
      const body = bodyNode?.text ?? "";
      if (!bodyNode || !/\bpk\b/.test(body)) continue;
      if (USES_OBJECT.test(body) || PROJECT_CHECK.test(body) || callsCheckingHelper(body) || BODY_CHECK.test(body) || checksPermissions(index, body)) continue;
      const anc = ancestry(view.cls, imports, classes);
      // Without get_object() on the class the advice is impossible.
      const generic = genericView(anc, index);
      if (generic === "no") continue;
      const load = pkLoad(root, view, bodyNode, anc, imports, index);
      if (load === "none") continue;
      const actionPerms = keywordValue(deco, "permission_classes");
      const perms = actionPerms ?? inheritedAttribute(anc, "permission_classes")?.assignment.childForFieldName("right") ?? undefined;
      const objectPerms = perms ? objectPermissions(perms, imports, index, classes) : "no";
      const scopedQueryset = querysetScoped(anc, index);
      // Nothing that get_object() would add: no scoped queryset and no object-level permission.
      if (objectPerms === "no" && !scopedQueryset) continue;
      const decoration = actionDecoration(view, imports);
      if (decoration === "names-pk") continue;
      // Evidence that this action, and not the project's own convention, is the odd one out: it loads the viewset's
      // own model by `pk` through the unscoped manager in its body, or the other methods of the viewset go through
      // `self.get_object()` while this one hands `pk` to a helper out of sight.
      const ownDirect = directOwnModelLoad(root, view, anc, imports);
      const siblingsUseGetObject = anc.local.some((c) => classMethods(c).some((m) => m.node.id !== view.node.id && /\bself\.get_object\s*\(/.test(m.node.text)));
      let confidence: "high" | "medium" | "low";
      if (load === "unscoped" && (objectPerms === "yes" || scopedQueryset)) confidence = "high";
      else if (objectPerms !== "no" && actionPerms && siblingsUseGetObject) confidence = "medium";
      else if (load === "unscoped") confidence = "medium";
      else confidence = "low";
      if (generic === "unknown") confidence = "low";
      // A decorator that does not name `pk` cannot check the object the URL names; with the viewset's own model
      // loaded unscoped in sight that is still worth a comment, anything less is a guess.
      if (decoration === "other") confidence = ownDirect && confidence !== "low" ? "medium" : "low";
      const what = objectPerms !== "no" ? "the permission classes' object checks and `get_queryset()`" : "`get_queryset()` and its user or tenant filters";
      report(view.nameNode, "pkWithoutGetObject", { action: view.name, what }, { confidence });
    }
  },
});

function keywordValue(call: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const a of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (a.type === "keyword_argument" && a.childForFieldName("name")?.text === name) return a.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

/** The class has DRF's `get_object()`: a generic view or viewset, directly, through the module or through the project's classes. */
function genericView(anc: Ancestry, index: ProjectIndex | undefined): Tri {
  if (anc.external.some((q) => GENERIC_BASE.test(q))) return "yes";
  const known = new Set(index?.genericViewClasses ?? []);
  if (anc.external.some((q) => known.has(q.replace(/^.*\./, "")))) return "yes";
  // Classes that only define the queryset/serializer of a generic view.
  if (anc.local.some((c) => classMethods(c).some((m) => /\bself\.get_object\s*\(/.test(m.node.text)))) return "yes";
  const projectBases = anc.external.filter((q) => !q.startsWith("rest_framework.") && !q.startsWith("django."));
  // A project class the index read and did not find generic is a mixin or a plain view; one it did not read is unknown.
  const read = new Set(index?.knownClasses ?? []);
  if (anc.unknown || projectBases.some((q) => !read.has(q.replace(/^.*\./, "")))) return "unknown";
  return "no";
}

/** get_queryset() ties rows to the requesting user or tenant, in the module or in a project base class. */
function querysetScoped(anc: Ancestry, index: ProjectIndex | undefined): boolean {
  for (const c of anc.local) {
    const m = classMethods(c).find((x) => x.name === "get_queryset");
    if (m) return QUERYSET_SCOPE.test(m.node.childForFieldName("body")?.text ?? "");
  }
  const scoped = new Set(index?.scopedQuerysetClasses ?? []);
  return anc.external.some((q) => scoped.has(q.replace(/^.*\./, "")));
}

/** Whether the permission classes check objects: `yes` (DjangoObjectPermissions, a class with has_object_permission), `unknown` (a class out of sight). */
function objectPermissions(value: SyntaxNode, imports: ImportTable, index: ProjectIndex | undefined, classes: ReturnType<typeof moduleClasses>): Tri {
  let result: Tri = "no";
  for (const item of sequenceItems(value)) {
    // `IsAuthenticated & IsOwner`, `IsOwner | IsAdmin`: each operand counts.
    const operands = item.type === "binary_operator" ? [item.childForFieldName("left"), item.childForFieldName("right")] : [item];
    for (const op of operands) {
      if (!op) continue;
      const q = imports.qualifyNode(op) ?? op.text;
      const drf = DRF_PERMISSION.exec(q);
      if (drf) {
        if (drf[1] === "DjangoObjectPermissions") return "yes";
        continue;
      }
      const name = q.replace(/^.*\./, "");
      const local = classes.get(name);
      if (local && !imports.bindings.has(name)) {
        if (/^[ \t]+def has_object_permission\(/m.test(local.node.text)) return "yes";
        if (index?.permissionClasses?.[name]) return "yes";
        continue;
      }
      if (/^ObjectPermissions$|ObjectPermissions$/.test(name) && /guardian/.test(q)) return "yes";
      const known = index?.permissionClasses?.[name];
      if (known === true) return "yes";
      if (known === undefined) result = "unknown";
    }
  }
  return result;
}

/**
 * How the action loads the `pk` object: `unscoped` (a query by the URL id not tied to the user or tenant, in the
 * action or in a self method / project helper it hands `pk` to), `unknown` (pk handed to code out of sight),
 * or `none` (every load is scoped or checked).
 */
function pkLoad(root: SyntaxNode, view: ViewFn, body: SyntaxNode, anc: Ancestry, imports: ImportTable, index: ProjectIndex | undefined): "unscoped" | "unknown" | "none" {
  const lookups = objectLookups(root, imports).filter((l) => l.view.node.id === view.node.id && !l.fromBody);
  // `get(pk=pk, organization_id=org)`: tied to a tenant in the same call.
  if (lookups.some((l) => !l.scoped && !TENANT_KEYWORD.test(l.call.text))) return "unscoped";
  let result: "unknown" | "none" = "none";
  const lookupCalls = new Set(lookups.map((l) => l.call.id));
  const visit = (n: SyntaxNode): "unscoped" | undefined => {
    if (n.type === "function_definition" || n.type === "class_definition") return undefined;
    if (n.type === "call" && !lookupCalls.has(n.id)) {
      const args = n.childForFieldName("arguments");
      const passesPk = args?.namedChildren.some((a) => (a.type === "identifier" && a.text === "pk") || (a.type === "keyword_argument" && a.childForFieldName("value")?.text === "pk"));
      const fn = n.childForFieldName("function");
      if (passesPk && fn) {
        const kind = helperKind(root, fn, anc, imports, index, view);
        if (kind === "unscoped") return "unscoped";
        if (kind === "unknown") result = "unknown";
      }
    }
    for (const c of n.namedChildren) if (visit(c) === "unscoped") return "unscoped";
    return undefined;
  };
  return visit(body) ?? result;
}

/** What a function the action hands `pk` to does with it. */
function helperKind(root: SyntaxNode, fn: SyntaxNode, anc: Ancestry, imports: ImportTable, index: ProjectIndex | undefined, view: ViewFn): "unscoped" | "scoped" | "unknown" | "ignore" {
  if (fn.type === "attribute") {
    const obj = fn.childForFieldName("object")?.text;
    const name = fn.childForFieldName("attribute")?.text ?? "";
    if (obj !== "self") return "ignore";
    for (const c of anc.local) {
      const m = classMethods(c).find((x) => x.name === name);
      if (!m) continue;
      if (m.node.id === view.node.id) return "ignore";
      return functionKind(m.node);
    }
    return "unknown";
  }
  if (fn.type !== "identifier" || BUILTINS.has(fn.text) || /^[A-Z]/.test(fn.text)) return "ignore";
  const q = imports.qualifyNode(fn);
  if (q && /^(?:django|rest_framework)\./.test(q)) return "ignore";
  if (!q) {
    // A function of this module.
    for (const stmt of root.namedChildren) {
      const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
      if (def?.type === "function_definition" && def.childForFieldName("name")?.text === fn.text) return functionKind(def);
    }
    return "unknown";
  }
  if (index?.permissionHelpers.includes(fn.text)) return "scoped";
  const kind = index?.objectLoaders?.[q.replace(/^.*\./, "")];
  return kind ?? "unknown";
}

function functionKind(def: SyntaxNode): "unscoped" | "scoped" | "unknown" {
  const text = def.text;
  if (BODY_CHECK.test(text) || PROJECT_CHECK.test(text) || callsCheckingHelper(def.childForFieldName("body")?.text ?? "")) return "scoped";
  const params = (def.childForFieldName("parameters")?.namedChildren ?? []).map((p) => (p.type === "identifier" ? p.text : p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? ""));
  return loaderKind(text, params) ?? (/\.objects\b|get_object_or_404/.test(text) ? "unknown" : "scoped");
}

/** The model the viewset serves: `model = M`, `queryset = M.objects...`, or `M.objects` in its `get_queryset()`. */
function viewsetModels(anc: Ancestry): Set<string> {
  const out = new Set<string>();
  for (const c of anc.local) {
    for (const m of c.node.childForFieldName("body")?.text.matchAll(/^[ \t]*(?:model[ \t]*=[ \t]*(\w+)|queryset[ \t]*=[ \t]*(\w+)\.objects\b)/gm) ?? []) out.add(m[1] ?? m[2]);
    const gq = classMethods(c).find((x) => x.name === "get_queryset");
    for (const m of gq?.node.text.matchAll(/\b([A-Z]\w*)\.objects\b/g) ?? []) out.add(m[1]);
  }
  return out;
}

/** The action itself loads an object of the viewset's own model by the URL's `pk` through a query tied to no user or tenant. */
function directOwnModelLoad(root: SyntaxNode, view: ViewFn, anc: Ancestry, imports: ImportTable): boolean {
  const models = viewsetModels(anc);
  return objectLookups(root, imports).some((l) => l.view.node.id === view.node.id && !l.fromBody && !l.scoped && models.has(l.model) && !TENANT_KEYWORD.test(l.call.text));
}

/** Decorators on the action besides @action and schema/caching ones: `names-pk` when one names the URL's pk (a check on that object). */
function actionDecoration(view: ViewFn, imports: ImportTable): "none" | "names-pk" | "other" {
  let result: "none" | "names-pk" | "other" = "none";
  for (const d of view.decorators) {
    const target = decoratorTarget(d);
    const q = imports.qualifyNode(target) ?? target?.text ?? "";
    let inner: SyntaxNode[] = [d];
    if (q === "django.utils.decorators.method_decorator") {
      const first = d.type === "call" ? d.childForFieldName("arguments")?.namedChildren[0] : undefined;
      inner = first ? sequenceItems(first) : [];
    }
    for (const i of inner) {
      const t = decoratorTarget(i);
      const iq = imports.qualifyNode(t) ?? t?.text ?? "";
      if (NEUTRAL_DECORATOR.test(iq)) continue;
      if (/\bpk\b|["']pk["']/.test(i.text)) return "names-pk";
      result = "other";
    }
  }
  return result;
}
