import type { Rule } from "../../src/core/analysis/define-rule.js";
import securityLoggingMissing from "./security-logging-missing.js";

export default [
  securityLoggingMissing,
] as Rule[];
