import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";

export default defineRule({
  id: "tainted-header",
  severity: "medium",
  confidence: "medium",
  cwe: 113,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/request-response/#setting-header-fields",
  docs: {
    what: "Follows request data into response headers: `response['Name'] = value`, `response.headers[...]` and the `headers=` argument of responses.",
    why: "A client-chosen header value can add parameters to `Content-Disposition` (changing the downloaded file name and type), set `Location`, or poison caches.",
    example:
      "from django.http import HttpResponse\n\ndef export(request):\n    response = HttpResponse(b'...')\n    response['Content-Disposition'] = f\"attachment; filename={request.GET['name']}\"\n    return response\n",
    good: "from django.http import HttpResponse\n\ndef export(request):\n    response = HttpResponse(b'...')\n    response['Content-Disposition'] = 'attachment; filename=\"export.csv\"'\n    return response\n",
    fix: "Build header values from fixed text or validated data. For file names, use `FileResponse(..., filename=name)`, which encodes the name safely.",
    note: "Django rejects newlines in header values, so classic response splitting is blocked; the remaining risk is the content of the single header.",
  },
  messages: flowMessages("so the client controls the header's content", "Validate the value or use an API that encodes it, such as `FileResponse(filename=...)`."),
  checkModule: (ctx) => reportTaint(ctx, "header"),
});
