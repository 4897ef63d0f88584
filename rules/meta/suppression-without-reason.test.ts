import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./suppression-without-reason.js";

testRule(rule, {
  valid: [
    { name: "suppression with a reason", code: "x = 1  # django-sec: ignore[csrf-exempt-view] signed webhook\n" },
    { name: "a comment that only mentions the tool", code: "# django-sec: reviewed in PR 12\nx = 1\n" },
    { name: "template suppression with a reason", path: "app/templates/a.html", code: "{# django-sec: ignore[template-safe-filter] sanitised by bleach #}\n{{ body|safe }}\n" },
  ],
  invalid: [
    { name: "python suppression without a reason", code: "x = 1  # django-sec: ignore[csrf-exempt-view]\n", errors: [{ messageId: "noReason", line: 1, messageIncludes: "csrf-exempt-view" }] },
    { name: "template suppression without a reason", path: "app/templates/a.html", code: "<p>\n{# django-sec: ignore[template-safe-filter] #}\n", errors: [{ messageId: "noReason", line: 2 }] },
  ],
});
