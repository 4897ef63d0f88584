import { defineRule } from "../../src/core/analysis/define-rule.js";
import { SAFE_YAML_LOADER } from "../../src/core/analysis/taint/models.js";

const LOADS = new Set(["yaml.load", "yaml.load_all"]);
const ALWAYS_UNSAFE = new Set(["yaml.unsafe_load", "yaml.unsafe_load_all"]);

export default defineRule({
  id: "yaml-unsafe-load",
  severity: "high",
  confidence: "medium",
  cwe: 502,
  owasp: "A08:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: {
    what: "Finds `yaml.load()` without a safe loader (`Loader=yaml.Loader`, `UnsafeLoader`, `FullLoader`, or none) and `yaml.unsafe_load()`, whatever the data's origin.",
    why:
      "PyYAML's full and unsafe loaders build arbitrary Python objects from tags such as `!!python/object/apply:os.system`: loading a document someone else can write (an upload, an import file, a value from the database or an API) runs their code. Where the data comes from is rarely visible at the call.",
    example: "import yaml\n\ndef import_config(f):\n    return yaml.load(f, Loader=yaml.Loader)\n",
    good: "import yaml\n\ndef import_config(f):\n    return yaml.safe_load(f)\n",
    fix: "Use `yaml.safe_load(f)` (or `Loader=yaml.SafeLoader`). Good:\n\n```python\nimport yaml\n\ndef import_config(f):\n    return yaml.safe_load(f)\n```",
    note: "A project loader class derived (directly or through other project classes) from `yaml.SafeLoader` or `CSafeLoader` is safe: it only adds constructors of its own. `FullLoader` and a call without `Loader` are reported at low confidence: PyYAML 5.4 stopped the full loader from building arbitrary objects (it still does on older versions) and PyYAML 6 rejects a call without `Loader`. When request data visibly reaches the call, `unsafe-deserialization` reports it instead (high confidence). `yaml.load(f)` with no loader fails on PyYAML 6 and used the full loader before; it is reported too.",
  },
  mentions: /\byaml\b/,
  messages: {
    unsafeLoader: "`{{call}}` uses {{loader}}, which can build arbitrary Python objects (and run code) from the document. Use `yaml.safe_load()`.",
  },
  query: `(call function: (_) @fn arguments: (argument_list) @args) @call`,
  check({ node, imports, project, report }) {
    const fn = node("fn");
    const q = imports.qualifyNode(fn);
    if (!q) return;
    if (ALWAYS_UNSAFE.has(q)) {
      report(node("call"), "unsafeLoader", { call: `${fn.text}()`, loader: "the unsafe loader" });
      return;
    }
    if (!LOADS.has(q)) return;
    const args = node("args").namedChildren.filter((c) => c.type !== "comment");
    if (args.some((a) => a.type === "dictionary_splat" || a.type === "list_splat")) return;
    const kw = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "Loader");
    const loader = kw?.childForFieldName("value") ?? args.filter((a) => a.type !== "keyword_argument")[1];
    if (loader) {
      const name = imports.qualifyNode(loader) ?? loader.text;
      // A project class (defined here or imported from a project module) derived from PyYAML's SafeLoader is safe;
      // one derived from an unsafe loader keeps its `python/...` tags.
      const projectKind = !/^yaml\./.test(name) && /^[\w.]+$/.test(name) ? project.index?.yamlLoaders?.[name.replace(/^.*\./, "")] : undefined;
      if (projectKind === "safe") return;
      // A loader the rule cannot name (a variable, a project class it cannot follow) may be safe: stay quiet.
      if (projectKind !== "unsafe" && (SAFE_YAML_LOADER.test(name) || !/(^|\.)(Loader|CLoader|UnsafeLoader|FullLoader|CFullLoader|CUnsafeLoader)$/.test(name))) return;
      // PyYAML 5.4 stopped FullLoader from building arbitrary objects; older versions run code through it.
      const full = /FullLoader$/.test(name);
      report(node("call"), "unsafeLoader", { call: `${fn.text}()`, loader: `\`${loader.text}\`` }, full ? { confidence: "low" } : {});
    } else {
      report(node("call"), "unsafeLoader", { call: `${fn.text}()`, loader: "no `Loader` (the full loader on PyYAML before 6)" }, { confidence: "low" });
    }
  },
});
