import type { Rule } from "../../src/core/analysis/define-rule.js";
import debugEnabledInSettings from "./debug-enabled-in-settings.js";

export default [
  debugEnabledInSettings,
] as Rule[];
