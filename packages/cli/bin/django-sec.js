#!/usr/bin/env node
// The django-sec command. The analyzer parses Python with tree-sitter, a native module: when it
// cannot be loaded, say why and how to fix it instead of printing a stack trace.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("django-sec: this copy of the CLI is not built; in a clone of django-sec run `npm run build` (the published package ships it built).\n");
  process.exit(2);
}

/** True when `error` is the tree-sitter native binding failing to load (missing, not built, wrong libstdc++ or ABI). */
function isNativeLoadFailure(error) {
  const text = `${error?.message ?? ""}\n${error?.stack ?? ""}`;
  return /tree-sitter/.test(text) && /No native build was found|\.node\b|GLIBC|ERR_DLOPEN_FAILED|Cannot find (module|package)|invalid ELF|NODE_MODULE_VERSION|was compiled against/i.test(text);
}

function nativeHelp(error) {
  const first = String(error?.message ?? error).split("\n")[0];
  return [
    `django-sec: the tree-sitter Python parser (a native module) could not be loaded on Node ${process.versions.node}, ${process.platform}-${process.arch}:`,
    `  ${first}`,
    "tree-sitter ships prebuilt binaries, but on Linux they need a recent libstdc++ (GLIBCXX_3.4.31: Debian 13,",
    "Ubuntu 24.04 or later). Elsewhere (Debian 12, Ubuntu 22.04, most CI images) npm compiles it while installing,",
    "which needs a C++ compiler, make and Python 3:",
    "  Debian/Ubuntu: apt-get install -y g++ make python3      Alpine: apk add g++ make python3",
    "then rebuild it where django-sec is installed:",
    "  npm rebuild tree-sitter tree-sitter-python",
    "If install scripts were skipped (--ignore-scripts, or npm's allowScripts), allow them for tree-sitter and",
    "tree-sitter-python and rebuild.",
    "",
  ].join("\n");
}

// `django-sec scan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

let main;
try {
  ({ main } = await import(entry.href));
} catch (error) {
  if (!isNativeLoadFailure(error)) throw error;
  process.stderr.write(nativeHelp(error));
  process.exit(2);
}
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
