import { defineRule } from "../../src/core/analysis/define-rule.js";
import { flowMessages, reportTaint } from "./report-taint.js";

export default defineRule({
  id: "unsafe-deserialization",
  severity: "high",
  confidence: "high",
  cwe: 502,
  owasp: "A08:2021",
  guideSection: "data-flow",
  supersedes: ["yaml-unsafe-load"],
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/signing/",
  docs: {
    what: "Follows request data (bodies, cookies, uploads) into `pickle`, `marshal`, `dill`, `jsonpickle` and `yaml.load()` without a safe loader.",
    why: "These formats can describe objects whose loading runs code: a crafted cookie or upload gives the attacker code execution on the server.",
    example:
      "import base64, pickle\n\ndef cart(request):\n    data = base64.b64decode(request.COOKIES['cart'])\n    items = pickle.loads(data)\n",
    summary: "Follows request data into pickle, marshal, dill, jsonpickle or yaml.load() without a safe loader.",
    good: "import json\n\ndef cart(request):\n    items = json.loads(request.COOKIES['cart'])\n",
    fix: "Use JSON for data from clients, `yaml.safe_load()` for YAML, and sign anything you must round-trip through the client with `django.core.signing` (it serialises to JSON).",
    note: "Only request data is reported: pickling values your own code wrote (for example to the cache) is not flagged.",
  },
  messages: flowMessages("so a crafted payload can run code when it is loaded", "Use JSON or `yaml.safe_load()` for client data."),
  checkModule: (ctx) => reportTaint(ctx, "deserialization"),
});
