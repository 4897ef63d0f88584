import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { hasSplat, keywordArg } from "../sql-injection/string-building.js";


/** The `name` in `name = FileField(...)` and the class body holding it, when the call is a class attribute. */
function fieldContext(call: SyntaxNode): { name?: string; cls?: SyntaxNode } {
  const assignment = call.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("right")?.id !== call.id) return {};
  const left = assignment.childForFieldName("left");
  const name = left?.type === "identifier" ? left.text : undefined;
  const body = assignment.parent?.type === "expression_statement" ? assignment.parent.parent : undefined;
  const cls = body?.type === "block" && body.parent?.type === "class_definition" ? body.parent : undefined;
  return { name, cls };
}

interface CleanMethods {
  /** Names of `clean_<field>` methods. */
  fieldCleaners: Set<string>;
  /** Body text of `clean()`, if defined. */
  clean?: string;
}

const cleanCache = new WeakMap<SyntaxNode, Map<number, CleanMethods>>();

function cleanMethods(cls: SyntaxNode): CleanMethods {
  const root = cls.tree.rootNode;
  let perTree = cleanCache.get(root);
  if (!perTree) cleanCache.set(root, (perTree = new Map()));
  const cached = perTree.get(cls.id);
  if (cached) return cached;
  const out: CleanMethods = { fieldCleaners: new Set() };
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type !== "function_definition") continue;
    const method = def.childForFieldName("name")?.text ?? "";
    if (method.startsWith("clean_")) out.fieldCleaners.add(method);
    else if (method === "clean") out.clean = def.childForFieldName("body")?.text ?? "";
  }
  perTree.set(cls.id, out);
  return out;
}

// A form's clean_<field>() or a model's clean() that mentions the field is where projects validate uploads.
function validatedInClass(cls: SyntaxNode, name: string): boolean {
  const methods = cleanMethods(cls);
  return methods.fieldCleaners.has(`clean_${name}`) || (methods.clean !== undefined && new RegExp(`\\b${name}\\b`).test(methods.clean));
}

export default defineRule({
  id: "upload-without-validation",
  severity: "medium",
  confidence: "low",
  cwe: 434,
  owasp: "A04:2021",
  guideSection: "file-uploads",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/validators/#fileextensionvalidator",
  docs: {
    what: "Finds model and form `FileField`s and `ImageField`s declared without `validators=` and without a `clean_<field>()` method that could check the uploaded file.",
    why:
      "A `FileField` accepts any file of any size. Uploaded HTML, SVG or scripts served back from your domain can run script in visitors' browsers, and very large files can fill the disk.",
    example:
      "from django.db import models\n\nclass Document(models.Model):\n    file = models.FileField(upload_to=\"documents/\")\n",
    summary: "Finds FileFields and ImageFields declared with no validation of the uploaded file.",
    good: "from django.core.validators import FileExtensionValidator\nfrom django.db import models\n\nfrom .validators import validate_file_size\n\nclass Document(models.Model):\n    file = models.FileField(\n        upload_to=\"documents/\",\n        validators=[FileExtensionValidator([\"pdf\", \"png\"]), validate_file_size],\n    )\n",
    fix:
      "Add validators that check the extension and size, e.g. `validators=[FileExtensionValidator([\"pdf\", \"png\"]), validate_file_size]` where `validate_file_size` raises `ValidationError` above your limit, or check the file in the form's `clean_<field>()`. Serve uploads from a separate domain or storage, never from the app's own origin.",
    note:
      "An `ImageField` without validators is reported at low severity: it already checks the extension (`validate_image_file_extension`) and, in forms, that Pillow can open the file, but nothing limits its size. Any validator given is accepted, since project validators cannot be inspected here. Model fields with `editable=False` are skipped: no form or admin page accepts uploads for them.",
  },
  mentions: /FileField|ImageField/,
  messages: {
    noValidators:
      "`{{field}}` accepts any file type and size. Add `validators=` (e.g. `FileExtensionValidator([...])` plus a size check) or validate it in `clean_{{field}}()`.",
    imageNoSizeLimit:
      "`{{field}}` checks that uploads are images, but not their size, so one upload can fill the disk or the memory Pillow decodes it into. Add a size validator in `validators=` or check `file.size` in `clean_{{field}}()`.",
  },
  checkModule({ root, text, imports, report }) {
    const index = callIndex(root, imports, text);
    const images = new Set(callsTo(index, ...TRACKED.imageFields));
    for (const call of callsTo(index, ...TRACKED.fileFields, ...TRACKED.imageFields)) {
      if (hasSplat(call)) continue;
      const validators = keywordArg(call, "validators");
      const empty = validators && (validators.type === "list" || validators.type === "tuple") && validators.namedChildren.every((c) => c.type === "comment");
      if (validators && !empty) continue;
      // `editable=False` model fields never appear in forms or the admin: only code fills them.
      if (keywordArg(call, "editable")?.type === "false") continue;
      const { name, cls } = fieldContext(call);
      if (name && cls && validatedInClass(cls, name)) continue;
      if (images.has(call)) report(call, "imageNoSizeLimit", { field: name ?? "image" }, { severity: "low" });
      else report(call, "noValidators", { field: name ?? "file" });
    }
  },
});
