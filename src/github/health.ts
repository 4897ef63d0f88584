import type { IncomingMessage, ServerResponse } from "node:http";

/** Answers `GET /healthz` for load balancers and orchestrators; leaves every other request alone. */
export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?", 1)[0];
  if (path !== "/healthz" || (req.method !== "GET" && req.method !== "HEAD")) return false;
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : JSON.stringify({ status: "ok" }));
  return true;
}
