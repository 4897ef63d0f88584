import type { Rule } from "../../src/core/analysis/define-rule.js";
import secretKeyHardcoded from "./secret-key-hardcoded.js";

export default [secretKeyHardcoded] as Rule[];
