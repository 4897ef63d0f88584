import cbvMissingAccessControl from "./cbv-missing-access-control.js";
import drfAllowAnyOnWrite from "./drf-allow-any-on-write.js";
import drfAuthenticationDisabled from "./drf-authentication-disabled.js";
import drfActionWithoutGetObject from "./drf-action-without-get-object.js";
import permissionRequiredRedirects from "./permission-required-redirects.js";
import unscopedObjectAccess from "./unscoped-object-access.js";
import viewMissingSiblingProtection from "./view-missing-sibling-protection.js";

export default [cbvMissingAccessControl, permissionRequiredRedirects, drfAllowAnyOnWrite, drfAuthenticationDisabled, unscopedObjectAccess, drfActionWithoutGetObject, viewMissingSiblingProtection];
