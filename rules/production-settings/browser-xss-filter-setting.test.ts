import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./browser-xss-filter-setting.js";

testRule(rule, {
  valid: [
    { name: "not set", code: "SECURE_CONTENT_TYPE_NOSNIFF = True\n" },
    { name: "development module", path: "mysite/settings/dev.py", code: "SECURE_BROWSER_XSS_FILTER = True\n" },
    { name: "inherited: reported in its own file", code: "from .base import *\n", context: { "mysite/settings/base.py": "SECURE_BROWSER_XSS_FILTER = True\n" } },
    { name: "a lowercase variable", code: "secure_browser_xss_filter = True\n" },
    { name: "not a settings module", path: "shop/views.py", code: "SECURE_BROWSER_XSS_FILTER = True\n" },
  ],
  invalid: [
    { name: "True, deleted by the fix", code: "DEBUG = False\nSECURE_BROWSER_XSS_FILTER = True\nX_FRAME_OPTIONS = 'DENY'\n", errors: [{ messageId: "removedSetting", line: 2, fix: "" }] },
    { name: "False is dead too", code: "SECURE_BROWSER_XSS_FILTER = False  # off\n", errors: [{ messageId: "removedSetting", line: 1, fix: "" }] },
    { name: "base module", path: "mysite/settings/base.py", code: "SECURE_BROWSER_XSS_FILTER = True\n", errors: [{ messageId: "removedSetting", line: 1 }] },
    { name: "inside an if block: no fix (the block could end up empty)", code: "if not DEBUG:\n    SECURE_BROWSER_XSS_FILTER = True\n", errors: [{ messageId: "removedSetting", line: 2, fix: null }] },
    { name: "shares a line with another statement: no fix", code: "SECURE_BROWSER_XSS_FILTER = True; X_FRAME_OPTIONS = 'DENY'\n", errors: [{ messageId: "removedSetting", line: 1, fix: null }] },
  ],
});
