import csrfExemptView from "./csrf-exempt-view.js";
import loginOnGet from "./login-on-get.js";

export default [csrfExemptView, loginOnGet];
