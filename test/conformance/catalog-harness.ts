import { analyzeSources } from "../../src/core/analysis/analyze-project.js";
import { linesOf } from "../../src/core/analysis/merge-flows.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { allRules } from "../../rules/index.js";

/** A small project: repository path -> file text. */
export type Files = Record<string, string>;

export interface CatalogCase {
  name: string;
  files: Files;
}

// `# expect: rule-a, rule-b` (templates: `{# expect: ... #}`) marks the next code line;
// `# expect-file: rule` marks a finding about the whole file, reported on line 1.
const MARKER = /^\s*(?:#|\{#)\s*(expect-file|expect):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** Every finding as `path:line rule-id`, with the rules and config the CLI uses. */
export function findingsOf(files: Files): { found: string[]; errors: string[] } {
  const result = analyzeSources({
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
    config: DEFAULT_CONFIG,
    rules: allRules,
  });
  // A finding that stands for several sinks of one request value (merge-flows.ts) flags each of their lines.
  const found = [...new Set(result.findings.flatMap((f) => linesOf(f).map((line) => `${f.path}:${line} ${f.ruleId}`)))].sort();
  return { found, errors: result.errors.map((e) => `${e.path}: ${e.reason} ${e.detail ?? ""}`) };
}

/** The `path:line rule-id` entries the markers in the files ask for. */
export function expectedOf(files: Files): string[] {
  const out: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      const m = MARKER.exec(line);
      if (!m) return;
      let target = 1;
      if (m[1] === "expect") {
        target = i + 1;
        while (target < lines.length && (!lines[target].trim() || MARKER.test(lines[target]))) target++;
        target += 1;
      }
      for (const id of m[2].split(",")) out.push(`${path}:${target} ${id.trim()}`);
    });
  }
  return [...new Set(out)].sort();
}

/** Replaces the assignment of each named setting (or appends it); `null` removes it. */
export function withSettings(text: string, edits: Record<string, string | null>): string {
  let lines = text.split("\n");
  const rest: string[] = [];
  for (const [name, replacement] of Object.entries(edits)) {
    const i = lines.findIndex((l) => l.startsWith(`${name} =`));
    if (i < 0) {
      if (replacement !== null) rest.push(replacement);
      continue;
    }
    // A multi-line value (`NAME = [` ... `]`) is replaced up to its closing line at column 0.
    let end = i;
    if (/[[{(]$/.test(lines[i])) while (end < lines.length - 1 && !/^[\]})]/.test(lines[end])) end++;
    lines = [...lines.slice(0, i), ...(replacement === null ? [] : [replacement]), ...lines.slice(end + 1)];
  }
  return [...lines.filter((l, i) => l || i < lines.length - 1), ...rest, ""].join("\n");
}

/** A base settings module that passes every rule (it follows the guide). */
export const BASE = `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "users",
    "blog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mysite.urls"
AUTH_USER_MODEL = "users.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "100/day", "user": "1000/day"},
}

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
`;

/** Production settings star-importing `BASE`, hardened as the guide recommends. */
export const PROD = `from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["example.com", "www.example.com"]

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = ["https://example.com"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
`;

export const BASE_PATH = "mysite/settings/base.py";
export const PROD_PATH = "mysite/settings/production.py";

/** The split-settings project with production settings edited (see `withSettings`). */
export function prodProject(edits: Record<string, string | null>, baseEdits: Record<string, string | null> = {}): Files {
  return { [BASE_PATH]: withSettings(BASE, baseEdits), [PROD_PATH]: withSettings(PROD, edits) };
}

/** The split-settings project with the base module edited and production left as the guide has it. */
export function baseProject(baseEdits: Record<string, string | null>): Files {
  return prodProject({}, baseEdits);
}
