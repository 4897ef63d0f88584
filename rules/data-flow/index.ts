import type { Rule } from "../../src/core/analysis/define-rule.js";
import massAssignment from "./mass-assignment.js";
import openRedirect from "./open-redirect.js";
import pathPrefixCheck from "./path-prefix-check.js";
import taintedCodeEval from "./tainted-code-eval.js";
import taintedCommand from "./tainted-command.js";
import taintedHeader from "./tainted-header.js";
import taintedHtml from "./tainted-html.js";
import taintedOrmField from "./tainted-orm-field.js";
import taintedPath from "./tainted-path.js";
import taintedSql from "./tainted-sql.js";
import taintedSsrf from "./tainted-ssrf.js";
import unsafeDeserialization from "./unsafe-deserialization.js";
import yamlUnsafeLoad from "./yaml-unsafe-load.js";

export default [
  taintedSql,
  taintedHtml,
  taintedCommand,
  taintedCodeEval,
  unsafeDeserialization,
  openRedirect,
  taintedPath,
  pathPrefixCheck,
  taintedSsrf,
  taintedHeader,
  massAssignment,
  taintedOrmField,
  yamlUnsafeLoad,
] as Rule[];
