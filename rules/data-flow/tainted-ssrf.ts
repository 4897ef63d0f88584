import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";
import { staffOnly } from "./staff-only.js";

export default defineRule({
  id: "tainted-ssrf",
  severity: "high",
  confidence: "medium",
  cwe: 918,
  owasp: "A10:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Follows request data into the URL of outgoing requests made with `requests`, `httpx` or `urllib`, unless the scheme and host are fixed in the code.",
    why: "The server fetches whatever the client names, including internal services and cloud metadata endpoints that hand out credentials (server-side request forgery).",
    example: "import requests\n\ndef preview(request):\n    url = request.GET['url']\n    return requests.get(url, timeout=5).text\n",
    summary: "Follows request data into the URL of outgoing HTTP requests (requests, httpx, urllib).",
    good: "import requests\n\ndef preview(request):\n    url = request.GET['url']\n    return requests.get('https://preview.example.com/render', params={'url': url}, timeout=5).text\n",
    note:
      "A view only staff or superusers reach (`@staff_member_required`, `@user_passes_test` on `is_staff`/`is_superuser`, a " +
      "`Staff`/`SuperuserRequiredMixin`, a `UserPassesTestMixin` whose `test_func` returns one of them, a `ModelAdmin`, also through a base class of the module) is low confidence: " +
      "the URL is one its administrators configure.",
    fix: "Fix the scheme and host in code and put request data only in the path or query, or check the host against an allow-list before fetching.",
  },
  messages: flowMessages("so the client chooses which server this one contacts", "Fix the host in code or check it against an allow-list."),
  // A view only staff or superusers reach: the URL is one they typed while configuring the site (an identity
  // provider's discovery URL, a webhook to test), which the server contacting is the feature. Worth a look, not a comment.
  checkModule: (ctx) => reportTaint(ctx, "ssrf", (hit) => (staffOnly(hit.node) ? { confidence: "low" } : {})),
});
