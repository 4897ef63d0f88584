import { readFileSync } from "node:fs";
import fc from "fast-check";
import { stringify } from "yaml";
import { DEFAULT_CONFIG, type Config } from "./config.js";
import { parseConfig, renderConfigProblems, type ConfigProblem } from "./parse-config.js";
import { cpuMillis } from "../../../test/helpers/cpu-time.js";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/config/${name}`, import.meta.url), "utf8");
const RULE_IDS = ["csrf-exempt-view", "raw-sql-interpolation", "debug-enabled-in-settings"];
const parse = (text: string | undefined) => parseConfig(text, { knownRuleIds: new Set(RULE_IDS) });
const defaults = (): Config => structuredClone({ ...DEFAULT_CONFIG });
const defaultExcludes = [...DEFAULT_CONFIG.exclude];

describe("parseConfig: defaults", () => {
  it.each([
    ["undefined", undefined],
    ["empty text", ""],
    ["whitespace", "  \n\t\n"],
    ["only comments", fixture("comments-only.yml")],
    ["an explicit null document", "~\n"],
    ["a document marker alone", "---\n"],
    ["keys left empty", "rules:\nexclude:\nfail-on:\n"],
  ])("%s gives the defaults and no problems", (_name, text) => {
    expect(parse(text)).toEqual({ config: defaults(), problems: [] });
  });

  it("returns a fresh config: changing it or extending exclude never touches DEFAULT_CONFIG", () => {
    const { config } = parse("exclude: [vendor/**]\n");
    config.exclude.push("more/**");
    config.rules["csrf-exempt-view"] = "off";
    expect(DEFAULT_CONFIG.exclude).toEqual(defaultExcludes);
    expect(DEFAULT_CONFIG.rules).toEqual({});
    expect(parse(undefined).config.exclude).toEqual(defaultExcludes);
  });
});

describe("parseConfig: valid files", () => {
  it("applies every key of a full config", () => {
    expect(parse(fixture("full.yml"))).toEqual({
      problems: [],
      config: {
        rules: { "csrf-exempt-view": "off", "raw-sql-interpolation": "high", "debug-enabled-in-settings": "low" },
        include: ["shop/**", "accounts/**"],
        exclude: [...defaultExcludes, "shop/legacy/**"],
        settings: ["config/settings/*.py"],
        productionSettings: ["config/settings/prod.py"],
        developmentSettings: ["config/settings/local.py"],
        failOn: "medium",
        maxInlineComments: 10,
        reviewEvent: "REQUEST_CHANGES",
        maxFileSize: 2_000_000,
        taint: false,
        commentConfidence: "high",
        honorForeignSuppressions: false,
      },
    });
  });

  it("reports a comment-confidence that is not a confidence level and keeps the default", () => {
    const { config, problems } = parse("comment-confidence: certain\n");
    expect(config.commentConfidence).toBe("medium");
    expect(problems).toEqual([{ path: "comment-confidence", message: 'expected "high" | "medium" | "low", got "certain"' }]);
  });

  it.each([
    ["exclude extends the defaults", "exclude: [vendor/**]\n", [...defaultExcludes, "vendor/**"]],
    ["a default listed again is not duplicated", "exclude: ['**/tests/**', vendor/**]\n", [...defaultExcludes, "vendor/**"]],
    ["exclude-defaults: false drops the defaults", "exclude-defaults: false\nexclude: [vendor/**]\n", ["vendor/**"]],
    ["exclude-defaults: false works whatever the key order", "exclude: [vendor/**]\nexclude-defaults: false\n", ["vendor/**"]],
    ["exclude-defaults: false alone excludes nothing", "exclude-defaults: false\n", []],
    ["exclude-defaults: true keeps them", "exclude-defaults: true\n", defaultExcludes],
    ["a single string is a one-item list", "exclude: vendor/**\n", [...defaultExcludes, "vendor/**"]],
    ["leading ./ and / are dropped", "exclude: [./a/**, /b/**]\n", [...defaultExcludes, "a/**", "b/**"]],
  ])("%s", (_name, text, exclude) => {
    const { config, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(config.exclude).toEqual(exclude);
  });

  it("reads a file with a BOM and CRLF line ends", () => {
    const { config, problems } = parse(fixture("bom-crlf.yml"));
    expect(problems).toEqual([]);
    expect(config.failOn).toBe("low");
    expect(config.rules).toEqual({ "csrf-exempt-view": "off" });
  });

  it.each([
    ["a Set", new Set(RULE_IDS)],
    ["an array", RULE_IDS],
  ])("accepts known rule ids as %s", (_name, knownRuleIds) => {
    const { config, problems } = parseConfig("rules:\n  csrf-exempt-view: low\n  nope: low\n", { knownRuleIds });
    expect(config.rules).toEqual({ "csrf-exempt-view": "low" });
    expect(problems).toEqual([{ path: "rules.nope", message: "unknown rule" }]);
  });

  it("without known rule ids, applies any well-formed id and rejects malformed ones", () => {
    const { config, problems } = parseConfig("rules:\n  some-future-rule: medium\n  Not_An_Id: low\n");
    expect(config.rules).toEqual({ "some-future-rule": "medium" });
    expect(problems).toEqual([{ path: "rules.Not_An_Id", message: "unknown rule" }]);
  });
});

const problem = (path: string, message: string | RegExp) => ({ path, message: typeof message === "string" ? message : expect.stringMatching(message) });

describe("parseConfig: problems", () => {
  it("reports each mistake by key path and still applies the valid keys", () => {
    const { config, problems } = parse(fixture("typos.yml"));
    expect(problems).toEqual(
      expect.arrayContaining([
        problem("rule", 'unknown key (did you mean "rules"?)'),
        problem("failOn", 'unknown key (did you mean "fail-on"?)'),
        problem("max_inline_comments", 'unknown key (did you mean "max-inline-comments"?)'),
        problem("rules.csrf-exempt-view", 'expected "off" | "on" | "high" | "medium" | "low", got "of" (did you mean "off"?)'),
        problem("rules.csrf-exmpt-view", 'unknown rule (did you mean "csrf-exempt-view"?)'),
        problem("rules.raw-sql-interpolation", 'expected "off" | "on" | "high" | "medium" | "low", got "High" (did you mean "high"?)'),
        problem("fail-on", 'expected "high" | "medium" | "low" | "never", got "critical"'),
        problem("max-inline-comments", "expected a whole number from 0 to 100, got 500"),
        problem("review-event", 'expected "COMMENT" | "REQUEST_CHANGES", got "comment" (did you mean "COMMENT"?)'),
        problem("max-file-size", "expected a whole number from 1 to 10485760 bytes, got 0"),
        problem("taint", 'expected true or false, got "yes"'),
        problem("exclude[1]", "expected a glob pattern, got 42"),
        problem("exclude[2]", "expected a glob pattern, got an empty string"),
      ]),
    );
    expect(problems).toHaveLength(13);
    expect(config).toEqual({
      ...defaults(),
      rules: { "debug-enabled-in-settings": "medium" },
      exclude: [...defaultExcludes, "vendor/**"],
    });
  });

  it("never resolves foreign tags: it reports them and ignores their keys", () => {
    const { config, problems } = parse(fixture("foreign-tags.yml"));
    expect(problems).toEqual([
      problem("rules", /^unsupported YAML tag "!!python\/object\/apply:os\.system"/),
      problem("exclude[0]", /^unsupported YAML tag "!!js\/function"/),
      problem("fail-on", /^unsupported YAML tag "!!js\/undefined"/),
      problem("max-inline-comments", /^unsupported YAML tag "!custom"/),
      problem("include", /^unsupported YAML tag "!!binary"/),
    ]);
    // Core-schema tags (!!bool, !!str) are plain values and apply.
    expect(config).toEqual({ ...defaults(), exclude: [...defaultExcludes, "docs/**"], taint: false, reviewEvent: "REQUEST_CHANGES" });
  });

  it("stops an alias bomb quickly and applies nothing from it", () => {
    const started = cpuMillis();
    const { config, problems } = parse(fixture("alias-bomb.yml"));
    expect(cpuMillis() - started).toBeLessThan(1000);
    expect(problems).toEqual([problem("", /^too many YAML aliases/)]);
    expect(config).toEqual(defaults());
  });

  it("allows a few aliases", () => {
    const { config, problems } = parse("exclude: &g [vendor/**]\ninclude: *g\n");
    expect(problems).toEqual([]);
    expect(config.include).toEqual(["vendor/**"]);
  });

  it.each([
    ["a second document", "multi-doc.yml", [problem("", "expected one YAML document, found 2; only the first is read")], { failOn: "low" }],
    ["a list at the top level", "list-root.yml", [problem("", /^expected a mapping of settings at the top level, got a list/)], {}],
    ["a syntax error", "syntax-error.yml", [problem("", /^invalid YAML at line \d+, column \d+: /), problem("", /using the defaults$/)], {}],
    ["a duplicate key", "duplicate-keys.yml", [problem("", /^invalid YAML at line 2, column 1: Map keys must be unique/), problem("", /using the defaults$/)], {}],
    ["a merge key (YAML 1.1 only)", "merge-key.yml", [problem("shared", "unknown key"), problem("<<", "unknown key")], { taint: false }],
  ] as const)("%s", (_name, file, expected, overrides) => {
    const { config, problems } = parse(fixture(file));
    expect(problems).toEqual(expected);
    expect(config).toEqual({ ...defaults(), ...overrides });
  });

  it("treats __proto__ and constructor as plain names, never as object internals", () => {
    const { config, problems } = parse(fixture("prototype.yml"));
    expect(problems).toEqual([
      problem("__proto__", "unknown key"),
      problem("rules.__proto__", "unknown rule"),
      problem("rules.constructor", "unknown rule"),
    ]);
    expect(config).toEqual({ ...defaults(), rules: { "csrf-exempt-view": "low" } });
    expect(Object.getPrototypeOf(config.rules)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).taint).toBeUndefined();
  });

  it.each([
    ["a number where a list is expected", "include: 3\n", problem("include", "expected a list of glob patterns, got 3")],
    ["a list where a mapping is expected", "rules: [csrf-exempt-view]\n", problem("rules", "expected a mapping of rule ids to settings, got a list")],
    ["a fraction", "max-inline-comments: 2.5\n", problem("max-inline-comments", "expected a whole number from 0 to 100, got 2.5")],
    ["a number as text", 'max-file-size: "5000"\n', problem("max-file-size", 'expected a whole number from 1 to 10485760 bytes, got "5000"')],
    ["a size over the cap", "max-file-size: 20000000\n", problem("max-file-size", "expected a whole number from 1 to 10485760 bytes, got 20000000")],
    ["YAML 1.1 'off' for a boolean", "taint: off\n", problem("taint", 'expected true or false, got "off"')],
    ["YAML 1.1 'yes' even under a %YAML 1.1 directive", "%YAML 1.1\n---\ntaint: yes\n", problem("taint", 'expected true or false, got "yes"')],
    ["a boolean for a rule", "rules:\n  csrf-exempt-view: false\n", problem("rules.csrf-exempt-view", 'expected "off" | "on" | "high" | "medium" | "low", got false')],
    ["a control character in a glob", 'exclude: ["a\\u0000b"]\n', problem("exclude[0]", "glob patterns cannot contain control characters")],
    ["a non-string key", "1: x\n", problem("", "keys must be plain names, got 1")],
    ["a mapping as a rule id", "rules:\n  ? {a: 1}\n  : low\n", problem("rules", "rule ids must be plain names, got a mapping")],
    ["a long unknown value is shortened", `fail-on: ${"x".repeat(200)}\n`, problem("fail-on", /got "x{57}\.\.\."$/)],
  ])("%s", (_name, text, expected) => {
    expect(parse(text).problems).toEqual([expected]);
  });

  it("caps the number of problems so a hostile file cannot flood the check run", () => {
    const text = Array.from({ length: 500 }, (_, i) => `unknown-${i}: 1`).join("\n");
    const { problems } = parse(text);
    expect(problems).toHaveLength(51);
    expect(problems[50]).toEqual({ path: "", message: "450 more problems not shown" });
  });

  it("refuses an oversized file without parsing it", () => {
    const { config, problems } = parse(`fail-on: low\n# ${"x".repeat(300 * 1024)}\n`);
    expect(problems).toEqual([problem("", /^the config file is larger than 256 KB/)]);
    expect(config).toEqual(defaults());
  });
});

describe("parseConfig never throws", () => {
  const check = (text: string) => {
    const { config, problems } = parse(text);
    expect(Object.keys(config).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    for (const p of problems) expect(typeof p.path === "string" && p.message.length > 0).toBe(true);
  };
  it("on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), check), { numRuns: 200 });
  });
  it("on arbitrary YAML values under real and unknown keys", () => {
    const key = fc.constantFrom("rules", "include", "exclude", "exclude-defaults", "settings", "fail-on", "max-inline-comments", "max-file-size", "taint", "other");
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })), (doc) => {
        const { config } = parse(stringify(doc));
        if (typeof doc["taint"] === "boolean") expect(config.taint).toBe(doc["taint"]);
        check(stringify(doc));
      }),
      { numRuns: 150 },
    );
  });
});

describe("renderConfigProblems", () => {
  it("lists problems one per line, with the key path when there is one", () => {
    const problems: ConfigProblem[] = [
      { path: "rules.csrf-exmpt-view", message: "unknown rule" },
      { path: "", message: "expected one YAML document, found 2; only the first is read" },
    ];
    expect(renderConfigProblems(problems)).toBe(
      "- rules.csrf-exmpt-view: unknown rule\n- expected one YAML document, found 2; only the first is read",
    );
    expect(renderConfigProblems([])).toBe("");
  });
});
