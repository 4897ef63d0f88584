import { randomUUID } from "node:crypto";
import { BullQueue } from "../../src/queue/bullmq-queue.js";
import { queueContract } from "./queue-contract.js";

// .ci/run starts a Redis server on 127.0.0.1 and sets REDIS_URL; without one, say so instead of passing silently.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  if (process.env.CI) throw new Error("REDIS_URL must be set in CI (see .ci/run)");
  describe.skip("BullMQ queue (set REDIS_URL to run against a real Redis server)", () => it("needs Redis", () => undefined));
} else {
  queueContract("BullMQ", (opts) => new BullQueue({ ...opts, redisUrl, name: `test-${randomUUID()}`, lockDurationMs: 2000 }));
}
