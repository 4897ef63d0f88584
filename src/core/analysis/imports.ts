import type { SyntaxNode } from "./types.js";

// Django re-exports many names from implementation modules; rules match the public spelling.
const CANONICAL_PREFIXES: [string, string][] = [
  ["django.http.response.", "django.http."],
  ["django.http.request.", "django.http."],
  ["django.db.models.fields.files.", "django.db.models."],
  ["django.db.models.fields.", "django.db.models."],
  ["django.db.models.query.", "django.db.models."],
  ["django.views.generic.edit.", "django.views.generic."],
  ["django.views.generic.base.", "django.views.generic."],
  ["django.views.generic.detail.", "django.views.generic."],
  ["django.views.generic.list.", "django.views.generic."],
  ["django.utils.safestring.SafeText", "django.utils.safestring.SafeString"],
  ["django.conf.urls.url", "django.urls.re_path"],
];

const BUILTINS = new Set([
  "open", "eval", "exec", "compile", "__import__", "int", "float", "str", "bool", "len", "print",
  "getattr", "setattr", "input", "format", "list", "dict", "tuple", "set", "bytes", "repr",
]);

const STATEMENT_CONTAINERS = new Set([
  "module", "block", "function_definition", "class_definition", "decorated_definition", "if_statement",
  "elif_clause", "else_clause", "try_statement", "except_clause", "finally_clause", "with_statement",
  "for_statement", "while_statement", "match_statement", "case_clause",
]);

const LOCAL_DEFINITIONS = new Set(["function_definition", "class_definition", "decorated_definition", "assignment"]);

/** The dotted module a repository-relative Python file defines (`shop/forms/__init__.py` -> `shop.forms`). */
export function pythonModuleName(path: string): string {
  return path.replace(/\.py$/, "").replace(/\/__init__$/, "").split("/").join(".");
}

export function canonicalName(name: string): string {
  for (const [from, to] of CANONICAL_PREFIXES) {
    if (name.startsWith(from)) return to + name.slice(from.length);
    if (name === from) return to;
  }
  return name;
}

export interface ImportTable {
  /**
   * The fully-qualified, canonical name a dotted expression refers to (`ms` -> `django.utils.safestring.mark_safe`,
   * `open` -> `builtins.open`), or undefined when its head is not imported (a local name, a parameter, unknown).
   */
  qualify(dotted: string): string | undefined;
  /** As `qualify`, for identifier and attribute nodes; undefined for any other node. */
  qualifyNode(node: SyntaxNode | null | undefined): string | undefined;
  /** True when the node refers to one of the given fully-qualified names. */
  is(node: SyntaxNode | null | undefined, ...names: string[]): boolean;
  /** True when the file imports anything from the module (or a submodule), e.g. "rest_framework". */
  usesModule(module: string): boolean;
  /** Modules imported with `from X import *`, as written (relative ones keep their dots). */
  starImports: string[];
  /** Local names bound by imports, mapped to what they name. */
  bindings: ReadonlyMap<string, string>;
}

/** Dotted text of an identifier/attribute chain, or undefined for anything else (calls, subscripts...). */
export function dottedName(node: SyntaxNode | null | undefined): string | undefined {
  // Iterative: attribute chains in hostile input can be thousands of levels deep.
  const parts: string[] = [];
  let cur = node;
  while (cur && cur.type === "attribute") {
    const attr = cur.childForFieldName("attribute");
    if (!attr) return undefined;
    parts.push(attr.text);
    cur = cur.childForFieldName("object");
  }
  if (!cur || cur.type !== "identifier") return undefined;
  parts.push(cur.text);
  return parts.reverse().join(".");
}

/**
 * Collects imports anywhere in the module and the names the module itself defines. `text` is the
 * source the tree was parsed from; with it, imports are found from the `import` keywords in the text
 * (a few native calls each) instead of a walk over every statement of the file.
 */
export function buildImportTable(root: SyntaxNode, text?: string): ImportTable {
  const bindings = new Map<string, string>();
  const localDefs = new Set<string>();
  const starImports: string[] = [];
  const modules = new Set<string>();
  const collect = (node: SyntaxNode) => {
    if (node.type === "import_statement") collectImport(node, bindings, modules);
    else collectFromImport(node, bindings, modules, starImports);
  };
  if (text === undefined) walkImports(root, collect);
  else findImports(root, text, collect);
  if (text === undefined) collectModuleDefinitions(root, localDefs);
  else collectModuleNames(root, text, localDefs);
  return makeTable(bindings, localDefs, starImports, modules);
}

const IMPORT_KEYWORD = /\bimport\b/g;

/** Each `import` keyword of the source belongs to at most one import statement; others are in strings or comments. */
function findImports(root: SyntaxNode, text: string, collect: (node: SyntaxNode) => void): void {
  IMPORT_KEYWORD.lastIndex = 0;
  let lastEnd = -1;
  for (let m = IMPORT_KEYWORD.exec(text); m; m = IMPORT_KEYWORD.exec(text)) {
    if (m.index < lastEnd) continue;
    const keyword = root.descendantForIndex(m.index, m.index + 6);
    if (keyword.type !== "import") continue;
    const statement = keyword.parent;
    if (statement?.type !== "import_statement" && statement?.type !== "import_from_statement") continue;
    lastEnd = statement.endIndex;
    collect(statement);
  }
}

/** The same collection by walking the statements of the tree (used when the source text is not at hand). */
function walkImports(root: SyntaxNode, collect: (node: SyntaxNode) => void): void {
  const cursor = root.walk();
  for (;;) {
    // The cursor's type is a plain string; building a node object is the expensive part of a walk.
    const type = cursor.nodeType;
    if (type === "import_statement" || type === "import_from_statement") collect(cursor.currentNode);
    // Imports are statements: expressions never contain one, so skip their subtrees.
    else if ((type === "module" || STATEMENT_CONTAINERS.has(type)) && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return;
    }
  }
}

/** As `collectModuleDefinitions`, reading names with the cursor and the text, without building node objects. */
function collectModuleNames(root: SyntaxNode, text: string, localDefs: Set<string>): void {
  const cursor = root.walk();
  if (!cursor.gotoFirstChild()) return;
  // Moves the cursor to the child under `field`; when there is none, the cursor stays where it was.
  const toField = (field: string): boolean => {
    if (!cursor.gotoFirstChild()) return false;
    do if (cursor.currentFieldName === field) return true;
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
    return false;
  };
  // The identifier under `field` of the cursor's node; the cursor ends where it started.
  const nameOf = (field: string): string | undefined => {
    if (!toField(field)) return undefined;
    const name = cursor.nodeType === "identifier" ? text.slice(cursor.startIndex, cursor.endIndex) : undefined;
    cursor.gotoParent();
    return name;
  };
  do {
    const type = cursor.nodeType;
    if (type === "function_definition" || type === "class_definition") {
      const name = nameOf("name");
      if (name) localDefs.add(name);
    } else if (type === "decorated_definition") {
      if (toField("definition")) {
        const name = nameOf("name");
        if (name) localDefs.add(name);
        cursor.gotoParent();
      }
    } else if (type === "expression_statement" && cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType !== "assignment") continue;
        const name = nameOf("left");
        if (name) localDefs.add(name);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  } while (cursor.gotoNextSibling());
}

/** Names bound by module-level definitions and assignments. */
function collectModuleDefinitions(root: SyntaxNode, localDefs: Set<string>): void {
  const cursor = root.walk();
  if (!cursor.gotoFirstChild()) return;
  do {
    const type = cursor.nodeType;
    if (type === "expression_statement") {
      const statement = cursor.currentNode;
      for (let i = 0; i < statement.namedChildCount; i++) {
        const child = statement.namedChild(i);
        if (child?.type === "assignment") collectLocalDefinition(child, localDefs);
      }
    } else if (LOCAL_DEFINITIONS.has(type)) collectLocalDefinition(cursor.currentNode, localDefs);
  } while (cursor.gotoNextSibling());
}

function collectImport(node: SyntaxNode, bindings: Map<string, string>, modules: Set<string>): void {
  for (const child of node.namedChildren) {
    if (child.type === "dotted_name") {
      // `import django.db.connection` binds `django`; qualified lookups keep the full path.
      const head = child.text.split(".")[0];
      bindings.set(head, head);
      modules.add(child.text);
    } else if (child.type === "aliased_import") {
      const name = child.childForFieldName("name")?.text;
      const alias = child.childForFieldName("alias")?.text;
      if (name && alias) {
        bindings.set(alias, name);
        modules.add(name);
      }
    }
  }
}

function collectFromImport(
  node: SyntaxNode,
  bindings: Map<string, string>,
  modules: Set<string>,
  starImports: string[],
): void {
  const moduleNode = node.childForFieldName("module_name");
  if (!moduleNode) return;
  const module = moduleNode.text.replace(/\s+/g, "");
  modules.add(module);
  for (const child of node.namedChildren) {
    if (child.id === moduleNode.id) continue;
    if (child.type === "wildcard_import") starImports.push(module);
    else if (child.type === "dotted_name") bindings.set(child.text, joinModule(module, child.text));
    else if (child.type === "aliased_import") {
      const name = child.childForFieldName("name")?.text;
      const alias = child.childForFieldName("alias")?.text;
      if (name && alias) bindings.set(alias, joinModule(module, name));
    }
  }
}

function joinModule(module: string, name: string): string {
  return module.endsWith(".") ? module + name : `${module}.${name}`;
}

function collectLocalDefinition(node: SyntaxNode, localDefs: Set<string>): void {
  if (node.type === "function_definition" || node.type === "class_definition") {
    const name = node.childForFieldName("name")?.text;
    if (name) localDefs.add(name);
  } else if (node.type === "decorated_definition") {
    const name = node.childForFieldName("definition")?.childForFieldName("name")?.text;
    if (name) localDefs.add(name);
  } else if (node.type === "assignment") {
    const left = node.childForFieldName("left");
    if (left?.type === "identifier") localDefs.add(left.text);
  }
}

function makeTable(
  bindings: Map<string, string>,
  localDefs: Set<string>,
  starImports: string[],
  modules: Set<string>,
): ImportTable {
  const qualify = (dotted: string): string | undefined => {
    const clean = dotted.replace(/\s+/g, "");
    const dot = clean.indexOf(".");
    const head = dot === -1 ? clean : clean.slice(0, dot);
    const rest = dot === -1 ? "" : clean.slice(dot);
    // A module-level def/class/assignment shadows an import of the same name only when not imported.
    const target = bindings.get(head);
    if (target !== undefined) return canonicalName(target + rest);
    if (localDefs.has(head)) return undefined;
    if (BUILTINS.has(head)) return `builtins.${clean}`;
    return undefined;
  };
  const usesModule = (module: string) => {
    for (const m of modules) if (m === module || m.startsWith(`${module}.`)) return true;
    return false;
  };
  return tableFrom(qualify, { usesModule, starImports, bindings });
}

/** An import table around its `qualify`: the node lookups derive from it. */
export function tableFrom(qualify: (dotted: string) => string | undefined, rest: Pick<ImportTable, "usesModule" | "starImports" | "bindings">): ImportTable {
  const qualifyNode = (node: SyntaxNode | null | undefined) => {
    const dotted = dottedName(node);
    return dotted === undefined ? undefined : qualify(dotted);
  };
  return {
    ...rest,
    qualify,
    qualifyNode,
    is: (node, ...names) => {
      const q = qualifyNode(node);
      return q !== undefined && names.includes(q);
    },
  };
}
