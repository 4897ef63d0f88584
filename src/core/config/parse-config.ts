import picomatch from "picomatch";
import { isCollection, isScalar, isSeq, parseAllDocuments, visit, type Document } from "yaml";
import type { Confidence } from "../analysis/types.js";
import { DEFAULT_CONFIG, type Config, type FailOn, type RuleSetting } from "./config.js";

/** One thing wrong with the config file; `path` is the key path (`rules.csrf-exempt-view`, `exclude[2]`), empty for the whole file. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export interface ParseConfigOptions {
  /** Rule ids the analyzer knows; when given, other ids under `rules` are reported and ignored. */
  knownRuleIds?: Iterable<string>;
}

export interface ParsedConfig {
  config: Config;
  problems: ConfigProblem[];
}

const MAX_TEXT_LENGTH = 256 * 1024;
const MAX_ALIASES = 20;
const MAX_PROBLEMS = 50;
const MAX_GLOBS = 500;
const MAX_GLOB_LENGTH = 1000;
const MAX_FILE_SIZE_CAP = 10 * 1024 * 1024;
const RULE_SETTINGS: readonly RuleSetting[] = ["off", "on", "high", "medium", "low"];
const FAIL_ON: readonly FailOn[] = ["high", "medium", "low", "never"];
const CONFIDENCES: readonly Confidence[] = ["high", "medium", "low"];
const REVIEW_EVENTS: readonly Config["reviewEvent"][] = ["COMMENT", "REQUEST_CHANGES"];
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Parses `.github/django-sec.yml` into a Config. Never throws: each problem is returned with its
 * key path and every valid key still applies. Empty, whitespace-only or undefined text gives the
 * defaults. A file that is not valid YAML (syntax errors, duplicate keys, an alias bomb, a root
 * that is not a mapping) gives the defaults, since it cannot be trusted to mean what it says.
 * Only the YAML 1.2 core schema is read: custom or language tags (`!!js/function`, `!!binary`)
 * are reported and their keys ignored.
 *
 * `exclude` extends the default excludes (vendored code, migrations, tests), because dropping
 * them by accident floods reviews; `exclude-defaults: false` drops them. The settings globs
 * (`settings`, `production-settings`, `development-settings`) replace their defaults: they
 * describe the project's own layout, and replacing is the only way to stop a default from
 * misclassifying a module.
 */
export function parseConfig(text: string | undefined, options: ParseConfigOptions = {}): ParsedConfig {
  const problems = new Problems();
  let config = defaults();
  try {
    if (text !== undefined && text.trim() !== "") config = readText(text, options, problems) ?? defaults();
  } catch (error) {
    problems.add("", `could not read the config (${error instanceof Error ? error.name : "error"}); using the defaults`);
    config = defaults();
  }
  return { config, problems: problems.list() };
}

/** Plain-text list of problems, one per line, for check-run summaries and terminals. */
export function renderConfigProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `- ${p.path ? `${p.path}: ` : ""}${p.message}`).join("\n");
}

class Problems {
  private readonly items: ConfigProblem[] = [];
  private dropped = 0;
  add(path: string, message: string): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ path, message });
    else this.dropped++;
  }
  list(): ConfigProblem[] {
    if (this.dropped === 0) return [...this.items];
    return [...this.items, { path: "", message: `${this.dropped} more problem${this.dropped === 1 ? "" : "s"} not shown` }];
  }
}

function defaults(): Config {
  const d = DEFAULT_CONFIG;
  return {
    ...d,
    rules: { ...d.rules },
    include: [...d.include],
    exclude: [...d.exclude],
    settings: [...d.settings],
    productionSettings: [...d.productionSettings],
    developmentSettings: [...d.developmentSettings],
  };
}

function readText(text: string, options: ParseConfigOptions, problems: Problems): Config | undefined {
  if (text.length > MAX_TEXT_LENGTH) {
    problems.add("", `the config file is larger than ${MAX_TEXT_LENGTH / 1024} KB; using the defaults`);
    return undefined;
  }
  const all = parseAllDocuments(text, {
    version: "1.2",
    schema: "core",
    customTags: [],
    resolveKnownTags: false,
    merge: false,
    uniqueKeys: true,
    prettyErrors: true,
  });
  if (!Array.isArray(all) || all.length === 0) return undefined;
  // A trailing `---` with nothing after it is harmless; a second document with content is not read.
  const docs = all.filter((d, i) => i === 0 || !isEmpty(d.contents) || d.errors.length > 0);
  if (docs.length > 1) problems.add("", `expected one YAML document, found ${docs.length}; only the first is read`);
  const doc = docs[0];
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.add("", `invalid YAML${where(e.linePos)}: ${firstLine(e.message)}`);
    problems.add("", "the config was not applied; using the defaults");
    return undefined;
  }
  const tainted = findForeignTags(doc, problems);
  let root: unknown;
  try {
    root = doc.toJS({ mapAsMap: true, maxAliasCount: MAX_ALIASES });
  } catch {
    problems.add("", `too many YAML aliases (more than ${MAX_ALIASES}); the config was not applied`);
    return undefined;
  }
  if (root === null || root === undefined) return undefined;
  if (!(root instanceof Map)) {
    problems.add("", `expected a mapping of settings at the top level, got ${describe(root)}; using the defaults`);
    return undefined;
  }
  const known = options.knownRuleIds ? new Set(options.knownRuleIds) : undefined;
  return applyRoot(root, { problems, tainted, knownRuleIds: known });
}

function isEmpty(contents: unknown): boolean {
  return contents === null || (isScalar(contents) && contents.value === null);
}

interface Context {
  problems: Problems;
  /** Key paths whose node carries a tag outside the core schema; already reported. */
  tainted: Set<string>;
  knownRuleIds?: ReadonlySet<string>;
}

/** Reports every explicit tag outside the YAML 1.2 core schema, by key path. */
function findForeignTags(doc: Document.Parsed, problems: Problems): Set<string> {
  const tainted = new Set<string>();
  visit(doc, {
    Node(_key, node, ancestors) {
      if (node.tag === undefined || CORE_TAGS.has(node.tag) || !(isScalar(node) || isCollection(node))) return;
      const path = keyPath([...ancestors, node]);
      tainted.add(path);
      problems.add(path, `unsupported YAML tag ${JSON.stringify(shorten(node.tag.replace(/^tag:yaml\.org,2002:/, "!!")))}; only plain values are read`);
    },
  });
  return tainted;
}

/** Key path of a node from its ancestors: map keys joined with dots, sequence indexes in brackets. */
function keyPath(chain: readonly unknown[]): string {
  let path = "";
  chain.forEach((node, i) => {
    const child = chain[i + 1];
    if (isSeq(node) && child !== undefined) path += `[${node.items.indexOf(child as never)}]`;
    const key = (node as { key?: unknown }).key;
    // A tag on the key itself taints the entry just as a tag on its value does.
    if (child !== undefined && key !== undefined && ((node as { value?: unknown }).value === child || key === child)) {
      const name = isScalar(key) ? String(key.value) : "?";
      path += path ? `.${name}` : name;
    }
  });
  return path;
}

type Apply = (value: unknown, path: string, config: Config, ctx: Context) => void;

const FIELDS: Record<string, Apply> = {
  rules: applyRules,
  include: globs((c, v) => (c.include = v)),
  // Applied in this order, so `exclude-defaults: false` clears the defaults before `exclude` adds to them.
  "exclude-defaults": bool((c, v) => {
    if (!v) c.exclude = [];
  }),
  exclude: globs((c, v) => (c.exclude = [...c.exclude, ...v.filter((g) => !c.exclude.includes(g))])),
  settings: globs((c, v) => (c.settings = v)),
  "production-settings": globs((c, v) => (c.productionSettings = v)),
  "development-settings": globs((c, v) => (c.developmentSettings = v)),
  "fail-on": oneOf(FAIL_ON, (c, v) => (c.failOn = v)),
  "max-inline-comments": integer(0, 100, "", (c, v) => (c.maxInlineComments = v)),
  "review-event": oneOf(REVIEW_EVENTS, (c, v) => (c.reviewEvent = v)),
  "max-file-size": integer(1, MAX_FILE_SIZE_CAP, " bytes", (c, v) => (c.maxFileSize = v)),
  taint: bool((c, v) => (c.taint = v)),
  "comment-confidence": oneOf(CONFIDENCES, (c, v) => (c.commentConfidence = v)),
  "honor-foreign-suppressions": bool((c, v) => (c.honorForeignSuppressions = v)),
};
const ORDER = Object.keys(FIELDS);

function applyRoot(root: Map<unknown, unknown>, ctx: Context): Config {
  const config = defaults();
  for (const key of root.keys()) {
    if (typeof key !== "string") ctx.problems.add("", `keys must be plain names, got ${describe(key)}`);
    else if (!Object.hasOwn(FIELDS, key)) ctx.problems.add(key, `unknown key${suggest(key, ORDER)}`);
  }
  for (const key of ORDER) {
    const value = root.get(key);
    // An empty key (`rules:` with nothing under it) keeps the default.
    if (value === undefined || value === null || ctx.tainted.has(key)) continue;
    FIELDS[key](value, key, config, ctx);
  }
  return config;
}

function applyRules(value: unknown, path: string, config: Config, ctx: Context): void {
  if (!(value instanceof Map)) return ctx.problems.add(path, `expected a mapping of rule ids to settings, got ${describe(value)}`);
  for (const [id, setting] of value) {
    if (typeof id !== "string") {
      ctx.problems.add(path, `rule ids must be plain names, got ${describe(id)}`);
      continue;
    }
    const at = `${path}.${id}`;
    if (ctx.tainted.has(at)) continue;
    if (ctx.knownRuleIds ? !ctx.knownRuleIds.has(id) : !RULE_ID.test(id)) {
      ctx.problems.add(at, `unknown rule${ctx.knownRuleIds ? suggest(id, ctx.knownRuleIds) : ""}`);
      continue;
    }
    if (typeof setting === "string" && (RULE_SETTINGS as readonly string[]).includes(setting)) {
      config.rules[id] = setting as RuleSetting;
    } else {
      ctx.problems.add(at, `expected ${alternatives(RULE_SETTINGS)}, got ${describe(setting)}${suggest(setting, RULE_SETTINGS)}`);
    }
  }
}

function globs(set: (config: Config, value: string[]) => void): Apply {
  return (value, path, config, ctx) => {
    const items = typeof value === "string" ? [value] : value;
    if (!Array.isArray(items)) return ctx.problems.add(path, `expected a list of glob patterns, got ${describe(value)}`);
    if (items.length > MAX_GLOBS) ctx.problems.add(path, `more than ${MAX_GLOBS} patterns; the rest are ignored`);
    const valid: string[] = [];
    items.slice(0, MAX_GLOBS).forEach((item, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (ctx.tainted.has(at)) return;
      const problem = globProblem(item);
      if (problem) ctx.problems.add(at, problem);
      else valid.push(normaliseGlob(item as string));
    });
    set(config, [...new Set(valid)]);
  };
}

function globProblem(item: unknown): string | undefined {
  if (typeof item !== "string") return `expected a glob pattern, got ${describe(item)}`;
  if (item.trim() === "") return "expected a glob pattern, got an empty string";
  if (item.length > MAX_GLOB_LENGTH) return `glob patterns are limited to ${MAX_GLOB_LENGTH} characters`;
  // Control characters never occur in repository paths and usually mean a broken quote.
  if (/[\u0000-\u001f\u007f]/.test(item)) return "glob patterns cannot contain control characters";
  try {
    picomatch.makeRe(normaliseGlob(item));
  } catch {
    return `not a valid glob pattern: ${describe(item)}`;
  }
  return undefined;
}

/** Paths are repository-relative, so `./x` and `/x` both mean `x`. */
function normaliseGlob(glob: string): string {
  return glob.trim().replace(/^(\.\/|\/)+/, "");
}

function oneOf<T extends string>(choices: readonly T[], set: (config: Config, value: T) => void): Apply {
  return (value, path, config, ctx) => {
    if (typeof value === "string" && (choices as readonly string[]).includes(value)) set(config, value as T);
    else ctx.problems.add(path, `expected ${alternatives(choices)}, got ${describe(value)}${suggest(value, choices)}`);
  };
}

function integer(min: number, max: number, unit: string, set: (config: Config, value: number) => void): Apply {
  return (value, path, config, ctx) => {
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) set(config, value);
    else ctx.problems.add(path, `expected a whole number from ${min} to ${max}${unit}, got ${describe(value)}`);
  };
}

function bool(set: (config: Config, value: boolean) => void): Apply {
  return (value, path, config, ctx) => {
    if (typeof value === "boolean") set(config, value);
    else ctx.problems.add(path, `expected true or false, got ${describe(value)}`);
  };
}

function alternatives(choices: readonly string[]): string {
  return choices.map((c) => JSON.stringify(c)).join(" | ");
}

function describe(value: unknown): string {
  if (typeof value === "string") return value === "" ? "an empty string" : JSON.stringify(shorten(value));
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Map) return "a mapping";
  return "an unsupported value";
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** ` (did you mean "fail-on"?)` for a near miss: same name up to case, `_` or camelCase, or a small typo. */
function suggest(input: unknown, candidates: Iterable<string>): string {
  if (typeof input !== "string" || input.length > 100) return "";
  const norm = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = norm(input) === norm(candidate) ? 0 : distance(norm(input), norm(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const limit = Math.max(1, Math.min(3, Math.floor(input.length / 4)));
  return best !== undefined && bestDistance <= limit ? ` (did you mean ${JSON.stringify(best)}?)` : "";
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

function where(linePos: readonly { line: number; col: number }[] | undefined): string {
  const at = linePos?.[0];
  return at ? ` at line ${at.line}, column ${at.col}` : "";
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
