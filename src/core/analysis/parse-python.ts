import Parser from "tree-sitter";
import Python from "tree-sitter-python";
import { SyntaxTree } from "./syntax-tree.js";

let parser: Parser | undefined;

/** The shared tree-sitter parser for Python (parsing is synchronous, so one instance is enough). */
export function pythonParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as unknown as Parser.Language);
  }
  return parser;
}

export function pythonLanguage(): Parser.Language {
  return Python as unknown as Parser.Language;
}

/** Parses Python source; tree-sitter recovers from syntax errors, so this always returns a tree. */
export function parsePython(text: string): Parser.Tree {
  // The default 32 KiB buffer makes node-tree-sitter reject longer inputs.
  return pythonParser().parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
}

/**
 * Parses Python source into the analysis's own copy of the tree (see `SyntaxTree`): questions about its
 * nodes are property reads, not native calls.
 */
export function parsePythonTree(text: string): SyntaxTree {
  return new SyntaxTree(text, parsePython(text));
}
