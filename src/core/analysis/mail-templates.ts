import type { SourceFile } from "./types.js";

// `body = render_to_string("shop/welcome.html", ctx)` (also `loader.render_to_string`, `get_template(...).render(...)`).
const RENDERED = /\b(\w+)\s*=\s*(?:[\w.]*\.)?(?:render_to_string\(\s*|get_template\(\s*)["']([\w./-]+\.(?:html?|txt))["']/g;
const RENDER_CALL = String.raw`(?:[\w.]*\.)?render_to_string\(\s*["']([\w./-]+\.(?:html?|txt))["']`;
const MAIL_CALL = /\b(?:send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives)\(/;

const INLINE_TEXT = new RegExp(String.raw`\b(?:send_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives)\(\s*[^,()]+(?:\([^()]*\))?,\s*` + RENDER_CALL + "|\\b(?:message|body)\\s*=\\s*" + RENDER_CALL, "g");
const INLINE_HTML = new RegExp(String.raw`\bhtml_message\s*=\s*` + RENDER_CALL + "|attach_alternative\\(\\s*" + RENDER_CALL, "g");

/**
 * Templates the project renders only into the plain-text body of an e-mail: the rendered string is the
 * `message`/`body` (second positional argument) of `send_mail`, `mail_admins`, `mail_managers`, `EmailMessage`
 * or `EmailMultiAlternatives`, and never an `html_message` or an HTML alternative. Pure: reads the texts it is given.
 */
export function findMailTextTemplates(files: readonly SourceFile[]): string[] {
  const text = new Set<string>();
  const other = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !MAIL_CALL.test(file.text) || !/render_to_string|get_template/.test(file.text)) continue;
    for (const m of file.text.matchAll(RENDERED)) {
      const [, variable, name] = m;
      // The rest of the function: up to the next top-level statement.
      const after = file.text.slice(m.index! + m[0].length);
      const end = after.search(/\n(?:def|class|async def|@)\b/);
      const body = end < 0 ? after : after.slice(0, end);
      const v = `\\b${variable}\\b`;
      const asText = new RegExp(`${MAIL_CALL.source}\\s*[^,()]+(?:\\([^()]*\\))?,\\s*${v}|\\b(?:message|body)\\s*=\\s*${v}`).test(body);
      const asHtml = new RegExp(`\\bhtml_message\\s*=\\s*${v}|attach_alternative\\(\\s*${v}|\\bcontent_subtype\\b|Http\\w*Response\\(\\s*${v}|\\breturn\\s+${v}\\b`).test(body);
      (asText && !asHtml ? text : other).add(name);
    }
    // `send_mail(subject, render_to_string("x.txt", ctx), ...)` and `html_message=render_to_string("x.html", ctx)` written inline.
    for (const m of file.text.matchAll(INLINE_TEXT)) text.add(m[1] ?? m[2]);
    for (const m of file.text.matchAll(INLINE_HTML)) other.add(m[1] ?? m[2]);
  }
  return [...text].filter((n) => !other.has(n)).sort();
}

/** True when the template at `path` is rendered only as an e-mail's plain-text body (`names` from `findMailTextTemplates`). */
export function isMailTextTemplate(names: readonly string[] | undefined, path: string): boolean {
  return (names ?? []).some((n) => path === n || path.endsWith("/" + n));
}
