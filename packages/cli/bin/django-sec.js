#!/usr/bin/env node
// The django-sec command. The analyzer parses Python with tree-sitter, a native module: when it
// cannot be loaded, the runner says why and how to fix it instead of printing a stack trace.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const runner = new URL("../dist/src/cli/run-bin.js", import.meta.url);
if (!existsSync(fileURLToPath(runner))) {
  process.stderr.write("django-sec: this copy of the CLI is not built; in a clone of django-sec run `npm run build` (the published package ships it built).\n");
  process.exit(2);
}
await (await import(runner.href)).runBin();
