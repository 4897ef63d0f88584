import { isNativeLoadFailure, nativeLoadHelp } from "../../src/cli/native-load-error.js";

// Messages as Node and node-gyp-build word them.
const glibcxx = Object.assign(new Error("/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.31' not found (required by /p/node_modules/tree-sitter/prebuilds/linux-x64/tree-sitter.node)"), { code: "ERR_DLOPEN_FAILED" });
const noBuild = new Error("No native build was found for platform=linux arch=x64 runtime=node abi=115 uv=1 libc=glibc node=20.20.2\n    loaded from: /p/node_modules/tree-sitter\n");
const missing = Object.assign(new Error("Cannot find package 'tree-sitter' imported from /p/node_modules/django-sec/dist/src/core/analysis/parse-python.js"), { code: "ERR_MODULE_NOT_FOUND" });
const abi = new Error("The module '/p/node_modules/tree-sitter-python/build/Release/tree_sitter_python_binding.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 108. This version of Node.js requires\nNODE_MODULE_VERSION 115.");

describe("the native parser's load failure", () => {
  it("is recognised from what Node and node-gyp-build say", () => {
    for (const error of [glibcxx, noBuild, missing, abi]) expect(isNativeLoadFailure(error)).toBe(true);
  });

  it("is not confused with other errors, which keep their stack trace", () => {
    const other = [
      new SyntaxError("Unexpected token '}'"),
      Object.assign(new Error("Cannot find module '/p/node_modules/django-sec/dist/rules/index.js'"), { code: "ERR_MODULE_NOT_FOUND" }),
      new Error("tree-sitter query error at row 3"),
      undefined,
      "a string",
    ];
    for (const error of other) expect(isNativeLoadFailure(error)).toBe(false);
  });

  it("is explained with the failure and the commands that fix it", () => {
    const text = nativeLoadHelp(glibcxx, { node: "20.20.2", platform: "linux", arch: "x64" });
    expect(text.split("\n").slice(0, 2)).toEqual([
      "django-sec: the tree-sitter Python parser (a native module) could not be loaded on Node 20.20.2, linux-x64:",
      `  ${glibcxx.message}`,
    ]);
    expect(text).toContain("apt-get install -y g++ make python3");
    expect(text).toContain("npm rebuild tree-sitter tree-sitter-python");
    expect(text.endsWith("\n")).toBe(true);
  });
});
