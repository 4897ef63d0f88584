import { defineRule } from "../../src/core/analysis/define-rule.js";
import { enclosingClass, enclosingFunction, parameters } from "../../src/core/analysis/taint/syntax.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

const LOGIN = "django.contrib.auth.login";
// Decorators that keep GET out: `@require_POST`, `@require_http_methods(["POST"])`, DRF's `@api_view(["POST"])`.
const METHOD_DECORATOR = /@\s*(?:[\w.]*\.)?(?:require_POST|require_http_methods|api_view)\b/;
// The view checks the method itself (`if request.method == "POST":`), or is a class-based view's `post`.
const METHOD_CHECK = /\brequest\.method\b|\bself\.request\.method\b/;
// A token in the link proves the user chose to follow it (account activation, magic links): another concern.
const TOKEN_CHECK = /\bcheck_token\(|\bsigning\.|\.unsign\(|\bcompare_digest\(|\bconstant_time_compare\(|\bjwt\.decode\(/;
const SECRET_PARAM = /token|key|code|hash|sig|secret|otp/i;
const GET_HANDLERS = new Set(["get", "dispatch", "head"]);

export default defineRule({
  id: "login-on-get",
  severity: "medium",
  confidence: "medium",
  cwe: 352,
  owasp: "A01:2021",
  guideSection: "csrf",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/http/decorators/#django.views.decorators.http.require_POST",
  docs: {
    what:
      "Finds views that log the session in as a user picked by the URL (`login(request, user)` after " +
      "`get_object_or_404(User, pk=user_pk)`: impersonation, \"log in as\", switching accounts) and answer any HTTP method, " +
      "with no `@require_POST`, `@require_http_methods` or `request.method` check.",
    why:
      "Django's CSRF protection only checks unsafe methods (POST, PUT, PATCH, DELETE). A view that changes who the " +
      "session belongs to on a GET can be triggered by another site with a link or an image, with the signed-in user's cookies.",
    example:
      "from django.contrib.auth import login\nfrom django.shortcuts import get_object_or_404, redirect\n\n" +
      "@login_required\ndef login_as(request, user_pk):\n    user = get_object_or_404(User, pk=user_pk)\n    login(request, user)\n    return redirect('home')\n",
    good:
      "from django.contrib.auth import login\nfrom django.shortcuts import get_object_or_404, redirect\nfrom django.views.decorators.http import require_POST\n\n" +
      "@login_required\n@require_POST\ndef login_as(request, user_pk):\n    user = get_object_or_404(User, pk=user_pk)\n    login(request, user)\n    return redirect('home')\n",
    fix: "Accept only POST (`@require_POST`) and switch users from a form that carries `{% csrf_token %}`.",
    note: "Only a login as a user loaded by a URL parameter or request data is reported; logins after `authenticate()`, a form's `get_user()` or a token check are not.",
  },
  mentions: /\blogin\b/,
  messages: {
    loginOnGet:
      "`{{view}}` logs the session in as the user picked by `{{param}}` (line {{line}}) on any HTTP method: CSRF checks skip GET, so another site can switch a signed-in user's session with a link. Accept only POST (`@require_POST`).",
  },
  query: `(call function: [(identifier) (attribute)] @fn arguments: (argument_list . (_) . (_) @user)) @call`,
  check({ node, captureText, imports, report }) {
    // Most calls of a file that mentions `login` are something else: Django's `login` is named by a dotted name
    // ending in `login` or by an imported alias, which the text shows without finding the call in the tree.
    const fnText = captureText("fn") ?? "";
    if (!fnText.includes("login") && !imports.bindings.has(fnText)) return;
    if (!imports.is(node("fn"), LOGIN)) return;
    const user = node("user");
    if (user.type !== "identifier") return;
    const fn = enclosingFunction(node("call"));
    if (!fn) return;
    const name = fn.childForFieldName("name")?.text ?? "";
    const params = parameters(fn).map((p) => p.name);
    const inClass = enclosingClass(fn) !== null;
    const requestIndex = inClass ? 1 : 0;
    if (params[requestIndex] !== "request") return;
    if (inClass && !GET_HANDLERS.has(name)) return;
    const decorated = fn.parent?.type === "decorated_definition" ? fn.parent : undefined;
    const decorators = decorated ? decorated.namedChildren.filter((c) => c.type === "decorator").map((c) => c.text).join("\n") : "";
    const classDecorators = inClass ? classDecoratorText(enclosingClass(fn)!) : "";
    if (METHOD_DECORATOR.test(decorators) || METHOD_DECORATOR.test(classDecorators)) return;
    const body = fn.childForFieldName("body")?.text ?? "";
    if (METHOD_CHECK.test(body) || TOKEN_CHECK.test(body)) return;
    // The user must come from the request: a URL parameter (not a token) or request data, loaded from the database.
    // A secret in the link (`activate(request, uid, key)`, `?token=`) means the user got the link by mail: another concern.
    const urlParams = params.slice(requestIndex + 1);
    if (urlParams.some((p) => SECRET_PARAM.test(p)) || /\brequest\.(?:GET|query_params)\b[^\n]*["'][\w-]*(?:token|key|code|hash|sig)[\w-]*["']/i.test(body)) return;
    const param = loadedBy(body, user.text, urlParams);
    if (!param) return;
    // Reported on the view's `def`, where `@require_POST` goes; the message names the login line.
    const call = node("call");
    report(fn.childForFieldName("name") ?? call, "loginOnGet", { view: name, param, line: call.startPosition.row + 1 });
  },
});

/**
 * The request value `user` is loaded by (`user = get_object_or_404(User, pk=user_pk)`,
 * `user = User.objects.get(username=request.GET["u"])`), or undefined when it is loaded otherwise.
 */
function loadedBy(body: string, user: string, urlParams: string[]): string | undefined {
  const escaped = user.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const assignment = new RegExp(`^[ \\t]*${escaped}\\s*=\\s*([^\\n]*(?:\\n[ \\t]+[^\\n]*)?)`, "gm");
  for (const m of body.matchAll(assignment)) {
    const value = m[1];
    if (!/\bget_object_or_404\(|\.objects\.(?:get|filter)\(|\._default_manager\.get\(/.test(value)) continue;
    if (/\bauthenticate\(|\.get_user\(/.test(value)) return undefined;
    const request = /\b(?:self\.)?request\.(?:GET|POST|data|query_params)\b[^)\n]*/.exec(value);
    if (request) return request[0].replace(/\s+/g, "");
    for (const p of urlParams) if (new RegExp(`\\b${p}\\b`).test(value)) return p;
    const kwargs = /\bself\.kwargs\b[^)\n,]*/.exec(value);
    if (kwargs) return kwargs[0];
  }
  return undefined;
}

function classDecoratorText(cls: SyntaxNode): string {
  const decorated = cls.parent?.type === "decorated_definition" ? cls.parent : undefined;
  return decorated ? decorated.namedChildren.filter((c) => c.type === "decorator").map((c) => c.text).join("\n") : "";
}
