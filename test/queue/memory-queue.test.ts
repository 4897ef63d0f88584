import { MemoryQueue } from "../../src/queue/memory-queue.js";
import { queueContract } from "./queue-contract.js";

queueContract("in-process", (opts) => new MemoryQueue(opts));

it("keeps defaults for options passed as undefined", async () => {
  const queue = new MemoryQueue({ concurrency: undefined, perInstallation: undefined });
  const ran: string[] = [];
  await queue.work({ run: async (e) => void ran.push(e.id) });
  await queue.enqueue({ id: "only", name: "issue_comment", payload: {} });
  await queue.idle();
  expect(ran).toEqual(["only"]);
  await queue.close();
});
