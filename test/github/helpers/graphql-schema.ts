import { validate } from "@octokit/graphql-schema";

const DEFINED_VARIABLE = /\$(\w+)\s*:\s*[\w[\]]+(!?)/g;

/**
 * Checks a GraphQL request body the way GitHub would: the query must be valid against GitHub's
 * published schema, and every required variable it declares must be given. Returns the problems.
 */
export function validateGraphqlBody(body: { query?: unknown; variables?: Record<string, unknown> } | undefined): string[] {
  if (typeof body?.query !== "string") return ["GraphQL body without a query"];
  const problems = validate(body.query).map((e: { message: string }) => e.message);
  for (const m of body.query.matchAll(DEFINED_VARIABLE)) {
    if (m[2] === "!" && (body.variables?.[m[1]] === undefined || body.variables[m[1]] === null)) problems.push(`required variable $${m[1]} not given`);
  }
  return problems;
}
