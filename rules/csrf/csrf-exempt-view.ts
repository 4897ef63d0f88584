import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

const CSRF_EXEMPT = "django.views.decorators.csrf.csrf_exempt";

// A view that checks a secret with a constant-time comparison (`constant_time_compare(token, job.token)`,
// `hmac.compare_digest(signature, expected)`) authenticates its machine callers by something a cross-site
// form cannot send, which is the documented way to exempt a view.
const CHECKS_SECRET = /\b(?:constant_time_compare|compare_digest)\s*\(/;

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
      "token or signature header that a cross-site form cannot send, is not reported.",
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
  check({ node, maybe, imports, root, report }) {
    const call = maybe("call");
    if (call) {
      // `path("hook/", csrf_exempt(views.hook))`, `hook = csrf_exempt(hook)`: the wrapped view is exempt too.
      if (!imports.is(node("fn"), CSRF_EXEMPT)) return;
      const wrapped = node("wrapped");
      if (wrapped.type === "identifier" && CHECKS_SECRET.test(moduleFunction(root, wrapped.text)?.childForFieldName("body")?.text ?? "")) return;
      report(call, "exemptView", { view: wrapped.text.replace(/\.as_view\(.*\)$/s, "") });
      return;
    }
    const deco = node("deco");
    const target = deco.type === "call" ? deco.childForFieldName("function") : deco;
    const definition = node("decorator").parent?.childForFieldName("definition");
    const view = definition?.childForFieldName("name")?.text ?? "this view";
    if (imports.is(target, CSRF_EXEMPT) && deco.type !== "call") {
      if (definition?.type === "function_definition" && CHECKS_SECRET.test(definition.childForFieldName("body")?.text ?? "")) return;
      report(deco, "exemptView", { view });
      return;
    }
    // @method_decorator(csrf_exempt, name="dispatch") on a class-based view.
    if (deco.type === "call" && imports.is(target, "django.utils.decorators.method_decorator")) {
      const first = deco.childForFieldName("arguments")?.namedChildren[0];
      const wrapped = first?.type === "list" || first?.type === "tuple" ? first.namedChildren : first ? [first] : [];
      if (wrapped.some((w) => imports.is(w, CSRF_EXEMPT))) report(deco, "exemptView", { view });
    }
  },
});

/** The module-level function of that name, if the module defines one. */
function moduleFunction(root: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
  }
  return undefined;
}
