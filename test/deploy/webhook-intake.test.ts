import { createHmac } from "node:crypto";
import { request } from "node:http";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { ByteBudget, jsonDeeperThan } from "../../src/github/webhook-intake.js";
import type { QueuedEvent } from "../../src/queue/job-key.js";
import { MemoryQueue } from "../../src/queue/memory-queue.js";
import { LogCapture } from "../faults/harness.js";
import { testPrivateKey } from "../github/helpers/app-harness.js";

// What an unauthenticated sender can make the receiver hold: a declared size over the limit is refused
// unread, the bytes of bodies being read at once are capped (503 + Retry-After beyond), a body that
// trickles in is cut off, and a signed payload nested too deep is a 400, not a 500. Limits are passed
// small so that each path is reached by construction, not by timing.

const SECRET = "intake-secret";
const sign = (body: string | Buffer) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
const log = new LogCapture();
beforeAll(() => log.start());
afterAll(() => log.stop());

/** Stores each job as JSON, as BullMQ does on Redis. */
class SerializingQueue extends MemoryQueue {
  override enqueue(event: QueuedEvent) {
    return super.enqueue(JSON.parse(JSON.stringify(event)) as QueuedEvent);
  }
}

let app: RunningAppServer | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function serve(intake: Parameters<typeof startAppServer>[0]["intake"], queue = new MemoryQueue()): Promise<RunningAppServer> {
  return startAppServer({
    env: { APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http", LOG_LEVEL: "info", LOG_FORMAT: "json" },
    queue,
    intake,
  });
}

interface Partial {
  /** Resolves with the status (and headers) the server answers, whether or not the body was finished. */
  response: Promise<{ status: number; headers: Record<string, unknown> }>;
  write(data: string | Buffer): void;
  end(data?: string | Buffer): void;
}

/** A delivery whose body the test sends piece by piece (or never). */
function open(url: string, headers: Record<string, string | number>): Partial {
  const req = request(url, { method: "POST", headers: { "x-github-event": "pull_request", "x-github-delivery": `d-${Math.random()}`, ...headers } });
  const response = new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on("error", reject);
  });
  req.flushHeaders();
  return { response, write: (d) => void req.write(d), end: (d) => void req.end(d) };
}

describe("reading webhook bodies", () => {
  it("refuses a declared Content-Length over the limit before reading the body (413)", async () => {
    app = await serve({ maxBodyBytes: 1024 });
    const delivery = open(`${app.url}${app.webhookPath}`, { "content-length": 2048, "x-hub-signature-256": sign("x") });
    // Not one byte of the body is sent: the answer comes from the headers alone.
    expect((await delivery.response).status).toBe(413);
  });

  it("caps the bytes of bodies being read at once: beyond it 503 with Retry-After, and the budget comes back", async () => {
    app = await serve({ maxBodyBytes: 1000, maxInFlightBytes: 1500 });
    const url = `${app.url}${app.webhookPath}`;
    const body = `{"action":"opened","pad":"${"x".repeat(900)}"}`;
    // Two bodies of 900-odd bytes each, sent in part and held: whichever the server reads second does not fit.
    const a = open(url, { "content-length": Buffer.byteLength(body), "x-hub-signature-256": sign("another body") });
    const b = open(url, { "content-length": Buffer.byteLength(body), "x-hub-signature-256": sign("another body") });
    a.write(body.slice(0, 10));
    b.write(body.slice(0, 10));
    const [refused, admitted] = await Promise.race([a.response.then(() => [a, b]), b.response.then(() => [b, a])]);
    expect((await refused.response).status).toBe(503);
    expect((await refused.response).headers["retry-after"]).toBe("5");
    admitted.end(body.slice(10));
    expect((await admitted.response).status).toBe(401);
    // The first body's reservation is given back: the same delivery now gets through.
    const third = open(url, { "content-length": Buffer.byteLength(body), "x-hub-signature-256": sign(body), "x-github-event": "ping" });
    third.end(body);
    expect((await third.response).status).toBe(200);
  });

  it("checks the signature of a chunked body as it streams, and refuses one growing past the limit", async () => {
    app = await serve({ maxBodyBytes: 1000 });
    const url = `${app.url}${app.webhookPath}`;
    const body = '{"zen":"Keep it logically awesome."}';
    const good = open(url, { "transfer-encoding": "chunked", "x-hub-signature-256": sign(body), "x-github-event": "ping" });
    good.write(body.slice(0, 7));
    good.end(body.slice(7));
    expect((await good.response).status).toBe(200);
    const bad = open(url, { "transfer-encoding": "chunked", "x-hub-signature-256": sign("other") });
    bad.end(body);
    expect((await bad.response).status).toBe(401);
    const big = open(url, { "transfer-encoding": "chunked", "x-hub-signature-256": sign("x") });
    big.write("x".repeat(600));
    big.write("x".repeat(600));
    expect((await big.response).status).toBe(413);
  });

  it("cuts off a body that trickles in (408) instead of holding the connection for minutes", async () => {
    app = await serve({ bodyTimeoutMs: 200 });
    const delivery = open(`${app.url}${app.webhookPath}`, { "content-length": 100, "x-hub-signature-256": sign("x") });
    delivery.write("{");
    expect((await delivery.response).status).toBe(408);
  });

  it("answers 400 with a clear log line to a validly signed body nested too deep, not 500", async () => {
    app = await serve({}, new SerializingQueue());
    const from = log.lines.length;
    const body = `{"action":"opened","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res = await fetch(`${app.url}${app.webhookPath}`, { method: "POST", headers: { "x-github-event": "pull_request", "x-github-delivery": "deep-1", "x-hub-signature-256": sign(body) }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: "JSON nested deeper than 64 levels" });
    expect(log.json(from).map((l) => l.msg)).toContain("webhook rejected: JSON nested deeper than 64 levels");
    // A real delivery's depth still passes.
    const ok = JSON.stringify({ action: "opened", pull_request: { head: { repo: { owner: { login: "a" } } } }, a: [[[[{ b: [1] }]]]] });
    const res2 = await fetch(`${app.url}${app.webhookPath}`, { method: "POST", headers: { "x-github-event": "ping", "x-github-delivery": "deep-2", "x-hub-signature-256": sign(ok) }, body: ok });
    expect(res2.status).toBe(200);
  });
});

describe("draining", () => {
  it("answers /healthz and deliveries 503 while running reviews finish, rather than refusing connections", async () => {
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    class SlowClose extends MemoryQueue {
      override async close() {
        await gate;
        return super.close();
      }
    }
    const server = await serve({}, new SlowClose());
    const closed = server.close();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "shutting-down" });
    const body = "{}";
    const delivery = await fetch(`${server.url}${server.webhookPath}`, { method: "POST", headers: { "x-github-event": "ping", "x-github-delivery": "drain-1", "x-hub-signature-256": sign(body) }, body });
    expect(delivery.status).toBe(503);
    finish();
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe("jsonDeeperThan and ByteBudget", () => {
  it("counts nesting outside strings only", () => {
    expect(jsonDeeperThan('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(jsonDeeperThan('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(jsonDeeperThan(`{"s":"${"[".repeat(100)}\\"${"{".repeat(100)}"}`, 1)).toBe(false);
    expect(jsonDeeperThan("[[]][[]][[]]", 2)).toBe(false);
  });

  it("refuses a reservation that does not fit and takes back what is given", () => {
    const b = new ByteBudget(10);
    expect(b.take(6)).toBe(true);
    expect(b.take(5)).toBe(false);
    b.give(6);
    expect(b.take(10)).toBe(true);
    expect(b.inUse).toBe(10);
  });
});
