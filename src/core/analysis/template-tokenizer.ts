interface Span {
  /** 0-based offset of the first character in the template. */
  offset: number;
  /** 0-based offset just past the last character. */
  end: number;
  /** 1-based line and column of the start. */
  line: number;
  column: number;
  endLine: number;
  raw: string;
}

export interface TemplateFilter {
  name: string;
  arg?: string;
}

export type TemplateToken =
  | (Span & { type: "text" })
  | (Span & { type: "variable"; expression: string; filters: TemplateFilter[] })
  | (Span & { type: "block"; tag: string; args: string })
  | (Span & { type: "comment"; value: string })
  | (Span & { type: "html-open"; tag: string; attrs: Record<string, string>; selfClosing: boolean })
  | (Span & { type: "html-close"; tag: string });

const RAW_TEXT_ELEMENTS = new Set(["script", "style", "textarea", "title"]);

/**
 * Splits a Django template into template tokens and the HTML tags around them, in source order.
 * Never throws: unbalanced or broken markup comes out as text.
 */
export function tokenizeTemplate(source: string): TemplateToken[] {
  const text = source.replace(/\r\n?/g, "\n");
  const lineStarts = computeLineStarts(text);
  const span = (offset: number, end: number): Span => {
    const { line, column } = position(lineStarts, offset);
    return { offset, end, line, column, endLine: position(lineStarts, Math.max(offset, end - 1)).line, raw: text.slice(offset, end) };
  };

  // Tokens are built with Object.assign: spreading `span()` into a new literal per token was several
  // times slower and dominated tokenising large templates.
  const django: TemplateToken[] = [];
  const commentBodies: Array<[number, number]> = [];
  let last = 0;
  let verbatim: string | undefined;
  let commentStart: number | undefined;
  for (const [start, end] of findDjangoTags(text)) {
    const raw = text.slice(start, end);
    const inner = stripWhitespaceControl(raw);
    if (verbatim !== undefined) {
      if (raw.startsWith("{%") && inner === verbatim) verbatim = undefined;
      else continue;
    }
    if (commentStart !== undefined) {
      if (raw.startsWith("{%") && inner === "endcomment") {
        commentBodies.push([commentStart, start]);
        commentStart = undefined;
      } else continue;
    }
    if (start > last) django.push(Object.assign(span(last, start), { type: "text" as const }));
    if (raw.startsWith("{{")) {
      const parts = splitFilters(inner);
      django.push(Object.assign(span(start, end), { type: "variable" as const, expression: parts[0]?.trim() ?? "", filters: parts.slice(1).map(parseFilter) }));
    } else if (raw.startsWith("{%")) {
      const tag = inner.split(/\s+/)[0] ?? "";
      django.push(Object.assign(span(start, end), { type: "block" as const, tag, args: inner.slice(tag.length).trim() }));
      if (tag === "verbatim") verbatim = inner.replace(/^verbatim/, "endverbatim").trim();
      if (tag === "comment") commentStart = end;
    } else {
      django.push(Object.assign(span(start, end), { type: "comment" as const, value: inner }));
    }
    last = end;
  }
  if (commentStart !== undefined) commentBodies.push([commentStart, text.length]);
  if (last < text.length) django.push(Object.assign(span(last, text.length), { type: "text" as const }));

  const html = scanHtml(text, django, commentBodies, span);
  return mergeByOffset(django, html);
}

const CLOSERS: Record<string, string> = { "%": "%}", "{": "}}", "#": "#}" };

/**
 * Finds `{% %}`, `{{ }}` and `{# #}` tags as Django's lexer does (a tag never spans lines; the first
 * closing delimiter ends it) in linear time: a regex like `\{\{.*?\}\}` rescans the rest of the line
 * from every unclosed `{{`, which is quadratic on a long line of them.
 */
function findDjangoTags(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // The first occurrence of each closer at or after `from`; -1 when there is none.
  const cache = new Map<string, { from: number; at: number }>();
  const nextCloser = (closer: string, from: number): number => {
    const c = cache.get(closer);
    if (c && c.from <= from && (c.at === -1 || c.at >= from)) return c.at;
    const at = text.indexOf(closer, from);
    cache.set(closer, { from, at });
    return at;
  };
  let lineEnd = -1;
  let i = text.indexOf("{");
  while (i !== -1 && i + 1 < text.length) {
    const closer = CLOSERS[text[i + 1]];
    if (closer) {
      if (lineEnd < i) {
        lineEnd = text.indexOf("\n", i);
        if (lineEnd === -1) lineEnd = text.length;
      }
      const at = nextCloser(closer, i + 2);
      if (at !== -1 && at < lineEnd) {
        out.push([i, at + 2]);
        i = text.indexOf("{", at + 2);
        continue;
      }
    }
    i = text.indexOf("{", i + 1);
  }
  return out;
}

/** The text between the delimiters, without Jinja's `-`/`+` whitespace-control marks. */
function stripWhitespaceControl(raw: string): string {
  let inner = raw.slice(2, -2);
  if (/^[-+]/.test(inner)) inner = inner.slice(1);
  if (inner.endsWith("-")) inner = inner.slice(0, -1);
  return inner.trim();
}

/** Replaces every character but newlines inside the sorted, disjoint ranges with a filler. */
function maskRanges(text: string, ranges: Array<[number, number, boolean]>, filler: (flag: boolean) => string): string {
  const pieces: string[] = [];
  let pos = 0;
  for (const [from, to, flag] of ranges) {
    const inside = text.slice(from, to);
    // Template tags never span lines; only comment bodies need their newlines kept.
    pieces.push(text.slice(pos, from), inside.includes("\n") ? inside.replace(/[^\n]/g, filler(flag)) : filler(flag).repeat(to - from));
    pos = to;
  }
  pieces.push(text.slice(pos));
  return pieces.join("");
}

function scanHtml(text: string, django: TemplateToken[], commentBodies: Array<[number, number]>, span: (a: number, b: number) => Span): TemplateToken[] {
  // Mask template syntax so `<form action="{% url 'x' %}">` reads as one HTML tag, and the body of
  // `{% comment %}` blocks, which Django never outputs. For attributes, `{% %}` and `{# #}` are blanked
  // instead so `<input {% if a %}checked{% endif %}>` yields `checked`, while variables stay masked so
  // `href={{ url }}` keeps its value.
  const ranges: Array<[number, number, boolean]> = commentBodies.map(([from, to]) => [from, to, true]);
  for (const t of django) if (t.type !== "text") ranges.push([t.offset, t.end, t.type === "variable"]);
  ranges.sort((x, y) => x[0] - y[0]);
  const masked = maskRanges(text, ranges, () => "x");
  const blanked = maskRanges(text, ranges, (keepMasked) => (keepMasked ? "x" : " "));
  const lower = masked.toLowerCase();
  const out: TemplateToken[] = [];
  const tagRe = /<(\/?)([a-zA-Z][\w:-]*)((?:[^<>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--/g;
  for (let m = tagRe.exec(masked); m; m = tagRe.exec(masked)) {
    if (m[0] === "<!--") {
      const close = masked.indexOf("-->", m.index + 4);
      tagRe.lastIndex = close === -1 ? masked.length : close + 3;
      continue;
    }
    const start = m.index;
    const end = start + m[0].length;
    const tag = m[2].toLowerCase();
    if (m[1]) {
      out.push(Object.assign(span(start, end), { type: "html-close" as const, tag }));
      continue;
    }
    const attrFrom = start + 1 + m[2].length;
    const attrTo = end - 1 - m[4].length;
    const attrs = parseAttributes(blanked.slice(attrFrom, attrTo), text.slice(attrFrom, attrTo));
    out.push(Object.assign(span(start, end), { type: "html-open" as const, tag, attrs, selfClosing: m[4] === "/" }));
    if (RAW_TEXT_ELEMENTS.has(tag)) {
      const close = lower.indexOf(`</${tag}`, end);
      tagRe.lastIndex = close === -1 ? masked.length : close;
    }
  }
  return out;
}

/** Finds attributes in `blanked` (template syntax masked) and reads names and values from `original`. */
function parseAttributes(blanked: string, original: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/dg;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    const at = (group: number) => m!.indices![group];
    const name = original.slice(...at(1)).toLowerCase();
    if (name.includes("{{")) continue;
    const value = at(2) ?? at(3) ?? at(4);
    attrs[name] = value ? original.slice(...value) : "";
  }
  return attrs;
}

/** Splits `a|f1:"x|y"|f2` on pipes outside quotes. */
function splitFilters(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote = "";
  for (const ch of s) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === "|") {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function parseFilter(s: string): TemplateFilter {
  const t = s.trim();
  const colon = t.indexOf(":");
  return colon === -1 ? { name: t } : { name: t.slice(0, colon).trim(), arg: t.slice(colon + 1).trim() };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

function mergeByOffset(a: TemplateToken[], b: TemplateToken[]): TemplateToken[] {
  const out: TemplateToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].offset <= b[j].offset)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
