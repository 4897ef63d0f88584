// Which model class a value in a module is an instance of, as far as the module and the project's model facts
// show, and whether a field read from it can hold markup at all. Used to tell text users type from values whose
// model field keeps markup out (a number, a choice, a slug, a name a strict validator checks, a stored file name).
import { isStoredFileName, type ProjectIndex } from "../../src/core/analysis/project-index.js";
import { isChoiceField, isMarkupFreeModelMethod, isSafeHtmlMethodName, isSafeHtmlModelMethod, isShortTextField, isShortTextFieldName, modelField, type ModelFacts } from "../../src/core/analysis/model-fields.js";
import { enclosingFunction } from "../../src/core/analysis/taint/syntax.js";
import { otherUsernames } from "../../src/core/analysis/user-model.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

type Models = Record<string, ModelFacts>;

// Queryset methods that keep the model of the rows.
const QUERYSET_METHODS = new Set([
  "all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "distinct", "only", "defer", "annotate",
  "iterator", "using", "reverse", "none",
]);
// Queryset methods that return one row.
const ROW_METHODS = new Set(["get", "first", "last", "latest", "earliest"]);
const ADMIN_CLASS = /(?:Admin|Inline)$/;
const ADMIN_BASES = /\b(?:admin\.\w+|\w*ModelAdmin|\w*Admin|\w*Inline)\b/;
// Django widgets for files: `render(self, name, value, ...)` gets the field's `FieldFile`.
const FILE_WIDGET_BASES = /\b\w*File(?:Input|Widget)\b/;

function classOf(node: SyntaxNode): SyntaxNode | undefined {
  let cur: SyntaxNode | null = node.parent;
  while (cur && cur.type !== "class_definition") cur = cur.parent;
  return cur ?? undefined;
}

function parameters(fn: SyntaxNode): string[] {
  return (fn.childForFieldName("parameters")?.namedChildren ?? []).map((p) =>
    p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren.find((c) => c.type === "identifier")?.text ?? ""),
  );
}

/** The model a `ModelAdmin`/inline class shows: its `model = X`, or `register(X, ThisAdmin)` / `@admin.register(X)` in the module. */
function adminModel(cls: SyntaxNode, models: Models, depth = 0): string | undefined {
  const name = cls.childForFieldName("name")?.text ?? "";
  const body = cls.childForFieldName("body")?.text ?? "";
  const own = /^[ \t]*model[ \t]*=[ \t]*(?:\w+\.)*(\w+)[ \t]*$/m.exec(body)?.[1];
  if (own && models[own]) return own;
  const root = cls.tree.rootNode.text;
  const registered = new RegExp(`\\bregister\\(\\s*(?:\\w+\\.)*(\\w+)\\s*,\\s*(?:\\w+\\.)*${name}\\b`).exec(root)?.[1];
  if (registered && models[registered]) return registered;
  const deco = cls.parent?.type === "decorated_definition" ? cls.parent.text.slice(0, cls.parent.text.indexOf("class ")) : "";
  const decorated = /@(?:\w+\.)*register\(\s*(?:\w+\.)*(\w+)\s*[,)]/.exec(deco)?.[1];
  if (decorated && models[decorated]) return decorated;
  // An inline or admin that inherits `model` from another class of the module (`class ClosedLineInline(LineInline)`).
  if (depth > 4 || own) return undefined;
  for (const base of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (base.type !== "identifier") continue;
    for (const child of cls.tree.rootNode.namedChildren) {
      const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
      if (def?.type === "class_definition" && def.id !== cls.id && def.childForFieldName("name")?.text === base.text) {
        const found = adminModel(def, models, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The model of a `ModelForm` (its `class Meta: model = X`). */
function formModel(cls: SyntaxNode, models: Models): string | undefined {
  const m = /^[ \t]+class Meta\b[^\n]*:\s*\n(?:[ \t]+[^\n]*\n)*?[ \t]+model\s*=\s*(?:\w+\.)*(\w+)/m.exec(cls.text);
  return m && models[m[1]] ? m[1] : undefined;
}

/** The model class whose name is `name` written in snake case (`web_app`, `webapp` → `WebApp`), when exactly one matches. */
function modelNamed(name: string, models: Models): string | undefined {
  const key = name.replace(/_/g, "").toLowerCase();
  const hits = Object.keys(models).filter((m) => m.toLowerCase() === key);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Where a local name is bound in a function: `for name in ...` loops and comprehensions, and plain assignments. */
function bindings(fn: SyntaxNode, name: string): { loops: SyntaxNode[]; assigned: SyntaxNode[]; other: boolean } {
  const loops: SyntaxNode[] = [];
  const assigned: SyntaxNode[] = [];
  let other = false;
  const visit = (n: SyntaxNode): void => {
    if (n.type === "for_statement" || n.type === "for_in_clause") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left?.type === "identifier" && left.text === name && right) loops.push(right);
      else if (left && new RegExp(`\\b${name}\\b`).test(left.text)) other = true;
    } else if (n.type === "assignment" || n.type === "augmented_assignment") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left?.type === "identifier" && left.text === name) {
        if (n.type === "assignment" && right) assigned.push(right);
        else other = true;
      } else if (left && left.type !== "identifier" && left.type !== "attribute" && left.type !== "subscript" && new RegExp(`\\b${name}\\b`).test(left.text)) other = true;
    } else if ((n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") && n.id !== fn.id) return;
    for (const c of n.namedChildren) visit(c);
  };
  visit(fn);
  return { loops, assigned, other };
}

export class ModelTypes {
  private readonly memo = new Map<number, string | null>();
  constructor(private readonly models: Models, private readonly index?: ProjectIndex) {}

  /**
   * True for the username of the project's user model when Django's validator keeps it free of markup (see
   * `UserModelFacts`): `x.username`/`x.get_username()` where `x` is an instance of the user model (a relation to it,
   * `request.user`), or, when the code does not show `x`'s model, `x` is named `user` (`user`, `obj.user`,
   * `self.request_user`) and no other model of the project declares a `username` of its own that may hold markup.
   */
  private isUserName(object: SyntaxNode, of: string | undefined, call: boolean): boolean {
    const user = this.index?.userModel;
    if (!user || !(call ? user.getUsername : user.username)) return false;
    if (of !== undefined) {
      if (!user.names.includes(of)) return false;
      // A `username` the project's model declares itself is judged by its declaration (see `isMarkupFree`).
      return call || modelField(this.models, of, "username") === undefined;
    }
    if (/^(?:self\.)?request\.user$/.test(object.text)) return true;
    const last = object.type === "attribute" ? object.childForFieldName("attribute")?.text : object.type === "identifier" ? object.text : undefined;
    if (!last || !/^(?:\w+_)?user$/.test(last)) return false;
    this.otherUsernames ??= otherUsernames(user, this.models);
    return !this.otherUsernames;
  }

  private otherUsernames: boolean | undefined;

  /**
   * True for a user object read as text (`str()` of it) when the project's user model turns into its validated username
   * (see `UserModelFacts.asText`): `request.user`, or `x.rel` where `x`'s model declares `rel` a relation to the user model.
   */
  private isUserText(target: SyntaxNode, object: SyntaxNode, of: string | undefined, attr: string): boolean {
    const user = this.index?.userModel;
    if (!user?.asText) return false;
    if (/^(?:self\.)?request\.user$/.test(target.text)) return true;
    const fact = of ? modelField(this.models, of, attr) : undefined;
    return fact !== undefined && fact.startsWith("=") && user.names.includes(fact.slice(1));
  }

  /** The model class `node` (a name, an attribute chain, a query) is an instance of, if the code shows it. */
  modelOf(node: SyntaxNode, depth = 0): string | undefined {
    if (depth > 6) return undefined;
    const cached = this.memo.get(node.id);
    if (cached !== undefined) return cached ?? undefined;
    this.memo.set(node.id, null);
    const found = this.resolve(node, depth);
    this.memo.set(node.id, found ?? null);
    return found;
  }

  private resolve(node: SyntaxNode, depth: number): string | undefined {
    const models = this.models;
    if (node.type === "parenthesized_expression") return node.namedChildren[0] ? this.modelOf(node.namedChildren[0], depth + 1) : undefined;
    if (node.type === "identifier") return this.nameModel(node, depth);
    if (node.type === "attribute") {
      const object = node.childForFieldName("object");
      const attr = node.childForFieldName("attribute")?.text ?? "";
      if (!object) return undefined;
      // `self.instance` in a ModelForm.
      if (object.type === "identifier" && object.text === "self" && attr === "instance") {
        const cls = classOf(node);
        return cls ? formModel(cls, models) : undefined;
      }
      const of = this.modelOf(object, depth + 1);
      if (!of) {
        // A relation of an object the code does not show, named after its model (`self.instance.database`).
        return object.type === "attribute" && !/^(?:self\.)?request\b/.test(object.text) ? modelNamed(attr, models) : undefined;
      }
      const fact = modelField(models, of, attr);
      return fact?.startsWith("=") ? fact.slice(1) : undefined;
    }
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      if (fn?.type === "identifier" && fn.text === "get_object_or_404") {
        const first = node.childForFieldName("arguments")?.namedChildren[0];
        return first ? this.collectionModel(first, depth + 1) : undefined;
      }
      if (fn?.type !== "attribute") return undefined;
      const method = fn.childForFieldName("attribute")?.text ?? "";
      const object = fn.childForFieldName("object");
      if (ROW_METHODS.has(method) && object) return this.collectionModel(object, depth + 1);
    }
    return undefined;
  }

  /** The model of the rows of a collection: `obj.rel.all()`, `Model.objects.filter(...)`, `obj.rel`. */
  collectionModel(node: SyntaxNode, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    if (node.type === "identifier") return this.models[node.text] ? node.text : undefined;
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      if (fn?.type !== "attribute") return undefined;
      const method = fn.childForFieldName("attribute")?.text ?? "";
      const object = fn.childForFieldName("object");
      return QUERYSET_METHODS.has(method) && object ? this.collectionModel(object, depth + 1) : undefined;
    }
    if (node.type === "attribute") {
      const object = node.childForFieldName("object");
      const attr = node.childForFieldName("attribute")?.text ?? "";
      if (!object) return undefined;
      if (attr === "objects" && object.type === "identifier") return this.models[object.text] ? object.text : undefined;
      const of = this.modelOf(object, depth + 1);
      const fact = of ? modelField(this.models, of, attr) : undefined;
      return fact?.startsWith("=") ? fact.slice(1) : undefined;
    }
    return undefined;
  }

  private nameModel(node: SyntaxNode, depth: number): string | undefined {
    const name = node.text;
    const fn = enclosingFunction(node);
    const cls = fn ? classOf(fn) : undefined;
    if (name === "self") {
      const own = cls?.childForFieldName("name")?.text;
      return own && this.models[own] ? own : undefined;
    }
    if (!fn) return undefined;
    const params = parameters(fn);
    if (params.includes(name)) {
      // A parameter the function rebinds (`obj = obj.parent`) may be anything by the time it is read.
      const rebound = bindings(fn, name);
      if (rebound.other || rebound.loops.length || rebound.assigned.length) return undefined;
      if (!cls) return modelNamed(name, this.models);
      const clsName = cls.childForFieldName("name")?.text ?? "";
      const isAdmin = ADMIN_CLASS.test(clsName) || ADMIN_BASES.test(cls.childForFieldName("superclasses")?.text ?? "");
      // The row object of an admin column, or `obj` of a ModelAdmin hook (`save_model(self, request, obj, ...)`).
      if (isAdmin && (name === "obj" || (params[0] === "self" && params[1] === name))) return adminModel(cls, this.models) ?? modelNamed(name, this.models);
      return modelNamed(name, this.models);
    }
    const b = bindings(fn, name);
    if (b.other) return undefined;
    const sources = [...b.loops.map((r) => this.collectionModel(r, depth + 1)), ...b.assigned.map((r) => this.modelOf(r, depth + 1))];
    if (sources.length && sources.every((s) => s !== undefined && s === sources[0])) return sources[0];
    // A loop over something the code does not show (`for mailbox in address.get_mailboxes()`): the model its name spells.
    return b.assigned.length === 0 && sources.every((s) => s === undefined) ? modelNamed(name, this.models) : undefined;
  }

  /**
   * True when a value read from a model cannot carry markup: `x.field` where `x`'s model declares the field markup-free
   * (see `ModelFacts.fields`), `x.file.name`/`.url` of a file field, `x.method()` that only returns numbers, or the
   * `.name`/`.url` of the `FieldFile` a file widget's `render()` is given.
   */
  isMarkupFree(node: SyntaxNode): boolean {
    let target = node;
    let call = false;
    if (target.type === "call") {
      if (target.childForFieldName("arguments")?.namedChildren.some((a) => a.type !== "comment")) return false;
      const fn = target.childForFieldName("function");
      if (fn?.type !== "attribute") return false;
      target = fn;
      call = true;
    }
    if (target.type !== "attribute") return false;
    const object = target.childForFieldName("object");
    const attr = target.childForFieldName("attribute")?.text ?? "";
    if (!object) return false;
    if (!call && (attr === "name" || attr === "url" || attr === "path")) {
      if (object.type === "attribute") {
        // `x.file.name`: what x's model declares the field as, or else whether the project only declares file fields so.
        const owner = this.modelOf(object.childForFieldName("object")!);
        const field = owner ? modelField(this.models, owner, object.childForFieldName("attribute")?.text ?? "") : undefined;
        if (field !== undefined ? field === "file" : isStoredFileName(this.index, target.text.replace(/\s+/g, ""))) return true;
      }
      if (object.type === "identifier" && isFileWidgetValue(object)) return true;
    }
    const of = this.modelOf(object);
    if (!call && this.isUserText(target, object, of, attr)) return true;
    if (call ? attr === "get_username" : attr === "username") {
      if (this.isUserName(object, of, call)) return true;
    }
    // `get_status_display()`: the label of a choice, constant when the field's choices are (see `ModelFacts.fields`).
    const display = call ? /^get_(\w+)_display$/.exec(attr)?.[1] : undefined;
    if (display !== undefined && of && modelField(this.models, of, display) === "safe" && isChoiceField(this.models, of, display)) return true;
    // A field too short to carry a script: of the model, or by its name when every model declaring it so declares it.
    if (!of) return !call && (object.type === "identifier" || object.type === "attribute") && isShortTextFieldName(this.models, attr);
    if (call) return isMarkupFreeModelMethod(this.models, of, attr);
    // A file field's `FieldFile` reads as its name (`str()` of it), a storage path as for `.name` above.
    const field = modelField(this.models, of, attr);
    return field === "safe" || field === "file" || (field === "text" && isShortTextField(this.models, of, attr));
  }
}

/**
 * True when `node` is `x.prop` or `x.method()` where `x`'s model (see `ModelTypes.modelOf`) defines that property or
 * method (itself or through a project base) to return HTML a call already made safe (`mark_safe(...)`,
 * `format_html(...)`): see `ModelFacts.safeHtmlMethods`. When the code does not show `x`'s model, the name counts
 * if the project's models define it only so (see `isSafeHtmlMethodName`).
 */
export function isSafeModelHtml(types: ModelTypes, models: Models, node: SyntaxNode): boolean {
  let target = node;
  if (target.type === "call") {
    if (target.childForFieldName("arguments")?.namedChildren.some((a) => a.type !== "comment")) return false;
    target = target.childForFieldName("function")!;
  }
  if (target?.type !== "attribute") return false;
  const object = target.childForFieldName("object");
  const attr = target.childForFieldName("attribute")?.text ?? "";
  if (!object) return false;
  const of = types.modelOf(object);
  // A method is only taken when the model declares no field so named.
  if (of !== undefined) return modelField(models, of, attr) === undefined && isSafeHtmlModelMethod(models, of, attr);
  // A row whose model is out of sight (a generic admin base): the name, when the project's models only define it so.
  return (object.type === "identifier" || object.type === "attribute") && isSafeHtmlMethodName(models, attr);
}

/**
 * True when `node` reads a text field of a project model the code shows the object is an instance of: `x.field` where
 * `x`'s model (see `ModelTypes.modelOf`) declares `field` as text (not a number, choice, slug, validated name or file).
 */
export function isStoredModelText(types: ModelTypes, models: Models, node: SyntaxNode): boolean {
  if (node.type !== "attribute") return false;
  const object = node.childForFieldName("object");
  const attr = node.childForFieldName("attribute")?.text ?? "";
  const of = object ? types.modelOf(object) : undefined;
  return of !== undefined && modelField(models, of, attr) === "text";
}

/** True for the `value` parameter of `render(self, name, value, ...)` in a file widget class (`class W(forms.FileInput)`). */
function isFileWidgetValue(name: SyntaxNode): boolean {
  const fn = enclosingFunction(name);
  if (!fn || fn.childForFieldName("name")?.text !== "render") return false;
  const params = parameters(fn);
  if (params[2] !== name.text || params[0] !== "self") return false;
  const cls = classOf(fn);
  if (!FILE_WIDGET_BASES.test(cls?.childForFieldName("superclasses")?.text ?? "")) return false;
  const b = bindings(fn, name.text);
  return !b.other && !b.loops.length && !b.assigned.length;
}

/** A checker for one module, or undefined when the project index knows no models. */
export function markupFreeChecker(index: ProjectIndex | undefined): ((node: SyntaxNode) => boolean) | undefined {
  const types = new ModelTypes(index?.models ?? {}, index);
  return (node) => types.isMarkupFree(node);
}

/** Both checkers for one module, sharing what they learn of the module's values: markup-free values, and stored model text. */
export function modelValueCheckers(index: ProjectIndex | undefined): {
  isMarkupFree: (node: SyntaxNode) => boolean;
  isStoredText: (node: SyntaxNode) => boolean;
  isSafeHtml: (node: SyntaxNode) => boolean;
} {
  const models = index?.models ?? {};
  const types = new ModelTypes(models, index);
  return {
    isMarkupFree: (node) => types.isMarkupFree(node),
    isStoredText: (node) => isStoredModelText(types, models, node),
    isSafeHtml: (node) => isSafeModelHtml(types, models, node),
  };
}
