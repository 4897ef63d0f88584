import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./yaml-unsafe-load.js";

testRule(rule, {
  valid: [
    { name: "safe_load", code: "import yaml\ndef f(s):\n    return yaml.safe_load(s)\n" },
    { name: "SafeLoader by keyword", code: "import yaml\ndef f(s):\n    return yaml.load(s, Loader=yaml.SafeLoader)\n" },
    { name: "CSafeLoader positional", code: "from yaml import load, CSafeLoader\ndef f(s):\n    return load(s, CSafeLoader)\n" },
    { name: "a loader the rule cannot name", code: "import yaml\nfrom .loaders import ProjectLoader\ndef f(s):\n    return yaml.load(s, Loader=ProjectLoader)\n" },
    { name: "a local function named load", code: "def load(s, Loader=None):\n    return s\ndef f(s):\n    return load(s)\n" },
    { name: "json.load", code: "import json\ndef f(s):\n    return json.load(s)\n" },
  ],
  invalid: [
    { name: "yaml.Loader", code: "import yaml\ndef f(s):\n    return yaml.load(s, Loader=yaml.Loader)\n", errors: [{ messageId: "unsafeLoader", line: 3, messageIncludes: "`yaml.Loader`" }] },
    { name: "no loader", code: "import yaml\ndef f(path):\n    with open(path) as fh:\n        return yaml.load(fh)\n", errors: [{ messageId: "unsafeLoader", line: 4 }] },
    { name: "unsafe_load", code: "from yaml import unsafe_load\ndef f(s):\n    return unsafe_load(s)\n", errors: [{ messageId: "unsafeLoader", line: 3 }] },
    { name: "FullLoader imported by name", code: "from yaml import load_all, FullLoader\ndef f(s):\n    return list(load_all(s, Loader=FullLoader))\n", errors: [{ messageId: "unsafeLoader", line: 3 }] },
  ],
});
