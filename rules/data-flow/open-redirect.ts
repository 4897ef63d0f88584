import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PythonContext } from "../../src/core/analysis/define-rule.js";
import { checkedAsLocalUrl, checksHostInline } from "../../src/core/analysis/redirect-guards.js";
import { isUncapturedUrlParam } from "../../src/core/analysis/project-index.js";
import { enclosingClass, enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import type { TaintHit } from "../../src/core/analysis/taint/types.js";
import { BROWSER_SET_SOURCE } from "./browser-set-source.js";
import { flowMessages, reportTaint } from "./report-taint.js";

/**
 * The `Referer` header is set by the user's own browser to the page they came from: a third party can only make
 * it name its own page, which the user has just left, so sending the user back there gains it nothing.
 */
const REFERER = /^`?(?:self\.)?request\.(?:META|headers)\s*(?:\.\s*get\s*\(|\[)\s*["'](?:HTTP_REFERER|referer)["']\s*(?:[)\]]`?$|,(?![^]*\brequest\b))/i;

/**
 * The request's own `Host` header: a victim's browser sends the host of the link it follows, and Django checks
 * `get_host()` against `ALLOWED_HOSTS`, so a link cannot make the redirect leave the site through it.
 */
/**
 * The header or environ mapping itself, or a key of it read as an attribute (`request.META.HTTP_REFERER`, which the
 * analysis does not split into a key): a header the browser sends, which a link on another site cannot choose, or a
 * value no one can tell. Worth a look, not a comment.
 */
const WHOLE_HEADERS = /^`?(?:self\.)?request\.(?:META|headers)(?:\.\w+)?`?$/;

const OWN_HOST = /^`?(?:self\.)?request\.(?:get_host\s*\(\s*\)|(?:META|headers)\s*(?:\.\s*get\s*\(|\[)\s*["'](?:HTTP_HOST|host)["']\s*(?:,[^()]*)?[)\]])`?$/i;

/**
 * A view's keyword argument with a default (`def register(request, success_url=None)`) that no URL pattern the
 * project index read captures: Django fills a view's arguments from the pattern's captures and from the extra
 * `kwargs` dict of `path()` (written in the URLconf), so the client never chooses it. Worth a look, not a comment.
 */
function urlconfKeywordArgument(ctx: PythonContext, hit: TaintHit): boolean {
  const param = /^URL parameter `(\w+)`$/.exec(hit.origin.label)?.[1];
  if (!param || !isUncapturedUrlParam(ctx.project.index, hit.origin.label)) return false;
  const def = ctx.root.descendantsOfType("function_definition").find((d) => d.startPosition.row + 1 === hit.origin.line);
  return !!def?.childForFieldName("parameters")?.namedChildren.some(
    (p) => (p.type === "default_parameter" || p.type === "typed_default_parameter") && p.childForFieldName("name")?.text === param,
  );
}

/** The node that spans the line the request value was read on (its statement, or the function it starts). */
function originNode(ctx: PythonContext, hit: TaintHit): SyntaxNode {
  return ctx.root.descendantForPosition({ row: hit.origin.line - 1, column: 0 }, { row: hit.origin.line - 1, column: 1000 });
}

/**
 * True when the view passes the redirect target to a check of a local URL before the redirect (Django's
 * `url_has_allowed_host_and_scheme()`, or a project helper one hop away that wraps it, `resolve()`s the path or
 * refuses `//`), or checks it for a host itself (`startswith("/")` with `startswith("//")`, `urlparse(url).netloc`),
 * in a way the data-flow analysis did not follow through the branches: the target was checked, and
 * only a reviewer can confirm the branches use the answer. The names looked for are the variable the request value
 * was first stored in and the one the redirect receives.
 */
function checkedBeforeRedirect(ctx: PythonContext, hit: TaintHit): boolean {
  const guards = ctx.project.index?.redirectGuards ?? [];
  const names = new Set<string>();
  if (hit.origin.name) names.add(hit.origin.name);
  const arg = hit.node.type === "call" ? hit.node.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment") : undefined;
  if (arg?.type === "identifier") names.add(arg.text);
  if (!names.size) return false;
  const sinkFn = enclosingFunction(hit.node);
  const codes = [sinkFn ? ctx.text.slice(sinkFn.startIndex, hit.node.startIndex) : ""];
  const originAt = originNode(ctx, hit);
  const originFn = originAt.type === "function_definition" ? originAt : enclosingFunction(originAt);
  if (originFn && originFn.id !== sinkFn?.id) codes.push(originFn.text);
  return [...names].some((n) => codes.some((code) => checkedAsLocalUrl(code, n, guards) || checksHostInline(code, n)));
}

/** A POST body field (`request.POST["next"]`, `request.POST.get("next")`) or a form's cleaned data. */
const POST_FIELD = /^`?(?:self\.)?request\.POST\s*(?:\[\s*["'](\w+)["']|\.\s*get\s*\(\s*["'](\w+)["'])/;
const FORM_DATA = /^`?(?:self\.)?(?:\w+\.)?cleaned_data\b/;
/** Reads of the query string, which a link fills: `request.GET`, DRF's `query_params`, the old `REQUEST`. */
const QUERY_READ = /\brequest\.(?:GET|query_params|REQUEST)\b/;
/** A login or sign-in flow: a link carries `?next=` into its form, so the posted target is the link's. */
const LOGIN_FLOW = /\b(?:auth_)?login\s*\(|\bauthenticate\s*\(|LoginView\b|AuthenticationForm\b|\bLogin\w*Form\b|\bSign[Ii]n\w*\b/;

/** The class holding a node's function (its whole text, decorators included), else the top-level function. */
function viewScope(node: SyntaxNode): SyntaxNode | undefined {
  let fn = node.type === "function_definition" ? node : enclosingFunction(node);
  if (!fn) return undefined;
  const cls = enclosingClass(fn);
  if (cls) return cls.parent?.type === "decorated_definition" ? cls.parent : cls;
  for (let outer = enclosingFunction(fn); outer; outer = enclosingFunction(fn)) fn = outer;
  return fn.parent?.type === "decorated_definition" ? fn.parent : fn;
}

/**
 * True when the target comes only from the body of a POST the view reads it from (`request.POST["next"]` or a form's
 * cleaned data) and nothing lets a link choose it: the view's class (or function) never reads the same key from the
 * query string, is no login flow, and is not exempt from CSRF. Django's CSRF check then refuses a POST another site
 * makes the user's browser send, so only the user (or the page the site rendered for them) picks the target.
 */
function postOnlyTarget(ctx: PythonContext, hit: TaintHit): boolean {
  const post = POST_FIELD.exec(hit.origin.label);
  const key = post ? (post[1] ?? post[2]) : undefined;
  if (!key && !FORM_DATA.test(hit.origin.label)) return false;
  const originAt = originNode(ctx, hit);
  const scopes = [viewScope(hit.node), viewScope(originAt)].filter((s): s is SyntaxNode => s !== undefined);
  if (!scopes.length) return false;
  const exempt = ctx.project.index?.exemptViews ?? {};
  for (const scope of scopes) {
    const text = scope.text;
    const name = (scope.type === "decorated_definition" ? scope.childForFieldName("definition") : scope)?.childForFieldName("name")?.text ?? "";
    if (/\bcsrf_exempt\b/.test(text) || name in exempt || LOGIN_FLOW.test(text)) return false;
    // The same key read from the query string (a link pre-fills the form), or, for form data, any query string read.
    if (key ? new RegExp(`${QUERY_READ.source}\\s*(?:\\[\\s*|\\.\\s*get\\s*\\(\\s*)["']${key}["']`).test(text) || /\brequest\.REQUEST\b/.test(text) : QUERY_READ.test(text)) return false;
  }
  // A module that sets `csrf_exempt` on views elsewhere, or routes this view through it, is not covered above.
  return !/\bcsrf_exempt\s*\(/.test(ctx.text);
}

export default defineRule({
  id: "open-redirect",
  severity: "medium",
  confidence: "high",
  cwe: 601,
  owasp: "A01:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/http/shortcuts/#redirect",
  docs: {
    what: "Follows request data into `redirect()`, `HttpResponseRedirect`, `HttpResponsePermanentRedirect` and the return value of a class-based view's `get_success_url()`/`get_redirect_url()` when no `url_has_allowed_host_and_scheme()` check guards it.",
    why: "A link to your site that bounces to the attacker's page (`?next=https://evil.example`) makes phishing look trustworthy and can leak tokens in the URL.",
    example:
      "from django.shortcuts import redirect\n\ndef after_login(request):\n    next_url = request.GET.get('next', '/')\n    return redirect(next_url)\n",
    summary: "Follows request data into redirects that no url_has_allowed_host_and_scheme() check guards.",
    good: "from django.shortcuts import redirect\nfrom django.utils.http import url_has_allowed_host_and_scheme\n\ndef after_login(request):\n    next_url = request.GET.get('next', '/')\n    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):\n        next_url = '/'\n    return redirect(next_url)\n",
    note: "A redirect back to the `Referer` header is reported at low severity: only the user's browser sets it, to the page the user came from. A target built from the request's own `Host` header, from another request header (also read as an attribute, `request.META.HTTP_REFERER`) or from a cookie is low confidence: the victim's browser sends those, and a link on another site cannot choose them. A target the view passes to a check of a local URL that the analysis cannot follow through the branches (`url_has_allowed_host_and_scheme()`, or a project function one hop away that wraps it, `resolve()`s the path, or refuses `//`: `if is_safe_next(url):`), or checks for a host itself (`url.startswith('/') and not url.startswith('//')`, which browsers' reading of `/\\evil.example` defeats, or `urlparse(url).netloc`), is low confidence too: the view checked it, a reviewer confirms the check and its branches. A target read only from a POST body (`request.POST['next']` or a form's cleaned data) is low confidence when the view's class (or function) never reads that key from the query string, is no login flow (`login()`, `authenticate()`, a `LoginView`) and is not `csrf_exempt`: Django's CSRF check stops another site from posting a target of its choosing. A target that `urljoin()` builds from a URL with a fixed scheme and host (a literal, or a setting) and a reference starting with a constant path segment (`f\"shared/{uuid}\"`) keeps that host and is not reported; one whose reference starts with request data or `/` is. Request data after a `?` or `#`, or encoded by `urlencode()`, cannot change where the redirect goes and is not reported. A view's keyword argument with a default (`def register(request, success_url=None)`) that no URL pattern of the project captures is low confidence: only the URLconf's extra `kwargs` dict, written in the code, can fill it.",
    fix: "Check the target first: `if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):` and fall back to a fixed page otherwise.",
  },
  messages: flowMessages("so the client chooses where the user is sent", "Check it with `url_has_allowed_host_and_scheme()` and fall back to a fixed URL."),
  checkModule: (ctx) =>
    reportTaint(ctx, "redirect", (hit) =>
      REFERER.test(hit.origin.label)
        ? { severity: "low" }
        : OWN_HOST.test(hit.origin.label) || BROWSER_SET_SOURCE.test(hit.origin.label) || WHOLE_HEADERS.test(hit.origin.label) || checkedBeforeRedirect(ctx, hit) || postOnlyTarget(ctx, hit) || urlconfKeywordArgument(ctx, hit)
          ? { confidence: "low" }
          : {},
    ),
});
