import cbvMissingAccessControl from "./cbv-missing-access-control.js";
import drfAllowAnyOnWrite from "./drf-allow-any-on-write.js";
import drfAuthenticationDisabled from "./drf-authentication-disabled.js";
import permissionRequiredRedirects from "./permission-required-redirects.js";

export default [cbvMissingAccessControl, permissionRequiredRedirects, drfAllowAnyOnWrite, drfAuthenticationDisabled];
