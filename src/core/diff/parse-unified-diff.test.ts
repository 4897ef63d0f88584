import { readFileSync } from "node:fs";
import { createTwoFilesPatch, diffLines } from "diff";
import fc from "fast-check";
import { DiffParseError, parseFilePatch, parseUnifiedDiff } from "./parse-unified-diff.js";
import type { FileChange, LineRange } from "./types.js";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/diffs/${name}`, import.meta.url), "utf8");
const r = (start: number, end = start): LineRange => ({ start, end });
const change = (c: Partial<FileChange> & { path: string }): FileChange => ({ status: "modified", binary: false, added: [], hunks: [], ...c });
const sorted = (changes: Map<string, FileChange>) => [...changes.values()].sort((a, b) => (a.path < b.path ? -1 : 1));

// The changes recorded in git-full.diff (real `git diff --cached -M` output; see its hunks).
const FULL: FileChange[] = [
  change({ path: "added.py", status: "added", added: [r(1, 2)], hunks: [r(1, 2)] }),
  change({ path: "café.py", added: [r(1)], hunks: [r(1)] }),
  change({ path: "gone.py", status: "deleted" }),
  // A symlink replaced by a file: git shows a deletion and an addition of the same path.
  change({ path: "link.py", status: "added", added: [r(1)], hunks: [r(1)] }),
  change({ path: "logo.png", binary: true }),
  change({ path: "my dir/my file.py", added: [r(2, 3)], hunks: [r(1, 3)] }),
  change({ path: "new_name.py", oldPath: "old_name.py", status: "renamed" }),
  change({ path: "nonl.py", added: [r(1, 2)], hunks: [r(1, 2)] }),
  change({ path: "run.sh" }),
  change({ path: "shop/views.py", added: [r(2), r(9, 10)], hunks: [r(1, 11)] }),
  change({ path: "tab\tname.py", added: [r(1)], hunks: [r(1)] }),
  change({ path: "win.py", added: [r(2)], hunks: [r(1, 3)] }),
];

describe("parseUnifiedDiff on real git output", () => {
  it.each([
    ["default a/ b/ prefixes", "git-full.diff"],
    ["--no-prefix", "git-noprefix.diff"],
    ["diff.mnemonicPrefix (c/ i/)", "git-mnemonic.diff"],
  ])("%s", (_name, file) => {
    expect(sorted(parseUnifiedDiff(fixture(file)))).toEqual(FULL);
  });

  it("reads the same changes when every line ends with CRLF", () => {
    const crlf = fixture("git-full.diff").replace(/\r?\n/g, "\r\n");
    expect(sorted(parseUnifiedDiff(crlf))).toEqual(FULL);
  });

  it("reads renames with edits, renames of paths with spaces, and copies", () => {
    expect(sorted(parseUnifiedDiff(fixture("git-renames.diff")))).toEqual([
      change({ path: "my dir/your file.py", oldPath: "my dir/my file.py", status: "renamed" }),
      change({ path: "renamed b/x b.py", oldPath: "base.py", status: "renamed", added: [r(5)], hunks: [r(2, 8)] }),
      change({ path: "shop/views_copy.py", oldPath: "shop/views.py", status: "added" }),
    ]);
  });

  it("skips the base85 data of a GIT binary patch", () => {
    expect(sorted(parseUnifiedDiff(fixture("git-binary-patch.diff")))).toEqual([change({ path: "logo.png", binary: true })]);
  });

  it("keeps each -U0 hunk separate and puts pure deletions in no hunk", () => {
    expect(sorted(parseUnifiedDiff(fixture("git-u0.diff")))).toEqual([
      change({ path: "shop/views.py", added: [r(2), r(9, 10)], hunks: [r(2), r(9, 10)] }),
    ]);
  });
});

const git = (header: string, ...body: string[]) => [`diff --git ${header}`, ...body].join("\n") + "\n";

describe("parseUnifiedDiff on hostile input", () => {
  it.each([
    ["empty text", ""],
    ["only blank lines", "\n\n  \n"],
    ["only CRLF", "\r\n"],
    ["prose without a diff", "Fix the login view.\n\nSigned-off-by: someone\n"],
  ])("%s gives an empty change set", (_name, text) => {
    expect(parseUnifiedDiff(text).size).toBe(0);
  });

  const cases: { name: string; text: string; expected: FileChange[] }[] = [
    {
      name: "removed and added lines that look like ---/+++ headers stay hunk lines",
      text: git(
        "a/db.sql b/db.sql",
        "index 1..2 100644",
        "--- a/db.sql",
        "+++ b/db.sql",
        "@@ -1,3 +1,3 @@",
        " select 1;",
        "--- drop table users;",
        "+++ comment",
        " select 2;",
      ),
      expected: [change({ path: "db.sql", added: [r(2)], hunks: [r(1, 3)] })],
    },
    {
      name: "a removed line reading 'diff --git' inside a hunk is not a new file",
      text: git("a/notes.txt b/notes.txt", "--- a/notes.txt", "+++ b/notes.txt", "@@ -1,2 +1,2 @@", "-diff --git a/x b/x", "+text", " end"),
      expected: [change({ path: "notes.txt", added: [r(1)], hunks: [r(1, 2)] })],
    },
    {
      name: "a commit message before the first diff is ignored",
      text:
        "From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] tweak\n\n--- a/fake.py\n+++ b/fake.py\n---\n" +
        git("a/app.py b/app.py", "--- a/app.py", "+++ b/app.py", "@@ -3,0 +4 @@", "+x = 1"),
      expected: [change({ path: "app.py", added: [r(4)], hunks: [r(4)] })],
    },
    {
      name: "a new binary file",
      text: git("a/img.png b/img.png", "new file mode 100644", "index 0000000..1111111", "Binary files /dev/null and b/img.png differ"),
      expected: [change({ path: "img.png", status: "added", binary: true })],
    },
    {
      name: "a deleted binary file keeps its old path",
      text: git("a/img.png b/img.png", "deleted file mode 100644", "Binary files a/img.png and /dev/null differ"),
      expected: [change({ path: "img.png", status: "deleted", binary: true })],
    },
    {
      name: "an empty new file has no hunks",
      text: git("a/__init__.py b/__init__.py", "new file mode 100644", "index 0000000..e69de29"),
      expected: [change({ path: "__init__.py", status: "added" })],
    },
    {
      name: "a deleted file contributes no new-side lines",
      text: git("a/old.py b/old.py", "deleted file mode 100644", "--- a/old.py", "+++ /dev/null", "@@ -1,2 +0,0 @@", "-a", "-b"),
      expected: [change({ path: "old.py", status: "deleted" })],
    },
    {
      name: "a path containing ' b/' with the same name on both sides",
      text: git("a/a b/c.py b/a b/c.py", "--- a/a b/c.py\t", "+++ b/a b/c.py\t", "@@ -1 +1 @@", "-x", "+y"),
      expected: [change({ path: "a b/c.py", added: [r(1)], hunks: [r(1)] })],
    },
    {
      name: "a --no-prefix path under a folder named a/",
      text: git("a/views.py a/views.py", "--- a/views.py", "+++ a/views.py", "@@ -1 +1 @@", "-x", "+y"),
      expected: [change({ path: "a/views.py", added: [r(1)], hunks: [r(1)] })],
    },
    {
      name: "a quoted rename with escaped quotes and octal UTF-8",
      text: git(
        '"a/say \\"hi\\".py" "b/caf\\303\\251.py"',
        "similarity index 100%",
        'rename from "say \\"hi\\".py"',
        'rename to "caf\\303\\251.py"',
      ),
      expected: [change({ path: "café.py", oldPath: 'say "hi".py', status: "renamed" })],
    },
    {
      name: "a context line whose single space was stripped, at the end of a section",
      text:
        git("a/one.py b/one.py", "--- a/one.py", "+++ b/one.py", "@@ -1,2 +1,3 @@", " a", "+b", "") +
        git("a/two.py b/two.py", "--- a/two.py", "+++ b/two.py", "@@ -1 +1 @@", "-x", "+y"),
      expected: [change({ path: "one.py", added: [r(2)], hunks: [r(1, 3)] }), change({ path: "two.py", added: [r(1)], hunks: [r(1)] })],
    },
    {
      name: "a combined diff of a merge commit is skipped",
      text:
        "diff --cc merged.py\nindex 1,2..3\n--- a/merged.py\n+++ b/merged.py\n@@@ -1,1 -1,1 +1,1 @@@\n- a\n -b\n++c\n" +
        git("a/plain.py b/plain.py", "--- a/plain.py", "+++ b/plain.py", "@@ -1 +1 @@", "-x", "+y"),
      expected: [change({ path: "plain.py", added: [r(1)], hunks: [r(1)] })],
    },
    {
      name: "a plain GNU diff -u with timestamps",
      text:
        "--- a/shop/models.py\t2024-01-01 10:00:00.000000000 +0000\n+++ b/shop/models.py\t2024-01-02 10:00:00.000000000 +0000\n" +
        "@@ -1,2 +1,3 @@\n import os\n+import sys\n x = 1\n" +
        "--- /dev/null\t1970-01-01 00:00:00.000000000 +0000\n+++ b/shop/new.py\t2024-01-02 10:00:00.000000000 +0000\n@@ -0,0 +1 @@\n+y = 2\n",
      expected: [
        change({ path: "shop/models.py", added: [r(2)], hunks: [r(1, 3)] }),
        change({ path: "shop/new.py", status: "added", added: [r(1)], hunks: [r(1)] }),
      ],
    },
    {
      name: "no newline at end of file on both sides",
      text: git("a/n.py b/n.py", "--- a/n.py", "+++ b/n.py", "@@ -1,2 +1,2 @@", " a", "-b", "\\ No newline at end of file", "+c", "\\ No newline at end of file"),
      expected: [change({ path: "n.py", added: [r(2)], hunks: [r(1, 2)] })],
    },
    {
      name: "adjacent added runs across hunks merge into one range",
      text: git("a/m.py b/m.py", "--- a/m.py", "+++ b/m.py", "@@ -1,0 +2 @@", "+a", "@@ -2,0 +3,2 @@", "+b", "+c"),
      expected: [change({ path: "m.py", added: [r(2, 4)], hunks: [r(2), r(3, 4)] })],
    },
  ];
  it.each(cases)("$name", ({ text, expected }) => {
    expect(sorted(parseUnifiedDiff(text))).toEqual(expected);
  });

  it.each([
    ["more lines than the header counts", git("a/x.py b/x.py", "--- a/x.py", "+++ b/x.py", "@@ -1 +1 @@", "-a", "+b", "+c")],
    ["fewer lines than the header counts", git("a/x.py b/x.py", "--- a/x.py", "+++ b/x.py", "@@ -1,3 +1,3 @@", " a", "-b", "+c")],
    ["a line with no diff marker", git("a/x.py b/x.py", "--- a/x.py", "+++ b/x.py", "@@ -1,2 +1,2 @@", " a", "?b", "+c")],
  ])("throws DiffParseError naming the file for %s", (_name, text) => {
    expect(() => parseUnifiedDiff(text)).toThrow(DiffParseError);
    try {
      parseUnifiedDiff(text);
    } catch (error) {
      expect(error).toMatchObject({ code: "malformed-diff", path: "x.py" });
    }
  });
});

describe("parseFilePatch (GitHub's per-file patch)", () => {
  const patch = "@@ -1,3 +1,4 @@\n import os\n-x = 1\n+x = 2\n+y = 3\n z = 4\n@@ -20,2 +21,2 @@ def f():\n     a\n-    b\n\\ No newline at end of file\n+    c\n\\ No newline at end of file";
  const cases: { name: string; args: Parameters<typeof parseFilePatch>; expected: FileChange }[] = [
    { name: "no patch (binary or too large)", args: ["a.py", undefined], expected: change({ path: "a.py" }) },
    { name: "an empty patch", args: ["a.py", ""], expected: change({ path: "a.py" }) },
    {
      name: "a pure rename without a patch keeps the old path",
      args: ["new.py", undefined, "renamed", "old.py"],
      expected: change({ path: "new.py", oldPath: "old.py", status: "renamed" }),
    },
    {
      name: "two hunks, no trailing newline",
      args: ["a.py", patch],
      expected: change({ path: "a.py", added: [r(2, 3), r(22)], hunks: [r(1, 4), r(21, 22)] }),
    },
    {
      name: "the same patch with CRLF line ends",
      args: ["a.py", patch.replace(/\n/g, "\r\n")],
      expected: change({ path: "a.py", added: [r(2, 3), r(22)], hunks: [r(1, 4), r(21, 22)] }),
    },
    {
      name: "an added file",
      args: ["n.py", "@@ -0,0 +1,2 @@\n+a\n+b", "added"],
      expected: change({ path: "n.py", status: "added", added: [r(1, 2)], hunks: [r(1, 2)] }),
    },
    { name: "a deleted file", args: ["d.py", "@@ -1,2 +0,0 @@\n-a\n-b", "deleted"], expected: change({ path: "d.py", status: "deleted" }) },
  ];
  it.each(cases)("$name", ({ args, expected }) => {
    expect(parseFilePatch(...args)).toEqual(expected);
  });

  it("throws DiffParseError for a patch whose counts do not match", () => {
    expect(() => parseFilePatch("a.py", "@@ -1,2 +1,2 @@\n-a\n+b")).toThrow(DiffParseError);
  });
});

/** New-side line numbers of the lines `diffLines` marks as added: the oracle for the properties below. */
function addedLines(oldText: string, newText: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const part of diffLines(oldText, newText)) {
    if (part.removed) continue;
    for (let k = 0; k < part.count; k++, line++) if (part.added) lines.push(line);
  }
  return lines;
}

const toLines = (ranges: LineRange[]) => ranges.flatMap(({ start, end }) => Array.from({ length: end - start + 1 }, (_, k) => start + k));
const asGit = (path: string, patch: string) => `diff --git a/${path} b/${path}\n${patch.slice(patch.indexOf("--- "))}`;

describe("parseUnifiedDiff properties", () => {
  // Old lines are unique and inserted lines are new tokens, so the only minimal diff keeps
  // every surviving old line: `added` must be exactly the lines the edits inserted.
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.integer({ min: 0, max: 3 }),
    insert: fc.integer({ min: 0, max: 4 }),
  });
  it("added equals exactly the inserted lines, for random edits of one or more files", () => {
    const file = fc.record({ size: fc.integer({ min: 0, max: 40 }), edits: fc.array(edit, { maxLength: 6 }), context: fc.integer({ min: 0, max: 4 }) });
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), (files, gitHeaders, crlf) => {
        let token = 0;
        const expected = new Map<string, number[]>();
        let text = "";
        files.forEach(({ size, edits, context }, n) => {
          const path = `pkg/mod_${n}.py`;
          const old = Array.from({ length: size }, (_, i) => ({ text: `old ${i}`, inserted: false }));
          const next = [...old];
          for (const e of edits) {
            const at = next.length === 0 ? 0 : e.at % (next.length + 1);
            const fresh = Array.from({ length: e.insert }, () => ({ text: `new ${token++}`, inserted: true }));
            next.splice(at, e.remove, ...fresh);
          }
          const join = (ls: { text: string }[]) => ls.map((l) => `${l.text}\n`).join("");
          const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, join(old), join(next), undefined, undefined, { context });
          text += gitHeaders ? asGit(path, patch) : patch;
          expected.set(path, next.flatMap((l, i) => (l.inserted ? [i + 1] : [])));
        });
        const changes = parseUnifiedDiff(crlf ? text.replace(/\n/g, "\r\n") : text);
        for (const [path, lines] of expected) {
          const got = changes.get(path);
          expect(toLines(got?.added ?? [])).toEqual(lines);
          // Every added line can carry a review comment: it sits inside a hunk.
          for (const line of lines) expect(got?.hunks.some((h) => h.start <= line && line <= h.end)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("matches diffLines on files with repeated lines and optional final newlines", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", "", "    pass"), { maxLength: 25 }).chain((lines) =>
      fc.boolean().map((eol) => (lines.length === 0 ? "" : lines.join("\n") + (eol ? "\n" : ""))),
    );
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 3 }), (oldText, newText, context) => {
        const patch = createTwoFilesPatch("a/f.py", "b/f.py", oldText, newText, undefined, undefined, { context });
        const hunkOnly = patch.slice(patch.indexOf("@@")).replace(/\n$/, "");
        const fromDiff = parseUnifiedDiff(asGit("f.py", patch)).get("f.py");
        const fromPatch = parseFilePatch("f.py", patch.includes("@@") ? hunkOnly : undefined);
        const expected = addedLines(oldText, newText);
        expect(toLines(fromDiff?.added ?? [])).toEqual(expected);
        expect(fromPatch.added).toEqual(fromDiff?.added ?? []);
        expect(fromPatch.hunks).toEqual(fromDiff?.hunks ?? []);
      }),
      { numRuns: 500 },
    );
  });
});
