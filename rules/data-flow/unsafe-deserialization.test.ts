import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./unsafe-deserialization.js";

testRule(rule, {
  valid: [
    { name: "pickle of cached data", code: "import pickle\nfrom django.core.cache import cache\ndef v(request):\n    return pickle.loads(cache.get('k'))\n" },
    { name: "yaml safe loader", code: "import yaml\ndef v(request):\n    return yaml.load(request.body, Loader=yaml.SafeLoader)\n" },
    { name: "yaml.safe_load", code: "import yaml\ndef v(request):\n    return yaml.safe_load(request.body)\n" },
    { name: "a form bound to cached data", code: "import pickle\ndef v(request):\n    choices = ChoiceForm(cache.get('k'))\n    if choices.is_valid():\n        return pickle.loads(choices.cleaned_data['answers'])\n" },
    { name: "not a form class", code: "import pickle\ndef v(request):\n    choices = Loader(request.POST)\n    return pickle.loads(choices.cleaned_data['answers'])\n" },
    { name: "json", code: "import json\ndef v(request):\n    return json.loads(request.body)\n" },
  ],
  invalid: [
    {
      name: "a form bound to the POST body, whatever its name",
      code: "import pickle\ndef v(request):\n    choices = ChoiceQuestionForm(request.POST)\n    if choices.is_valid():\n        items = pickle.loads(choices.cleaned_data['answers'])\n",
      errors: [{ messageId: "fromSource", line: 5 }],
    },
    {
      name: "a form bound with data=",
      code: "import pickle\nfrom . import forms\ndef v(request):\n    q = forms.QuestionForm(data=request.POST, prefix='q')\n    return pickle.loads(q.cleaned_data['blob'])\n",
      errors: [{ messageId: "fromSource", line: 5 }],
    },
    { name: "pickled cookie", code: "import base64, pickle\ndef v(request):\n    data = base64.b64decode(request.COOKIES['cart'])\n    return pickle.loads(data)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "yaml.load without a loader", code: "import yaml\ndef v(request):\n    return yaml.load(request.body)\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "yaml unsafe loader", code: "import yaml\ndef v(request):\n    return yaml.load(request.FILES['f'], Loader=yaml.Loader)\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "marshal of an upload", code: "import marshal\ndef v(request):\n    up = request.FILES['code']\n    return marshal.loads(up.read())\n", errors: [{ messageId: "fromVariable", line: 4 }] },
  ],
});
