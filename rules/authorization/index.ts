import cbvMissingAccessControl from "./cbv-missing-access-control.js";
import permissionRequiredRedirects from "./permission-required-redirects.js";

export default [cbvMissingAccessControl, permissionRequiredRedirects];
