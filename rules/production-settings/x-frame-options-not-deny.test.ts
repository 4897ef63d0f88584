import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./x-frame-options-not-deny.js";

testRule(rule, {
  valid: [
    { name: "absent: the default is DENY", code: "DEBUG = False\n" },
    { name: "DENY", code: 'X_FRAME_OPTIONS = "DENY"\n' },
    { name: "deny in lower case (Django upper-cases it)", code: "X_FRAME_OPTIONS = 'deny'\n" },
    { name: "env with a DENY default", code: 'import os\nX_FRAME_OPTIONS = os.environ.get("XFO", "DENY")\n' },
    { name: "env without a default", code: 'import os\nX_FRAME_OPTIONS = os.environ["XFO"]\n' },
    { name: "a name we cannot evaluate", code: "X_FRAME_OPTIONS = FRAME_POLICY\n" },
    { name: "SAMEORIGIN only under if DEBUG", code: "if DEBUG:\n    X_FRAME_OPTIONS = 'SAMEORIGIN'\n" },
    { name: "development module", path: "mysite/settings/local.py", code: "X_FRAME_OPTIONS = 'SAMEORIGIN'\n" },
    { name: "overridden to DENY", code: "X_FRAME_OPTIONS = 'SAMEORIGIN'\nX_FRAME_OPTIONS = 'DENY'\n" },
  ],
  invalid: [
    { name: "SAMEORIGIN", code: 'X_FRAME_OPTIONS = "SAMEORIGIN"\n', errors: [{ messageId: "sameOrigin", line: 1, fix: null }] },
    { name: "SAMEORIGIN in base", path: "mysite/settings/base.py", code: "X_FRAME_OPTIONS = 'sameorigin'\n", errors: [{ messageId: "sameOrigin", line: 1 }] },
    { name: "ALLOW-FROM", code: 'X_FRAME_OPTIONS = "ALLOW-FROM https://partner.example.com"\n', errors: [{ messageId: "notDeny", line: 1, messageIncludes: "ALLOW-FROM" }] },
    { name: "ALLOWALL", code: 'X_FRAME_OPTIONS = "ALLOWALL"\n', errors: [{ messageId: "notDeny", line: 1 }] },
    { name: "env fallback SAMEORIGIN", code: 'import os\nX_FRAME_OPTIONS = os.getenv("XFO", "SAMEORIGIN")\n', errors: [{ messageId: "fallbackNotDeny", line: 2, messageIncludes: "`XFO`" }] },
  ],
});

describe("x-frame-options-not-deny severity", () => {
  it.each([
    ["SAMEORIGIN is low", "X_FRAME_OPTIONS = 'SAMEORIGIN'\n", "low"],
    ["an ignored value is medium", "X_FRAME_OPTIONS = 'ALLOWALL'\n", "medium"],
  ])("%s", (_name, code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});
