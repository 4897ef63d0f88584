import { defineRule } from "../../src/core/analysis/define-rule.js";
import { enclosingClass, enclosingFunction, parameters } from "../../src/core/analysis/taint/syntax.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

// Calls that read, write, copy or delete the file at their first argument.
const FILE_CALLS = new Set([
  "builtins.open", "io.open", "codecs.open", "shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.move", "shutil.rmtree",
  "os.remove", "os.unlink", "os.rename", "os.replace", "os.listdir", "django.http.FileResponse", "zipfile.ZipFile", "tarfile.open",
]);
// Resolving `..` before the comparison is what makes a prefix check hold.
const NORMALISED = /\b(?:realpath|abspath|normpath|resolve|safe_join|is_relative_to|relative_to|commonpath|commonprefix)\b/;
// A directory named by a setting or a variable: `settings.MEDIA_ROOT`, `base_dir`, `self.upload_folder`.
const DIRECTORY_NAME = /(?:ROOT|DIR|FOLDER|PATH|BASE)\w*$/i;
// Strings that carry a directory after an optional `file://` scheme: `/srv/imports/`, `file:///data/`.
const ABSOLUTE_DIRECTORY = /^(?:file:\/\/)?\/[^/\s]/;

export default defineRule({
  id: "path-prefix-check",
  severity: "high",
  confidence: "medium",
  cwe: 22,
  owasp: "A01:2021",
  guideSection: "data-flow",
  // The same line's tainted-path finding would only repeat the path; this one says why the check fails.
  supersedes: ["tainted-path"],
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/utils/#module-django.utils._os",
  docs: {
    what:
      "Finds a path that is kept inside a directory by `path.startswith(directory)` and then opened, copied or deleted, " +
      "when the path was not resolved first (`os.path.realpath`, `Path.resolve`, `safe_join`) and comes from a URL parameter, request data, " +
      "a function parameter or a model field.",
    why:
      "`startswith` compares text: `/srv/imports/../../etc/passwd` starts with `/srv/imports/`, and the file call then reads or " +
      "overwrites whatever the `..` segments point to.",
    example:
      "import shutil\nfrom django.conf import settings\n\ndef import_file(path, dest):\n" +
      "    if path.startswith(f\"{settings.MEDIA_ROOT}/imports/\"):\n        shutil.copyfile(path, dest)\n",
    good:
      "import os, shutil\nfrom django.conf import settings\n\ndef import_file(path, dest):\n" +
      "    folder = os.path.realpath(os.path.join(settings.MEDIA_ROOT, \"imports\"))\n    real = os.path.realpath(path)\n" +
      "    if os.path.commonpath([real, folder]) == folder:\n        shutil.copyfile(real, dest)\n",
    fix: "Resolve the path with `os.path.realpath` (or `Path.resolve()`) before the check, and compare whole directories (`os.path.commonpath`, `Path.is_relative_to`) or use `django.utils._os.safe_join`.",
    note: "A value the code builds from constants is not reported; a value out of sight (a helper's parameter, another call's result) is reported at low confidence.",
  },
  mentions: /\.startswith\(/,
  messages: {
    prefixOnly:
      "`{{subject}}` is kept under `{{prefix}}` by `startswith` only: `..` segments pass that check, so `{{sink}}` can reach files outside the directory. Resolve the path (`os.path.realpath`) before comparing.",
  },
  query: `(if_statement condition: (_) @cond consequence: (block) @body)`,
  check({ node, captureText, imports, report }) {
    // Most `if` statements of a file with a `startswith` somewhere test something else: their text rules them out
    // without finding the condition in the tree.
    if (!captureText("cond")?.includes("startswith")) return;
    const cond = node("cond");
    for (const check of startswithCalls(cond)) {
      const recv = check.childForFieldName("function")?.childForFieldName("object") ?? null;
      const prefixNode = check.childForFieldName("arguments")?.namedChildren[0];
      if (!recv || !prefixNode || !isDirectoryPrefix(prefixNode)) continue;
      const subject = subjectOf(recv);
      if (!subject || NORMALISED.test(recv.text)) continue;
      const fn = enclosingFunction(cond) ?? undefined;
      const fnText = fn?.text ?? "";
      // The code refuses `..` itself (`if ".." in path`), or the subject was resolved earlier in the function.
      if (/["']\.\.["']|["']\.\.\//.test(fnText)) continue;
      if (new RegExp(`^[ \\t]*${escape(subject)}\\s*=.*${NORMALISED.source}`, "m").test(fnText)) continue;
      const origin = originOf(subject, fn);
      if (origin === "constant") continue;
      const lines = new Set<number>();
      for (const call of calls(node("body"))) {
        const fnNode = call.childForFieldName("function");
        const q = imports.qualifyNode(fnNode);
        if (!q || !FILE_CALLS.has(q)) continue;
        const first = call.childForFieldName("arguments")?.namedChildren[0];
        if (!first || !new RegExp(`(?:^|[^\\w.])${escape(subject)}(?![\\w])`).test(first.text) || NORMALISED.test(first.text)) continue;
        if (lines.has(call.startPosition.row)) continue;
        lines.add(call.startPosition.row);
        report(call, "prefixOnly", { subject, prefix: squash(prefixNode.text), sink: fnNode!.text }, origin === "unseen" ? { confidence: "low" } : {});
      }
    }
  },
});

function startswithCalls(cond: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === "call" && n.childForFieldName("function")?.childForFieldName("attribute")?.text === "startswith") out.push(n);
    if (n.type === "lambda") return;
    for (const c of n.namedChildren) visit(c);
  };
  visit(cond);
  return out;
}

function calls(block: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === "call") out.push(n);
    if (n.type === "function_definition" || n.type === "class_definition") return;
    for (const c of n.namedChildren) visit(c);
  };
  visit(block);
  return out;
}

/** A prefix naming a directory: an absolute path literal, an f-string starting with a directory setting, or a directory variable. */
function isDirectoryPrefix(node: SyntaxNode): boolean {
  if (node.type === "identifier" || node.type === "attribute") return DIRECTORY_NAME.test(node.text);
  if (node.type === "call" && /^(?:str|os\.fspath)$/.test(node.childForFieldName("function")?.text ?? "")) {
    const inner = node.childForFieldName("arguments")?.namedChildren[0];
    return inner ? isDirectoryPrefix(inner) : false;
  }
  if (node.type !== "string") return false;
  const text = node.text.replace(/^[rbfuRBFU]*("""|'''|"|')/, "").replace(/("""|'''|"|')$/, "");
  if (ABSOLUTE_DIRECTORY.test(text)) return true;
  // f"file://{settings.MEDIA_ROOT}/imports/", f"{base_dir}/": the first interpolation names a directory.
  const m = /^(?:file:\/\/)?\{([\w.]+)\}/.exec(text);
  return m !== null && DIRECTORY_NAME.test(m[1]);
}

/** The path value a check is about: `path` in `path.replace("file://", "").startswith(...)`, `str(path).startswith(...)`. */
function subjectOf(recv: SyntaxNode): string | undefined {
  let cur: SyntaxNode = recv;
  for (let i = 0; i < 4; i++) {
    if (cur.type === "identifier" || cur.type === "attribute") return /^[\w.]+$/.test(cur.text) ? cur.text : undefined;
    if (cur.type !== "call") return undefined;
    const fn = cur.childForFieldName("function");
    if (fn?.type === "attribute" && /^(?:replace|strip|lstrip|rstrip|lower)$/.test(fn.childForFieldName("attribute")?.text ?? "")) cur = fn.childForFieldName("object")!;
    else if (fn?.type === "identifier" && /^(?:str|os\.fspath)$/.test(fn.text)) {
      const inner = cur.childForFieldName("arguments")?.namedChildren[0];
      if (!inner) return undefined;
      cur = inner;
    } else return undefined;
  }
  return undefined;
}

/**
 * Where the checked value comes from: `data` (request data, a URL or function parameter, a model field of the
 * class), `constant` (built by the code from literals and settings), or `unseen` (another call's result).
 */
function originOf(subject: string, fn: SyntaxNode | undefined): "data" | "constant" | "unseen" {
  if (/^(?:self\.)?request\./.test(subject) || /^self\.kwargs\b/.test(subject)) return "data";
  if (!fn) return "unseen";
  const params = parameters(fn).map((p) => p.name);
  const head = subject.split(".")[0];
  const attr = /^self\.(\w+)$/.exec(subject);
  if (attr) {
    // A field of the model the method belongs to: users edit it through forms and APIs.
    const cls = enclosingClass(fn);
    if (cls && new RegExp(`^[ \\t]+${attr[1]}\\s*=\\s*(?:models\\.)?\\w+Field\\(`, "m").test(cls.text)) return "data";
    return "unseen";
  }
  // A parameter of a view (after `request`) is a URL parameter; any other function's parameter comes from callers
  // out of sight.
  if (params.includes(head) && head !== "self") return params.includes("request") ? "data" : "unseen";
  const body = fn.childForFieldName("body")?.text ?? "";
  const assigned = [...body.matchAll(new RegExp(`^[ \\t]*${escape(head)}\\s*=\\s*([^\\n]+)`, "gm"))].map((m) => m[1]);
  if (!assigned.length) return "unseen";
  if (assigned.some((v) => /\brequest\.|\bself\.kwargs\b|cleaned_data/.test(v))) return "data";
  return assigned.every((v) => /^(?:["'f]|os\.path\.join\(\s*settings\.|settings\.)/.test(v) && !/\(\s*\w+\s*\)/.test(v)) ? "constant" : "unseen";
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const squash = (s: string) => (s.length > 60 ? s.slice(0, 57) + "..." : s).replace(/\s+/g, " ");
