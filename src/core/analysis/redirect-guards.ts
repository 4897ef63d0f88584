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

/** The names of a `def`'s parameters, in order, leaving out `self` and `cls` (a call through `self.` does not pass them). */
function parameterNames(signature: string): string[] {
  return signature
    .split(",")
    .map((p) => p.trim().replace(/^\*+/, "").split(/[:=]/)[0].trim())
    .filter((p) => p !== "" && p !== "self" && p !== "cls");
}

/** A `def` of a module read from its text: its name, parameters (without `self`/`cls`) and body text. */
export interface TextDefinition {
  name: string;
  params: string[];
  body: string;
}

/**
 * The `def`s of a module (top-level functions and methods alike) that could be checks a caller asks for: HTTP
 * handlers and dunders (see `NOT_A_CHECK`) are left out. Each body runs to the next line indented no deeper than
 * the `def`.
 */
export function checkDefinitions(text: string): TextDefinition[] {
  const out: TextDefinition[] = [];
  for (const m of text.matchAll(/^([ \t]*)(?:async\s+)?def\s+(\w+)\s*\(([^)]*)\)[^\n]*:/gm)) {
    if (NOT_A_CHECK.test(m[2])) continue;
    const rest = text.slice(m.index! + m[0].length);
    const end = rest.search(new RegExp(`\\n(?!${m[1]}[ \\t]|[ \\t]*\\n)`));
    out.push({ name: m[2], params: parameterNames(m[3]), body: end < 0 ? rest : rest.slice(0, end) });
  }
  return out;
}

/** Which parameter of `params` `body` checks is a local URL, if any. */
function checkedParameter(body: string, params: readonly string[], resolves: boolean): string | undefined {
  const candidates = params.filter((p) => /^\w+$/.test(p) && p !== "request");
  for (const m of body.matchAll(HOST_CHECK)) if (candidates.includes(m[1])) return m[1];
  if (resolves) for (const m of body.matchAll(RESOLVE)) if (candidates.includes(m[1])) return m[1];
  return candidates.find((p) => checksHostInline(body, p));
}

/**
 * True when `code` checks the variable `name` for a host of its own, written out: `name.startswith("/")` together with
 * `name.startswith("//")`, or the `netloc` of `urlparse(name)`/`urlsplit(name)`. Neither is as strict as Django's check
 * (browsers read `/\evil.example` as `//evil.example`), so a redirect after one is for a reviewer to confirm.
 */
export function checksHostInline(code: string, name: string): boolean {
  if (!/^\w+$/.test(name)) return false;
  const starts = (prefix: string) => new RegExp(`(?<![\\w.])${name}\\.startswith\\(\\s*(?:\\(\\s*)?["']${prefix}["']`).test(code);
  if (starts("/") && starts("//")) return true;
  return new RegExp(`\\burl(?:parse|split)\\(\\s*${name}\\s*\\)\\.netloc\\b`).test(code);
}

/**
 * The project's functions and methods that check a URL parameter is local (see the module comment), sorted, each as
 * `name:position:parameter` (`is_safe_next:1:url` for `def is_safe_next(request, url)`): the argument at that position,
 * or given by that keyword, is the one checked. Called by name (`is_safe_next(request, url)`, `self.safe_target(url)`),
 * like the other one-hop helpers of the index.
 */
export function redirectGuardFunctions(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    const text = file.text;
    if (!/url_has_allowed_host_and_scheme|is_safe_url|resolve\(|startswith\(\s*["']\/\/["']|\.netloc\b/.test(text)) continue;
    const resolves = IMPORTS_RESOLVE.test(text);
    for (const d of checkDefinitions(text)) {
      const checked = checkedParameter(d.body, d.params, resolves);
      if (checked) out.add(`${d.name}:${d.params.indexOf(checked)}:${checked}`);
    }
  }
  return [...out].sort();
}

/** The top-level arguments of a call's argument text, split on commas outside brackets and strings. */
function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let current = "";
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      out.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Django's checks, in the same form as the project's: the URL is the first argument, or `url=`. */
const DJANGO_CHECKS = ["url_has_allowed_host_and_scheme:0:url", "is_safe_url:0:url"];

/**
 * True when `code` (the view's code before the redirect) passes the variable `name` to a check of a local URL, as the
 * argument the check examines: Django's own (`url_has_allowed_host_and_scheme(name, ...)`) or a project helper among
 * `guards` (`is_safe_next(request, name)`; see `redirectGuardFunctions`). Passing it as another argument
 * (`get_redirect_url(request, default=name)`, where the helper checks `next`) is no check of it.
 */
export function checkedAsLocalUrl(code: string, name: string, guards: readonly string[]): boolean {
  return passedToGuard(code, name, [...DJANGO_CHECKS, ...guards]);
}

/**
 * True when `code` calls one of `guards` (each `name:position:parameter`) with the variable `name` as the argument
 * the guard examines, by position or by keyword.
 */
export function passedToGuard(code: string, name: string, guards: readonly string[]): boolean {
  if (!/^\w+$/.test(name)) return false;
  const byName = new Map<string, { position: number; parameter: string }[]>();
  for (const g of guards) {
    const [fn, position, parameter] = g.split(":");
    if (!/^\w+$/.test(fn ?? "")) continue;
    const list = byName.get(fn) ?? [];
    list.push({ position: Number(position), parameter });
    byName.set(fn, list);
  }
  const call = new RegExp(`(?<![\\w])(${[...byName.keys()].join("|")})\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)`, "g");
  for (const m of code.matchAll(call)) {
    const args = splitArguments(m[2]);
    for (const { position, parameter } of byName.get(m[1]) ?? []) {
      const positional = args[position];
      if (positional !== undefined && !/^\w+\s*=[^=]/.test(positional) && args.slice(0, position).every((a) => !/^\w+\s*=[^=]/.test(a)) && positional === name) return true;
      if (args.some((a) => new RegExp(`^${parameter}\\s*=\\s*${name}$`).test(a))) return true;
    }
  }
  return false;
}

/**
 * Project functions that check a path stays inside a folder with Django's `safe_join` and answer no when it does not
 * (`def is_valid_path(root, path): try: safe_join(root, path); return True; except SuspiciousFileOperation: return
 * False`), each as `name:position:parameter` of the parameter joined under the folder. A view that passes the request's
 * path to one before using it has checked it; whether its branches use the answer is for a reviewer to confirm.
 */
export function pathGuardFunctions(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !file.text.includes("safe_join(")) continue;
    for (const d of checkDefinitions(file.text)) {
      // The refusal: a handler that answers False (a check), not one that passes the error on.
      if (!/\btry\s*:/.test(d.body) || !/\bexcept\b[^\n]*:\s*\n\s*return\s+False\b/.test(d.body)) continue;
      for (const m of d.body.matchAll(/\bsafe_join\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
        const args = splitArguments(m[1]);
        // A parameter joined after the folder (the first argument) is the path the check confines.
        const checked = args.slice(1).find((a) => d.params.includes(a) && a !== "request");
        if (checked) out.add(`${d.name}:${d.params.indexOf(checked)}:${checked}`);
      }
    }
  }
  return [...out].sort();
}
