import csrfExemptView from "../../rules/csrf/csrf-exempt-view.js";
import suppressionWithoutReason from "../../rules/meta/suppression-without-reason.js";
import { analyzeSources, type AnalysisResult } from "../../src/core/analysis/analyze-project.js";
import type { Rule } from "../../src/core/analysis/define-rule.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";

export const testRules: Rule[] = [csrfExemptView, suppressionWithoutReason];

/** A real analysis of a small view module: two exempt views (one suppressed with a reason) and a bare suppression. */
export function sampleAnalysis(): AnalysisResult {
  const views = [
    "from django.views.decorators.csrf import csrf_exempt",
    "",
    "@csrf_exempt",
    "def webhook(request):",
    "    request.user.profile.mark_paid()",
    "",
    "# django-sec: ignore[csrf-exempt-view] signed by the payment provider",
    "@csrf_exempt",
    "def payment_callback(request):",
    "    return request.user.pk",
    "",
    "x = 1  # django-sec: ignore[csrf-exempt-view]",
  ].join("\n");
  return analyzeSources({
    files: [{ path: "shop/views.py", text: views }],
    config: { ...DEFAULT_CONFIG },
    rules: testRules,
  });
}
