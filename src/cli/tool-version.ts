import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedVersion: string | undefined;

/**
 * The version in the package.json above this module: the CLI package's (`django-sec`, packages/cli)
 * or the app's at the repository root (`django-sec-app`); works from the sources and from dist/.
 */
export function toolVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if ((pkg.name === "django-sec" || pkg.name === "django-sec-app") && pkg.version) return (cachedVersion = pkg.version);
    }
    const parent = dirname(dir);
    if (parent === dir) return (cachedVersion = "0.0.0");
    dir = parent;
  }
}
