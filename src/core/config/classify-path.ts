import picomatch from "picomatch";
import type { SettingsKind } from "../analysis/types.js";
import type { Config } from "./config.js";

export type FileLanguage = "python" | "template";

export interface PathClassifier {
  /** The analyzer's language for the path, or undefined when it is not analysed (excluded or unknown). */
  language(path: string): FileLanguage | undefined;
  /** Settings kind by path alone; `none` for ordinary modules. */
  settingsKind(path: string): SettingsKind;
  /** An analysed Python file whose path makes it a settings module. */
  isSettingsModule(path: string): boolean;
}

/** Paths whose answers one classifier keeps before it starts over. */
const PATH_ANSWERS = 50_000;

const TEMPLATE_EXT = /\.(html?|djhtml|jinja|jinja2|j2|txt|xml)$/i;

/** Classifiers by the globs they were built from: every review of a worker builds the same few, usually the defaults. */
const built = new Map<string, PathClassifier>();

/**
 * The path tests of a config; paths are repository-relative with `/`. Compiling the globs costs more than a
 * review's tests of them, so a classifier is built once for each set of globs (a bounded memo: classifiers are
 * pure functions of the globs).
 */
export function classifyPaths(config: Config): PathClassifier {
  const key = JSON.stringify([config.include, config.exclude, config.settings, config.productionSettings, config.developmentSettings]);
  const known = built.get(key);
  if (known) return known;
  if (built.size >= 64) built.clear();
  const classifier = buildClassifier(config);
  built.set(key, classifier);
  return classifier;
}

function buildClassifier(config: Config): PathClassifier {
  const opts = { dot: true };
  const matcher = (globs: string[]) => (globs.length ? picomatch(globs, opts) : () => false);
  const include = config.include.length ? picomatch(config.include, opts) : () => true;
  const exclude = matcher(config.exclude);
  const settings = matcher(config.settings);
  const production = matcher(config.productionSettings);
  const development = matcher(config.developmentSettings);
  const language = (path: string): FileLanguage | undefined => {
    if (!include(path) || exclude(path)) return undefined;
    if (path.endsWith(".py") || path.endsWith(".pyi")) return "python";
    // Only .html-like files anywhere, or text files under a templates/ folder, are Django templates.
    if (/\.(html?|djhtml|jinja2?|j2)$/i.test(path)) return "template";
    if (TEMPLATE_EXT.test(path) && /(^|\/)templates\//.test(path)) return "template";
    return undefined;
  };
  const settingsKind = (path: string): SettingsKind => {
    if (production(path)) return "production";
    if (development(path)) return "development";
    if (settings(path)) return "base";
    return "none";
  };
  // A path's answers depend on the config alone, and a project analysis asks them of each path several times. The
  // classifier outlives one review (see `built`), so the answers kept are bounded: a long-running worker sees paths
  // of many repositories.
  const languageOf = rememberPaths(language);
  const kindOf = rememberPaths(settingsKind);
  return {
    language: languageOf,
    settingsKind: kindOf,
    isSettingsModule: (path) => languageOf(path) === "python" && kindOf(path) !== "none",
  };
}

/** `answer`, remembering at most `PATH_ANSWERS` paths' answers before it starts over. */
function rememberPaths<T>(answer: (path: string) => T): (path: string) => T {
  const known = new Map<string, T>();
  return (path) => {
    if (known.has(path)) return known.get(path) as T;
    const value = answer(path);
    if (known.size >= PATH_ANSWERS) known.clear();
    known.set(path, value);
    return value;
  };
}
