import { parsePatch } from "diff";
import type { ChangeSet, FileChange, FileStatus, LineRange } from "./types.js";

/** A diff whose hunks do not add up (wrong line counts, stray lines). `path` names the file section. */
export class DiffParseError extends Error {
  override name = "DiffParseError";
  readonly code = "malformed-diff";
  constructor(
    message: string,
    readonly path: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Parses `git diff` output (or a plain unified diff) into the changed new-side lines per file.
 * Handles renames and copies (with or without hunks), added/deleted files, binary files, mode-only
 * changes, quoted paths, `a/` `b/`, mnemonic or no prefixes, CRLF and `\ No newline at end of file`.
 * Empty input gives an empty map; text before the first `diff --git` (e.g. a commit message) is
 * ignored. Throws DiffParseError when a hunk's line counts do not match its body.
 */
export function parseUnifiedDiff(text: string): ChangeSet {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const changes: ChangeSet = new Map();
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (SECTION_START.test(line)) starts.push(i);
  });
  if (starts.length === 0) {
    for (const change of parsePlainDiff(lines)) addChange(changes, change);
    return changes;
  }
  starts.forEach((start, n) => {
    const next = starts[n + 1];
    // A section that ends where the next begins may end in an empty (space-stripped) context
    // line; the "" terminator keeps parseHunks from reading it as the end of the text.
    const section = next === undefined ? lines.slice(start) : [...lines.slice(start, next), ""];
    // Combined diffs of merge commits (`diff --cc`) have no single new side to map; skip them.
    if (!section[0].startsWith("diff --git ")) return;
    const change = parseGitSection(section);
    if (change) addChange(changes, change);
  });
  return changes;
}

/**
 * Builds the change of one file from GitHub's per-file `patch` field (hunks only, no headers).
 * An undefined or empty patch (binary, too large, or a pure rename) gives empty ranges; text before
 * the first `@@` (such as `createPatch` headers) is skipped. Throws DiffParseError for a malformed patch.
 */
export function parseFilePatch(path: string, patch: string | undefined, status: FileStatus = "modified", oldPath?: string): FileChange {
  const lines = patch ? patch.replace(/\r\n/g, "\n").split("\n") : [];
  const { added, hunks } = status === "deleted" ? { added: [], hunks: [] } : rangesOf(lines, path);
  return { path, ...(oldPath !== undefined && oldPath !== path ? { oldPath } : {}), status, binary: false, added, hunks };
}

const SECTION_START = /^diff --(git|cc|combined) /;
const DEV_NULL = "/dev/null";

interface Header {
  /** Names from the `diff --git` line, prefixes not yet removed. */
  gitOld?: string;
  gitNew?: string;
  /** Names from `rename`/`copy from`/`to` lines: never prefixed. */
  fromName?: string;
  toName?: string;
  /** Names from the `---`/`+++` lines, prefixes not yet removed. */
  minusName?: string;
  plusName?: string;
  created: boolean;
  deleted: boolean;
  renamed: boolean;
  copied: boolean;
  binary: boolean;
}

function parseGitSection(section: string[]): FileChange | undefined {
  const header: Header = { created: false, deleted: false, renamed: false, copied: false, binary: false };
  const names = splitGitHeader(section[0].slice("diff --git ".length));
  if (names) [header.gitOld, header.gitNew] = names;
  let i = 1;
  for (; i < section.length; i++) {
    const line = section[i];
    if (line.startsWith("@@ ") || line.startsWith("--- ") || line.startsWith("+++ ")) break;
    readExtendedHeader(line, header);
  }
  for (; i < section.length && !section[i].startsWith("@@ "); i++) {
    const line = section[i];
    if (line.startsWith("--- ")) header.minusName = fileHeaderName(line);
    else if (line.startsWith("+++ ")) header.plusName = fileHeaderName(line);
  }
  const { oldName, newName } = resolveNames(header);
  const path = header.deleted || newName === undefined ? oldName : newName;
  if (path === undefined) return undefined;
  const status: FileStatus = header.deleted
    ? "deleted"
    : header.created || header.copied
      ? "added"
      : header.renamed || (oldName !== undefined && newName !== undefined && oldName !== newName)
        ? "renamed"
        : "modified";
  const { added, hunks } = status === "deleted" ? { added: [], hunks: [] } : rangesOf(section.slice(i), path);
  const oldPath = (status === "renamed" || header.copied) && oldName !== undefined && oldName !== path ? oldName : undefined;
  return { path, ...(oldPath !== undefined ? { oldPath } : {}), status, binary: header.binary, added, hunks };
}

function readExtendedHeader(line: string, header: Header): void {
  if (line.startsWith("new file mode ")) header.created = true;
  else if (line.startsWith("deleted file mode ")) header.deleted = true;
  else if (line.startsWith("rename from ")) [header.renamed, header.fromName] = [true, unquote(line.slice(12))];
  else if (line.startsWith("rename to ")) [header.renamed, header.toName] = [true, unquote(line.slice(10))];
  else if (line.startsWith("copy from ")) [header.copied, header.fromName] = [true, unquote(line.slice(10))];
  else if (line.startsWith("copy to ")) [header.copied, header.toName] = [true, unquote(line.slice(8))];
  else if (line === "GIT binary patch" || /^Binary files .* differ$/.test(line)) header.binary = true;
}

/**
 * Names in order of trust: `rename`/`copy` lines are exact and unprefixed; `---`/`+++` lines and
 * the `diff --git` line carry the source/destination prefixes, which are detected from the
 * `diff --git` line itself (a/ b/, mnemonic i/ w/ c/ o/, or none with `--no-prefix`).
 */
function resolveNames(h: Header): { oldName?: string; newName?: string } {
  const prefixed = h.gitOld !== undefined && h.gitNew !== undefined ? hasPrefixes(h.gitOld, h.gitNew) : undefined;
  const strip = (name: string | undefined, side: "old" | "new"): string | undefined => {
    if (name === undefined || name === DEV_NULL) return undefined;
    if (prefixed === false) return name;
    if (prefixed === true) return name.slice(2);
    // No usable `diff --git` line: fall back to the default a/ and b/ prefixes when present.
    return name.startsWith(side === "old" ? "a/" : "b/") ? name.slice(2) : name;
  };
  const fromLines = (side: "old" | "new") => {
    const name = side === "old" ? h.minusName : h.plusName;
    return name === undefined ? undefined : { value: strip(name, side) };
  };
  const minus = fromLines("old");
  const plus = fromLines("new");
  const oldName = h.fromName ?? (minus ? minus.value : strip(h.gitOld, "old"));
  const newName = h.toName ?? (plus ? plus.value : strip(h.gitNew, "new"));
  return { oldName: h.created ? undefined : oldName, newName: h.deleted ? undefined : newName };
}

/** True when both names start with distinct one-letter git prefixes (a/ b/, or mnemonic c/ i/ o/ w/). */
function hasPrefixes(oldName: string, newName: string): boolean {
  const prefix = /^[abciow]\//;
  return prefix.test(oldName) && prefix.test(newName) && oldName[0] !== newName[0];
}

/**
 * Splits the rest of a `diff --git` line into its two names. Git quotes a name only when it has
 * special characters (not for spaces), so unquoted names with spaces are split where both halves
 * name the same file; a rename's halves may be ambiguous, but then `rename from`/`to` lines follow.
 */
function splitGitHeader(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest);
    if (!first || rest[first.length] !== " ") return undefined;
    const tail = rest.slice(first.length + 1);
    const second = tail.startsWith('"') ? readQuoted(tail) : undefined;
    if (tail.startsWith('"') && (!second || second.length !== tail.length)) return undefined;
    return [first.value, second ? second.value : tail];
  }
  const quoteAt = rest.indexOf(' "');
  if (quoteAt > 0 && rest.endsWith('"')) {
    const second = readQuoted(rest.slice(quoteAt + 1));
    if (second && second.length === rest.length - quoteAt - 1) return [rest.slice(0, quoteAt), second.value];
  }
  if (rest.length % 2 === 1 && rest[(rest.length - 1) / 2] === " ") {
    const half = (rest.length - 1) / 2;
    const [a, b] = [rest.slice(0, half), rest.slice(half + 1)];
    if (a === b || (hasPrefixes(a, b) && a.slice(2) === b.slice(2))) return [a, b];
  }
  const spaces = [...rest.matchAll(/ b\//g)].map((m) => m.index);
  if (rest.startsWith("a/") && spaces.length === 1) return [rest.slice(0, spaces[0]), rest.slice(spaces[0] + 1)];
  return undefined;
}

/** The name on a `---`/`+++` line: quoted, or up to the tab git adds after names with spaces. */
function fileHeaderName(line: string): string {
  const rest = line.slice(4);
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest);
    if (quoted) return quoted.value;
  }
  const tab = rest.indexOf("\t");
  return tab >= 0 ? rest.slice(0, tab) : rest.trimEnd();
}

function unquote(name: string): string {
  if (!name.startsWith('"')) return name;
  const quoted = readQuoted(name);
  return quoted && quoted.length === name.length ? quoted.value : name;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** Reads a C-style quoted name as git writes it (octal escapes are UTF-8 bytes). */
function readQuoted(s: string): { value: string; length: number } | undefined {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let j = 1; j < s.length; j++) {
    const ch = s[j];
    if (ch === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), length: j + 1 };
    if (ch !== "\\") {
      bytes.push(...encoder.encode(ch));
      continue;
    }
    const next = s[j + 1];
    if (next !== undefined && next in ESCAPES) {
      bytes.push(ESCAPES[next]);
      j++;
    } else if (/^[0-3][0-7]{2}$/.test(s.slice(j + 1, j + 4))) {
      bytes.push(parseInt(s.slice(j + 1, j + 4), 8));
      j += 3;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A diff without `diff --git` lines (GNU `diff -u`, `svn diff`): names come from `---`/`+++`. */
function parsePlainDiff(lines: string[]): FileChange[] {
  if (lines.every((l) => l.trim() === "")) return [];
  const patches = parseHunks(lines, undefined);
  return patches.flatMap((p) => {
    const oldName = p.oldFileName === DEV_NULL ? undefined : p.oldFileName;
    const newName = p.newFileName === DEV_NULL ? undefined : p.newFileName;
    const prefixed = oldName?.startsWith("a/") !== false && newName?.startsWith("b/") !== false;
    const [o, n] = [oldName, newName].map((name) => (name !== undefined && prefixed ? name.slice(2) : name));
    const path = n ?? o;
    if (path === undefined) return [];
    const status: FileStatus = n === undefined ? "deleted" : o === undefined ? "added" : o !== n ? "renamed" : "modified";
    const { added, hunks } = status === "deleted" ? { added: [], hunks: [] } : collectRanges(p.hunks);
    return [{ path, ...(status === "renamed" ? { oldPath: o } : {}), status, binary: false, added, hunks }];
  });
}

function rangesOf(lines: string[], path: string): { added: LineRange[]; hunks: LineRange[] } {
  const first = lines.findIndex((l) => l.startsWith("@@ "));
  if (first < 0) return { added: [], hunks: [] };
  return collectRanges(parseHunks(lines.slice(first), path).flatMap((p) => p.hunks));
}

type Patch = ReturnType<typeof parsePatch>[number];

function parseHunks(lines: string[], path: string | undefined): Patch[] {
  // parsePatch reads an empty line as a context line whose space was stripped, except the very
  // last line, which is the end of the text: end with "" so a real final line is never mistaken.
  const text = lines[lines.length - 1] === "" ? lines.join("\n") : lines.join("\n") + "\n";
  try {
    return parsePatch(text);
  } catch (error) {
    const where = path === undefined ? "" : ` in ${path}`;
    throw new DiffParseError(`malformed diff${where}: ${(error as Error).message}`, path);
  }
}

function collectRanges(hunks: Patch["hunks"]): { added: LineRange[]; hunks: LineRange[] } {
  const added: LineRange[] = [];
  const extents: LineRange[] = [];
  for (const hunk of hunks) {
    if (hunk.newLines > 0) extents.push({ start: hunk.newStart, end: hunk.newStart + hunk.newLines - 1 });
    let line = hunk.newStart;
    for (const text of hunk.lines) {
      const op = text[0] ?? " ";
      if (op === "+") pushLine(added, line);
      if (op === "+" || op === " ") line++;
    }
  }
  return { added: merge(added), hunks: extents.sort((a, b) => a.start - b.start) };
}

function pushLine(ranges: LineRange[], line: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.end + 1 === line) last.end = line;
  else ranges.push({ start: line, end: line });
}

function merge(ranges: LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: LineRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/**
 * A path listed twice (git shows a type change, e.g. symlink to file, as a deletion plus an
 * addition) keeps the surviving side, with ranges merged.
 */
function addChange(changes: ChangeSet, change: FileChange): void {
  const prior = changes.get(change.path);
  if (!prior || prior.status === "deleted") return void changes.set(change.path, change);
  if (change.status === "deleted") return;
  changes.set(change.path, {
    ...prior,
    binary: prior.binary || change.binary,
    added: merge([...prior.added, ...change.added]),
    hunks: [...prior.hunks, ...change.hunks].sort((a, b) => a.start - b.start),
  });
}
