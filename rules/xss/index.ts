import formatHtmlMisuse from "./format-html-misuse.js";
import escapedValueInEventHandler from "./escaped-value-in-event-handler.js";
import markSafeUntrusted from "./mark-safe-untrusted.js";
import modelHtmlUnescaped from "./model-html-unescaped.js";

export default [markSafeUntrusted, formatHtmlMisuse, escapedValueInEventHandler, modelHtmlUnescaped];
