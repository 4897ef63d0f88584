import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isScalarModelMethod, modelField, type ModelFacts } from "../../src/core/analysis/model-fields.js";
import { isHelperFunction } from "../../src/core/analysis/project-index.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { authorisedBySecret, branchScopeDrops, choiceBypasses, detailAction, guardedModels, moduleViews, objectLookups, ownerWrites, type Lookup } from "./object-lookups.js";

const USER_MODELS = /^(User|AbstractUser|UserProfile|Profile|Account)$/;
const CHANGES = /\.save\s*\(|\.delete\s*\(|\.update\s*\(|instance\s*=|\bsetattr\s*\(/;
// Staff areas get their checks from URLconfs or app configs the rule cannot see.
const ADMIN_AREA = /(^|\/)(admin|dashboard|staff|manage|management|backoffice)(\/|\.py$)/;
// Tenants: whoever may open one sees or changes everything it holds.
// A view working on the requesting user's own account: `instance=request.user`, `request.user.profile`,
// `Profile.objects.get(user=request.user)`, a `get_object()` returning `self.request.user`.
const OWN_ACCOUNT = /\binstance\s*=\s*(?:self\.)?request\.user\b|\b(?:self\.)?request\.user\.\w*(?:profile|account)\b|\.objects\.get\(\s*user\s*=\s*(?:self\.)?request\.user\s*\)|\breturn\s+(?:self\.)?request\.user\s*$/m;
const TENANT_MODELS = /^(Organi[sz]ation|Tenant|Team|Workspace|Company|Account|Group)$/;
const EDIT_BASES = /UpdateView|DeleteView|FormView|ModelViewSet|UpdateAPIView|DestroyAPIView/;

const ident = (name: string) => new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);
/** The view saves, deletes, assigns to, or edits through a form the object named `obj`. */
function changes(obj: string, text: string): boolean {
  const o = obj.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w.])${o}\\.(save|delete)\\s*\\(|instance\\s*=\\s*${o}\\b|(?<![\\w.])${o}\\.\\w+\\s*=[^=]`).test(text);
}

// `redirect(...)`, `HttpResponseRedirect(...)`, a project's `redirect_to(...)`: the response is a Location, no data.
const REDIRECT_CALL = /^(?:[\w.]*\.)?\w*[Rr]edirect\w*$/;

/**
 * The view uses the loaded object only to answer with a redirect (`return redirect(f"/app/project/{project.id}")`):
 * nothing of it is shown or changed, and the page redirected to checks access itself.
 */
/**
 * A function view's body and the uses of the loaded object's name in it outside the lookup's own statement; null when
 * the object has no plain name or the lookup is not a statement of the view's body.
 */
function usesAfterLookup(l: Lookup): { body: SyntaxNode; uses: SyntaxNode[] } | null {
  if (!l.object || !/^\w+$/.test(l.object)) return null;
  const body = l.view.node.type === "function_definition" ? l.view.node.childForFieldName("body") : null;
  if (!body) return null;
  let lookupStatement: SyntaxNode | null = l.call;
  // Nodes compare by id: tree-sitter may hand out a new object for the same node (when the last one was collected).
  while (lookupStatement && lookupStatement.parent?.id !== body.id) lookupStatement = lookupStatement.parent;
  if (!lookupStatement) return null;
  const statement = lookupStatement;
  const uses = body.descendantsOfType("identifier").filter((n) => n.text === l.object && !(n.startIndex >= statement.startIndex && n.endIndex <= statement.endIndex));
  return { body, uses };
}

/** Whether `n` is used as the value returned by a redirect call that is a statement of `body`. */
function returnedInRedirect(n: SyntaxNode, body: SyntaxNode): boolean {
  let stmt: SyntaxNode | null = n;
  while (stmt && stmt.parent?.id !== body.id) stmt = stmt.parent;
  const value = stmt?.type === "return_statement" ? stmt.namedChildren[0] : undefined;
  return value?.type === "call" && REDIRECT_CALL.test(value.childForFieldName("function")?.text ?? "");
}

function onlyRedirectsTo(l: Lookup): boolean {
  const found = usesAfterLookup(l);
  if (!found?.uses.length) return false;
  return found.uses.every((n) => returnedInRedirect(n, found.body));
}

// Calls that look rows up: `get_object_or_404(M, ...)`, `M.objects.get(...)`, `.filter(...)`, `.exclude(...)`.
const LOOKUP_CALL = /^(?:[\w.]*\.)?(?:get_object_or_404|get_list_or_404|get|filter|exclude)$/;
const REQUESTING_USER = /^(?:self\.)?request\.user$/;
const CONSTANT = /^(?:True|False|None|-?\d[\d_.]*|"[^"\\]*"|'[^'\\]*')$/;

/**
 * The view uses the loaded object only to find the requesting user's own rows: every use is the value of a keyword of
 * a lookup that also keys it by `request.user` (`get_object_or_404(GroupMembership, group=group, member=request.user)`),
 * or a redirect. Nothing of the object is shown or changed; what the view acts on is the user's own record.
 */
/** Whether `n` is the name (`group` in `f(group=...)`) or the value of a keyword argument, or neither. */
function keywordPart(n: SyntaxNode): "name" | "value" | undefined {
  const kw = n.parent;
  if (kw?.type !== "keyword_argument") return undefined;
  if (kw.childForFieldName("name")?.id === n.id) return "name";
  return kw.childForFieldName("value")?.id === n.id ? "value" : undefined;
}

/** The call whose keyword value `n` is, when that call also passes the requesting user as a keyword value. */
function userKeyedCall(n: SyntaxNode): SyntaxNode | undefined {
  const list = n.parent?.parent;
  const call = list?.type === "argument_list" ? list.parent : null;
  const args = call?.childForFieldName("arguments")?.namedChildren ?? [];
  return call && args.some((a) => a.type === "keyword_argument" && REQUESTING_USER.test(a.childForFieldName("value")?.text ?? "")) ? call : undefined;
}

function onlyFindsOwnRecords(l: Lookup): boolean {
  const found = usesAfterLookup(l);
  if (!found) return false;
  const { body, uses } = found;
  if (!uses.some((n) => keywordPart(n) !== "name")) return false;
  return uses.every((n) => {
    const part = keywordPart(n);
    // `f(group=...)` spells the keyword, not the object.
    if (part === "name") return true;
    const call = part === "value" ? userKeyedCall(n) : undefined;
    if (call && LOOKUP_CALL.test(call.childForFieldName("function")?.text ?? "")) return true;
    return returnedInRedirect(n, body);
  });
}

/**
 * The view uses the object only for calls and keyword values of calls keyed by the requesting user, at least one of
 * them not a lookup (`GroupMembership.add_to_group(group=group, member=request.user)`, `Subscription.objects.get_or_create(
 * user=request.user, plan=plan)`), and for redirects: what it writes is the user's own row under the object (joining
 * it), not the object itself. Whether anyone may join that object is the project's rule, out of sight: worth a look.
 */
function onlyWritesOwnRecords(l: Lookup): boolean {
  const found = usesAfterLookup(l);
  if (!found?.uses.length) return false;
  const { body, uses } = found;
  let writes = false;
  const ok = uses.every((n) => {
    const part = keywordPart(n);
    if (part === "name") return true;
    if (part === "value") {
      const call = userKeyedCall(n);
      if (!call) return false;
      if (LOOKUP_CALL.test(call.childForFieldName("function")?.text ?? "")) return true;
      // A row made of the object, the user and constants only (a membership, a subscription); content the request
      // supplies (`Comment.objects.create(post=post, author=request.user, text=...)`) is something written into the object.
      const args = call.childForFieldName("arguments")?.namedChildren ?? [];
      const plain = args.every((a) => {
        if (a.type === "comment") return true;
        const v = a.type === "keyword_argument" ? a.childForFieldName("value") : null;
        return !!v && (v.text === l.object || REQUESTING_USER.test(v.text) || CONSTANT.test(v.text));
      });
      writes = true;
      return plain;
    }
    return returnedInRedirect(n, body);
  });
  return ok && writes;
}

/**
 * The view reads from the object only scalar values of the row: fields the model declares as numbers, dates, flags,
 * slugs or choices (`pricing.regular_price`, `obj.pk`), and methods of the model that return only such a field or a
 * number (`pricing.get_price_for_user(request.user)`; see `ModelFacts.scalarMethods`). Nothing of the object is
 * changed, rendered or handed on: at most a number leaves the view, such as a price quoted from a catalogue.
 */
function onlyReadsScalars(l: Lookup, models: Record<string, ModelFacts> | undefined): boolean {
  if (!models?.[l.model]) return false;
  const found = usesAfterLookup(l);
  if (!found?.uses.length) return false;
  return found.uses.every((n) => {
    const attr = n.parent;
    if (attr?.type !== "attribute" || attr.childForFieldName("object")?.id !== n.id) return false;
    const name = attr.childForFieldName("attribute")?.text ?? "";
    const outer = attr.parent;
    const isCall = outer?.type === "call" && outer.childForFieldName("function")?.id === attr.id;
    // The value read must not key another query or call (`Invoice.objects.filter(pk=invoice.pk).update(...)`,
    // `task.delay(invoice.total)`): only a response, a serialiser or arithmetic may take it.
    if (!answeredOnly(isCall ? outer! : attr)) return false;
    if (isCall) return isScalarModelMethod(models, l.model, name);
    // Assigned to (`obj.price = ...`) is a change, not a read.
    if (outer?.type === "assignment" && outer.childForFieldName("left")?.id === attr.id) return false;
    if (outer?.type === "augmented_assignment") return false;
    return modelField(models, l.model, name) === "safe";
  });
}

// Calls that only answer or format a value.
const ANSWER_CALL = /^(?:(?:simple)?json\.dumps|dumps|JsonResponse|HttpResponse|Response|str|int|float|round|Decimal|format|abs|dict)$/;

/** `value` is not an argument of a call, or only of one that answers or formats it. */
function answeredOnly(value: SyntaxNode): boolean {
  let n: SyntaxNode | null = value.parent;
  if (n?.type === "keyword_argument") n = n.parent;
  if (n?.type !== "argument_list") return true;
  return ANSWER_CALL.test(n.parent?.childForFieldName("function")?.text ?? "");
}

const describe = (l: Pick<Lookup, "object" | "model">) => (l.object ? `\`${l.object.replace(/^self\./, "")}\` (a \`${l.model}\`)` : `a \`${l.model}\``);
const source = (l: Pick<Lookup, "fromBody" | "source">) => (l.fromBody ? `request's \`${l.source}\`` : `URL's \`${l.source}\``);

export default defineRule({
  id: "unscoped-object-access",
  severity: "high",
  confidence: "high",
  cwe: [639, 862],
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/default/#permissions-and-authorization",
  docs: {
    what:
      "Finds views that load one object by an id taken from the URL or the request (`get_object_or_404(Model, pk=pk)`, `Model.objects.get(id=...)`, `filter(pk=...).first()`) and use it without scoping the query to the requesting user or checking permission on the object, where most of the module's other views that load the same model check it; lookups keyed by a user id taken from the request body instead of `request.user`; records whose owner (`user_id`, `owner`, `author`...) is written from the request by a view that never reads `request.user`; lookups through a model's unscoped manager where a class-based view or viewset of the module limits that model in `get_queryset()`; views that check only a role permission (no object) where sibling views check the object; views that offer the user only some objects of a model (`Organization.objects.filter(pk__in=user.organizations_managed)`) and then load one by an id the request chose through the model's unscoped manager, in the view or in a helper function nested in it; views whose switch on a setting or feature flag builds a queryset filtered by the object the URL named in one branch and from every row of a model in the other; and tenants (`Organization`, `Team`...) loaded by URL id after a check of authentication only.",
    why:
      "Ids in URLs are easy to guess or enumerate: a logged-in user changes `/finding/41/` to `/finding/42/` and reads or changes someone else's data (an insecure direct object reference). When sibling views check the same model and one does not, that one is almost always the bug.",
    example:
      "from django.shortcuts import get_object_or_404, render\nfrom .auth import user_has_permission_or_403\nfrom .models import Invoice\n\ndef view_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    user_has_permission_or_403(request.user, invoice, \"view\")\n    return render(request, \"invoice.html\", {\"invoice\": invoice})\n\ndef edit_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    user_has_permission_or_403(request.user, invoice, \"edit\")\n    return render(request, \"edit.html\", {\"invoice\": invoice})\n\ndef copy_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    invoice.pk = None\n    invoice.save()\n    return render(request, \"invoice.html\", {\"invoice\": invoice})\n",
    good: "from django.shortcuts import get_object_or_404, render\nfrom .auth import user_has_permission_or_403\nfrom .models import Invoice\n\ndef view_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    user_has_permission_or_403(request.user, invoice, \"view\")\n    return render(request, \"invoice.html\", {\"invoice\": invoice})\n\ndef edit_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    user_has_permission_or_403(request.user, invoice, \"edit\")\n    return render(request, \"edit.html\", {\"invoice\": invoice})\n\ndef copy_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    user_has_permission_or_403(request.user, invoice, \"edit\")\n    invoice.pk = None\n    invoice.save()\n    return render(request, \"invoice.html\", {\"invoice\": invoice})\n",
    fix:
      "Check the object the way the sibling views do, or scope the query to the user: `get_object_or_404(Invoice, id=iid, owner=request.user)` or `request.user.invoices.get(id=iid)`. Good:\n\n```python\ndef copy_invoice(request, iid):\n    invoice = get_object_or_404(Invoice, id=iid)\n    user_has_permission_or_403(request.user, invoice, \"edit\")\n    ...\n```",
    note:
      "The rule reports only with evidence from the same module: other views that check or user-scope objects of the same model, at least twice as many as the views that do not (high confidence); a class-based view or viewset whose `get_queryset()` filters by `request.user` or goes through a project scoping helper (`get_authorized_*`, `*_for_user`...) for the model, bypassed by a lookup through `Model.objects` in another view, when at most two views of the module load the model unchecked (high); a view whose only check is a role permission called without the object (`user_has_global_permission_or_403(request.user, \"add\")`) while at least as many sibling views check objects of the model as leave them unchecked (medium); a tenant model loaded by URL id in a view whose refusals are guarded only by `is_authenticated`/`is_staff` tests (medium); a view that scopes one object to the user and then loads and changes another by id without tying it to the first (medium); an edit of a user account loaded by URL id, where the account or a part of it (`indexer = user.indexer`) is itself saved, deleted, assigned to or bound to a form (an account only named by a new record, such as a report about it, is not changed) (medium when another view of the module edits the requesting user's own account, `instance=request.user`, `request.user.profile`, `Profile.objects.get(user=request.user)`, the module's own statement that accounts are edited as one's own; low otherwise, since the view may be a staff or link-holder action); an object loaded by a request-chosen id through `Model.objects` in a view (or a function nested in it, called with the request's value) that itself builds a user-limited queryset of that model and makes the loaded object the parent of something it writes (`clone.organization = ...`, `create(team=team)`; joining one is left alone), with no check of the id or object (a `*_permission*`/`is_manager`/`can_*` call naming it, an `in` test, a `PermissionDenied`) in that function (medium); a switch whose condition names neither the user, the request nor the URL's object (`if settings.NEW_LOCATIONS:`), where every branch assigns the same variable, one from a query naming the object loaded by the URL's id and another from `Model.objects` naming no variable of the view and not the user (medium); a lookup whose owner key comes from the request body, or a record whose owner is written from it in a view that never reads `request.user` and checks nothing (medium). It stays silent when the view raises `PermissionDenied`/`Http404` (or a project exception named for the refusal: `raise Http403`, `raise Forbidden()`, `raise AccessDenied`) or returns 403 under a condition other than authentication, calls a check (`has_perm`, `*_permission*`, `*_or_403`, `check_*`, `can_*`, a Django token generator's `check_token(obj, token)`...) with the object or its id, compares the object or a part of it bound to a name (`indexer = user.indexer; if indexer.mentor != request.user`) with the user, ties the object by a membership or equality test that refuses to something reached from the user (`if item not in collection.items.all(): raise ...` where `item = get_item_for_collector(item_id, request.user.collector)`), hands the object or its id to a function of the module (or a method of the view's class) whose body does one of these or loads it through a query naming the user (one hop), refuses unless the requesting user holds a Django permission (`if not request.user.has_perm(\"indexer.can_mentor\"): return ...`; for account edits and sibling comparisons: such a permission covers every object of the kind), only redirects to the object's page (`HttpResponseRedirect(obj.get_absolute_url())`), uses the object only to look up the requesting user's own rows (`get_object_or_404(GroupMembership, group=group, member=request.user)`), has a project decorator or a class check (`test_func`, `has_permission`, `get_queryset` filtering by user, project mixins), loads the object through a queryset it cannot see (`self.get_queryset()`, a helper call), or only asks whether a row exists. A sign-in view (a subclass of DRF's `ObtainAuthToken`, SimpleJWT's or knox's token views, a `LoginView`, or a view that calls `authenticate()`/`check_password()`) writes its token for the user whose credentials it checked, not one the caller picks. An owner reached from an object found by a secret token field (`token = get_object_or_404(TokenRegister, token=token); usr = token.user`) is the link holder's, not a value the caller picks. A lookup authorised by a secret from the link (a token-like URL argument in the query or passed to a check, or a random `unique_id`/`uuid` in a view that never reads `request.user`, such as an e-mail's unsubscribe link) is low confidence. So is a lookup whose view uses the object only as a keyword of calls keyed by the requesting user, one of them a write (`GroupMembership.add_to_group(group=group, member=request.user)`, `get_or_create(group=group, member=request.user)`: joining it; whether anyone may join is the project's rule), and one whose view reads from the object only scalars of the row (fields the model declares as numbers, dates, flags or choices, and model methods whose every return is such a field or a number, such as `pricing.get_price_for_user(request.user)` answered as JSON) when no sibling view scopes that model to the user: a price quoted from a catalogue. A view that also changes, renders or returns the object, writes a row for another user, reads a text field, or whose model is out of sight keeps its confidence. Where most views of a model check nothing in sight the checks live elsewhere (a middleware, the URLconf) and the rule says nothing. Known misses from the dev set: DefectDojo's `mktemplate` (its object checks live in a URL-name permission map read by a middleware, so the module's views mostly check nothing in sight), queries that list rather than load by id unless a sibling branch shows the scope (a shared object's findings listed unfiltered), checks that are present but wrong (an inverted condition, a check in a hook the framework ignores), RPC helpers that are not request handlers (mathesar), a parent changed through a form whose choices are limited in another file (an engagement moved to a product the user may see but not edit), and per-action permission maps of other frameworks (taiga's `retrieve_perms = AllowAny()`). Models defined in another file are not read, so a lone view without siblings is not reported.",
  },
  mentions: /get_object_or_404|\.objects\b|\brequest\.(?:POST|GET|data|query_params)\b/,
  messages: {
    uncheckedLikeSiblings:
      "{{object}} is loaded by the {{source}} and used without a check that the user may access it, while {{count}} other view(s) in this module check `{{model}}` objects ({{check}}). Add the same check here, or scope the query to `request.user`.",
    userAccountById:
      "{{object}} is loaded by the {{source}} and changed without comparing it with `request.user`: any logged-in user can edit another account. Use `request.user` (or check `obj == request.user` and raise `PermissionDenied`).",
    notTiedToScopedParent:
      "{{object}} is loaded by the {{source}} and changed, but unlike `{{parent}}` it is not scoped to the user and not tied to `{{parent}}`: any user can change another user's `{{model}}` through their own `{{parent}}`. Filter by `{{parent}}` too, or check that it belongs to it.",
    ownerFromRequest:
      "{{object}} is looked up for the user named by the request's `{{owner}}`, not for `request.user`: a caller can act as any user by changing it. Use `request.user` in the query.",
    ownerWrittenFromRequest:
      "The record's `{{key}}` is taken from the request, and this view never reads `request.user`: a logged-in caller can act in any user's name by changing it. Use `request.user` (or check the value against it).",
    bypassesGuardedModel:
      "{{object}} is loaded by the {{source}} through the unscoped `{{model}}` manager and used without a check, while `{{cls}}` in this module limits `{{model}}` objects ({{how}}): this view bypasses that. Load it through the same scoped queryset, or check permission on the object.",
    onlyGlobalCheck:
      "{{object}} is loaded by the {{source}} and the view checks only `{{global}}`, a permission that does not involve this object, while {{count}} other view(s) in this module check `{{model}}` objects with `{{check}}`. Check permission on this object too.",
    outsideOfferedChoices:
      "{{object}} is loaded by the {{source}} through the unscoped `{{model}}` manager, while this view offers the user only some `{{model}}` objects (`{{choices}}`): a forged request picks one that was never offered. Look it up in that same queryset, or check that the user may use it.",
    branchDropsScope:
      "`{{variable}}` is built from every `{{model}}` in this branch, while the other branch of `if {{condition}}` limits it to `{{parent}}`, the object the URL names: this way the view shows other objects' data. Filter by `{{parent}}` here too.",
    tenantAuthenticationOnly:
      "{{object}} is loaded by the {{source}} and the view only checks that the user is logged in (or staff): any user can read another {{model}}'s data by changing the id. Check that the user belongs to or manages this `{{model}}`.",
  },
  checkModule({ root, imports, report: reportAny, path, project }) {
    // A lookup that a secret from the link authorises (see `authorisedBySecret`), one used only to write the user's
    // own row under the object, or one whose view reads only scalars of a model no sibling view scopes to the user,
    // is worth a look, not a comment.
    let lowLookup = false;
    const report: typeof reportAny = (at, messageId, data, options = {}) => reportAny(at, messageId, data, lowLookup ? { ...options, confidence: "low" } : options);
    const models = project.index?.models;
    const lookups = objectLookups(root, imports).filter((l) => !(detailAction(l.view, imports) && l.source === "pk" && !/self\.get_object\s*\(/.test(l.view.node.text)));
    if (!ADMIN_AREA.test(path)) for (const w of ownerWrites(root, imports)) report(w.node, "ownerWrittenFromRequest", { key: w.key }, { confidence: "medium" });
    const guarded = guardedModels(root, imports);
    const bypassed = new Set<SyntaxNode>();
    for (const b of choiceBypasses(root, imports)) {
      bypassed.add(b.call);
      const choices = b.choices.length > 90 ? `${b.choices.slice(0, 87)}...` : b.choices;
      report(b.call, "outsideOfferedChoices", { object: describe(b), source: source(b), model: b.model, choices }, { confidence: "medium" });
    }
    for (const d of branchScopeDrops(root, imports)) {
      report(d.node, "branchDropsScope", { variable: d.variable, model: d.model, parent: d.parent, condition: d.condition.length > 60 ? `${d.condition.slice(0, 57)}...` : d.condition }, { confidence: "medium" });
    }
    for (const l of lookups) {
      if (bypassed.has(l.call)) continue;
      // A function other project code calls and no URLconf routes is a helper: its parameters are what its callers
      // pass, not ids from the URL.
      if (!l.fromBody && !l.view.cls && isHelperFunction(project.index, l.view.name, path)) continue;
      lowLookup =
        authorisedBySecret(l) ||
        onlyWritesOwnRecords(l) ||
        (onlyReadsScalars(l, models) && !lookups.some((o) => o.model === l.model && o.view !== l.view && o.userScoped));
      if (l.requestChosenOwner && !l.scoped && !l.checked) {
        report(l.call, "ownerFromRequest", { object: describe(l), owner: l.requestChosenOwner }, { confidence: "medium" });
        continue;
      }
      if (l.scoped || onlyRedirectsTo(l) || onlyFindsOwnRecords(l)) continue;
      if (l.authOnly && !l.checked && TENANT_MODELS.test(l.model)) {
        report(l.call, "tenantAuthenticationOnly", { object: describe(l), source: source(l), model: l.model }, { confidence: "medium" });
        continue;
      }
      if (l.checked) continue;
      // The module's own convention: most views that load this model by id check it, this one does not.
      const same = lookups.filter((o) => o.model === l.model);
      const siblings = same.filter((o) => o.view !== l.view && (o.checkName || (o.mayScopeToUser && !o.requestChosenOwner)));
      const views = new Set(siblings.map((o) => o.view.node));
      const unchecked = new Set(same.filter((o) => !o.checked && !o.scoped).map((o) => o.view.node));
      // A view gated by a Django permission of the caller (`if not request.user.has_perm(...): return ...`) decides for every object of the kind.
      if (views.size && views.size >= 2 * unchecked.size && !l.roleGate) {
        const named = siblings.find((o) => o.checkName && o.checkName !== "comparison")?.checkName;
        report(l.call, "uncheckedLikeSiblings", { object: describe(l), source: source(l), count: views.size, model: l.model, check: named ? `\`${named}\`` : "by scoping the query to the user" });
        continue;
      }
      // A class-based view or viewset of the module serves this model only in part; this lookup goes around it.
      const guard = guarded.get(l.model);
      if (guard && l.view.cls?.name !== guard.cls && unchecked.size <= 2 && !l.existsOnly) {
        report(l.call, "bypassesGuardedModel", { object: describe(l), source: source(l), model: l.model, cls: guard.cls, how: guard.how });
        continue;
      }
      // A role check without the object, where other views check objects of this model.
      const objectChecker = siblings.find((o) => o.checkName && o.checkName !== "comparison");
      const checkers = new Set(siblings.filter((o) => o.checkName && o.checkName !== "comparison").map((o) => o.view.node));
      // Where most views of the model check nothing in sight, the checks live elsewhere (a middleware, the URLconf).
      if (l.globalCheck && objectChecker && checkers.size >= unchecked.size) {
        report(l.call, "onlyGlobalCheck", { object: describe(l), source: source(l), global: l.globalCheck, count: checkers.size, model: l.model, check: objectChecker.checkName! }, { confidence: "medium" });
        continue;
      }
      // The view scopes one object to the user, then loads and changes another by id without tying it to the first.
      const parent = lookups.find((o) => o.view === l.view && o !== l && o.userScoped && o.object && o.call.startIndex < l.call.startIndex);
      if (parent?.object && l.object && !l.fromBody && changes(l.object, l.view.node.text) && !ident(parent.object).test(l.kwText)) {
        report(l.call, "notTiedToScopedParent", { object: describe(l), source: source(l), parent: parent.object, model: l.model }, { confidence: "medium" });
        continue;
      }
      const clsBases = l.view.cls?.bases.map((b) => b.text).join(",") ?? "";
      // The account itself (or a part of it: `indexer = user.indexer`) is changed, not merely named by a new record
      // (`Alert(author=request.user, profile=profile)`); a view that first requires a permission of the requesting
      // user (`if not request.user.has_perm("indexer.can_mentor"): return ...`) is a staff action on other accounts.
      const changed = l.object ? l.parts.some((p) => changes(p, l.view.node.text)) : CHANGES.test(l.call.text);
      if (USER_MODELS.test(l.model) && !l.fromBody && !l.roleGate && !ADMIN_AREA.test(path) && (changed || (l.view.name === "get_object" && EDIT_BASES.test(clsBases)))) {
        // Evidence that the module edits accounts as the requesting user's own: another view binds the form, the
        // profile or the object to `request.user`. Without it the view may be a staff or a link-holder action.
        const ownAccount = moduleViews(root).some((v) => v.node.id !== l.view.node.id && OWN_ACCOUNT.test(v.node.text));
        report(l.call, "userAccountById", { object: describe(l), source: source(l) }, { confidence: ownAccount ? "medium" : "low" });
      }
    }
  },
});
