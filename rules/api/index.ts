import type { Rule } from "../../src/core/analysis/define-rule.js";
import drfBasicAuthentication from "./drf-basic-authentication.js";
import drfDefaultPermissionAllowAny from "./drf-default-permission-allow-any.js";
import drfThrottlingMissing from "./drf-throttling-missing.js";

export default [drfThrottlingMissing, drfDefaultPermissionAllowAny, drfBasicAuthentication] as Rule[];
