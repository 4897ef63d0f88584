import { defineRule } from "../../src/core/analysis/define-rule.js";
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
const OWN_HOST = /^`?(?:self\.)?request\.(?:get_host\s*\(\s*\)|(?:META|headers)\s*(?:\.\s*get\s*\(|\[)\s*["'](?:HTTP_HOST|host)["']\s*(?:,[^()]*)?[)\]])`?$/i;

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
    note: "A redirect back to the `Referer` header is reported at low severity: only the user's browser sets it, to the page the user came from. A target built from the request's own `Host` header is low confidence: the victim's browser sends the host of the link it follows. Request data after a `?` or `#`, or encoded by `urlencode()`, cannot change where the redirect goes and is not reported.",
    fix: "Check the target first: `if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):` and fall back to a fixed page otherwise.",
  },
  messages: flowMessages("so the client chooses where the user is sent", "Check it with `url_has_allowed_host_and_scheme()` and fall back to a fixed URL."),
  checkModule: (ctx) =>
    reportTaint(ctx, "redirect", (hit) => (REFERER.test(hit.origin.label) ? { severity: "low" } : OWN_HOST.test(hit.origin.label) ? { confidence: "low" } : {})),
});
