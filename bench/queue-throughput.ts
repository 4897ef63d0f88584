/**
 * Queue throughput: pull requests reviewed per minute with 1, 2 and 4 worker processes (BullMQ on a Redis
 * server started for the benchmark on 127.0.0.1), against fake GitHub APIs with 50 ms per request; and the
 * receiver's webhook answer time under a burst of 500 deliveries. Each pull request lives in its own
 * repository and installation, like a busy organisation's many repositories.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest } from "../src/demo/fake-github.js";
import { startAppServer } from "../src/github/app-server.js";
import { BullQueue } from "../src/queue/bullmq-queue.js";
import { startRedis } from "./local-redis.js";
import { syntheticPull } from "./pr-synthetic.js";

const here = dirname(fileURLToPath(import.meta.url));
const serverJs = resolve(here, "..", "src", "github", "server.js");
const LATENCY_MS = 50;
const SECRET = "bench-queue-secret";
const APP = { id: 77, slug: "django-sec" };

interface Row {
  workers: number;
  prs: number;
  seconds: number;
  prsPerMinute: number;
}

const sign = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;


/** One loopback front for many fake GitHub repositories: routes by the repository in the path (or GraphQL variables). */
async function startRouter(fakes: Map<string, { fake: FakeGitHub; host: string }>): Promise<{ host: string; server: Server }> {
  const any = [...fakes.values()][0];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      let target = any.host;
      const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\//.exec(req.url ?? "");
      if (m) target = fakes.get(`${m[1]}/${m[2]}`)?.host ?? target;
      else if (req.url?.startsWith("/api/graphql")) {
        const vars = (JSON.parse(body.toString("utf8") || "{}") as { variables?: { owner?: string; repo?: string } }).variables;
        target = fakes.get(`${vars?.owner}/${vars?.repo}`)?.host ?? target;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      fetch(`http://${target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined })
        .then(async (r) => {
          const out = Buffer.from(await r.arrayBuffer());
          const h: Record<string, string> = { "content-type": r.headers.get("content-type") ?? "application/json" };
          const link = r.headers.get("link");
          if (link) h.link = link;
          res.writeHead(r.status, h).end(out);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}


async function post(url: string, payload: unknown, id = randomUUID()): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(payload);
  const start = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": sign(body) }, body });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - start };
}

async function throughput(workers: number, prs: number, redisUrl: string, privateKey: string): Promise<Row> {
  const fakes = new Map<string, { fake: FakeGitHub; host: string }>();
  const pulls: FakePullRequest[] = [];
  for (let i = 0; i < prs; i++) {
    const { pull } = syntheticPull("typical", 11 + i);
    pull.repo = `storefront-${i}`;
    const fake = new FakeGitHub({ pull, app: APP, installationId: 1000 + i, latencyMs: LATENCY_MS });
    fakes.set(`${pull.owner}/${pull.repo}`, { fake, host: await fake.start() });
    pulls.push(pull);
  }
  const router = await startRouter(fakes);
  const env: Record<string, string> = {
    APP_ID: String(APP.id), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: router.host, GHE_PROTOCOL: "http",
    LOG_LEVEL: "fatal", REDIS_URL: redisUrl, QUEUE_NAME: `bench-${randomUUID()}`,
  };
  // The receiver here gets its queue directly: with REDIS_URL Probot would also open throttling
  // connections to Redis that it never closes.
  const { REDIS_URL: _url, ...receiverEnv } = env;
  const receiver = await startAppServer({ env: receiverEnv, role: "receiver", queue: new BullQueue({ redisUrl, name: env.QUEUE_NAME }) });
  const children: ChildProcess[] = Array.from({ length: workers }, () =>
    spawn(process.execPath, [serverJs, "--role", "worker"], { env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1" }, stdio: "ignore" }),
  );
  try {
    // Give the worker processes time to start before the clock runs.
    await new Promise((r) => setTimeout(r, 3000));
    const start = performance.now();
    await Promise.all(pulls.map((p, i) => post(receiver.url + receiver.webhookPath, pullRequestDelivery(p, 1000 + i))));
    const deadline = Date.now() + 300_000;
    const done = () => [...fakes.values()].every(({ fake }) => fake.checkRuns.some((r) => r.status === "completed"));
    while (!done()) {
      if (Date.now() > deadline) throw new Error("reviews did not finish within 5 minutes");
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - start) / 1000;
    return { workers, prs, seconds, prsPerMinute: (prs / seconds) * 60 };
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await receiver.close();
    router.server.close();
    for (const { fake } of fakes.values()) await fake.stop();
  }
}

async function burst(deliveries: number, redisUrl: string, privateKey: string) {
  const env = { APP_ID: String(APP.id), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" };
  const receiver = await startAppServer({ env, role: "receiver", queue: new BullQueue({ redisUrl, name: `burst-${randomUUID()}` }) });
  const { pull } = syntheticPull("typical", 5);
  const times: number[] = [];
  let accepted = 0;
  const start = performance.now();
  let next = 0;
  // 50 clients at a time, as a burst from GitHub arrives over many connections.
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < deliveries) {
        const i = next++;
        const p = { ...pull, repo: `repo-${i}`, headSha: (0x10000000 + i).toString(16).repeat(5) };
        const r = await post(receiver.url + receiver.webhookPath, pullRequestDelivery(p, 5000 + (i % 50)));
        times.push(r.ms);
        if (r.status === 202) accepted++;
      }
    }),
  );
  const total = performance.now() - start;
  await receiver.close();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { deliveries, accepted, totalMs: total, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: times[times.length - 1] };
}

export async function queueSection(quick: boolean): Promise<unknown> {
  console.log("\n## Queue (BullMQ on Redis, worker processes, 50 ms per GitHub request)\n");
  const redis = await startRedis();
  if (!redis) {
    console.log("not measured: redis-server is not installed (`apt-get install redis-server`)");
    return { skipped: "no redis-server" };
  }
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  try {
    const prs = quick ? 6 : 12;
    const rows: Row[] = [];
    console.log("| workers | PRs | seconds | PRs per minute |");
    console.log("|---:|---:|---:|---:|");
    for (const workers of quick ? [1, 2] : [1, 2, 4]) {
      const row = await throughput(workers, prs, redis.url, privateKey);
      rows.push(row);
      console.log(`| ${row.workers} | ${row.prs} | ${row.seconds.toFixed(1)} | ${row.prsPerMinute.toFixed(0)} |`);
    }
    const b = await burst(quick ? 100 : 500, redis.url, privateKey);
    console.log(`\nBurst of ${b.deliveries} deliveries to one receiver (50 at a time): ${b.accepted} answered 202 in ${(b.totalMs / 1000).toFixed(2)} s; answer time p50 ${b.p50Ms.toFixed(1)} ms, p95 ${b.p95Ms.toFixed(1)} ms, max ${b.maxMs.toFixed(1)} ms (GitHub allows 10 s).`);
    return { throughput: rows, burst: b };
  } finally {
    redis.stop();
  }
}

// `node dist/bench/queue-throughput.js [--quick]` runs this section alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await queueSection(process.argv.includes("--quick"));
  process.exit(0);
}

