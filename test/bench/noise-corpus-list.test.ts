import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectCommits } from "../../bench/noise.js";

describe("noise benchmark corpus lists", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "noise-list-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads owner/name COMMIT lines, skips comments and malformed lines, and lets the first list win", () => {
    const a = join(dir, "COMMITS.txt");
    const b = join(dir, "held-out.txt");
    writeFileSync(a, `# header\nacme/shop ${"a".repeat(40)}\n`);
    writeFileSync(b, `# held out\nacme/shop ${"b".repeat(40)}\nother/forum ${"c".repeat(40)}\nbroken/line not-a-sha\n`);
    const commits = projectCommits([a, join(dir, "missing.txt"), b]);
    expect([...commits]).toEqual([
      ["shop", `acme/shop@${"a".repeat(40)}`],
      ["forum", `other/forum@${"c".repeat(40)}`],
    ]);
  });

  it("parses the held-out list shipped in bench/ into one commit per project", () => {
    const list = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "noise-heldout.txt");
    const entries = readFileSync(list, "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
    const commits = projectCommits([list]);
    expect(commits.size).toBe(entries.length);
    for (const value of commits.values()) expect(value).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });
});
