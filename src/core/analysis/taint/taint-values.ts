import type { TraceStep } from "../types.js";
import { ALL_KINDS } from "./models.js";
import type { CallArgs } from "./sinks.js";
import { kindBit, type Taint } from "./types.js";

export const MAX_STEPS = 6;

export type Env = Map<string, Taint | null>;

/** Name -> bits of the sink kinds a condition proves the value safe for. */
export type Facts = Map<string, number>;

export function mergeFacts(a: Facts, b: Facts): Facts {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) | v);
  return out;
}

export function commonFacts(a: Facts, b: Facts): Facts {
  const out: Facts = new Map();
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined && v & w) out.set(k, v & w);
  }
  return out;
}

/** Joins what two values carry; null is clean. */
export function union(a: Taint | null, b: Taint | null): Taint | null {
  if (!a) return b;
  if (!b) return a;
  const out: Taint = {
    origin: a.origin ?? b.origin,
    params: a.params | b.params,
    steps: a.origin ? a.steps : b.steps,
    clears: a.clears & b.clears,
    head: a.head !== undefined && b.head !== undefined ? commonPrefix(a.head, b.head) : undefined,
    keysFixed: a.keysFixed && b.keysFixed,
  };
  if (a.argvTail && b.argvTail) out.argvTail = true;
  if (out.keysFixed && (a.keyParams || b.keyParams)) out.keyParams = (a.keyParams ?? 0) | (b.keyParams ?? 0);
  // The same form's cleaned_data on both paths (a loop's second pass, two branches) is still that form's.
  if (a.form !== undefined && a.form === b.form) out.form = a.form;
  // What is safe for the request data and what is safe for the parameters are kept apart: a parameter's
  // placeholder must not undo an encoding the request data went through (and the other way round).
  if (out.origin && out.params) {
    const originSafe = originClearsOf(a) & originClearsOf(b);
    const paramsSafe = (a.params ? a.clears : ALL_KINDS) & (b.params ? b.clears : ALL_KINDS);
    // `clears` holds what is safe for both; the request data's own extra safety is kept beside it.
    out.clears = originSafe & paramsSafe;
    if (originSafe & ~out.clears) out.originClears = originSafe & ~out.clears;
  } else if (out.origin) out.clears = originClearsOf(a) & originClearsOf(b);
  return out;
}

/** The kinds the request data of a value is safe for (every kind when it carries none). */
export function originClearsOf(t: Taint): number {
  return t.origin ? t.clears | (t.originClears ?? 0) : ALL_KINDS;
}

export function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** The value without facts that only hold for the exact value (its prefix, its key set). */
export function derived(t: Taint | null): Taint | null {
  if (!t || (t.head === undefined && t.keysFixed === undefined && t.form === undefined && t.argvTail === undefined)) return t;
  return t.originClears ? { origin: t.origin, params: t.params, steps: t.steps, clears: t.clears, originClears: t.originClears } : { origin: t.origin, params: t.params, steps: t.steps, clears: t.clears };
}

/**
 * What the keys of a dictionary value carry: the whole value when its keys are not fixed, the parameters they come
 * from when they are fixed up to those (`keyParams`), and nothing (null) when the code fixes them.
 */
export function keysTaint(t: Taint | null): Taint | null {
  if (!t) return null;
  if (!t.keysFixed) return t;
  return t.keyParams ? { params: t.keyParams, steps: t.steps, clears: 0 } : null;
}

/**
 * `keysFixed` (and `keyParams`) for a dictionary whose keys carry `keys`: fixed when they carry no request data,
 * up to the parameters they come from.
 */
export function fixedKeys(keys: Taint | null): Pick<Taint, "keysFixed" | "keyParams"> {
  // Request data shown to be one of the names the server defined (a form's closed choices) fixes them too.
  if (keys?.origin && !(originClearsOf(keys) & kindBit("mass-assignment"))) return { keysFixed: false };
  return keys?.params ? { keysFixed: true, keyParams: keys.params } : { keysFixed: true };
}

export function withStep(t: Taint | null, line: number, label: string): Taint | null {
  if (!t || (!t.origin && !t.params)) return t;
  if (line === t.origin?.line || t.steps.some((s) => s.line === line)) return t;
  const steps = t.steps.length >= MAX_STEPS ? [...t.steps.slice(0, MAX_STEPS - 1), { line, label }] : [...t.steps, { line, label }];
  return { ...t, steps };
}

export function cleared(t: Taint | null, mask: number): Taint | null {
  if (!t) return null;
  if (mask === ALL_KINDS) return null;
  return { ...t, clears: t.clears | mask };
}

export function copyEnv(env: Env): Env {
  return new Map(env);
}

export function joinEnvs(envs: Env[]): Env {
  if (envs.length === 1) return envs[0];
  const out: Env = new Map();
  const names = new Set<string>();
  for (const e of envs) for (const k of e.keys()) names.add(k);
  for (const name of names) {
    // The same value on every path stays that value (the engine's per-key dictionary entries rely on it).
    const first = envs[0].get(name) ?? null;
    if (envs.every((e) => (e.get(name) ?? null) === first)) {
      out.set(name, first);
      continue;
    }
    let t: Taint | null = null;
    for (const e of envs) t = union(t, e.get(name) ?? null);
    out.set(name, t);
  }
  return out;
}

export function replaceEnv(target: Env, source: Env): void {
  if (target === source) return;
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}

export function dedupeSteps(steps: TraceStep[]): TraceStep[] {
  const out: TraceStep[] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (last && last.line === s.line && last.label === s.label) continue;
    out.push(s);
  }
  return out;
}

export function unionArgs(args: CallArgs): Taint | null {
  let t: Taint | null = null;
  for (const a of args.positional) t = union(t, derived(a.taint));
  for (const a of args.keywords.values()) t = union(t, derived(a.taint));
  for (const a of args.splats) t = union(t, derived(a.taint));
  return t;
}
