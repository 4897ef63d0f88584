import type { Rule } from "../src/core/analysis/define-rule.js";
import api from "./api/index.js";
import authentication from "./authentication/index.js";
import authorization from "./authorization/index.js";
import csrf from "./csrf/index.js";
import dataFlow from "./data-flow/index.js";
import fileUploads from "./file-uploads/index.js";
import headers from "./headers/index.js";
import logging from "./logging/index.js";
import meta from "./meta/index.js";
import passwords from "./passwords/index.js";
import productionSettings from "./production-settings/index.js";
import secrets from "./secrets/index.js";
import sessions from "./sessions/index.js";
import sqlInjection from "./sql-injection/index.js";
import templates from "./templates/index.js";
import xss from "./xss/index.js";

/** Every rule, grouped by guide section; each section's index lists its rule files. */
export const allRules: Rule[] = [
  ...productionSettings,
  ...secrets,
  ...passwords,
  ...sessions,
  ...authentication,
  ...authorization,
  ...sqlInjection,
  ...xss,
  ...templates,
  ...headers,
  ...csrf,
  ...fileUploads,
  ...api,
  ...logging,
  ...dataFlow,
  ...meta,
];
