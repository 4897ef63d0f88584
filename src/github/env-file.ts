import { readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";

/**
 * Reads a `.env` file into `env` (by default `process.env`), as `npm start` and `npm run worker` need
 * before they decide which server to start. A variable already set in the environment wins over the
 * file, as with Node's `--env-file`. A missing file is fine; returns the names it set.
 */
export function loadEnvFile(path: string, env: Record<string, string | undefined> = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined || value === undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}

/**
 * Sets variables in a `.env` file: a line defining one of them is replaced, the others are appended;
 * comments and other lines stay. Values are written double-quoted with newlines as `\n`, which
 * `parseEnv` (and dotenv) read back; `parseEnv` knows no other escape, so a value holding `"` or `\` is refused.
 * The file is created readable by its owner only (it holds a key).
 */
export function updateEnvFile(path: string, values: Record<string, string>): void {
  let lines: string[] = [];
  try {
    lines = readFileSync(path, "utf8").split("\n");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (lines.at(-1) === "") lines.pop();
  for (const [name, value] of Object.entries(values)) if (/["\\]/.test(value)) throw new Error(`${name}: a value with " or \\ cannot be written to .env`);
  const quoted = (v: string) => `"${v.replace(/\r?\n/g, "\\n")}"`;
  const left = new Map(Object.entries(values));
  lines = lines.map((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (!name || !left.has(name)) return line;
    const value = left.get(name)!;
    left.delete(name);
    return `${name}=${quoted(value)}`;
  });
  for (const [name, value] of left) lines.push(`${name}=${quoted(value)}`);
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
}
