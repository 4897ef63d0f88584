import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import YAML from "yaml";
import { updateEnvFile } from "./env-file.js";

// Registration of the GitHub App from app.yml by the manifest flow, served by `npm start` while .env
// has no credentials:
// https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
// Probot's own flow registers the webhook at `http://host:port/` (not the webhook path) and creates a
// smee.io channel over the network; this one registers the real webhook path, or WEBHOOK_PROXY_URL.

export interface RegistrationOptions {
  /** WEBHOOK_PROXY_URL, WEBHOOK_PATH, GH_ORG, GHE_HOST, GHE_PROTOCOL. */
  env: Record<string, string | undefined>;
  /** Where app.yml is read and .env written. */
  cwd: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningRegistration {
  url: string;
  close(): Promise<void>;
}

/** The manifest GitHub registers: app.yml, with the webhook and redirect URLs of this server. */
export function appManifest(appYml: string, env: Record<string, string | undefined>, baseUrl: string): Record<string, unknown> {
  const fromFile = (YAML.parse(appYml) ?? {}) as Record<string, unknown>;
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const hookAttributes = { ...((fromFile.hook_attributes as object | undefined) ?? {}), url: env.WEBHOOK_PROXY_URL || `${baseUrl}${webhookPath}` };
  return { ...fromFile, hook_attributes: hookAttributes, redirect_url: `${baseUrl}/registered` };
}

/** GitHub's "new app" page: the organisation's when GH_ORG is set, on GitHub Enterprise Server when GHE_HOST is. */
export function newAppUrl(env: Record<string, string | undefined>, state: string): string {
  const site = `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST || "github.com"}`;
  const owner = env.GH_ORG ? `/organizations/${encodeURIComponent(env.GH_ORG)}` : "";
  return `${site}${owner}/settings/apps/new?state=${state}`;
}

function apiBaseUrl(env: Record<string, string | undefined>): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : "https://api.github.com";
}

const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title></head><body style="font-family:sans-serif;max-width:44em;margin:3em auto">${body}</body></html>`);
}

function baseUrlOf(req: IncomingMessage): string {
  const proto = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0].trim() || "http";
  const host = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost").split(",")[0].trim();
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

const isLocal = (url: string) => /^https?:\/\/(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url);

/**
 * Serves the registration flow: `/` shows a button posting the manifest to GitHub; GitHub sends the
 * browser back to `/registered?code=...&state=...`, where the code is exchanged for the app's id,
 * key and webhook secret, which are written to .env. Then `npm start` again serves the app.
 */
export async function startRegistrationServer(options: RegistrationOptions): Promise<RunningRegistration> {
  const { env, cwd } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const appYml = readFileSync(join(cwd, "app.yml"), "utf8");
  const states = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`django-sec registration failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) page(res, 502, "Registration failed", `<p>GitHub did not complete the registration: ${html(err instanceof Error ? err.message : String(err))}</p><p><a href="/">Try again</a></p>`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET") return page(res, 405, "Method not allowed", "<p>Use GET.</p>");
    if (url.pathname === "/healthz") {
      res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ status: "unregistered" }));
      return;
    }
    if (url.pathname === "/") {
      const state = randomBytes(16).toString("hex");
      states.add(state);
      const baseUrl = baseUrlOf(req);
      const manifest = appManifest(appYml, env, baseUrl);
      const hookUrl = (manifest.hook_attributes as { url: string }).url;
      const unreachable = isLocal(hookUrl)
        ? `<p><strong>GitHub cannot reach ${html(hookUrl)}.</strong> For local development, create a channel at <a href="https://smee.io/new">smee.io</a>, set <code>WEBHOOK_PROXY_URL</code> to it in .env and restart; in production, open this page through the server's public address.</p>`
        : "";
      const owner = env.GH_ORG ? `the organisation <strong>${html(env.GH_ORG)}</strong>` : "your account (set <code>GH_ORG</code> to register it for an organisation)";
      return page(
        res,
        200,
        "Register django-sec",
        `<h1>Register django-sec as a GitHub App</h1><p>The app will belong to ${owner}. Its webhook: <code>${html(hookUrl)}</code>.</p>${unreachable}` +
          `<form action="${html(newAppUrl(env, state))}" method="post"><input type="hidden" name="manifest" value="${html(JSON.stringify(manifest))}"><button type="submit">Register on GitHub</button></form>`,
      );
    }
    if (url.pathname === "/registered") {
      const code = url.searchParams.get("code") ?? "";
      const state = url.searchParams.get("state") ?? "";
      if (!/^[\w-]{1,200}$/.test(code) || !states.delete(state)) {
        return page(res, 400, "Registration not recognised", `<p>This link does not come from a registration started here (missing code or unknown state). <a href="/">Start again</a>.</p>`);
      }
      const octokit = new Octokit({ baseUrl: apiBaseUrl(env), userAgent: "django-sec-registration" });
      const { data } = await octokit.rest.apps.createFromManifest({ code });
      const values: Record<string, string> = { APP_ID: String(data.id), PRIVATE_KEY: data.pem, WEBHOOK_SECRET: data.webhook_secret ?? "", GITHUB_CLIENT_ID: data.client_id, GITHUB_CLIENT_SECRET: data.client_secret };
      if (env.WEBHOOK_PROXY_URL) values.WEBHOOK_PROXY_URL = env.WEBHOOK_PROXY_URL;
      updateEnvFile(join(cwd, ".env"), values);
      log(`django-sec: registered GitHub App ${data.slug ?? data.id}; APP_ID, PRIVATE_KEY and WEBHOOK_SECRET are in .env. Install it on your repositories, then restart \`npm start\`.`);
      res.writeHead(302, { location: `${data.html_url}/installations/new` }).end();
      return;
    }
    page(res, 404, "Not found", `<p><a href="/">Register django-sec</a></p>`);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { address, port } = server.address() as AddressInfo;
  const shown = address === "0.0.0.0" || address === "::" ? "localhost" : address.includes(":") ? `[${address}]` : address;
  const url = `http://${shown}:${port}`;
  log(`django-sec is not registered yet (no APP_ID and PRIVATE_KEY in the environment or .env): open ${url} to register it as a GitHub App${env.GH_ORG ? ` of ${env.GH_ORG}` : ""}.`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
