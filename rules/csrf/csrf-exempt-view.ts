import { callsSecretCheckHelper, type ProjectIndex } from "../../src/core/analysis/project-index.js";
import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

const CSRF_EXEMPT = "django.views.decorators.csrf.csrf_exempt";

// A view that checks a secret with a constant-time comparison (`constant_time_compare(token, job.token)`,
// `hmac.compare_digest(signature, expected)`) authenticates its machine callers by something a cross-site
// form cannot send, which is the documented way to exempt a view.
const CHECKS_SECRET = /\b(?:constant_time_compare|compare_digest)\s*\(/;
// Authentication a cross-site form cannot supply: HMAC and `django.core.signing` signatures, vendor webhook
// SDKs (`stripe.Webhook.construct_event`), JWT/JWS checks. A token in a header (`Authorization`, `X-...-Token`)
// checked without a constant-time comparison still leaks by timing: it is reported, as worth a look (low).
const HEADER_OR_SIGNATURE_AUTH =
  /\bhmac\.new\(|\bsigning\.(?:loads|Signer|TimestampSigner)\b|\b(?:TimestampSigner|Signer)\([^)]*\)\.unsign|\.construct_event\(|\bjwt\.decode\(/;
// A REST framework style API view authenticates every request with its `authentication_classes`; DRF's own
// `APIView` is csrf-exempt by design and enforces CSRF only in `SessionAuthentication`.
const API_AUTHENTICATION = /\bauthentication_classes\s*=|\bdef get_authenticators\(/;
const HEADER_TOKEN = /\bHTTP_AUTHORIZATION\b|["']Authorization["']|\bHTTP_X_[A-Z_]*(?:TOKEN|KEY|SIGNATURE|SECRET|AUTH)[A-Z_]*\b|["']X-[\w-]*(?:Token|Key|Signature|Secret|Auth)[\w-]*["']/i;
// python-social-auth's `do_complete(...)` (social_core.actions) and allauth's OAuth callback views finish a social
// login whose OAuth `state` parameter the library verifies.
const SOCIAL_AUTH_CALLBACK = /\bdo_complete\(|\bOAuth2?CallbackView\b|\.complete_login\(/;
// What CSRF protects: actions taken with the cookie credentials of the browser's user.
// A view behind Django's login or permission checks (decorators, mixins) acts for the session's user too.
const USES_COOKIE_CREDENTIALS =
  /\brequest\.(?:user|session|auth)\b|\blogin\(|\blogout\(|\b(?:login_required|permission_required|user_passes_test|staff_member_required)\b|\b(?:LoginRequired|PermissionRequired|UserPassesTest)Mixin\b/;

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
      "around a view in a URLconf (`csrf_exempt(views.hook)`). A view function " +
      "that compares a secret in constant time (`constant_time_compare`, `hmac.compare_digest`), the usual check of a " +
      "token or signature header that a cross-site form cannot send, is not reported. A social login callback (python-social-auth's " +
      "`do_complete`, allauth's OAuth callback views), whose OAuth `state` parameter stands in for the token, is low confidence.",
    why: "Any site can make a logged-in user's browser submit to this view, with the user's cookies.",
    example: "from django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef transfer(request):\n    ...\n",
    good: "from django.contrib.auth.decorators import login_required\nfrom django.views.decorators.http import require_POST\n\n@login_required\n@require_POST\ndef transfer(request):\n    ...\n",
    fix: "Remove the decorator. For machine callers such as webhooks, authenticate the request instead (for example by checking a signature header).",
  },
  mentions: /csrf_exempt/,
  messages: {
    exemptView: "`{{view}}` accepts cross-site POSTs. Remove `csrf_exempt` or authenticate callers.",
  },
  query: `[(decorator (_) @deco) @decorator
           (call function: [(identifier) (attribute)] @fn arguments: (argument_list . (_) @wrapped)) @call]`,
  check({ node, maybe, imports, root, report, project }) {
    const call = maybe("call");
    if (call) {
      // `path("hook/", csrf_exempt(views.hook))`, `hook = csrf_exempt(hook)`: the wrapped view is exempt too.
      if (!imports.is(node("fn"), CSRF_EXEMPT)) return;
      const wrapped = node("wrapped");
      const body = wrapped.type === "identifier" ? moduleFunction(root, wrapped.text)?.childForFieldName("body")?.text : undefined;
      if (body !== undefined && (CHECKS_SECRET.test(body) || HEADER_OR_SIGNATURE_AUTH.test(body) || API_AUTHENTICATION.test(body))) return;
      report(call, "exemptView", { view: wrapped.text.replace(/\.as_view\(.*\)$/s, "") }, evidence(body, project.index));
      return;
    }
    const deco = node("deco");
    const target = deco.type === "call" ? deco.childForFieldName("function") : deco;
    const definition = node("decorator").parent?.childForFieldName("definition");
    const view = definition?.childForFieldName("name")?.text ?? "this view";
    if (imports.is(target, CSRF_EXEMPT) && deco.type !== "call") {
      const body = viewText(definition);
      if (body !== undefined && (CHECKS_SECRET.test(body) || HEADER_OR_SIGNATURE_AUTH.test(body) || API_AUTHENTICATION.test(body))) return;
      report(deco, "exemptView", { view }, evidence(body, project.index));
      return;
    }
    // @method_decorator(csrf_exempt, name="dispatch") on a class-based view.
    if (deco.type === "call" && imports.is(target, "django.utils.decorators.method_decorator")) {
      const first = deco.childForFieldName("arguments")?.namedChildren[0];
      const wrapped = first?.type === "list" || first?.type === "tuple" ? first.namedChildren : first ? [first] : [];
      if (!wrapped.some((w) => imports.is(w, CSRF_EXEMPT))) return;
      const body = viewText(definition);
      if (body !== undefined && (CHECKS_SECRET.test(body) || HEADER_OR_SIGNATURE_AUTH.test(body) || API_AUTHENTICATION.test(body))) return;
      report(deco, "exemptView", { view }, evidence(body, project.index));
    }
  },
});

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

/**
 * CSRF matters to a view that acts with the browser's cookie credentials: one that reads the user or the
 * session keeps the rule's confidence; one that does not, or whose code is out of sight, is worth a look (low).
 */
function evidence(body: string | undefined, index: ProjectIndex | undefined): { confidence?: "low" } {
  // An OAuth/social login callback: providers POST back (`form_post`, SAML-style), and the `state` parameter the
  // library checks stands in for the CSRF token (python-social-auth's own `complete` view is csrf_exempt).
  if (body !== undefined && SOCIAL_AUTH_CALLBACK.test(body)) return { confidence: "low" };
  // A signature checked by a project helper one hop away: likely authenticated, worth a look rather than a comment.
  if (body !== undefined && callsSecretCheckHelper(index, body)) return { confidence: "low" };
  return body !== undefined && USES_COOKIE_CREDENTIALS.test(body) && !HEADER_TOKEN.test(body) ? {} : { confidence: "low" };
}

/** The module-level function of that name, if the module defines one. */
function moduleFunction(root: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
  }
  return undefined;
}
