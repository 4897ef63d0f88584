import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, createProbot, type ProbotOctokit } from "probot";
import app from "../index.js";

export interface AppServerOptions {
  /** Probot's environment variables: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, WEBHOOK_PATH. */
  env: Record<string, string | undefined>;
  port?: number;
  host?: string;
  /** A different Octokit class (tests turn retries and throttling off). */
  Octokit?: typeof ProbotOctokit;
}

export interface RunningAppServer {
  /** `http://host:port` */
  url: string;
  webhookPath: string;
  close(): Promise<void>;
}

/**
 * The app on a plain Node HTTP server (Probot's middleware plus `/healthz`), for embedding, the demo
 * and the end-to-end test. `npm start` uses Probot's own server instead, which adds the registration
 * flow and the webhook proxy.
 */
export async function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const probot = createProbot({ env: options.env, overrides: options.Octokit ? { Octokit: options.Octokit } : {} });
  const webhookPath = options.env.WEBHOOK_PATH || "/api/github/webhooks";
  const middleware = await createNodeMiddleware(app, { probot, webhooksPath: webhookPath });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    webhookPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
