import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvFile } from "../../src/github/env-file.js";
import { startRegistrationServer, type RunningRegistration } from "../../src/github/registration.js";
import { testPrivateKey } from "../github/helpers/app-harness.js";

// The manifest flow `npm start` serves without credentials: the manifest GitHub receives must name the
// app's real webhook path (or the smee.io channel), the organisation's "new app" page when GH_ORG is
// set, and the code GitHub sends back must end as credentials in .env.

let running: RunningRegistration | undefined;
let fakeApi: Server | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  await new Promise<void>((r) => (fakeApi ? fakeApi.close(() => r()) : r()));
  fakeApi = undefined;
});

function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "django-sec-register-"));
  copyFileSync("app.yml", join(dir, "app.yml"));
  return dir;
}

/** The form on `/`: where it posts, the manifest it posts, and the state in the URL. */
async function registrationForm(url: string) {
  const text = await (await fetch(url)).text();
  const action = /<form action="([^"]+)"/.exec(text)![1].replace(/&amp;/g, "&");
  const value = /name="manifest" value="([^"]*)"/.exec(text)![1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return { text, action: new URL(action), manifest: JSON.parse(value) as Record<string, any> };
}

describe("registering the app from app.yml", () => {
  it("registers the webhook at the webhook path of this server, with app.yml's permissions and events", async () => {
    running = await startRegistrationServer({ env: {}, cwd: projectDir(), log: () => {} });
    const { action, manifest, text } = await registrationForm(`${running.url}/`);
    expect(manifest.hook_attributes.url).toBe(`${running.url}/api/github/webhooks`);
    expect(manifest.redirect_url).toBe(`${running.url}/registered`);
    expect(manifest.default_permissions).toEqual({ checks: "write", pull_requests: "write", contents: "read", issues: "write", metadata: "read" });
    expect(manifest.default_events).toEqual(["pull_request", "check_run", "check_suite", "issue_comment"]);
    expect(action.origin + action.pathname).toBe("https://github.com/settings/apps/new");
    expect(action.searchParams.get("state")).toMatch(/^[0-9a-f]{32}$/);
    // A loopback webhook is useless to GitHub: the page says so.
    expect(text).toContain("GitHub cannot reach");
  });

  it("honours WEBHOOK_PATH, WEBHOOK_PROXY_URL, GH_ORG and GitHub Enterprise Server", async () => {
    const env = { WEBHOOK_PATH: "/hooks/gh", GH_ORG: "acme corp", GHE_HOST: "ghe.example.com" };
    running = await startRegistrationServer({ env, cwd: projectDir(), log: () => {} });
    let form = await registrationForm(`${running.url}/`);
    expect(form.manifest.hook_attributes.url).toBe(`${running.url}/hooks/gh`);
    expect(form.action.origin + form.action.pathname).toBe("https://ghe.example.com/organizations/acme%20corp/settings/apps/new");
    await running.close();

    running = await startRegistrationServer({ env: { ...env, WEBHOOK_PROXY_URL: "https://smee.io/abc123" }, cwd: projectDir(), log: () => {} });
    form = await registrationForm(`${running.url}/`);
    expect(form.manifest.hook_attributes.url).toBe("https://smee.io/abc123");
    expect(form.text).not.toContain("GitHub cannot reach");
  });

  it("exchanges GitHub's code for the app's credentials and writes them to .env", async () => {
    const pem = testPrivateKey();
    const requests: string[] = [];
    fakeApi = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: 777, slug: "django-sec-acme", html_url: "https://github.com/apps/django-sec-acme", pem, webhook_secret: "whsec", client_id: "Iv1.abc", client_secret: "csec" }));
    });
    await new Promise<void>((r) => fakeApi!.listen(0, "127.0.0.1", r));
    const apiHost = `127.0.0.1:${(fakeApi.address() as AddressInfo).port}`;
    const cwd = projectDir();
    const lines: string[] = [];
    running = await startRegistrationServer({ env: { GHE_HOST: apiHost, GHE_PROTOCOL: "http" }, cwd, log: (l) => lines.push(l) });
    const { action } = await registrationForm(`${running.url}/`);
    const state = action.searchParams.get("state")!;

    // A code without the state this server issued is refused, and GitHub is not asked.
    expect((await fetch(`${running.url}/registered?code=abc&state=forged`)).status).toBe(400);
    expect(requests).toEqual([]);

    const res = await fetch(`${running.url}/registered?code=abc&state=${state}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://github.com/apps/django-sec-acme/installations/new");
    expect(requests).toEqual(["POST /api/v3/app-manifests/abc/conversions"]);
    const env: Record<string, string | undefined> = {};
    loadEnvFile(join(cwd, ".env"), env);
    expect(env).toEqual({ APP_ID: "777", PRIVATE_KEY: pem, WEBHOOK_SECRET: "whsec", GITHUB_CLIENT_ID: "Iv1.abc", GITHUB_CLIENT_SECRET: "csec" });
    expect(lines.join("\n")).toContain("restart `npm start`");
    // The state is good once.
    expect((await fetch(`${running.url}/registered?code=abc&state=${state}`)).status).toBe(400);
    expect(readFileSync(join(cwd, ".env"), "utf8")).not.toContain("undefined");
  });
});
