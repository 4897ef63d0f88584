#!/usr/bin/env node
// Scaffolds a rule: rules/<section>/<rule-id>.ts, its test beside it, and one line in the section's index.
// Usage: npm run new-rule -- <section> <rule-id> [--language python|settings|template]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const rulesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "rules");

function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const languageAt = args.indexOf("--language");
const language = languageAt >= 0 ? args.splice(languageAt, 2)[1] : "python";
const [section, id, ...rest] = args;
const sections = readdirSync(rulesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

if (!section || !id || rest.length) fail(`usage: npm run new-rule -- <section> <rule-id> [--language python|settings|template]\nsections: ${sections.join(", ")}`);
if (!sections.includes(section)) fail(`unknown section "${section}"; one of: ${sections.join(", ")}`);
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(`rule id "${id}" must be kebab-case, e.g. raw-sql-interpolation`);
if (!["python", "settings", "template"].includes(language)) fail(`--language must be python, settings or template, not "${language}"`);
for (const dir of sections) {
  if (existsSync(join(rulesDir, dir, `${id}.ts`))) fail(`rules/${dir}/${id}.ts already exists`);
}

const ruleFile = join(rulesDir, section, `${id}.ts`);
const testFile = join(rulesDir, section, `${id}.test.ts`);
const indexFile = join(rulesDir, section, "index.ts");
const ident = id.replace(/-([a-z0-9])/g, (_m, c) => c.toUpperCase());

const matcher = {
  python: {
    head: "",
    body: `  messages: {
    todoMessage: "TODO: name the situation and the fix, e.g. \`{{name}}\` ... Use ... instead.",
  },
  // TODO: match the dangerous call; resolve names with imports.is/qualify before comparing.
  query: \`(call function: (_) @fn) @call\`,
  check({ node, imports, report }) {
    if (!imports.is(node("fn"), "django.TODO.dangerous_call")) return;
    report(node("call"), "todoMessage", { name: node("fn").text });
  },`,
    example: "from django.TODO import dangerous_call\\ndangerous_call(request.GET['q'])\\n",
    good: "from django.TODO import safe_call\\nsafe_call(request.GET['q'])\\n",
    valid: `    { name: "TODO safe look-alike", code: "def dangerous_call(x):\\n    return x\\ndangerous_call(1)\\n" },`,
    invalid: `    { name: "TODO the basic case", code: "from django.TODO import dangerous_call\\ndangerous_call(request.GET['q'])\\n",
      errors: [{ messageId: "todoMessage", line: 2 }] },`,
  },
  settings: {
    head: "",
    body: `  messages: {
    todoMessage: "TODO: \`{{name}}\` is ... in production. Set it to ...",
  },
  language: "settings",
  settingsKinds: ["production", "base"],
  checkSettings({ settings, report }) {
    const setting = settings.get("TODO_SETTING");
    // TODO: decide from setting.value (see py-value.ts); report only when the value is certain.
    if (!setting || setting.debugOnly || setting.value.kind !== "bool" || !setting.value.value) return;
    report(setting.node, "todoMessage", { name: "TODO_SETTING" });
  },`,
    example: "TODO_SETTING = True\\n",
    good: "TODO_SETTING = False\\n",
    valid: `    { name: "TODO safe value", code: "TODO_SETTING = False\\n" },`,
    invalid: `    { name: "TODO the basic case", code: "TODO_SETTING = True\\n", errors: [{ messageId: "todoMessage", line: 1 }] },`,
  },
  template: {
    head: "",
    body: `  messages: {
    todoMessage: "TODO: \`{{name}}\` ... Use ... instead.",
  },
  language: "template",
  checkTemplate({ tokens, report }) {
    for (const token of tokens) {
      // TODO: match the risky token (variables with filters, block tags, HTML tags) and report it.
      if (token.type !== "variable" || !token.filters.some((f) => f.name === "todo_filter")) continue;
      report({ line: token.line, column: token.column }, "todoMessage", { name: token.expression });
    }
  },`,
    example: "{{ value|todo_filter }}\\n",
    good: "<p>{{ value }}</p>\\n",
    valid: `    { name: "TODO safe template", code: "<p>{{ name }}</p>\\n" },`,
    invalid: `    { name: "TODO the basic case", code: "<p>{{ value|todo_filter }}</p>\\n", errors: [{ messageId: "todoMessage", line: 1 }] },`,
  },
}[language];

const ruleSource = `import { defineRule } from "../../src/core/analysis/define-rule.js";

export default defineRule({
  id: "${id}",
  severity: "medium",
  confidence: "high",
  cwe: 0, // TODO: the CWE number
  owasp: "A05:2021", // TODO: the OWASP Top 10 2021 category
  guideSection: "${section}",
  djangoDocs: "https://docs.djangoproject.com/en/stable/TODO/",
  docs: {
    what: "TODO: one sentence: what the rule finds.",
    why: "TODO: why it matters, in terms of an attack.",
    example: "${matcher.example}",
    good: "${matcher.good}",
    fix: "TODO: how to fix it.",
  },
${matcher.body}
});
`;

const testSource = `import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./${id}.js";

testRule(rule, {
  valid: [
${matcher.valid}
  ],
  invalid: [
${matcher.invalid}
  ],
});
`;

function addToIndex(source) {
  const importLine = `import ${ident} from "./${id}.js";`;
  const lines = source.split("\n");
  let lastImport = -1;
  lines.forEach((l, i) => {
    if (/^import\s/.test(l)) lastImport = i;
  });
  lines.splice(lastImport + 1, 0, importLine);
  let text = lines.join("\n");
  const list = /export default \[([\s\S]*?)\]( as Rule\[\])?;/.exec(text);
  if (!list) fail(`cannot find "export default [...]" in rules/${section}/index.ts; add ${ident} by hand`);
  const items = list[1].split(",").map((s) => s.trim()).filter(Boolean);
  items.push(ident);
  const replacement = items.length > 4 ? `export default [\n${items.map((s) => `  ${s},`).join("\n")}\n]${list[2] ?? ""};` : `export default [${items.join(", ")}]${list[2] ?? ""};`;
  text = text.replace(list[0], replacement);
  return text;
}

const indexSource = addToIndex(readFileSync(indexFile, "utf8"));
writeFileSync(ruleFile, ruleSource);
writeFileSync(testFile, testSource);
writeFileSync(indexFile, indexSource);
process.stdout.write(
  `created rules/${section}/${id}.ts and rules/${section}/${id}.test.ts, added ${ident} to rules/${section}/index.ts\n` +
    `next: fill in the TODOs, then run: npm test -- rules/${section}/${id}\n`,
);
