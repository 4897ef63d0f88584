// Loaded by the bin scripts before the CLI, so it must import nothing that needs tree-sitter.

/** True when `error` is the tree-sitter native binding failing to load (missing, not built, wrong libstdc++ or ABI). */
export function isNativeLoadFailure(error: unknown): boolean {
  const e = error as { message?: unknown; stack?: unknown } | undefined;
  const text = `${String(e?.message ?? "")}\n${String(e?.stack ?? "")}`;
  return /tree-sitter/.test(text) && /No native build was found|\.node\b|GLIBC|ERR_DLOPEN_FAILED|Cannot find (module|package)|invalid ELF|NODE_MODULE_VERSION|was compiled against/i.test(text);
}

/** What to tell the user instead of a stack trace: what failed, and the commands that fix it. */
export function nativeLoadHelp(error: unknown, where: { node: string; platform: string; arch: string }): string {
  const first = String((error as { message?: unknown } | undefined)?.message ?? error).split("\n")[0];
  return [
    `django-sec: the tree-sitter Python parser (a native module) could not be loaded on Node ${where.node}, ${where.platform}-${where.arch}:`,
    `  ${first}`,
    "tree-sitter ships prebuilt binaries, but on Linux they need a recent libstdc++ (GLIBCXX_3.4.31: Debian 13,",
    "Ubuntu 24.04 or later). Elsewhere (Debian 12, Ubuntu 22.04, many CI images) npm compiles it while installing,",
    "which needs a C++ compiler, make and Python 3:",
    "  Debian/Ubuntu: apt-get install -y g++ make python3      Alpine: apk add g++ make python3",
    "then rebuild it where django-sec is installed:",
    "  npm rebuild tree-sitter tree-sitter-python",
    "If install scripts were skipped (--ignore-scripts, or npm's allowScripts), allow them for tree-sitter and",
    "tree-sitter-python and rebuild.",
    "",
  ].join("\n");
}
