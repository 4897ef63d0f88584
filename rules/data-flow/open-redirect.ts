import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PythonContext } from "../../src/core/analysis/define-rule.js";
import { checkedAsLocalUrl, checksHostInline } from "../../src/core/analysis/redirect-guards.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import type { TaintHit } from "../../src/core/analysis/taint/types.js";
import { BROWSER_SET_SOURCE } from "./browser-set-source.js";
import { flowMessages, reportTaint } from "./report-taint.js";

/**
 * The `Referer` header is set by the user's own browser to the page they came from: a third party can only make
 * it name its own page, which the user has just left, so sending the user back there gains it nothing.
 */
const REFERER = /^`?(?:self\.)?request\.(?:META|headers)\s*(?:\.\s*get\s*\(|\[)\s*["'](?:HTTP_REFERER|referer)["']\s*(?:,[^()]*)?[)\]]`?$/i;

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
  const originAt = ctx.root.descendantForPosition({ row: hit.origin.line - 1, column: 0 }, { row: hit.origin.line - 1, column: 1000 });
  const originFn = originAt.type === "function_definition" ? originAt : enclosingFunction(originAt);
  if (originFn && originFn.id !== sinkFn?.id) codes.push(originFn.text);
  return [...names].some((n) => codes.some((code) => checkedAsLocalUrl(code, n, guards) || checksHostInline(code, n)));
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
    note: "A redirect back to the `Referer` header is reported at low severity: only the user's browser sets it, to the page the user came from. A target built from the request's own `Host` header, from another request header (also read as an attribute, `request.META.HTTP_REFERER`) or from a cookie is low confidence: the victim's browser sends those, and a link on another site cannot choose them. A target the view passes to a check of a local URL that the analysis cannot follow through the branches (`url_has_allowed_host_and_scheme()`, or a project function one hop away that wraps it, `resolve()`s the path, or refuses `//`: `if is_safe_next(url):`), or checks for a host itself (`url.startswith('/') and not url.startswith('//')`, which browsers' reading of `/\\evil.example` defeats, or `urlparse(url).netloc`), is low confidence too: the view checked it, a reviewer confirms the check and its branches. Request data after a `?` or `#`, or encoded by `urlencode()`, cannot change where the redirect goes and is not reported.",
    fix: "Check the target first: `if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):` and fall back to a fixed page otherwise.",
  },
  messages: flowMessages("so the client chooses where the user is sent", "Check it with `url_has_allowed_host_and_scheme()` and fall back to a fixed URL."),
  checkModule: (ctx) =>
    reportTaint(ctx, "redirect", (hit) =>
      REFERER.test(hit.origin.label)
        ? { severity: "low" }
        : OWN_HOST.test(hit.origin.label) || BROWSER_SET_SOURCE.test(hit.origin.label) || WHOLE_HEADERS.test(hit.origin.label) || checkedBeforeRedirect(ctx, hit)
          ? { confidence: "low" }
          : {},
    ),
});
