import { defineRule, type PythonContext } from "../../src/core/analysis/define-rule.js";
import { checkedAsPublicUrl, hostInAllowList } from "../../src/core/analysis/ssrf-guards.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import type { TaintHit } from "../../src/core/analysis/taint/types.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { flowMessages, reportTaint } from "./report-taint.js";
import { staffOnly } from "./staff-only.js";

export default defineRule({
  id: "tainted-ssrf",
  severity: "high",
  confidence: "medium",
  cwe: 918,
  owasp: "A10:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Follows request data into the URL of outgoing requests made with `requests`, `httpx` or `urllib`, unless the scheme and host are fixed in the code.",
    why: "The server fetches whatever the client names, including internal services and cloud metadata endpoints that hand out credentials (server-side request forgery).",
    example: "import requests\n\ndef preview(request):\n    url = request.GET['url']\n    return requests.get(url, timeout=5).text\n",
    summary: "Follows request data into the URL of outgoing HTTP requests (requests, httpx, urllib).",
    good: "import requests\n\ndef preview(request):\n    url = request.GET['url']\n    return requests.get('https://preview.example.com/render', params={'url': url}, timeout=5).text\n",
    note:
      "A view only staff or superusers reach (`@staff_member_required`, `@user_passes_test` on `is_staff`/`is_superuser`, a " +
      "`Staff`/`SuperuserRequiredMixin`, a `UserPassesTestMixin` whose `test_func` returns one of them, a `ModelAdmin`, also through a base class of the module), or whose body first refuses every non-superuser (`if not request.user.is_superuser: raise PermissionDenied`), is low confidence: " +
      "the URL is one its administrators configure. So is a URL whose leftmost part is a value of the code the analysis cannot read " +
      "(`f\"{settings.API_URL}{path}\"`, `base() + path`): the scheme and host come from there, the client's text after them. " +
      "So is a URL the view first passes to a project function (one hop away, in any module) that refuses hosts resolving to internal " +
      "addresses (`ipaddress`'s `is_private`, `is_loopback`, `is_link_local`, `is_reserved`), or whose `urlparse(url).hostname` it checks " +
      "is `in` an allow-list around the request: the host was checked, a reviewer confirms the check and its branches. " +
      "A template held in a module or class constant counts like a literal one (`RDAP_URL = \"https://rdap.example.com/domain/{domain}\"`, then " +
      "`RDAP_URL.format(domain=d)`): a fixed scheme and host with request data after them is not reported. `urljoin(BASE, x)` keeps a constant " +
      "base's host only when `x` starts with a constant path segment, with one `/` and a path character, or with `?`/`#`; a whole request " +
      "value can start with `//` or a scheme and replace the host, and stays reported.",
    fix: "Fix the scheme and host in code and put request data only in the path or query, or check the host against an allow-list before fetching.",
  },
  messages: flowMessages("so the client chooses which server this one contacts", "Fix the host in code or check it against an allow-list."),
  // A view only staff or superusers reach: the URL is one they typed while configuring the site (an identity
  // provider's discovery URL, a webhook to test), which the server contacting is the feature. Worth a look, not a comment.
  checkModule: (ctx) =>
    reportTaint(ctx, "ssrf", (hit) => (staffOnly(hit.node) || !startsWithRequestData(hit) || guardedBeforeRequest(ctx, hit) ? { confidence: "low" } : {})),
});

/**
 * True when the function making the request first checks the URL's host: it passes the URL to a project function
 * (one hop away, in any module) that refuses internal addresses, or checks `urlparse(url).hostname` is in an
 * allow-list around the request. The names looked for are the variable the request value was first stored in and
 * the one the request receives.
 */
function guardedBeforeRequest(ctx: PythonContext, hit: TaintHit): boolean {
  const fn = enclosingFunction(hit.node);
  if (!fn) return false;
  const names = new Set<string>();
  if (hit.origin.name) names.add(hit.origin.name);
  const first = hit.node.type === "call" ? hit.node.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment") : undefined;
  const url = first?.type === "keyword_argument" ? first.childForFieldName("value") : first;
  if (url?.type === "identifier") names.add(url.text);
  const before = ctx.text.slice(fn.startIndex, hit.node.startIndex);
  const guards = ctx.project.index?.ssrfGuards ?? [];
  return [...names].some((n) => checkedAsPublicUrl(before, n, guards) || hostInAllowList(fn, hit.node, n));
}

/**
 * Whether the request data can decide where the URL points: it is the URL, or the URL's leftmost part. A URL that
 * starts with a value of the code the analysis cannot read (`f"{settings.API_URL}/search?q={q}"`, `base() + path`)
 * has its scheme and host from there, and the client's text after it: worth a look (low), not a comment. A constant
 * start that leaves the host open (`"https://" + host`) is the engine's to judge, and stays.
 */
export function startsWithRequestData(hit: TaintHit): boolean {
  const label = hit.origin.label.replace(/^`|`$/g, "");
  const param = /^URL parameter `(\w+)`$/.exec(hit.origin.label)?.[1];
  const names = [label, hit.origin.name, param].filter((n): n is string => !!n);
  const mentions = (n: SyntaxNode) => names.some((name) => n.text.includes(name)) || /\brequest\./.test(n.text);
  const args = hit.node.type === "call" ? hit.node.childForFieldName("arguments")?.namedChildren ?? [] : [];
  const urls = args.map((a) => (a.type === "keyword_argument" ? a.childForFieldName("value") : a)).filter((a): a is SyntaxNode => !!a && mentions(a));
  if (!urls.length) return true;
  return urls.some((u) => {
    const first = leftmost(u);
    return !first || first.type === "string" || mentions(first);
  });
}

/** The leftmost part of a URL built by `+`, an f-string, `%` or `.format()`; undefined when the URL is one value. */
function leftmost(node: SyntaxNode): SyntaxNode | undefined {
  let n = node;
  for (let depth = 0; depth < 20; depth++) {
    if (n.type === "parenthesized_expression" && n.namedChildren.length === 1) n = n.namedChildren[0];
    else if (n.type === "binary_operator" && n.childForFieldName("operator")?.type === "+") n = n.childForFieldName("left")!;
    else if (n.type === "binary_operator" && n.childForFieldName("operator")?.type === "%") return startOfTemplate(n.childForFieldName("left"));
    else if (n.type === "call" && n.childForFieldName("function")?.type === "attribute" && n.childForFieldName("function")?.childForFieldName("attribute")?.text === "format") {
      return startOfTemplate(n.childForFieldName("function")?.childForFieldName("object"));
    } else if (n.type === "string") {
      const first = n.namedChildren.find((c) => c.type === "string_content" || c.type === "interpolation");
      return first?.type === "interpolation" ? first.childForFieldName("expression") ?? undefined : n;
    } else return depth === 0 ? undefined : n;
  }
  return undefined;
}

/** A `%`/`.format()` template that starts with a placeholder has an unknown start (undefined); one with text, itself. */
function startOfTemplate(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  if (node?.type !== "string") return undefined;
  const content = node.namedChildren.find((c) => c.type === "string_content");
  return content && /^(?!%|\{)/.test(content.text) ? node : undefined;
}
