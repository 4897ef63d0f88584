import type { Rule } from "../../src/core/analysis/define-rule.js";
import customUserModelMissing from "./custom-user-model-missing.js";

export default [customUserModelMissing] as Rule[];
