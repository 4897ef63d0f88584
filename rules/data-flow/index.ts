import type { Rule } from "../../src/core/analysis/define-rule.js";

export default [] as Rule[];
