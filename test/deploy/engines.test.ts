import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// `engines.node` in package.json is a promise: every package `npm ci` installs must accept every Node
// version it admits, or each install warns EBADENGINE and the app runs on a Node its dependencies
// do not support. CI runs Node 20.

const require = createRequire(path.join(process.cwd(), "package.json"));
const semver = require("semver") as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

describe("the declared Node range", () => {
  const declared = pkg.engines.node;
  const lowest = semver.minVersion(declared)!.version;
  // The declared minimum, the newest Node 20 and the Node running the tests.
  const versions = [lowest, "20.99.0", process.versions.node].filter((v) => semver.satisfies(v, declared));

  it("admits Node 20, which CI runs, and the Node running this test", () => {
    expect(semver.satisfies("20.99.0", declared)).toBe(true);
    expect(versions).toContain(process.versions.node);
  });

  it("is accepted by every package in package-lock.json", () => {
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!where || !range) continue;
      for (const v of versions) if (!semver.satisfies(v, range)) refused.push(`${where.replace(/^.*node_modules\//, "")}@${entry.version} wants node ${range}, not ${v}`);
    }
    expect(refused).toEqual([]);
  });
});
