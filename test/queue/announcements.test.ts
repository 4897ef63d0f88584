import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { MemoryAnnouncements, RedisAnnouncements, type Announcements } from "../../src/queue/announcements.js";

// One check run per job: the receiver's announcement and the job's own run never both happen.
function contract(name: string, make: () => Announcements) {
  describe(name, () => {
    it("hands the announced run to the job once; a retry makes its own", async () => {
      const a = make();
      expect(await a.claim("k1")).toBe(true);
      expect(await a.record("k1", 501)).toBe(true);
      expect(await a.take("k1")).toBe(501);
      expect(await a.take("k1")).toBeUndefined();
    });

    it("a job that started first makes its own run: no announcement after it", async () => {
      const a = make();
      expect(await a.take("k2")).toBeUndefined();
      expect(await a.claim("k2")).toBe(false);
    });

    it("a job that starts while the run is being created waits for it", async () => {
      const a = make();
      expect(await a.claim("k3")).toBe(true);
      const taken = a.take("k3");
      await new Promise((r) => setTimeout(r, 150));
      expect(await a.record("k3", 777)).toBe(true);
      expect(await taken).toBe(777);
    });

    it("a failed announcement leaves the job to make its run", async () => {
      const a = make();
      expect(await a.claim("k4")).toBe(true);
      const taken = a.take("k4");
      await a.release("k4");
      expect(await taken).toBeUndefined();
    });

    it("a second claim of the same job is refused", async () => {
      const a = make();
      expect(await a.claim("k5")).toBe(true);
      expect(await a.claim("k5")).toBe(false);
    });
  });
}

contract("in-process announcements", () => new MemoryAnnouncements());

const redisUrl = process.env.REDIS_URL;
if (!redisUrl && process.env.CI) throw new Error("REDIS_URL must be set in CI (see .ci/run)");
if (redisUrl) {
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const c of clients) await c.quit();
  });
  contract("announcements in Redis", () => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: null });
    clients.push(client);
    return new RedisAnnouncements(client, `test-announce-${randomUUID()}:`);
  });
} else {
  describe.skip("announcements in Redis (set REDIS_URL to run against a real Redis server)", () => it("needs Redis", () => undefined));
}
