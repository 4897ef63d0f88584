/**
 * Checks that let only superusers through. Django's superusers hold every permission and may change any code path's
 * configuration through the admin; a value a superuser sends is not an attacker's. Staff (`is_staff`) is not the same:
 * staff may hold a few permissions only, so a staff check proves nothing here. Text-based, for the project index and
 * the data-flow rules alike.
 */

/**
 * True when the test expression `expr` (a `user_passes_test` lambda's body, a `test_func` return value) holds only for
 * superusers: `u.is_superuser`, `u.is_active and u.is_superuser`, `u.is_superuser == True`. Any `or`, `not` or
 * staff test leaves others a way through, and proves nothing.
 */
export function requiresSuperuser(expr: string): boolean {
  let e = expr.replace(/\s+/g, " ").trim();
  while (/^\(.*\)$/.test(e)) e = e.slice(1, -1).trim();
  if (/\bor\b|\bnot\b|is_staff|[()]/.test(e)) return false;
  return e.split(/ and /).some((part) => /^[\w.]*\.is_superuser(?: ?(?:==|is) ?True)?$/.test(part.trim()));
}

// One parenthesised expression (one level of nesting inside).
const WRAPPED = /^\((?:[^()]|\([^()]*\))*\)$/;

/** True when one pair of parentheses wraps the whole of `expr` (with one level of nesting inside). */
export function isParenthesised(expr: string): boolean {
  return WRAPPED.test(expr);
}

/** A condition's text on one line, without the parentheses that wrap all of it. */
export function unwrapCondition(expr: string): string {
  let e = expr.replace(/\s+/g, " ").trim();
  while (WRAPPED.test(e)) e = e.slice(1, -1).trim();
  return e;
}

/**
 * True when the condition `cond` of an `if` whose body refuses the request holds for everyone but superusers:
 * `not request.user.is_superuser`, `not (u.is_authenticated and u.is_superuser)`, `not u.is_active or not
 * u.is_superuser`, `u.is_superuser is False`. The body refusing then leaves only superusers past the `if`.
 */
export function refusesAllButSuperusers(cond: string): boolean {
  const c = unwrapCondition(cond);
  // Top-level `or`: one operand that holds for every non-superuser is enough.
  const parts = /\(/.test(c) ? [c] : c.split(/ or /);
  return parts.some((p) => {
    const part = p.trim();
    const negated = /^not (.+)$/.exec(part);
    if (negated) return requiresSuperuser(negated[1]);
    return /^[\w.]*\.is_superuser ?(?:==|is) ?False$/.test(part);
  });
}

// `def superuser_required(view):` ... a top-level function, and the line after it that starts with code at column 0.
const TOP_LEVEL_DEF = /^(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(/gm;
const NEXT_TOP_LEVEL = /\n(?=[^\s#])/g;

/**
 * The top-level functions of a module's text: each one's name, where its `def` starts, where the header's
 * `def name(` ends, and where the function ends (the newline before the next line with code at column 0, or the end
 * of the text). One pass over the text.
 */
export function topLevelFunctions(text: string): { name: string; start: number; afterHeader: number; end: number }[] {
  const out: { name: string; start: number; afterHeader: number; end: number }[] = [];
  for (const m of text.matchAll(TOP_LEVEL_DEF)) {
    const afterHeader = m.index! + m[0].length;
    NEXT_TOP_LEVEL.lastIndex = afterHeader;
    const next = NEXT_TOP_LEVEL.exec(text);
    out.push({ name: m[1], start: m.index!, afterHeader, end: next ? next.index : text.length });
  }
  return out;
}
// `superuser_required = user_passes_test(lambda u: u.is_superuser, login_url=...)`.
const ASSIGNED_TEST = /^(\w+)[ \t]*=[ \t]*(?:[\w.]*\.)?user_passes_test\([ \t]*lambda[ \t]+\w+[ \t]*:[ \t]*([^,\n]+?)[ \t]*(?:,[^\n]*)?\)[ \t]*$/gm;
// A nested function (the wrapper) or a `user_passes_test(...)` it returns: the function makes decorators.
const WRAPS = /\n[ \t]+(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(|\breturn[ \t]+(?:[\w.]*\.)?user_passes_test\(/;
// `if not request.user.is_superuser:` ... or `return user_passes_test(lambda u: u.is_superuser)(view)`.
const REFUSING_IF = /^[ \t]+if[ \t]+([^\n]*?)[ \t]*:[ \t]*\n[ \t]+(?:raise|return)\b/gm;
const RETURNED_TEST = /\breturn[ \t]+(?:[\w.]*\.)?user_passes_test\([ \t]*lambda[ \t]+\w+[ \t]*:[ \t]*([^,\n]+?)[ \t]*(?:,[^\n]*)?\)/;

/**
 * Names of the decorators a module defines that let only superusers through: a top-level function that builds a
 * wrapper (or returns `user_passes_test(...)`) whose only user check is one of `refusesAllButSuperusers`/
 * `requiresSuperuser`, with no staff test anywhere in it; or a name assigned `user_passes_test(lambda u: u.is_superuser)`.
 */
export function superuserDecoratorNames(text: string): string[] {
  if (!text.includes("is_superuser")) return [];
  const out = new Set<string>();
  for (const m of text.matchAll(ASSIGNED_TEST)) if (requiresSuperuser(m[2])) out.add(m[1]);
  for (const fn of topLevelFunctions(text)) {
    const body = text.slice(fn.start, fn.end);
    if (!body.includes("is_superuser") || /is_staff/.test(body) || !WRAPS.test(body)) continue;
    const returned = RETURNED_TEST.exec(body);
    if (returned && requiresSuperuser(returned[1])) {
      out.add(fn.name);
      continue;
    }
    const conditions = [...body.matchAll(REFUSING_IF)].map((c) => c[1]).filter((c) => /is_superuser/.test(c));
    if (conditions.length && conditions.every(refusesAllButSuperusers)) out.add(fn.name);
  }
  return [...out].sort();
}
