import type { Rule } from "./define-rule.js";

/**
 * Django's deployment security checks (`manage.py check --deploy`, tag `security`), in our words, and
 * what django-sec says about the ones no rule covers. The table in docs/django-checks.md is generated
 * from this list and each rule's `djangoChecks`.
 */
export const DJANGO_SECURITY_CHECKS: { id: string; fires: string; uncovered?: string }[] = [
  { id: "security.W001", fires: "`SecurityMiddleware` is not in `MIDDLEWARE`" },
  { id: "security.W002", fires: "`XFrameOptionsMiddleware` is not in `MIDDLEWARE`" },
  { id: "security.W003", fires: "`CsrfViewMiddleware` is not in `MIDDLEWARE`" },
  { id: "security.W004", fires: "`SECURE_HSTS_SECONDS` is unset or 0" },
  { id: "security.W005", fires: "HSTS is on without `SECURE_HSTS_INCLUDE_SUBDOMAINS`" },
  { id: "security.W006", fires: "`SECURE_CONTENT_TYPE_NOSNIFF` is not `True`" },
  { id: "security.W008", fires: "`SECURE_SSL_REDIRECT` is not `True`" },
  { id: "security.W009", fires: "`SECRET_KEY` is short, repetitive or a `django-insecure-` key" },
  { id: "security.W010", fires: "`SESSION_COOKIE_SECURE` is off with the sessions app installed" },
  { id: "security.W011", fires: "`SESSION_COOKIE_SECURE` is off with `SessionMiddleware`" },
  { id: "security.W012", fires: "`SESSION_COOKIE_SECURE` is off" },
  { id: "security.W013", fires: "`SESSION_COOKIE_HTTPONLY` is off with the sessions app installed" },
  { id: "security.W014", fires: "`SESSION_COOKIE_HTTPONLY` is off with `SessionMiddleware`" },
  { id: "security.W015", fires: "`SESSION_COOKIE_HTTPONLY` is off" },
  { id: "security.W016", fires: "`CSRF_COOKIE_SECURE` is off with `CsrfViewMiddleware`" },
  { id: "security.W018", fires: "`DEBUG` is on" },
  { id: "security.W019", fires: "`X_FRAME_OPTIONS` is not `'DENY'` with `XFrameOptionsMiddleware`" },
  { id: "security.W020", fires: "`ALLOWED_HOSTS` is empty" },
  { id: "security.W021", fires: "HSTS is on without `SECURE_HSTS_PRELOAD`" },
  {
    id: "security.W022",
    fires: "`SECURE_REFERRER_POLICY` is set to `None`",
    uncovered: "Not in the security guide; Django's default (`same-origin`) is safe and turning it off is rare.",
  },
  { id: "security.E023", fires: "`SECURE_REFERRER_POLICY` holds an unknown value", uncovered: "A check for a mistyped value; the guide does not cover the referrer policy." },
  {
    id: "security.E100",
    fires: "`DEFAULT_HASHING_ALGORITHM` is invalid (Django 3.1–3.2)",
    uncovered: "A transitional setting of Django 3.1–3.2 only, not in the guide.",
  },
  { id: "security.E101", fires: "the CSRF failure view does not take the right arguments", uncovered: "Needs the project's views imported; not a settings value." },
  { id: "security.E102", fires: "the CSRF failure view cannot be imported", uncovered: "Needs the project's views imported; not a settings value." },
];

/** The Markdown table of Django's security checks and the rule that covers each. */
export function renderDjangoChecks(rules: readonly Rule[]): string {
  const byCheck = new Map<string, string[]>();
  for (const rule of rules) for (const id of rule.djangoChecks ?? []) byCheck.set(id, [...(byCheck.get(id) ?? []), rule.id]);
  const rows = DJANGO_SECURITY_CHECKS.map((c) => {
    const covered = byCheck.get(c.id);
    const ours = covered ? covered.map((id) => `[\`${id}\`](rules.md#${id})`).join(", ") : `— ${c.uncovered ?? "not covered"}`;
    return `| \`${c.id}\` | ${c.fires} | ${ours} |`;
  });
  const unknown = [...byCheck.keys()].filter((id) => !DJANGO_SECURITY_CHECKS.some((c) => c.id === id));
  if (unknown.length) throw new Error(`rules name unknown Django checks: ${unknown.join(", ")}`);
  return [
    "# Django's deployment checks and django-sec's rules",
    "",
    "<!-- Generated from each rule's `djangoChecks` by `npm run docs:django-checks`; do not edit. -->",
    "",
    "`python manage.py check --deploy` runs Django's `security` checks on the settings the process loads. django-sec",
    "reads the settings modules instead, in the pull request, and reports on the line that sets the value. Where the",
    "security guide is stricter (HSTS of a year, `SameSite`, password validators, a hard-coded key of any length) the",
    "rule reports more than Django does.",
    "",
    "| Django check | Fires when | django-sec rule |",
    "|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
