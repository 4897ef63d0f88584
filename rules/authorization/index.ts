import cbvMissingAccessControl from "./cbv-missing-access-control.js";

export default [cbvMissingAccessControl];
