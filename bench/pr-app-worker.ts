// The app under test, alone in its own process so its peak RSS is its own: started by pr-pipeline.ts with
// `fork`, it runs the real app server (Probot middleware, handlers, production Octokit with retries and
// throttling) against the fake GitHub the parent serves, and answers the parent's questions over IPC.
import { startAppServer, type RunningAppServer } from "../src/github/app-server.js";

export type WorkerRequest = { type: "start"; env: Record<string, string> } | { type: "usage" } | { type: "idle" } | { type: "stop" };
export type WorkerReply = { type: "ready"; url: string; webhookPath: string } | { type: "idle" } | { type: "usage"; maxRssMb: number; rssMb: number } | { type: "error"; message: string };

let server: RunningAppServer | undefined;
const reply = (message: WorkerReply) => process.send!(message);

process.on("message", (message: WorkerRequest) => {
  void (async () => {
    try {
      if (message.type === "start") {
        server = await startAppServer({ env: message.env });
        reply({ type: "ready", url: server.url, webhookPath: server.webhookPath });
      } else if (message.type === "idle") {
        // No review waiting or running: with a queue in front, a delivery can be answered and then dropped.
        await server?.idle();
        reply({ type: "idle" });
      } else if (message.type === "usage") {
        reply({ type: "usage", maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) });
      } else {
        await server?.close();
        process.disconnect();
        process.exit(0);
      }
    } catch (error) {
      reply({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
