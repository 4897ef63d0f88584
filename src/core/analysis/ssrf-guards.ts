/**
 * What keeps an outgoing request on hosts the project chose, before the data-flow analysis reaches the request:
 * - a project function or method (in any module, called one hop away) that refuses a URL whose host resolves to an
 *   internal address, checking `ipaddress`'s `is_private`/`is_loopback`/`is_link_local`/`is_reserved` (or
 *   `is_global`) itself or in a function of its module that it calls, and raising or answering false;
 * - the view checking the URL's parsed host (`urlparse(url).hostname` or `.netloc`) is `in` an allow-list.
 * Text-based, like the redirect guards (see `redirect-guards.ts`): whether the branches use the answer correctly is
 * for a reviewer to confirm, so a request after one is worth a look, not a comment.
 */
import { checkDefinitions, passedToGuard } from "./redirect-guards.js";
import type { SyntaxNode } from "./types.js";

/** `ip.is_private`, `addr.is_loopback`...: the `ipaddress` checks of an internal address. */
const INTERNAL_ADDRESS_CHECK = /\.\s*(?:is_private|is_loopback|is_link_local|is_reserved|is_global|is_unspecified|is_multicast)\b/;
/** The module works with IP addresses: the standard `ipaddress` module (or the `netaddr`/`IPy` packages). */
const IP_ADDRESSES = /\b(?:ipaddress|ip_address|ip_network|IPv[46]Address|netaddr|IPy)\b/;
/** The function refuses: it raises, or answers false. */
const REFUSES = /(?:^|\n)[ \t]*(?:raise\b|return\s+False\b)/;
const calls = (body: string, name: string) => new RegExp(`(?<![\\w])${name}\\(`).test(body);

/**
 * The project's functions and methods that refuse a URL (or host) parameter pointing at an internal address, each as
 * `name:position:parameter` like the redirect guards: the body checks the `ipaddress` properties of an internal
 * address and refuses, or calls a function of the same module that does (`self._reject_private_ips(ips)`), and it
 * reads the parameter.
 */
export function ssrfGuardFunctions(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const out = new Set<string>();
  for (const file of files) {
    // `doc.is_private` is a common model field: only a module that works with IP addresses has address checks.
    if (!file.path.endsWith(".py") || !INTERNAL_ADDRESS_CHECK.test(file.text) || !IP_ADDRESSES.test(file.text)) continue;
    const defs = checkDefinitions(file.text);
    const refusing = new Set(defs.filter((d) => INTERNAL_ADDRESS_CHECK.test(d.body) && REFUSES.test(d.body)).map((d) => d.name));
    for (const d of defs) {
      const checks = refusing.has(d.name) || [...refusing].some((r) => r !== d.name && calls(d.body, r));
      if (!checks) continue;
      const param = d.params.find((p) => /^\w+$/.test(p) && p !== "request" && new RegExp(`(?<![\\w.])${p}\\b`).test(d.body));
      if (param) out.add(`${d.name}:${d.params.indexOf(param)}:${param}`);
    }
  }
  return [...out].sort();
}

/** True when `code` passes the variable `name` to one of the project's SSRF guards (see `ssrfGuardFunctions`) as the argument it checks. */
export function checkedAsPublicUrl(code: string, name: string, guards: readonly string[]): boolean {
  return guards.length > 0 && passedToGuard(code, name, guards);
}

/** The parsed host of `name`: `urlparse(name).hostname`, `urlsplit(name).netloc`, `"{u.hostname}".format(u=urlparse(name))`. */
function parsesHostOf(text: string, name: string): boolean {
  return new RegExp(`\\burl(?:parse|split)\\(\\s*${name}\\s*\\)`).test(text) && /\b(?:hostname|netloc)\b/.test(text);
}

// An allow-list: a name, an attribute (`settings.ALLOWED_FETCH_HOSTS`), a call of one, or a list, tuple or set
// literal. Not a string: `host in "example.com"` asks for a substring.
const ALLOW_LIST = /^(?:[A-Za-z_][\w.]*(?:\(\s*\))?|[[({][\s\S]*[\])}])$/;

/** `HOST in LIST` or `HOST not in LIST` as a whole condition: which host expression, and whether negated. */
function membership(cond: SyntaxNode): { host: string; negated: boolean } | undefined {
  let c = cond;
  while (c.type === "parenthesized_expression" && c.namedChildren.length === 1) c = c.namedChildren[0];
  if (c.type !== "comparison_operator") return undefined;
  const parts = c.namedChildren.filter((n) => n.type !== "comment");
  if (parts.length !== 2) return undefined;
  const op = c.text.slice(parts[0].endIndex - c.startIndex, parts[1].startIndex - c.startIndex).replace(/\s+/g, " ").trim();
  if ((op !== "in" && op !== "not in") || !ALLOW_LIST.test(parts[1].text) || parts[1].type === "string") return undefined;
  return { host: parts[0].text, negated: op === "not in" };
}

/**
 * True when, in the function holding `sink`, the parsed host of the variable `name` (`urlparse(name).hostname`, or a
 * variable assigned from it earlier) is checked against an allow-list so that the request only runs for listed hosts:
 * the sink sits in the body of `if HOST in ALLOWED:`, or follows `if HOST not in ALLOWED:` whose body raises or
 * returns. A deny-list (`if HOST in BLOCKED: raise`) is no such check.
 */
export function hostInAllowList(fn: SyntaxNode, sink: SyntaxNode, name: string): boolean {
  if (!/^\w+$/.test(name)) return false;
  const before = fn.text.slice(0, sink.startIndex - fn.startIndex);
  // Variables holding the parsed host: `host = urlparse(url).hostname`.
  const hosts = new Set<string>();
  for (const m of before.matchAll(/^[ \t]*(\w+)\s*=\s*([^\n]+)$/gm)) if (parsesHostOf(m[2], name)) hosts.add(m[1]);
  const isHost = (text: string) => hosts.has(text) || parsesHostOf(text, name);
  for (const stmt of fn.descendantsOfType("if_statement")) {
    if (stmt.startIndex >= sink.startIndex) continue;
    const cond = stmt.childForFieldName("condition");
    const m = cond ? membership(cond) : undefined;
    if (!m || !isHost(m.host)) continue;
    const body = stmt.childForFieldName("consequence");
    if (!body) continue;
    const inside = sink.startIndex >= body.startIndex && sink.endIndex <= body.endIndex;
    if (!m.negated && inside) return true;
    const last = body.namedChildren.filter((n) => n.type !== "comment").pop();
    if (m.negated && !inside && sink.startIndex >= stmt.endIndex && (last?.type === "raise_statement" || last?.type === "return_statement")) return true;
  }
  return false;
}
