import { run } from "probot";
import app from "../index.js";
import { startAppServer, sweepSettingsFromEnv, type ServerRole } from "./app-server.js";

// `npm start` (receiver and worker in one process) and `npm run worker` (worker only, needs REDIS_URL).
// Environment: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH, LOG_LEVEL,
// GHE_HOST/GHE_PROTOCOL, REDIS_URL, ROLE (all | receiver | worker), CONCURRENCY. Without an app id and key,
// Probot's registration flow from app.yml is served instead (and WEBHOOK_PROXY_URL is honoured there).
const env = process.env;
const roleArg = process.argv.indexOf("--role");
const role = (roleArg > 0 ? process.argv[roleArg + 1] : env.ROLE ?? "all") as ServerRole;

function fail(message: string): never {
  process.stderr.write(`django-sec: ${message}\n`);
  process.exit(2);
}

if (!["all", "receiver", "worker"].includes(role)) fail(`unknown role "${role}": use all, receiver or worker`);
const configured = env.APP_ID && (env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);

if (!configured) {
  if (role !== "all") fail("APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are required for a receiver or worker");
  await run(app);
} else {
  if (role !== "all" && !env.REDIS_URL) fail(`a separate ${role} needs REDIS_URL, so receivers and workers share a queue`);
  if (role !== "worker" && !env.WEBHOOK_SECRET) fail("WEBHOOK_SECRET is required to verify deliveries");
  const concurrency = env.CONCURRENCY ? Number(env.CONCURRENCY) : undefined;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) fail("CONCURRENCY must be a positive integer");
  const server = await startAppServer({ env, role, port: Number(env.PORT ?? 3000), host: env.HOST ?? "0.0.0.0", concurrency, sweep: sweepSettingsFromEnv(env) });
  process.stdout.write(`django-sec ${role} listening on ${server.url} (queue: ${server.queue.kind})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`django-sec: ${signal}: finishing running reviews, then exiting\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
