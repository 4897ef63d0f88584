import nock from "nock";
import { validateGraphqlBody } from "./graphql-schema.js";
import { validateRequestBody } from "./openapi.js";

export interface RecordedCall {
  method: string;
  path: string;
  body: any;
}

type Reply = unknown | ((body: any, path: string) => unknown);

/**
 * A nock scope for api.github.com that records every request and checks each JSON body against
 * GitHub's OpenAPI description, and each GraphQL query against GitHub's GraphQL schema.
 */
export class MockGitHub {
  readonly scope: nock.Scope;
  readonly calls: RecordedCall[] = [];
  readonly invalid: string[] = [];

  constructor(readonly base = "https://api.github.com") {
    this.scope = nock(base);
  }

  on(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string | RegExp, status: number, reply: Reply = {}, headers: Record<string, string> = {}): this {
    this.scope.intercept(path, method).reply((uri, raw) => {
      const body = typeof raw === "string" ? (raw ? JSON.parse(raw) : undefined) : raw;
      const bare = uri.split("?", 1)[0];
      this.calls.push({ method, path: uri, body });
      if (process.env.GH_MOCK_TRACE) console.log(Date.now() % 100000, method, uri);
      if (bare.endsWith("/graphql")) {
        this.invalid.push(...validateGraphqlBody(body).map((problem) => `${method} ${uri}: ${problem}`));
      } else if (method !== "GET") {
        this.invalid.push(...validateRequestBody(method, bare, body));
      }
      const value = typeof reply === "function" ? (reply as (b: any, p: string) => unknown)(body, uri) : reply;
      return [status, value as nock.Body, headers];
    });
    return this;
  }

  /** Bodies of the recorded calls whose method and path match. */
  bodies(method: string, path: RegExp): any[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path)).map((c) => c.body);
  }

  /** Every interceptor was used and every body sent was one GitHub accepts. */
  assertDone(): void {
    if (this.invalid.length) throw new Error(`request bodies GitHub would reject:\n${this.invalid.join("\n")}`);
    if (!this.scope.isDone()) throw new Error(`GitHub calls expected but not made: ${this.scope.pendingMocks().join(", ")}`);
  }
}
