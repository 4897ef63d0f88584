import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG, type Config } from "../core/config/config.js";
import { parseConfig } from "../core/config/parse-config.js";
import { UsageError, type CliOptions } from "./args.js";
import { FatalError, rulesOf, type CliIO } from "./cli-io.js";
import { toRelative } from "./collect-files.js";

export const CONFIG_PATH = ".github/django-sec.yml";

/**
 * The config: `--config FILE`, else `text` when given (the diff's base version; null means "none
 * there"), else `.github/django-sec.yml` under the root. Problems go to stderr; the rest applies.
 */
export function loadConfig(io: CliIO, options: CliOptions, root: string, text: string | null | undefined): Config {
  let source: string | undefined;
  let name = CONFIG_PATH;
  if (options.config !== undefined) {
    const path = resolve(io.cwd, options.config);
    name = options.config;
    try {
      source = readFileSync(path, "utf8");
    } catch (error) {
      throw new FatalError(`cannot read the config file ${options.config}: ${(error as { code?: string }).code === "ENOENT" ? "no such file" : "unreadable"}`);
    }
  } else if (text !== undefined) {
    source = text ?? undefined;
  } else if (existsSync(join(root, CONFIG_PATH))) {
    name = toRelative(io.cwd, join(root, CONFIG_PATH));
    source = readFileSync(join(root, CONFIG_PATH), "utf8");
  }
  let config: Config = { ...DEFAULT_CONFIG, rules: {} };
  if (source !== undefined) {
    const parsed = parseConfig(source, { knownRuleIds: rulesOf(io).map((r) => r.id) });
    // Unlike the app, which keeps the defaults and says so in the check run, the CLI stops: a run
    // with half a config could pass a gate it should fail.
    if (parsed.problems.length) {
      const list = parsed.problems.map((p) => `  ${p.path ? `${p.path}: ` : ""}${p.message}`).join("\n");
      throw new FatalError(`invalid config ${name}:\n${list}`);
    }
    config = parsed.config;
  }
  if (options.failOn !== undefined) config = { ...config, failOn: options.failOn };
  if (options.maxFileSize !== undefined) config = { ...config, maxFileSize: options.maxFileSize };
  return selectRules(io, options, config);
}

/** --select turns every other rule off (and the selected ones on); --ignore turns rules off. Unknown ids are usage errors. */
function selectRules(io: CliIO, options: Pick<CliOptions, "select" | "ignore">, config: Config): Config {
  if (!options.select.length && !options.ignore.length) return config;
  const ids = rulesOf(io).map((r) => r.id);
  for (const [flag, list] of [["--select", options.select], ["--ignore", options.ignore]] as const) {
    const unknown = list.filter((id) => !ids.includes(id));
    if (unknown.length) throw new UsageError(`${flag}: unknown rule${unknown.length === 1 ? "" : "s"} ${unknown.map((u) => `"${u}"`).join(", ")} ("django-sec rules" lists them)`);
  }
  const rules = { ...config.rules };
  if (options.select.length) {
    for (const id of ids) {
      if (!options.select.includes(id)) rules[id] = "off";
      else if (rules[id] === "off") rules[id] = "on";
    }
  }
  for (const id of options.ignore) rules[id] = "off";
  return { ...config, rules };
}
