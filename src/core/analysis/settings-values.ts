import { stringValue, type PyValue } from "./py-value.js";
import type { SettingAssignment, SettingsModel } from "./settings-model.js";
import type { SyntaxNode } from "./types.js";

/** String items of a list value; `complete` is false when some item (a splat, a call...) is not a literal. */
export interface StringItems {
  /** `path` is the module the item was written in (differs for star-imported modules). */
  items: { value: string; node: SyntaxNode; path?: string }[];
  complete: boolean;
}

/** The string items of a list/tuple/set value, or undefined when the value is not a list. */
export function stringItems(value: PyValue | undefined): StringItems | undefined {
  if (value?.kind !== "list") return undefined;
  const items: StringItems["items"] = [];
  let complete = true;
  for (const item of value.items) {
    if (item.kind === "str") items.push({ value: item.value, node: item.node });
    else complete = false;
  }
  return { items, complete };
}

/**
 * Every string a list setting holds in this module: the winning `=` value plus `+=` lists and
 * `.append/.insert/.extend` calls made in this module. `complete` is false when any part is unknown.
 */
export function settingStrings(settings: SettingsModel, name: string): StringItems | undefined {
  const base = settings.get(name);
  if (!base) return undefined;
  const first = stringItems(base.value);
  if (!first) return { items: [], complete: false };
  const items: StringItems["items"] = first.items.map((i) => ({ ...i, path: base.path }));
  let complete = first.complete;
  for (const a of settings.own(name)) {
    if (a.node.startIndex < base.node.startIndex && a.path === base.path) continue;
    if (a.op === "+=") {
      const extra = stringItems(a.value);
      if (extra) items.push(...extra.items.map((i) => ({ ...i, path: a.path })));
      complete &&= !!extra?.complete;
    } else if (a.op === "mutation") {
      const added = mutationStrings(a.node);
      if (added) items.push(...added.map((i) => ({ ...i, path: a.path })));
      else complete = false;
    }
  }
  return { items, complete };
}

function mutationStrings(call: SyntaxNode): { value: string; node: SyntaxNode }[] | undefined {
  const method = call.childForFieldName("function")?.childForFieldName("attribute")?.text;
  const args = call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
  const arg = method === "append" ? args[0] : method === "insert" ? args[1] : undefined;
  if (arg) {
    const v = stringValue(arg);
    return v === undefined ? undefined : [{ value: v, node: arg }];
  }
  if (method === "remove") return [];
  return undefined;
}

/** True when the dictionary value has only literal string keys and no `**spread`. */
export function dictComplete(value: PyValue): boolean {
  if (value.kind !== "dict") return false;
  if (value.node.namedChildren.some((c) => c.type === "dictionary_splat")) return false;
  return value.entries.every((e) => e.key.kind === "str");
}

/** The value stored under a string key of a dictionary value. */
export function dictEntry(value: PyValue | undefined, key: string): PyValue | undefined {
  if (value?.kind !== "dict") return undefined;
  for (let i = value.entries.length - 1; i >= 0; i--) {
    const e = value.entries[i];
    if (e.key.kind === "str" && e.key.value === key) return e.value;
  }
  return undefined;
}

const TEST_GUARD = /\btest|TESTING\b|pytest|sys\.argv/i;

/**
 * True when the statement sits in the body of an `if` whose condition looks like a test-run
 * switch (`if "test" in sys.argv:`, `if TESTING:`), where weak values are deliberate.
 */
export function isTestOnly(node: SyntaxNode): boolean {
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === "if_statement" || parent.type === "elif_clause") {
      const body = parent.childForFieldName("consequence");
      const cond = parent.childForFieldName("condition");
      if (body && body.id === child.id && cond && TEST_GUARD.test(cond.text)) return true;
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/**
 * This module's own `=` assignments of a setting that can reach production: not under `if DEBUG:`
 * and not under a test-run switch.
 */
export function productionAssignments(settings: SettingsModel, name: string): SettingAssignment[] {
  return settings.own(name).filter((a) => a.op === "=" && !a.debugOnly && !isTestOnly(a.node));
}

/** The assignment that wins for `name` when it was made in the file at `path` and can reach production. */
export function ownWinner(settings: SettingsModel, name: string, path: string): SettingAssignment | undefined {
  const a = settings.get(name);
  if (!a || a.path !== path || a.debugOnly || isTestOnly(a.node)) return undefined;
  return a;
}

const PROJECT_SETTINGS = ["INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "DATABASES", "WSGI_APPLICATION", "SECRET_KEY"];

/**
 * True when the module (with what it star-imports) looks like a Django project's settings rather than
 * an app's own `settings.py` of constants; "missing setting" findings only make sense for the former.
 */
export function isProjectSettings(settings: SettingsModel): boolean {
  return PROJECT_SETTINGS.some((name) => settings.has(name));
}

/** `MIDDLEWARE`, or in a pre-1.10 project that never sets it, `MIDDLEWARE_CLASSES` (Django's list then). */
export function middlewareSetting(settings: SettingsModel): "MIDDLEWARE" | "MIDDLEWARE_CLASSES" {
  return !settings.has("MIDDLEWARE") && settings.has("MIDDLEWARE_CLASSES") ? "MIDDLEWARE_CLASSES" : "MIDDLEWARE";
}
