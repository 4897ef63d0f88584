import { BOUNDED_FORM_FIELDS, CHOICE_FORM_FIELDS } from "./form-fields.js";
import type { ModelFacts } from "./model-fields.js";
import type { SourceFile } from "./types.js";

/**
 * Form field classes whose cleaned value is a number, date, time, flag, UUID, slug, IP address, one of the field's
 * fixed `choices`, or a model instance (`ModelChoiceField` looks the submitted key up in its queryset): the form facts'
 * choice and bounded kinds.
 */
const BOUNDED_FORM_TYPES = new Set([...CHOICE_FORM_FIELDS, ...BOUNDED_FORM_FIELDS]);

// `name = forms.ChoiceField(`, `name = models.CharField(`, `name = CharField(` in a class body.
const DECLARATION = /^[ \t]+(\w+)[ \t]*=[ \t]*((?:\w+\.)*)(\w+Field)\(/gm;

/**
 * Names whose `cleaned_data[...]` is bounded wherever the project declares them: every model field of that name is
 * one a `ModelForm` turns into a bounded form field (fixed `choices` give a `TypedChoiceField`; numbers, dates, slugs,
 * relations give their own bounded fields; see `ModelFacts.fields`), and every form field declared under that name
 * is of a bounded class. A name some form or model declares as free text anywhere is left out, and so is a name
 * declared by a field class this module does not know (a bare `CharField(` could be either).
 */
export function boundedCleanedFields(files: readonly SourceFile[], models: Record<string, ModelFacts>): string[] {
  const bounded = new Map<string, boolean>();
  const note = (name: string, ok: boolean) => bounded.set(name, (bounded.get(name) ?? true) && ok);
  for (const facts of Object.values(models)) {
    // Any `choices` (constant or not) give a `TypedChoiceField`.
    for (const [name, kind] of Object.entries(facts.fields)) note(name, kind === "safe" || kind.startsWith("=") || (facts.choiceFields?.includes(name) ?? false));
  }
  for (const file of files) {
    if (!file.path.endsWith(".py") || /(?:^|\/)migrations\//.test(file.path) || !file.text.includes("Field(")) continue;
    for (const m of file.text.matchAll(DECLARATION)) {
      const prefix = m[2];
      // Model fields are read into `models` above (with their arguments); serializer fields fill no cleaned_data.
      if (/(?:^|\.)(?:models|serializers)\.$/.test(prefix)) continue;
      note(m[1], BOUNDED_FORM_TYPES.has(m[3]));
    }
  }
  return [...bounded].filter(([, ok]) => ok).map(([name]) => name).sort();
}
