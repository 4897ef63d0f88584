// A throwaway redis-server on a random 127.0.0.1 port for the queue benchmarks (no persistence).
import { spawn, spawnSync } from "node:child_process";
import { Redis } from "ioredis";

/** Starts redis-server and waits until it answers; undefined when redis-server is missing or never answers. */
export async function startRedis(): Promise<{ url: string; pid?: number; stop(): void } | undefined> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) return undefined;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    const ok = await client.connect().then(() => client.ping()).then(() => true, () => false);
    client.disconnect();
    if (ok) return { url, pid: proc.pid, stop: () => proc.kill() };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  return undefined;
}
