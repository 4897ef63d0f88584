import type { Rule } from "../../src/core/analysis/define-rule.js";
import templateAutoescapeOff from "./template-autoescape-off.js";
import templateFormWithoutCsrfToken from "./template-form-without-csrf-token.js";
import templateSafeFilter from "./template-safe-filter.js";
import templateVarInScript from "./template-var-in-script.js";
import templateUnquotedAttribute from "./template-unquoted-attribute.js";

export default [templateSafeFilter, templateAutoescapeOff, templateVarInScript, templateFormWithoutCsrfToken, templateUnquotedAttribute] as Rule[];
