/**
 * Checks that let only privileged users through: holders of a Django permission (`has_perm`), staff or superusers.
 * Text-based, for the project index and the data-flow rules alike. Ownership tests (`obj.owner == user`) and `or`
 * with anything else let ordinary users through, and prove nothing.
 */

import { isParenthesised, topLevelFunctions, unwrapCondition } from "./superuser-checks.js";

// `user.has_perm("app.codename")`, `request.user.has_perms([...])`, `u.is_staff`, `u.is_superuser` (`== True` too).
const PRIVILEGE_ATOM = /^[\w.]+\.(?:has_perms?\(.*\)|is_staff|is_superuser)(?: ?(?:==|is) ?True)?$/;

/**
 * True when the test expression `expr` holds only for privileged users: a `has_perm(...)`, `is_staff` or
 * `is_superuser` test, or a call of one of the project's `helpers` (see `permissionTestNames`), alone or joined
 * with `and` to other tests. Any `or` or `not` leaves others a way through.
 */
export function requiresPrivilege(expr: string, helpers: ReadonlySet<string> = new Set()): boolean {
  const e = unwrapCondition(expr);
  if (/\bor\b|\bnot\b/.test(e.replace(/(["'])(?:(?!\1).)*\1/g, '""'))) return false;
  return e.split(/ and /).some((part) => {
    const p = part.trim();
    if (PRIVILEGE_ATOM.test(p)) return true;
    const call = /^(\w+)\(.*\)$/.exec(p);
    return !!call && helpers.has(call[1]);
  });
}

/**
 * True when the condition `cond` of an `if` whose body refuses the request holds for every unprivileged user:
 * `not request.user.has_perm("app.change_page")`, `not is_reviewer(request.user)`, or such a part of an `or`.
 */
export function refusesUnprivileged(cond: string, helpers: ReadonlySet<string> = new Set()): boolean {
  const c = unwrapCondition(cond);
  // An `or` inside parentheses (between the first `(` and the last `)`) is not split on.
  const open = c.indexOf("(");
  const close = c.lastIndexOf(")");
  const parts = open >= 0 && close > open && /\bor\b/.test(c.slice(open + 1, close)) ? [c] : c.split(/ or /);
  return parts.some((p) => {
    const negated = /^not (.+)$/.exec(p.trim());
    // `not A and B` is `(not A) and B`: refused only when B holds too, so others get through.
    if (!negated || (!isParenthesised(negated[1]) && / and /.test(negated[1]))) return false;
    return requiresPrivilege(negated[1], helpers);
  });
}

const RETURN = /^[ \t]+return\b[ \t]*([^\n]*)$/gm;

/**
 * Names of the top-level functions a module defines whose every `return` is a privilege test (`requiresPrivilege`):
 * `def is_reviewer(user): return user.has_perm("finaid.review_financial_aid")`. A view refusing the request unless
 * one holds serves privileged users only.
 */
export function permissionTestNames(text: string): string[] {
  if (!/has_perms?\(|is_staff|is_superuser/.test(text)) return [];
  const out: string[] = [];
  for (const fn of topLevelFunctions(text)) {
    const body = text.slice(fn.afterHeader, fn.end);
    // A nested function makes it a decorator or factory, not a test.
    if (/\n[ \t]+(?:async[ \t]+)?def[ \t]/.test(body)) continue;
    const returns = [...body.matchAll(RETURN)].map((r) => r[1]);
    if (returns.length && returns.every((r) => requiresPrivilege(r))) out.push(fn.name);
  }
  return out.sort();
}
