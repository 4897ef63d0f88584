import AjvModule from "ajv";
import formatsModule from "ajv-formats";

/**
 * The parts of the SARIF 2.1.0 schema (OASIS standard, sarif-schema-2.1.0.json) that django-sec emits,
 * written out by hand because no installed package ships the schema. Objects are closed
 * (`additionalProperties: false`) as in the standard, so a misspelled property fails validation.
 */
const closed = (properties: Record<string, object>, required: string[] = [], extra: object = {}) => ({
  type: "object",
  additionalProperties: false,
  properties: { ...properties, properties: { $ref: "#/definitions/propertyBag" } },
  required,
  ...extra,
});

export const sarifSubsetSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  definitions: {
    propertyBag: {
      type: "object",
      properties: { tags: { type: "array", items: { type: "string" }, uniqueItems: true } },
      additionalProperties: true,
    },
    message: closed({ text: { type: "string" }, markdown: { type: "string" }, id: { type: "string" }, arguments: { type: "array", items: { type: "string" } } }, [], {
      anyOf: [{ required: ["text"] }, { required: ["id"] }],
    }),
    multiformatMessageString: closed({ text: { type: "string" }, markdown: { type: "string" } }, ["text"]),
    level: { enum: ["none", "note", "warning", "error"] },
    reportingConfiguration: closed({ enabled: { type: "boolean" }, level: { $ref: "#/definitions/level" }, rank: { type: "number", minimum: -1, maximum: 100 } }),
    reportingDescriptor: closed(
      {
        id: { type: "string" },
        name: { type: "string" },
        shortDescription: { $ref: "#/definitions/multiformatMessageString" },
        fullDescription: { $ref: "#/definitions/multiformatMessageString" },
        help: { $ref: "#/definitions/multiformatMessageString" },
        helpUri: { type: "string", format: "uri" },
        defaultConfiguration: { $ref: "#/definitions/reportingConfiguration" },
      },
      ["id"],
    ),
    toolComponent: closed(
      {
        name: { type: "string" },
        version: { type: "string" },
        semanticVersion: { type: "string" },
        informationUri: { type: "string", format: "uri" },
        rules: { type: "array", items: { $ref: "#/definitions/reportingDescriptor" }, uniqueItems: true },
      },
      ["name"],
    ),
    artifactLocation: closed({ uri: { type: "string", format: "uri-reference" }, uriBaseId: { type: "string" }, index: { type: "integer", minimum: -1 } }),
    region: closed({
      startLine: { type: "integer", minimum: 1 },
      startColumn: { type: "integer", minimum: 1 },
      endLine: { type: "integer", minimum: 1 },
      endColumn: { type: "integer", minimum: 1 },
    }),
    physicalLocation: closed({ artifactLocation: { $ref: "#/definitions/artifactLocation" }, region: { $ref: "#/definitions/region" } }, [], {
      anyOf: [{ required: ["artifactLocation"] }, { required: ["address"] }],
    }),
    location: closed({ id: { type: "integer", minimum: -1 }, physicalLocation: { $ref: "#/definitions/physicalLocation" }, message: { $ref: "#/definitions/message" } }),
    notification: closed(
      { message: { $ref: "#/definitions/message" }, level: { $ref: "#/definitions/level" }, locations: { type: "array", items: { $ref: "#/definitions/location" } } },
      ["message"],
    ),
    invocation: closed(
      { executionSuccessful: { type: "boolean" }, toolExecutionNotifications: { type: "array", items: { $ref: "#/definitions/notification" } } },
      ["executionSuccessful"],
    ),
    suppression: closed(
      { kind: { enum: ["inSource", "external"] }, status: { enum: ["accepted", "underReview", "rejected"] }, justification: { type: "string" } },
      ["kind"],
    ),
    result: closed(
      {
        ruleId: { type: "string" },
        ruleIndex: { type: "integer", minimum: -1 },
        level: { $ref: "#/definitions/level" },
        message: { $ref: "#/definitions/message" },
        locations: { type: "array", items: { $ref: "#/definitions/location" } },
        partialFingerprints: { type: "object", additionalProperties: { type: "string" } },
        suppressions: { type: "array", items: { $ref: "#/definitions/suppression" }, uniqueItems: true },
      },
      ["message"],
    ),
    run: closed(
      {
        tool: closed({ driver: { $ref: "#/definitions/toolComponent" } }, ["driver"]),
        invocations: { type: "array", items: { $ref: "#/definitions/invocation" } },
        columnKind: { enum: ["utf16CodeUnits", "unicodeCodePoints"] },
        results: { type: "array", items: { $ref: "#/definitions/result" } },
      },
      ["tool"],
    ),
  },
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string", format: "uri" },
    version: { enum: ["2.1.0"] },
    runs: { type: "array", items: { $ref: "#/definitions/run" } },
    properties: { $ref: "#/definitions/propertyBag" },
  },
  required: ["version", "runs"],
};

// ajv and ajv-formats are CommonJS modules whose class/plugin is also their `default` property.
const ajv = new AjvModule.default({ allErrors: true, strict: false });
formatsModule.default(ajv);

/** Validates a SARIF log against the subset schema; returns ajv's errors (empty when valid). */
export const validateSarif = ajv.compile(sarifSubsetSchema);
