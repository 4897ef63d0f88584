export { analyzeTaint, taintHits } from "./analyze-taint.js";
export { SINK_KINDS, type Origin, type SinkKind, type Taint, type TaintHit } from "./types.js";
