/**
 * Lifecycle scenario (issue 14 items 1, 2 and 4): how many pull requests end without a review of their
 * head, or with a check run left `in_progress`, through the real receiver and two workers on BullMQ/Redis,
 * against fake GitHub repositories (20 ms per request). Three phases:
 *   1. push race: 40 PRs each get `opened` at A, a push to B with its `synchronize`, then a redelivery of
 *      A's `opened` (same delivery id), all at once;
 *   2. drafts: 20 more PRs are opened as drafts, reviewed as drafts, then marked ready (`ready_for_review`,
 *      no new push);
 *   3. Redis restart: the workers stop, the 40 PRs of phase 1 get a push to C (delivered, answered 202),
 *      Redis loses the queue (a restart without the append-only file), two new workers start and sweep
 *      (at most 10 reviews queued a sweep; the sweeps are run back to back until one queues nothing).
 * Usage: `node dist/bench/lifecycle-scenario.js REDIS_URL` (a Redis of your own: the script deletes its queue's keys).
 */
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest } from "../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../src/github/app-server.js";
import { BullQueue } from "../src/queue/bullmq-queue.js";

const APP = { id: 88, slug: "django-sec" };
const INSTALLATION = 8800;
const SECRET = "lifecycle-scenario";
const BEFORE = `from django.http import JsonResponse\n\n\ndef index(request):\n    return JsonResponse({"ok": True})\n`;
const view = (n: number) => `${BEFORE}\n\n@csrf_exempt\ndef hook_${n}(request):\n    return JsonResponse({"n": ${n}})\n`.replace("from django.http", "from django.views.decorators.csrf import csrf_exempt\nfrom django.http");
const sha = (tag: string, i: number) => createHmac("sha1", tag).update(String(i)).digest("hex");

type Fakes = Map<string, { fake: FakeGitHub; host: string; pull: FakePullRequest }>;

/** One loopback front for many fake repositories of one installation (the app-level listings answered here). */
async function startRouter(fakes: Fakes): Promise<{ host: string; server: Server }> {
  const first = [...fakes.values()][0];
  const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? "").split("?")[0];
      if (path === "/api/v3/app/installations") return json(res, [{ id: INSTALLATION, app_id: APP.id, account: { login: "acme" }, created_at: "2020-01-01T00:00:00Z", suspended_at: null }]);
      if (path === "/api/v3/installation/repositories") {
        const repositories = [...fakes.values()].map(({ pull }, id) => ({ id, name: pull.repo, full_name: `${pull.owner}/${pull.repo}`, owner: { login: pull.owner } }));
        return json(res, { total_count: repositories.length, repositories });
      }
      let target = first.host;
      const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\//.exec(req.url ?? "") ?? /^\/api\/v3\/repos\/([^/]+)\/([^/?]+)/.exec(req.url ?? "");
      if (m) target = fakes.get(`${m[1]}/${m[2]}`)?.host ?? target;
      else if (path === "/api/graphql") {
        const vars = (JSON.parse(body.toString("utf8") || "{}") as { variables?: { owner?: string; repo?: string } }).variables;
        target = fakes.get(`${vars?.owner}/${vars?.repo}`)?.host ?? target;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      fetch(`http://${target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined })
        .then(async (r) => {
          const h: Record<string, string> = { "content-type": r.headers.get("content-type") ?? "application/json" };
          const link = r.headers.get("link");
          if (link) h.link = link.replaceAll(target, `127.0.0.1:${(server.address() as AddressInfo).port}`);
          res.writeHead(r.status, h).end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function post(app: RunningAppServer, payload: unknown, id: string): Promise<number> {
  const body = JSON.stringify(payload);
  return fetch(`${app.url}${app.webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
    body,
  }).then(async (r) => (await r.arrayBuffer(), r.status));
}

const NOT_A_REVIEW = /^(Draft: |Superseded by |Interrupted|Review lost|Review could not finish|Reviewing)/;

/** Pull requests whose current head has no completed review run, and runs left `in_progress` (anywhere). */
function tally(list: { fake: FakeGitHub; pull: FakePullRequest }[]) {
  let unreviewed = 0;
  let supersededHead = 0;
  let inProgress = 0;
  for (const { fake, pull } of list) {
    const onHead = fake.checkRuns.filter((r) => r.head_sha === pull.headSha);
    const reviewed = onHead.some((r) => r.status === "completed" && (r.conclusion === "success" || r.conclusion === "failure") && !NOT_A_REVIEW.test(r.output?.title ?? ""));
    if (!reviewed) unreviewed++;
    if (onHead.some((r) => r.output?.title?.startsWith("Superseded by "))) supersededHead++;
    inProgress += fake.checkRuns.filter((r) => r.status !== "completed").length;
  }
  return { prs: list.length, unreviewed, supersededHead, inProgress };
}

async function main(): Promise<void> {
  const redisUrl = process.argv[2];
  if (!redisUrl) throw new Error("usage: lifecycle-scenario.js REDIS_URL");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const fakes: Fakes = new Map();
  const make = async (repo: string, i: number, draft: boolean) => {
    const pull: FakePullRequest = {
      owner: "acme", repo, number: 1, title: `PR ${repo}`, author: "dev", draft, baseRef: "main", baseSha: sha("base", i), headRef: "feature", headSha: sha("A", i),
      baseFiles: { "app/views.py": BEFORE }, headFiles: { "app/views.py": view(i) },
    };
    const fake = new FakeGitHub({ pull, app: APP, installationId: INSTALLATION, latencyMs: 20 });
    fakes.set(`acme/${repo}`, { fake, host: await fake.start(), pull });
    return { fake, pull };
  };
  const race = await Promise.all(Array.from({ length: 40 }, (_, i) => make(`race-${i}`, i, false)));
  const drafts = await Promise.all(Array.from({ length: 20 }, (_, i) => make(`draft-${i}`, 100 + i, true)));
  const router = await startRouter(fakes);
  const env = { APP_ID: String(APP.id), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: router.host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" };
  const name = `scenario-${randomUUID()}`;
  const queue = () => new BullQueue({ redisUrl, name, lockDurationMs: 5000 });
  const later = Date.now() + 2 * 3600_000;
  // Options the code before the sweeper did not know are passed loosely, so this script runs on both.
  const workerOptions = (sweep: boolean) => ({ env, role: "worker", queue: queue(), concurrency: 2, ...(sweep ? { sweep: { intervalMs: 0, now: () => later, requestsPerInstallation: 1000 } } : {}) }) as unknown as Parameters<typeof startAppServer>[0];
  const receiver = await startAppServer({ env, role: "receiver", queue: queue() });
  let workers = await Promise.all([startAppServer(workerOptions(false)), startAppServer(workerOptions(false))]);
  const idle = () => Promise.all(workers.map((w) => w.idle()));

  // 1. Push race.
  await Promise.all(
    race.map(async ({ fake, pull }, i) => {
      const atA = pullRequestDelivery(pull, INSTALLATION, "opened");
      await post(receiver, atA, `race-${i}-a`);
      fake.push(sha("B", i), { "app/views.py": `${view(i)}\n# B\n` });
      await post(receiver, pullRequestDelivery(pull, INSTALLATION, "synchronize"), `race-${i}-b`);
      await post(receiver, atA, `race-${i}-a`);
    }),
  );
  await idle();
  const phase1 = tally(race);

  // 2. Draft, then ready for review without a push.
  await Promise.all(drafts.map(({ pull }, i) => post(receiver, pullRequestDelivery(pull, INSTALLATION, "opened"), `draft-${i}-opened`)));
  await idle();
  for (const { pull } of drafts) pull.draft = false;
  await Promise.all(drafts.map(({ pull }, i) => post(receiver, pullRequestDelivery(pull, INSTALLATION, "ready_for_review"), `draft-${i}-ready`)));
  await idle();
  const phase2 = tally(drafts);

  // 3. Redis restarts empty while deliveries are queued.
  await Promise.all(workers.map((w) => w.close()));
  let accepted = 0;
  await Promise.all(
    race.map(async ({ fake, pull }, i) => {
      fake.push(sha("C", i), { "app/views.py": `${view(i)}\n# C\n` });
      if ((await post(receiver, pullRequestDelivery(pull, INSTALLATION, "synchronize"), `race-${i}-c`)) === 202) accepted++;
    }),
  );
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`bull:${name}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  workers = await Promise.all([startAppServer(workerOptions(true)), startAppServer(workerOptions(true))]);
  await Promise.all(workers.map((w) => (w as Partial<RunningAppServer>).startupSweep));
  await idle();
  // Later sweeps (every 5 minutes in production; here at once) carry on: each queues at most 10 reviews.
  let sweeps = 1;
  const sweep = (workers[0] as Partial<RunningAppServer>).sweep;
  for (let i = 0; sweep && i < 20; i++) {
    await new Promise((r) => setTimeout(r, 1100)); // the sweep claim of the previous one expires
    const report = await sweep();
    await idle();
    if (!report) continue;
    sweeps++;
    if (report.requeued === 0) break;
  }
  const phase3 = { accepted, sweeps, ...tally(race) };

  console.log(JSON.stringify({ phase1_pushRace: phase1, phase2_draftThenReady: phase2, phase3_redisRestart: phase3 }, null, 2));
  await Promise.all(workers.map((w) => w.close()));
  await receiver.close();
  router.server.close();
  for (const { fake } of fakes.values()) await fake.stop();
}

await main();
process.exit(0);
