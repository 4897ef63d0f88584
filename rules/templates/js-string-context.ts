/** Where a point in JavaScript source sits. */
export type JsContext = "code" | "single-quoted" | "double-quoted" | "template-literal" | "comment" | "regex";

const REGEX_AFTER = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);
const REGEX_AFTER_WORD = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/**
 * Tells, for each offset in `points` (ascending), whether it falls in code, a string, a template literal,
 * a comment or a regex literal of `code`. One linear pass; a good guess rather than a parser: a `/`
 * is read as a regex after an operator or keyword and as division otherwise.
 */
export function jsContexts(code: string, points: number[]): JsContext[] {
  const out: JsContext[] = [];
  let p = 0;
  let state: JsContext = "code";
  // Brace depth of each `${` opened inside a template literal, innermost last.
  const interpolations: number[] = [];
  let lastSignificant = "";
  let inClass = false;
  let i = 0;
  const record = (upTo: number) => {
    while (p < points.length && points[p] <= upTo) {
      out.push(state);
      p++;
    }
  };
  while (i < code.length && p < points.length) {
    record(i);
    const ch = code[i];
    const next = code[i + 1];
    switch (state) {
      case "code":
        if (ch === "'") state = "single-quoted";
        else if (ch === '"') state = "double-quoted";
        else if (ch === "`") state = "template-literal";
        else if (ch === "/" && next === "/") state = "comment";
        else if (ch === "/" && next === "*") {
          const end = code.indexOf("*/", i + 2);
          const stop = end === -1 ? code.length : end + 2;
          state = "comment";
          record(end === -1 ? Number.POSITIVE_INFINITY : stop - 1);
          state = "code";
          i = stop;
          continue;
        } else if (ch === "/" && (REGEX_AFTER.has(lastSignificant) || REGEX_AFTER_WORD.test(code.slice(Math.max(0, i - 12), i).trimEnd()))) {
          state = "regex";
          inClass = false;
        }
        else if (ch === "{" && interpolations.length) interpolations[interpolations.length - 1]++;
        else if (ch === "}" && interpolations.length) {
          if (interpolations[interpolations.length - 1] === 0) {
            interpolations.pop();
            state = "template-literal";
          } else interpolations[interpolations.length - 1]--;
        }
        if (!/\s/.test(ch)) lastSignificant = /[\w$]/.test(ch) ? "a" : ch;
        break;
      case "single-quoted":
      case "double-quoted":
        if (ch === "\\") i++;
        else if ((ch === "'" && state === "single-quoted") || (ch === '"' && state === "double-quoted")) {
          state = "code";
          lastSignificant = "a";
        } else if (ch === "\n") state = "code";
        break;
      case "template-literal":
        if (ch === "\\") i++;
        else if (ch === "`") {
          state = "code";
          lastSignificant = "a";
        } else if (ch === "$" && next === "{") {
          interpolations.push(0);
          state = "code";
          lastSignificant = "{";
          i++;
        }
        break;
      case "comment":
        if (ch === "\n") state = "code";
        break;
      case "regex":
        if (ch === "\\") i++;
        else if (ch === "\n") state = "code";
        // A `/` inside a character class does not end the regex.
        else if (inClass) inClass = ch !== "]";
        else if (ch === "[") inClass = true;
        else if (ch === "/") {
          state = "code";
          lastSignificant = "a";
        }
        break;
    }
    i++;
  }
  record(Number.POSITIVE_INFINITY);
  return out;
}
