import type { Rule } from "../../src/core/analysis/define-rule.js";
import passwordValidatorsMissing from "./password-validators-missing.js";
import weakPasswordHasher from "./weak-password-hasher.js";

export default [passwordValidatorsMissing, weakPasswordHasher] as Rule[];
