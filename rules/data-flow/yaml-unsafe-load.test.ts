import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./yaml-unsafe-load.js";

const SAFE_LOADERS = "import yaml\n\nclass IncludeLoader(yaml.SafeLoader):\n    def include(self, node):\n        return self.construct_scalar(node)\n\nIncludeLoader.add_constructor('!include', IncludeLoader.include)\n\nclass StrictLoader(IncludeLoader):\n    pass\n";
const UNSAFE_LOADERS = "from yaml import Loader as YamlLoader, FullLoader\n\nclass IncludeLoader(YamlLoader):\n    pass\n\nclass StrictLoader(IncludeLoader):\n    pass\n\nclass Fuller(FullLoader):\n    pass\n";

testRule(rule, {
  valid: [
    { name: "safe_load", code: "import yaml\ndef f(s):\n    return yaml.safe_load(s)\n" },
    { name: "SafeLoader by keyword", code: "import yaml\ndef f(s):\n    return yaml.load(s, Loader=yaml.SafeLoader)\n" },
    { name: "CSafeLoader positional", code: "from yaml import load, CSafeLoader\ndef f(s):\n    return load(s, CSafeLoader)\n" },
    { name: "a loader the rule cannot name", code: "import yaml\nfrom .loaders import ProjectLoader\ndef f(s):\n    return yaml.load(s, Loader=ProjectLoader)\n" },
    { name: "a local function named load", code: "def load(s, Loader=None):\n    return s\ndef f(s):\n    return load(s)\n" },
    { name: "a class of this module named Loader derived from yaml.SafeLoader", code: "import yaml\n\nclass Loader(yaml.SafeLoader):\n    pass\n\ndef f(s):\n    return yaml.load(s, Loader=Loader)\n" },
    { name: "a SafeLoader subclass imported from a project module", code: "import yaml\nfrom tools import loaders\ndef f(s):\n    return yaml.load(s, Loader=loaders.IncludeLoader)\n", context: { "tools/loaders.py": SAFE_LOADERS } },
    { name: "a SafeLoader subclass through another project class, imported by name", code: "import yaml\nfrom tools.loaders import StrictLoader\ndef f(s):\n    return list(yaml.load_all(s, StrictLoader))\n", context: { "tools/loaders.py": SAFE_LOADERS } },
    { name: "a CSafeLoader subclass named Loader beside a Django template Loader", code: "from yaml import CSafeLoader, load\n\nclass Loader(CSafeLoader):\n    pass\n\ndef f(s):\n    return load(s, Loader=Loader)\n", context: { "shop/template_loaders.py": "from django.template.loaders import base\n\nclass Loader(base.Loader):\n    pass\n" } },
    { name: "json.load", code: "import json\ndef f(s):\n    return json.load(s)\n" },
  ],
  invalid: [
    { name: "yaml.Loader", code: "import yaml\ndef f(s):\n    return yaml.load(s, Loader=yaml.Loader)\n", errors: [{ messageId: "unsafeLoader", line: 3, messageIncludes: "`yaml.Loader`" }] },
    { name: "no loader", code: "import yaml\ndef f(path):\n    with open(path) as fh:\n        return yaml.load(fh)\n", errors: [{ messageId: "unsafeLoader", line: 4 }] },
    { name: "unsafe_load", code: "from yaml import unsafe_load\ndef f(s):\n    return unsafe_load(s)\n", errors: [{ messageId: "unsafeLoader", line: 3 }] },
    { name: "FullLoader imported by name", code: "from yaml import load_all, FullLoader\ndef f(s):\n    return list(load_all(s, Loader=FullLoader))\n", errors: [{ messageId: "unsafeLoader", line: 3 }] },
    { name: "a class of this module named Loader derived from yaml.Loader", code: "import yaml\n\nclass Loader(yaml.Loader):\n    pass\n\ndef f(s):\n    return yaml.load(s, Loader=Loader)\n", errors: [{ messageId: "unsafeLoader", line: 7 }] },
    { name: "a yaml.Loader subclass through another project class", code: "import yaml\nfrom tools import loaders\ndef f(s):\n    return yaml.load(s, Loader=loaders.StrictLoader)\n", context: { "tools/loaders.py": UNSAFE_LOADERS }, errors: [{ messageId: "unsafeLoader", line: 4 }] },
    { name: "a SafeLoader subclass whose module registers python/object constructors", code: "import yaml\n\nclass Loader(yaml.SafeLoader):\n    pass\n\nLoader.add_constructor('tag:yaml.org,2002:python/object/apply', yaml.UnsafeLoader.construct_python_object_apply)\n\ndef f(s):\n    return yaml.load(s, Loader=Loader)\n", errors: [{ messageId: "unsafeLoader", line: 9 }] },
    { name: "yaml.Loader itself when the project also has a safe class named Loader", code: "import yaml\ndef f(s):\n    return yaml.load(s, Loader=yaml.Loader)\n", context: { "tools/loaders.py": "import yaml\n\nclass Loader(yaml.SafeLoader):\n    pass\n" }, errors: [{ messageId: "unsafeLoader", line: 3 }] },
    { name: "Loader imported from yaml when the project also has a safe class named Loader", code: "from yaml import load, Loader\ndef f(s):\n    return load(s, Loader=Loader)\n", context: { "tools/loaders.py": "import yaml\n\nclass Loader(yaml.SafeLoader):\n    pass\n" }, errors: [{ messageId: "unsafeLoader", line: 3 }] },
  ],
});
