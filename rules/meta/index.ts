import suppressionWithoutReason from "./suppression-without-reason.js";

export default [suppressionWithoutReason];
