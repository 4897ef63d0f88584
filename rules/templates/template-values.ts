// Shared by the template rules: what a `{{ ... }}` outputs and which templates are not HTML.

/** Plain-text templates (e.g. email bodies) are not parsed as HTML, so escaping does not apply. */
export function isPlainTextTemplate(path: string): boolean {
  return /\.txt$/i.test(path);
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

/** Filters whose output is a number or a fixed word, never text a user typed. */
export const NUMERIC_FILTERS = new Set(["length", "wordcount", "floatformat", "filesizeformat", "divisibleby", "length_is"]);
