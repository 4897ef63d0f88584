import type { ImportTable } from "../imports.js";
import { enclosingFunction } from "./syntax.js";
import { dottedName } from "../imports.js";
import type { SyntaxNode } from "../types.js";
import {
  CODE_EVAL, CURSOR_NAME, DESERIALIZERS, EXTRA_SQL_ARGS, FILE_OPENERS, FILE_RESPONSE, FORMAT_HTML, HTTP_CLIENTS, HTTP_RESPONSE,
  MARK_SAFE, FIELD_NAME_METHODS, fixedTarget, PATHLIB_METHODS, QUERYSET_METHODS, QUERYSET_RECEIVER, RAW_SQL, REDIRECTS, RESPONSE_NAME,
  SAFE_YAML_LOADER, SESSION_METHODS, SHELL_ALWAYS, STORAGE_METHODS, SUBPROCESS, YAML_LOAD,
  HTML_RESPONSE_SUBCLASSES, TEMPLATE_COMPILERS, TEMPLATE_FROM_STRING,
} from "./models.js";
import { keysTaint } from "./taint-values.js";
import type { SinkKind, Taint, TemplateLanguage } from "./types.js";

export interface ArgValue {
  node: SyntaxNode;
  taint: Taint | null;
}

export interface CallArgs {
  positional: ArgValue[];
  keywords: Map<string, ArgValue>;
  splats: (ArgValue & { kind: "*" | "**" })[];
}

/** A sink found at a call or assignment, with the value that reaches it (null: decided by the caller). */
export interface SinkSite {
  kind: SinkKind;
  sink: string;
  node: SyntaxNode;
  taint: Taint | null;
  /** For a template compiler: the template language, when known. */
  template?: TemplateLanguage;
}

const SINK_METHODS = new Set(["order_by", "values_list", "only", "defer", "distinct", "raw", "create", "filter", "exclude", "get", "update", "get_or_create", "update_or_create", "aggregate", "annotate", "values"]);

const short = (s: string) => {
  const t = s.replace(/\s+/g, "");
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
};

function arg(args: CallArgs, index: number, ...names: string[]): ArgValue | undefined {
  if (index >= 0 && args.positional[index]) return args.positional[index];
  for (const n of names) {
    const v = args.keywords.get(n);
    if (v) return v;
  }
  return undefined;
}

function plausibleCursor(recv: SyntaxNode | null, cursors: Set<string>): boolean {
  if (!recv) return false;
  if (recv.type === "call") {
    const fn = recv.childForFieldName("function");
    return fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "cursor";
  }
  const name = recv.type === "identifier" ? recv.text : recv.type === "attribute" ? recv.childForFieldName("attribute")?.text : undefined;
  if (!name) return false;
  return cursors.has(recv.text) || CURSOR_NAME.test(name);
}

/** `response = {}` or `response = dict(...)` in the enclosing function: a mapping named like a response (later sent as JSON). */
function boundToMapping(name: SyntaxNode): boolean {
  const fn = enclosingFunction(name);
  if (!fn) return false;
  const escaped = name.text.replace(/[^\w]/g, "");
  return new RegExp(`^[ \\t]*${escaped}[ \\t]*(?::[^=\\n]*)?=[ \\t]*(?:\\{|dict\\()`, "m").test(fn.text);
}

function isResponseObject(node: SyntaxNode | null, responses: Set<string>): boolean {
  if (!node) return false;
  if (node.type === "identifier") return responses.has(node.text) || (RESPONSE_NAME.test(node.text) && !boundToMapping(node));
  // `response.headers[...]`
  if (node.type === "attribute" && node.childForFieldName("attribute")?.text === "headers") {
    return isResponseObject(node.childForFieldName("object"), responses);
  }
  return false;
}

/** The sinks of one call, given the already-evaluated arguments. */
export function checkCallSinks(
  call: SyntaxNode,
  q: string | undefined,
  fn: SyntaxNode | null,
  recv: SyntaxNode | null,
  method: string,
  recvTaint: Taint | null,
  args: CallArgs,
  imports: ImportTable,
  objects: { cursors: Set<string>; responses: Set<string>; clients: Set<string>; paths: Set<string> },
  ev: (node: SyntaxNode) => Taint | null,
): SinkSite[] {
  const { cursors, responses, clients, paths } = objects;
  const out: SinkSite[] = [];
  // Reading node text is costly in node-tree-sitter: only sinks that fire pay for it.
  const site = (kind: SinkKind, value: ArgValue | Taint | null | undefined, sink?: string, at: SyntaxNode = call) => {
    const taint = value && "node" in value ? value.taint : (value as Taint | null | undefined);
    if (taint) out.push({ kind, sink: sink ?? (fn ? short(fn.text) : ""), node: at, taint });
  };
  const templateSite = (engine: EngineKind, value: ArgValue | undefined, sink?: string) => {
    const before = out.length;
    site("code", value, sink);
    if (out.length > before && engine !== "unknown" && engine !== "sandboxed") out[before].template = engine;
  };

  if (q) {
    if (RAW_SQL.has(q)) site("sql", arg(args, 0, "sql"));
    else if (MARK_SAFE.has(q) || q === FORMAT_HTML) site("html", arg(args, 0, "s", "format_string"));
    else if (q === HTTP_RESPONSE || HTML_RESPONSE_SUBCLASSES.has(q)) {
      const ct = args.keywords.get("content_type")?.node;
      const htmlContent = !ct || /html/i.test(ct.text) ;
      const constantType = !ct || ct.type === "string";
      if (htmlContent && constantType) site("html", arg(args, 0, "content"));
    } else if (SHELL_ALWAYS.has(q)) site("command", arg(args, 0, "command", "cmd"));
    else if (SUBPROCESS.has(q)) {
      const program = arg(args, 0, "args");
      const shell = args.keywords.get("shell")?.node.text;
      if (shell === "True") site("command", program);
      else if (program?.taint && !program.taint.head && !program.taint.argvTail) {
        // Without a shell only the program itself is dangerous: `[tainted, ...]` or a tainted string.
        const first = program.node.type === "list" || program.node.type === "tuple" ? program.node.namedChildren[0] : undefined;
        site("command", first ? ev(first) : program.taint);
      }
    } else if (CODE_EVAL.has(q)) site("code", arg(args, 0, "source", "expression"), q.replace(/^builtins\./, ""));
    else if (TEMPLATE_COMPILERS.has(q)) templateSite(TEMPLATE_COMPILERS.get(q)!, arg(args, 0, "template_string", "source"));
    else if (DESERIALIZERS.has(q)) site("deserialization", arg(args, 0, "data", "file", "s"));
    else if (YAML_LOAD.has(q)) {
      const loader = arg(args, 1, "Loader");
      const loaderName = loader ? (imports.qualifyNode(loader.node) ?? loader.node.text) : "";
      if (!SAFE_YAML_LOADER.test(loaderName)) site("deserialization", arg(args, 0, "stream"));
    } else if (REDIRECTS.has(q)) {
      const to = arg(args, 0, "to", "redirect_to");
      if (to?.taint && !fixedTarget(to.taint.head, "redirect")) site("redirect", to);
    } else if (FILE_OPENERS.has(q)) site("path", arg(args, 0, "file", "filename", "path", "src"), q.replace(/^builtins\./, ""));
    else if (q === FILE_RESPONSE) {
      const first = arg(args, 0, "streaming_content");
      if (first && first.node.type !== "call") site("path", first);
    } else if (HTTP_CLIENTS.has(q)) {
      const url = arg(args, HTTP_CLIENTS.get(q)!, "url");
      if (url?.taint && !fixedTarget(url.taint.head, "ssrf")) site("ssrf", url);
    } else if (q === "builtins.setattr") {
      // `setattr(obj, f"notify_on_{kind}", False)`: a fixed name prefix leaves the client a choice only among the
      // attributes the code named that way, not `is_staff` or `owner`.
      const name = arg(args, 1, "name");
      if (!namedFamily(name?.taint?.head)) site("mass-assignment", name, "setattr");
    }
    if (/^django\.http\.\w*Response\w*$/.test(q) || q === "rest_framework.response.Response") {
      const headers = args.keywords.get("headers");
      if (headers?.taint && headers.node.type === "dictionary") {
        // `headers={"Name": value}`: one site per tainted entry, at the entry, so the header's name is known.
        for (const p of headers.node.namedChildren) {
          const v = p.type === "pair" ? p.childForFieldName("value") : null;
          if (v) site("header", ev(v), `${short(fn?.text ?? "")}(headers=...)`, p);
        }
      } else if (headers?.taint) site("header", headers, `${short(fn?.text ?? "")}(headers=...)`);
    }
    modelConstructor(q, fn, args, site);
  }
  if (!out.length && fn?.type === "attribute" && recv) {
    let engine: EngineKind | undefined;
    const recvText = SINK_METHODS.has(method) ? recv.text.replace(/\s+/g, "") : "";
    // `Model.objects.order_by(request.GET["sort"])`: the client picks fields, and lookups across relations.
    if (FIELD_NAME_METHODS.has(method) && (QUERYSET_RECEIVER.test(recvText) || /(?:^|\.|_)qs$/.test(recvText) || /\.(?:filter|exclude|all|annotate|select_related|prefetch_related)\(/.test(recvText))) {
      for (const a of args.positional) site("orm-field", a, `${method}`);
      for (const s of args.splats) if (s.kind === "*") site("orm-field", s, `${method}`);
    }
    if (method === "raw" && QUERYSET_RECEIVER.test(recvText)) site("sql", arg(args, 0, "raw_query"));
    else if ((method === "execute" || method === "executemany") && plausibleCursor(recv, cursors)) site("sql", arg(args, 0, "sql", "operation"));
    else if (method === "extra") {
      for (const k of EXTRA_SQL_ARGS) site("sql", args.keywords.get(k));
    } else if (QUERYSET_METHODS.has(method) && QUERYSET_RECEIVER.test(recvText)) {
      for (const s of args.splats) if (s.kind === "**") site("mass-assignment", keysTaint(s.taint));
      // `update_or_create(sku=sku, defaults=request.POST.dict())` sets every key of `defaults`.
      for (const k of ["defaults", "create_defaults"]) {
        const v = args.keywords.get(k);
        if (v) site("mass-assignment", keysTaint(v.taint));
      }
    } else if (method === "update" && /(^|\.)__dict__$/.test(recvText)) {
      const v = arg(args, 0);
      if (v) site("mass-assignment", keysTaint(v.taint));
    } else if (STORAGE_METHODS.has(method) && /(^|_)storage$/i.test(dottedName(recv) ?? "")) site("path", arg(args, 0, "name"));
    else if (PATHLIB_METHODS.has(method) && recvTaint && isPathExpression(recv, imports, paths)) {
      site("path", recvTaint, recv.type === "identifier" ? `${recv.text}.${method}` : `Path(...).${method}`);
    } else if (method === "setdefault" && isResponseObject(recv, responses)) site("header", arg(args, 1), `${short(recv.text)}.setdefault`);
    else if (TEMPLATE_FROM_STRING.has(method) && (engine = templateEngine(recv, imports)) && engine !== "sandboxed") {
      templateSite(engine, arg(args, 0, "template_code", "source"), `${short(recv.text)}.${method}`);
    }
    else if (SESSION_METHODS.has(method) && recv.type === "identifier" && clients.has(recv.text)) {
      const url = arg(args, SESSION_METHODS.get(method)!, "url");
      if (url?.taint && !fixedTarget(url.taint.head, "ssrf")) site("ssrf", url);
    }
  }
  return out;
}

/** What compiles a template from a string: an engine of a known language, a Jinja2 sandbox, or an engine of either. */
type EngineKind = TemplateLanguage | "sandboxed" | "unknown";

// Modules whose objects compile templates, by what they compile. Jinja2's sandbox first: it lives inside `jinja2`.
const ENGINE_MODULES: readonly [RegExp, EngineKind][] = [
  [/^jinja2\.sandbox(?:\.|$)/, "sandboxed"],
  [/^(?:jinja2|django\.template\.backends\.jinja2)(?:\.|$)/, "jinja2"],
  [/^django\.template(?:\.|$)/, "django"],
];
// A name that says it holds a template engine or environment (`env`, `jinja_env`, `template_engine`, `get_engine()`).
const ENGINE_NAME = /env|engine|jinja|templat/i;

/**
 * What the receiver of `.from_string(text)` is, or undefined when it is no template engine: `engines["django"]`,
 * `Engine.get_default()` (Django); `jinja2.Environment(...)`, `engines["jinja2"]` (Jinja2); a `SandboxedEnvironment`
 * (sandboxed); a name the module binds to one of those; or a name that says it holds an engine (`env`,
 * `self.jinja_env`, `get_template_engine()`: Jinja2 when it says so, else unknown). `Key.from_string(text)` of an id
 * library parses a key: a class imported from elsewhere, or named otherwise, is not an engine.
 */
function templateEngine(recv: SyntaxNode, imports: ImportTable, depth = 0): EngineKind | undefined {
  let node: SyntaxNode | null = recv;
  let key: string | undefined;
  for (let step = 0; node && step < 20; step++) {
    if (node.type === "call") node = node.childForFieldName("function");
    else if (node.type === "subscript") {
      key ??= node.childForFieldName("subscript")?.text;
      node = node.childForFieldName("value");
    } else if (node.type === "parenthesized_expression") node = node.namedChildren[0] ?? null;
    else if (node.type === "identifier" || node.type === "attribute") {
      const q = imports.qualifyNode(node);
      const known = q === undefined ? undefined : ENGINE_MODULES.find(([re]) => re.test(q))?.[1];
      // `engines[alias]`: Django's engines by the alias settings give them, `django` and `jinja2` by default.
      if (known) return known === "django" && /\.engines$/.test(q!) && key !== undefined ? enginesEntry(key) : known;
      const bound = q === undefined && depth < 2 ? boundEngine(node, imports, depth) : undefined;
      if (bound) return bound;
      const last = node.type === "attribute" ? node.childForFieldName("attribute")?.text : node.text;
      if (ENGINE_NAME.test(last ?? "")) return /jinja/i.test(last ?? "") ? "jinja2" : "unknown";
      // `Engine.get_default()`, `env.overlay()`: what the method is called on names the engine.
      if (q === undefined && node.type === "attribute") node = node.childForFieldName("object");
      else return undefined;
    } else return undefined;
  }
  return undefined;
}

function enginesEntry(key: string): EngineKind {
  const alias = key.replace(/^[rbuf]*["']|["']$/gi, "");
  return alias === "django" ? "django" : /jinja/i.test(alias) ? "jinja2" : "unknown";
}

/**
 * What the module binds the name to (`env = SandboxedEnvironment()`, `self.env = jinja2.Environment()`): the
 * engine when every binding of it the module makes agrees, unknown when they differ, undefined with none.
 */
function boundEngine(name: SyntaxNode, imports: ImportTable, depth: number): EngineKind | undefined {
  if (name.type === "attribute" && name.childForFieldName("object")?.text !== "self") return undefined;
  let root = name;
  while (root.parent) root = root.parent;
  const kinds = new Set<EngineKind>();
  for (const a of root.descendantsOfType("assignment")) {
    const right = a.childForFieldName("right");
    if (a.childForFieldName("left")?.text !== name.text || !right) continue;
    const kind = templateEngine(right, imports, depth + 1);
    if (kind) kinds.add(kind);
  }
  return kinds.size > 1 ? "unknown" : [...kinds][0];
}

/**
 * A `pathlib` path: `Path(...)`, a name bound to one, or `path / part` joined onto one (parenthesised or not).
 * `settings.BASE_DIR / name` counts too: `/` between strings raises TypeError, so the left side is a path.
 */
export function isPathExpression(node: SyntaxNode | null, imports: ImportTable, paths: Set<string>): boolean {
  for (let depth = 0; node && depth < 50; depth++) {
    if (node.type === "identifier") return paths.has(node.text);
    if (node.type === "call") return /^pathlib\.(Pure|Posix|Windows)?Path$/.test(imports.qualifyNode(node.childForFieldName("function")) ?? "");
    if (node.type === "parenthesized_expression") node = node.namedChildren[0] ?? null;
    else if (node.type === "binary_operator" && node.childForFieldName("operator")?.type === "/") {
      const left = node.childForFieldName("left");
      if (left?.type === "attribute" && (imports.qualifyNode(left) ?? "").startsWith("django.conf.settings.")) return true;
      node = left;
    } else return false;
  }
  return false;
}

// `Order(**request.POST.dict())` for a model class defined here or imported from a models module.
function modelConstructor(q: string, fn: SyntaxNode | null, args: CallArgs, site: (k: SinkKind, v: Taint | null) => void): void {
  if (fn?.type !== "identifier" || !/^[A-Z]/.test(fn.text) || !/(^|\.)models\.[A-Z]\w*$/.test(q)) return;
  for (const s of args.splats) if (s.kind === "**") site("mass-assignment", keysTaint(s.taint));
}

// Attributes that grant rights or ownership on Django's models and common tenancy schemes.
const PRIVILEGED_ATTRIBUTES = [
  "is_staff", "is_superuser", "is_active", "is_admin", "password", "user", "user_id", "user_permissions", "groups", "owner", "owner_id",
  "email", "username", "id", "pk", "created_by", "organization", "organisation", "tenant", "account", "role", "permissions", "__class__", "__dict__",
];

/**
 * A fixed attribute-name prefix (`notify_on_`, `pref_`) that names a family of attributes none of which grants rights:
 * `is_` or `user_` would still reach `is_staff` or `user_permissions`.
 */
function namedFamily(head: string | undefined): boolean {
  if (!head || !/^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_$/.test(head)) return false;
  return !PRIVILEGED_ATTRIBUTES.some((a) => a.startsWith(head));
}

/** `response['X-Name'] = value`: a header sink when `obj` is a response. */
export function checkHeaderAssignment(target: SyntaxNode, obj: SyntaxNode | null, responses: Set<string>): SinkSite | null {
  if (!isResponseObject(obj, responses)) return null;
  const statement = target.parent?.type === "assignment" ? target.parent : target;
  return { kind: "header", sink: short(target.text), node: statement, taint: null };
}
