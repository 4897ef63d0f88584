// The middle tier of evidence for XSS findings: values that are evidently text people type into the
// application (a model's own text field, a display name, the row object of an admin list column), as opposed
// to request data traced to the sink (high) and values whose origin is out of sight (low).
import type { SyntaxNode } from "../../src/core/analysis/types.js";

/**
 * Attributes that hold a plain-text display name or title by near-universal convention. Rich-text fields
 * (`description`, `body`, `content`) are left out on purpose: projects often store sanitised HTML there.
 */
const DISPLAY_NAMES = new Set([
  "name", "title", "username", "full_name", "first_name", "last_name", "display_name", "nickname", "short_name",
]);
const DISPLAY_GETTERS = new Set(["get_full_name", "get_short_name", "get_username", "get_title"]);

/**
 * Objects whose `name`/`title` a developer writes (forms, fields, widgets, model metadata, admin apps and
 * views, settings, plugins, classes), not a user.
 */
const DEVELOPER_OBJECTS = /^(?:form|forms|field|fields|bound_field|boundfield|widget|fieldset|_meta|meta|opts|cl|model|models|app|app_config|apps|view|block|settings|plugin|plugins|cls|klass|__class__|module|request\.resolver_match|resolver_match|template|tab|menu|item_type|choice|column|col|filter|spec|action)$/i;

/** The segments of a dotted chain such as `alert.product.get_title` or `user.get_full_name()`. */
function segments(chain: string): string[] {
  return chain.replace(/\(\s*\)/g, "").split(".").map((s) => s.trim());
}

/**
 * True for a template expression that reads a display name of an object (`project.name`,
 * `user.get_full_name()`, `alert.product.get_title`): at least one dot, the last segment a display name,
 * no developer object on the way.
 */
export function isDisplayNameChain(expression: string): boolean {
  const e = expression.trim();
  if (!/^[A-Za-z_][\w]*(?:\.\w+(?:\(\s*\))?)+$/.test(e)) return false;
  const parts = segments(e);
  const last = parts[parts.length - 1];
  if (!DISPLAY_NAMES.has(last) && !DISPLAY_GETTERS.has(last)) return false;
  return !parts.slice(0, -1).some((p) => DEVELOPER_OBJECTS.test(p) || p.startsWith("_"));
}

/** The dotted text of an attribute chain (`obj.base.name`), or of a no-argument method call on one, else undefined. */
function chainText(node: SyntaxNode): string | undefined {
  if (node.type === "call") {
    const args = node.childForFieldName("arguments");
    if (args?.namedChildren.some((c) => c.type !== "comment")) return undefined;
    const fn = node.childForFieldName("function");
    return fn?.type === "attribute" ? chainText(fn) : undefined;
  }
  if (node.type !== "attribute") return undefined;
  const parts: string[] = [];
  let cur: SyntaxNode | null = node;
  while (cur?.type === "attribute") {
    parts.unshift(cur.childForFieldName("attribute")?.text ?? "");
    cur = cur.childForFieldName("object");
  }
  if (cur?.type !== "identifier") return undefined;
  parts.unshift(cur.text);
  return parts.join(".");
}

/** Attributes that are numbers, dates, flags or URLs built by the code, not typed text. */
const NOT_TEXT = /^(?:pk|id|\w+_id|count|\w+_count|created|modified|updated|\w+_at|\w+_on|date|\w+_date|is_\w+|has_\w+|get_absolute_url|url|\w+_url|get_\w+_url|status|state|level|address|ip|ip_address|mac|mac_address|email|size|quantity|price|amount|total|order|position|priority|weight|year|month|day|uuid|\w+_uuid|get_\w+_display)$/;

/**
 * What the code around a value tells about it:
 * - `modelField`: `self.<f>` in a model class that declares `<f>` as a `CharField`/`TextField` (or in an
 *   abstract model of the same module);
 * - `rowObject`: an attribute of the object an admin list column or a helper it calls renders (`obj.hostname`);
 * - `displayName`: a display name or title of some object (`project.name`, `user.get_full_name()`).
 */
export type TextEvidence = "modelField" | "rowObject" | "displayName";

export interface TextContext {
  /** Names bound to model instances whose fields are user data (the admin column's `obj`). */
  rowObjects?: ReadonlySet<string>;
  /**
   * True for a value the project's models show cannot hold markup (a field declared as a number, choice, slug or
   * strictly validated name; a stored file name; see model-types.ts): no evidence of user text, whatever its name.
   */
  isMarkupFree?: (node: SyntaxNode) => boolean;
  /**
   * When given, a display name counts as evidence only if the code shows where it is stored: true for `x.field` where
   * `x` is an instance of a project model that declares `field` as text (see model-types.ts). A name read from an
   * object whose model the analysis cannot see (`group.name`, `record.language.name`, a parameter of a helper) is a
   * guess from the attribute's name, and stays low confidence.
   */
  isStoredText?: (node: SyntaxNode) => boolean;
}

/**
 * Attributes and getters of Django's user model (`AbstractUser`): names people type when they sign up or edit
 * their profile, whatever the variable holding the user is called.
 */
const USER_NAMES = new Set(["username", "first_name", "last_name", "get_full_name", "get_short_name", "get_username"]);

/** The evidence that a value expression is text a user typed, if any. */
export function textEvidence(node: SyntaxNode, ctx: TextContext = {}): TextEvidence | undefined {
  const chain = chainText(node);
  if (!chain) return undefined;
  if (ctx.isMarkupFree?.(node)) return undefined;
  const parts = segments(chain);
  const last = parts[parts.length - 1];
  if (parts[0] === "self" && parts.length === 2 && declaredTextField(node, last)) return "modelField";
  if (ctx.rowObjects?.has(parts[0]) && parts.length >= 2 && !NOT_TEXT.test(last) && !parts.slice(1).some((p) => DEVELOPER_OBJECTS.test(p) || /^__\w+__$/.test(p))) return "rowObject";
  if (parts[0] !== "self" && parts[0] !== "cls" && isDisplayNameChain(chain) && (!ctx.isStoredText || USER_NAMES.has(last) || ctx.isStoredText(node))) return "displayName";
  return undefined;
}

const TEXT_FIELD = /^[ \t]*(\w+)[ \t]*=[ \t]*(?:models\.)?(?:CharField|TextField|SlugField|EmailField)\(/gm;

const declaredCache = new WeakMap<SyntaxNode, Set<string>>();

/**
 * True when `self.<field>` is a text field the enclosing class declares, or that a model class of the same
 * module declares (an abstract base such as `AbstractLicenseModel`). Slug fields are left out: they are
 * validated to letters, digits, `-` and `_`.
 */
function declaredTextField(node: SyntaxNode, field: string): boolean {
  let cls: SyntaxNode | null = node.parent;
  while (cls && cls.type !== "class_definition") cls = cls.parent;
  if (!cls) return false;
  const root = node.tree.rootNode;
  let fields = declaredCache.get(root);
  if (!fields) {
    fields = new Set();
    for (const m of root.text.matchAll(TEXT_FIELD)) if (!/SlugField\($/.test(m[0])) fields.add(m[1]);
    declaredCache.set(root, fields);
  }
  return fields.has(field);
}

/** A short phrase for messages: why the value counts as user text. */
export function evidencePhrase(e: TextEvidence): string {
  return e === "modelField" ? "a text field of the model" : e === "rowObject" ? "a field of the object shown in the admin" : "a display name";
}
