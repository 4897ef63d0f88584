import { createHmac } from "node:crypto";
import type { FakeGitHub } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";

export const E2E_APP = { id: 4242, slug: "django-sec" };
export const E2E_INSTALLATION = 31337;

/** The real app server on loopback, talking to a started fake GitHub at `host`. */
export function serveApp(host: string, secret: string): Promise<RunningAppServer> {
  return startAppServer({
    env: { APP_ID: String(E2E_APP.id), PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: secret, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
    Octokit: testOctokit(),
  });
}

/** Posts a delivery signed with `secret` over HTTP, as GitHub does; resolves with the response. */
export function deliver(app: RunningAppServer, secret: string, event: string, payload: unknown, id: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${app.url}${app.webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` },
    body,
  });
}

/** Stops what a test started, in order. */
export async function stopAll(app: RunningAppServer | undefined, github: FakeGitHub | undefined): Promise<void> {
  await app?.close();
  await github?.stop();
}
