import type { PyValue } from "../../src/core/analysis/py-value.js";
import type { SettingAssignment, SettingsModel } from "../../src/core/analysis/settings-model.js";
import { dictComplete, dictEntry, isTestOnly, settingStrings } from "../../src/core/analysis/settings-values.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/** What a settings module says about Django REST framework, as far as it can be read statically. */
export type DrfSettings =
  | { kind: "none" }
  /** This module installs DRF and REST_FRAMEWORK is not set anywhere: DRF's defaults apply. */
  | { kind: "defaults"; installedAt: SyntaxNode }
  /** REST_FRAMEWORK is a dictionary we can read completely. */
  | { kind: "dict"; assignment: SettingAssignment; value: PyValue; own: boolean };

// `REST_FRAMEWORK["X"] = ...`, `REST_FRAMEWORK.update(...)`, `REST_FRAMEWORK |= ...` change the dict after the fact.
const MUTATED = /\bREST_FRAMEWORK\s*(\[[^\]]*\]\s*=[^=]|\.(update|setdefault)\s*\(|\|=)/;

/**
 * Reads REST_FRAMEWORK for DRF settings rules. Returns `none` whenever the answer is not certain: DRF not
 * installed, the dict built dynamically or changed after assignment, or only set under `if DEBUG:`.
 */
export function readDrfSettings(settings: SettingsModel, text: string, path: string): DrfSettings {
  const rf = settings.get("REST_FRAMEWORK");
  if (rf) {
    if (MUTATED.test(text) || settings.own("REST_FRAMEWORK").some((a) => a.op !== "=")) return { kind: "none" };
    if (rf.debugOnly || isTestOnly(rf.node) || !dictComplete(rf.value)) return { kind: "none" };
    return { kind: "dict", assignment: rf, value: rf.value, own: rf.path === path };
  }
  if (!settings.complete) return { kind: "none" };
  const apps = settingStrings(settings, "INSTALLED_APPS");
  const item = apps?.items.find((i) => i.value === "rest_framework" || i.value === "rest_framework.apps.RestFrameworkConfig");
  // Reported where `rest_framework` is listed, not again in every module that star-imports that list.
  if (!item || item.path !== path) return { kind: "none" };
  return { kind: "defaults", installedAt: item.node };
}

/** The string class paths under a REST_FRAMEWORK key; undefined when the key is absent or not a readable list. */
export function drfClasses(value: PyValue, key: string): { items: { value: string; node: SyntaxNode }[]; complete: boolean; node: SyntaxNode } | undefined {
  const entry = dictEntry(value, key);
  if (!entry || entry.kind !== "list") return undefined;
  const items = entry.items.flatMap((i) => (i.kind === "str" ? [{ value: i.value, node: i.node }] : []));
  return { items, complete: items.length === entry.items.length, node: entry.node };
}
