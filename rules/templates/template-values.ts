// Shared by the template rules: what a `{{ ... }}` outputs and which templates are not HTML.
import type { TemplateToken } from "../../src/core/analysis/template-tokenizer.js";

// `email/`, `emails/`, `mail/` folders and `password_reset_email.html`-style names (not `mailman/`).
// Email templates, and subject lines (`password_reset_subject.txt`, `welcome_subject.html`): plain text.
export const EMAIL_PATH = /(?:^|[/_.-])(?:e?-?mails?|subject)(?:[/_.-]|$)/i;

const SUBJECT_NAME = /[_.-]subject\.[a-z0-9]+$|(?:^|\/)subject\.[a-z0-9]+$/i;

/**
 * Plain-text templates (e.g. email bodies) are not parsed as HTML, so escaping does not apply: `.txt` files,
 * and email templates holding no HTML tag at all, which Django projects often name `.html` (Django's own
 * `registration/password_reset_email.html` is sent as plain text).
 */
export function isPlainTextTemplate(path: string, tokens: readonly TemplateToken[]): boolean {
  if (/\.txt$/i.test(path)) return true;
  // An email subject line is one line of plain text, even when it holds `<{{ email }}>`.
  if (SUBJECT_NAME.test(path)) return true;
  return EMAIL_PATH.test(path) && !tokens.some((t) => t.type === "html-open" || t.type === "html-close");
}

/** A string or number literal, or a translated string literal such as `_("Save")`: nothing a user controls. */
export function isLiteral(expression: string): boolean {
  const e = expression.trim();
  return /^(?:"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|_\(\s*(?:"[^"]*"|'[^']*')\s*\))$/.test(e);
}

/** Splits `s` on `sep` outside single and double quotes. */
export function splitOutsideQuotes(s: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote = "";
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = "";
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (sep.test(ch)) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Upper-case names and their entries (`STATIC_URL`, `settings.API_ROOT`, `APP_CONFIG.alerts.delay`): by
 * convention constants and settings the code puts in the context, not text a user typed.
 */
export const SETTINGS_VALUE = /^(?:settings\.)?[A-Z][A-Z0-9_]*(?:\.\w+)*$/;

/** Primary keys, foreign-key ids and counts: numbers (or UUIDs) in all but unusual models. */
export const KEY_OR_COUNT = /(?:\.pk|\.id|_id|\.count)$/;

/** Filters whose output is a number or a fixed word, never text a user typed. */
export const NUMERIC_FILTERS = new Set(["length", "wordcount", "floatformat", "filesizeformat", "divisibleby", "length_is"]);
