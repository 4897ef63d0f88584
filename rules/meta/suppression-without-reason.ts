import { defineRule } from "../../src/core/analysis/define-rule.js";

// Findings of this rule are made by the analyzer itself when it reads suppression comments.
export default defineRule({
  id: "suppression-without-reason",
  severity: "low",
  confidence: "high",
  cwe: 1078,
  owasp: "A04:2021",
  guideSection: "meta",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Finds `django-sec: ignore[...]` comments that give no reason.",
    why: "A silenced security finding without a reason cannot be reviewed later; it hides risk from the next reader.",
    example: "from django.utils.safestring import mark_safe\nhtml = mark_safe(user_html)  # django-sec: ignore[mark-safe-untrusted]\n",
    good: "from django.utils.safestring import mark_safe\nhtml = mark_safe(user_html)  # django-sec: ignore[mark-safe-untrusted] sanitised with nh3 in clean_bio()\n",
    fix: "Say why the finding does not apply after the brackets, e.g. `# django-sec: ignore[mark-safe-untrusted] html is sanitised by bleach above`.",
  },
  messages: {
    noReason: "Suppression of `{{rules}}` gives no reason. Add one after the brackets so reviewers can judge it.",
  },
  checkModule() {},
});
