// Jest evaluates node_modules once per test file, but the native addon is loaded once per process.
// tree-sitter's index.js patches the shared native prototypes when it loads, and a second load
// reads back its own patched getters (rootNode becomes undefined). Keep the first load on the
// shared native binding and hand it to every test file.
const path = require("node:path");
const dir = path.dirname(require.resolve("tree-sitter/package.json"));
const binding = require("node-gyp-build")(dir);
if (!binding.__loadedTreeSitter) {
  binding.__loadedTreeSitter = require(path.join(dir, "index.js"));
}
module.exports = binding.__loadedTreeSitter;
