import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG, type Config } from "../core/config/config.js";
import { parseConfig } from "../core/config/parse-config.js";
import type { CliOptions } from "./args.js";
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
  let config: Config = { ...DEFAULT_CONFIG };
  if (source !== undefined) {
    const parsed = parseConfig(source, { knownRuleIds: rulesOf(io).map((r) => r.id) });
    for (const p of parsed.problems) io.stderr.write(`django-sec: ${name}: ${p.path ? `${p.path}: ` : ""}${p.message}\n`);
    config = parsed.config;
  }
  if (options.failOn !== undefined) config = { ...config, failOn: options.failOn };
  if (options.maxFileSize !== undefined) config = { ...config, maxFileSize: options.maxFileSize };
  return config;
}
