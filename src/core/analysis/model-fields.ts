import type { SourceFile } from "./types.js";

/**
 * What the project's model classes declare, read from file texts only (pure): for each class that declares
 * Django model fields, its base names, what each field can hold, where its relations lead, and which of its
 * methods only ever return a number.
 */
export interface ModelFacts {
  bases: string[];
  /**
   * Field or relation accessor → `safe` (a value that cannot hold markup: a number, date, flag, UUID, slug, IP
   * address, one of fixed `choices` whose values and labels are constants free of markup, or text a validator limits to characters with no meaning in HTML), `file`
   * (a `FileField`/`ImageField`: its `.name`/`.url` come from the storage), `text` (anything else), or
   * `=Target` (a relation, forward or reverse, to the model class `Target`).
   */
  fields: Record<string, string>;
  /**
   * Methods taking only `self` whose every `return` is a number (`round(...)`, `int(...)`, `len(...)`, `sum(...)`, a
   * numeric literal), a string literal free of markup, or a constant of the class (`self.HTTPS` where the class body
   * assigns `HTTPS = "https"`).
   */
  markupFreeMethods: string[];
  /**
   * Methods and properties taking only the instance whose every `return` is HTML some call made safe (`mark_safe(...)`,
   * `format_html(...)`, `render_to_string(...)`, `escape(...)`) or a value `markupFreeMethods` would accept, at least
   * one of them HTML: marking their result safe again adds nothing (any hazard sits in the method, where it is judged).
   * Optional: indexes built before it existed leave it out.
   */
  safeHtmlMethods?: string[];
  /**
   * `CharField`s declared with a `max_length` of at most `SHORT_TEXT` characters (a colour, a currency or country code):
   * too short to carry a script, though `fields` still calls them text. Optional, as above.
   */
  shortText?: string[];
  /**
   * Methods, whatever their parameters (`def get_price_for_user(self, user, list_type="regular")`), whose every `return`
   * is a number or date field of the instance (`self.regular_price`), a numeric literal or a builtin returning a number,
   * and whose body saves, deletes or creates nothing: the caller gets one scalar value of the row. Optional, as above.
   */
  scalarMethods?: string[];
  /** The other methods taking only the instance (neither markup-free nor safe HTML). Optional, as above. */
  otherMethods?: string[];
  /**
   * Fields declared with `choices=`: a `ModelForm` turns each into a `TypedChoiceField`, whose cleaned value is one of
   * those choices. Optional: indexes built before it existed leave it out. Only those whose choices are constants the
   * code spells out (see `ChoiceConstants`) are also `safe` in `fields`.
   */
  choiceFields?: string[];
}

/** Field classes whose value is a number, date, time, flag, UUID, slug or IP address: no markup can be stored. */
const BOUNDED_TYPES = new Set([
  "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
  "PositiveSmallIntegerField", "PositiveBigIntegerField", "FloatField", "DecimalField", "BooleanField", "NullBooleanField",
  "DateField", "DateTimeField", "TimeField", "DurationField", "UUIDField", "SlugField", "GenericIPAddressField", "IPAddressField",
]);
const RELATION_TYPES = new Set(["ForeignKey", "OneToOneField", "ManyToManyField", "ParentalKey", "ParentalManyToManyField", "TreeForeignKey"]);
const FILE_TYPE = /(?:FileField|ImageField)$/;

/**
 * Django's own validators that limit text to characters with no meaning in HTML (letters, digits, `-`, `_`, `.`,
 * `:` of IP addresses, digits and commas, and a username's `@` and `+`). `EmailValidator`/`validate_email` and `URLValidator` are not among them:
 * a quoted local part (`"<svg/onload=...>"@x`) and a URL path may hold `<`, `>` and quotes.
 */
const DJANGO_SAFE_VALIDATORS = new Set([
  "validate_slug", "validate_unicode_slug", "validate_ipv4_address", "validate_ipv6_address", "validate_ipv46_address",
  "validate_integer", "validate_comma_separated_integer_list", "int_list_validator",
  // django.contrib.auth's `^[\w.@+-]+\Z`.
  "UnicodeUsernameValidator", "ASCIIUsernameValidator",
]);

const CHARS_MEANING_HTML = ['<', '>', '"', "'", "&"].map((c) => c.charCodeAt(0));

/**
 * True when a regular expression (its source as written in Python) only matches text free of `<`, `>`, quotes and
 * `&`: anchored at its end (`$`, `\Z`) and at its start (`^`, `\A`, or `startAnchored` when the code uses
 * `re.match`/`.match`/`fullmatch`), and made only of character classes, escapes and literals that exclude those
 * characters (no `.`, no negated class, no `\S`/`\W`/`\D`).
 */
export function isStrictPattern(source: string, startAnchored = false): boolean {
  let s = source;
  if (s.startsWith("\\A")) s = s.slice(2);
  else if (s.startsWith("^")) s = s.slice(1);
  else if (!startAnchored) return false;
  if (s.endsWith("\\Z") || s.endsWith("\\z")) s = s.slice(0, -2);
  else if (s.endsWith("$") && !s.endsWith("\\$")) s = s.slice(0, -1);
  else return false;
  // Lookarounds consume nothing.
  s = s.replace(/\(\?<?[=!](?:\\.|[^()\\])*\)/g, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      const e = s[i + 1] ?? "";
      if (/[SWDbB]/.test(e) || /\d/.test(e) && e !== "0") {
        if (e === "b" || e === "B") { i++; continue; }
        return false;
      }
      if (CHARS_MEANING_HTML.includes(e.charCodeAt(0))) return false;
      if (e === "x" || e === "u" || e === "U" || e === "N") return false;
      i++;
      continue;
    }
    if (c === "[") {
      if (s[i + 1] === "^") return false;
      let j = i + 1;
      const members: number[] = [];
      // The last single character, which a following `-` makes the start of a range (none after a range or `\w`).
      let last: number | undefined;
      for (; j < s.length && s[j] !== "]"; j++) {
        if (s[j] === "\\") {
          const e = s[j + 1] ?? "";
          if (/[SWDxuUN]/.test(e)) return false;
          last = /[wds]/.test(e) ? undefined : e.charCodeAt(0);
          if (last !== undefined) members.push(last);
          j++;
          continue;
        }
        if (s[j] === "-" && last !== undefined && j + 1 < s.length && s[j + 1] !== "]") {
          const lo = last;
          let hi = s[j + 1].charCodeAt(0);
          if (s[j + 1] === "\\") {
            hi = (s[j + 2] ?? "").charCodeAt(0);
            j++;
          }
          j++;
          last = undefined;
          if (CHARS_MEANING_HTML.some((code) => code >= lo && code <= hi)) return false;
          continue;
        }
        last = s[j].charCodeAt(0);
        members.push(last);
      }
      if (j >= s.length) return false;
      if (members.some((code) => CHARS_MEANING_HTML.includes(code))) return false;
      i = j;
      continue;
    }
    if (c === ".") return false;
    if (c === "(" && s[i + 1] === "?" && s[i + 2] !== ":") return false;
    if (CHARS_MEANING_HTML.includes(c.charCodeAt(0))) return false;
  }
  return true;
}

/** The text inside the bracket that opens at `open`, or undefined when it does not close. */
function bracketed(text: string, open: number): string | undefined {
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  const stack: string[] = [];
  let closed = false;
  // Stops at the bracket that closes the first one, or at the first closing bracket that does not match.
  const at = scanCode(text, open, text.length, true, (c) => {
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() !== c) return true;
      closed = !stack.length;
      return closed;
    }
    return false;
  }).stoppedAt;
  return closed && at !== undefined ? text.slice(open + 1, at) : undefined;
}

// A Python string literal (with an optional r/u/b prefix): group 2 is its body.
const STRING_LITERAL = /\b[rRuUbB]{0,2}(["'])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** Regex sources given to `RegexValidator(...)` (first argument or `regex=`) in some code, with `inverse_match` noted. */
function regexValidatorPatterns(code: string): { patterns: string[]; inverse: boolean } {
  const patterns: string[] = [];
  let inverse = false;
  for (const m of code.matchAll(/\bRegexValidator\(/g)) {
    const args = bracketed(code, m.index! + m[0].length - 1) ?? "";
    if (/\binverse_match\s*=\s*True\b/.test(args)) inverse = true;
    const first = /^\s*(?:regex\s*=\s*)?([rRuU]{0,2})(["'])((?:\\.|(?!\2)[^\\\n])*)\2/.exec(args);
    const kw = /\bregex\s*=\s*([rRuU]{0,2})(["'])((?:\\.|(?!\2)[^\\\n])*)\2/.exec(args);
    const lit = first ?? kw;
    patterns.push(lit ? pythonRegexSource(lit[1], lit[3]) : "");
  }
  return { patterns, inverse };
}

/** The regex a Python literal spells: a non-raw literal's `\\` is one backslash. */
function pythonRegexSource(prefix: string, body: string): string {
  return /r/i.test(prefix) ? body : body.replace(/\\\\/g, "\\");
}

/** The text from `start` up to the next line that starts at column 0 (the end of a top-level statement). */
function untilTopLevel(text: string, start: number): string {
  const next = /\n(?=\S)/g;
  next.lastIndex = start;
  const m = next.exec(text);
  return text.slice(start, m ? m.index : text.length);
}

/**
 * The project's validators (a top-level `def validate_x(value)` or `validate_x = RegexValidator(...)`) that only let
 * through text free of markup: every regex they use is strict (see `isStrictPattern`), they raise or delegate to
 * `RegexValidator`, or they call another such validator of the project (one hop, then another).
 */
function safeProjectValidators(files: readonly SourceFile[]): Set<string> {
  const bodies = new Map<string, string>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/\bdef validate_|Validator\(/.test(file.text)) continue;
    for (const m of file.text.matchAll(/^def (\w+)\(/gm)) {
      const body = untilTopLevel(file.text, m.index! + m[0].length);
      bodies.set(m[1], bodies.has(m[1]) ? "" : body);
    }
    for (const m of file.text.matchAll(/^(\w+)\s*=\s*(?:[\w.]*\.)?RegexValidator\(/gm)) {
      const args = bracketed(file.text, m.index! + m[0].length - 1);
      bodies.set(m[1], bodies.has(m[1]) || args === undefined ? "" : `RegexValidator(${args})`);
    }
  }
  const memo = new Map<string, boolean>();
  const safe = (name: string, depth: number): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const body = bodies.get(name);
    if (!body || depth > 3) return false;
    memo.set(name, false);
    let verdict = false;
    const rv = regexValidatorPatterns(body);
    const direct = [...body.matchAll(/\bre\.(match|fullmatch|search|compile)\(\s*([rRuU]{0,2})(["'])((?:\\.|(?!\3)[^\\\n])*)\3/g)];
    const matchAnchored = /\.match\(|\bre\.match\(|fullmatch\(/.test(body);
    const patterns = [
      ...rv.patterns.map((p) => ({ p, start: false })),
      ...direct.map((d) => ({ p: pythonRegexSource(d[2], d[4]), start: d[1] === "fullmatch" || (d[1] !== "search" && matchAnchored) })),
    ];
    const raises = /\braise\s+(?:[\w.]*\.)?ValidationError\b/.test(body) || rv.patterns.length > 0;
    if (patterns.length && !rv.inverse && raises && patterns.every(({ p, start }) => isStrictPattern(p, start))) verdict = true;
    else if (!patterns.length && raises) {
      // A validator that delegates to another validator of the project (or one of Django's safe ones) and raises when it fails.
      const calls = [...body.matchAll(/(?<![\w.])(validate_\w+)\(/g)].map((c) => c[1]).filter((c) => c !== name);
      verdict = calls.length > 0 && calls.every((c) => DJANGO_SAFE_VALIDATORS.has(c) || safe(c, depth + 1));
    }
    memo.set(name, verdict);
    return verdict;
  };
  const out = new Set<string>();
  for (const name of bodies.keys()) if (safe(name, 0)) out.add(name);
  return out;
}

/** Whether a field's `validators=[...]` list holds a validator that keeps markup out. */
function validatorsKeepMarkupOut(args: string, projectSafe: ReadonlySet<string>): boolean {
  const at = /\bvalidators\s*=\s*[[(]/.exec(args);
  if (!at) return false;
  const list = bracketed(args, at.index + at[0].length - 1) ?? "";
  const rv = regexValidatorPatterns(list);
  if (!rv.inverse && rv.patterns.some((p) => isStrictPattern(p))) return true;
  for (const m of list.matchAll(/(?<![\w.])(?:[\w]+\.)*(\w+)\b(?!\s*=)/g)) {
    const name = m[1];
    if (DJANGO_SAFE_VALIDATORS.has(name)) return true;
    if (projectSafe.has(name)) return true;
  }
  return false;
}

/** The model class a relation's first argument names: `Target`, `"app.Target"`, `"self"`, `settings.AUTH_USER_MODEL`. */
function relationTarget(args: string, own: string): string | undefined {
  const m = /^\s*(?:to\s*=\s*)?(?:([\w.]+)|["']([\w.]+)["'])/.exec(args) ?? /\bto\s*=\s*(?:([\w.]+)|["']([\w.]+)["'])/.exec(args);
  if (!m) return undefined;
  const raw = m[1] ?? m[2];
  if (raw === "self") return own;
  if (/AUTH_USER_MODEL$/.test(raw)) return "User";
  const last = raw.slice(raw.lastIndexOf(".") + 1);
  return /^[A-Z]\w*$/.test(last) ? last : undefined;
}

// A field declared in a class body: `name = models.CharField(`, `owner = ForeignKey(`.
const FIELD = /^([ \t]+)(\w+)\s*=\s*([\w.]*\.)?(\w+)\(/gm;
// Fields of forms, serializers and filters: what they declare is input, not what a model stores.
const NOT_MODEL_FIELD = /(?:^|\.)(?:forms|serializers|filters|django_filters)\.$/;
const NOT_MODEL_CLASS = /(?:Form|Serializer|FilterSet|Filter|Admin|Inline|Resource|Table)$/;

/** Model classes of the project and what their fields can hold (see `ModelFacts`). */
export function modelFacts(files: readonly SourceFile[]): Record<string, ModelFacts> {
  const projectSafe = safeProjectValidators(files);
  const choiceConstants = new ChoiceConstants(files);
  let textTables: ReadonlySet<string> | undefined;
  const out: Record<string, ModelFacts> = {};
  const reverse: [string, string, string][] = [];
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/\bmodels\.|Field\(|ForeignKey\(/.test(file.text)) continue;
    const text = file.text;
    const classes = [...text.matchAll(/^class (\w+)(?:\(([^)]*)\))?\s*:/gm)];
    classes.forEach((c, k) => {
      const start = c.index! + c[0].length;
      const end = k + 1 < classes.length ? classes[k + 1].index! : text.length;
      const nextTop = /\n(?=[^\s#])/g;
      nextTop.lastIndex = start;
      const top = nextTop.exec(text);
      const body = text.slice(start, top ? Math.min(end, top.index) : end);
      const own = c[1];
      const baseText = c[2] ?? "";
      if (NOT_MODEL_CLASS.test(own) || baseText.split(",").some((b) => NOT_MODEL_CLASS.test(b.trim()))) return;
      const fields: Record<string, string> = {};
      const choiceFields: string[] = [];
      const shortText: string[] = [];
      // The indentation of the class body's statements: fields of nested classes (`Meta`) sit deeper.
      const indentOf = /^([ \t]+)\S/m.exec(body)?.[1] ?? "    ";
      for (const f of body.matchAll(FIELD)) {
        const [, indent, name, prefix, type] = f;
        if (prefix && NOT_MODEL_FIELD.test(prefix)) continue;
        if (indent !== indentOf) continue;
        const isField = /Field$/.test(type) || RELATION_TYPES.has(type);
        if (!isField) continue;
        const args = bracketed(body, f.index! + f[0].length - 1) ?? "";
        if (RELATION_TYPES.has(type)) {
          const target = relationTarget(args, own);
          if (!target) continue;
          fields[name] = `=${target}`;
          const related = /\brelated_name\s*=\s*["'](\w+)["']/.exec(args)?.[1];
          if (related !== undefined) reverse.push([target, related, own]);
          else reverse.push([target, type === "OneToOneField" ? own.toLowerCase() : `${own.toLowerCase()}_set`, own]);
          continue;
        }
        const choices = keywordValue(args, "choices");
        if (choices !== undefined) choiceFields.push(name);
        if (FILE_TYPE.test(type)) fields[name] = "file";
        else if (BOUNDED_TYPES.has(type) || (choices !== undefined && choiceConstants.choices(choices, text)) || validatorsKeepMarkupOut(args, projectSafe)) fields[name] = "safe";
        else {
          fields[name] = "text";
          const max = /\bmax_length\s*=\s*(\d+)\b/.exec(args);
          if (type === "CharField" && max && Number(max[1]) <= SHORT_TEXT) shortText.push(name);
        }
      }
      if (!Object.keys(fields).length) return;
      // Class constants (`HTTPS = "https"`, `LIMIT = 10`) whose value holds no markup.
      const constants = new Set<string>();
      for (const k of body.matchAll(/^([ \t]+)([A-Z][A-Z0-9_]*)[ \t]*=(?!=)([^\n]*)/gm)) {
        if (k[1] === indentOf && isPlainLiteral(withoutComment(k[3]))) constants.add(k[2]);
      }
      const markupFreeMethods: string[] = [];
      const safeHtmlMethods: string[] = [];
      const otherMethods: string[] = [];
      // `def total(self):`, and `def obj_status(obj):` under `@property`, whatever the instance is called.
      for (const m of body.matchAll(/^([ \t]+)def (\w+)\(\s*\w+\s*\):/gm)) {
        if (m[1] !== indentOf) continue;
        const stop = new RegExp(`\\n${indentOf}(?=\\S)|\\n(?=\\S)`, "g");
        stop.lastIndex = m.index! + m[0].length;
        const next = stop.exec(body);
        const mbody = body.slice(m.index! + m[0].length, next ? next.index : body.length);
        const returns = [...mbody.matchAll(/^[ \t]+return\b(.*)$/gm)].map((r) => withoutComment(r[1]));
        const single = (r: string) =>
          isNumberCall(r) || isPlainLiteral(r) || isTranslatedLiteral(r) || (/^(?:self|cls)\.([A-Z][A-Z0-9_]*)$/.test(r) && constants.has(r.slice(r.indexOf(".") + 1))) ||
          isTableLookup(r, (textTables ??= constantTextTables(files)));
        // `a or b`: either operand (split on ` or ` only outside literals: a literal holding it then reads as no value).
        const plain = (r: string) => single(r) || (r.includes(" or ") && r.split(" or ").every((part) => single(part.trim())));
        if (returns.length && returns.every(plain)) markupFreeMethods.push(m[2]);
        else {
          const html = safeHtmlReturns(mbody);
          if (html > 0 && html + returns.filter(plain).length === returns.length) safeHtmlMethods.push(m[2]);
          else otherMethods.push(m[2]);
        }
      }
      const scalarMethods = scalarReturningMethods(body, indentOf, fields);
      const bases = (c[2] ?? "").split(",").map((b) => b.trim().replace(/^.*\./, "")).filter((b) => /^\w+$/.test(b));
      const prev = out[own];
      // The same class name in two modules: a field either declares as text counts as text.
      if (prev) {
        // A name with choices in one class of that name and declared without them in the other is no known choice.
        const prevChoices = prev.choiceFields ?? [];
        const merged = [
          ...prevChoices.filter((n) => choiceFields.includes(n) || fields[n] === undefined),
          ...choiceFields.filter((n) => !prevChoices.includes(n) && prev.fields[n] === undefined),
        ];
        if (merged.length) prev.choiceFields = merged;
        else delete prev.choiceFields;
        for (const [n, v] of Object.entries(fields)) prev.fields[n] = prev.fields[n] === undefined || prev.fields[n] === v ? v : "text";
        prev.bases.push(...bases);
        prev.markupFreeMethods = prev.markupFreeMethods.filter((m) => markupFreeMethods.includes(m));
        const html = (prev.safeHtmlMethods ?? []).filter((m) => safeHtmlMethods.includes(m));
        if (html.length) prev.safeHtmlMethods = html;
        else delete prev.safeHtmlMethods;
        const scalar = (prev.scalarMethods ?? []).filter((m) => scalarMethods.includes(m));
        if (scalar.length) prev.scalarMethods = scalar;
        else delete prev.scalarMethods;
        const other = [...new Set([...(prev.otherMethods ?? []), ...otherMethods, ...safeHtmlMethods.filter((m) => !html.includes(m))])];
        if (other.length) prev.otherMethods = other;
        const short = (prev.shortText ?? []).filter((n) => shortText.includes(n) || fields[n] === undefined).concat(shortText.filter((n) => prev.fields[n] === undefined));
        if (short.length) prev.shortText = short;
        else delete prev.shortText;
      } else
        out[own] = {
          bases, fields, markupFreeMethods,
          ...(safeHtmlMethods.length ? { safeHtmlMethods } : {}),
          ...(otherMethods.length ? { otherMethods } : {}),
          ...(shortText.length ? { shortText } : {}),
          ...(choiceFields.length ? { choiceFields } : {}),
          ...(scalarMethods.length ? { scalarMethods } : {}),
        };
    });
  }
  for (const [target, accessor, own] of reverse) {
    const facts = out[target];
    if (facts && facts.fields[accessor] === undefined) facts.fields[accessor] = `=${own}`;
  }
  return out;
}

// Calls that write rows: a method making one of these is not a plain read of the instance.
const WRITES = /\.(?:save|delete|update|create|get_or_create|update_or_create|bulk_create|add|remove|set|clear)\s*\(/;

/** Methods of a class body returning only a scalar field of the instance or a number (see `ModelFacts.scalarMethods`). */
function scalarReturningMethods(body: string, indentOf: string, fields: Record<string, string>): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/^([ \t]+)def (\w+)\(/gm)) {
    if (m[1] !== indentOf) continue;
    const open = m.index! + m[0].length - 1;
    const params = bracketed(body, open);
    if (params === undefined || !/^\s*self\b/.test(params)) continue;
    const headerEnd = body.indexOf("\n", open + params.length + 2);
    if (headerEnd < 0) continue;
    const stop = new RegExp(`\\n${indentOf}(?=\\S)|\\n(?=\\S)`, "g");
    stop.lastIndex = headerEnd;
    const next = stop.exec(body);
    const mbody = body.slice(headerEnd, next ? next.index : body.length);
    if (WRITES.test(mbody)) continue;
    const returns = [...mbody.matchAll(/^[ \t]+return\b(.*)$/gm)].map((r) => withoutComment(r[1]));
    const scalar = (r: string) => {
      const f = /^self\.(\w+)$/.exec(r);
      if (f) return fields[f[1]] === "safe";
      return isNumberCall(r) || /^-?\d[\d_.]*$/.test(r);
    };
    if (returns.length && returns.every(scalar)) out.push(m[2]);
  }
  return out;
}

/** True when `Model.method(...)` returns only a scalar of the row (see `ModelFacts.scalarMethods`), on the model or a project base. */
export function isScalarModelMethod(models: Record<string, ModelFacts> | undefined, model: string, method: string, depth = 0): boolean {
  const facts = models?.[model];
  if (!facts || depth > 8) return false;
  if (facts.scalarMethods?.includes(method)) return true;
  return facts.bases.some((b) => b !== model && isScalarModelMethod(models, b, method, depth + 1));
}

/** What `Model.field` holds, following the model's bases in the project (see `ModelFacts.fields`). */
export function modelField(models: Record<string, ModelFacts> | undefined, model: string, field: string, depth = 0): string | undefined {
  const facts = models?.[model];
  if (!facts || depth > 8) return undefined;
  const own = Object.prototype.hasOwnProperty.call(facts.fields, field) ? facts.fields[field] : undefined;
  if (own !== undefined) return own;
  for (const b of facts.bases) {
    if (b === model) continue;
    const v = modelField(models, b, field, depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** True when `Model.field` is declared with `choices=` (on the model or a project base). */
export function isChoiceField(models: Record<string, ModelFacts> | undefined, model: string, field: string, depth = 0): boolean {
  const facts = models?.[model];
  if (!facts || depth > 8) return false;
  if (Object.prototype.hasOwnProperty.call(facts.fields, field)) return facts.choiceFields?.includes(field) ?? false;
  return facts.bases.some((b) => b !== model && isChoiceField(models, b, field, depth + 1));
}

/** True when `Model.method()` only ever returns a number or a constant free of markup (on the model or a project base). */
export function isMarkupFreeModelMethod(models: Record<string, ModelFacts> | undefined, model: string, method: string, depth = 0): boolean {
  const facts = models?.[model];
  if (!facts || depth > 8) return false;
  if (facts.markupFreeMethods.includes(method)) return true;
  return facts.bases.some((b) => b !== model && isMarkupFreeModelMethod(models, b, method, depth + 1));
}

/**
 * The longest `CharField` (`max_length`) taken as too short to carry a script: the shortest tags that run one
 * (`<svg onload=...>`, `" onfocus=... autofocus`) need well over twice as many characters.
 */
export const SHORT_TEXT = 8;

/** True when `Model.field` is a `CharField` of at most `SHORT_TEXT` characters (on the model or a project base). */
export function isShortTextField(models: Record<string, ModelFacts> | undefined, model: string, field: string, depth = 0): boolean {
  const facts = models?.[model];
  if (!facts || depth > 8) return false;
  if (Object.prototype.hasOwnProperty.call(facts.fields, field)) return facts.shortText?.includes(field) ?? false;
  return facts.bases.some((b) => b !== model && isShortTextField(models, b, field, depth + 1));
}

/** True when every model of the project that declares a field `name` declares it a short `CharField`, and one does. */
export function isShortTextFieldName(models: Record<string, ModelFacts> | undefined, name: string): boolean {
  let found = false;
  for (const facts of Object.values(models ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(facts.fields, name)) continue;
    if (!facts.shortText?.includes(name)) return false;
    found = true;
  }
  return found;
}

/** True when `Model.method()` (or the property) returns HTML made safe by a call (see `ModelFacts.safeHtmlMethods`). */
export function isSafeHtmlModelMethod(models: Record<string, ModelFacts> | undefined, model: string, method: string, depth = 0): boolean {
  const facts = models?.[model];
  if (!facts || depth > 8) return false;
  if (facts.safeHtmlMethods?.includes(method)) return true;
  return facts.bases.some((b) => b !== model && isSafeHtmlModelMethod(models, b, method, depth + 1));
}

/**
 * True when some model of the project defines `name` as a property or method that returns safe HTML (see
 * `ModelFacts.safeHtmlMethods`) and no model declares a field of that name or defines it otherwise: the value of
 * `x.name` on a model instance whose model is out of sight (the row of a generic admin base class).
 */
export function isSafeHtmlMethodName(models: Record<string, ModelFacts> | undefined, name: string): boolean {
  let found = false;
  for (const facts of Object.values(models ?? {})) {
    if (Object.prototype.hasOwnProperty.call(facts.fields, name) || facts.otherMethods?.includes(name) || facts.markupFreeMethods.includes(name)) return false;
    if (facts.safeHtmlMethods?.includes(name)) found = true;
  }
  return found;
}

// `return mark_safe(`, `return format_html(`...: a return whose whole value is one call that yields safe HTML.
const SAFE_HTML_RETURN = /^[ \t]+return[ \t]+(?:[\w]+\.)*(?:mark_safe|format_html|format_html_join|render_to_string|escape|conditional_escape)\(/gm;

/** How many `return` statements of a method body return one call that yields safe HTML, the call closing the statement. */
function safeHtmlReturns(mbody: string): number {
  let n = 0;
  for (const m of mbody.matchAll(SAFE_HTML_RETURN)) {
    const open = m.index! + m[0].length - 1;
    const inner = bracketed(mbody, open);
    if (inner === undefined) continue;
    const after = mbody.slice(open + inner.length + 2);
    if (/^[ \t]*(?:#[^\n]*)?(?:\n|$)/.test(after)) n++;
  }
  return n;
}

/** A line's code without a trailing comment, trimmed (a `#` inside a string cuts it too: the rest then reads as no literal). */
function withoutComment(line: string): string {
  const hash = line.indexOf("#");
  return (hash < 0 ? line : line.slice(0, hash)).trim();
}

/** A numeric literal, `None`/`True`/`False`, or a string literal with no `<`, `>`, quotes or `&` in it. */
function isPlainLiteral(v: string): boolean {
  if (/^(?:-?\d[\d_.]*|None|True|False)$/.test(v)) return true;
  const m = /^[rRuU]?(["'])([^"'\\<>&\n]*)\1$/.exec(v);
  return m !== null;
}

// gettext and its variants, called on adjacent string literals: the translation of a constant.
const TRANSLATED_LITERAL = /^(?:_|gettext|gettext_lazy|ugettext|ugettext_lazy|gettext_noop|ugettext_noop)\(\s*(?:[rRuU]?(?:"[^"\\<>&\n]*"|'[^'\\<>&\n]*')\s*)+\)$/;

/** `_("...")`: a translated string literal free of markup. */
function isTranslatedLiteral(v: string): boolean {
  return TRANSLATED_LITERAL.test(v);
}

/**
 * Names that every assignment in the project gives a dict literal whose values are all string literals free of
 * markup or their translations (`STATE_HELP = {DONE: _("Finished."), ...}` in a class body, `state_help = {}` in a
 * plugin base): a lookup in one yields constant text. A name also assigned anything else, or passed as a keyword
 * argument (`x(state_help=...)`), is left out.
 */
function constantTextTables(files: readonly SourceFile[]): ReadonlySet<string> {
  const verdict = new Map<string, boolean>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || /(?:^|\/)migrations\//.test(file.path)) continue;
    const text = file.text;
    for (const m of text.matchAll(/^[ \t]*(\w+)[ \t]*=[ \t]*\{/gm)) {
      const inner = bracketed(text, m.index! + m[0].length - 1);
      verdict.set(m[1], (verdict.get(m[1]) ?? true) && inner !== undefined && isTextTable(inner));
    }
  }
  const candidates = [...verdict].filter(([, ok]) => ok).map(([name]) => name);
  if (!candidates.length) return new Set();
  // Any other assignment of the name (`self.state_help = x`, `state_help=x` in a call, `x.state_help = ...`).
  const names = new Set(candidates);
  const dictAt = /^[ \t]*\w+[ \t]*=[ \t]*\{/;
  for (const file of files) {
    if (!file.path.endsWith(".py") || /(?:^|\/)migrations\//.test(file.path)) continue;
    // Only a file holding one of the names can assign it.
    if (![...names].some((name) => file.text.includes(name))) continue;
    for (const m of file.text.matchAll(/\b(\w+)[ \t]*(?:\+|\|)?=(?!=)/g)) {
      if (!names.has(m[1])) continue;
      const lineStart = file.text.lastIndexOf("\n", m.index!) + 1;
      const lineEnd = file.text.indexOf("\n", m.index!);
      const line = file.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
      if (!(dictAt.test(line) && new RegExp(`^[ \\t]*${m[1]}[ \\t]*=[ \\t]*\\{`).test(line))) names.delete(m[1]);
    }
  }
  return names;
}

/** The inside of a dict literal whose keys are literals or names and whose values are markup-free text constants. */
function isTextTable(inner: string): boolean {
  const reduced = inner
    .replace(/(?:\b(?:_|gettext|gettext_lazy|ugettext|ugettext_lazy|gettext_noop|ugettext_noop)\(\s*(?:[rRuU]?(?:"[^"\\<>&\n]*"|'[^'\\<>&\n]*')\s*)+\))|[rRuU]?(?:"[^"\\<>&\n]*"|'[^'\\<>&\n]*')/g, "S")
    .replace(/#[^\n]*/g, "");
  if (/["'\\]/.test(reduced)) return false;
  return reduced.split(",").every((entry) => /^\s*$/.test(entry) || /^\s*(?:S|[\w.]+)\s*:\s*S\s*$/.test(entry));
}

/** `self.TABLE.get(self.state)`, `x.table[key]`: a lookup in a constant text table (see `constantTextTables`), with a markup-free default if any. */
function isTableLookup(v: string, tables: ReadonlySet<string>): boolean {
  const m = /^(?:[\w]+\.)*(\w+)(?:\.get\(\s*[\w.]+\s*(?:,\s*([^()]*?))?\s*\)|\[\s*[\w.]+\s*\])$/.exec(v);
  return !!m && tables.has(m[1]) && (m[2] === undefined || isPlainLiteral(m[2].trim()));
}

/** One call of a builtin that returns a number: `round(total, 2)`, `int(x)`, `len(items)`. */
function isNumberCall(v: string): boolean {
  const m = /^(?:round|int|float|len|abs|sum|Decimal)\(/.exec(v);
  return m !== null && bracketed(v, m[0].length - 1)?.length === v.length - m[0].length - 1;
}

/** The text of keyword argument `name` in a call's argument text (up to the next comma outside brackets), if given. */
function keywordValue(args: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|[,(\\s])${name}\\s*=(?!=)`, "g");
  for (const m of args.matchAll(re)) {
    // Only at the top level of the call: count the brackets and quotes before it.
    const before = scanCode(args, 0, m.index!, false);
    if (before.depth !== 0 || before.inString) continue;
    const start = m.index! + m[0].length;
    const comma = scanCode(args, start, args.length, true, (c, depth) => c === "," && depth === 0).stoppedAt;
    return args.slice(start, comma).trim();
  }
  return undefined;
}

/**
 * Walks `text` from `from` to `to` past string literals (and, with `comments`, `#` comments to the end of their line),
 * calling `stop` with every other character and the bracket depth before it; `stop` returning true ends the walk
 * there (`stoppedAt`). Gives the depth reached and whether the walk ended inside a string literal.
 */
function scanCode(text: string, from: number, to: number, comments: boolean, stop?: (c: string, depth: number) => boolean): { depth: number; inString: boolean; stoppedAt?: number } {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (comments && c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? to : nl;
    } else if (stop?.(c, depth)) return { depth, inString: false, stoppedAt: i };
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
  }
  return { depth, inString: quote !== undefined };
}

// A string literal free of markup characters, or a translation of adjacent such literals (`_("Draft")`).
const MARKUP_FREE_TEXT = String.raw`[rRuUbB]?(?:"[^"'\\<>&\n]*"|'[^'"\\<>&\n]*')`;
const CONSTANT_TEXT = new RegExp(
  String.raw`(?:\b(?:_|gettext|gettext_lazy|ugettext|ugettext_lazy|gettext_noop|ugettext_noop|pgettext_lazy|pgettext)\(\s*(?:${MARKUP_FREE_TEXT}\s*,?\s*)+\))|${MARKUP_FREE_TEXT}`,
  "g",
);
// What a constant container may hold once its text constants, numbers and constant names are set aside.
const CONSTANT_REST = /^[\s,()[\]\u0001-]*$/;
// `None`, `True`, `False`, and upper-case constants (`STATUS_DRAFT`, `Status.DRAFT`, `constants.DRAFT`).
const CONSTANT_NAME = /^(?:None|True|False|(?:\w+\.)*[A-Z][A-Z0-9_]*)$/;

/**
 * Whether a model field's `choices=` are constants the code spells out, values and labels free of markup: a literal list
 * or tuple of pairs (grouped too) of string literals, numbers, upper-case constants and translated literals; a name (of the
 * module, a class body, or another module of the project) every assignment of which is such a literal or django-model-utils'
 * `Choices(...)` of literals; `X.choices` of a `TextChoices`/`IntegerChoices` class whose members are such constants; or a
 * setting (`settings.LANGUAGES`). A callable, a comprehension or a query is not: what it yields is not in sight. Lookups in
 * other files are made only when a field needs them, and remembered.
 */
class ChoiceConstants {
  private readonly names = new Map<string, boolean>();
  private readonly classes = new Map<string, boolean>();
  constructor(private readonly files: readonly SourceFile[]) {}

  choices(expr: string, text: string, depth = 0): boolean {
    const e = expr.replace(/#[^\n]*/g, "").trim();
    if (!e || depth > 4) return false;
    if (e.startsWith("(") || e.startsWith("[")) return isConstantContainer(e);
    if (/^settings\.[A-Z][A-Z0-9_]*$/.test(e)) return true;
    const cls = /^(?:\w+\.)*(\w+)\.choices$/.exec(e);
    if (cls) return this.choiceClass(cls[1], depth);
    // `Choices('draft', 'published')` of django-model-utils, assigned to a name the field then gives.
    const call = /^(?:\w+\.)*Choices\(/.exec(e);
    if (call) return bracketed(e, call[0].length - 1)?.length === e.length - call[0].length - 1 && isConstantContainer(e.slice(call[0].length - 1));
    const name = /^(?:(?:self|cls|\w+)\.)?([A-Za-z_]\w*)$/.exec(e);
    return name ? this.name(name[1], text, depth) : false;
  }

  /** Every assignment of `name` (in `text` when it has one, else anywhere in the project) is constant choices. */
  private name(name: string, text: string, depth: number): boolean {
    const local = assignments(text, name);
    if (local.length) return local.every((rhs) => this.choices(rhs, text, depth + 1));
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, false);
    let found = false;
    let ok = true;
    for (const file of this.files) {
      if (!ok) break;
      if (!file.path.endsWith(".py") || /(?:^|\/)migrations\//.test(file.path) || !file.text.includes(name)) continue;
      for (const rhs of assignments(file.text, name)) {
        found = true;
        if (!this.choices(rhs, file.text, depth + 1)) ok = false;
      }
    }
    this.names.set(name, found && ok);
    return found && ok;
  }

  /** A `TextChoices`/`IntegerChoices`/`Choices` class of the project whose every member is a constant. */
  private choiceClass(name: string, depth: number): boolean {
    const known = this.classes.get(name);
    if (known !== undefined) return known;
    this.classes.set(name, false);
    let found = false;
    let ok = true;
    const head = new RegExp(`^([ \\t]*)class ${name}\\(([^)]*)\\)\\s*:`, "gm");
    for (const file of this.files) {
      if (!file.path.endsWith(".py") || !file.text.includes(`class ${name}(`)) continue;
      for (const m of file.text.matchAll(head)) {
        found = true;
        if (!/\b(?:TextChoices|IntegerChoices|Choices)\b/.test(m[2])) {
          // A project base of choices (`class Status(BaseChoices)`): its members count as well.
          const base = m[2].split(",").map((b) => b.trim().replace(/^.*\./, "")).find((b) => /^\w+$/.test(b));
          if (!base || depth > 3 || !this.choiceClass(base, depth + 1)) ok = false;
        }
        const bodyStart = m.index! + m[0].length;
        const stop = new RegExp(`\\n(?=[ \\t]{0,${m[1].length}}\\S)`, "g");
        stop.lastIndex = bodyStart;
        const end = stop.exec(file.text);
        const body = file.text.slice(bodyStart, end ? end.index : file.text.length);
        const indent = /^([ \t]+)\S/m.exec(body)?.[1] ?? "";
        for (const a of body.matchAll(/^([ \t]+)(\w+)[ \t]*=(?!=)[ \t]*([^\n]*)/gm)) {
          if (a[1] !== indent || a[2].startsWith("_")) continue;
          const rhs = a[3].startsWith("(") || a[3].startsWith("[") ? (bracketed(body, a.index! + a[0].length - a[3].length) ?? "") : a[3];
          if (!isConstantContainer(`(${rhs})`)) ok = false;
        }
      }
    }
    this.classes.set(name, found && ok);
    return found && ok;
  }
}

/** The right-hand sides of `name = ...` statements in a file (a bracketed value whole, else the rest of the line). */
function assignments(text: string, name: string): string[] {
  if (!text.includes(name)) return [];
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]*)?=(?!=)[ \\t]*`, "gm"))) {
    const at = m.index! + m[0].length;
    const c = text[at];
    if (c === "(" || c === "[") {
      const inner = bracketed(text, at);
      const rest = inner === undefined ? undefined : text.slice(at + inner.length + 2).match(/^[^\n]*/)?.[0];
      // `X = (...) + OTHER`, `X = [...] * 2`: not one literal.
      out.push(inner === undefined || (rest !== undefined && withoutComment(rest) !== "") ? "?" : `${c}${inner}${c === "(" ? ")" : "]"}`);
    } else {
      const line = text.slice(at, text.indexOf("\n", at) < 0 ? undefined : text.indexOf("\n", at));
      // `X = Choices(` spanning lines.
      const call = /^(?:\w+\.)*Choices\(/.exec(line);
      const inner = call ? bracketed(text, at + call[0].length - 1) : undefined;
      out.push(call && inner !== undefined ? `${call[0]}${inner})` : withoutComment(line));
    }
  }
  return out;
}

/** A bracketed literal holding only text constants free of markup, numbers, upper-case constants, commas and brackets. */
function isConstantContainer(e: string): boolean {
  const reduced = e
    .replace(/#[^\n]*/g, "")
    .replace(CONSTANT_TEXT, "\u0001")
    .replace(/\b[A-Za-z_][\w.]*/g, (w) => (CONSTANT_NAME.test(w) ? "" : "?"))
    .replace(/\b\d[\w.]*/g, "");
  return CONSTANT_REST.test(reduced);
}
