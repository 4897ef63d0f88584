import { formFieldKind, isDynamicForm, projectFormClass, type FormFacts } from "../form-fields.js";
import type { ImportTable } from "../imports.js";
import { dottedName } from "../imports.js";
import type { SyntaxNode, TraceStep } from "../types.js";
import {
  ALL_KINDS, NUMERIC_URL_PARAM, REDIRECT_METHODS, CLEAN_METHODS, ENCODING_METHODS, HTTP_SESSIONS, LOCAL_URL_GUARDS, REVERSE, SAFE_REDIRECT_HEAD, SAFE_URL_HEAD, GUARD_CALLS, GUARD_METHODS, PROPAGATORS, QUERY_ENCODERS, REQUEST_ATTRIBUTES, REQUEST_READERS, SANITIZERS,
  STRING_BUILDERS, VIEWS_MODULE,
  fixedTarget,
} from "./models.js";
import { checkCallSinks, checkHeaderAssignment, isPathExpression, type CallArgs, type SinkSite } from "./sinks.js";
import type { Taint, TaintHit } from "./types.js";
import { kindBit } from "./types.js";
import {
  cleared, commonFacts, copyEnv, dedupeSteps, derived, fixedKeys, joinEnvs, keysTaint, MAX_STEPS, mergeFacts, originClearsOf, replaceEnv, union, unionArgs, withStep,
  type Env, type Facts,
} from "./taint-values.js";
import {
  enclosingClass, fastDotted, isConstant, isModuleLevel, isRequestLike, isRequestName, lineOf, pair, parameters, sourceLabel,
  squash, stringText,
} from "./syntax.js";

// Expressions nested deeper than this are treated as clean: giving up is safe (no finding), overflowing is not.
const MAX_DEPTH = 120;
// Words that make a statement worth evaluating even when no variable in it is tainted: sources, and the
// constructors of objects the sinks track (cursors, responses, HTTP sessions, pathlib paths).
const CARRY_HINT = /\b(request|req)\s*\.\s*(GET|POST|COOKIES|META|headers|body|FILES|data|query_params|REQUEST|read|readline|readlines)\b|\bself\s*\.\s*(kwargs|args)\b|form\s*\.\s*data\b|cleaned_data|cursor|Response|Session|Client|PoolManager|Path|get_form\(/;
const IDENTIFIER = /[A-Za-z_]\w*/g;
/** Stands for clean text of unknown content in a value's known prefix. */
const CLEAN_TEXT = "\u0000";
/** A receiver that is a model's manager or a queryset: `Thing.objects`, `qs.filter(...)`, `self.get_queryset()`. */
const ORM_RECEIVER = /\b(?:objects|_default_manager|_base_manager)\b|\.(?:filter|exclude|all|select_related|prefetch_related|only|defer|annotate|order_by|using|get_queryset)\(|\bqueryset\b|_set\b/;
/** Models of Django and REST framework whose primary key is text: the session key, the API token's key. */
const TEXT_KEY_MODELS = new Set(["Session", "Token", "TokenProxy"]);
/** Django's URL resolver: it raises Resolver404 for any path the URLconf does not route. */
const URL_RESOLVERS = ["django.urls.resolve", "django.urls.base.resolve", "django.core.urlresolvers.resolve"];
const SOURCE_HINT = /\b(request|req)\s*\.\s*(GET|POST|COOKIES|META|headers|body|FILES|data|query_params|REQUEST|read|readline|readlines)\b|\bself\s*\.\s*(kwargs|args)\b|form\s*\.\s*data\b|cleaned_data/;
const VIEW_SIGNATURE = /\bdef\s+\w+\s*\(\s*(self\s*,\s*)?request\s*[,:]/;
const CALLED_NAME = /\b([A-Za-z_]\w*)\s*\(/g;
// A printf-style conversion: `%(key)`, flags, width (`*` takes an argument), precision, length, type.
const PERCENT_CONVERSION = /%(\([^)]*\))?([-#0 +]*[\d*]*(?:\.[\d*]*)?)[hlL]?([a-zA-Z%])/g;
const NUMERIC_CONVERSIONS = new Set(["d", "i", "o", "u", "x", "X", "e", "E", "f", "F", "g", "G"]);
// A format spec (`:>8.2f`) whose presentation type is numeric; nested `{}` fields are not read.
const NUMERIC_FORMAT_SPEC = /^:?(?:[^{}]?[<>=^])?[-+ ]?z?#?0?\d*[,_]?(?:\.\d+)?[bdoxXneEfFgG%]$/;

function isNumericFormatSpec(spec: string | undefined): boolean {
  return spec !== undefined && NUMERIC_FORMAT_SPEC.test(spec);
}
const HANDLER_METHODS = new Set([
  "get", "post", "put", "patch", "delete", "head", "options", "dispatch", "setup",
  "list", "retrieve", "create", "update", "partial_update", "destroy",
]);
const STATEMENT_CONTAINERS = new Set([
  "module", "block", "function_definition", "class_definition", "decorated_definition", "if_statement", "elif_clause",
  "else_clause", "try_statement", "except_clause", "except_group_clause", "finally_clause", "with_statement",
  "for_statement", "while_statement", "match_statement", "case_clause",
]);
const CONTAINER_WRITERS = new Set(["append", "extend", "insert", "add", "update", "appendleft", "setdefault"]);
const MAX_PARAMS = 30;
// Loops are walked twice so values tainted late in the body reach uses early in it; nested loops once.
const MAX_LOOP_REPEAT_DEPTH = 2;

interface ParamSink {
  param: number;
  site: SinkSite;
  steps: TraceStep[];
  clears: number;
}

interface Summary {
  returns: Taint | null;
  /**
   * The join of only the returned values that carry request data: a return of the caller's own values
   * (`attachment.get_absolute_url()`) adds request data only through the arguments, so it must not blur the
   * known prefix of the request data returned elsewhere (`reverse(...) + "?cursor=" + request.GET["cursor"]`).
   */
  originReturns: Taint | null;
  paramSinks: ParamSink[];
}

interface Frame {
  fn: SyntaxNode | null;
  classNode: SyntaxNode | null;
  summarising: boolean;
  returns: Taint | null;
  originReturns: Taint | null;
  paramSinks: ParamSink[];
  cursors: Set<string>;
  responses: Set<string>;
  /** Names holding HTTP client sessions (`requests.Session()`, `httpx.Client()`). */
  clients: Set<string>;
  /** Names holding `pathlib` paths (`Path(...)`, `base / name`), for their read and write methods. */
  paths: Set<string>;
  /** Names holding forms bound to request data (`f = ChoiceForm(request.POST)`): their `cleaned_data` is request data. */
  boundForms: Set<string>;
  /** Names holding an instance of a project form class the index knows (`form = SearchForm(request.GET)`) -> the class. */
  formClasses: Map<string, string>;
  /** First names of tainted dotted keys (`obj` for `obj.attr`), so statements reading them are evaluated. */
  taintedHeads: Set<string>;
  loopDepth: number;
  /**
   * `ok = url_has_allowed_host_and_scheme(url, ...)`: flag name -> the names the check proves safe when the
   * flag is true, with their values at the check (a later assignment to one of them voids the proof).
   */
  guardFlags: Map<string, GuardFlag[]>;
  /** Names the function writes under a constant string key (`data["site"] = ...`): their keys are tracked one by one. */
  keyed?: Set<string>;
}

interface GuardFlag {
  name: string;
  value: Taint | null;
  whenTrue: number;
  whenFalse: number;
}

interface FunctionInfo {
  node: SyntaxNode;
  classNode: SyntaxNode | null;
}

/** `s.replace(old, new)` outputs text of `s` and of `new` only: what it searches for never reaches the result. */
function replacementTaint(args: CallArgs): Taint | null {
  if (args.splats.length) return unionArgs(args);
  return derived(args.positional[1]?.taint ?? null);
}

/** A form constructed with request data: its first argument or its `data=` keyword carries request data. */
function boundToRequest(call: SyntaxNode, env: Env, ev: (n: SyntaxNode) => Taint | null): boolean {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const data = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "data")?.childForFieldName("value") ?? args.find((a) => a.type !== "keyword_argument" && a.type !== "comment");
  if (!data || data.type === "keyword_argument" || data.type === "list_splat" || data.type === "dictionary_splat") return false;
  return ev(data)?.origin !== undefined;
}

/** `x` in `x.lstrip("-")`, `x.strip()`, `x.lower()`: a check of the result constrains `x` to the same values, up to those characters or case. */
function strippedOperand(node: SyntaxNode): string | undefined {
  if (node.type !== "call") return undefined;
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute" || !/^(?:lstrip|rstrip|strip|lower|upper|casefold)$/.test(fn.childForFieldName("attribute")?.text ?? "")) return undefined;
  const args = node.childForFieldName("arguments")?.namedChildren ?? [];
  // Only fixed characters stripped: `x.lstrip("-")`, not `x.lstrip(other)`.
  if (args.length > 1 || (args[0] && args[0].type !== "string")) return undefined;
  return dottedName(fn.childForFieldName("object"));
}

const PATHLIB_CLASS = /^pathlib\.(?:Pure|Posix|Windows|PurePosix|PureWindows)?Path$/;

/** Whether the function assigns `name` from a call that resolves `..` (`os.path.realpath`, `abspath`, `normpath`, `Path.resolve`). */
function resolvedInFunction(fn: SyntaxNode | null, name: string): boolean {
  if (!fn) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^[ \\t]*${escaped}\\s*=[^\\n]*\\b(?:realpath|abspath|normpath|resolve)\\(`, "m").test(fn.text);
}

function sourceTaint(label: string, line: number, at?: SyntaxNode): Taint {
  return { origin: at ? { label, line, at } : { label, line }, params: 0, steps: [], clears: 0 };
}

/** Runs the analysis over a module: every function (and the module body), reporting sinks reached by request data. */
/**
 * True when `node` (`MODELS` or `self.MODELS`) names a dictionary literal with only string-literal keys,
 * assigned at module level or in the body of the class holding the method (`classNode`).
 */
function constantKeyDict(node: SyntaxNode | null, classNode: SyntaxNode | null): boolean {
  if (!node) return false;
  let name: string | undefined;
  let body: SyntaxNode | null | undefined;
  if (node.type === "identifier") {
    name = node.text;
    body = node.tree.rootNode;
  } else if (node.type === "attribute" && node.childForFieldName("object")?.text === "self") {
    name = node.childForFieldName("attribute")?.text;
    body = classNode?.childForFieldName("body");
  }
  if (!name || !body) return false;
  const values: SyntaxNode[] = [];
  for (const stmt of body.namedChildren) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type === "identifier" && left.text === name && right) values.push(right);
  }
  return (
    values.length === 1 &&
    values[0].type === "dictionary" &&
    values[0].namedChildren.length > 0 &&
    values[0].namedChildren.every((p) => p.type === "pair" && p.childForFieldName("key")?.type === "string" && !p.childForFieldName("key")!.text.includes("{"))
  );
}

/**
 * The value `self.<name>` reads when the class holding the method assigns `<name>` once in its body
 * (`redirect_url = reverse_lazy("home")`): a class attribute is evaluated at import, so it is code, not request
 * data. Methods that set `self.<name>` from request data are seen by the field analysis, which comes first.
 */
function classAttributeValue(node: SyntaxNode, classNode: SyntaxNode): SyntaxNode | undefined {
  if (node.childForFieldName("object")?.text !== "self") return undefined;
  const name = node.childForFieldName("attribute")?.text;
  const values: SyntaxNode[] = [];
  for (const stmt of classNode.childForFieldName("body")?.namedChildren ?? []) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type === "identifier" && left.text === name && right) values.push(right);
  }
  return values.length === 1 ? values[0] : undefined;
}

/**
 * The `name` of an uploaded file: Django's multipart parser keeps only the part after the last `/` or `\\` and
 * refuses `.` and `..`, and `UploadedFile` applies `os.path.basename()` again, so it cannot leave a directory it is
 * joined to. It is still the client's text for every other sink.
 */
function uploadName(t: Taint | null): Taint | null {
  return cleared(t, kindBit("path"));
}

/**
 * Whether a value is (an item of) `request.FILES`, or of DRF's `request.data`, whose multipart items are the same
 * `UploadedFile`s (its other items are strings, lists and dictionaries, which have no `.name`): its source is that
 * attribute.
 */
function fromUploadedFiles(t: Taint | null): boolean {
  const at = t?.origin?.at;
  if (at?.type !== "attribute") return false;
  const attr = at.childForFieldName("attribute")?.text;
  return attr === "FILES" || attr === "data";
}

/** An item of an iterated value: a container of dictionaries with fixed keys hands out such dictionaries. */
function itemOf(it: Taint | null): Taint | null {
  return it?.keysFixed ? withFixedKeys(derived(it), it) : derived(it);
}

/** `t` marked as a dictionary (or container of dictionaries) with the fixed key set of `like`. */
function withFixedKeys(t: Taint | null, like: Pick<Taint, "keysFixed" | "keyParams">): Taint | null {
  if (!t || !like.keysFixed) return t;
  return like.keyParams ? { ...t, keysFixed: true, keyParams: like.keyParams } : { ...t, keysFixed: true };
}

/** The keys of containers whose keys are all fixed (up to parameters): what `fixedKeys` makes of the keys of them all. */
function joinedKeys(items: (Taint | null)[]): Pick<Taint, "keysFixed" | "keyParams"> | null {
  let params = 0;
  for (const t of items) {
    if (!t) continue;
    if (!t.keysFixed) return null;
    params |= t.keyParams ?? 0;
  }
  return params ? { keysFixed: true, keyParams: params } : { keysFixed: true };
}

export class ModuleTaint {
  private readonly hits = new Map<string, TaintHit>();
  private readonly moduleFunctions = new Map<string, FunctionInfo>();
  private readonly methods = new Map<number, Map<string, FunctionInfo>>();
  private readonly summaries = new Map<number, Summary | "pending">();
  private readonly functions: FunctionInfo[] = [];
  /** Function nodes analysed (or being analysed) in report mode. */
  private readonly analysed = new Set<number>();
  /** Per class: what methods store in `self.<name>` (joined over all methods). */
  private readonly fields = new Map<number, Map<string, Taint | null>>();
  private readonly viewsModule: boolean;
  /** How often each name appears followed by `(` in the module text (built on first use). */
  private calledNames: Map<string, number> | undefined;
  /** Module-level names assigned a constant string once, e.g. `API = "https://api.example.com/"`. */
  private readonly constants = new Map<string, string | null>();
  /** Local names whose known prefix is being looked up (a guard against `a = b; b = a` cycles). */
  private readonly headLookups = new Set<string>();
  /** `soleAssignment()` answers by function id and name. */
  private readonly soleAssignments = new Map<string, SyntaxNode | null | undefined>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly imports: ImportTable,
    path: string,
    /** Some URL pattern of the project routes every path: `resolve()` proves nothing about a target. */
    private readonly catchAllRoute = false,
    /** Models (and their reverse managers) whose primary key holds text: see `ProjectIndex.textKeyModels`. */
    private readonly textKeyModels: ReadonlySet<string> = new Set(),
    /** The project's form classes and their fields' kinds: see `ProjectIndex.forms`. */
    private readonly forms: Record<string, FormFacts> = {},
  ) {
    this.viewsModule = VIEWS_MODULE.test(path);
  }

  run(): TaintHit[] {
    // Without a source or a view taking URL parameters, nothing in the module can reach a sink.
    const text = this.root.text;
    if (!SOURCE_HINT.test(text) && !(this.viewsModule && VIEW_SIGNATURE.test(text))) return [];
    this.index();
    this.collectConstants();
    this.analyseBody(this.root, null);
    for (const info of this.functions) this.analyseFunction(info);
    return [...this.hits.values()].sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  // One cursor walk over statements collects every function with its enclosing class. Expressions never
  // contain a `def`, so their subtrees are skipped, and only function nodes are materialised.
  private index(): void {
    const cursor = this.root.walk();
    for (;;) {
      const type = cursor.nodeType;
      if (type === "function_definition") {
        const node = cursor.currentNode;
        const info = { node, classNode: enclosingClass(node) };
        this.functions.push(info);
        const name = node.childForFieldName("name")?.text;
        if (name) {
          if (info.classNode) {
            let m = this.methods.get(info.classNode.id);
            if (!m) this.methods.set(info.classNode.id, (m = new Map()));
            m.set(name, info);
          } else if (isModuleLevel(node)) this.moduleFunctions.set(name, info);
        }
      }
      if (STATEMENT_CONTAINERS.has(type) && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  }

  private collectConstants(): void {
    for (const stmt of this.root.namedChildren) {
      if (stmt.type !== "expression_statement") continue;
      const a = stmt.namedChildren[0];
      if (a?.type !== "assignment") continue;
      const left = a.childForFieldName("left");
      if (left?.type !== "identifier") continue;
      const text = this.constantText(a.childForFieldName("right"), 0);
      // Assigned twice: not a constant.
      this.constants.set(left.text, this.constants.has(left.text) ? null : (text ?? null));
    }
  }

  /** The text of a constant string expression: literals, module constants and `+` of those. */
  private constantText(node: SyntaxNode | null, depth: number): string | undefined {
    if (!node || depth > 8) return undefined;
    if (node.type === "string") return stringText(node);
    if (node.type === "identifier") return this.constants.get(node.text) ?? undefined;
    if (node.type === "parenthesized_expression") return this.constantText(node.namedChildren[0] ?? null, depth + 1);
    if (node.type === "binary_operator" && node.childForFieldName("operator")?.type === "+") {
      const l = this.constantText(node.childForFieldName("left"), depth + 1);
      const r = l === undefined ? undefined : this.constantText(node.childForFieldName("right"), depth + 1);
      return l !== undefined && r !== undefined ? l + r : undefined;
    }
    return undefined;
  }

  private newFrame(fn: SyntaxNode | null, classNode: SyntaxNode | null, summarising: boolean): Frame {
    return { fn, classNode, summarising, returns: null, originReturns: null, paramSinks: [], cursors: new Set(), responses: new Set(), clients: new Set(), paths: new Set(), boundForms: new Set(), formClasses: this.viewForms(fn, classNode), taintedHeads: new Set(), loopDepth: 0, guardFlags: new Map() };
  }

  /** The project form class a name in source code (`SearchForm`, `forms.SearchForm`) constructs, if the index knows it. */
  private projectForm(fn: SyntaxNode | null | undefined): string | undefined {
    const dotted = fastDotted(fn);
    if (!dotted) return undefined;
    return projectFormClass(this.forms, dotted.slice(dotted.lastIndexOf(".") + 1), this.imports.qualify(dotted));
  }

  /**
   * In a method of a class-based view that sets `form_class = SomeForm`, the form `form_valid(self, form)` and
   * `form_invalid(self, form)` receive is one of that class.
   */
  private viewForms(fn: SyntaxNode | null, classNode: SyntaxNode | null): Map<string, string> {
    const out = new Map<string, string>();
    const method = fn?.childForFieldName("name")?.text;
    if (!classNode || (method !== "form_valid" && method !== "form_invalid")) return out;
    const form = this.formClassOf(classNode);
    const param = parameters(fn!)[1]?.name;
    if (form && param) out.set(param, form);
    return out;
  }

  /** The project form class a view class names in `form_class = ...` in its body, if the index knows it. */
  private formClassOf(classNode: SyntaxNode): string | undefined {
    for (const stmt of classNode.childForFieldName("body")?.namedChildren ?? []) {
      const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      if (a?.type === "assignment" && a.childForFieldName("left")?.text === "form_class") return this.projectForm(a.childForFieldName("right"));
    }
    return undefined;
  }

  private analyseBody(container: SyntaxNode, fn: FunctionInfo | null): void {
    const frame = this.newFrame(null, fn?.classNode ?? null, false);
    this.execBlock(container, new Map(), frame, 0);
  }

  private analyseFunction(info: FunctionInfo): void {
    if (this.analysed.has(info.node.id)) return;
    this.analysed.add(info.node.id);
    const frame = this.newFrame(info.node, info.classNode, false);
    const env: Env = new Map();
    const params = parameters(info.node);
    const offset = info.classNode ? 1 : 0;
    const isView = this.viewsModule && params[offset]?.name === "request" && this.isViewFunction(info);
    params.forEach((p, i) => {
      if (isView && i > offset && !NUMERIC_URL_PARAM.test(p.name)) env.set(p.name, sourceTaint(`URL parameter \`${p.name}\``, lineOf(info.node)));
      else env.set(p.name, null);
    });
    const body = info.node.childForFieldName("body");
    if (body && this.mayCarry(body, env, frame, SOURCE_HINT)) this.execBlock(body, env, frame, 0);
  }

  private readonly viewClasses = new Map<number, boolean>();

  /** A class-based view: in a views module, with a base class named like a view, viewset or mixin. */
  private isViewClass(classNode: SyntaxNode): boolean {
    let known = this.viewClasses.get(classNode.id);
    if (known === undefined) {
      const bases = classNode.childForFieldName("superclasses")?.text ?? "";
      known = this.viewsModule && /View|ViewSet|Mixin|Handler/.test(bases);
      this.viewClasses.set(classNode.id, known);
    }
    return known;
  }

  /**
   * Whether a function taking `request` first receives URL parameters after it. Views are wired up in
   * urls.py, so a function this module calls itself, or a `_private` one, is a helper; in classes only
   * the HTTP handlers (and DRF `@action`s) take URL parameters.
   */
  private isViewFunction(info: FunctionInfo): boolean {
    const name = info.node.childForFieldName("name")?.text ?? "";
    if (info.classNode) {
      if (HANDLER_METHODS.has(name)) return true;
      const deco = info.node.parent?.type === "decorated_definition" ? info.node.parent : null;
      return deco ? /@\s*(\w+\.)*(action|detail_route|list_route)\b/.test(deco.text.slice(0, deco.text.indexOf("def "))) : false;
    }
    if (name.startsWith("_")) return false;
    if (!this.calledNames) {
      this.calledNames = new Map();
      for (const m of this.root.text.matchAll(CALLED_NAME)) this.calledNames.set(m[1], (this.calledNames.get(m[1]) ?? 0) + 1);
    }
    // One occurrence is the `def` itself.
    return (this.calledNames.get(name) ?? 0) <= 1;
  }

  // `self.x` set in `setup()` and read in `get()`: analyse the class's other methods first (each once).
  private fieldTaint(classNode: SyntaxNode, dotted: string): Taint | null {
    for (const m of this.methods.get(classNode.id)?.values() ?? []) this.analyseFunction(m);
    return this.fields.get(classNode.id)?.get(dotted) ?? null;
  }

  private summary(info: FunctionInfo): Summary | null {
    const cached = this.summaries.get(info.node.id);
    if (cached === "pending") return null;
    if (cached) return cached;
    this.summaries.set(info.node.id, "pending");
    const frame = this.newFrame(info.node, info.classNode, true);
    const env: Env = new Map();
    const params = parameters(info.node);
    const offset = info.classNode ? 1 : 0;
    params.forEach((p, i) => {
      const index = i - offset;
      env.set(p.name, index >= 0 && index < MAX_PARAMS ? { params: 1 << index, steps: [], clears: 0 } : null);
    });
    const body = info.node.childForFieldName("body");
    if (body && this.mayCarry(body, env, frame, SOURCE_HINT)) this.execBlock(body, env, frame, 0);
    const result: Summary = { returns: frame.returns, originReturns: frame.originReturns, paramSinks: frame.paramSinks };
    this.summaries.set(info.node.id, result);
    return result;
  }

  // ---- statements ----

  /** Runs the statements of a block; true when control never falls through its end. */
  private execBlock(block: SyntaxNode, env: Env, f: Frame, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    for (const stmt of block.namedChildren) {
      if (this.execStatement(stmt, env, f, depth + 1)) return true;
    }
    return false;
  }

  /**
   * `uuid.UUID(value)` or `int(value)` as a statement of its own (in a `try`) raises unless the value has that
   * form: after it the name holds a value as safe as the call's result would be.
   */
  private validatedByCall(e: SyntaxNode, env: Env): void {
    if (e.type !== "call") return;
    const q = this.imports.qualifyNode(e.childForFieldName("function"));
    const mask = q === undefined ? undefined : SANITIZERS.get(q);
    const arg = e.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment");
    if (mask !== ALL_KINDS || arg?.type !== "identifier") return;
    const t = env.get(arg.text);
    if (t) env.set(arg.text, cleared(t, mask));
  }

  private clearName(name: string, env: Env): void {
    const t = env.get(name);
    if (t) env.set(name, cleared(t, SANITIZERS.get("builtins.int") ?? ALL_KINDS));
  }

  /**
   * `obj = Model.objects.get(pk=value)` (or `id=`, `pk__exact=`, `get_object_or_404(Model, pk=value)`) as a statement:
   * Django converts an integer or UUID key's lookup value with int()/uuid.UUID() and raises ValueError (or a
   * ValidationError) for anything else before the query runs, so once the statement has run, or in a handler of the
   * `DoesNotExist` it raises, the name holds digits (or a UUID's hex), nothing markup or a URL can be made of. Not
   * for models whose key holds text (see `ProjectIndex.textKeyModels`), nor Django's and REST framework's own
   * text-keyed models (`Session`, `Token`).
   */
  private keyLookup(e: SyntaxNode): { name: string; shortcut: boolean; orm: boolean } | undefined {
    const call = e.type === "assignment" ? e.childForFieldName("right") : e;
    if (call?.type !== "call") return undefined;
    const fn = call.childForFieldName("function");
    const args = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
    const shortcut = this.imports.is(fn, "django.shortcuts.get_object_or_404");
    let model: SyntaxNode | null | undefined;
    if (shortcut) model = args[0]?.type === "keyword_argument" ? args[0].childForFieldName("value") : args[0];
    else if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "get") model = fn.childForFieldName("object");
    else return undefined;
    let name: string | undefined;
    for (const a of args) {
      if (a.type === "list_splat" || a.type === "dictionary_splat") return undefined;
      if (a.type !== "keyword_argument") continue;
      const value = a.childForFieldName("value");
      if (/^(?:pk|id)(?:__exact)?$/.test(a.childForFieldName("name")?.text ?? "") && value?.type === "identifier") name = value.text;
    }
    if (!name || !model || this.textKeyed(model)) return undefined;
    return { name, shortcut, orm: ORM_RECEIVER.test(model.text) };
  }

  /** Whether the model a lookup runs on may have a text primary key, as far as its receiver names it. */
  private textKeyed(receiver: SyntaxNode): boolean {
    // `Model.objects.filter(...).get`, `user.baskets.all().get`: the chain's attribute names and its root name.
    const names: string[] = [];
    let n: SyntaxNode | null = receiver;
    while (n) {
      if (n.type === "call") n = n.childForFieldName("function");
      else if (n.type === "attribute") {
        names.push(n.childForFieldName("attribute")?.text ?? "");
        n = n.childForFieldName("object");
      } else {
        if (n.type === "identifier") names.push(n.text);
        break;
      }
    }
    return names.some((x) => this.textKeyModels.has(x) || TEXT_KEY_MODELS.has(x));
  }

  /** The name a `try` body's first statement proves numeric when its `DoesNotExist` (or `Http404`) handler runs. */
  private keyLookupHandled(body: SyntaxNode | null): { name: string; shortcut: boolean; orm: boolean } | undefined {
    const first = body?.namedChildren.find((c) => c.type !== "comment");
    if (first?.type !== "expression_statement" || first.namedChildren.length !== 1) return undefined;
    const looked = this.keyLookup(first.namedChildren[0]);
    if (!looked || rebinds(body!, looked.name)) return undefined;
    return looked;
  }

  /** Whether every exception an `except` clause names is the lookup's not-found error. */
  private catchesOnlyNotFound(clause: SyntaxNode, shortcut: boolean): boolean {
    const types = clause.namedChildren.find((x) => x.type !== "block" && x.type !== "comment");
    if (!types) return false;
    const value = types.type === "as_pattern" ? types.namedChildren[0] : types;
    const items = value?.type === "tuple" || value?.type === "parenthesized_expression" ? value.namedChildren : value ? [value] : [];
    return items.length > 0 && items.every((t) => {
      if (t.type === "attribute" && t.childForFieldName("attribute")?.text === "DoesNotExist") return true;
      if (this.imports.is(t, "django.core.exceptions.ObjectDoesNotExist")) return true;
      return shortcut && this.imports.is(t, "django.http.Http404");
    });
  }

  /**
   * `resolve(url)` (or `match = resolve(url)`) as a statement raises Resolver404 unless the value is a path this
   * site routes: after it the name is a local path, safe to redirect to. (`//evil.example/` and `/\\evil.example`
   * only resolve in a project with a catch-all route.)
   */
  private resolvedAsLocalPath(e: SyntaxNode, env: Env): void {
    if (this.catchAllRoute) return;
    const call = e.type === "assignment" ? e.childForFieldName("right") : e;
    if (call?.type !== "call" || !this.imports.is(call.childForFieldName("function"), ...URL_RESOLVERS)) return;
    const arg = call.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment");
    const t = arg?.type === "identifier" ? env.get(arg.text) : null;
    if (t && arg) env.set(arg.text, cleared(t, kindBit("redirect")));
  }

  /** A module function that resolves its first parameter (`try: return resolve(url).url_name == "x"`): a local-path check. */
  private resolvesFirstParameter(name: string): boolean {
    if (this.catchAllRoute) return false;
    const info = this.moduleFunctions.get(name);
    const first = info ? parameters(info.node)[0]?.name : undefined;
    if (!info || !first) return false;
    // Each handler must answer "no" (`except Resolver404: return False`), or the check means the opposite.
    const handlersRefuse = info.node.descendantsOfType("except_clause").every((c) => {
      const last = c.namedChildren.find((x) => x.type === "block")?.lastNamedChild;
      return last?.type === "raise_statement" || /^return(?:\s+(?:False|None))?$/.test(last?.text ?? "");
    });
    return handlersRefuse && info.node.descendantsOfType("call").some((c) => {
      const arg = c.childForFieldName("arguments")?.namedChildren[0];
      return arg?.type === "identifier" && arg.text === first && this.imports.is(c.childForFieldName("function"), ...URL_RESOLVERS);
    });
  }

  private execStatement(stmt: SyntaxNode, env: Env, f: Frame, depth: number): boolean {
    switch (stmt.type) {
      case "expression_statement":
        if (!this.mayCarry(stmt, env, f)) return false;
        for (const e of stmt.namedChildren) {
          this.evalStatementExpression(e, env, f, depth);
          this.validatedByCall(e, env);
          this.resolvedAsLocalPath(e, env);
          const looked = this.keyLookup(e);
          // A `.get(id=...)` whose receiver is not visibly a model's manager may be some API client's method.
          if (looked && (looked.shortcut || looked.orm)) this.clearName(looked.name, env);
        }
        return false;
      case "return_statement": {
        if (!this.mayCarry(stmt, env, f)) return true;
        const value = stmt.namedChildren[0];
        const t = value ? this.ev(value, env, f, depth) : null;
        if (value) f.returns = union(f.returns, t);
        if (t?.origin) f.originReturns = union(f.originReturns, t);
        // A view's `get_success_url()`/`get_redirect_url()` result is where Django redirects.
        const method = f.classNode && f.fn?.childForFieldName("name")?.text;
        if (t && method && REDIRECT_METHODS.has(method) && !fixedTarget(t.head, "redirect")) {
          this.reportSite({ kind: "redirect", sink: `${method}()`, node: stmt, taint: t }, t, f);
        }
        return true;
      }
      case "raise_statement":
        for (const c of stmt.namedChildren) this.ev(c, env, f, depth);
        return true;
      case "break_statement":
      case "continue_statement":
        return true;
      case "if_statement":
        return this.execIf(stmt, env, f, depth);
      case "for_statement":
      case "while_statement":
        this.execLoop(stmt, env, f, depth);
        return false;
      case "try_statement":
        return this.execTry(stmt, env, f, depth);
      case "with_statement":
        return this.execWith(stmt, env, f, depth);
      case "match_statement":
        return this.execMatch(stmt, env, f, depth);
      case "function_definition":
      case "class_definition": {
        const name = stmt.childForFieldName("name")?.text;
        if (name) env.set(name, null);
        return false;
      }
      case "decorated_definition": {
        const name = stmt.childForFieldName("definition")?.childForFieldName("name")?.text;
        if (name) env.set(name, null);
        for (const c of stmt.namedChildren) if (c.type === "decorator") this.ev(c.namedChildren[0] ?? c, env, f, depth);
        return false;
      }
      case "assert_statement":
      case "delete_statement":
      case "print_statement":
      case "exec_statement":
        for (const c of stmt.namedChildren) this.ev(c, env, f, depth);
        return false;
      default:
        return false;
    }
  }

  /** See `Frame.keyed`. */
  private keyedNames(f: Frame): Set<string> {
    if (!f.keyed) {
      f.keyed = new Set();
      const text = (f.fn ?? this.root).text;
      if (text.includes("]")) for (const m of text.matchAll(KEYED_WRITE)) f.keyed.add(m[1]);
    }
    return f.keyed;
  }

  /**
   * False when a simple statement can neither read request data nor move tainted values: it names no source,
   * no tainted variable, no local helper, and no object the sinks track. Most statements are like that, and
   * reading their text is far cheaper than walking their nodes. Asked of a whole function body before it
   * runs, with sources only as the `hint`: taint only ever starts at a source, a tainted parameter, a
   * local helper or a tainted field, all named in the body's text; without one, no value in the body is
   * ever tainted, and the objects the sinks track (cursors, responses) do not matter.
   */
  private mayCarry(stmt: SyntaxNode, env: Env, f: Frame, hint: RegExp = CARRY_HINT): boolean {
    const text = stmt.text;
    if (hint.test(text)) return true;
    const methods = f.classNode ? this.methods.get(f.classNode.id) : undefined;
    for (const m of text.matchAll(IDENTIFIER)) {
      const w = m[0];
      if (env.get(w) || f.taintedHeads.has(w) || this.moduleFunctions.has(w) || methods?.has(w) || f.guardFlags.has(w) || f.formClasses.has(w)) return true;
      if (w === "self" && f.classNode) {
        const field = /^\s*\.\s*(\w+)/.exec(text.slice((m.index ?? 0) + 4));
        if (field && (env.get(`self.${field[1]}`) || (!env.has(`self.${field[1]}`) && this.fieldTaint(f.classNode, `self.${field[1]}`)))) return true;
      }
    }
    return false;
  }

  private evalStatementExpression(e: SyntaxNode, env: Env, f: Frame, depth: number): void {
    if (e.type === "assignment") this.execAssignment(e, env, f, depth);
    else if (e.type === "augmented_assignment") {
      const left = e.childForFieldName("left");
      const right = e.childForFieldName("right");
      if (!left || !right) return;
      const t = this.ev(right, env, f, depth);
      const old = this.ev(left, env, f, depth);
      let joined = union(derived(old), derived(t));
      // `url += "?page=" + value` keeps the text `url` starts with, as `url = url + ...` does.
      if (joined && e.childForFieldName("operator")?.type === "+=") {
        joined = { ...joined, head: old ? old.head : (this.constantHeadIn(left, env, f) ?? CLEAN_TEXT) + (t?.head ?? "") };
      }
      this.bind(left, joined, env, f, depth, e);
    } else this.ev(e, env, f, depth);
  }

  private execAssignment(node: SyntaxNode, env: Env, f: Frame, depth: number): void {
    // `a = b = value`: the innermost right side is the value, every left side gets it.
    const targets: SyntaxNode[] = [];
    let cur: SyntaxNode | null = node;
    let right: SyntaxNode | null = null;
    while (cur && cur.type === "assignment") {
      const [left, r] = pair(cur, "left", "right");
      if (left) targets.push(left);
      right = r;
      cur = right;
      if (targets.length > MAX_DEPTH) return;
    }
    if (!right) return;
    const keyed = targets.filter((x) => x.type === "identifier" && this.keyedNames(f).has(x.text)).map((x) => x.text);
    const perKey = keyed.length && right.type === "dictionary" ? new Map<string, Taint | null>() : undefined;
    const t = perKey ? this.evDict(right, env, f, depth + 1, perKey) : this.ev(right, env, f, depth);
    for (const target of targets) this.bindWithValue(target, right, t, env, f, depth, node);
    for (const name of keyed) trackKeys(env, name, perKey && !perKey.has(ANY_KEY) ? perKey : undefined, t);
    this.trackObjects(targets, right, env, f);
    // `Model = MODELS[kind]` with MODELS a dictionary of literal keys: past this line (a KeyError otherwise),
    // `kind` is one of those keys.
    if (right.type === "subscript") {
      const key = right.childForFieldName("subscript");
      const d = key?.type === "identifier" ? key.text : undefined;
      if (d && env.get(d) && constantKeyDict(right.childForFieldName("value"), f.classNode)) env.set(d, null);
    }
  }

  // Remembers which names hold database cursors and HTTP responses, for the SQL and header sinks.
  private trackObjects(targets: SyntaxNode[], right: SyntaxNode, env: Env, f: Frame): void {
    if (isPathExpression(right, this.imports, f.paths)) for (const t of targets) if (t.type === "identifier") f.paths.add(t.text);
    if (right.type !== "call") return;
    const fn = right.childForFieldName("function");
    // `choices = ChoiceQuestionForm(request.POST)`: a form class (named `...Form`/`...FormSet`) bound to request data.
    const formClass = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    if (formClass && /^[A-Z]\w*Form(?:Set)?$/.test(formClass) && boundToRequest(right, env, (n) => this.ev(n, env, f, 0))) {
      for (const target of targets) if (target.type === "identifier") f.boundForms.add(target.text);
    } else for (const target of targets) if (target.type === "identifier") f.boundForms.delete(target.text);
    // `form = SearchForm(request.GET)`, `form = self.get_form()` in a view with `form_class = SearchForm`.
    const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    const known = method === "get_form" && f.classNode && fn?.childForFieldName("object")?.text === "self" ? this.formClassOf(f.classNode) : this.projectForm(fn);
    for (const target of targets) {
      if (target.type !== "identifier") continue;
      if (known) f.formClasses.set(target.text, known);
      else f.formClasses.delete(target.text);
    }
    const isCursor = fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "cursor";
    const dotted = fastDotted(fn);
    const q = (dotted && this.imports.qualify(dotted)) ?? "";
    if (GUARD_CALLS.has(q) && targets.length === 1 && targets[0].type === "identifier") {
      f.guardFlags.set(targets[0].text, this.guardFacts(right, f).map(([name, m]) => ({ name, value: env.get(name) ?? null, ...m })));
    }
    const isResponse = /^django\.(http\.\w*Response\w*|shortcuts\.(render|redirect))$|^rest_framework\.response\.Response$/.test(q);
    const isClient = HTTP_SESSIONS.has(q);
    for (const t of targets) {
      if (t.type !== "identifier") continue;
      if (isCursor) f.cursors.add(t.text);
      if (isResponse) f.responses.add(t.text);
      if (isClient) f.clients.add(t.text);
    }
  }

  private bindWithValue(target: SyntaxNode, right: SyntaxNode, t: Taint | null, env: Env, f: Frame, depth: number, at: SyntaxNode): void {
    const isSeqTarget = target.type === "pattern_list" || target.type === "tuple_pattern" || target.type === "list_pattern" || target.type === "tuple" || target.type === "list";
    const isSeqValue = right.type === "expression_list" || right.type === "tuple" || right.type === "list";
    if (isSeqTarget && isSeqValue) {
      const ts = target.namedChildren;
      const vs = right.namedChildren;
      if (ts.length === vs.length && !ts.some((x) => x.type === "list_splat_pattern")) {
        ts.forEach((x, i) => this.bindWithValue(x, vs[i], this.ev(vs[i], env, f, depth), env, f, depth, at));
        return;
      }
    }
    this.bind(target, t, env, f, depth, at);
  }

  /** Binds an assignment target to a value. */
  private bind(target: SyntaxNode, t: Taint | null, env: Env, f: Frame, depth: number, at: SyntaxNode): void {
    const type = target.type;
    if (type === "identifier" && env.has(`${target.text}${ANY_KEY}`)) untrackKeys(env, target.text);
    if (!t && type === "identifier") {
      env.set(target.text, null);
      f.guardFlags.delete(target.text);
      return;
    }
    const line = t ? lineOf(at) : 0;
    switch (type) {
      case "identifier": {
        f.guardFlags.delete(target.text);
        let value = t;
        if (value?.origin && !value.origin.name) value = { ...value, origin: { ...value.origin, name: target.text } };
        env.set(target.text, withStep(value, line, `stored in \`${target.text}\``));
        return;
      }
      case "attribute": {
        const d = dottedName(target);
        if (!d) return;
        let named = t;
        if (named?.origin && !named.origin.name) named = { ...named, origin: { ...named.origin, name: squash(d, 40) } };
        const value = withStep(named, line, `stored in \`${squash(d, 40)}\``);
        env.set(d, value);
        if (value) f.taintedHeads.add(d.split(".")[0]);
        if (f.classNode && !f.summarising && /^self\.\w+$/.test(d)) {
          let m = this.fields.get(f.classNode.id);
          if (!m) this.fields.set(f.classNode.id, (m = new Map()));
          m.set(d, union(m.get(d) ?? null, value));
        }
        return;
      }
      case "subscript": {
        const [obj, ...index] = target.namedChildren;
        let key: Taint | null = null;
        for (const c of index) key = union(key, this.ev(c, env, f, depth));
        this.reportSite(checkHeaderAssignment(target, obj, f.responses), t, f);
        let keysTracked = obj?.type === "identifier" && env.has(`${obj.text}${ANY_KEY}`) ? tracked(env, obj.text) : undefined;
        // A name holding nothing tainted so far has nothing tainted under any key: its keys are tracked from here.
        if (keysTracked === undefined && obj?.type === "identifier" && !env.get(obj.text) && this.keyedNames(f).has(obj.text)) {
          trackKeys(env, obj.text, new Map(), null);
          keysTracked = true;
        }
        const d = dottedName(obj);
        if (d && t) {
          const before = env.get(d) ?? null;
          const after = union(derived(before), derived(t));
          // `data['owner'] = x` with a key the code chose adds one known key: a container built by the
          // code (`{}`, `form.cleaned_data`) or with fixed keys keeps a fixed key set.
          // A key read from a parameter (`data[field] = value`) is fixed once the caller passes a fixed one.
          const keys = !before ? fixedKeys(key) : joinedKeys([before, { params: 0, steps: [], clears: 0, ...fixedKeys(key) }]);
          env.set(d, keys?.keysFixed ? withFixedKeys(after, keys) : after);
          f.taintedHeads.add(d.split(".")[0]);
        }
        writeKey(env, obj, index, t, keysTracked, this.keyedNames(f));
        return;
      }
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "parenthesized_expression": {
        // A sequence with fixed keys holds only containers whose keys the code fixed (or clean items), so each
        // unpacked item keeps that: `lookups, kw = self.build(request)` and then `filter(**kw)`.
        const item = t?.keysFixed ? withFixedKeys(derived(t), t) : derived(t);
        for (const c of target.namedChildren) this.bind(c, item, env, f, depth, at);
        return;
      }
      case "list_splat_pattern":
      case "as_pattern_target":
        for (const c of target.namedChildren) this.bind(c, derived(t), env, f, depth, at);
        return;
      default:
        return;
    }
  }

  private execIf(stmt: SyntaxNode, env: Env, f: Frame, depth: number): boolean {
    const outs: Env[] = [];
    let rest = env;
    let hasElse = false;
    const branch = (condition: SyntaxNode | null, body: SyntaxNode | null) => {
      // The condition runs first: a walrus in it binds for both branches.
      if (condition) this.ev(condition, rest, f, depth);
      const thenEnv = copyEnv(rest);
      if (condition) {
        rest = copyEnv(rest);
        this.applyGuard(condition, thenEnv, rest, f);
      }
      if (!body || !this.execBlock(body, thenEnv, f, depth)) outs.push(thenEnv);
    };
    branch(stmt.childForFieldName("condition"), stmt.childForFieldName("consequence"));
    for (const alt of stmt.namedChildren) {
      if (alt.type === "elif_clause") branch(alt.childForFieldName("condition"), alt.childForFieldName("consequence"));
      else if (alt.type === "else_clause") {
        hasElse = true;
        const body = alt.childForFieldName("body");
        if (!body || !this.execBlock(body, rest, f, depth)) outs.push(rest);
      }
    }
    if (!hasElse) outs.push(rest);
    if (!outs.length) return true;
    replaceEnv(env, joinEnvs(outs));
    return false;
  }

  /** Cleans guarded names: in `thenEnv` when the condition holds, in `elseEnv` when it does not. */
  private applyGuard(cond: SyntaxNode, thenEnv: Env, elseEnv: Env, f: Frame): void {
    const facts = this.conditionFacts(cond, 0, thenEnv, f);
    const apply = (e: Env, m: Facts) => {
      for (const [name, mask] of m) {
        const cur = e.get(name);
        if (cur && mask) e.set(name, cleared(cur, mask));
      }
    };
    apply(thenEnv, facts.whenTrue);
    apply(elseEnv, facts.whenFalse);
  }

  /**
   * What a condition proves about names when it is true and when it is false: name -> sink kinds the
   * value is then safe for. `a and b` true proves both, false proves only what both failures prove;
   * `or` the other way round. A false bare name is empty or None, which carries nothing.
   */
  private conditionFacts(cond: SyntaxNode, depth: number, env: Env, f: Frame): { whenTrue: Facts; whenFalse: Facts } {
    const none = { whenTrue: new Map(), whenFalse: new Map() };
    if (depth > 16) return none;
    let node = cond;
    while (node.type === "parenthesized_expression" && node.namedChildren[0]) node = node.namedChildren[0];
    if (node.type === "not_operator") {
      const arg = node.childForFieldName("argument");
      if (!arg) return none;
      const inner = this.conditionFacts(arg, depth + 1, env, f);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    if (node.type === "boolean_operator") {
      const op = node.childForFieldName("operator")?.type;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (!left || !right) return none;
      const a = this.conditionFacts(left, depth + 1, env, f);
      const b = this.conditionFacts(right, depth + 1, env, f);
      if (op === "and") return { whenTrue: mergeFacts(a.whenTrue, b.whenTrue), whenFalse: commonFacts(a.whenFalse, b.whenFalse) };
      if (op === "or") return { whenTrue: commonFacts(a.whenTrue, b.whenTrue), whenFalse: mergeFacts(a.whenFalse, b.whenFalse) };
      return none;
    }
    if (node.type === "identifier" || node.type === "attribute") {
      const d = fastDotted(node);
      if (!d) return none;
      const out = { whenTrue: new Map<string, number>(), whenFalse: new Map([[d, ALL_KINDS]]) };
      for (const g of f.guardFlags.get(d) ?? []) {
        if ((env.get(g.name) ?? null) !== g.value) continue;
        if (g.whenTrue) out.whenTrue.set(g.name, g.whenTrue);
        if (g.whenFalse) out.whenFalse.set(g.name, (out.whenFalse.get(g.name) ?? 0) | g.whenFalse);
      }
      return out;
    }
    const out = { whenTrue: new Map<string, number>(), whenFalse: new Map<string, number>() };
    for (const [name, mask] of this.guardFacts(node, f, env)) {
      if (mask.whenTrue) out.whenTrue.set(name, mask.whenTrue);
      if (mask.whenFalse) out.whenFalse.set(name, mask.whenFalse);
    }
    return out;
  }

  /**
   * Whether `node` is a value the request does not carry: a literal, or a name or attribute the analysis holds
   * clean (`settings.SITE_TOKEN`, `request.site.verification_code`, `obj.slug`). Equal to it, a request value is
   * that value.
   */
  private serverValue(node: SyntaxNode, env: Env | undefined, f: Frame): boolean {
    if (isConstant(node)) return true;
    if (!env || (node.type !== "identifier" && node.type !== "attribute")) return false;
    // A parameter of a helper holds whatever its callers pass, request data included.
    const head = fastDotted(node)?.split(".")[0];
    if (head && !/^(self|cls|request)$/.test(head) && f.fn && parameters(f.fn).some((p) => p.name === head)) return false;
    return this.ev(node, copyEnv(env), f, 0) === null;
  }

  /** Names a condition proves safe, with the sink kinds they are safe for when it is true (or false). */
  private guardFacts(node: SyntaxNode, f: Frame, env?: Env): [string, { whenTrue: number; whenFalse: number }][] {
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      const q = this.imports.qualifyNode(fn);
      const args = node.childForFieldName("arguments");
      // A module's own copy of Django's check (`is_safe_url` was removed in Django 4.0, and projects vendor it).
      const localGuard = fn?.type === "identifier" && ((LOCAL_URL_GUARDS.has(fn.text) && this.moduleFunctions.has(fn.text)) || this.resolvesFirstParameter(fn.text));
      if ((q && GUARD_CALLS.has(q)) || localGuard) {
        const mask = localGuard ? kindBit("redirect") : GUARD_CALLS.get(q!)!;
        let target: SyntaxNode | undefined;
        for (const a of args?.namedChildren ?? []) {
          if (a.type === "keyword_argument") {
            if (a.childForFieldName("name")?.text === "url") target = a.childForFieldName("value") ?? undefined;
          } else if (!target) target = a;
        }
        const d = dottedName(target);
        return d ? [[d, { whenTrue: mask, whenFalse: 0 }]] : [];
      }
      if (q === "re.fullmatch" || q === "re.match") {
        const d = dottedName(args?.namedChildren[1]);
        const pattern = args?.namedChildren[0]?.text ?? "";
        // Only anchored patterns prove the whole value matches.
        if (d && (q === "re.fullmatch" || /\$['"]$/.test(pattern))) return [[d, { whenTrue: ALL_KINDS, whenFalse: 0 }]];
        return [];
      }
      if (fn?.type === "attribute") {
        const method = fn.childForFieldName("attribute")?.text ?? "";
        const d = dottedName(fn.childForFieldName("object"));
        if (d && GUARD_METHODS.has(method)) return [[d, { whenTrue: ALL_KINDS, whenFalse: 0 }]];
        if (d && method === "startswith") {
          // A fixed `https://host/` prefix also settles where a URL points.
          const prefix = this.constantText(args?.namedChildren[0] ?? null, 0) ?? "";
          // A path keeps to a folder by its prefix only once `..` is resolved (`path = os.path.realpath(...)` first).
          const resolved = resolvedInFunction(f.fn, d) ? kindBit("path") : 0;
          const mask = resolved | (SAFE_URL_HEAD.test(prefix) ? kindBit("ssrf") : 0) | (SAFE_REDIRECT_HEAD.test(prefix) ? kindBit("redirect") : 0);
          return [[d, { whenTrue: mask, whenFalse: 0 }]];
        }
        // `path.is_relative_to(base)` on a path resolved first (`path = (base / name).resolve()`): inside the folder.
        if (d && method === "is_relative_to") return [[d, { whenTrue: resolvedInFunction(f.fn, d) ? kindBit("path") : 0, whenFalse: 0 }]];
        // `pattern.fullmatch(value)` with a compiled pattern.
        if (method === "fullmatch") {
          const v = dottedName(args?.namedChildren[0]);
          if (v) return [[v, { whenTrue: ALL_KINDS, whenFalse: 0 }]];
        }
      }
      return [];
    }
    if (node.type === "comparison_operator") {
      const ops = node.children.filter((c) => !c.isNamed).map((c) => c.type);
      const operands = node.namedChildren;
      if (operands.length !== 2) return [];
      // `os.path.commonpath([base, p]) == base` (either order, or `!=` then raise) on a resolved path: inside `base`.
      const contained = this.containedNames(operands, f);
      if (contained.length) {
        const op = ops.join(" ");
        const mask = op === "==" ? { whenTrue: kindBit("path"), whenFalse: 0 } : op === "!=" ? { whenTrue: 0, whenFalse: kindBit("path") } : undefined;
        return mask ? contained.map((n) => [n, mask] as [string, { whenTrue: number; whenFalse: number }]) : [];
      }
      const host = this.parsedHostOf(operands[0]);
      if (host) {
        // `urlparse(url).hostname in ALLOWED_HOSTS` settles where the URL points, nothing more.
        const where = kindBit("ssrf") | kindBit("redirect");
        const op = ops.join(" ");
        if (op === "in" || op === "==") return [[host, { whenTrue: where, whenFalse: 0 }]];
        if (op === "not in" || op === "!=") return [[host, { whenTrue: 0, whenFalse: where }]];
        return [];
      }
      // `sort.lstrip("-") in ALLOWED`: the value is an allowed one after a prefix of dashes (a descending order).
      const stripped = strippedOperand(operands[0]);
      const d = dottedName(operands[0]) ?? (stripped && /in$/.test(ops.join(" ")) ? stripped : undefined);
      const op = ops.join(" ");
      // `token != settings.VERIFICATION_TOKEN` (either way round): past the check the value is the server's own.
      if (op === "==" || op === "!=") {
        const [value, other] = d && this.serverValue(operands[1], env, f) ? [d, operands[1]] : [dottedName(operands[1]), operands[0]];
        if (!value || !this.serverValue(other, env, f)) return [];
        return [[value, op === "==" ? { whenTrue: ALL_KINDS, whenFalse: 0 } : { whenTrue: 0, whenFalse: ALL_KINDS }]];
      }
      if (!d) return [];
      // Membership bounds the value only when the collection is the code's own (`ALLOWED`, `self.filter_fields`,
      // a model's field names): `key in request.GET` or `key in data` with `data` read from the request bounds nothing.
      if ((op === "in" || op === "not in") && env && this.ev(operands[1], copyEnv(env), f, 0)?.origin) return [];
      if (op === "in") return [[d, { whenTrue: ALL_KINDS, whenFalse: 0 }]];
      if (op === "not in") return [[d, { whenTrue: 0, whenFalse: ALL_KINDS }]];
      // `if value is None: return value` hands back None, not the request's text.
      const singleton = ["none", "true", "false"].includes(operands[1].type);
      if (ops.join(" ") === "is" && singleton) return [[d, { whenTrue: ALL_KINDS, whenFalse: 0 }]];
      if (ops.join(" ") === "is not" && singleton) return [[d, { whenTrue: 0, whenFalse: ALL_KINDS }]];
    }
    return [];
  }

  /**
   * The names a containment check confines: in `os.path.commonpath([base, p]) == base` (also `commonprefix`, and the
   * operands either way round) the names `p` is built from, when `p` is resolved (`realpath`/`abspath`/`normpath`/
   * `resolve()`, a storage's `path()`, which is Django's `safe_join`, or a name assigned one of these in the function).
   * Without the resolution, `base/../x` shares the prefix and the check proves nothing.
   */
  private containedNames(operands: readonly SyntaxNode[], f: Frame): string[] {
    const [call, base] = operands[0].type === "call" ? [operands[0], operands[1]] : [operands[1], operands[0]];
    if (call.type !== "call") return [];
    const q = this.imports.qualifyNode(call.childForFieldName("function"));
    if (!q || !/^(?:os\.path|posixpath|ntpath)\.common(?:path|prefix)$/.test(q)) return [];
    const seq = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
    if (seq.length !== 1 || (seq[0].type !== "list" && seq[0].type !== "tuple")) return [];
    const items = seq[0].namedChildren.filter((a) => a.type !== "comment");
    const squash = (n: SyntaxNode) => n.text.replace(/\s+/g, "");
    if (items.length !== 2) return [];
    const at = items.findIndex((i) => squash(i) === squash(base));
    if (at < 0) return [];
    const path = items[1 - at];
    const d = dottedName(path);
    if (d) return resolvedInFunction(f.fn, d) ? [d] : [];
    if (path.type !== "call") return [];
    const fn = path.childForFieldName("function");
    const resolving = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text.replace(/^.*\./, "");
    if (!resolving || !/^(?:realpath|abspath|normpath|resolve|path|safe_join)$/.test(resolving)) return [];
    // The names the resolved path is built from: `realpath(join(base, name))` confines `name`.
    const names: string[] = [];
    const visit = (n: SyntaxNode, depth: number) => {
      if (depth > 6) return;
      const dn = n.type === "identifier" || n.type === "attribute" ? dottedName(n) : undefined;
      if (dn) names.push(dn);
      else if (n.type === "call") {
        const callee = n.childForFieldName("function");
        if (callee?.type === "attribute") visit(callee.childForFieldName("object")!, depth + 1);
        for (const a of n.childForFieldName("arguments")?.namedChildren ?? []) visit(a, depth + 1);
      } else if (n.type === "binary_operator" || n.type === "parenthesized_expression" || n.type === "argument_list") for (const c of n.namedChildren) visit(c, depth + 1);
    };
    visit(path, 0);
    return names;
  }

  /** The URL name in `urlparse(url).hostname` / `.netloc` (also `urlsplit`), or undefined. */
  private parsedHostOf(node: SyntaxNode): string | undefined {
    if (node.type !== "attribute") return undefined;
    const attr = node.childForFieldName("attribute")?.text;
    const call = node.childForFieldName("object");
    if ((attr !== "hostname" && attr !== "netloc") || call?.type !== "call") return undefined;
    if (!this.imports.is(call.childForFieldName("function"), "urllib.parse.urlparse", "urllib.parse.urlsplit")) return undefined;
    const args = call.childForFieldName("arguments")?.namedChildren ?? [];
    return args.length === 1 ? dottedName(args[0]) : undefined;
  }

  private execLoop(stmt: SyntaxNode, env: Env, f: Frame, depth: number): void {
    const body = stmt.childForFieldName("body");
    const repeats = f.loopDepth < MAX_LOOP_REPEAT_DEPTH ? 2 : 1;
    f.loopDepth++;
    let cur = env;
    for (let i = 0; i < repeats; i++) {
      const e = copyEnv(cur);
      if (stmt.type === "for_statement") {
        const right = stmt.childForFieldName("right");
        const left = stmt.childForFieldName("left");
        const it = right ? this.ev(right, e, f, depth) : null;
        if (left) this.bindLoopTarget(left, right, it, e, f, depth, stmt);
      } else {
        const cond = stmt.childForFieldName("condition");
        if (cond) this.ev(cond, e, f, depth);
      }
      if (body) this.execBlock(body, e, f, depth);
      cur = joinEnvs([cur, e]);
    }
    f.loopDepth--;
    const alt = stmt.childForFieldName("alternative");
    const altBody = alt?.childForFieldName("body");
    if (altBody) this.execBlock(altBody, cur, f, depth);
    replaceEnv(env, cur);
  }

  /**
   * Binds the target of `for target in right` to an item of `it`. Iterating `d.keys()` or `d.items()` of a
   * dictionary whose keys the code fixed hands out those keys: `for name, value in data.items()` binds `name` to
   * what the keys carry (nothing, or the parameters they come from) and `value` to the values.
   */
  private bindLoopTarget(left: SyntaxNode, right: SyntaxNode | null, it: Taint | null, env: Env, f: Frame, depth: number, at: SyntaxNode): void {
    const method = right?.type === "call" && !right.childForFieldName("arguments")?.namedChildren.length ? right.childForFieldName("function") : null;
    const name = method?.type === "attribute" ? method.childForFieldName("attribute")?.text : undefined;
    const recv = name === "items" || name === "keys" ? method!.childForFieldName("object") : null;
    const dict = recv ? this.ev(recv, env, f, depth) : null;
    if (dict?.keysFixed) {
      const keys = keysTaint(dict);
      const pattern = left.type === "pattern_list" || left.type === "tuple_pattern" || left.type === "list_pattern" || left.type === "tuple" || left.type === "list" ? left.namedChildren : null;
      if (name === "keys") {
        this.bind(left, keys, env, f, depth, at);
        return;
      }
      if (pattern?.length === 2 && !pattern.some((p) => p.type === "list_splat_pattern")) {
        this.bind(pattern[0], keys, env, f, depth, at);
        this.bind(pattern[1], derived(dict), env, f, depth, at);
        return;
      }
    }
    // `for name in form.cleaned_data:` iterates the keys: the form's fields.
    if (it?.form !== undefined && right?.type !== "call") {
      this.bind(left, keysTaint(it), env, f, depth, at);
      return;
    }
    this.bind(left, itemOf(it), env, f, depth, at);
  }

  /**
   * An item of `value[key]`. Of a form's `cleaned_data`, under a literal key naming a field that cleans to one of a
   * closed set of server-defined values (a `ChoiceField`, a `ModelChoiceField`, a `ModelForm` field of a model field
   * with `choices=`): the value can name no field or lookup the form did not list, so it is no mass assignment and no
   * field name the client chose.
   */
  private cleanedItem(t: Taint | null, key: SyntaxNode | undefined): Taint | null {
    const item = derived(t);
    if (!t?.form || key?.type !== "string") return item;
    const field = stringText(key);
    if (field === undefined || formFieldKind(this.forms, t.form, field) !== "choice") return item;
    return cleared(item, kindBit("mass-assignment") | kindBit("orm-field"));
  }

  private execTry(stmt: SyntaxNode, env: Env, f: Frame, depth: number): boolean {
    const before = copyEnv(env);
    const outs: Env[] = [];
    let bodyEnv = env;
    let finallyBlock: SyntaxNode | null = null;
    const body = stmt.childForFieldName("body");
    const looked = this.keyLookupHandled(body);
    const bodyEnds = body ? this.execBlock(body, bodyEnv, f, depth) : false;
    const handlerStart = joinEnvs([before, copyEnv(bodyEnv)]);
    let elseDone = false;
    for (const c of stmt.namedChildren) {
      if (c.type === "except_clause" || c.type === "except_group_clause") {
        const e = copyEnv(handlerStart);
        if (looked && this.catchesOnlyNotFound(c, looked.shortcut)) this.clearName(looked.name, e);
        const block = c.namedChildren.find((x) => x.type === "block");
        const value = c.namedChildren.find((x) => x.type === "as_pattern");
        const alias = value?.childForFieldName("alias");
        if (alias) this.bind(alias, null, e, f, depth, c);
        if (!block || !this.execBlock(block, e, f, depth)) outs.push(e);
      } else if (c.type === "else_clause") {
        const b = c.childForFieldName("body");
        elseDone = true;
        if (!bodyEnds && (!b || !this.execBlock(b, bodyEnv, f, depth))) outs.push(bodyEnv);
      } else if (c.type === "finally_clause") finallyBlock = c.namedChildren.find((x) => x.type === "block") ?? null;
    }
    if (!elseDone && !bodyEnds) outs.push(bodyEnv);
    if (!outs.length) {
      if (finallyBlock) this.execBlock(finallyBlock, env, f, depth);
      return true;
    }
    bodyEnv = joinEnvs(outs);
    const ends = finallyBlock ? this.execBlock(finallyBlock, bodyEnv, f, depth) : false;
    replaceEnv(env, bodyEnv);
    return ends;
  }

  private execWith(stmt: SyntaxNode, env: Env, f: Frame, depth: number): boolean {
    const clause = stmt.namedChildren.find((c) => c.type === "with_clause");
    for (const item of clause?.namedChildren ?? []) {
      const value = item.childForFieldName("value");
      if (!value) continue;
      if (value.type === "as_pattern") {
        const expr = value.namedChildren[0];
        const alias = value.childForFieldName("alias");
        const t = expr ? this.ev(expr, env, f, depth) : null;
        if (alias && expr) {
          const target = alias.namedChildren[0];
          if (target) this.trackObjects([target], expr, env, f);
          this.bind(alias, t, env, f, depth, item);
        }
      } else this.ev(value, env, f, depth);
    }
    const body = stmt.childForFieldName("body");
    return body ? this.execBlock(body, env, f, depth) : false;
  }

  private execMatch(stmt: SyntaxNode, env: Env, f: Frame, depth: number): boolean {
    const subject = stmt.childForFieldName("subject");
    if (subject) this.ev(subject, env, f, depth);
    const outs: Env[] = [env];
    const body = stmt.childForFieldName("body");
    for (const c of body?.namedChildren ?? []) {
      if (c.type !== "case_clause") continue;
      const e = copyEnv(env);
      const block = c.childForFieldName("consequence");
      if (!block || !this.execBlock(block, e, f, depth)) outs.push(e);
    }
    replaceEnv(env, joinEnvs(outs.map((e) => (e === env ? copyEnv(env) : e))));
    return false;
  }

  // ---- expressions ----

  /** What an expression carries. Evaluating it also checks the sinks it contains. */
  ev(node: SyntaxNode, env: Env, f: Frame, depth: number): Taint | null {
    if (depth > MAX_DEPTH) return null;
    const d = depth + 1;
    switch (node.type) {
      case "identifier":
        return env.get(node.text) ?? null;
      case "attribute":
        return this.evAttribute(node, env, f, d);
      case "subscript": {
        // The first named child is the value, the rest are the index expressions.
        const [value, ...index] = node.namedChildren;
        const t = value ? this.ev(value, env, f, d) : null;
        for (const c of index) this.ev(c, env, f, d);
        // A local dict written under constant keys answers per key; a form's cleaned_data item knows its field.
        const keyed = readKey(env, value, index);
        return keyed === undefined ? this.cleanedItem(t, index.length === 1 ? index[0] : undefined) : derived(keyed);
      }
      case "keyword_argument": {
        const value = node.childForFieldName("value");
        return value ? this.ev(value, env, f, d) : null;
      }
      case "call":
        return this.evCall(node, env, f, d);
      case "string":
        return this.evString(node, env, f, d);
      case "concatenated_string": {
        let t: Taint | null = null;
        let head = "";
        let constant = true;
        for (const c of node.namedChildren) {
          const ct = this.ev(c, env, f, d);
          if (constant) {
            if (!ct) head += stringText(c) ?? "";
            else {
              head += ct.head ?? "";
              constant = false;
            }
          }
          t = union(t, derived(ct));
        }
        return t ? { ...t, head } : null;
      }
      case "binary_operator":
        return this.evBinary(node, env, f, d);
      case "boolean_operator":
      case "list":
      case "set":
      case "expression_list":
      case "parenthesized_expression":
      case "await":
      case "list_splat":
      case "dictionary_splat":
      case "type_conversion":
      case "interpolation": {
        let t: Taint | null = null;
        let first = true;
        let head: string | undefined;
        // A list or set whose tainted items are all dictionaries with fixed keys hands those out when iterated.
        const items: (Taint | null)[] = [];
        for (const c of node.namedChildren) {
          const ct = this.ev(c, env, f, d);
          // A clean first item's known text (a literal, `reverse()`) starts the list, and `sep.join(list)`.
          if (node.type === "list" && first) head = ct ? ct.head : this.constantHeadIn(c, env, f);
          first = false;
          items.push(ct);
          // `a or b` is one of its operands, as it is: `kwargs or self.lookup()` keeps the operands' fixed keys.
          t = node.type === "parenthesized_expression" || node.type === "await" ? ct : node.type === "boolean_operator" ? union(t, ct) : union(t, derived(ct));
        }
        // `return lookups, kw_lookups` is a tuple: its items keep their fixed key sets like a tuple literal's.
        const fixed = node.type === "list" || node.type === "set" || node.type === "expression_list" ? joinedKeys(items) : null;
        if (node.type === "list" && t) return withFixedKeys({ ...t, head }, fixed ?? {});
        return t && (node.type === "set" || node.type === "expression_list") ? withFixedKeys(t, fixed ?? {}) : t;
      }
      case "tuple": {
        let t: Taint | null = null;
        let head: string | undefined;
        const items: (Taint | null)[] = [];
        node.namedChildren.forEach((c, i) => {
          const ct = this.ev(c, env, f, d);
          if (i === 0) head = ct ? ct.head : this.constantHeadIn(c, env, f);
          items.push(ct);
          t = union(t, derived(ct));
        });
        return t ? withFixedKeys({ ...(t as Taint), head }, joinedKeys(items) ?? {}) : null;
      }
      case "conditional_expression": {
        const [a, cond, b] = node.namedChildren;
        if (!cond) return union(a ? this.ev(a, env, f, d) : null, b ? this.ev(b, env, f, d) : null);
        this.ev(cond, env, f, d);
        // `url if url_has_allowed_host_and_scheme(url, ...) else "/"`: each side under what the condition proves.
        const facts = this.conditionFacts(cond, 0, env, f);
        const under = (side: SyntaxNode | undefined, proven: Facts): Taint | null => {
          if (!side) return null;
          if (!proven.size) return this.ev(side, env, f, d);
          const e = copyEnv(env);
          for (const [name, mask] of proven) {
            const cur = e.get(name);
            if (cur && mask) e.set(name, cleared(cur, mask));
          }
          return this.ev(side, e, f, d);
        };
        return union(under(a, facts.whenTrue), under(b, facts.whenFalse));
      }
      case "dictionary":
        return this.evDict(node, env, f, d);
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
      case "dictionary_comprehension":
        return this.evComprehension(node, env, f, d);
      case "named_expression": {
        const value = node.childForFieldName("value");
        const name = node.childForFieldName("name");
        const t = value ? this.ev(value, env, f, d) : null;
        if (name) this.bind(name, t, env, f, d, node);
        return t;
      }
      case "comparison_operator":
      case "not_operator":
      case "unary_operator":
        for (const c of node.namedChildren) this.ev(c, env, f, d);
        return null;
      default:
        return null;
    }
  }

  /**
   * Whether the list `name` holds, before the call `at`, starts with an item request data did not fill: its last
   * assignment before `at` in the function is a list or tuple literal whose first item is clean, and the function
   * never reorders, empties or writes into it by index (`insert`, `pop`, `clear`, `name[0] = ...`, `del name[...]`).
   */
  private startsWithCleanItem(name: string, at: SyntaxNode, env: Env, f: Frame): boolean {
    const scope = f.fn ?? this.root;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`\\b${escaped}\\s*(?:\\.\\s*(?:insert|pop|remove|clear|reverse|sort)\\s*\\(|\\[[^\\]]*\\]\\s*=(?!=))|\\bdel\\s+${escaped}\\b`).test(scope.text)) return false;
    let last: SyntaxNode | undefined;
    for (const a of scope.descendantsOfType("assignment")) {
      if (a.endIndex > at.startIndex) break;
      const left = a.childForFieldName("left");
      if (left?.type === "identifier" && left.text === name) last = a;
    }
    const right = last?.childForFieldName("right");
    if (right?.type !== "list" && right?.type !== "tuple") return false;
    const first = right.namedChildren.find((c) => c.type !== "comment");
    return !!first && first.type !== "list_splat" && !this.ev(first, env, f, 0);
  }

  private evAttribute(node: SyntaxNode, env: Env, f: Frame, d: number): Taint | null {
    const [obj, attrNode] = pair(node, "object", "attribute");
    const attr = attrNode?.text ?? "";
    // One walk of the chain serves every check below.
    const objName = fastDotted(obj);
    if (REQUEST_ATTRIBUTES.has(attr) && isRequestName(objName)) return sourceTaint("", lineOf(node), node);
    if (attr === "data" && objName && /(^|_|\.)form$/i.test(objName)) return sourceTaint("", lineOf(node), node);
    if ((attr === "kwargs" || attr === "args") && objName === "self" && f.classNode && this.isViewClass(f.classNode)) return sourceTaint("", lineOf(node), node);
    // `obj._meta` is the model class's metadata (`Options`): field names and relations the code declared.
    if (attr === "_meta") return null;
    if (attr === "name" && obj?.type === "subscript" && /(^|\.)cleaned_data$/.test(dottedName(obj.childForFieldName("value")) ?? "")) {
      return uploadName(sourceTaint(`uploaded file name \`${squash(node.text, 40)}\``, lineOf(node)));
    }
    // `form.cleaned_data` is request data that passed the form's validation: a CharField's value is still
    // arbitrary text. Its keys are the form's fields, so `Model(**form.cleaned_data)` is no mass assignment.
    if (attr === "cleaned_data" && objName && (/(^|_|\.)form$/i.test(objName) || f.boundForms.has(objName))) {
      // A form that adds fields under names from its input has keys the client chose.
      const form = f.formClasses.get(objName);
      return { ...sourceTaint("", lineOf(node), node), keysFixed: !(form && isDynamicForm(this.forms, form)), form: form ?? "" };
    }
    const dotted = objName !== undefined ? `${objName}.${attr}` : undefined;
    if (dotted && env.has(dotted)) return env.get(dotted) ?? null;
    if (dotted && f.classNode && /^self\.\w+$/.test(dotted)) return this.fieldTaint(f.classNode, dotted);
    const t = obj ? derived(this.ev(obj, env, f, d)) : null;
    // An upload assigned to a model's FileField reads back as a FieldFile: its `.path` is the storage's path for the
    // field's name (`FileSystemStorage.path()` joins it under MEDIA_ROOT with safe_join(), which refuses to leave it),
    // and that name is the upload's last path component until save(), then the storage's own (upload_to,
    // get_valid_name(), get_available_name()). An `UploadedFile` itself has no `.path`.
    if ((attr === "name" || attr === "path") && fromUploadedFiles(t)) return uploadName(t);
    // `Path(value).name` / `.stem`: the last path component, as `os.path.basename()` gives it.
    if ((attr === "name" || attr === "stem") && obj?.type === "call" && PATHLIB_CLASS.test(this.imports.qualifyNode(obj.childForFieldName("function")) ?? "")) {
      return cleared(t, kindBit("path"));
    }
    return t;
  }

  private evString(node: SyntaxNode, env: Env, f: Frame, d: number): Taint | null {
    const children = node.namedChildren;
    // Most strings are constants (docstrings included): settle those without reading their text.
    if (!children.some((c) => c.type === "interpolation")) return null;
    let t: Taint | null = null;
    let head = "";
    let constant = true;
    for (const c of children) {
      if (c.type === "string_content" || c.type === "escape_sequence") {
        if (constant) head += c.text;
      } else if (c.type === "interpolation") {
        const expr = c.childForFieldName("expression");
        const evaluated = expr ? this.ev(expr, env, f, d) : null;
        // `{n:d}`, `{x:.2f}`: a numeric presentation type fails on text, so only digits come out.
        const ct = evaluated && isNumericFormatSpec(c.childForFieldName("format_specifier")?.text) ? null : evaluated;
        if (!ct && constant) {
          // A clean value of unknown text stands as CLEAN_TEXT in the prefix.
          const text = expr && !c.childForFieldName("format_specifier") && !c.childForFieldName("type_conversion") ? this.constantHeadIn(expr, env, f) : undefined;
          head += text ?? CLEAN_TEXT;
          continue;
        }
        if (constant && ct?.head) head += ct.head;
        constant = false;
        t = union(t, derived(ct));
      }
    }
    return t ? { ...t, head } : null;
  }

  private evBinary(node: SyntaxNode, env: Env, f: Frame, d: number): Taint | null {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const op = node.childForFieldName("operator")?.type ?? "";
    const lt = left ? this.ev(left, env, f, d) : null;
    let rt = right ? this.ev(right, env, f, d) : null;
    if (op === "%" && rt && left && !lt && right) rt = this.textualFormatArgs(left, right, env, f, d);
    const t = union(derived(lt), derived(rt));
    if (!t) return null;
    let head: string | undefined;
    if (op === "+") head = lt ? lt.head : left ? (this.constantHeadIn(left, env, f) ?? CLEAN_TEXT) + (rt?.head ?? "") : undefined;
    else if (op === "%" && left && !lt && right) {
      const text = this.constantHeadIn(left, env, f);
      const values = right.type === "tuple" ? right.namedChildren : [right];
      const parts = text?.split(/%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]/);
      head = parts === undefined ? undefined : this.formattedHead(parts, values, env, f, d);
      // `"%s?%s" % (url, query)` in a function summarised with `url` a parameter: the prefix stops at the parameter,
      // yet the request data still lands after the literal `?`, where it cannot choose the redirect's target.
      if (parts && t.origin && t.params && this.originAfterQuery(parts, values, env, f, d)) {
        return withFixedKeys({ ...t, head, originClears: (t.originClears ?? 0) | kindBit("redirect") }, {}) as Taint;
      }
    }
    // `list_a + list_b` of dictionaries with fixed keys is still such a list.
    const keys = op === "+" ? joinedKeys([lt, rt]) : null;
    return withFixedKeys({ ...t, head }, keys ?? {}) as Taint;
  }

  /**
   * The taint of `literal % values` from the values that `%s`/`%r` print: `%d`, `%i`, `%f` and the other
   * numeric conversions raise TypeError on text, so a value formatted by them adds only a number. Values
   * whose conversion is unknown (`%(name)s`, `*` widths, a non-literal tuple) keep their taint.
   */
  private textualFormatArgs(left: SyntaxNode, right: SyntaxNode, env: Env, f: Frame, d: number): Taint | null {
    const all = () => this.ev(right, env, f, d);
    const text = this.constantHeadIn(left, env, f);
    if (text === undefined || text.includes(CLEAN_TEXT)) return all();
    const conversions: string[] = [];
    for (const m of text.matchAll(PERCENT_CONVERSION)) {
      if (m[1] || m[2].includes("*")) return all();
      if (m[3] !== "%") conversions.push(m[3]);
    }
    const values = right.type === "tuple" ? right.namedChildren : [right];
    if (values.length !== conversions.length || values.some((v) => v.type === "list_splat")) return all();
    let t: Taint | null = null;
    values.forEach((v, i) => {
      if (!NUMERIC_CONVERSIONS.has(conversions[i])) t = union(t, this.ev(v, env, f, d));
    });
    return t;
  }

  /** Whether every value carrying request data in `literal % values` comes after a literal `?` or `#`. */
  private originAfterQuery(parts: string[], values: readonly SyntaxNode[], env: Env, f: Frame, d: number): boolean {
    let query = false;
    for (let i = 0; i < values.length && i + 1 < parts.length; i++) {
      query ||= /[?#]/.test(parts[i]);
      if (!query && this.ev(values[i], env, f, d)?.origin) return false;
    }
    return true;
  }

  /** The known prefix of `literal % values`: literal parts, then each value until the first tainted one. */
  private formattedHead(parts: string[], values: readonly SyntaxNode[], env: Env, f: Frame, d: number): string {
    let head = parts[0];
    for (let i = 0; i < values.length && i + 1 < parts.length; i++) {
      if (this.ev(values[i], env, f, d)) return head;
      head += (this.constantHeadIn(values[i], env, f) ?? CLEAN_TEXT) + parts[i + 1];
    }
    return head;
  }

  /**
   * The known prefix of `sep.join([a, b, ...])` over a written list: each clean item (its known text, or unknown
   * clean text) and the separator after it, up to the first tainted item. `"?".join([url, query])` puts the query
   * after a `?` even when `url` is not known. A starred item may be empty, so the prefix stops at it.
   */
  private joinedHead(sep: string, items: SyntaxNode, env: Env, f: Frame, d: number): string | undefined {
    let head = "";
    for (const [i, item] of items.namedChildren.filter((c) => c.type !== "comment").entries()) {
      if (i > 0) head += sep;
      if (item.type === "list_splat") return i === 0 ? undefined : head;
      const t = this.ev(item, env, f, d);
      if (t) return i === 0 ? t.head : head + (t.head ?? "");
      head += this.constantHeadIn(item, env, f) ?? CLEAN_TEXT;
    }
    return head;
  }

  private formattedHeadFromArgs(parts: string[], args: CallArgs): string {
    let head = parts[0];
    for (let i = 0; i < args.positional.length && i + 1 < parts.length; i++) {
      if (args.positional[i].taint) return head;
      head += (stringText(args.positional[i].node) ?? CLEAN_TEXT) + parts[i + 1];
    }
    return head;
  }

  // Module constants count only where no local assignment hides them.
  private constantHeadIn(node: SyntaxNode, env: Env, f: Frame): string | undefined {
    if (node.type === "identifier" && !env.has(node.text) && this.importedSetting(node.text)) return "https://configured-in-settings.invalid";
    if (node.type === "identifier") {
      if (env.get(node.text)) return undefined;
      const local = this.soleLocalHead(node, env, f);
      if (local.bound) return local.head;
      return env.has(node.text) ? undefined : this.constantText(node, 0);
    }
    if (node.type === "binary_operator") {
      const l = node.childForFieldName("left");
      const r = node.childForFieldName("right");
      if (node.childForFieldName("operator")?.type !== "+" || !l || !r) return undefined;
      const lt = this.constantHeadIn(l, env, f);
      const rt = this.constantHeadIn(r, env, f);
      // A clean operand of unknown text (an app's own `settings.LOGIN_URL`) still comes before the known text
      // after it: in `settings.LOGIN_URL + "?next="` whatever follows can only land in the query.
      if (lt === undefined) return rt === undefined ? undefined : CLEAN_TEXT + rt;
      return rt !== undefined ? lt + rt : lt;
    }
    if (node.type === "attribute" && /^django\.conf\.settings\.[A-Z_][A-Z0-9_]*$/.test(this.imports.qualify(fastDotted(node) ?? "") ?? "")) {
      // Settings are chosen by the developer: a URL taken from them fixes the scheme and host, but not
      // what follows (`{settings.SITE}{x}` can still change the host; `{settings.SITE}/{x}` cannot).
      return "https://configured-in-settings.invalid";
    }
    if (node.type === "call" && REVERSE.has(this.imports.qualifyNode(node.childForFieldName("function")) ?? "")) {
      // reverse() returns an absolute path on this site; only its leading "/x" matters to prefix checks.
      return "/reversed/";
    }
    if (node.type === "call" && /\.get_absolute_url$/.test(node.childForFieldName("function")?.text ?? "") && !node.childForFieldName("arguments")?.namedChildren.length) {
      // A model's get_absolute_url() is the developer's URL for the object (Django's docs: a path such as
      // "/people/7/"); text appended to it cannot move the host.
      return "/absolute-url/";
    }
    if (node.type === "attribute" && f.classNode && !env.has(node.text)) {
      const value = classAttributeValue(node, f.classNode);
      if (value) return this.constantHeadIn(value, new Map(), { ...f, classNode: null });
    }
    return this.constantText(node, 0);
  }

  /**
   * The known prefix of a clean local variable (`url = obj.get_absolute_url()`, `base = "/things/"`): only when the
   * function binds the name exactly once, by a plain assignment before this use, outside nested functions and
   * loops, with no other kind of binding (augmented assignment, loop target, `with ... as`, unpacking).
   */
  private soleLocalHead(use: SyntaxNode, env: Env, f: Frame): { bound: boolean; head?: string } {
    const fn = f.fn;
    if (!fn?.childForFieldName("body")) return { bound: false };
    if (this.headLookups.has(use.text) || parameters(fn).some((p) => p.name === use.text)) return { bound: true };
    const assignment = this.soleAssignment(fn, use.text);
    if (assignment === undefined) return { bound: false };
    const value = assignment?.childForFieldName("right");
    if (!assignment || !value || assignment.endIndex > use.startIndex || assignment.childForFieldName("type")) return { bound: true };
    this.headLookups.add(use.text);
    try {
      return { bound: true, head: this.constantHeadIn(value, env, f) };
    } finally {
      this.headLookups.delete(use.text);
    }
  }

  /**
   * How `fn` binds `name`: its one plain assignment (outside loops and nested scopes), followed by nothing but `+=`
   * appends; null when it binds the name any other way or more than once, undefined when it does not bind it. Read
   * once per function and name.
   */
  private soleAssignment(fn: SyntaxNode, name: string): SyntaxNode | null | undefined {
    const key = `${fn.id}:${name}`;
    if (this.soleAssignments.has(key)) return this.soleAssignments.get(key);
    let sole: SyntaxNode | undefined;
    let other = false;
    const visit = (n: SyntaxNode, inLoop: boolean): void => {
      if (other) return;
      if (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition") return;
      const loop = inLoop || n.type === "for_statement" || n.type === "while_statement";
      if (n.type === "assignment" && n.childForFieldName("left")?.type === "identifier" && n.childForFieldName("left")?.text === name) {
        if (sole || loop) other = true;
        else sole = n;
      } else if (n.type === "identifier" && n.text === name) {
        const parent = n.parent;
        // `x += text` after the assignment appends: the text `x` starts with stays the assignment's.
        const appends = parent?.type === "augmented_assignment" && parent.childForFieldName("operator")?.text === "+=" && !!sole && parent.startIndex > sole.endIndex;
        const bindsHere =
          (parent?.type === "augmented_assignment" && parent.childForFieldName("left")?.id === n.id && !appends) ||
          (parent?.type === "for_statement" && parent.childForFieldName("left")?.id === n.id) ||
          (parent?.type === "named_expression" && parent.childForFieldName("name")?.id === n.id) ||
          parent?.type === "pattern_list" || parent?.type === "tuple_pattern" || parent?.type === "as_pattern_target" ||
          parent?.type === "global_statement" || parent?.type === "nonlocal_statement";
        if (bindsHere) other = true;
      }
      for (const c of n.namedChildren) visit(c, loop);
    };
    visit(fn.childForFieldName("body")!, false);
    const result = other ? null : sole;
    this.soleAssignments.set(key, result);
    return result;
  }

  /**
   * A setting imported by name from the project's settings modules (`from mysite.settings.base import SITE_URL`):
   * chosen by the developer like `settings.SITE_URL`, so it fixes a URL's scheme and host.
   */
  private importedSetting(name: string): boolean {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return false;
    return /^(?:[\w.]*\.)?settings(?:\.\w+)*\.[A-Z][A-Z0-9_]*$/.test(this.imports.bindings.get(name) ?? "");
  }

  private evDict(node: SyntaxNode, env: Env, f: Frame, d: number, perKey?: Map<string, Taint | null>): Taint | null {
    let t: Taint | null = null;
    // What the keys carry: the key expressions, and the keys of `**other` mappings.
    let keys: Taint | null = null;
    for (const c of node.namedChildren) {
      if (c.type === "pair") {
        const k = c.childForFieldName("key");
        const v = c.childForFieldName("value");
        const kt = k ? this.ev(k, env, f, d) : null;
        keys = union(keys, kt);
        const vt = v ? this.ev(v, env, f, d) : null;
        t = union(t, union(derived(kt), derived(vt)));
        const name = stringText(k);
        if (perKey) perKey.set(name === undefined ? ANY_KEY : name, name === undefined ? null : union(perKey.get(name) ?? null, vt));
      } else if (c.type !== "comment") {
        perKey?.set(ANY_KEY, null);
        const ct = this.ev(c, env, f, d);
        keys = union(keys, keysTaint(ct));
        t = union(t, derived(ct));
      }
    }
    return t ? { ...t, ...fixedKeys(keys) } : null;
  }

  private evComprehension(node: SyntaxNode, env: Env, f: Frame, d: number): Taint | null {
    const inner = copyEnv(env);
    const body = node.childForFieldName("body");
    for (const c of node.namedChildren) {
      if (c.type === "for_in_clause") {
        const right = c.childForFieldName("right");
        const left = c.childForFieldName("left");
        const it = right ? this.ev(right, inner, f, d) : null;
        if (left) this.bindLoopTarget(left, right, it, inner, f, d, c);
      } else if (c.type === "if_clause") {
        const cond = c.namedChildren[0];
        if (cond) {
          this.ev(cond, inner, f, d);
          this.applyGuard(cond, inner, new Map(), f);
        }
      }
    }
    if (!body) return null;
    if (body.type === "pair") {
      const k = body.childForFieldName("key");
      const v = body.childForFieldName("value");
      const kt = k ? this.ev(k, inner, f, d) : null;
      const vt = v ? this.ev(v, inner, f, d) : null;
      const t = union(derived(kt), derived(vt));
      return t ? { ...t, ...fixedKeys(kt) } : null;
    }
    const bt = this.ev(body, inner, f, d);
    // `[{f"{name}__icontains": q} for name in FIELDS]`: every item a dictionary with fixed keys.
    return bt?.keysFixed ? withFixedKeys(derived(bt), bt) : derived(bt);
  }

  private evCall(node: SyntaxNode, env: Env, f: Frame, d: number): Taint | null {
    const [fn, argsNode] = pair(node, "function", "arguments");
    const args: CallArgs = { positional: [], keywords: new Map(), splats: [] };
    if (argsNode?.type === "generator_expression") args.positional.push({ node: argsNode, taint: this.ev(argsNode, env, f, d) });
    else {
      for (const a of argsNode?.namedChildren ?? []) {
        const type = a.type;
        if (type === "keyword_argument") {
          const [nameNode, value] = pair(a, "name", "value");
          const name = nameNode?.text ?? "";
          if (value) args.keywords.set(name, { node: value, taint: this.ev(value, env, f, d) });
        } else if (type === "dictionary_splat" || type === "list_splat") {
          const inner = a.namedChildren[0];
          args.splats.push({ kind: type === "dictionary_splat" ? "**" : "*", node: a, taint: inner ? this.ev(inner, env, f, d) : null });
        } else if (type !== "comment") args.positional.push({ node: a, taint: this.ev(a, env, f, d) });
      }
    }
    const fnDotted = fastDotted(fn);
    const q = fnDotted === undefined ? undefined : this.imports.qualify(fnDotted);
    let recvTaint: Taint | null = null;
    let method = "";
    let recv: SyntaxNode | null = null;
    if (fn?.type === "attribute") {
      const [o, a] = pair(fn, "object", "attribute");
      recv = o;
      method = a?.text ?? "";
      if (recv && !q) recvTaint = this.ev(recv, env, f, d);
    } else if (fn && fn.type !== "identifier") this.ev(fn, env, f, d);

    // Every sink needs a tainted value, and so does every sanitiser or propagator: a call on clean values
    // can only return request data through a local helper or a request reader.
    const anyTaint = recvTaint !== null || args.positional.some((a) => a.taint) || args.splats.some((a) => a.taint) || [...args.keywords.values()].some((a) => a.taint);
    if (anyTaint) {
      for (const site of checkCallSinks(node, q, fn, recv, method, recvTaint, args, this.imports, f, (n) => this.ev(n, env, f, d))) {
        this.reportSite(site, site.taint, f);
      }
    } else if (q) return null;

    if (q) {
      const mask = SANITIZERS.get(q);
      if (mask !== undefined) {
        const encodesSlashes = QUERY_ENCODERS.has(q) && !args.keywords.has("safe") && !args.keywords.has("quote_via");
        return cleared(unionArgs(args), encodesSlashes ? mask | kindBit("redirect") : mask);
      }
      if (PROPAGATORS.has(q)) {
        const t = withStep(unionArgs(args), lineOf(node), `passed through \`${squash(fn!.text, 30)}()\``);
        // `urljoin(settings.SITE_URL, f"records/{x}")`: a base with a fixed scheme and host, joined with a reference
        // that starts with a constant path segment (no `/`, `\\` or scheme), keeps the base's host.
        if (q === "urllib.parse.urljoin" && t && args.positional.length >= 2) {
          const base = this.constantHeadIn(args.positional[0].node, env, f);
          const ref = args.positional[1].taint ? (args.positional[1].taint.head ?? this.constantHeadIn(args.positional[1].node, env, f)) : undefined;
          const host = base === undefined ? undefined : /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\\]+/i.exec(base)?.[0];
          if (host && ref !== undefined && /^[^/\\:?#@][^/\\:?#@]*\//.test(ref)) return { ...t, head: host + "/" };
          // A reference that starts with one `/` and a path character (`/api/` + x) replaces only the base's path, and
          // one that starts with `?` or `#` only its query or fragment. `//` or a scheme would replace the host: kept.
          if (host && ref !== undefined && /^(?:\/[^/\\\u0000]|[?#])/.test(ref)) return { ...t, head: host + ref[0] };
        }
        // `dict(name=x)` names every key in the code; a copied mapping keeps its own key set.
        if (q === "builtins.dict" && t) return withFixedKeys(t, joinedKeys(args.positional.concat(args.splats).map((a) => a.taint)) ?? {});
        return t;
      }
      return null;
    }
    // `parts.append(value)`, `data.update(request.POST)`: the container now holds the data.
    if (recv && CONTAINER_WRITERS.has(method)) {
      const t = unionArgs(args);
      const d = dottedName(recv);
      if (t && d) {
        const before = env.get(d) ?? null;
        let after = union(derived(before), method === "update" ? t : derived(t));
        // `options.update(name=value)` names its keys in the code, like `dict(name=value)`: the key set stays fixed.
        const keysNamed = method === "update" ? joinedKeys(args.positional.concat(args.splats).map((a) => a.taint).concat(before ? [before] : [])) : null;
        if (after && keysNamed) after = withFixedKeys(after, keysNamed);
        // `argv.append(value)` on a list that starts with a clean item: the program stays the code's.
        if (after && (method === "append" || method === "extend") && recv.type === "identifier" && (before ? before.argvTail : this.startsWithCleanItem(recv.text, node, env, f))) {
          after = { ...after, argvTail: true };
        }
        env.set(d, after);
        f.taintedHeads.add(d.split(".")[0]);
      }
    }
    const local = this.localFunction(fn, recv, f);
    if (local) return this.applySummary(local, node, args, fn!.text, f);
    if (recv && isRequestLike(recv) && REQUEST_READERS.has(method)) return sourceTaint(`\`${squash(node.text)}\``, lineOf(node));
    if (recvTaint) {
      if (CLEAN_METHODS.has(method)) return null;
      // `form.cleaned_data.get("field", default)`: the field's value, or the default.
      if (method === "get" && recvTaint.form !== undefined && args.positional.length) {
        return union(this.cleanedItem(recvTaint, args.positional[0].node), derived(args.positional[1]?.taint ?? args.keywords.get("default")?.taint ?? null));
      }
      // Without a `safe=` argument every character but letters, digits and `_.-~` is percent-encoded.
      const encodes = ENCODING_METHODS.get(method);
      if (encodes !== undefined && !args.positional.length && !args.keywords.size) return cleared(derived(recvTaint), encodes);
      return union(derived(recvTaint), method === "replace" ? replacementTaint(args) : method === "join" || method === "format" ? unionArgs(args) : null);
    }
    if (recv && STRING_BUILDERS.has(method)) {
      const t = method === "replace" ? replacementTaint(args) : unionArgs(args);
      if (!t) return null;
      // A template held in a module or class constant (`RDAP_URL = "https://rdap.example/{domain}"`, then
      // `RDAP_URL.format(domain=d)`, or `self.URL.format(...)`) is the code's text like a literal one.
      const text = stringText(recv) ?? (method === "format" && (recv.type === "identifier" || recv.type === "attribute") ? this.constantHeadIn(recv, env, f) : undefined);
      let head: string | undefined;
      // `"?".join([reverse("x"), query])` starts with the list's first item.
      if (method === "join" && text !== undefined && args.positional.length === 1) {
        const items = args.positional[0].node;
        head = items.type === "list" || items.type === "tuple" ? this.joinedHead(text, items, env, f, d) : args.positional[0].taint?.head;
      }
      if (method === "format" && text !== undefined) {
        // Only `{}` placeholders take the positional arguments in order.
        const parts = text.split(/\{[^{}]*\}/);
        head = /\{[^{}]+\}/.test(text) ? parts[0] : this.formattedHeadFromArgs(parts, args);
      }
      return { ...t, head };
    }
    return null;
  }

  private localFunction(fn: SyntaxNode | null, recv: SyntaxNode | null, f: Frame): FunctionInfo | undefined {
    if (fn?.type === "identifier") return this.moduleFunctions.get(fn.text);
    if (fn?.type === "attribute" && recv?.type === "identifier" && (recv.text === "self" || recv.text === "cls") && f.classNode) {
      return this.methods.get(f.classNode.id)?.get(fn.childForFieldName("attribute")?.text ?? "");
    }
    return undefined;
  }

  private applySummary(info: FunctionInfo, call: SyntaxNode, args: CallArgs, name: string, f: Frame): Taint | null {
    const s = this.summary(info);
    if (!s) return null;
    const params = parameters(info.node).slice(info.classNode ? 1 : 0);
    const argTaint = (i: number): Taint | null => {
      const p = params[i];
      if (!p) return null;
      if (p.splat === "*") return unionArgs({ positional: args.positional.slice(i), keywords: new Map(), splats: args.splats.filter((x) => x.kind === "*") });
      if (p.splat === "**") return unionArgs({ positional: [], keywords: args.keywords, splats: args.splats.filter((x) => x.kind === "**") });
      return args.positional[i]?.taint ?? args.keywords.get(p.name)?.taint ?? null;
    };
    const line = lineOf(call);
    const label = `passed to \`${squash(name, 30)}()\``;
    const o = s.originReturns;
    let result: Taint | null = o ? { ...o, params: 0, clears: originClearsOf(o), originClears: undefined } : null;
    for (let i = 0; i < params.length && i < MAX_PARAMS; i++) {
      const t = argTaint(i);
      if (!t) continue;
      if (s.returns && s.returns.params & (1 << i)) result = union(result, cleared(withStep(t, line, label), s.returns.clears));
      for (const ps of s.paramSinks) {
        if (ps.param !== i) continue;
        const through = cleared(withStep(t, line, label), ps.clears);
        if (!through) continue;
        const steps = through.steps.concat(ps.steps).slice(0, MAX_STEPS + 2);
        this.reportSite(ps.site, { ...through, steps }, f);
      }
    }
    // The constant text the function's result starts with (`return "/items/%s" % kwargs`) holds whatever the arguments are.
    if (result && s.returns?.head !== undefined) result = { ...result, head: s.returns.head };
    // A dictionary whose keys the function takes from some parameters only (`for field in fields: out[field] = ...`)
    // has the keys the caller passes there: an allow-list of names gives fixed keys, request data does not.
    if (result && s.returns?.keysFixed) {
      let keys: Taint | null = null;
      for (let i = 0; i < params.length && i < MAX_PARAMS; i++) if ((s.returns.keyParams ?? 0) & (1 << i)) keys = union(keys, argTaint(i));
      result = { ...result, ...fixedKeys(keys) };
      if (!result.keyParams) delete result.keyParams;
    }
    return result;
  }

  private reportSite(site: SinkSite | null, t: Taint | null, f: Frame | null): void {
    if (!site || !t) return;
    if (t.clears & kindBit(site.kind)) return;
    if (t.origin && !(originClearsOf(t) & kindBit(site.kind))) {
      // Sinks chained in one expression start where it starts (`qs.filter(**a).update(**b)`): one finding for the
      // chain, at its first sink, not one per call with the same line and column.
      const key = `${site.node.startIndex}:${site.kind}`;
      if (!this.hits.has(key)) {
        const { at, ...rest } = t.origin;
        const origin = { ...rest, label: rest.label || (at ? sourceLabel(at) : "request data") };
        const trace: TraceStep[] = [{ line: origin.line, label: `${origin.label} read` }, ...t.steps, { line: lineOf(site.node), label: `reaches \`${site.sink}\`` }];
        this.hits.set(key, { kind: site.kind, sink: site.sink, node: site.node, origin, trace: dedupeSteps(trace), ...(t.head !== undefined ? { head: t.head } : {}), ...(site.template ? { template: site.template } : {}) });
      }
    }
    if (f?.summarising && t.params) {
      for (let i = 0; i < MAX_PARAMS; i++) {
        if (t.params & (1 << i)) f.paramSinks.push({ param: i, site, steps: t.steps, clears: t.clears });
      }
    }
  }
}

/** Whether a block binds `name` anywhere (assignment, loop target, `with ... as`, walrus, unpacking). */
function rebinds(block: SyntaxNode, name: string): boolean {
  return block.descendantsOfType("identifier").some((n) => {
    if (n.text !== name) return false;
    const parent = n.parent;
    return (
      ((parent?.type === "assignment" || parent?.type === "augmented_assignment") && parent.childForFieldName("left")?.id === n.id) ||
      (parent?.type === "for_statement" && parent.childForFieldName("left")?.id === n.id) ||
      (parent?.type === "named_expression" && parent.childForFieldName("name")?.id === n.id) ||
      parent?.type === "pattern_list" || parent?.type === "tuple_pattern" || parent?.type === "as_pattern_target"
    );
  });
}

// ---- dictionaries whose constant keys are tracked one by one ----
//
// `data = {"site": {...}}; data["filters"] = {"q": request.GET.dict()}; Site(**data["site"])`: a name the function
// writes under constant string keys gets one env entry per key (`data["site"]`), one for what any other key may
// hold (`data[*]`: the value it was bound to, keys written by expression, `**` merges) and the whole value's taint as
// it stood at the last tracked write (`data[=]`). A read by a constant key is the key's entry joined with `data[*]`,
// as long as the whole value is still the one the entries describe: any other change to it (`data.update(...)`, a
// branch that rebinds it to something else, a sanitiser) makes the read fall back to the whole value.

const ANY_KEY = "[*]";
const SEEN_KEY = "[=]";
// `name["key"] = ...` and `name["key"][...] = ...` at the start of a statement.
const KEYED_WRITE = /^[ \t]*(\w+)\[[ \t]*(?:"[^"\\\n]*"|'[^'\\\n]*')[ \t]*\](?:\[[^\]\n]*\])*[ \t]*=(?!=)/gm;

function keyEntry(name: string, key: string): string {
  return `${name}[${JSON.stringify(key)}]`;
}

function untrackKeys(env: Env, name: string): void {
  const prefix = `${name}[`;
  for (const k of [...env.keys()]) if (k.startsWith(prefix)) env.delete(k);
}

/** Starts tracking the keys of `name`, just bound to a value of taint `t` (a dict literal's keys in `perKey`). */
function trackKeys(env: Env, name: string, perKey: Map<string, Taint | null> | undefined, t: Taint | null): void {
  untrackKeys(env, name);
  env.set(`${name}${ANY_KEY}`, perKey ? null : t);
  for (const [k, v] of perKey ?? []) env.set(keyEntry(name, k), v);
  env.set(`${name}${SEEN_KEY}`, env.get(name) ?? null);
}

function tracked(env: Env, name: string): boolean {
  return env.has(`${name}${ANY_KEY}`) && env.get(`${name}${SEEN_KEY}`) === (env.get(name) ?? null);
}

/** The constant key of a one-index subscript, if any. */
function constantKey(index: SyntaxNode[]): string | undefined {
  return index.length === 1 ? stringText(index[0]) : undefined;
}

/** Records a write `obj[index] = t` (or a write inside `name["key"]`) for a name whose keys are tracked. */
function writeKey(env: Env, obj: SyntaxNode | undefined, index: SyntaxNode[], t: Taint | null, wasTracked: boolean | undefined, keyed: ReadonlySet<string>): void {
  if (obj?.type === "identifier") {
    if (wasTracked === undefined) return;
    if (!wasTracked) return untrackKeys(env, obj.text);
    const key = constantKey(index);
    if (key !== undefined) env.set(keyEntry(obj.text, key), t);
    else env.set(`${obj.text}${ANY_KEY}`, union(env.get(`${obj.text}${ANY_KEY}`) ?? null, derived(t)));
    env.set(`${obj.text}${SEEN_KEY}`, env.get(obj.text) ?? null);
    return;
  }
  // `data["filters"]["q"] = value`: the value now sits inside `data["filters"]`.
  let inner = obj;
  while (inner?.type === "subscript") {
    const [value, ...rest] = inner.namedChildren;
    if (value?.type === "identifier") {
      if (!t) return;
      if (!env.has(`${value.text}${ANY_KEY}`)) {
        if (env.get(value.text) || !keyed.has(value.text)) return;
        trackKeys(env, value.text, new Map(), null);
      } else if (!tracked(env, value.text)) return untrackKeys(env, value.text);
      const key = constantKey(rest);
      const entry = key === undefined ? `${value.text}${ANY_KEY}` : keyEntry(value.text, key);
      env.set(entry, union(env.get(entry) ?? null, derived(t)));
      return;
    }
    inner = value;
  }
}

/** What `name["key"]` holds when the keys of `name` are tracked, else undefined. */
function readKey(env: Env, value: SyntaxNode | undefined, index: SyntaxNode[]): Taint | null | undefined {
  if (value?.type !== "identifier" || !env.has(`${value.text}${ANY_KEY}`) || !tracked(env, value.text)) return undefined;
  const key = constantKey(index);
  if (key === undefined) return undefined;
  return union(env.get(`${value.text}${ANY_KEY}`) ?? null, env.get(keyEntry(value.text, key)) ?? null);
}
