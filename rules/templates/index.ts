import type { Rule } from "../../src/core/analysis/define-rule.js";
import templateAutoescapeOff from "./template-autoescape-off.js";
import templateSafeFilter from "./template-safe-filter.js";

export default [templateSafeFilter, templateAutoescapeOff] as Rule[];
