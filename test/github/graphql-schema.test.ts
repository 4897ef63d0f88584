import { batchQuery } from "../../src/github/batch-read.js";
import { validateGraphqlBody } from "./helpers/graphql-schema.js";

describe("GraphQL bodies are checked against GitHub's schema", () => {
  it("accepts the batched blob query with its variables", () => {
    const variables = { owner: "o", repo: "r", e0: "abc:app/views.py", e1: "abc:app/urls.py" };
    expect(validateGraphqlBody({ query: batchQuery(2), variables })).toEqual([]);
  });

  it("rejects a field GitHub does not have, and a missing variable", () => {
    const wrongField = batchQuery(1).replace("isTruncated", "truncated");
    expect(validateGraphqlBody({ query: wrongField, variables: { owner: "o", repo: "r", e0: "x" } }).join("\n")).toMatch(/truncated/);
    expect(validateGraphqlBody({ query: batchQuery(1), variables: { owner: "o", repo: "r" } })).toEqual(["required variable $e0 not given"]);
    expect(validateGraphqlBody({ variables: {} })).toEqual(["GraphQL body without a query"]);
  });
});
