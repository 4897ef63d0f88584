import type { SourceFile } from "./types.js";

/**
 * Unnamed URL groups, mapped to the view parameters Django hands them to. A regex pattern with no named group passes
 * each capturing group, in the order of its opening parenthesis, as a positional argument after `request`
 * (`re_path(r"^s/(\w+)$", views.show)` calls `show(request, "abc")`); a pattern with a named group passes only the named
 * ones. A class-based view's handlers (`get(self, request, name)`) receive them the same way. An `include()` under a
 * prefix with unnamed groups puts the prefix's values first, so the routes of a module included that way are left
 * out (and every route is, when such an include names its module by anything but a dotted string).
 */

/** The bodies of a regex's capturing groups in order, or undefined when it has a named group (or is not readable here). */
export function unnamedGroups(re: string): string[] | undefined {
  const out: string[] = [];
  // Open groups: [start of the body, slot in `out`], slot -1 for a group that captures nothing.
  const open: [number, number][] = [];
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === "\\") i++;
    else if (c === "[") {
      i++;
      if (re[i] === "^") i++;
      if (re[i] === "]") i++;
      while (i < re.length && re[i] !== "]") i += re[i] === "\\" ? 2 : 1;
      if (i >= re.length) return undefined;
    } else if (c === "(") {
      if (re[i + 1] !== "?") open.push([i + 1, out.push("") - 1]);
      else if (re[i + 2] === "P" && re[i + 3] === "<") return undefined;
      else open.push([i + 1, -1]);
    } else if (c === ")") {
      const group = open.pop();
      if (group === undefined) return undefined;
      // Groups keep the order they open in, which is the order of `match.groups()`.
      if (group[1] >= 0) out[group[1]] = re.slice(group[0], i);
    }
  }
  return open.length ? undefined : out;
}

// Escapes a non-raw Python literal turns into other characters; the rest (`\d`, `\w`, `\.`) stay as written.
const PYTHON_ESCAPE = /[\n'"abfnrtv0-7xNuU]/;

/** The text of a Python string literal used as a regex, or undefined for a formatted one or an escape whose value differs. */
export function regexLiteral(prefix: string, quoted: string): string | undefined {
  if (/[fFbB]/.test(prefix)) return undefined;
  const body = quoted.slice(1, -1);
  if (/[rR]/.test(prefix) || !body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") out += body[i];
    else if (body[i + 1] === "\\") out += body[++i];
    else if (body[i + 1] === undefined || PYTHON_ESCAPE.test(body[i + 1])) return undefined;
    else out += "\\";
  }
  return out;
}

const STRING = `((?:[rRuU]|[rR][bB]|[bB][rR]|[fF][rR]?|[rR][fF])?)("[^"\\n]*"|'[^'\\n]*')`;
// `re_path(r"^s/(\w+)$", views.show` / `url(..., Show.as_view(` / `url(..., "app.views.show"` / `url(..., include(...`.
const REGEX_ROUTE = new RegExp(`\\b(?:re_path|url)\\(\\s*${STRING}\\s*,\\s*(?:(include)\\(\\s*(?:\\(\\s*)?(?:["']([\\w.]+)["'])?|([\\w.]+)\\.as_view\\(|["']?([\\w.]+)["']?\\s*[,)])`, "g");
// An old `patterns("", (r"^s/(\w+)$", "app.views.show"), ...)` entry.
const TUPLE_ROUTE = new RegExp(`(?<![\\w.\\]])\\(\\s*${STRING}\\s*,\\s*(?:(include)\\(\\s*(?:\\(\\s*)?(?:["']([\\w.]+)["'])?|([\\w.]+)\\.as_view\\(|["']?([\\w.]+)["']?\\s*[,)])`, "g");

interface Route {
  file: string;
  groups: string[] | undefined;
  include?: string | null;
  view?: string;
  cls?: boolean;
}

function routes(files: readonly SourceFile[]): Route[] {
  const out: Route[] = [];
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/\b(?:re_path|url|patterns)\(/.test(file.text)) continue;
    const res = file.text.includes("patterns(") ? [REGEX_ROUTE, TUPLE_ROUTE] : [REGEX_ROUTE];
    for (const re of res) {
      for (const m of file.text.matchAll(re)) {
        const text = regexLiteral(m[1], m[2]);
        const groups = text === undefined ? undefined : unnamedGroups(text);
        if (m[3]) out.push({ file: file.path, groups, include: m[4] ?? null });
        else if (m[5]) out.push({ file: file.path, groups, view: m[5].split(".").pop()!, cls: true });
        else out.push({ file: file.path, groups, view: m[6].split(".").pop()! });
      }
    }
  }
  return out;
}

/** The file of a dotted module name among the project's files. */
function moduleFile(files: readonly SourceFile[], module: string): string | undefined {
  const stem = module.split(".").join("/");
  return files.find((f) => f.path === `${stem}.py` || f.path.endsWith(`/${stem}.py`) || f.path.endsWith(`/${stem}/__init__.py`))?.path;
}

/** The parameters of a parameter list that take positional arguments, up to the first `*` or `/`. */
function positionalNames(list: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of list.split(",")) {
    const p = raw.trim();
    if (!p) continue;
    if (p.startsWith("*") || p === "/") break;
    const name = /^(\w+)\s*(?:[:=]|$)/.exec(p)?.[1];
    if (!name) return undefined;
    out.push(name);
  }
  return out;
}

const HANDLER = /^[ \t]+(?:async[ \t]+)?def[ \t]+(?:get|post|put|patch|delete|head|options)[ \t]*\(([^)]*)\)/gm;

/**
 * View parameters an unnamed group of some route fills, each with that group's body. A parameter a route fills
 * with an unnamed group, for a view the index cannot find or whose definitions disagree, is left out.
 */
export function positionalUrlCaptures(files: readonly SourceFile[]): [string, string][] {
  const all = routes(files);
  const withGroups = all.filter((r) => r.view && r.groups?.length);
  if (!withGroups.length) return [];
  // URLconf modules under an include() prefix that has unnamed groups, followed through their own includes.
  const prefixed = new Set<string>();
  for (const r of all) {
    if (r.include === undefined || !r.groups?.length) continue;
    const target = r.include === null ? undefined : moduleFile(files, r.include);
    if (target === undefined) return [];
    prefixed.add(target);
  }
  for (let grew = prefixed.size > 0; grew; ) {
    grew = false;
    for (const r of all) {
      if (r.include === undefined || !prefixed.has(r.file)) continue;
      const target = r.include === null ? undefined : moduleFile(files, r.include);
      if (target === undefined) return [];
      if (!prefixed.has(target)) {
        prefixed.add(target);
        grew = true;
      }
    }
  }
  const wanted = new Set(withGroups.map((r) => r.view!));
  // View name -> the positional parameter lists of its definitions (after `request`).
  const functions = new Map<string, (string[] | undefined)[]>();
  const classes = new Map<string, (string[] | undefined)[]>();
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    for (const m of file.text.matchAll(/^(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(([^)]*)\)/gm)) {
      if (!wanted.has(m[1])) continue;
      const names = positionalNames(m[2]);
      functions.set(m[1], [...(functions.get(m[1]) ?? []), names?.slice(1)]);
    }
    for (const m of file.text.matchAll(/^class[ \t]+(\w+)\b[^\n]*:/gm)) {
      if (!wanted.has(m[1])) continue;
      const rest = file.text.slice(m.index! + m[0].length);
      const end = rest.search(/\n(?=\S)/);
      const body = end < 0 ? rest : rest.slice(0, end);
      const lists = [...body.matchAll(HANDLER)].map((h) => positionalNames(h[1])?.slice(2));
      classes.set(m[1], [...(classes.get(m[1]) ?? []), ...(lists.length ? lists : [undefined])]);
    }
  }
  const out: [string, string][] = [];
  for (const r of withGroups) {
    if (prefixed.has(r.file)) continue;
    const lists = (r.cls ? classes : functions).get(r.view!);
    if (!lists?.length || lists.some((l) => l === undefined)) continue;
    r.groups!.forEach((body, i) => {
      const names = lists.map((l) => l![i]);
      // Every definition names the position alike (a class's handlers may differ: each gets the value).
      if (names.some((n) => n === undefined) || (!r.cls && new Set(names).size > 1)) return;
      for (const name of new Set(names)) out.push([name!, body]);
    });
  }
  return out;
}
