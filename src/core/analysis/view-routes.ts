import { pythonModuleName } from "./imports.js";
import type { SourceFile } from "./types.js";

/**
 * Which view-shaped code the project's URLconfs can reach. Django calls a view only when a URL pattern names it:
 * `path("x/", views.show)`, `re_path(r"^x$", show)`, `url(r"^x$", "app.views.show")`, `include(...)` of a URLconf
 * that does, `Show.as_view()`, a DRF router's `register(..., ShowViewSet)`, or a decorator applied right there
 * (`login_required(views.show)`). A module-level `def name(request, ...)` that no URLconf names is not a view: when
 * the only references to it are calls from other project code it is a helper, whose other parameters carry what its
 * callers pass (a model field, a computed path), not text captured from the URL; when nothing refers to it at all
 * (dead code, or a URL line commented out) no request reaches it.
 *
 * References are read per module, so `chapters.views.file_display` routed by `chapters/urls.py` says nothing of
 * `base.views.file_display`. Comments never count, and everything this cannot classify counts as routing: a dotted
 * or bare string naming the function (old-style `patterns()`, settings such as `CSRF_FAILURE_VIEW`), `getattr(views,
 * name)` or any other use of the module object itself, a dynamic import naming the module, a decorator that may
 * register the function (`@router.get`, `@receiver`), any reference that is neither a call nor in a URLconf, an
 * attribute `x.name` in a URLconf whose `x` is not a module the index can place. Pure: file texts only.
 */
export interface ViewRoutes {
  /** File path -> module-level functions taking `request` first that only project code calls (never a URLconf). */
  helpers: Record<string, string[]>;
  /**
   * File path -> module-level functions taking `request` first, and classes whose bases name a view, that nothing in
   * the project refers to in code (a commented-out URL line does not count). Left out unless the caller says the
   * files are the whole project and the root URLconf (`ROOT_URLCONF`) is among them.
   */
  unreferenced?: Record<string, string[]>;
}

/** One module-level candidate: a `def name(request, ...)` or a class whose bases name a view. */
interface Candidate {
  path: string;
  name: string;
  kind: "function" | "class";
  /** Set once some reference is routing or cannot be classified. */
  routed: boolean;
  calls: number;
}

interface Scanned {
  path: string;
  module: string;
  text: string;
  /** The text with comments and the contents of string literals blanked (offsets unchanged). */
  code: string;
  /** The values of the file's plain string literals. */
  strings: string[];
}

/**
 * Blanks comments and string contents so that names in them are not read as code (offsets stay the same; quotes are
 * kept). Collects each literal's text on the way. Linear, one pass.
 */
export function blankCommentsAndStrings(text: string): { code: string; strings: string[] } {
  const out: string[] = [];
  const strings: string[] = [];
  const n = text.length;
  let last = 0;
  const blank = (from: number, to: number) => {
    if (to <= from) return;
    const piece = text.slice(from, to);
    out.push(text.slice(last, from), piece.includes("\n") ? piece.replace(/[^\n]/g, " ") : " ".repeat(to - from));
    last = to;
  };
  const next = /[#"']/g;
  for (let m = next.exec(text); m; m = next.exec(text)) {
    const i = m.index;
    const c = text[i];
    if (c === "#") {
      const end = text.indexOf("\n", i);
      blank(i, end < 0 ? n : end);
      next.lastIndex = end < 0 ? n : end;
      continue;
    }
    const triple = text.startsWith(c.repeat(3), i);
    const q = triple ? c.repeat(3) : c;
    const start = i + q.length;
    let j = start;
    while (j < n) {
      const ch = text[j];
      if (ch === "\\") j += 2;
      else if (ch === c && (!triple || text.startsWith(q, j))) break;
      else if (!triple && ch === "\n") break;
      else j++;
    }
    const end = Math.min(j, n);
    strings.push(text.slice(start, end));
    blank(start, end);
    next.lastIndex = end + (end < n && text[end] !== "\n" ? q.length : 0);
  }
  out.push(text.slice(last));
  return { code: out.join(""), strings };
}

// A module-level `urlpatterns = [...]` (or `+=`, or annotated): the project has a URLconf.
const URLPATTERNS = /^urlpatterns\s*(?::[^=\n]*)?\+?=/m;
// Code that routes views: a URLconf, a route call (`path(`, `re_path(`, `url(`, `patterns(`), a `get_urls()` of an
// admin or app config, a router's `register(`. A reference anywhere in such a file counts as routing.
const ROUTING_FILE = /^urlpatterns\b|(?<![\w.])(?:re_path|url|path|patterns)\s*\(|\bdef\s+get_urls\b|\.register\s*\(|\bas_view\s*\(/m;
const FROM_IMPORT = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n\\]|\\\r?\n|\\.)*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+((?:[^\n\\]|\\\r?\n|\\.)*)/gm;
const VIEW_FUNCTION = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(\s*request\b/gm;
// A class with a base named like a view or viewset (`TemplateView`, `generic.DetailView`, `ModelViewSet`, `APIView`).
const VIEW_CLASS = /^class[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*(?:View|ViewSet)\b[^)]*)\)/gm;
const DOTTED = /(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g;
const CALL_AFTER = /\s*\(/y;
const DOT_AFTER = /\s*\./y;
const DYNAMIC_IMPORT = /\b(?:import_module|import_string|get_callable|__import__|locate|autodiscover_modules)\s*\(/g;
// Decorators that wrap a view without registering it anywhere; any other dotted decorator may register the function
// (`@router.get(...)`, `@register.simple_tag`, `@app.task`), and so may the bare ones named here.
const WRAPPING_DECORATORS = new Set([
  "login_required", "permission_required", "user_passes_test", "staff_member_required", "superuser_required", "csrf_exempt", "csrf_protect",
  "ensure_csrf_cookie", "requires_csrf_token", "require_POST", "require_GET", "require_safe", "require_http_methods", "never_cache", "cache_page",
  "cache_control", "vary_on_cookie", "vary_on_headers", "gzip_page", "condition", "etag", "last_modified", "xframe_options_exempt",
  "xframe_options_deny", "xframe_options_sameorigin", "sensitive_post_parameters", "sensitive_variables", "atomic", "non_atomic_requests",
  "api_view", "permission_classes", "authentication_classes", "throttle_classes", "renderer_classes", "parser_classes", "schema",
  "extend_schema", "swagger_auto_schema", "method_decorator", "wraps", "login_not_required",
]);
const REGISTERING_BARE = /^(?:receiver|register\w*|\w*task|route|get|post|put|patch|delete|expose|hook\w*|handler\w*|subscribe\w*|connect|command|job|action|\w*_route)$/;

/** The project module a dotted name refers to, by exact name or by suffix (a `src/` layout). */
class Modules {
  private readonly bySuffix = new Map<string, string[]>();
  constructor(files: readonly Scanned[]) {
    for (const f of files) {
      this.names.set(f.path, f.module);
      const parts = f.module.split(".");
      for (let k = 0; k < parts.length; k++) {
        const key = parts.slice(k).join(".");
        const list = this.bySuffix.get(key);
        if (list) list.push(f.path);
        else this.bySuffix.set(key, [f.path]);
      }
    }
  }
  private readonly names = new Map<string, string>();
  find(dotted: string): string[] {
    return this.bySuffix.get(dotted) ?? [];
  }
  /** The dotted name of the first of `paths`. */
  nameOf(paths: string[]): string {
    return this.names.get(paths[0]) ?? "";
  }
}

/** What a file's imports bind: local name -> project module files, or -> a name in project module files. */
interface Bindings {
  modules: Map<string, string[]>;
  /** First parts of dotted module bindings (`import a.b.views` binds `a.b.views`; `a` heads it). */
  dottedHeads: Set<string>;
  names: Map<string, { paths: string[]; name: string }>;
  stars: string[];
}

function absoluteModule(file: Scanned, dotted: string): string {
  const level = /^\.*/.exec(dotted)![0].length;
  if (!level) return dotted;
  const parts = file.module.split(".");
  // A package's `__init__.py` is its own package; a module's package is its parent.
  const pkg = file.path.endsWith("__init__.py") ? parts : parts.slice(0, -1);
  const base = pkg.slice(0, Math.max(0, pkg.length - (level - 1)));
  const rest = dotted.slice(level);
  return [...base, ...(rest ? [rest] : [])].join(".");
}

function readBindings(file: Scanned, modules: Modules): { bindings: Bindings; code: string } {
  const bindings: Bindings = { modules: new Map(), dottedHeads: new Set(), names: new Map(), stars: [] };
  const spans: [number, number][] = [];
  for (const m of file.code.matchAll(FROM_IMPORT)) {
    spans.push([m.index!, m.index! + m[0].length]);
    const from = absoluteModule(file, m[1]);
    for (const item of m[2].replace(/[()\\\n]/g, " ").split(",")) {
      const im = /^\s*(\w+|\*)(?:\s+as\s+(\w+))?\s*$/.exec(item);
      if (!im) continue;
      if (im[1] === "*") {
        bindings.stars.push(...modules.find(from));
        continue;
      }
      const local = im[2] ?? im[1];
      const sub = modules.find(from ? `${from}.${im[1]}` : im[1]);
      if (sub.length) bindings.modules.set(local, sub);
      const home = from ? modules.find(from) : [];
      if (home.length) bindings.names.set(local, { paths: home, name: im[1] });
    }
  }
  for (const m of file.code.matchAll(PLAIN_IMPORT)) {
    spans.push([m.index!, m.index! + m[0].length]);
    for (const item of m[1].replace(/[\\\n]/g, " ").split(",")) {
      const im = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(item);
      if (!im) continue;
      const paths = modules.find(im[1]);
      // `import a.b.views` binds the dotted name as written; `import a.b.views as v` binds `v`.
      if (!paths.length) continue;
      const local = im[2] ?? im[1];
      bindings.modules.set(local, paths);
      if (local.includes(".")) bindings.dottedHeads.add(local.slice(0, local.indexOf(".")));
    }
  }
  if (!spans.length) return { bindings, code: file.code };
  spans.sort((a, b) => a[0] - b[0]);
  const pieces: string[] = [];
  let last = 0;
  for (const [a, b] of spans) {
    if (a < last) continue;
    pieces.push(file.code.slice(last, a), file.code.slice(a, b).replace(/[^\n]/g, " "));
    last = b;
  }
  pieces.push(file.code.slice(last));
  return { bindings, code: pieces.join("") };
}

/** The decorator names right above a module-level definition at `offset`. */
function decoratorsAbove(code: string, offset: number): string[] {
  const out: string[] = [];
  let start = offset;
  for (;;) {
    if (start === 0) break;
    const prev = code.lastIndexOf("\n", start - 2);
    const line = code.slice(prev + 1, start - 1);
    if (!line.startsWith("@")) {
      // A decorator's arguments may span lines: keep going up through indented or closing lines.
      if (/^\s+\S|^[)\]]/.test(line) && out.length === 0 && /^@/m.test(code.slice(Math.max(0, prev - 400), prev))) {
        start = prev + 1;
        continue;
      }
      break;
    }
    const m = /^@\s*([\w.]+)/.exec(line);
    if (m) out.push(m[1]);
    start = prev + 1;
  }
  return out;
}

function registeringDecorator(dotted: string): boolean {
  const last = dotted.slice(dotted.lastIndexOf(".") + 1);
  if (WRAPPING_DECORATORS.has(last)) return false;
  return dotted.includes(".") || REGISTERING_BARE.test(last);
}

/** Reads the project's view-shaped functions and classes and how the rest of the project refers to them. */
export function viewRoutes(files: readonly SourceFile[], options: { wholeProject?: boolean } = {}): ViewRoutes | undefined {
  const python = files.filter((f) => f.path.endsWith(".py"));
  if (!python.some((f) => URLPATTERNS.test(f.text))) return undefined;
  const scanned: Scanned[] = python.map((f) => ({ path: f.path, module: pythonModuleName(f.path), text: f.text, ...blankCommentsAndStrings(f.text) }));
  const modules = new Modules(scanned);
  // Candidates by name, and by file.
  const byName = new Map<string, Candidate[]>();
  const byFile = new Map<string, Map<string, Candidate>>();
  const add = (c: Candidate) => {
    const list = byName.get(c.name);
    if (list) list.push(c);
    else byName.set(c.name, [c]);
    const own = byFile.get(c.path) ?? byFile.set(c.path, new Map()).get(c.path)!;
    const prev = own.get(c.name);
    // Defined twice in one module: the last definition wins at run time, but either may be meant; keep it routed.
    if (prev) prev.routed = true;
    else own.set(c.name, c);
  };
  for (const f of scanned) {
    if (!f.code.includes("request") && !f.code.includes("View")) continue;
    for (const m of f.code.matchAll(VIEW_FUNCTION)) {
      const c: Candidate = { path: f.path, name: m[1], kind: "function", routed: false, calls: 0 };
      if (decoratorsAbove(f.code, m.index!).some(registeringDecorator)) c.routed = true;
      add(c);
    }
    for (const m of f.code.matchAll(VIEW_CLASS)) {
      const c: Candidate = { path: f.path, name: m[1], kind: "class", routed: false, calls: 0 };
      if (decoratorsAbove(f.code, m.index!).some(registeringDecorator)) c.routed = true;
      add(c);
    }
  }
  if (!byName.size) return { helpers: {} };
  const candidatesIn = (paths: string[], name: string): Candidate[] => {
    const out: Candidate[] = [];
    for (const p of paths) {
      const c = byFile.get(p)?.get(name);
      if (c) out.push(c);
    }
    return out;
  };
  const unknownModules = new Set<string>();
  const bindingsByPath = new Map<string, Bindings>();
  const codeByPath = new Map<string, string>();
  for (const f of scanned) {
    const { bindings, code } = readBindings(f, modules);
    bindingsByPath.set(f.path, bindings);
    codeByPath.set(f.path, code);
  }
  // A module re-exporting a name (`views/__init__.py` doing `from .base import show`): `views.show` is `base.show`.
  const reexported = (paths: string[], name: string, depth = 0): Candidate[] => {
    const out = candidatesIn(paths, name);
    if (depth > 3) return out;
    for (const p of paths) {
      const b = bindingsByPath.get(p);
      const bound = b?.names.get(name);
      if (bound) out.push(...reexported(bound.paths, bound.name, depth + 1));
      if (b?.stars.length) out.push(...reexported(b.stars, name, depth + 1));
    }
    return out;
  };
  const exporting = new Map<string, boolean>();
  // The module defines a candidate or may re-export one (`from .base import show`, `from .base import *`).
  const exportsCandidates = (path: string): boolean => {
    let yes = exporting.get(path);
    if (yes === undefined) {
      const b = bindingsByPath.get(path);
      yes = byFile.has(path) || !!b?.stars.length || [...(b?.names.values() ?? [])].some((n) => byName.has(n.name));
      exporting.set(path, yes);
    }
    return yes;
  };
  for (const f of scanned) {
    const code = codeByPath.get(f.path)!;
    const bindings = bindingsByPath.get(f.path)!;
    const routing = ROUTING_FILE.test(code);
    const own = byFile.get(f.path);
    // Strings that name a candidate, bare, dotted or within an expression (`"app.views.show"`, `"show"`,
    // `"app.views:show"`, an access policy's `"has_obj_perms:app.view_x"`): unclassified.
    for (const s of f.strings) {
      if (s.length > 300) continue;
      for (const w of s.match(/\w+/g) ?? []) for (const c of byName.get(w) ?? []) c.routed = true;
    }
    if (own && /\b(?:globals|locals|vars)\s*\(\s*\)/.test(code)) unknownModules.add(f.path);
    // `import_module(f"{app}.views")`, `import_module("{}.{}".format(app, VIEWSETS_MODULE_NAME))`,
    // `autodiscover_modules("views")`: every module whose last part the call (or, for a name built at run time, a
    // string of this file) names may have its members read by name (`dir(module)`, `getattr(module, name)`).
    for (const m of code.matchAll(DYNAMIC_IMPORT)) {
      const arg = f.text.slice(m.index! + m[0].length, m.index! + m[0].length + 200);
      const literal = /^\s*["'][\w.:]+["']\s*[,)]/.test(arg);
      const words = new Set(arg.match(/\w+/g) ?? []);
      if (!literal) for (const str of f.strings) if (/^\w+$/.test(str)) words.add(str);
      for (const other of scanned) if (words.has(other.module.slice(other.module.lastIndexOf(".") + 1))) unknownModules.add(other.path);
    }
    // Nothing here can name a candidate: no candidate of its own, no URLconf, no import that could bring one in.
    if (!own && !routing && !bindings.stars.length && ![...bindings.names.values()].some((b) => byName.has(b.name)) && ![...bindings.modules.values()].some((paths) => paths.some(exportsCandidates))) continue;
    const calledAt = (end: number) => {
      CALL_AFTER.lastIndex = end;
      return CALL_AFTER.test(code);
    };
    for (const m of code.matchAll(DOTTED)) {
      const expr = m[0];
      const dot = expr.indexOf(".");
      let targets: Candidate[] = [];
      if (dot < 0) {
        const mod = bindings.modules.get(expr);
        if (mod) {
          DOT_AFTER.lastIndex = m.index! + expr.length;
          // The module object itself (`getattr(views, name)`, `include(views)`): its functions may be reached by name.
          if (!DOT_AFTER.test(code)) for (const p of mod) unknownModules.add(p);
          continue;
        }
        if (!byName.has(expr)) continue;
        const before = code.slice(Math.max(0, m.index! - 12), m.index!);
        if (/(?:^|\s)(?:def|class)\s+$/.test(before)) continue;
        const bound = bindings.names.get(expr);
        if (bound) targets = reexported(bound.paths, bound.name);
        else {
          const mine = own?.get(expr);
          if (mine) targets = [mine];
          else if (bindings.stars.length) targets = reexported(bindings.stars, expr);
        }
      } else {
        const first = expr.slice(0, dot);
        if (!bindings.modules.has(first) && !bindings.dottedHeads.has(first)) {
          // `ShowView.as_view()`, `show.csrf_exempt = True`: a use of the name `first` other than a call.
          const bound = byName.has(first) ? bindings.names.get(first) : undefined;
          const direct = bound ? reexported(bound.paths, bound.name) : byName.has(first) ? (own?.get(first) ? [own.get(first)!] : reexported(bindings.stars, first)) : [];
          for (const c of direct) c.routed = true;
          // `x.show` in a URLconf with `x` no import places: it may be any module's `show`.
          if (routing && first !== "self" && first !== "cls") for (const part of expr.slice(dot + 1).split(".")) for (const c of byName.get(part) ?? []) c.routed = true;
          continue;
        }
        // `views.show`, `app.views.show`, `views.sub.show`: the longest prefix that is a project module, then the name.
        const parts = expr.split(".");
        let k = 0;
        let mod: string[] | undefined;
        for (let j = parts.length - 1; j >= 1 && !mod; j--) {
          mod = bindings.modules.get(parts.slice(0, j).join("."));
          if (mod) k = j;
        }
        if (!mod) continue;
        let prefix = parts.slice(0, k).join(".");
        while (k < parts.length - 1) {
          // A submodule of the bound package (`views.sub.show`), read by its full dotted name.
          const deeper = modules.find(`${modules.nameOf(mod)}.${parts[k]}`);
          if (!deeper.length) break;
          mod = deeper;
          prefix += `.${parts[k]}`;
          k++;
        }
        targets = reexported(mod, parts[k]);
        if (!targets.length) continue;
        // Only `mod.name(...)` is a call of the function; `mod.name.attr` is some other use.
        if (k < parts.length - 1) {
          for (const c of targets) c.routed = true;
          continue;
        }
      }
      if (!targets.length) continue;
      const called = !routing && calledAt(m.index! + expr.length);
      for (const c of targets) {
        if (!called || c.kind === "class") c.routed = true;
        else c.calls++;
      }
    }
    // Bare names bound by an alias (`from .views import show as legacy`): read through the binding.
    for (const [local, bound] of bindings.names) {
      if (local === bound.name || !byName.has(bound.name)) continue;
      const re = new RegExp(`(?<![\\w.])${local}\\b(\\s*\\()?`, "g");
      for (const m of code.matchAll(re)) {
        for (const c of reexported(bound.paths, bound.name)) {
          if (routing || !m[1] || c.kind === "class") c.routed = true;
          else c.calls++;
        }
      }
    }
  }
  // A module read by name reads what it re-exports too (`viewsets/__init__.py` doing `from .user import GroupViewSet`).
  for (const pending = [...unknownModules]; pending.length; ) {
    const b = bindingsByPath.get(pending.pop()!);
    if (!b) continue;
    for (const bound of b.names.values()) for (const c of candidatesIn(bound.paths, bound.name)) c.routed = true;
    for (const star of b.stars) {
      if (unknownModules.has(star)) continue;
      unknownModules.add(star);
      pending.push(star);
    }
  }
  const helpers: Record<string, string[]> = {};
  const unreferenced: Record<string, string[]> = {};
  for (const [path, own] of byFile) {
    if (unknownModules.has(path)) continue;
    for (const c of own.values()) {
      if (c.routed) continue;
      if (c.calls > 0) {
        if (c.kind === "function") (helpers[path] ??= []).push(c.name);
      } else (unreferenced[path] ??= []).push(c.name);
    }
  }
  for (const list of [...Object.values(helpers), ...Object.values(unreferenced)]) list.sort();
  const out: ViewRoutes = { helpers };
  if (options.wholeProject && rootUrlconfVisible(scanned, modules)) out.unreferenced = unreferenced;
  return out;
}

/** Some settings module assigns `ROOT_URLCONF` a dotted module name, and that module is among the files. */
function rootUrlconfVisible(files: readonly Scanned[], modules: Modules): boolean {
  for (const f of files) {
    if (!f.code.includes("ROOT_URLCONF")) continue;
    for (const m of f.code.matchAll(/^ROOT_URLCONF\s*=\s*["']/gm)) {
      const value = /^["']([\w.]+)["']/.exec(f.text.slice(m.index! + m[0].length - 1))?.[1];
      if (value && modules.find(value).length) return true;
    }
  }
  return false;
}
