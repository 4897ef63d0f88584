import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isHelperFunction, type ProjectIndex } from "../../src/core/analysis/project-index.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { ancestry, classMethods, decoratorTarget, inheritedAttribute, moduleClasses, PUBLIC_ENDPOINT, type ClassInfo } from "./class-views.js";
import { keyedBySecretUrlValue, moduleViews, RAISE_FORBIDDEN, type ViewFn } from "./object-lookups.js";

// Decorators that restrict who may call a view: Django's, and project ones named like them.
const PROTECTING = /(^|\.)(\w*login_required|\w*permission_required|user_passes_test|staff_member_required|\w*superuser\w*|\w*staff\w*|\w*admin_required|user_is_\w+|\w*authori[sz]\w*|\w*_perm\w*|\w*member_required|\w*owner\w*)$/;
// A hand-written check in the body (a project's own 403 exception raised, `raise Http403`, included).
const BODY_CHECK = new RegExp(`is_authenticated|is_anonymous|PermissionDenied|HttpResponseForbidden|has_perms?\\s*\\(|is_staff|is_superuser|redirect_to_login|_or_403|status=40[13]|${RAISE_FORBIDDEN.source}`);
// The view reads data by id or changes it.
const SENSITIVE = /request\.(POST|FILES|data)\b|\.save\s*\(|\.delete\s*\(|\.update\s*\(|\.create\s*\(|get_object_or_404\s*\(|\.objects\.get\s*\(/;
// The view returns or changes objects picked by an id (a lookup by `pk`/`id`, also `pk__in`).
const BY_ID = /get_object_or_404\s*\(|\.objects\.(?:get|filter)\s*\([^)]*\b(?:pk|id)(?:__in)?\s*=/;
const WRITE_METHODS = /["'](post|put|patch|delete)["']/i;

function protection(view: ViewFn, imports: ImportTable): string | undefined {
  for (const d of view.decorators) {
    const target = decoratorTarget(d);
    const q = imports.qualifyNode(target) ?? target?.text ?? "";
    if (PROTECTING.test(q)) return target?.text ?? q;
  }
  return undefined;
}

/** The first call in the function that loads objects by id (reported there: it is the line that exposes them). */
function lookupById(fn: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  const visit = (n: SyntaxNode) => {
    if (found) return;
    if (n.type === "call") {
      const f = n.childForFieldName("function")?.text ?? "";
      const args = n.childForFieldName("arguments")?.text ?? "";
      if ((/(^|\.)get_object_or_404$|\.objects\.(?:get|filter)$/.test(f)) && /\b(?:pk|id)(?:__in)?\s*=/.test(args)) {
        found = n;
        return;
      }
    }
    for (const c of n.namedChildren) visit(c);
  };
  visit(fn);
  return found;
}

function actionDecorator(decorators: SyntaxNode[], imports: ImportTable): SyntaxNode | undefined {
  return decorators.find((d) => d.type === "call" && imports.is(decoratorTarget(d), "rest_framework.decorators.action"));
}

/**
 * True when the viewset (or an ancestor: of this module, or a project class the index read) sets
 * `permission_classes` to a non-empty list of classes none of which is `AllowAny`: an action without its own
 * `permission_classes=` runs under them.
 */
function viewsetPermissions(cls: ClassInfo, imports: ImportTable, classes: Map<string, ClassInfo>, index: ProjectIndex | undefined): boolean {
  const anc = ancestry(cls, imports, classes);
  const found = inheritedAttribute(anc, "permission_classes");
  if (!found) {
    // A base imported from another project module (or a star import) that sets them.
    const names = [...anc.external.map((q) => q.slice(q.lastIndexOf(".") + 1)), ...anc.local.flatMap((c) => c.bases.filter((b) => b.type === "identifier" && !classes.has(b.text)).map((b) => b.text))];
    return names.some((n) => index?.protectedViewsets?.includes(n));
  }
  const value = found.assignment.childForFieldName("right");
  if (value?.type !== "list" && value?.type !== "tuple") return false;
  const items = value.namedChildren.filter((c) => c.type !== "comment");
  return items.length > 0 && items.every((c) => (c.type === "identifier" || c.type === "attribute") && !/(?:^|\.)AllowAny$/.test(imports.qualifyNode(c) ?? c.text));
}

/** The HTTP methods an `@action(...)` answers, as written in its `methods=` list (lower case). */
function actionMethods(deco: SyntaxNode): string[] {
  const kw = deco.childForFieldName("arguments")?.namedChildren.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "methods");
  const list = kw?.childForFieldName("value");
  return (list?.namedChildren ?? []).map((m) => (m.type === "string" ? m.text.replace(/^[rbuRBU]*["']|["']$/g, "").toLowerCase() : "?"));
}

export default defineRule({
  id: "view-missing-sibling-protection",
  severity: "high",
  confidence: "high",
  cwe: [862],
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/default/#the-login-required-decorator",
  docs: {
    what:
      "Finds a function view that reads objects by id or changes data without the login or permission decorator that every other function view of its module has, a view that checks nothing about the caller and returns or changes objects picked by id in a module whose other views check the user in their body, and a DRF write action without the `permission_classes` that most actions of its viewset declare.",
    why:
      "When a module protects each view with a decorator, the one view that lost it (often a new one, copied from a template without the decorator) is open to anonymous or unprivileged users. Consistency within the module is the project's own statement of what the view needs.",
    example:
      "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import get_object_or_404, render\nfrom .models import Note\n\n@login_required\ndef note_list(request):\n    return render(request, \"notes.html\", {\"notes\": Note.objects.filter(owner=request.user)})\n\n@login_required\ndef note_detail(request, pk):\n    return render(request, \"note.html\", {\"note\": get_object_or_404(Note, pk=pk, owner=request.user)})\n\n@login_required\ndef note_edit(request, pk):\n    note = get_object_or_404(Note, pk=pk, owner=request.user)\n    note.text = request.POST[\"text\"]\n    note.save()\n    return render(request, \"note.html\", {\"note\": note})\n\ndef note_delete(request, pk):\n    Note.objects.filter(pk=pk).delete()\n    return render(request, \"done.html\")\n",
    good: "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import get_object_or_404, render\nfrom .models import Note\n\n@login_required\ndef note_list(request):\n    return render(request, \"notes.html\", {\"notes\": Note.objects.filter(owner=request.user)})\n\n@login_required\ndef note_detail(request, pk):\n    return render(request, \"note.html\", {\"note\": get_object_or_404(Note, pk=pk, owner=request.user)})\n\n@login_required\ndef note_edit(request, pk):\n    note = get_object_or_404(Note, pk=pk, owner=request.user)\n    note.text = request.POST[\"text\"]\n    note.save()\n    return render(request, \"note.html\", {\"note\": note})\n\n@login_required\ndef note_delete(request, pk):\n    get_object_or_404(Note, pk=pk, owner=request.user).delete()\n    return render(request, \"done.html\")\n",
    fix:
      "Add the same decorator as the sibling views. Good:\n\n```python\n@login_required\ndef note_delete(request, pk):\n    get_object_or_404(Note, pk=pk, owner=request.user).delete()\n```",
    note:
      "Function views: reported when the module has at least three other function views and every one of them has a login/permission decorator (Django's or a project decorator named like one), the view has none and no check in its body (an authentication or staff test, `has_perm(...)`, `PermissionDenied`, a 403 response, or a project exception named for the refusal such as `raise Http403`), it reads by id or changes data, and its name is not that of a public endpoint (login, sign-up, password reset, webhook...). High confidence from four protected siblings, medium from three. Modules whose other function views (at least two) all check the user, at least one of them in its body (`if not request.user.is_authenticated: return HttpResponse(status=403)`): the one view that has no check, never reads `request.user`, and loads objects by `pk`/`id` (also `pk__in`) is reported at the lookup (medium; low when the lookup also keys the object by a secret or random value from the same URL, `get_object_or_404(Payment, pk=payment_id, guid=guid)`, since the link is then the capability). DRF: a detail or list action with write methods and no `permission_classes=` while at least three other actions of the viewset declare them (medium: the viewset's own `permission_classes` still apply, the finding says the action differs from its siblings; low when the action's body works with `request.user` itself, such as the caller's own registration, since it then decides by who asks). An action answering only PUT, PATCH or DELETE under `permission_classes` the viewset (or a base of its module or of the project) sets, none of them `AllowAny`, is not reported: permission classes decide by HTTP method and check it as they check an update or a delete. A POST action still is: they check a POST as a create. Views protected in the URLconf (`login_required(view)` in urls.py) or by a middleware are not visible to the rule: suppress with a reason.",
  },
  mentions: /_required|permission_classes|user_is_|authori[sz]|is_authenticated|is_staff|is_superuser|PermissionDenied|HttpResponseForbidden|status=40[13]/,
  messages: {
    missingDecorator:
      "`{{view}}` has no `@{{decorator}}`, which the other {{count}} views of this module have, and it {{what}}: anyone who finds its URL can call it. Add `@{{decorator}}` (or the check its siblings use).",
    missingSiblingCheck:
      "`{{view}}` {{what}} but checks nothing about the caller, while the other {{count}} views of this module check the user ({{how}}): anyone who finds its URL can call it. Add the check its siblings make.",
    actionWithoutPermissions:
      "Action `{{view}}` changes data but declares no `permission_classes`, unlike {{count}} other actions of `{{cls}}`: it runs with the viewset's defaults only. Declare the permission classes its siblings use.",
  },
  checkModule({ root, imports, report, project, path }) {
    // A request-taking function other project code calls and no URLconf routes is a helper, not one of the views.
    const fns = moduleViews(root).filter((v) => !v.cls && !isHelperFunction(project.index, v.name, path));
    if (fns.length >= 4) {
      const prot = fns.map((v) => protection(v, imports));
      const unprotected = fns.filter((_, i) => !prot[i]);
      if (unprotected.length === 1) {
        const view = unprotected[0];
        const body = view.node.childForFieldName("body")?.text ?? "";
        const decorator = prot.find((p) => p)!;
        if (!PUBLIC_ENDPOINT.test(view.name) && !BODY_CHECK.test(body) && SENSITIVE.test(body)) {
          const what = /request\.(POST|FILES|data)\b|\.save\s*\(|\.delete\s*\(|\.update\s*\(|\.create\s*\(/.test(body) ? "changes data" : "reads objects by id";
          report(view.nameNode, "missingDecorator", { view: view.name, decorator, count: fns.length - 1, what }, { confidence: fns.length - 1 >= 4 ? "high" : "medium" });
        }
      }
    }
    // Smaller modules whose views check the user in their body (`if not request.user.is_authenticated: return 403`).
    if (fns.length >= 3) {
      const guarded = fns.map((v) => protection(v, imports) ?? (BODY_CHECK.test(v.node.childForFieldName("body")?.text ?? "") ? "in its body" : undefined));
      const open = fns.filter((_, i) => !guarded[i]);
      const decorated = fns.filter((v) => protection(v, imports)).length;
      const view = open[0];
      const body = view?.node.childForFieldName("body")?.text ?? "";
      // Modules protected by decorators alone are the branch above's (with its own thresholds); a check written in a
      // view's body shows the module decides access view by view, in sight.
      if (open.length === 1 && decorated < fns.length - 1 && !PUBLIC_ENDPOINT.test(view.name) && BY_ID.test(body) && !/\brequest\.user\b/.test(body)) {
        const what = /\.save\s*\(|\.delete\s*\(|\.objects\.(?:create|update)\s*\(|\)\.update\s*\(/.test(body) ? "changes objects picked by id" : "returns objects picked by id";
        const how = decorated ? "with a decorator or in their body" : "in their body";
        const lookup = lookupById(view.node);
        // The object is found by the id and a secret or random key from the same link (`pk=payment_id, guid=guid`): the
        // link is the capability (a receipt, an e-mailed page), worth a look only.
        const secret = lookup !== undefined && keyedBySecretUrlValue(lookup, view.urlParams);
        report(lookup ?? view.nameNode, "missingSiblingCheck", { view: view.name, what, count: fns.length - 1, how }, { confidence: secret ? "low" : "medium" });
      }
    }
    const classesOf = moduleClasses(root);
    for (const cls of classesOf.values()) {
      const actions = classMethods(cls)
        .map((m) => ({ m, deco: actionDecorator(m.decorators, imports) }))
        .filter((a): a is { m: (typeof a)["m"]; deco: SyntaxNode } => !!a.deco);
      const declaring = actions.filter((a) => /permission_classes\s*=/.test(a.deco.text));
      const missing = actions.filter((a) => !/permission_classes\s*=/.test(a.deco.text) && WRITE_METHODS.test(a.deco.text));
      if (declaring.length < 3 || declaring.length < 2 * missing.length) continue;
      const inherited = viewsetPermissions(cls, imports, classesOf, project.index);
      for (const a of missing) {
        if (PUBLIC_ENDPOINT.test(a.m.name)) continue;
        // Permission classes decide by HTTP method: under the viewset's own classes a PUT, PATCH or DELETE action is
        // checked as an update or a delete is (`perms_map`, object permissions). A POST is checked as a create
        // (the parent named in the body, an add permission), which says nothing about the object the action changes.
        const methods = actionMethods(a.deco);
        if (inherited && methods.length && methods.every((m) => ["put", "patch", "delete", "get", "head", "options"].includes(m))) continue;
        // An action that works with the caller itself (`event.get_registration(request.user)`, `owner=request.user`)
        // decides by who asks in its body: the siblings' convention is weaker evidence there, worth a look only.
        const byCaller = /\b(?:self\.)?request\.user\b/.test(a.m.node.childForFieldName("body")?.text ?? "");
        report(a.deco, "actionWithoutPermissions", { view: a.m.name, count: declaring.length, cls: cls.name }, { confidence: byCaller ? "low" : "medium" });
      }
    }
  },
});
