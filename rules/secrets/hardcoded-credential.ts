import { defineRule, type PythonContext } from "../../src/core/analysis/define-rule.js";
import { dottedName } from "../../src/core/analysis/imports.js";
import { loadedByProduction } from "../../src/core/analysis/project-facts.js";
import { evaluate, stringValue } from "../../src/core/analysis/py-value.js";
import { refusedDefault } from "../../src/core/analysis/refused-defaults.js";
import { isTestOnly } from "../../src/core/analysis/settings-values.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

interface TokenShape {
  kind: string;
  pattern: RegExp;
  /** The part of the token safe to show: its well-known prefix. */
  prefix(match: string): string;
}

const TOKEN_SHAPES: TokenShape[] = [
  { kind: "AWS access key ID", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, prefix: (m) => m.slice(0, 4) },
  { kind: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, prefix: (m) => m.slice(0, 4) },
  { kind: "GitHub token", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/, prefix: () => "github_pat_" },
  { kind: "Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, prefix: (m) => m.slice(0, 5) },
  { kind: "Stripe live key", pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/, prefix: (m) => m.slice(0, 8) },
  // The marker alone (parsers, docs) is not a key: require key material after it.
  { kind: "private key", pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----[\s\S]{0,200}?[A-Za-z0-9+/]{40,}/, prefix: () => `-----BEGIN ${"PRIVATE"} KEY-----` },
];

// scheme://user:password@host — user may be empty (redis://:password@host).
// The lookbehind starts a scheme only at the start of a word, which keeps the search linear.
const CREDENTIAL_URL = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):\/\/([^\s:@/,]*):([^\s@/:,]+)@([^\s/:?#,]+)/i;
const PLACEHOLDER_PASSWORDS = new Set([
  "password", "passwd", "pass", "pwd", "secret", "changeme", "change-me", "change_me", "postgres", "mysql", "root",
  "admin", "user", "username", "test", "example", "dummy", "guest", "default", "redis", "rabbitmq", "mongo",
]);

/** Words that end a credential name; `key` only counts after one of KEY_QUALIFIERS. */
const SECRET_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "apikey", "authorization"]);
const KEY_QUALIFIERS = new Set(["api", "access", "secret", "private", "signing", "encryption", "auth", "master", "client", "consumer"]);
// Pagination, idempotency and lexer tokens are not credentials.
const NOT_SECRET_TOKEN = new Set(["csrf", "xsrf", "page", "next", "continuation", "cancellation", "sync", "update", "idempotency", "input", "output", "request", "jsonnet", "lexer"]);

/** Lower-case words of a name: `EMAIL_HOST_PASSWORD` -> email host password, `apiKey` -> api key. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a name (variable, attribute, dict key, keyword) holds a credential. */
export function isCredentialName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  if (!last || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return false;
  if (last === "key") return !!prev && KEY_QUALIFIERS.has(prev);
  if (last === "token") return !prev || !NOT_SECRET_TOKEN.has(prev);
  if (last === "pass") return !!prev; // `DB_PASS`, but not a lone `pass` key
  return SECRET_WORDS.has(last);
}

const PLACEHOLDER_TEXT =
  /change.?me|change.?it|your|example|placeholder|dummy|fake|sample|redacted|replace|insert|todo|fixme|secret.?here|not.?set|xxxx|\*\*\*|\.\.\.|test|password/i;

// A word standing for "no value" (`"UNKNOWN!"`, `"not-set"`, `"<none>"`): a sentinel default, not a credential.
const SENTINEL = /^[\W_]*(?:unknown|unset|undefined|not[\W_]*(?:set|defined|configured|provided|available)|missing|none|null|nil|empty|tbd|no[\W_]*(?:password|secret|key|token))[\W_]*$/i;

/**
 * Documented test credentials vendors publish so that tests pass their check without a real account: hCaptcha's
 * test secret, reCAPTCHA v2's test secret, Cloudflare Turnstile's always-pass, always-fail and token-spent secrets.
 */
const VENDOR_TEST_KEYS = new Set([
  "0x0000000000000000000000000000000000000000",
  "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe",
  "1x0000000000000000000000000000000AA",
  "2x0000000000000000000000000000000AA",
  "3x0000000000000000000000000000000AA",
]);

// A rate limit (`5/m`, `100/day`, django-ratelimit's and allauth's `20/m/ip,5/m/key`) or a duration (`30s`, `1h30m`).
const RATE_UNIT = String.raw`\d+\s*/\s*\d*\s*(?:s|m|h|d|w|sec|second|min|minute|hour|day|week|month|year)s?(?:/\w+)?`;
const RATE_OR_DURATION = new RegExp(String.raw`^(?:${RATE_UNIT}(?:\s*[,;]\s*${RATE_UNIT})*|(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$`, "i");

/** True for values that are clearly not a real secret: empty, short, templated, a name, a path, a sentence. */
export function isPlaceholder(value: string, name = ""): boolean {
  const v = value.trim();
  if (v.length < 8) return true;
  if (/\s/.test(v)) return true;
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return true; // an environment variable's name
  if (/[<>{}]|\$[A-Za-z_{(]|%\(|%s/.test(v)) return true; // <...>, ${VAR}, {{ }}, %(x)s
  if (/^%\w+%$/.test(v)) return true; // %customer_name%: a merge field or a Windows environment variable
  if (/^(.)\1*$/.test(v)) return true; // xxxxxxxx, ********
  if (/^[A-Za-z]+([-_][A-Za-z]+)*$/.test(v)) return true; // letters only: a field or key name such as `NextToken`
  if (/\\[wdsbWDS]|\[\^|\(\?/.test(v)) return true; // a regular expression
  if (PLACEHOLDER_TEXT.test(v) || SENTINEL.test(v)) return true;
  if (RATE_OR_DURATION.test(v)) return true; // `20/m/ip,5/m/key`, `100/day`, `30s`: a rate limit or a duration
  if (new Set(v.toLowerCase()).size < 4) return true; // too few distinct characters to be generated: `abababab`, `00000000`
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(v)) return true; // a URL without user information
  if (/^(https?:)?\/\//i.test(v) || v.startsWith("/") || /\.(pem|key|crt|cer|json|txt|p12|pfx|der)$/i.test(v)) return true;
  if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(v) && !v.split(".").some(isRandomRun)) return true; // a dotted import path
  const lower = v.toLowerCase();
  return lower === name.toLowerCase() || words(name).includes(lower);
}

/** A run of letters and digits mixed the way generated keys are (`x8Kq2mP9rT4v`), not the way names are (`PBKDF2Hasher`). */
function isRandomRun(segment: string): boolean {
  return segment.length >= 16 && (segment.match(/\d+/g)?.length ?? 0) >= 4;
}

function tokenShape(value: string): { kind: string; shown: string } | undefined {
  for (const shape of TOKEN_SHAPES) {
    const m = shape.pattern.exec(value);
    if (m && !/EXAMPLE/i.test(m[0])) return { kind: shape.kind, shown: `${shape.prefix(m[0])}…` };
  }
  return undefined;
}

function credentialUrl(value: string): string | undefined {
  const m = CREDENTIAL_URL.exec(value);
  if (!m) return undefined;
  const [, scheme, user, password, host] = m;
  const p = password.toLowerCase();
  if (password.length < 6 || PLACEHOLDER_PASSWORDS.has(p) || p === user.toLowerCase() || isPlaceholder(password)) return undefined;
  return `${scheme}://${user}:****@${host}`;
}

/** The name a value is stored under: `X = ...`, `obj.x = ...`, `d["x"] = ...`, `f(x=...)`, `{"x": ...}`. */
function targetName(target: SyntaxNode): string | undefined {
  if (target.type === "identifier" || target.type === "keyword_identifier") return target.text;
  if (target.type === "attribute") return target.childForFieldName("attribute")?.text;
  if (target.type === "string") return stringValue(target);
  if (target.type === "subscript") {
    const sub = target.childForFieldName("subscript");
    return sub ? stringValue(sub) : undefined;
  }
  return undefined;
}

const ENV_OBJECT_NAMES: ReadonlySet<string> = new Set(["env"]);

export default defineRule({
  id: "hardcoded-credential",
  severity: "high",
  confidence: "medium",
  cwe: 798,
  owasp: "A07:2021",
  guideSection: "secrets",
  djangoDocs: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#critical-settings",
  docs: {
    what:
      "Finds passwords, API keys and tokens written into Python code: string values of names like `PASSWORD`, `API_KEY` or " +
      "`EMAIL_HOST_PASSWORD`, environment lookups that fall back to one, URLs with a password in them, and well-known token " +
      "formats (AWS, GitHub, Slack, Stripe, private keys).",
    why:
      "Everyone who can read the repository, its forks, CI logs and backups gets the credential, and it stays in the Git " +
      "history after it is removed from the code.",
    example: 'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "PASSWORD": "s3cr3t-Pr0d-pw",\n    }\n}\n',
    good: "import os\n\nDATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.postgresql\",\n        \"PASSWORD\": os.environ[\"DB_PASSWORD\"],\n    }\n}\n",
    fix:
      "Revoke or rotate the credential first: it is already exposed. Then read it from the environment or a secrets " +
      'manager (`os.environ["DB_PASSWORD"]`, django-environ, python-decouple) without a hard-coded default.',
    note:
      "Placeholders are skipped: empty or short values, `changeme`, `<...>`, `${VAR}`, sentinel words such as `UNKNOWN!` or `not-set`, environment variable names and paths, " +
      "and values shaped like something else: a rate limit (`20/m/ip,5/m/key`, `100/day`), a duration (`1h30m`), a URL without a user and password, a value of fewer than four distinct characters. " +
      "Example and demo code (a module under `examples/`, `demos/` or `samples/`, or named `example_*.py`, `*_example.py`, `demo*.py`) is low confidence, unless it is a settings module production loads; well-known token formats keep theirs. " +
      "So is a default in a settings module that a settings module of its package refuses at start-up outside development, naming the setting: " +
      "`assert getattr(local, s) != getattr(defaults, s)` for each `s` of a tuple of names, `assert JWT_SECRET != \"<the value>\"`, `if not DEV_MODE and JWT_SECRET == \"<the value>\": raise ImproperlyConfigured(...)`. " +
      "A check only under `DEBUG`, `DEV_MODE` or `TESTING`, inside a function, or that only warns proves nothing. " +
      "A vendor's published test key (hCaptcha, reCAPTCHA, Cloudflare Turnstile) is skipped under a test-run switch (`if TESTING:`) and low confidence elsewhere. " +
      "Development settings modules are only checked for well-known token formats. Outside settings modules, a value typed in sequence " +
      "(`abcdefgh...`, `12345678`), which nobody generated as a secret, and a module that imports test tooling (`django.test`, `unittest`, " +
      "`pytest`, factory_boy, model_bakery) are low confidence, and so are a management command that builds development or test data " +
      "(named `dev_*`, `demo_*`, `*_test_db`..., or whose `help` or docstring says development, testing, demo or fixtures) and a settings module that no production settings module loads. " +
      "A URL with a password whose host is this machine (`localhost`, `127.0.0.1`, `::1`) that is only the fallback of an environment " +
      "lookup (`env.db_url(\"DATABASE_URL\", default=...)`, `os.environ.get(...)`, also through a module constant) is a local development database's: low confidence.",
  },
  messages: {
    namedSecret: "`{{name}}` is set to a hard-coded value ({{length}} characters). Load it from the environment and rotate it.",
    fallbackSecret:
      "`{{name}}` falls back to a hard-coded value ({{length}} characters) when the environment variable is unset. Drop the default and rotate it.",
    tokenShape: "This string contains a {{kind}} (`{{shown}}`). Revoke it, then load it from the environment or a secrets manager.",
    credentialUrl: "This URL carries a password (`{{masked}}`). Load the URL from the environment and rotate the password.",
  },
  // Text search first, then the syntax tree only where a hint matched: most files have no hint at all,
  // and this rule runs on every Python file.
  checkModule(ctx) {
    const seen = new Set<number>();
    for (const m of ctx.text.matchAll(LITERAL_HINT)) {
      const literal = enclosing(ctx.root.descendantForIndex(m.index), "string");
      if (literal && !seen.has(literal.id)) {
        seen.add(literal.id);
        checkLiteral(ctx, literal);
      }
    }
    if (ctx.settingsKind === "development") return;
    for (const m of ctx.text.matchAll(NAME_HINT)) {
      const found = assignmentAt(ctx.root.descendantForIndex(m.index));
      if (found && !seen.has(found.target.id)) {
        seen.add(found.target.id);
        checkNamed(ctx, found.target, found.value);
      }
    }
  },
});

const LITERAL_HINT = /AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-|[rs]k_live_|PRIVATE KEY-----|:\/\/[^\s/@:,]*:[^\s@/:,]+@/g;
// A name ending in a credential word, followed by `=` (assignment, keyword) or `:` / `"] =` (dict key, subscript).
const NAME_HINT = /(?<![\w-])[\w-]*?(?:pass|passwd|password|passphrase|pwd|secret|token|key|authorization)(?:["']\]?)?\s*(?::(?!:)|=(?!=))/gi;
const VALUE_TYPES = new Set(["string", "concatenated_string", "call"]);
/** Statements and expressions that store a value under a name, and the field holding the name. */
const NAME_FIELD = new Map([
  ["assignment", "left"],
  ["keyword_argument", "name"],
  ["pair", "key"],
  ["default_parameter", "name"],
  ["typed_default_parameter", "name"],
]);

function enclosing(node: SyntaxNode | null, type: string): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node, depth = 0; n && depth < 4; n = n.parent, depth++) if (n.type === type) return n;
  return undefined;
}

/** The assignment, keyword argument or dict entry whose name starts at `node`, with its value. */
function assignmentAt(node: SyntaxNode): { target: SyntaxNode; value: SyntaxNode } | undefined {
  let target: SyntaxNode = node;
  if (node.type !== "identifier") {
    const literal = enclosing(node, "string");
    if (!literal) return undefined;
    target = literal;
  }
  let parent = target.parent;
  if (target.type === "identifier" && parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === target.id) {
    target = parent;
    parent = target.parent;
  }
  if (target.type === "string" && parent?.type === "subscript" && parent.childForFieldName("subscript")?.id === target.id) {
    target = parent;
    parent = target.parent;
  }
  if (!parent) return undefined;
  const field = NAME_FIELD.get(parent.type);
  if (!field || parent.childForFieldName(field)?.id !== target.id) return undefined;
  const value = parent.childForFieldName(parent.type === "assignment" ? "right" : "value");
  return value && VALUE_TYPES.has(value.type) ? { target, value } : undefined;
}

function checkLiteral(ctx: PythonContext, literal: SyntaxNode): void {
  const text = stringValue(literal);
  if (text === undefined) return;
  const shape = tokenShape(text);
  if (shape) return ctx.report(literal, "tokenShape", shape);
  const masked = ctx.settingsKind === "development" ? undefined : credentialUrl(text);
  if (masked) ctx.report(literal, "credentialUrl", { masked }, localFallback(literal, text, ctx) || exampleCode(ctx) ? { confidence: "low" } : developmentOnly(ctx));
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * True when a URL with a password points at this machine (`localhost`, `127.0.0.1`, `::1`, also filled in by
 * `.format("localhost" if ... else "127.0.0.1")`) and is only the fallback of an environment lookup (as `evaluate`
 * reads them: `os.environ.get`, `os.getenv`, django-environ, python-decouple), directly or through a module constant:
 * the password of a local development database, which deployments replace.
 */
function localFallback(literal: SyntaxNode, text: string, ctx: PythonContext): boolean {
  const host = CREDENTIAL_URL.exec(text)?.[4] ?? "";
  let value: SyntaxNode = literal;
  if (!LOOPBACK.test(host)) {
    // `"psql://u:p@{}:5432/db".format("localhost" if WINDOWS else "127.0.0.1")`
    const call = literal.parent?.type === "attribute" && literal.parent.childForFieldName("attribute")?.text === "format" ? literal.parent.parent : null;
    if (!/^(?:\{\w*\}|%s)$/.test(host) || call?.type !== "call") return false;
    const args = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
    const loopback = (n: SyntaxNode | null): boolean =>
      !!n && (n.type === "string" ? LOOPBACK.test(stringValue(n) ?? "") : n.type === "conditional_expression" && n.namedChildren.length === 3 && loopback(n.namedChildren[0]) && loopback(n.namedChildren[2]));
    if (args.length !== 1 || !loopback(args[0])) return false;
    value = call;
  }
  // The fallback of the lookup `call`: `value` itself, or the module constant `name` it is bound to.
  const fallsBackTo = (call: SyntaxNode | null | undefined, matches: (fallback: SyntaxNode) => boolean): boolean => {
    if (call?.type !== "call") return false;
    const v = evaluate(call, ctx.imports, ENV_OBJECT_NAMES);
    return v.kind === "env" && !!v.fallback && matches(v.fallback.node);
  };
  const parent = value.parent;
  const lookup = parent?.type === "keyword_argument" ? parent.parent?.parent : parent?.type === "argument_list" ? parent.parent : undefined;
  if (lookup) return fallsBackTo(lookup, (f) => f.id === value.id);
  // `LOCAL_DB = "postgres://..."` then `env.db_url("DATABASE_URL", default=LOCAL_DB)`.
  const name = parent?.type === "assignment" && parent.childForFieldName("left")?.type === "identifier" ? parent.childForFieldName("left")!.text : undefined;
  if (!name) return false;
  return ctx.root.descendantsOfType("call").some((c) => c.text.includes(name) && fallsBackTo(c, (f) => f.type === "identifier" && f.text === name));
}

function checkNamed(ctx: PythonContext, target: SyntaxNode, valueNode: SyntaxNode): void {
  const name = targetName(target);
  if (!name || !isCredentialName(name)) return;
  // SECRET_KEY in settings modules belongs to secret-key-hardcoded.
  if (ctx.settingsKind !== "none" && (name === "SECRET_KEY" || name === "SECRET_KEY_FALLBACKS")) return;
  const value = evaluate(valueNode, ctx.imports, ENV_OBJECT_NAMES);
  let text: string | undefined;
  let messageId = "namedSecret";
  if (value.kind === "str") text = value.value;
  else if (value.kind === "env" && value.fallback?.kind === "str") {
    text = value.fallback.value;
    messageId = "fallbackSecret";
  }
  if (text === undefined) return;
  if (/^authorization$/i.test(name)) text = text.replace(/^(bearer|token|basic)\s+/i, "");
  // Token formats and credential URLs are reported on the literal with a sharper message.
  if (tokenShape(text) || credentialUrl(text)) return;
  // A vendor's published test key opens no account: nothing under a test-run switch (`if TESTING:`), and elsewhere
  // (where it turns the vendor's check off) worth a look, not a comment.
  if (VENDOR_TEST_KEYS.has(text.trim())) {
    if (!isTestOnly(valueNode)) ctx.report(valueNode, messageId, { name: dottedName(target) ?? name, length: text.length }, { confidence: "low" });
    return;
  }
  if (isPlaceholder(text, name) || isMentionOfName(valueNode)) return;
  // A default the project's settings refuse at start-up outside development (`assert JWT_SECRET != DEFAULT`): production
  // cannot run with it.
  const refused = ctx.settingsKind !== "none" && target.type === "identifier" && refusedDefault(ctx.project?.refusedDefaults, ctx.path, name, text);
  const low = refused || notDeployedSecret(ctx, text) || exampleCode(ctx);
  ctx.report(valueNode, messageId, { name: dottedName(target) ?? name, length: text.length }, low ? { confidence: "low" } : developmentOnly(ctx));
}

// Example and demo code, which nobody deploys: a module under `example(s)/`, `demo(s)/`, `sample(s)/`, or named
// `example_*.py`, `*_example.py`, `demo*.py`.
const EXAMPLE_CODE = /(?:^|\/)(?:examples?|demos?|samples?)\/|(?:^|\/)(?:examples?_\w*|\w*_examples?|demos?(?:_\w*)?)\.py$/i;

/** True for a module of example or demo code (see `EXAMPLE_CODE`), unless it is a settings module production loads (`staging_example.py` star-imported by `production.py`). */
function exampleCode(ctx: PythonContext): boolean {
  return EXAMPLE_CODE.test(ctx.path) && !(ctx.settingsKind !== "none" && loadedByProduction(ctx.project, ctx.path) === true);
}

/** A password in settings that evidence marks as development-only (a local database's) is low confidence; token formats stay. */
function developmentOnly(ctx: PythonContext): { confidence?: "low" } {
  // A settings module no production module loads (every module they load in sight) is no deployment's either.
  const unloaded = ctx.settingsKind === "base" && loadedByProduction(ctx.project, ctx.path) === false;
  return ctx.developmentOnly || unloaded ? { confidence: "low" } : {};
}

// A module that sets up tests: Django's and REST framework's test tools, unittest, pytest, factory_boy, model_bakery, mocks.
const TEST_MODULES = ["django.test", "rest_framework.test", "unittest", "pytest", "factory", "model_bakery", "model_mommy", "responses", "freezegun"];

/**
 * What the code shows about a named value outside settings modules: a value typed in sequence (`abcdefgh...`,
 * `12345678`), which nobody generated as a secret, or a module that imports test tooling, sets up tests rather than
 * a deployed service. Either is listed at low confidence. In settings a guessable password is still the deployment's.
 */
function notDeployedSecret(ctx: PythonContext, text: string): boolean {
  if (ctx.settingsKind !== "none") return false;
  return typedInSequence(text) || TEST_MODULES.some((m) => ctx.imports.usesModule(m)) || developmentDataCommand(ctx.path, ctx.text);
}

const COMMAND_MODULE = /(?:^|\/)management\/commands\/(\w+)\.py$/;
const DEV_COMMAND_NAME = /^(?:dev|demo|fake|sample|seed|fixtures?|test|populate|load_?dev|create_?(?:dev|demo|test|sample|fake))(?:_|$)|_(?:dev|demo|test|fake|sample)(?:_db|_data)?$/i;
const DEV_PURPOSE = /\b(?:local development|development|testing|tests|test (?:data|database|db)|demo|sample data|fake data|fixtures?|dummy)\b/i;

/**
 * A management command that builds data for development or tests (`dev_db`, `create_demo_data`, or `help` text or a
 * module docstring that says so): the password it gives the users it creates is that local database's, not a
 * deployment's credential.
 */
function developmentDataCommand(path: string, text: string): boolean {
  const m = COMMAND_MODULE.exec(path);
  if (!m) return false;
  if (DEV_COMMAND_NAME.test(m[1])) return true;
  const help = /\bhelp\s*=\s*\(?\s*[rRuUbBfF]?["'][\s\S]{0,400}/.exec(text)?.[0] ?? "";
  const doc = /^\s*(?:#[^\n]*\n\s*)*[rRuU]?("""|''')([\s\S]{0,400}?)\1/.exec(text)?.[2] ?? "";
  return DEV_PURPOSE.test(help) || DEV_PURPOSE.test(doc);
}

/** True when runs of four or more consecutive characters (`abcd`, `3456`) make up at least half of the value. */
export function typedInSequence(value: string): boolean {
  let covered = 0;
  let run = 1;
  for (let i = 1; i <= value.length; i++) {
    if (i < value.length && value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 && /[a-z0-9]/i.test(value[i])) run++;
    else {
      if (run >= 4) covered += run;
      run = 1;
    }
  }
  return covered * 2 >= value.length;
}

// `password = "password"`-style self references and field names are placeholders, not secrets.
function isMentionOfName(valueNode: SyntaxNode): boolean {
  return valueNode.type === "string" && /^["']?[a-z_]+["']?$/.test(valueNode.text) && valueNode.text.includes("_");
}
