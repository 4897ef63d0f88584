import type { Rule } from "../../src/core/analysis/define-rule.js";
import allowedHostsEmpty from "./allowed-hosts-empty.js";
import allowedHostsWildcard from "./allowed-hosts-wildcard.js";
import browserXssFilterSetting from "./browser-xss-filter-setting.js";
import contentTypeNosniffDisabled from "./content-type-nosniff-disabled.js";
import cookieHttponlyDisabled from "./cookie-httponly-disabled.js";
import cookieSamesiteNone from "./cookie-samesite-none.js";
import corsAllowAllOrigins from "./cors-allow-all-origins.js";
import csrfCookieNotSecure from "./csrf-cookie-not-secure.js";
import csrfTrustedOriginsInsecure from "./csrf-trusted-origins-insecure.js";
import debugEnabledInSettings from "./debug-enabled-in-settings.js";
import hstsNotEnabled from "./hsts-not-enabled.js";
import hstsSubdomainsPreloadMissing from "./hsts-subdomains-preload-missing.js";
import securityMiddlewareMissing from "./security-middleware-missing.js";
import sessionCookieNotSecure from "./session-cookie-not-secure.js";
import sslRedirectDisabled from "./ssl-redirect-disabled.js";
import xFrameOptionsNotDeny from "./x-frame-options-not-deny.js";

export default [
  debugEnabledInSettings,
  allowedHostsWildcard,
  allowedHostsEmpty,
  sslRedirectDisabled,
  sessionCookieNotSecure,
  csrfCookieNotSecure,
  hstsNotEnabled,
  hstsSubdomainsPreloadMissing,
  contentTypeNosniffDisabled,
  xFrameOptionsNotDeny,
  cookieHttponlyDisabled,
  cookieSamesiteNone,
  browserXssFilterSetting,
  securityMiddlewareMissing,
  csrfTrustedOriginsInsecure,
  corsAllowAllOrigins,
] as Rule[];
