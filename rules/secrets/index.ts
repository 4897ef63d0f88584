import type { Rule } from "../../src/core/analysis/define-rule.js";
import hardcodedCredential from "./hardcoded-credential.js";
import secretKeyHardcoded from "./secret-key-hardcoded.js";

export default [secretKeyHardcoded, hardcodedCredential] as Rule[];
