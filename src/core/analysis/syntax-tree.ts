import type Parser from "tree-sitter";

/**
 * A plain-JavaScript copy of a tree-sitter tree, read with one TreeCursor as the analysis asks for nodes.
 *
 * node-tree-sitter answers every `node.children`, `childForFieldName`, `parent` or `text` with a native call
 * that wraps each node it returns in a new object registered with a finalizer (several microseconds each);
 * the analysis asks hundreds of thousands of such questions per project. Here each node is one small object
 * made once, the first time its parent's children are asked for (about a third of the nodes ever are), and
 * every later question is a property read. The interface is the subset of tree-sitter's
 * `SyntaxNode` the analysis uses, with the same answers (positions are UTF-16 offsets, as node-tree-sitter
 * gives them for string input); queries still run natively, on the tree this copy was made from, and their
 * captures are mapped back to these nodes.
 */
export interface Point {
  row: number;
  column: number;
}

export interface QueryMatch {
  pattern: number;
  /** `text` is the captured source, read without finding the node in the copied tree (see `SyntaxTree.matches`). */
  captures: { readonly name: string; readonly node: SyntaxNode; readonly text: string }[];
}

// Per grammar symbol, shared by every tree: its name and whether it is named.
const typeNames: string[] = [];
const namedTypes: boolean[] = [];
// Field ids and names, learnt from the nodes read so far (a field not yet seen belongs to none of them).
const fieldNames: string[] = [];
const fieldIds = new Map<string, number>();
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);
let nextId = 1;
const ERROR_TYPE = 0xffff;

export class SyntaxTree {
  readonly rootNode: SyntaxNode;
  private lineStarts: number[] | undefined;
  /** The native cursor children are read with (see `SyntaxNode.children`). */
  private readonly cursor: Parser.TreeCursor;

  constructor(
    /** The source the tree was parsed from. */
    readonly text: string,
    /** The native tree (for queries). */
    readonly native: Parser.Tree,
  ) {
    this.cursor = native.walk();
    // The root's subtree holds every node: tree-sitter's count includes the node itself.
    this.rootNode = makeRoot(this, this.cursor, native.rootNode.descendantCount);
  }

  /**
   * The children of a node of this tree, read from the native tree the first time they are asked for. A node
   * whose subtree is itself alone is a leaf: its (empty) children need no native call.
   */
  childrenOf(node: SyntaxNode): readonly SyntaxNode[] {
    if (node.descendantEnd === node.descendantIndex + 1) return NO_CHILDREN;
    const c = this.cursor;
    c.gotoDescendant(node.descendantIndex);
    if (!c.gotoFirstChild()) return NO_CHILDREN;
    const children: SyntaxNode[] = [];
    // A child is made once the cursor has moved on to its next sibling: its subtree ends where that sibling's
    // starts (the last child's ends where its parent's does).
    let fieldId = c.currentFieldId;
    let index = node.descendantIndex + 1;
    let typeId = c.nodeTypeId;
    let start = c.startIndex;
    let end = c.endIndex;
    let missing = start === end && c.nodeIsMissing;
    learnNames(c, typeId, fieldId);
    while (c.gotoNextSibling()) {
      const next = c.currentDescendantIndex;
      children.push(new SyntaxNode(this, node, typeId, start, end, fieldId, index, next, missing));
      fieldId = c.currentFieldId;
      index = next;
      typeId = c.nodeTypeId;
      start = c.startIndex;
      end = c.endIndex;
      missing = start === end && c.nodeIsMissing;
      learnNames(c, typeId, fieldId);
    }
    children.push(new SyntaxNode(this, node, typeId, start, end, fieldId, index, node.descendantEnd, missing));
    return children;
  }

  /** The row and UTF-16 column of an offset, as tree-sitter counts them (rows end at `\n`). */
  pointAt(index: number): Point {
    let starts = this.lineStarts;
    if (!starts) {
      starts = [0];
      const text = this.text;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - starts[lo] };
  }

  walk(): TreeCursor {
    return this.rootNode.walk();
  }

  /** A query's matches within `node` (a node of this tree), their captures as nodes of this tree. */
  matches(query: Parser.Query, node: SyntaxNode = this.rootNode): QueryMatch[] {
    let native = this.native.rootNode;
    if (node !== this.rootNode) {
      native = native.descendantForIndex(node.startIndex, node.endIndex);
      while (native.typeId !== node.typeId || native.startIndex !== node.startIndex || native.endIndex !== node.endIndex) native = native.parent!;
    }
    // Each capture is found in this tree only when read: most matches of rules that do not apply to the file never are.
    const tree = this;
    const capture = (name: string, native: Parser.SyntaxNode) => {
      let node: SyntaxNode | undefined;
      return {
        name,
        get node(): SyntaxNode {
          return (node ??= tree.fromNative(native));
        },
        // Finding the node copies every ancestor's children on the way down; a rule that only needs the text to
        // rule a match out (most calls a call pattern matches) need not.
        get text(): string {
          return node ? node.text : tree.text.substring(native.startIndex, native.endIndex);
        },
      };
    };
    return query.matches(native).map((m) => ({ pattern: m.pattern, captures: m.captures.map((c) => capture(c.name, c.node)) }));
  }

  /** The node of this tree that a native node (a query capture) stands for. */
  fromNative(node: Parser.SyntaxNode): SyntaxNode {
    const start = node.startIndex;
    const end = node.endIndex;
    const typeId = node.typeId;
    let at = this.rootNode;
    for (;;) {
      if (at.startIndex === start && at.endIndex === end && at.typeId === typeId) return at;
      let next: SyntaxNode | undefined;
      const children = at.children;
      for (let i = 0; i < children.length; i++) {
        const c = children[i];
        if (c.startIndex <= start && c.endIndex >= end && (c.startIndex < c.endIndex || start === end)) {
          next = c;
          if (c.startIndex === start && c.endIndex === end && c.typeId === typeId) break;
        }
      }
      if (!next) throw new Error(`no node ${node.type} at ${start}-${end} in the copied tree`);
      at = next;
    }
  }
}

/** The root node, at the cursor's start. */
function makeRoot(tree: SyntaxTree, c: Parser.TreeCursor, descendantEnd: number): SyntaxNode {
  const typeId = c.nodeTypeId;
  learnNames(c, typeId, 0);
  const start = c.startIndex;
  const end = c.endIndex;
  return new SyntaxNode(tree, null, typeId, start, end, 0, 0, descendantEnd, start === end && c.nodeIsMissing);
}

/** Learns the names of a grammar symbol and a field the first time a node with them is read (`c` is at that node). */
function learnNames(c: Parser.TreeCursor, typeId: number, fieldId: number): void {
  if (typeNames[typeId] === undefined) {
    typeNames[typeId] = c.nodeType;
    namedTypes[typeId] = c.nodeIsNamed;
  }
  if (fieldId && fieldNames[fieldId] === undefined) {
    const name = c.currentFieldName;
    fieldNames[fieldId] = name;
    fieldIds.set(name, fieldId);
  }
}

export class SyntaxNode {
  readonly id = nextId++;
  private kids: readonly SyntaxNode[] | undefined = undefined;
  private named: readonly SyntaxNode[] | undefined = undefined;
  private error: boolean | undefined = undefined;
  private source: string | undefined = undefined;

  constructor(
    readonly tree: SyntaxTree,
    readonly parent: SyntaxNode | null,
    readonly typeId: number,
    readonly startIndex: number,
    readonly endIndex: number,
    /** The id of the field this node fills in its parent (0: none). */
    readonly fieldId: number,
    /** Where this node comes in a pre-order walk of the tree (the root is 0). */
    readonly descendantIndex: number,
    /** Where the first node after this node's subtree comes in that walk (`descendantIndex + 1` for a leaf). */
    readonly descendantEnd: number,
    readonly isMissing: boolean,
  ) {}

  /** Every child, named and anonymous, in order. */
  get children(): readonly SyntaxNode[] {
    return (this.kids ??= this.tree.childrenOf(this));
  }

  /** Whether this node or one inside it is a syntax error or a missing token. */
  get hasError(): boolean {
    if (this.error === undefined) this.error = this.parent === null ? this.tree.native.rootNode.hasError : this.isError || this.isMissing || this.children.some((c) => c.hasError);
    return this.error;
  }

  get type(): string {
    return typeNames[this.typeId];
  }

  get isNamed(): boolean {
    return namedTypes[this.typeId];
  }

  get isError(): boolean {
    return this.typeId === ERROR_TYPE;
  }

  get text(): string {
    return (this.source ??= this.tree.text.substring(this.startIndex, this.endIndex));
  }

  get startPosition(): Point {
    return this.tree.pointAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.pointAt(this.endIndex);
  }

  get namedChildren(): readonly SyntaxNode[] {
    if (this.named === undefined) {
      const all = this.children;
      let count = 0;
      for (let i = 0; i < all.length; i++) if (namedTypes[all[i].typeId]) count++;
      if (count === all.length) this.named = all;
      else {
        const named: SyntaxNode[] = [];
        for (let i = 0; i < all.length; i++) if (namedTypes[all[i].typeId]) named.push(all[i]);
        this.named = named;
      }
    }
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    const siblings = this.parent?.children;
    if (!siblings) return null;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    const siblings = this.parent?.children;
    if (!siblings) return null;
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children;
    if (!siblings) return null;
    for (let i = siblings.indexOf(this) + 1; i < siblings.length; i++) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children;
    if (!siblings) return null;
    for (let i = siblings.indexOf(this) - 1; i >= 0; i--) if (siblings[i].isNamed) return siblings[i];
    return null;
  }

  /** The first child in the field `name`, as tree-sitter's `childForFieldName`. */
  childForFieldName(name: string): SyntaxNode | null {
    // Reading the children first also learns their fields' ids.
    const children = this.children;
    const id = fieldIds.get(name);
    // Indexed loops: the hottest questions of the analysis allocate no iterators.
    if (id !== undefined) for (let i = 0; i < children.length; i++) if (children[i].fieldId === id) return children[i];
    // A `match` statement's body is a hidden rule aliased to `block`, whose `alternative` fields (its case
    // clauses) tree-sitter also answers for the statement itself.
    if (name === "alternative" && this.type === "match_statement") return this.childForFieldName("body")?.childForFieldName("alternative") ?? null;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const children = this.children;
    const id = fieldIds.get(name);
    if (id === undefined) return [];
    return children.filter((c) => c.fieldId === id);
  }

  /** This node and its descendants of the given types, in document order (as node-tree-sitter's). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === "string" ? [types] : types;
    const found: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      // node-tree-sitter skips nodes ending at the very start of the file.
      if (n.endIndex === 0) continue;
      if (wanted.includes(n.type)) found.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    return found;
  }

  /** The smallest node within this one that spans `start..end` (tree-sitter's `descendantForIndex`). */
  descendantForIndex(start: number, end: number = start): SyntaxNode {
    let node: SyntaxNode = this;
    descend: for (;;) {
      const children = node.children;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        const childEnd = child.endIndex;
        if (childEnd < end) continue;
        if (child.startIndex === childEnd ? childEnd < start : childEnd <= start) continue;
        if (start < child.startIndex) break;
        node = child;
        continue descend;
      }
      return node;
    }
  }

  /** The smallest node within this one that spans the points `start..end` (tree-sitter's `descendantForPosition`). */
  descendantForPosition(start: Point, end: Point = start): SyntaxNode {
    const before = (a: Point, b: Point) => a.row < b.row || (a.row === b.row && a.column < b.column);
    let node: SyntaxNode = this;
    descend: for (;;) {
      const children = node.children;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        const childStart = child.startPosition;
        const childEnd = child.endPosition;
        if (before(childEnd, end)) continue;
        if (child.startIndex === child.endIndex ? before(childEnd, start) : !before(start, childEnd)) continue;
        if (before(start, childStart)) break;
        node = child;
        continue descend;
      }
      return node;
    }
  }

  walk(): TreeCursor {
    return new TreeCursor(this);
  }
}

/** A cursor over a copied tree, as tree-sitter's `TreeCursor` (it never leaves the node it started at). */
export class TreeCursor {
  private readonly path: number[] = [];

  constructor(
    private readonly start: SyntaxNode,
    private node: SyntaxNode = start,
  ) {}

  get currentNode(): SyntaxNode {
    return this.node;
  }

  get nodeType(): string {
    return this.node.type;
  }

  get startIndex(): number {
    return this.node.startIndex;
  }

  get endIndex(): number {
    return this.node.endIndex;
  }

  /** The field of the current node in its parent; none at the node the cursor started at (as tree-sitter's). */
  get currentFieldName(): string | undefined {
    return this.path.length && this.node.fieldId ? fieldNames[this.node.fieldId] : undefined;
  }

  gotoFirstChild(): boolean {
    const first = this.node.children[0];
    if (!first) return false;
    this.path.push(0);
    this.node = first;
    return true;
  }

  gotoNextSibling(): boolean {
    if (!this.path.length) return false;
    const i = this.path[this.path.length - 1] + 1;
    const next = this.node.parent!.children[i];
    if (!next) return false;
    this.path[this.path.length - 1] = i;
    this.node = next;
    return true;
  }

  gotoParent(): boolean {
    if (!this.path.length) return false;
    this.path.pop();
    this.node = this.node.parent!;
    return true;
  }
}
