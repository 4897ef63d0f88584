/**
 * The project's own PyYAML loader classes and whether each can build arbitrary Python objects. A class such as
 * `class Loader(yaml.SafeLoader)` that only adds `!include` constructors keeps the safe constructor: every tag it
 * does not add still fails. One that derives from `yaml.Loader`, `UnsafeLoader`, `FullLoader` (or their C versions
 * and constructors) keeps the `!!python/...` tags. Text-based, like the project index: `class X(bases):` lines,
 * followed through the project's classes by name.
 */

export type YamlLoaderKind = "safe" | "unsafe";

/** PyYAML's loaders and constructors that refuse every `!!python/...` tag. */
const SAFE_BASE = /^(?:SafeLoader|CSafeLoader|BaseLoader|CBaseLoader|SafeConstructor|BaseConstructor)$/;
/** PyYAML's loaders and constructors that build Python objects (FullLoader: only before PyYAML 5.4, still not safe). */
const UNSAFE_BASE = /^(?:Loader|CLoader|UnsafeLoader|CUnsafeLoader|FullLoader|CFullLoader|Constructor|UnsafeConstructor|FullConstructor)$/;
const YAML_NAMES = ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "SafeConstructor", "BaseConstructor", "Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader", "FullLoader", "CFullLoader", "Constructor", "UnsafeConstructor", "FullConstructor"];
const CLASS = /^[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)[ \t]*:/gm;

type Base = { kind: YamlLoaderKind } | { ref: string } | undefined;

/** What one written base means: one of PyYAML's classes, a project class by name, or nothing known. */
function readBase(base: string, fromYaml: ReadonlyMap<string, string>, yamlAliases: ReadonlySet<string>): Base {
  const b = base.replace(/\s+/g, "");
  if (!/^[\w.]+$/.test(b)) return undefined;
  const dot = b.lastIndexOf(".");
  const name = dot < 0 ? (fromYaml.get(b) ?? b) : b.slice(dot + 1);
  const head = dot < 0 ? "" : b.slice(0, b.indexOf("."));
  // `yaml.SafeLoader`, `yaml.loader.SafeLoader`, `y.SafeLoader` after `import yaml as y`, or a name imported from yaml.
  const isYaml = dot < 0 ? fromYaml.has(b) : yamlAliases.has(head);
  if (isYaml || (dot < 0 && SAFE_BASE.test(name) && /Safe/.test(name))) {
    if (SAFE_BASE.test(name)) return { kind: "safe" };
    if (UNSAFE_BASE.test(name)) return { kind: "unsafe" };
    return undefined;
  }
  return { ref: name };
}

/**
 * The project's classes derived, directly or through other project classes, from one of PyYAML's loaders: each
 * class name with `safe` when every base that leads to PyYAML leads to a safe loader, `unsafe` when one leads to an
 * unsafe one (or its module registers PyYAML's `python/...` constructors). A name defined twice with different answers
 * is left out (which one a caller means is not known); a definition that leads nowhere near PyYAML does not count.
 */
export function yamlLoaderClasses(files: ReadonlyArray<{ path: string; text: string }>): Record<string, YamlLoaderKind> {
  const classes = new Map<string, { bases: Base[]; buildsObjects: boolean }[]>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !file.text.includes("class") || !/Loader|Constructor/.test(file.text)) continue;
    const text = file.text;
    const yamlAliases = new Set<string>();
    for (const m of text.matchAll(/^[ \t]*import[ \t]+([^\n#]+)/gm)) {
      for (const part of m[1].split(",")) {
        const a = /^\s*(yaml(?:\.\w+)*)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (a) yamlAliases.add(a[2] ?? "yaml");
      }
    }
    const fromYaml = new Map<string, string>();
    for (const m of text.matchAll(/^[ \t]*from[ \t]+yaml(?:\.\w+)*[ \t]+import[ \t]+\(?([^)\n#]+)/gm)) {
      for (const part of m[1].split(",")) {
        if (part.trim() === "*") for (const n of YAML_NAMES) fromYaml.set(n, n);
        const a = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (a) fromYaml.set(a[2] ?? a[1], a[1]);
      }
    }
    // A module that registers PyYAML's object-building constructors itself makes its loaders unsafe, whatever their base.
    const buildsObjects = /construct_python_|python\/(?:object|name|module)/.test(text);
    for (const m of text.matchAll(CLASS)) {
      const bases = m[2].split(",").filter((b) => b.trim() !== "" && !b.includes("=")).map((b) => readBase(b, fromYaml, yamlAliases));
      const list = classes.get(m[1]) ?? [];
      list.push({ bases, buildsObjects });
      classes.set(m[1], list);
    }
  }
  const memo = new Map<string, YamlLoaderKind | "none" | "mixed" | "pending">();
  const resolve = (name: string, depth: number): YamlLoaderKind | "none" | "mixed" => {
    const cached = memo.get(name);
    if (cached === "pending") return "none";
    if (cached) return cached;
    const definitions = classes.get(name);
    if (!definitions || depth > 16) return "none";
    memo.set(name, "pending");
    const answers = definitions.map(({ bases, buildsObjects }) => {
      const kinds = bases.map((b) => (!b ? "none" : "kind" in b ? b.kind : b.ref === name ? "none" : resolve(b.ref, depth + 1)));
      if (kinds.includes("unsafe")) return "unsafe";
      if (kinds.includes("mixed")) return "mixed";
      if (!kinds.includes("safe")) return "none";
      return buildsObjects ? "unsafe" : "safe";
    });
    // A definition that leads nowhere near PyYAML (a Django template `Loader` of the same name) is not the one passed as a loader.
    const known = answers.filter((a) => a !== "none");
    const r = !known.length ? "none" : known.every((a) => a === known[0]) ? known[0] : "mixed";
    memo.set(name, r);
    return r;
  };
  const out: Record<string, YamlLoaderKind> = {};
  for (const name of [...classes.keys()].sort()) {
    const r = resolve(name, 0);
    if (r === "safe" || r === "unsafe") out[name] = r;
  }
  return out;
}
