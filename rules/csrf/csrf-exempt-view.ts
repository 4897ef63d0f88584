import {
  csrfViewEvidence, DJANGO_VIEW_HANDLERS, joinViewHandlers, ownViewHandlers, type CsrfViewEvidence, type ProjectIndex, type ViewHandlers,
} from "../../src/core/analysis/project-index.js";
import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

const CSRF_EXEMPT = "django.views.decorators.csrf.csrf_exempt";

// A view that checks a secret with a constant-time comparison (`constant_time_compare(token, job.token)`,
// `hmac.compare_digest(signature, expected)`), an HMAC, a `django.core.signing` signature, a vendor webhook SDK
// (`stripe.Webhook.construct_event`) or a JWT, or that authenticates with REST framework `authentication_classes`,
// authenticates its callers by something a cross-site form cannot send: the documented way to exempt a view
// (see `csrfViewEvidence`). A token in a header checked without a constant-time comparison still leaks by
// timing: it is reported, as worth a look (low).
export default defineRule({
  id: "csrf-exempt-view",
  severity: "medium",
  confidence: "high",
  cwe: 352,
  owasp: "A01:2021",
  guideSection: "csrf",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/csrf/",
  docs: {
    what:
      "Finds views that turn off CSRF checks with `csrf_exempt`: as a decorator, through `method_decorator`, or wrapped " +
      "around a view in a URLconf (`csrf_exempt(views.hook)`, the view's definition found in the project), and REST framework " +
      "`SessionAuthentication` subclasses whose `enforce_csrf` does nothing. A view " +
      "that compares a secret in constant time (`constant_time_compare`, `hmac.compare_digest`), the usual check of a " +
      "token or signature header that a cross-site form cannot send, is not reported. A social login callback (python-social-auth's " +
      "`do_complete`, a `@psa` view handing the request to social_django's `complete`, allauth's OAuth callback views), whose OAuth `state` parameter stands in for the token, is low confidence. " +
      "A view that only answers safe methods (`@require_GET`, `@require_safe`, `@require_http_methods([\"GET\"])`, " +
      "`http_method_names` of safe methods) is not reported, nor is a class-based view whose class and ancestors (classes of the module, " +
      "project classes, Django's display views such as `DetailView`, `ListView`, `TemplateView`, `RedirectView`) define no handler of an " +
      "unsafe method, since a POST gets 405; one that only defines `get()` over a third-party ancestor is low confidence, and so is one whose `post` does what its `get` does " +
      "(`post = get`, `return self.get(...)`, or `get`'s body reading `request.POST` instead of `request.GET`), since a cross-site GET, never checked, already does as much. " +
      "One that runs the CSRF check itself (`csrf_protect` inside it, or a project helper calling `CsrfViewMiddleware(...).process_view(request, ...)` on the path that acts for the user, " +
      "as OpenID Connect provider endpoints that relying parties POST to do), " +
      "demands `X-Requested-With` (`request.is_ajax()`, `@require_ajax`), or first turns away every request its " +
      "`authenticator.authenticate(request)` (HTTP Digest/Basic) rejects is low confidence. So is a SAML assertion consumer or single logout service, " +
      "which the identity provider POSTs to cross-site by design: the view hands the request to python3-saml (`process_response()`, `process_slo()`) or pysaml2 " +
      "(`parse_authn_request_response()`), or reads `SAMLResponse`/`SAMLRequest` in a module that imports one of them, and the signed message the library verifies " +
      "authenticates the request; reading `SAMLResponse` with no SAML library in the module keeps the rule's confidence. So is a view whose only tie to the browser's " +
      "credentials is storing its own keys in the session (`request.session[\"sorting\"] = ...`): a forged request changes a visitor's preference, " +
      "not anything done as the user. So is a function view that takes its input from the query string (`request.GET`) and never reads the " +
      "request body or method (an OAuth provider's redirect to `?code=...`): a cross-site POST does nothing there that a link does not. " +
      "So is a function view that answers with a response and whose every call only reads or answers (queries that fetch, permission tests such as `has_perm(...)`, " +
      "`get_*`/`is_*`/`has_*`/`can_*` helpers, `json.dumps`, renderers, responses, classes built) and that writes nothing of the request " +
      "(an import-progress poll, a price lookup): a forged POST changes nothing and a cross-site page cannot read the answer; a `.save()`, " +
      "`.update()`, `get_or_create()`, a session write or a call of a project function named for an action keeps the rule's confidence. " +
      "So is a view that replaces the session's user with the one the request's own password authenticates " +
      "(`request.user = authenticate(request, username=..., password=request.POST[...])`) and opens no session (`login()`), " +
      "and one that acts as the user of a record it looks up by a per-user secret the request carries in its body or query " +
      "(`request.user = Token.objects.get(key=request.POST[\"token\"]).user`, or a `json.loads(request.body)` value, by a lookup keyword named for a token, key or secret), " +
      "itself or through a project helper or decorator one hop away: a cross-site form would have to know the victim's secret. " +
      "A token that only finds an object while the view still acts as the session's user (an invitation accepted by `request.user`) keeps the rule's confidence.",
    why: "Any site can make a logged-in user's browser submit to this view, with the user's cookies.",
    example: "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef transfer(request):\n    ...\n",
    good: "from django.contrib.auth.decorators import login_required\nfrom django.views.decorators.http import require_POST\n\n@login_required\n@require_POST\ndef transfer(request):\n    ...\n",
    fix: "Remove the decorator. For machine callers such as webhooks, authenticate the request instead (for example by checking a signature header).",
  },
  mentions: /csrf_exempt|enforce_csrf/,
  messages: {
    exemptView: "`{{view}}` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers.",
    sessionCsrfOff:
      "`{{auth}}` skips the CSRF check of session-authenticated API requests: another site can make a signed-in user's browser write through every API view that uses it. Keep `SessionAuthentication`'s check, or authenticate API clients with tokens.",
    exemptApiView:
      "`{{view}}` is a REST framework view: its `as_view()` is csrf-exempt already and SessionAuthentication checks CSRF itself, so `csrf_exempt` here changes nothing. Remove it, and check the view's authentication classes instead.",
  },
  query: `[(decorator (_) @deco) @decorator
           (call function: [(identifier) (attribute)] @fn arguments: (argument_list . (_) @wrapped)) @call
           (function_definition name: (identifier) @enforce (#eq? @enforce "enforce_csrf") body: (block) @enforceBody)]`,
  check({ node, maybe, captureText, imports, root, report, project }) {
    const enforce = maybe("enforce");
    if (enforce) {
      // `class CsrfExemptSessionAuthentication(SessionAuthentication): def enforce_csrf(self, request): return`
      const cls = enforce.parent?.parent?.type === "block" ? enforce.parent.parent.parent : enforce.parent?.parent?.parent?.parent;
      if (cls?.type !== "class_definition" || !/\bSessionAuthentication\b/.test(cls.childForFieldName("superclasses")?.text ?? "")) return;
      const statements = node("enforceBody").namedChildren.filter((c) => c.type !== "comment");
      const noop = statements.every((c) => c.type === "pass_statement" || (c.type === "return_statement" && /^return(?:\s+None)?$/.test(c.text)) || (c.type === "expression_statement" && c.namedChildren[0]?.type === "string"));
      if (noop) report(enforce, "sessionCsrfOff", { auth: cls.childForFieldName("name")?.text ?? "this class" });
      return;
    }
    const fnText = captureText("fn");
    if (fnText !== undefined) {
      // `path("hook/", csrf_exempt(views.hook))`, `hook = csrf_exempt(hook)`: the wrapped view is exempt too.
      // Most calls are something else. Django's `csrf_exempt` is named by a dotted name ending in `csrf_exempt` or by
      // an imported alias, which the text shows without finding the call in the tree.
      if (!fnText.includes("csrf_exempt") && !imports.bindings.has(fnText)) return;
      if (!imports.is(node("fn"), CSRF_EXEMPT)) return;
      const call = node("call");
      const wrapped = node("wrapped");
      const name = viewName(wrapped);
      // The view's definition: in this module, or (through the project index) in the module it is imported from.
      const sameModule = wrapped.type === "identifier" || wrapped.childForFieldName("function")?.childForFieldName("object")?.type === "identifier";
      const local = name === undefined || !sameModule ? undefined : moduleDefinition(root, name, wrapped.type === "call" ? "class_definition" : undefined);
      const shape = local ? definitionShape(local, imports) : undefined;
      if (shape === "safe") return;
      const handlers = local ? exemptClassHandlers(local, root, imports, project.index) : undefined;
      if (handlers === "safe") return;
      const found: CsrfViewEvidence | undefined = local ? csrfViewEvidence(viewText(local) ?? "", project.index, root.text) : name === undefined ? undefined : project.index?.exemptViews?.[name];
      if (found === "secret") return;
      const sameForEveryMethod = !!local && (onlyReads(local) || postDoesWhatGetDoes(local, root, imports, project.index));
      report(call, found === "drf" ? "exemptApiView" : "exemptView", { view: wrapped.text.replace(/\.as_view\(.*\)$/s, "") }, exemptOptions(found, shape, handlers, sameForEveryMethod));
      return;
    }
    const deco = node("deco");
    const target = deco.type === "call" ? deco.childForFieldName("function") : deco;
    // `@csrf_exempt` itself, or `@method_decorator(csrf_exempt, name="dispatch")` on a class-based view.
    const direct = imports.is(target, CSRF_EXEMPT) && deco.type !== "call";
    if (!direct) {
      if (deco.type !== "call" || !imports.is(target, "django.utils.decorators.method_decorator")) return;
      const first = deco.childForFieldName("arguments")?.namedChildren[0];
      const wrapped = first?.type === "list" || first?.type === "tuple" ? first.namedChildren : first ? [first] : [];
      if (!wrapped.some((w) => imports.is(w, CSRF_EXEMPT))) return;
    }
    const definition = node("decorator").parent?.childForFieldName("definition");
    const view = definition?.childForFieldName("name")?.text ?? "this view";
    const shape = definitionShape(definition, imports);
    if (shape === "safe") return;
    const handlers = exemptClassHandlers(definition, root, imports, project.index);
    if (handlers === "safe") return;
    const found = viewText(definition);
    const evidence = found === undefined ? undefined : csrfViewEvidence(found, project.index, root.text);
    if (evidence === "secret") return;
    const sameForEveryMethod = (direct && (readsNoRequestBody(definition) || onlyReads(definition))) || postDoesWhatGetDoes(definition, root, imports, project.index);
    report(deco, evidence === "drf" ? "exemptApiView" : "exemptView", { view }, exemptOptions(evidence, shape, handlers, sameForEveryMethod));
  },
});

/**
 * The rule's confidence only for a view that acts with the session's credentials (`evidence` "session"), is routed as it
 * stands (no `shape` found), answers methods the analysis saw, and does something a cross-site GET cannot; low otherwise.
 */
function exemptOptions(evidence: CsrfViewEvidence | undefined, shape: ReturnType<typeof definitionShape> | undefined, handlers: ReturnType<typeof exemptClassHandlers> | undefined, sameForEveryMethod: boolean): { confidence?: "low" } {
  return evidence === "session" && !shape && handlers !== "unseen" && !sameForEveryMethod ? {} : { confidence: "low" };
}

// What tells a POST from a GET in a view: the request body, the method, or a method-restricting decorator.
// A view written for a GET: it takes its input from the query string.
const QUERY_STRING = /\brequest\.(?:GET|query_params)\b/;
const BODY_OR_METHOD = /\brequest\.(?:POST|body|FILES|data|method|read|readline|readlines|stream|content_type|META\s*\[\s*["'](?:CONTENT_TYPE|REQUEST_METHOD))|\brequire_(?:POST|http_methods)\b|\bQueryDict\s*\(/;

/**
 * A function view (not a method) that takes its input from the query string and never reads the request body or
 * method: it does for a cross-site POST
 * exactly what it does for a cross-site GET (an OAuth provider's redirect to `?code=...&state=...`), which the CSRF
 * middleware never checks, so exempting it opens nothing a link does not. Worth a look only.
 */
function readsNoRequestBody(definition: SyntaxNode | null | undefined): boolean {
  if (definition?.type !== "function_definition") return false;
  let up: SyntaxNode | null = definition.parent;
  while (up && up.type !== "class_definition" && up.type !== "module") up = up.parent;
  if (up?.type === "class_definition") return false;
  const decorated = definition.parent?.type === "decorated_definition" ? definition.parent.text : definition.text;
  return QUERY_STRING.test(decorated) && !BODY_OR_METHOD.test(decorated);
}

// Calls that only read or answer: queries that fetch, Python's and Django's value helpers, responses and renderers.
const READING_CALLS = new Set([
  "get", "getlist", "items", "keys", "values", "values_list", "filter", "exclude", "all", "none", "first", "last", "count", "exists",
  "order_by", "select_related", "prefetch_related", "annotate", "aggregate", "only", "defer", "distinct", "latest", "earliest",
  "in_bulk", "iterator", "using", "dumps", "loads", "render", "render_to_string", "render_to_response", "get_object_or_404",
  "get_list_or_404", "int", "str", "float", "bool", "len", "list", "dict", "tuple", "sorted", "reversed", "min", "max", "sum", "abs",
  "round", "any", "all", "isinstance", "hasattr", "getattr", "enumerate", "zip", "range", "map", "split", "rsplit", "strip", "lstrip",
  "rstrip", "lower", "upper", "title", "join", "replace", "format", "startswith", "endswith", "strftime", "strptime", "isoformat",
  "encode", "decode", "append", "extend", "copy", "page", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "ngettext", "_",
  "reverse", "reverse_lazy", "escape", "format_html", "urlencode", "quote", "unquote", "basename", "now", "today", "timedelta",
  "localtime", "index", "find",
]);
// `get_price_for_user()`, `is_ajax()`, `has_perm()`, `can_view()`, `render_to_resp()`: named for what they answer. Not `get_or_create`.
const READING_NAME = /^(?:(?:get|is|has|can)_(?!or_|and_)\w+|render\w*)$/;

/**
 * A function view whose every call only reads or answers (a query that fetches, a permission test, `json.dumps`,
 * a renderer, a response; a class built, such as a form or a paginator), whose every return is a response, and which writes nothing of the request
 * (`request.session[...] = ...`, `request.user = ...`, `del request.session[...]`): it does the same for a forged
 * POST as for a GET, and a cross-site page cannot read its answer. A call of anything else (`.save()`, `.delete()`,
 * `.update()`, a project function, a method named for an action) may change state, and the view keeps the rule's
 * confidence. An import-progress poll or a price lookup exempted from CSRF is worth a look at most.
 */
function onlyReads(definition: SyntaxNode | null | undefined): boolean {
  if (definition?.type !== "function_definition") return false;
  const body = definition.childForFieldName("body");
  if (!body) return false;
  const writesRequest = (target: SyntaxNode | null) => !!target && /^(?:self\.)?request\b/.test(target.text) && target.type !== "identifier";
  const stack: SyntaxNode[] = [body];
  let answers = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "return_statement") {
      // It answers: every return hands back a response (`HttpResponse(...)`, `JsonResponse(...)`, `render(...)`, `redirect(...)`).
      const value = n.namedChildren[0];
      const fn = value?.type === "call" ? value.childForFieldName("function") : undefined;
      const name = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text ?? "" : "";
      if (!/Response\w*$|^render\w*$|^redirect$/.test(name)) return false;
      answers++;
    }
    if (n.type === "call") {
      const fn = n.childForFieldName("function");
      const name = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
      if (!name) return false;
      if (!READING_CALLS.has(name) && !READING_NAME.test(name) && !/^[A-Z]/.test(name)) return false;
    } else if (n.type === "assignment" || n.type === "augmented_assignment") {
      if (writesRequest(n.childForFieldName("left"))) return false;
    } else if (n.type === "delete_statement") {
      if (n.namedChildren.some((c) => /^(?:self\.)?request\b/.test(c.text))) return false;
    } else if (n.type === "global_statement" || n.type === "nonlocal_statement") return false;
    for (const c of n.namedChildren) stack.push(c);
  }
  return answers > 0;
}

/**
 * A class-based view (the class, or the class of the exempt `dispatch`) whose `post` does what its `get` does: `post = get`,
 * a `post` that only returns `self.get(...)`, or a `post` whose body is `get`'s with `request.POST` read instead of
 * `request.GET` (a PDF export answering both). It defines no other handler of an unsafe method, and its bases are
 * Django's views and mixins or classes in sight that define none either. A forged POST then does what a cross-site
 * GET, which the CSRF middleware never checks, already does: exempting it opens nothing. Worth a look only.
 */
function postDoesWhatGetDoes(definition: SyntaxNode | null | undefined, root: SyntaxNode, imports: ImportTable, index: ProjectIndex | undefined): boolean {
  let cls: SyntaxNode | null | undefined = definition;
  if (cls?.type === "function_definition") {
    cls = cls.parent?.type === "decorated_definition" ? cls.parent.parent : cls.parent;
    cls = cls?.type === "block" ? cls.parent : null;
  }
  if (cls?.type !== "class_definition") return false;
  const methods = new Map<string, SyntaxNode>();
  let aliased = false;
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition") methods.set(def.childForFieldName("name")?.text ?? "", def);
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type === "assignment" && /^(?:post|put|patch|delete)$/.test(a.childForFieldName("left")?.text ?? "")) {
      if (a.childForFieldName("left")?.text !== "post" || a.childForFieldName("right")?.text !== "get") return false;
      aliased = true;
    }
  }
  if (["put", "patch", "delete"].some((m) => methods.has(m))) return false;
  // A `dispatch` of its own that does not hand over to `super().dispatch` answers every method itself.
  const dispatch = methods.get("dispatch");
  if (dispatch && !/\.dispatch\(/.test(dispatch.text)) return false;
  const get = methods.get("get");
  const post = methods.get("post");
  if (!get || aliased === !!post) return false;
  if (post) {
    const body = (m: SyntaxNode) => (m.childForFieldName("body")?.text ?? "").replace(/\s+/g, " ");
    const params = (m: SyntaxNode) => m.childForFieldName("parameters")?.text.replace(/\s+/g, "");
    const returnsGet = /^return self\.get\([^()]*\)$/.test(body(post).trim());
    const mirrors = params(post) === params(get) && body(post).replace(/\brequest\.POST\b/g, "request.GET") === body(get);
    if (!returnsGet && !mirrors) return false;
  }
  const bases = baseHandlers(cls, root, imports, index, new Set());
  return bases === "safe" || bases === "neutral";
}

/**
 * The code of the exempt view: a function's body, or for a method (`dispatch`) or a decorated class, the
 * whole class, whose other methods handle the requests.
 */
function viewText(definition: SyntaxNode | null | undefined): string | undefined {
  if (!definition) return undefined;
  let cls: SyntaxNode | null = definition.type === "class_definition" ? definition : definition.parent;
  while (cls && cls.type !== "class_definition" && cls.type !== "module") cls = cls.parent;
  if (cls?.type === "class_definition") return cls.text;
  // The decorators come with the body: `@login_required` says the view acts for the session's user.
  const decorated = definition.parent?.type === "decorated_definition" ? definition.parent : undefined;
  const decorators = decorated ? decorated.namedChildren.filter((c) => c.type === "decorator").map((c) => c.text).join("\n") : "";
  const body = definition.childForFieldName("body")?.text;
  return body === undefined ? undefined : `${decorators}\n${body}`;
}

// CSRF matters to a view that acts with the browser's cookie credentials: one that reads the user or the session
// keeps the rule's confidence; one that does not, whose code is out of sight, or that is a REST framework view
// (exempt already, CSRF checked by its SessionAuthentication), is worth a look (low).

/** The name of the definition behind a wrapped view: `hook`, `views.hook` → `hook`; `Hook.as_view()` → `Hook`. */
function viewName(wrapped: SyntaxNode): string | undefined {
  let target: SyntaxNode | null = wrapped;
  if (wrapped.type === "call") {
    const fn = wrapped.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "as_view") return undefined;
    target = fn.childForFieldName("object");
  }
  if (target?.type === "identifier") return target.text;
  if (target?.type === "attribute") return target.childForFieldName("attribute")?.text;
  return undefined;
}

/** The module-level function (or class) of that name, if the module defines one. */
function moduleDefinition(root: SyntaxNode, name: string, type: "function_definition" | "class_definition" = "function_definition"): SyntaxNode | undefined {
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === type && def.childForFieldName("name")?.text === name) return def;
  }
  return undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);
const HTTP_DECORATORS = "django.views.decorators.http";

/**
 * What the exempt view's definition shows beyond its code's words: `safe` when it only answers safe methods
 * (`@require_GET`, `@require_safe`, `@require_http_methods(["GET"])`, a class's `http_method_names` of safe
 * methods only), where CSRF has nothing to protect; `header-auth` when its body starts by turning away every
 * request that an authenticator (`HttpDigestAuthenticator().authenticate(request)`, a Basic-auth helper) does not
 * accept, credentials a cross-site form cannot send.
 */
function definitionShape(definition: SyntaxNode | null | undefined, imports: ImportTable): "safe" | "header-auth" | undefined {
  if (!definition) return undefined;
  const decorated = definition.parent?.type === "decorated_definition" ? definition.parent : undefined;
  for (const d of decorated?.namedChildren ?? []) {
    if (d.type !== "decorator") continue;
    const expr = d.namedChildren[0];
    if (!expr) continue;
    if (imports.is(expr, `${HTTP_DECORATORS}.require_GET`) || imports.is(expr, `${HTTP_DECORATORS}.require_safe`)) return "safe";
    if (expr.type === "call" && imports.is(expr.childForFieldName("function"), `${HTTP_DECORATORS}.require_http_methods`)) {
      const methods = methodList(expr.childForFieldName("arguments")?.namedChildren[0]);
      if (methods && methods.every((m) => SAFE_METHODS.has(m.toUpperCase()))) return "safe";
    }
  }
  if (definition.type === "class_definition") {
    for (const stmt of definition.childForFieldName("body")?.namedChildren ?? []) {
      const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      if (a?.type !== "assignment" || a.childForFieldName("left")?.text !== "http_method_names") continue;
      const methods = methodList(a.childForFieldName("right"));
      if (methods && methods.every((m) => SAFE_METHODS.has(m.toUpperCase()))) return "safe";
    }
    return undefined;
  }
  for (const stmt of definition.childForFieldName("body")?.namedChildren ?? []) {
    if (stmt.type !== "if_statement") continue;
    const cond = stmt.childForFieldName("condition");
    const call = cond?.type === "not_operator" ? cond.childForFieldName("argument") : undefined;
    const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
    const args = call?.childForFieldName("arguments")?.namedChildren ?? [];
    const returns = stmt.childForFieldName("consequence")?.namedChildren.some((c) => c.type === "return_statement" || c.type === "raise_statement");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "authenticate" && args.length === 1 && args[0].text === "request" && returns) return "header-auth";
  }
  return undefined;
}

/**
 * Which methods the class-based view behind an exempt definition (the class, or the class holding the decorated
 * `dispatch`) answers: `safe` when it is a view (it reaches Django's `View`), neither it nor any ancestor defines
 * a handler of an unsafe method, and every ancestor is known (a class of this module, a project class the index
 * resolved, or one of Django's views), so a POST gets 405 and there is nothing for CSRF to protect; `unseen` when the class itself only answers safe
 * methods (it defines `get`) but some ancestor is out of sight (a third-party view), so whether POST does
 * anything is not known; `unsafe` or undefined otherwise (not a class, or no handler of its own in sight).
 */
function exemptClassHandlers(definition: SyntaxNode | null | undefined, root: SyntaxNode, imports: ImportTable, index: ProjectIndex | undefined): "safe" | "unseen" | "unsafe" | undefined {
  let cls: SyntaxNode | null | undefined = definition;
  if (cls?.type === "function_definition") {
    cls = cls.parent?.type === "decorated_definition" ? cls.parent.parent : cls.parent;
    cls = cls?.type === "block" ? cls.parent : null;
  }
  if (cls?.type !== "class_definition") return undefined;
  const handlers = classHandlers(cls, root, imports, index, new Set());
  // A mixin that reaches no view (`class CsrfExemptMixin(object)`) decides nothing: its subclasses do.
  if (handlers === "safe" || handlers === "unsafe") return handlers;
  if (handlers === "neutral") return undefined;
  return /^[ \t]+(?:async[ \t]+)?def[ \t]+(?:get|head)[ \t]*\(/m.test(cls.text) ? "unseen" : undefined;
}

function classHandlers(cls: SyntaxNode, root: SyntaxNode, imports: ImportTable, index: ProjectIndex | undefined, seen: Set<string>): ViewHandlers | "unknown" {
  const own = ownViewHandlers(cls.text);
  if (own) return own;
  return baseHandlers(cls, root, imports, index, seen);
}

/** What a class's bases answer, joined (see `classHandlers`). */
function baseHandlers(cls: SyntaxNode, root: SyntaxNode, imports: ImportTable, index: ProjectIndex | undefined, seen: Set<string>): ViewHandlers | "unknown" {
  const name = cls.childForFieldName("name")?.text ?? "";
  // Deep or cyclic chains of this module's classes: nothing is concluded.
  if (seen.has(name) || seen.size > 16) return "unknown";
  seen.add(name);
  const bases = cls.childForFieldName("superclasses")?.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment") ?? [];
  let result: ViewHandlers | "unknown" = "neutral";
  for (const base of bases) {
    let r: ViewHandlers | "unknown" = "unknown";
    const q = imports.qualifyNode(base);
    if (q !== undefined) {
      const last = q.slice(q.lastIndexOf(".") + 1);
      // One of Django's views or mixins; otherwise a class of another project module, as the index resolved it.
      r = q.startsWith("django.") ? (DJANGO_VIEW_HANDLERS.get(last) ?? "unknown") : (index?.viewHandlers?.[last] ?? "unknown");
    } else if (base.type === "identifier") {
      const local = moduleDefinition(root, base.text, "class_definition");
      if (base.text === "object") r = "neutral";
      else if (local && local.startIndex < cls.startIndex) r = classHandlers(local, root, imports, index, seen);
      // A name from `from x import *` of a project module.
      else if (!local) r = index?.viewHandlers?.[base.text] ?? "unknown";
    }
    result = joinViewHandlers(result, r);
  }
  return result;
}

/** The literal method names of a list or tuple, or undefined when any is not a literal. */
function methodList(node: SyntaxNode | null | undefined): string[] | undefined {
  if (!node || (node.type !== "list" && node.type !== "tuple")) return undefined;
  const out: string[] = [];
  for (const c of node.namedChildren) {
    const v = c.type === "string" ? stringValue(c) : undefined;
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out.length ? out : undefined;
}
