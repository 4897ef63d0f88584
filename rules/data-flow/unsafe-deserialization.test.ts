import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./unsafe-deserialization.js";

testRule(rule, {
  valid: [
    { name: "pickle of cached data", code: "import pickle\nfrom django.core.cache import cache\ndef v(request):\n    return pickle.loads(cache.get('k'))\n" },
    { name: "yaml safe loader", code: "import yaml\ndef v(request):\n    return yaml.load(request.body, Loader=yaml.SafeLoader)\n" },
    { name: "yaml.safe_load", code: "import yaml\ndef v(request):\n    return yaml.safe_load(request.body)\n" },
    { name: "json", code: "import json\ndef v(request):\n    return json.loads(request.body)\n" },
  ],
  invalid: [
    { name: "pickled cookie", code: "import base64, pickle\ndef v(request):\n    data = base64.b64decode(request.COOKIES['cart'])\n    return pickle.loads(data)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "yaml.load without a loader", code: "import yaml\ndef v(request):\n    return yaml.load(request.body)\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "yaml unsafe loader", code: "import yaml\ndef v(request):\n    return yaml.load(request.FILES['f'], Loader=yaml.Loader)\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "marshal of an upload", code: "import marshal\ndef v(request):\n    up = request.FILES['code']\n    return marshal.loads(up.read())\n", errors: [{ messageId: "fromVariable", line: 4 }] },
  ],
});
