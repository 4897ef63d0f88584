import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isComponentUrlParam, isFilePathField, isPlainNameField, isPlainNameUrlParam, isSegmentUrlParam } from "../../src/core/analysis/project-index.js";
import { passedToGuard } from "../../src/core/analysis/redirect-guards.js";
import { enclosingFunction, stringText } from "../../src/core/analysis/taint/syntax.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { moduleFunctions, onlyInsideComponent } from "./path-component.js";
import { flowMessages, reportTaint, topLevelFunctionAt } from "./report-taint.js";

function firstArgument(call: SyntaxNode): SyntaxNode | undefined {
  if (call.type !== "call") return undefined;
  return call.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment" && a.type !== "keyword_argument");
}

/** The constant key `value["key"]` or `value.get("key")` reads, if the node is such a read. */
function readKey(node: SyntaxNode | undefined): string | undefined {
  if (node?.type === "subscript") {
    const key = node.childForFieldName("subscript");
    return key ? stringText(key) : undefined;
  }
  if (node?.type === "call") {
    const fn = node.childForFieldName("function");
    const key = firstArgument(node);
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "get" && key) return stringText(key);
  }
  return undefined;
}

/**
 * True when the source reads `<form>.cleaned_data["<field>"]` and every assignment of `<form>` in the view builds a
 * project form class (`form = AddTemplateForm(request.POST)`, or through a parameter defaulting to one:
 * `def add(request, form_class=AddTemplateForm): form = form_class(request.POST)`) whose body declares the field as a
 * plain name (see `ProjectIndex.plainNameFormFields`).
 */
function plainFieldOfViewForm(sink: SyntaxNode, label: string, byClass: Record<string, string[]> | undefined): boolean {
  if (!byClass) return false;
  const m = /^`?(\w+)\.cleaned_data(?:\[\s*["'](\w+)["']\s*\]|\.get\(\s*["'](\w+)["'])/.exec(label);
  const field = m?.[2] ?? m?.[3];
  if (!m || !field) return false;
  let fn = enclosingFunction(sink);
  for (let outer = fn && enclosingFunction(fn); outer; outer = enclosingFunction(outer)) fn = outer;
  if (!fn) return false;
  const defaults = new Map<string, string>();
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type !== "default_parameter" && p.type !== "typed_default_parameter") continue;
    const name = p.childForFieldName("name")?.text;
    const value = p.childForFieldName("value")?.text;
    if (name && value && /^[\w.]+$/.test(value)) defaults.set(name, value.slice(value.lastIndexOf(".") + 1));
  }
  const built = [...(fn.childForFieldName("body")?.text ?? "").matchAll(new RegExp(`(?<![\\w.])${m[1]}\\s*=(?!=)\\s*([^\\n]*)`, "g"))];
  if (!built.length) return false;
  return built.every((a) => {
    const callee = /^([\w.]+)\(/.exec(a[1])?.[1];
    if (!callee) return false;
    const name = callee.slice(callee.lastIndexOf(".") + 1);
    const cls = defaults.get(name) ?? name;
    return /^[A-Z]/.test(cls) && (byClass[cls] ?? []).includes(field);
  });
}

export default defineRule({
  id: "tainted-path",
  severity: "high",
  confidence: "medium",
  cwe: 22,
  owasp: "A01:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/files/",
  docs: {
    what: "Follows request data into file paths: `open()`, `FileResponse`, storage `open()`/`delete()`, `pathlib` reads and writes, and `os.path.join()` feeding them.",
    why: "`../` in a file name reads or overwrites files outside the intended folder, such as settings with secrets or the code itself.",
    example:
      "import os\nfrom django.conf import settings\nfrom django.http import HttpResponse\n\ndef download(request):\n    path = os.path.join(settings.MEDIA_ROOT, request.GET['file'])\n    with open(path, 'rb') as f:\n        return HttpResponse(f.read())\n",
    good: "from django.http import FileResponse\nfrom django.shortcuts import get_object_or_404\n\nfrom .models import Document\n\ndef download(request):\n    doc = get_object_or_404(Document, pk=request.GET['id'], owner=request.user)\n    return FileResponse(doc.file.open('rb'))\n",
    note: "An uploaded file's `.name` is not reported: Django's multipart parser keeps only its last path component and refuses `.` and `..`, so it cannot leave the folder it is joined to (two uploads with one name can still overwrite each other; prefer a generated name). Nor is the `.path` or `.name` of an upload assigned to a model's `FileField`: the storage confines `.path` to its folder and names the file itself on `save()`. A URL parameter that every route captures without `/` (`<slug:...>`, `<int:...>`, `[\\w.-]+`) and that the view only ever places after other text of the same path component (`f\"{user}__{name}\"`, `\"__\".join([user, name])`, also inside a helper of the module) is one file name and not reported; with `<str:...>` or `[^/]+`, which let a backslash through (a folder separator on Windows), it is reported at low confidence. A URL parameter that every route captures with a pattern admitting neither `/`, `\\` nor `.` (`(?P<identifier>\\d+)`, `\\w+`, `<int:...>`, `<slug:...>`, also in a pattern formatted with `%`) is neither a separator nor `..` and is not reported wherever the view places it. Nor is a form field that every declaration in the project makes an `IntegerField`, a `SlugField`, a `UUIDField` or a `RegexField` whose anchored pattern admits no `/`, `\\` or `.` (`RegexField(regex=r\"^[a-z][0-9a-z_-]+$\")`), or that the form class the view builds declares so (`form = AddTemplateForm(request.POST)`, also through a `form_class=AddTemplateForm` parameter). `Path(value).name` and `.stem` count as `os.path.basename()`, and `path.is_relative_to(folder)` on a path resolved first (`path = (folder / name).resolve()`) as a containment check, and so is `os.path.commonpath([folder, path]) == folder` (or `!=` then `raise`/`return`; also `commonprefix`) on a path resolved first (`realpath`, `abspath`, `resolve()`, a storage's `path()`). A value the view first hands to a project function that checks it with Django's `safe_join` and answers `False` when it leaves the folder (`if not is_valid_path(root, name): raise ...`) is reported at low confidence. A storage's `path(name)` reads no file and Django builds it with `safe_join` (a name that leaves the storage's folder raises `SuspiciousFileOperation`): reported at low confidence. A view only superusers reach is low confidence: one under `@user_passes_test(lambda u: u.is_superuser)`, a `SuperuserRequiredMixin` or a project decorator whose body lets only superusers through, or whose body first refuses everyone else (`if not request.user.is_superuser: raise PermissionDenied`). Superusers hold every permission already; a staff check does not count.",
    fix: "Look files up by id in the database, or reduce the name with `os.path.basename()` / `get_valid_filename()` and check the resolved path stays inside the folder.",
  },
  messages: flowMessages("so the client can pick files outside the intended folder", "Reduce it with `os.path.basename()` or look the file up by id."),
  checkModule: (ctx) => {
    let functions: Map<string, SyntaxNode | null> | undefined;
    reportTaint(ctx, "path", (hit) => {
      // A storage's `path(name)` reads no file, and Django's storages build it with `safe_join`, which raises
      // SuspiciousFileOperation for a name that leaves the storage's folder: what is left to confirm is which of the
      // storage's files the name may reach. Listed, not commented.
      if (/\.path$/.test(hit.sink) && /(^|_)storage\.path$/i.test(hit.sink)) return { confidence: "low" };
      // `open(item["path"])` with `path` a `forms.FilePathField` wherever the project declares it: the form only
      // accepts one of the files Django listed under the field's folder.
      if (/\bcleaned_data\b/.test(hit.origin.label) && isFilePathField(ctx.project.index, readKey(firstArgument(hit.node)))) return null;
      // `form.cleaned_data["template_name"]` where every declaration of the field cleans to a value without `/`, `\\` or
      // `.` (a `RegexField` anchored to `^[a-z][0-9a-z_-]+$`, a `SlugField`): no separator and no `..`.
      if (isPlainNameField(ctx.project.index, hit.origin.label) || plainFieldOfViewForm(hit.node, hit.origin.label, ctx.project.index?.plainNameFormFields)) return null;
      // The view handed the value to a project check built on `safe_join` (`if not is_valid_path(root, current_dir):
      // raise Http403`) before the sink: checked; whether the branches use the answer is for a reviewer to confirm.
      const pathGuards = ctx.project.index?.pathGuards;
      if (pathGuards?.length && hit.origin.name) {
        const sinkFn = enclosingFunction(hit.node);
        const before = sinkFn ? ctx.text.slice(sinkFn.startIndex, hit.node.startIndex) : "";
        if (passedToGuard(before, hit.origin.name, pathGuards)) return { confidence: "low" };
      }
      // A URL parameter no route lets hold `/` (`<str:name>`, `<slug:name>`, `[^/]+`), only ever placed after text of
      // its own path component (`f"{user}__{name}"`): part of one file name, it can neither be `..` nor leave the folder.
      const param = /^URL parameter `(\w+)`$/.exec(hit.origin.label)?.[1];
      const view = param ? topLevelFunctionAt(ctx.root, hit.origin.line) : undefined;
      // A URL parameter every route captures without `/`, `\\` or `.` (`(?P<identifier>\d+)`, `\w+`, `<int:...>`): neither
      // a separator nor `..`, wherever it is placed it names something inside the folder it is joined to.
      if (param && view && isPlainNameUrlParam(ctx.project.index, view, param)) return null;
      if (!param || !view || !isComponentUrlParam(ctx.project.index, view, param)) return {};
      const def = ctx.root.descendantsOfType("function_definition").find((d) => d.startPosition.row + 1 === hit.origin.line);
      functions ??= moduleFunctions(ctx.root);
      if (!def || !onlyInsideComponent(def, param, functions)) return {};
      // `<str:...>` and `[^/]+` let a backslash through, a folder separator on a Windows server: listed, not commented.
      return isSegmentUrlParam(ctx.project.index, view, param) ? null : { confidence: "low" };
    });
  },
});
