import type { Rule } from "../../src/core/analysis/define-rule.js";
import cspNotConfigured from "./csp-not-configured.js";
import cspUnsafeSource from "./csp-unsafe-source.js";
import xXssProtectionHeader from "./x-xss-protection-header.js";

export default [cspNotConfigured, cspUnsafeSource, xXssProtectionHeader] as Rule[];
