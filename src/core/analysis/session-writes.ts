/**
 * Handlers whose only write is to the caller's own session or cookies: storing a display preference (theme,
 * language, sort order) in `request.session[...]` changes nothing another user sees. Text-based, like the
 * project index: the code is read with its strings and comments blanked, and every call in it must be one that
 * writes nothing shared.
 */

// A write to the requester's own session (`request.session["k"] = v`, `request.session.update(...)`) or a cookie on the response.
const SESSION_WRITE = /\b\w+\.session\s*\[[^\]\n]*\]\s*=(?!=)|\b\w+\.session\.(?:update|setdefault|pop|set_expiry|cycle_key)\(|\.(?:set_cookie|set_signed_cookie|delete_cookie)\(/;
// Calls that read, validate, convert or answer, and write nothing another user sees.
const HARMLESS_CALLS = new Set([
  "isinstance", "issubclass", "len", "str", "int", "float", "bool", "dict", "list", "tuple", "set", "frozenset", "getattr", "hasattr",
  "cast", "min", "max", "sorted", "reversed", "enumerate", "zip", "range", "any", "all", "repr", "_", "gettext", "gettext_lazy",
  "ugettext", "ugettext_lazy", "reverse", "reverse_lazy", "redirect", "render", "resolve_url", "get", "getlist", "is_valid", "items",
  "keys", "values", "strip", "lower", "upper", "format", "split", "join", "startswith", "endswith", "replace", "set_cookie",
  "set_signed_cookie", "delete_cookie", "get_full_path", "build_absolute_uri", "get_host", "is_secure", "loads", "dumps",
  "url_has_allowed_host_and_scheme", "is_safe_url", "full_clean",
]);
const KEYWORDS = new Set(["if", "elif", "while", "return", "and", "or", "not", "in", "is", "for", "with", "assert", "yield", "await", "lambda", "else", "print"]);

/**
 * The code with string literals and comments blanked (so their words and brackets are not read as code). A
 * linear scan: an unterminated string runs to the end of its line (or, triple-quoted, of the text).
 */
function codeOnly(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "#") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (triple || text[j] !== "\n")) j += text[j] === "\\" ? 2 : 1;
      i = Math.min(text.length, j + (text.startsWith(quote, j) ? quote.length : 0));
      out += '""';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * True when the code (a handler's or helper's body) writes the caller's session or cookies, directly or through
 * one of `sessionHelpers` (project functions that do only that), and every call it makes is one that writes
 * nothing shared: no `save()`, `create()`, `update()`, `delete()`, queryset or task call, no `super()` handler,
 * no project function that is not a session helper.
 */
export function writesOnlyOwnSession(body: string, sessionHelpers: ReadonlySet<string> = new Set()): boolean {
  const code = codeOnly(body);
  let writes = SESSION_WRITE.test(code);
  for (const m of code.matchAll(/(?<!\w)([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1];
    const before = code.slice(Math.max(0, m.index! - 40), m.index!);
    if (KEYWORDS.has(name) || /^[A-Z]/.test(name) || HARMLESS_CALLS.has(name)) continue;
    // `request.session.get(...)`, `self.request.session.pop(...)`: the caller's own session.
    if (/\bsession\.$/.test(before)) continue;
    if (sessionHelpers.has(name) && !/\.$/.test(before)) {
      writes = true;
      continue;
    }
    // `def` of a nested function: its body is read with the rest.
    if (/\bdef\s+$/.test(before)) continue;
    return false;
  }
  return writes;
}

/** The body of the top-level or nested `def` whose header starts at `offset`: the indented lines after its colon. */
export function functionBody(text: string, offset: number): string {
  const header = /\)\s*(?:->[^:\n]+)?:[ \t]*(?:#[^\n]*)?\n/g;
  header.lastIndex = offset;
  const h = header.exec(text);
  if (!h) return "";
  const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf("\n", offset) + 1))![0].length;
  const lines: string[] = [];
  for (const line of text.slice(h.index + h[0].length).split("\n")) {
    if (line.trim() && /^[ \t]*/.exec(line)![0].length <= indent && !line.trimStart().startsWith("#")) break;
    lines.push(line);
  }
  return lines.join("\n");
}

/**
 * Names of the project's functions (any module, top level) that only write the caller's session or cookies, like
 * `def set_theme(request, theme): request.session["theme"] = theme`. A name with another definition that does
 * more is left out.
 */
export function sessionWriterFunctions(files: readonly { path: string; text: string }[]): string[] {
  const only = new Map<string, boolean>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !file.text.includes(".session")) continue;
    for (const m of file.text.matchAll(/^def (\w+)\(/gm)) {
      const ok = writesOnlyOwnSession(functionBody(file.text, m.index!));
      only.set(m[1], (only.get(m[1]) ?? true) && ok);
    }
  }
  // A same-named definition elsewhere that does more disqualifies the name.
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    for (const m of file.text.matchAll(/^def (\w+)\(/gm)) {
      if (only.get(m[1]) && !file.text.includes(".session")) only.set(m[1], false);
    }
  }
  return [...only].filter(([, ok]) => ok).map(([name]) => name).sort();
}
