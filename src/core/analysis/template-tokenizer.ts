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

// Django's own lexer: a tag never spans lines, and the first closing delimiter ends it.
const DJANGO_TAG = /\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}/g;
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

  const django: TemplateToken[] = [];
  let last = 0;
  let verbatim: string | undefined;
  let inComment = false;
  DJANGO_TAG.lastIndex = 0;
  for (let m = DJANGO_TAG.exec(text); m; m = DJANGO_TAG.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const inner = raw.slice(2, -2).trim();
    if (verbatim !== undefined) {
      if (raw.startsWith("{%") && inner === verbatim) verbatim = undefined;
      else continue;
    }
    if (inComment) {
      if (raw.startsWith("{%") && inner === "endcomment") inComment = false;
      else continue;
    }
    if (start > last) django.push({ ...span(last, start), type: "text" });
    if (raw.startsWith("{{")) {
      const parts = splitFilters(inner);
      django.push({ ...span(start, end), type: "variable", expression: parts[0]?.trim() ?? "", filters: parts.slice(1).map(parseFilter) });
    } else if (raw.startsWith("{%")) {
      const tag = inner.split(/\s+/)[0] ?? "";
      django.push({ ...span(start, end), type: "block", tag, args: inner.slice(tag.length).trim() });
      if (tag === "verbatim") verbatim = inner.replace(/^verbatim/, "endverbatim").trim();
      if (tag === "comment") inComment = true;
    } else {
      django.push({ ...span(start, end), type: "comment", value: inner });
    }
    last = end;
  }
  if (last < text.length) django.push({ ...span(last, text.length), type: "text" });

  const html = scanHtml(text, django, span);
  return mergeByOffset(django, html);
}

function scanHtml(text: string, django: TemplateToken[], span: (a: number, b: number) => Span): TemplateToken[] {
  // Mask template syntax so `<form action="{% url 'x' %}">` reads as one HTML tag.
  const chars = text.split("");
  for (const t of django) if (t.type !== "text") for (let i = t.offset; i < t.end; i++) if (chars[i] !== "\n") chars[i] = "x";
  const masked = chars.join("");
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
      out.push({ ...span(start, end), type: "html-close", tag });
      continue;
    }
    const attrText = text.slice(start + 1 + m[2].length, end - 1 - m[4].length);
    out.push({ ...span(start, end), type: "html-open", tag, attrs: parseAttributes(attrText), selfClosing: m[4] === "/" });
    if (RAW_TEXT_ELEMENTS.has(tag)) {
      const close = lower.indexOf(`</${tag}`, end);
      tagRe.lastIndex = close === -1 ? masked.length : close;
    }
  }
  return out;
}

function parseAttributes(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
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
