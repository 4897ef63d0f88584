import { defineRule, type MatchContext } from "../../src/core/analysis/define-rule.js";
import { evaluate, stringValue } from "../../src/core/analysis/py-value.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { directiveSources, parsePolicy, unsafeSources, type CspSource, type Unsafe } from "./csp-sources.js";
import { gatedQuery, HEADER_WRITE_QUERY, headerName, insideDefinition, underDevGuard } from "./header-writes.js";

const MESSAGE: Record<Unsafe, string> = { "'unsafe-inline'": "unsafeInline", "'unsafe-eval'": "unsafeEval", "*": "wildcard" };
const SCRIPT = ["script-src", "script-src-elem", "script-src-attr"];

/** The directives that govern scripts: the script-src family, or default-src when none of them is set. */
function scriptDirectives<T>(directives: Map<string, T>): [string, T][] {
  const script = SCRIPT.flatMap((d) => (directives.has(d) ? [[d, directives.get(d)!] as [string, T]] : []));
  if (script.length) return script;
  const fallback = directives.get("default-src");
  return fallback === undefined ? [] : [["default-src", fallback]];
}

/** Directive name -> value node of a `{"script-src": [...]}` dictionary. */
function directiveNodes(dict: SyntaxNode | null | undefined): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  if (dict?.type !== "dictionary") return out;
  for (const pair of dict.namedChildren) {
    const key = pair.type === "pair" ? pair.childForFieldName("key") : null;
    const value = pair.childForFieldName("value");
    const name = key ? stringValue(key) : undefined;
    if (name && value) out.set(name.toLowerCase(), value);
  }
  return out;
}

const cspWrites = gatedQuery(
  /content[-_]security[-_]policy|CSP_(SCRIPT|DEFAULT)_SRC|SECURE_CSP/i,
  `${HEADER_WRITE_QUERY}
   (assignment left: (identifier) @setting (#match? @setting "^(CSP_(SCRIPT_SRC|SCRIPT_SRC_ELEM|SCRIPT_SRC_ATTR|DEFAULT_SRC)|CONTENT_SECURITY_POLICY|SECURE_CSP)$") right: (_) @value)`,
);

function checkDirectives(ctx: MatchContext, directives: Map<string, SyntaxNode>, nonceIn: (d: string) => boolean): void {
  for (const [name, valueNode] of scriptDirectives(directives)) {
    const sources = directiveSources(valueNode, ctx.imports);
    if (sources) reportUnsafe(ctx, name, unsafeSources(sources, nonceIn(name)));
  }
}

function reportUnsafe(ctx: MatchContext, directive: string, found: (CspSource & { unsafe: Unsafe })[]): void {
  for (const s of found) ctx.report(s.node, MESSAGE[s.unsafe], { directive });
}

function checkSetting(ctx: MatchContext): void {
  const name = ctx.node("setting").text;
  const value = ctx.node("value");
  const statement = value.parent!;
  if (insideDefinition(statement) || underDevGuard(statement)) return;
  const nonceIn = (d: string) => new RegExp(`CSP_INCLUDE_NONCE_IN\\s*=[^\\n]*['"]${d}['"]`).test(ctx.text);
  if (name === "CSP_SCRIPT_SRC" || name === "CSP_SCRIPT_SRC_ELEM" || name === "CSP_SCRIPT_SRC_ATTR") {
    const directive = name.slice(4).toLowerCase().replace(/_/g, "-");
    const sources = directiveSources(value, ctx.imports);
    if (sources) reportUnsafe(ctx, directive, unsafeSources(sources, nonceIn(directive)));
  } else if (name === "CSP_DEFAULT_SRC") {
    if (/^CSP_SCRIPT_SRC(_ELEM|_ATTR)?\s*=/m.test(ctx.text)) return;
    const sources = directiveSources(value, ctx.imports);
    if (sources) reportUnsafe(ctx, "default-src", unsafeSources(sources, nonceIn("default-src")));
  } else if (name === "CONTENT_SECURITY_POLICY" && value.type === "dictionary") {
    checkDirectives(ctx, directiveNodes(directiveNodes(value).get("directives")), () => false);
  } else if (name === "SECURE_CSP") {
    checkDirectives(ctx, directiveNodes(value), () => false);
  }
}

function checkHeader(ctx: MatchContext): void {
  if (headerName(ctx.maybe("header")) !== "content-security-policy") return;
  const valueNode = ctx.node("hvalue");
  const value = evaluate(valueNode, ctx.imports);
  if (value.kind !== "str") return;
  const policy = parsePolicy(value.value);
  for (const [directive, sources] of scriptDirectives(policy)) {
    reportUnsafe(ctx, directive, unsafeSources(sources.map((v) => ({ value: v, node: valueNode }))));
  }
}

export default defineRule({
  id: "csp-unsafe-source",
  severity: "medium",
  confidence: "high",
  cwe: [79, 1021],
  owasp: "A05:2021",
  guideSection: "headers",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/csp/",
  docs: {
    what:
      "Finds Content Security Policies whose script sources include `'unsafe-inline'`, `'unsafe-eval'` or `*`: in " +
      "django-csp 3 settings (`CSP_SCRIPT_SRC`, `CSP_DEFAULT_SRC`), django-csp 4 `CONTENT_SECURITY_POLICY`, Django 6.0 " +
      "`SECURE_CSP` (including `CSP.UNSAFE_INLINE`), and `Content-Security-Policy` headers set in code.",
    why:
      "A CSP is the safety net for XSS: it stops injected scripts from running. `'unsafe-inline'` lets injected " +
      "`<script>` tags and `onerror=` handlers run, `'unsafe-eval'` lets injected strings reach `eval()`, and `*` " +
      "allows scripts from any host, so the policy no longer stops the attack it exists for.",
    example: 'response["Content-Security-Policy"] = "default-src \'self\'; script-src \'self\' \'unsafe-inline\'"\n',
    good: "response[\"Content-Security-Policy\"] = \"default-src 'self'; script-src 'self'\"\n",
    fix:
      "Move inline scripts to static files, or give them a nonce (`CSP.NONCE` in Django 6.0, `NONCE` in django-csp 4) " +
      "and drop `'unsafe-inline'`. Replace `eval`-style code and list script hosts explicitly.",
    note:
      "The guide's sample policy allows `'unsafe-inline'` for `style-src` only; style directives are not reported. " +
      "`'unsafe-inline'` next to a nonce, hash or `'strict-dynamic'` is ignored by current browsers and not reported. " +
      "Report-only policies are not checked.",
  },
  messages: {
    unsafeInline: "`{{directive}}` allows `'unsafe-inline'`, so injected inline scripts still run. Use nonces or hashes instead.",
    unsafeEval: "`{{directive}}` allows `'unsafe-eval'`, so injected strings can run through `eval()`. Remove it.",
    wildcard: "`{{directive}}` allows scripts from any host (`*`). List the hosts scripts are loaded from.",
  },
  checkModule(ctx) {
    cspWrites(ctx, (m) => {
      if (!m.maybe("setting")) return checkHeader(m);
      if (m.settingsKind === "production" || m.settingsKind === "base") checkSetting(m);
    });
  },
});
