import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import type { TaintHit } from "../../src/core/analysis/taint/types.js";
import { flowMessages, reportTaint } from "./report-taint.js";
import { staffOnly } from "./staff-only.js";

export default defineRule({
  id: "mass-assignment",
  severity: "high",
  confidence: "medium",
  cwe: 915,
  owasp: "A08:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/forms/modelforms/#selecting-the-fields-to-use",
  docs: {
    what:
      "Finds whole request dictionaries unpacked into ORM calls (`create(**request.POST.dict())`, `filter(**request.GET.dict())`), model constructors, or `setattr()` with request-chosen names. A `setattr()` inside a `case` of `match name:` whose patterns are only string literals is an allow-list and not reported; so is a key kept only after membership in a collection the code holds (`if key in self.filter_fields`, `if key not in ALLOWED: continue`, a model's field names), also when the dictionary comes back from a helper in a tuple. Membership in the request's own data (`if key in request.GET`) bounds nothing. " +
      "Names built only from constants and a project form's `cleaned_data` of a `ChoiceField`, `ModelChoiceField` (or a `ModelForm` field of a model field with `choices=`) " +
      "are among names the server defined, and so are the keys of `form.cleaned_data` (unless the form adds fields named from its input): neither is reported. " +
      "One field's cleaned value unpacked as keywords (`create(**form.cleaned_data[\"voucher\"])`) is a mapping its field or `clean_<field>()` built: low confidence.",
    note:
      "Confidence follows the evidence that the client picks the names: the keys of a whole request mapping (`request.POST`, `request.data`, " +
      "`request.GET.items()`, `json.loads(request.body)`), a client dictionary unpacked as it came (`create(**request.data['attrs'])`), or a " +
      "`setattr` name that is the request value itself keep the rule's confidence. A name the code builds from one request value (`'is_' + kind`, " +
      "`{f\"{field}__icontains\": q}`), usually bounded by something out of sight (a form's choices, a route, a check against the model), and code " +
      "only staff reach (a `ModelAdmin`, also through a base class of the module, `@staff_member_required`) are low confidence.",
    why: "The client picks the field names: it can set `is_staff` or `price` on create, or filter on `password__startswith` to extract secrets one character at a time.",
    example:
      "from .models import Order\n\ndef create_order(request):\n    Order.objects.create(**request.POST.dict())\n",
    good: "from .forms import OrderForm\n\ndef create_order(request):\n    form = OrderForm(request.POST)\n    if form.is_valid():\n        form.save()\n",
    fix: "Validate with a `ModelForm` or serializer that lists its `fields`, or copy the allowed keys explicitly: `{k: request.POST[k] for k in ALLOWED_FIELDS}`.",
  },
  messages: flowMessages("so the client chooses which fields are set or queried", "Use a form or serializer with an explicit field list."),
  checkModule: (ctx) =>
    reportTaint(ctx, "mass-assignment", (hit) => {
      if (nameLimitedByMatchCase(hit.node)) return null;
      // Views only staff reach (a `ModelAdmin`, `@staff_member_required`): people who edit these models already.
      if (staffOnly(hit.node)) return { confidence: "low" };
      return clientChosenNames(hit) ? {} : { confidence: "low" };
    }),
});

// A whole request mapping: its keys are the client's by construction (`request.POST`, `request.data.copy()`,
// `request.GET.items()`, `json.loads(request.body)`).
const REQUEST_MAPPING =
  /^(?:self\.)?request\.(?:POST|GET|data|query_params|REQUEST|body|json)(?:\.(?:dict|copy|items|keys|lists|values)\(\))?$|^json\.loads\((?:self\.)?request\.(?:body|data)(?:\.decode\([^)]*\))?\)$|^dict\((?:self\.)?request\.(?:POST|GET|data|query_params)(?:\.items\(\))?\)$/;

const ONE_CLEANED_FIELD = /cleaned_data(?:\[["'][^"']+["']\]|\.get\(["'][^"']+["'][^)]*\))$/;

/**
 * The evidence that the client picks the names: the keys come from a whole request mapping, or the value the sink
 * unpacks (`create(**attrs)`, `defaults=attrs`) or the `setattr` name is the request value itself, unchanged. A single
 * request value that the code builds into a name (`'is_%s' % kind`, `{f"{field}__icontains": q}`) is usually
 * bounded by something out of sight (a form's choices, a route's pattern, a dictionary of models, a check against
 * the model's fields): on projects nobody tuned against every such finding was judged false, so it is worth a look (low).
 */
export function clientChosenNames(hit: TaintHit): boolean {
  const label = hit.origin.label.replace(/^`|`$/g, "").replace(/\s+/g, "");
  if (REQUEST_MAPPING.test(label)) return true;
  // One form field's cleaned value is a mapping only when its field or its `clean_<field>()` builds one (a parsed
  // upload, a `JSONField`); which keys it has is out of sight here. Worth a look, not a comment.
  if (ONE_CLEANED_FIELD.test(label)) return false;
  const same = (n: SyntaxNode | null | undefined) => {
    const text = n?.text.replace(/\s+/g, "");
    return !!text && (text === label || text === hit.origin.name);
  };
  let call: SyntaxNode | null = hit.node;
  while (call && call.type !== "call") call = call.parent;
  const args = call?.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
  if (call?.childForFieldName("function")?.text === "setattr") return same(args[1]);
  return args.some((a) =>
    a.type === "dictionary_splat" ? same(a.namedChildren[0])
    : a.type === "keyword_argument" ? /^(?:create_)?defaults$/.test(a.childForFieldName("name")?.text ?? "") && same(a.childForFieldName("value"))
    : /\.update$/.test(call?.childForFieldName("function")?.text ?? "") && same(a));
}

/**
 * True when the sink is `setattr(obj, name, value)` inside a `case` of `match name:` whose patterns are only string
 * literals (`case "bio" | "github":`): the attribute is one of the names the developer listed, an allow-list.
 */
export function nameLimitedByMatchCase(sink: SyntaxNode): boolean {
  let call: SyntaxNode | null = sink;
  while (call && call.type !== "call") call = call.parent;
  if (!call || call.childForFieldName("function")?.text !== "setattr") return false;
  const name = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment")[1];
  if (name?.type !== "identifier") return false;
  for (let n: SyntaxNode | null = call.parent; n; n = n.parent) {
    if (n.type === "function_definition") return false;
    if (n.type !== "case_clause") continue;
    const match = n.parent?.parent;
    if (match?.type !== "match_statement" || match.childForFieldName("subject")?.text !== name.text) continue;
    const patterns = n.namedChildren.filter((c) => c.type === "case_pattern");
    const literals = patterns.flatMap((p) => p.namedChildren.flatMap((c) => (c.type === "union_pattern" ? c.namedChildren : [c])));
    return literals.length > 0 && literals.every((l) => l.type === "string" && !l.namedChildren.some((c) => c.type === "interpolation"));
  }
  return false;
}
