import csrfExemptView from "./csrf-exempt-view.js";

export default [csrfExemptView];
