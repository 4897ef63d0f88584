import type { Rule } from "../../src/core/analysis/define-rule.js";
import sessionCookieAgeTooLong from "./session-cookie-age-too-long.js";
import sessionExpireAtBrowserClose from "./session-expire-at-browser-close.js";
import sessionPickleSerializer from "./session-pickle-serializer.js";

export default [sessionCookieAgeTooLong, sessionExpireAtBrowserClose, sessionPickleSerializer] as Rule[];
