#!/usr/bin/env node
// Runs the built CLI. `npm ci` builds it through the `prepare` script; otherwise run `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const runner = new URL("../dist/src/cli/run-bin.js", import.meta.url);
if (!existsSync(fileURLToPath(runner))) {
  process.stderr.write("django-sec: the CLI is not built yet; run `npm run build` (or `npm ci`) in the django-sec folder first.\n");
  process.exit(2);
}
await (await import(runner.href)).runBin();
