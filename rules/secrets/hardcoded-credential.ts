import { defineRule } from "../../src/core/analysis/define-rule.js";
import { dottedName } from "../../src/core/analysis/imports.js";
import { evaluate, stringValue } from "../../src/core/analysis/py-value.js";
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
  { kind: "private key", pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/, prefix: () => "-----BEGIN PRIVATE KEY-----" },
];

// scheme://user:password@host — user may be empty (redis://:password@host).
const CREDENTIAL_URL = /\b([a-z][a-z0-9+.-]*):\/\/([^\s:@/]*):([^\s@/]+)@([^\s/:?#]+)/i;
const PLACEHOLDER_PASSWORDS = new Set([
  "password", "passwd", "pass", "pwd", "secret", "changeme", "change-me", "change_me", "postgres", "mysql", "root",
  "admin", "user", "username", "test", "example", "dummy", "guest", "default", "redis", "rabbitmq", "mongo",
]);

/** Words that end a credential name; `key` only counts after one of KEY_QUALIFIERS. */
const SECRET_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "apikey", "authorization"]);
const KEY_QUALIFIERS = new Set(["api", "access", "secret", "private", "signing", "encryption", "auth", "master", "client", "consumer"]);
const NOT_SECRET_TOKEN = new Set(["csrf", "xsrf", "page", "next", "continuation", "cancellation", "sync"]);

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
  if (!last) return false;
  if (last === "key") return !!prev && KEY_QUALIFIERS.has(prev);
  if (last === "token") return !prev || !NOT_SECRET_TOKEN.has(prev);
  return SECRET_WORDS.has(last);
}

const PLACEHOLDER_TEXT =
  /change.?me|change.?it|your|example|placeholder|dummy|fake|sample|redacted|replace|insert|todo|fixme|secret.?here|not.?set|xxxx|\*\*\*|\.\.\.|test|password/i;

/** True for values that are clearly not a real secret: empty, short, templated, a name, a path, a sentence. */
export function isPlaceholder(value: string, name = ""): boolean {
  const v = value.trim();
  if (v.length < 8) return true;
  if (/\s/.test(v)) return true;
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return true; // an environment variable's name
  if (/[<>{}]|\$[A-Za-z_{(]|%\(|%s/.test(v)) return true; // <...>, ${VAR}, {{ }}, %(x)s
  if (/^(.)\1*$/.test(v)) return true; // xxxxxxxx, ********
  if (PLACEHOLDER_TEXT.test(v)) return true;
  if (/^(https?:)?\/\//i.test(v) || v.startsWith("/") || /\.(pem|key|crt|cer|json|txt|p12|pfx|der)$/i.test(v)) return true;
  if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(v)) return true; // a dotted import path
  const lower = v.toLowerCase();
  return lower === name.toLowerCase() || words(name).includes(lower);
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
    fix:
      "Revoke or rotate the credential first: it is already exposed. Then read it from the environment or a secrets " +
      'manager (`os.environ["DB_PASSWORD"]`, django-environ, python-decouple) without a hard-coded default.',
    note:
      "Placeholders are skipped: empty or short values, `changeme`, `<...>`, `${VAR}`, environment variable names and paths. " +
      "Development settings modules are only checked for well-known token formats.",
  },
  messages: {
    namedSecret: "`{{name}}` is set to a hard-coded value ({{length}} characters). Load it from the environment and rotate it.",
    fallbackSecret:
      "`{{name}}` falls back to a hard-coded value ({{length}} characters) when the environment variable is unset. Drop the default and rotate it.",
    tokenShape: "This string contains a {{kind}} (`{{shown}}`). Revoke it, then load it from the environment or a secrets manager.",
    credentialUrl: "This URL carries a password (`{{masked}}`). Load the URL from the environment and rotate the password.",
  },
  query: `
    (assignment left: (_) @target right: [(string) (concatenated_string) (call)] @value)
    (keyword_argument name: (identifier) @target value: [(string) (concatenated_string) (call)] @value)
    (pair key: (string) @target value: [(string) (concatenated_string) (call)] @value)
    ((string) @literal (#match? @literal "AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-|[rs]k_live_|PRIVATE KEY|://[^/@ ]*:[^/@ ]+@"))
  `,
  check({ maybe, node, imports, report, settingsKind }) {
    const literal = maybe("literal");
    if (literal) {
      const text = stringValue(literal);
      if (text === undefined) return;
      const shape = tokenShape(text);
      if (shape) return report(literal, "tokenShape", shape);
      const masked = settingsKind === "development" ? undefined : credentialUrl(text);
      if (masked) report(literal, "credentialUrl", { masked });
      return;
    }
    if (settingsKind === "development") return;
    const name = targetName(node("target"));
    if (!name || !isCredentialName(name)) return;
    // SECRET_KEY in settings modules belongs to secret-key-hardcoded.
    if (settingsKind !== "none" && (name === "SECRET_KEY" || name === "SECRET_KEY_FALLBACKS")) return;
    const valueNode = node("value");
    const value = evaluate(valueNode, imports, ENV_OBJECT_NAMES);
    let text: string | undefined;
    let messageId = "namedSecret";
    if (value.kind === "str") text = value.value;
    else if (value.kind === "env" && value.fallback?.kind === "str") {
      text = value.fallback.value;
      messageId = "fallbackSecret";
    }
    if (text === undefined) return;
    if (/^authorization$/i.test(words(name).join("_"))) text = text.replace(/^(bearer|token|basic)\s+/i, "");
    // Token formats and credential URLs are reported by the literal pattern with a sharper message.
    if (tokenShape(text) || credentialUrl(text)) return;
    if (isPlaceholder(text, name) || isMentionOfName(valueNode)) return;
    report(valueNode, messageId, { name: dottedName(node("target")) ?? name, length: text.length });
  },
});

// `password = "password"`-style self references and field names are placeholders, not secrets.
function isMentionOfName(valueNode: SyntaxNode): boolean {
  return valueNode.type === "string" && /^["']?[a-z_]+["']?$/.test(valueNode.text) && valueNode.text.includes("_");
}
