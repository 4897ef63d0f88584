#!/usr/bin/env node
// Runs the built CLI. `npm ci` builds it through the `prepare` script; otherwise run `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("django-sec: the CLI is not built yet; run `npm run build` (or `npm ci`) in the django-sec folder first.\n");
  process.exit(2);
}
// `django-sec scan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
// Loaded first: after a failed import, Node may fail later imports with the same error.
const { isNativeLoadFailure, nativeLoadHelp } = await import(new URL("../dist/src/cli/native-load-error.js", import.meta.url).href);
let main;
try {
  ({ main } = await import(entry.href));
} catch (error) {
  // The native parser failing to load gets what to install and rebuild, not a stack trace.
  if (!isNativeLoadFailure(error)) throw error;
  process.stderr.write(nativeLoadHelp(error, { node: process.versions.node, platform: process.platform, arch: process.arch }));
  process.exit(2);
}
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
