import { MemoryQueue } from "../../src/queue/memory-queue.js";
import { queueContract } from "./queue-contract.js";

queueContract("in-process", (opts) => new MemoryQueue(opts));
