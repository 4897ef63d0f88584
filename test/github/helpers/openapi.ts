import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

const require = createRequire(import.meta.url);
let spec: Spec | undefined;
let templates: { template: string; re: RegExp; params: number }[] = [];
const validators = new Map<string, ValidateFunction | null>();
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

function load(): Spec {
  if (!spec) {
    spec = JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as Spec;
    templates = Object.keys(spec.paths)
      .map((template) => ({
        template,
        re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
  }
  return spec;
}

/** The OpenAPI path template for a request path (GHE's `/api/v3` prefix removed), or undefined. */
export function findOperationPath(method: string, path: string): string | undefined {
  const s = load();
  const bare = path.split("?", 1)[0].replace(/^\/api\/v3(?=\/)/, "");
  return templates.find((t) => t.re.test(bare) && s.paths[t.template][method.toLowerCase()])?.template;
}

/**
 * Checks a JSON request body against GitHub's official OpenAPI description of the operation. Returns
 * a list of problems (empty when the body is one GitHub accepts).
 */
export function validateRequestBody(method: string, path: string, body: unknown): string[] {
  const s = load();
  const template = findOperationPath(method, path);
  if (!template) return [`${method} ${path}: no such operation in GitHub's REST API description`];
  const key = `${method.toLowerCase()} ${template}`;
  if (!validators.has(key)) {
    const schema = s.paths[template][method.toLowerCase()].requestBody?.content?.["application/json"]?.schema;
    validators.set(key, schema ? ajv.compile({ ...schema, components: referencedComponents(schema, s.components) }) : null);
  }
  const validate = validators.get(key);
  if (body === undefined && !s.paths[template][method.toLowerCase()].requestBody?.required) return [];
  if (!validate) return body === undefined || body === "" ? [] : [`${key}: takes no JSON body`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "(body)"} ${e.message} ${JSON.stringify(e.params)}`);
}

/**
 * Only the components a schema reaches through `$ref`s: compiling against all of GitHub's components
 * makes Ajv walk the whole 13 MB description for every operation.
 */
function referencedComponents(schema: object, components: object): object {
  const out: Record<string, Record<string, unknown>> = {};
  const stack: unknown[] = [schema];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/")) {
        const [, , group, name] = v.split("/");
        const target = (components as Record<string, Record<string, unknown>>)[group]?.[name];
        if (target && !out[group]?.[name]) {
          (out[group] ??= {})[name] = target;
          stack.push(target);
        }
      } else stack.push(v);
    }
  }
  return out;
}

interface Parameter {
  name: string;
  in: string;
  schema?: { type?: string; enum?: unknown[] };
  $ref?: string;
}

/**
 * Checks a request's query string against the operation's declared query parameters: each name must be
 * one GitHub documents for it, each value of the declared type (and in its `enum`). Returns the problems.
 */
export function validateQuery(method: string, pathWithQuery: string): string[] {
  const s = load() as Spec & { components: { parameters?: Record<string, Parameter> } };
  const url = new URL(pathWithQuery, "https://api.github.com");
  const template = findOperationPath(method, url.pathname);
  if (!template) return [`${method} ${url.pathname}: no such operation in GitHub's REST API description`];
  const op = s.paths[template][method.toLowerCase()] as Operation & { parameters?: Parameter[] };
  const params = (op.parameters ?? []).map((p) => (p.$ref ? s.components.parameters?.[p.$ref.split("/").pop() ?? ""] : p)).filter((p): p is Parameter => !!p && p.in === "query");
  const problems: string[] = [];
  for (const [name, value] of url.searchParams) {
    const param = params.find((p) => p.name === name);
    if (!param) problems.push(`${method} ${template}: unknown query parameter ${name}`);
    else if (param.schema?.enum && !param.schema.enum.includes(value)) problems.push(`${method} ${template}: ${name}=${value} not one of ${param.schema.enum.join(", ")}`);
    else if (param.schema?.type === "integer" && !/^\d+$/.test(value)) problems.push(`${method} ${template}: ${name}=${value} is not an integer`);
  }
  return problems;
}
