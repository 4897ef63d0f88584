/**
 * Project functions that check a URL is local before anyone redirects to it: a helper in `utils.py` that wraps
 * `url_has_allowed_host_and_scheme()` (or the older `is_safe_url()`), resolves the path with `django.urls.resolve()`,
 * or accepts it only when it starts with `/` and not `//`. A view that passes its redirect target to one of them has
 * checked the target; whether its branches use the answer correctly is for a reviewer to confirm. Text-based, like
 * the project index: read from the files' text, one hop (the helper's own body).
 */

/** Django's checks that a URL points to an allowed host (`is_safe_url` was removed in Django 4.0; projects vendor it). */
const HOST_CHECK = /\b(?:url_has_allowed_host_and_scheme|is_safe_url)\(\s*(?:url\s*=\s*)?(\w+)/g;
/** `django.urls.resolve(value)`: raises Resolver404 for a path the URLconf does not route. */
const RESOLVE = /(?<![\w.])(?:urls\.)?resolve\(\s*(\w+)/g;
const IMPORTS_RESOLVE = /\bfrom\s+django\.(?:urls|core\.urlresolvers)\s+import\s+[^\n]*\bresolve\b|\bdjango\.urls\.resolve\b|\bfrom\s+django\s+import\s+urls\b/;
// HTTP handlers and dunders run for every request; they are not checks a caller asks.
const NOT_A_CHECK = /^(?:__\w+__|get|post|put|patch|delete|head|options|dispatch)$/;

/** The names of a `def`'s parameters, leaving out `self`, `cls` and `request`. */
function parameterNames(signature: string): string[] {
  return signature
    .split(",")
    .map((p) => p.trim().replace(/^\*+/, "").split(/[:=]/)[0].trim())
    .filter((p) => /^\w+$/.test(p) && p !== "self" && p !== "cls" && p !== "request");
}

/** True when `body` checks the value of one of `params` is a local URL. */
function checksParameter(body: string, params: readonly string[], resolves: boolean): boolean {
  for (const m of body.matchAll(HOST_CHECK)) if (params.includes(m[1])) return true;
  if (resolves) for (const m of body.matchAll(RESOLVE)) if (params.includes(m[1])) return true;
  return params.some((p) => new RegExp(`\\b${p}\\.startswith\\(\\s*["']/["']`).test(body) && new RegExp(`\\b${p}\\.startswith\\(\\s*["']//["']`).test(body));
}

/**
 * Names of the project's functions and methods that check a URL parameter is local (see the module comment),
 * sorted. Called by name (`is_safe_next(url)`, `self.safe_target(url)`), like the other one-hop helpers of the index.
 */
export function redirectGuardFunctions(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    const text = file.text;
    if (!/url_has_allowed_host_and_scheme|is_safe_url|resolve\(|startswith\(\s*["']\/\/["']/.test(text)) continue;
    const resolves = IMPORTS_RESOLVE.test(text);
    for (const m of text.matchAll(/^([ \t]*)(?:async\s+)?def\s+(\w+)\s*\(([^)]*)\)[^\n]*:/gm)) {
      if (NOT_A_CHECK.test(m[2])) continue;
      const rest = text.slice(m.index! + m[0].length);
      const end = rest.search(new RegExp(`\\n(?!${m[1]}[ \\t]|[ \\t]*\\n)`));
      const body = end < 0 ? rest : rest.slice(0, end);
      if (checksParameter(body, parameterNames(m[3]), resolves)) out.add(m[2]);
    }
  }
  return [...out].sort();
}

/**
 * True when `code` (the view's code before the redirect) passes `name` to a check of a local URL: Django's own
 * (`url_has_allowed_host_and_scheme(name, ...)`) or a project helper among `guards` (`is_safe_next(request, name)`).
 */
export function checkedAsLocalUrl(code: string, name: string, guards: readonly string[]): boolean {
  if (!/^\w+$/.test(name)) return false;
  const names = ["url_has_allowed_host_and_scheme", "is_safe_url", ...guards.filter((g) => /^\w+$/.test(g))];
  const call = new RegExp(`(?<![\\w])(?:${names.join("|")})\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)`, "g");
  for (const m of code.matchAll(call)) if (new RegExp(`(?<![\\w.])${name}\\b`).test(m[1])) return true;
  return false;
}
