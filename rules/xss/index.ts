import formatHtmlMisuse from "./format-html-misuse.js";
import markSafeUntrusted from "./mark-safe-untrusted.js";

export default [markSafeUntrusted, formatHtmlMisuse];
