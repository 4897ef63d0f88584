import { readFileSync } from "node:fs";
import AjvModule from "ajv";
import formatsModule from "ajv-formats";

/**
 * The SARIF 2.1.0 JSON schema (rtm.5, the schema GitHub code scanning and schemastore publish for
 * SARIF 2.1.0), vendored from the npm package @microsoft/jest-sarif (MIT; see SARIF-SCHEMA.md). It is
 * written for JSON Schema draft-04; ajv reads it as draft-07, which means the same for every keyword
 * it uses (it has no boolean exclusiveMinimum/Maximum), once the draft-04 `id` becomes `$id`.
 */
const raw = JSON.parse(readFileSync(new URL("./sarif-schema-2.1.0-rtm.5.json", import.meta.url), "utf8")) as Record<string, unknown>;
const { $schema: _draft04, id, ...rest } = raw;
export const sarifSchema: Record<string, unknown> = { $schema: "http://json-schema.org/draft-07/schema#", $id: id, ...rest };

// ajv and ajv-formats are CommonJS modules whose class/plugin is also their `default` property.
// The schema's `language` pattern has a stray `]`, an error only in unicode mode (as JSON Schema regexes are not).
const ajv = new AjvModule.default({ allErrors: true, strict: false, unicodeRegExp: false });
formatsModule.default(ajv);

/** Validates a SARIF log against the official schema; returns ajv's errors (empty when valid). */
export const validateSarif = ajv.compile(sarifSchema);
