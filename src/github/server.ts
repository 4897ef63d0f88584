import { join } from "node:path";
import { startAppServer, sweepSettingsFromEnv, type ServerRole } from "./app-server.js";
import { loadEnvFile } from "./env-file.js";
import { startRegistrationServer } from "./registration.js";
import { startWebhookProxy, type RunningProxy } from "./webhook-proxy.js";

// `npm start` (receiver and worker in one process) and `npm run worker` (worker only, needs REDIS_URL).
// Environment, from the process or from .env in the working directory (the process wins): APP_ID,
// PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH, WEBHOOK_PROXY_URL, LOG_LEVEL,
// GHE_HOST/GHE_PROTOCOL, REDIS_URL, ROLE (all | receiver | worker), CONCURRENCY. Without an app id and
// key, the registration flow from app.yml is served instead (GH_ORG: register for an organisation).
function fail(message: string): never {
  process.stderr.write(`django-sec: ${message}\n`);
  process.exit(2);
}

try {
  loadEnvFile(join(process.cwd(), ".env"));
} catch (error) {
  fail(`cannot read .env: ${error instanceof Error ? error.message : String(error)}`);
}
const env = process.env;
const roleArg = process.argv.indexOf("--role");
const role = (roleArg > 0 ? process.argv[roleArg + 1] : env.ROLE ?? "all") as ServerRole;

if (!["all", "receiver", "worker"].includes(role)) fail(`unknown role "${role}": use all, receiver or worker`);
const configured = env.APP_ID && (env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? "0.0.0.0";

if (!configured) {
  if (role !== "all") fail("APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are required for a receiver or worker, in the environment or .env");
  const registration = await startRegistrationServer({ env, cwd: process.cwd(), port, host });
  process.once("SIGTERM", () => void registration.close().then(() => process.exit(0)));
  process.once("SIGINT", () => void registration.close().then(() => process.exit(0)));
} else {
  if (role !== "all" && !env.REDIS_URL) fail(`a separate ${role} needs REDIS_URL, so receivers and workers share a queue`);
  if (role !== "worker" && !env.WEBHOOK_SECRET) fail("WEBHOOK_SECRET is required to verify deliveries");
  const concurrency = env.CONCURRENCY ? Number(env.CONCURRENCY) : undefined;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) fail("CONCURRENCY must be a positive integer");
  const server = await startAppServer({ env, role, port, host, concurrency, sweep: sweepSettingsFromEnv(env) });
  process.stdout.write(`django-sec ${role} listening on ${server.url} (queue: ${server.queue.kind})\n`);
  let proxy: RunningProxy | undefined;
  if (env.WEBHOOK_PROXY_URL && role !== "worker") {
    const local = server.url.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://[::1]:");
    const say = (stream: NodeJS.WriteStream) => (_fields: object, message: string) => void stream.write(`django-sec: ${message}\n`);
    proxy = await startWebhookProxy(env.WEBHOOK_PROXY_URL, `${local}${server.webhookPath}`, { info: say(process.stdout), warn: say(process.stderr), error: say(process.stderr) });
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`django-sec: ${signal}: finishing running reviews, then exiting\n`);
    Promise.resolve(proxy?.stop())
      .then(() => server.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
