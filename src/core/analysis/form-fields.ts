import { pythonModuleName } from "./imports.js";
import { modelField, type ModelFacts } from "./model-fields.js";
import type { SourceFile } from "./types.js";

/**
 * What a form field's cleaned value can be:
 * - `choice`: one of a closed set the server defines: a `ChoiceField`'s `choices` (and its typed and multiple
 *   variants), or a model instance a `ModelChoiceField` looked up in its queryset. A `ModelForm` makes such a field
 *   of a model field with `choices=` and of a relation.
 * - `bounded`: a number, date, time, flag, UUID, slug or IP address: no markup, but not a closed set (a slug can
 *   spell `password__startswith`).
 * - `text`: anything else, including a field whose `clean_<name>()` or `clean()` replaces the value.
 */
export type FormFieldKind = "choice" | "bounded" | "text";

/** What one form class of the project declares (see `formFacts`). */
export interface FormFacts {
  /** Base class names as written, last dotted part (`forms.ModelForm` -> `ModelForm`). */
  bases: string[];
  /** Declared field name -> kind: class-body fields, `self.fields["x"] = ...` in methods, and a `ModelForm`'s model fields. */
  fields: Record<string, FormFieldKind>;
  /**
   * Some method adds fields under names computed at run time from what the form was given
   * (`for name in self.data: self.fields[name] = ...`): the keys of `cleaned_data` are then not the class's own.
   */
  dynamic?: boolean;
  /** The dotted modules that define a class of this name (`app.forms` for `app/forms.py`). */
  modules: string[];
}

/** Django's form fields whose cleaned value is one of a closed, server-defined set. */
export const CHOICE_FORM_FIELDS = new Set([
  "ChoiceField", "TypedChoiceField", "MultipleChoiceField", "TypedMultipleChoiceField", "ModelChoiceField", "ModelMultipleChoiceField",
]);

/** Django's form fields whose cleaned value is a number, date, time, flag, UUID, slug or IP address. */
export const BOUNDED_FORM_FIELDS = new Set([
  "IntegerField", "FloatField", "DecimalField", "BooleanField", "NullBooleanField", "DateField", "DateTimeField", "TimeField",
  "DurationField", "UUIDField", "SlugField", "GenericIPAddressField",
]);

function kindOfClass(type: string): FormFieldKind {
  return CHOICE_FORM_FIELDS.has(type) ? "choice" : BOUNDED_FORM_FIELDS.has(type) ? "bounded" : "text";
}

/** Two declarations of one name: the value can be either. */
function worse(a: FormFieldKind | undefined, b: FormFieldKind): FormFieldKind {
  if (a === undefined || a === b) return b;
  return a === "text" || b === "text" ? "text" : "bounded";
}

// `name = forms.ChoiceField(`, `name = ChoiceField(`: group 1 indentation, 2 name, 3 module prefix, 4 class.
const DECLARATION = /^([ \t]+)(\w+)[ \t]*=[ \t]*((?:\w+\.)*)(\w+)\(/gm;
// `self.fields["name"] = forms.X(` (group 1 name, 3 class) or `self.fields[expr] = ` (group 2 the expression).
const FIELD_ASSIGNMENT = /\bself\.fields\[(?:\s*["'](\w+)["']\s*|((?:[^[\]\n]|\[[^[\]\n]*\])+))\][ \t]*=(?!=)[ \t]*(?:(?:\w+\.)*(\w+)\()?/g;
// Names a form's methods get what it was given under: the bound data, the constructor's arguments.
const GIVEN = /\b(?:data|request|args|kwargs|initial|POST|GET|query_params)\b/;

/** The class body (up to the next top-level line) that starts at `start`. */
function classBody(text: string, start: number): string {
  const next = /\n(?=[^\s#])/g;
  next.lastIndex = start;
  const m = next.exec(text);
  return text.slice(start, m ? m.index : text.length);
}

/**
 * Whether `self.fields[key] = ...` names a field from what the form was given: the key, or the loop that binds a
 * name in it, reads bound data or constructor arguments (or a parameter of a method of the form); a key whose
 * names come from elsewhere (a constant list, the database) is the server's.
 */
function keyFromInput(key: string, body: string, params: ReadonlySet<string>): boolean {
  const given = (c: string) => GIVEN.test(withoutStrings(c)) || namesIn(c).some((n) => params.has(n));
  if (given(key)) return true;
  // `for a, b in items:` lines as [targets, iterable], split at the first ` in ` (no regex backtracking).
  const loops: [string[], string][] = [];
  for (const line of body.split("\n")) {
    const t = line.trimStart();
    if (!t.startsWith("for ")) continue;
    const at = t.indexOf(" in ");
    if (at > 0) loops.push([namesIn(t.slice(4, at)), t.slice(at + 4)]);
  }
  for (const name of namesIn(key)) {
    if (name === "self") continue;
    // The loop that binds the name, or else its one assignment: the values they take.
    const loop = loops.find(([targets]) => targets.includes(name));
    const assigned = loop ? undefined : new RegExp(`^[ \\t]*${name}[ \\t]*=(?!=)([^\\n]*)`, "m").exec(body);
    const from = loop?.[1] ?? assigned?.[1];
    if (from === undefined || given(from)) return true;
  }
  return false;
}

/** Names a piece of code reads, not attributes after a dot and not text inside string literals. */
function namesIn(c: string): string[] {
  return [...withoutStrings(c).matchAll(/(?<![.\w])[A-Za-z_]\w*/g)].map((m) => m[0]);
}

/** The code with each string literal's text left out (`'tag_%d' % x` -> `"" % x`), in one pass. */
function withoutStrings(c: string): string {
  let out = "";
  for (let i = 0; i < c.length; i++) {
    const q = c[i];
    if (q !== '"' && q !== "'") {
      out += q;
      continue;
    }
    let j = i + 1;
    while (j < c.length && c[j] !== q && c[j] !== "\n") j += c[j] === "\\" ? 2 : 1;
    out += '""';
    i = j;
  }
  return out;
}

/**
 * The project's form classes (classes deriving from a `...Form` class, or declaring Django form fields) and their
 * fields' kinds (see `FormFacts`). A `ModelForm` also gets the fields its `Meta.model` declares, within
 * `Meta.fields`/`Meta.exclude`. Read from file texts only. The same class name in two modules: a field either
 * declares differently counts as the worse kind, and either dynamic makes both.
 */
export function formFacts(files: readonly SourceFile[], models: Record<string, ModelFacts> = {}): Record<string, FormFacts> {
  const out: Record<string, FormFacts> = {};
  for (const file of files) {
    if (!file.path.endsWith(".py") || !file.text.includes("Form") || /(?:^|\/)migrations\//.test(file.path)) continue;
    const text = file.text;
    const module = pythonModuleName(file.path);
    for (const c of text.matchAll(/^class (\w+)(?:\(([^)]*)\))?\s*:/gm)) {
      const bases = (c[2] ?? "").split(",").map((b) => b.trim().replace(/^.*\./, "")).filter((b) => /^\w+$/.test(b));
      const body = classBody(text, c.index! + c[0].length);
      const declares = /\bforms\.\w*Field\(/.test(body);
      if (!declares && !bases.some((b) => /Form(?:Mixin)?$/.test(b))) continue;
      const indentOf = /^([ \t]+)\S/m.exec(body)?.[1] ?? "    ";
      const fields: Record<string, FormFieldKind> = {};
      for (const d of body.matchAll(DECLARATION)) {
        const [, indent, name, prefix, type] = d;
        if (indent !== indentOf || !/Field$/.test(type) || /(?:^|\.)(?:models|serializers)\.$/.test(prefix)) continue;
        fields[name] = worse(fields[name], kindOfClass(type));
      }
      const params = new Set<string>();
      for (const m of body.matchAll(/^[ \t]+def \w+\(([^)]*)\)/gm)) {
        for (const p of m[1].split(",")) {
          const name = /^\s*\**(\w+)/.exec(p)?.[1];
          if (name && name !== "self" && name !== "cls") params.add(name);
        }
      }
      let dynamic = false;
      for (const a of body.matchAll(FIELD_ASSIGNMENT)) {
        if (a[1] !== undefined) fields[a[1]] = worse(fields[a[1]], a[3] !== undefined && /Field$/.test(a[3]) ? kindOfClass(a[3]) : "text");
        else if (keyFromInput(a[2], body, params)) dynamic = true;
      }
      // `clean_<name>()` returns the field's new value; `cleaned_data["name"] = ...` replaces it.
      for (const m of body.matchAll(/^[ \t]+def clean_(\w+)\(/gm)) fields[m[1]] = "text";
      for (const m of body.matchAll(/\bcleaned_data\[\s*["'](\w+)["']\s*\][ \t]*=(?!=)/g)) fields[m[1]] = "text";
      const meta = /^[ \t]+class Meta\b[^\n]*:/m.exec(body);
      const model = meta ? /^[ \t]+model[ \t]*=[ \t]*(?:[\w.]*\.)?(\w+)[ \t]*$/m.exec(body.slice(meta.index))?.[1] : undefined;
      const facts = model ? models[model] : undefined;
      if (facts && meta) {
        const metaText = body.slice(meta.index);
        const listed = (key: string) => {
          const m = new RegExp(`^[ \\t]+${key}[ \\t]*=[ \\t]*[[(]([^\\])]*)[\\])]`, "m").exec(metaText);
          return m ? [...m[1].matchAll(/["'](\w+)["']/g)].map((x) => x[1]) : undefined;
        };
        const all = /^[ \t]+fields[ \t]*=[ \t]*["']__all__["']/m.test(metaText);
        const include = listed("fields");
        const exclude = listed("exclude") ?? [];
        const names = include ?? (all || exclude.length ? Object.keys(facts.fields) : []);
        for (const name of names) {
          if (exclude.includes(name) || fields[name] !== undefined) continue;
          const kind = modelField(models, model!, name);
          if (kind === undefined) continue;
          fields[name] = kind.startsWith("=") || facts.choiceFields?.includes(name) ? "choice" : kind === "safe" ? "bounded" : "text";
        }
      }
      const prev = out[c[1]];
      if (prev) {
        for (const [n, k] of Object.entries(fields)) prev.fields[n] = worse(prev.fields[n], k);
        prev.bases.push(...bases.filter((b) => !prev.bases.includes(b)));
        if (dynamic) prev.dynamic = true;
        if (!prev.modules.includes(module)) prev.modules.push(module);
      } else out[c[1]] = { bases, fields, ...(dynamic ? { dynamic } : {}), modules: [module] };
    }
  }
  return out;
}

/**
 * The project form class an imported or local name refers to: `qualified` is the name as the module's imports spell
 * it (`app.forms.SearchForm`, `.forms.SearchForm`), undefined for a class of the module itself. A class imported
 * from a module that defines no project form of that name (a package's own `SearchForm`) is not the project's.
 */
export function projectFormClass(forms: Record<string, FormFacts>, local: string, qualified: string | undefined): string | undefined {
  const name = qualified === undefined ? local : qualified.slice(qualified.lastIndexOf(".") + 1);
  if (!Object.prototype.hasOwnProperty.call(forms, name)) return undefined;
  if (qualified === undefined) return name;
  const module = qualified.slice(0, qualified.length - name.length - 1);
  // Relative imports name a module of the project; `app.forms` matches `app/forms.py`, `src/app/forms.py`, and
  // a package `app/forms/__init__.py` re-exporting `app/forms/search.py`.
  if (module === "" || module.startsWith(".")) return name;
  if (/^django\./.test(module)) return undefined;
  return forms[name].modules.some((m) => `.${m}.`.includes(`.${module}.`)) ? name : undefined;
}

/** The kind of `field` on form class `form`, following project base classes; undefined when unknown. */
export function formFieldKind(forms: Record<string, FormFacts> | undefined, form: string, field: string, depth = 0): FormFieldKind | undefined {
  const facts = forms?.[form];
  if (!facts || depth > 8) return undefined;
  if (Object.prototype.hasOwnProperty.call(facts.fields, field)) return facts.fields[field];
  for (const b of facts.bases) {
    if (b === form) continue;
    const k = formFieldKind(forms, b, field, depth + 1);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** Whether the form class or a project base adds fields under names taken from its input (see `FormFacts.dynamic`). */
export function isDynamicForm(forms: Record<string, FormFacts> | undefined, form: string, depth = 0): boolean {
  const facts = forms?.[form];
  if (!facts || depth > 8) return false;
  return !!facts.dynamic || facts.bases.some((b) => b !== form && isDynamicForm(forms, b, depth + 1));
}
