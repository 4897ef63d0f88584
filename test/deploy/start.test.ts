import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWebhookProxy, type ProxyClientClass } from "../../src/github/webhook-proxy.js";
import { testPrivateKey } from "../github/helpers/app-harness.js";

// `npm start` / `npm run worker` as a user runs them: credentials in .env in the working directory,
// nothing in the environment. The built server (dist/) is started as a child process.
const serverJs = join(process.cwd(), "dist", "src", "github", "server.js");

beforeAll(() => {
  // CI builds before testing; a developer's checkout may not have dist/ yet.
  if (!existsSync(serverJs)) execFileSync(process.execPath, [join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });
}, 120_000);

function projectWith(dotEnv: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "django-sec-start-"));
  copyFileSync("app.yml", join(dir, "app.yml"));
  const line = (k: string, v: string) => `${k}="${v.replace(/\n/g, "\\n")}"`;
  writeFileSync(join(dir, ".env"), `${Object.entries(dotEnv).map(([k, v]) => line(k, v)).join("\n")}\n`);
  return dir;
}

interface Started {
  stdout: string;
  stderr: string;
  code: number | null;
  stop(): Promise<void>;
}

/**
 * Starts the server in `cwd` with only PATH in the environment; resolves once `ready` matches its output
 * or it exits. A server that never says anything is killed after a while, so a failing test ends.
 */
function start(cwd: string, args: string[], ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [serverJs, ...args], { cwd, env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
  const out: Started = {
    stdout: "",
    stderr: "",
    code: null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
  return new Promise((resolve) => {
    const silent = setTimeout(() => void out.stop().then(() => resolve(out)), 20_000);
    const check = () => {
      if (ready.test(out.stdout + out.stderr)) (clearTimeout(silent), resolve(out));
    };
    child.stdout.on("data", (d: Buffer) => ((out.stdout += d.toString()), check()));
    child.stderr.on("data", (d: Buffer) => ((out.stderr += d.toString()), check()));
    child.on("exit", (code) => ((out.code = code), clearTimeout(silent), resolve(out)));
  });
}

const credentials = () => ({ APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: "from-dot-env", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });

describe("npm start reads .env", () => {
  it("starts django-sec's receiver and queue (not Probot's plain server) from credentials in .env", async () => {
    const server = await start(projectWith(credentials()), [], /listening on (\S+)|exited/);
    try {
      const url = /django-sec all listening on (\S+) \(queue: memory\)/.exec(server.stdout)?.[1];
      expect({ url: !!url, stderr: server.stderr }).toEqual({ url: true, stderr: "" });
      const health = await (await fetch(`${url}/healthz`)).json();
      expect(health).toEqual({ status: "ok", role: "all", queue: "memory" });
      // The receiver verifies with the secret from .env: a delivery signed with another one is refused.
      const res = await fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: { "x-github-event": "ping", "x-github-delivery": "d-1", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
        body: "{}",
      });
      expect(res.status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it("npm run worker takes its credentials from .env too (and then asks for REDIS_URL, not for APP_ID)", async () => {
    const server = await start(projectWith(credentials()), ["--role", "worker"], /never/);
    expect(server.code).toBe(2);
    expect(server.stderr).toContain("a separate worker needs REDIS_URL");
  });

  it("a receiver with WEBHOOK_PROXY_URL and no smee-client installed keeps serving and says how to forward", async () => {
    const server = await start(projectWith({ ...credentials(), WEBHOOK_PROXY_URL: "https://smee.io/abc123" }), [], /smee-client|exited/);
    try {
      expect(server.stdout).toMatch(/django-sec all listening on/);
      expect(server.stderr).toMatch(/WEBHOOK_PROXY_URL is set but smee-client is not installed.*npx smee-client --url https:\/\/smee.io\/abc123 --target http:\/\/127.0.0.1:\d+\/api\/github\/webhooks/);
    } finally {
      await server.stop();
    }
  });

  it("without credentials, serves the registration page", async () => {
    const server = await start(projectWith({ PORT: "0", HOST: "127.0.0.1", GH_ORG: "acme" }), [], /open (\S+) to register|exited/);
    try {
      const url = /open (\S+) to register it as a GitHub App of acme/.exec(server.stdout)?.[1];
      expect(url).toBeDefined();
      expect(await (await fetch(`${url}/`)).text()).toContain("https://github.com/organizations/acme/settings/apps/new");
    } finally {
      await server.stop();
    }
  });
});

describe("the smee.io forwarder", () => {
  it("starts smee-client from the channel to the webhook path when it is installed, and stops it", async () => {
    const calls: string[] = [];
    const Fake: ProxyClientClass = class {
      constructor(readonly o: { source: string; target: string }) {
        calls.push(`new ${o.source} -> ${o.target}`);
      }
      start() {
        calls.push("start");
      }
      stop() {
        calls.push("stop");
      }
    };
    const log = { info: () => {}, warn: (_o: object, m: string) => calls.push(`warn ${m}`), error: () => {} };
    const proxy = await startWebhookProxy("https://smee.io/abc", "http://127.0.0.1:3000/api/github/webhooks", log, async () => Fake);
    await proxy!.stop();
    expect(calls).toEqual(["new https://smee.io/abc -> http://127.0.0.1:3000/api/github/webhooks", "start", "stop"]);
    expect(await startWebhookProxy("https://smee.io/abc", "http://x/", log, async () => undefined)).toBeUndefined();
    expect(calls.at(-1)).toMatch(/^warn WEBHOOK_PROXY_URL is set but smee-client is not installed/);
  });
});
