/**
 * The load scenario's fake GitHub in a process of its own (forked by load-scenario.ts, driven over IPC): one
 * FakeGitHub per repository behind one loopback router that records when each request arrived and for which
 * installation. Apart from the load driver, its CPU is measured on its own (`/proc/<pid>/stat`), so that the
 * run's CPU splits into the app's processes, Redis, the fake GitHub and the driver.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGitHub, type FakePullRequest, type RecordedRequest } from "../src/demo/fake-github.js";

/** One request as the router saw it: when it arrived (this process's `performance.now()` plus `origin`), for which installation. */
export interface Seen {
  at: number;
  installation: number;
  repo?: string;
  request: RecordedRequest;
}

export interface FleetRepo {
  owner: string;
  repo: string;
  installation: number;
  /** Index into the templates: fakes of one template share its file maps (and the fake's cached listings). */
  template: number;
}

export type FleetCommand =
  | { type: "init"; templates: FakePullRequest[]; repos: FleetRepo[]; app: { id: number; slug: string }; latencyMs: number }
  | { type: "watch"; name: string; repos: string[] }
  | { type: "reviewed"; name: string }
  | { type: "push"; repo: string; headSha: string; addFiles: Record<string, string> }
  | { type: "reset" }
  | { type: "collect" }
  | { type: "stop" };

/** A pull request counts as reviewed when its current head has a completed run that did not end superseded or failed. */
function reviewed(fake: FakeGitHub, pull: FakePullRequest): boolean {
  return fake.checkRuns.some((r) => r.head_sha === pull.headSha && r.status === "completed" && !/^(Superseded|Review could not finish)/.test(r.output?.title ?? ""));
}

/** A watched pull request, and the head last found reviewed (asked about every 100 ms; a completed run stays completed). */
interface Watched {
  fake: FakeGitHub;
  pull: FakePullRequest;
  reviewedHead?: string;
}

function isReviewed(w: Watched): boolean {
  if (w.reviewedHead === w.pull.headSha) return true;
  if (!reviewed(w.fake, w.pull)) return false;
  w.reviewedHead = w.pull.headSha;
  return true;
}

/** The parsed body (undefined when empty), or nothing when it is not JSON (the fake then answers 400 itself). */
function parseBody(text: string): { body: unknown } | undefined {
  if (!text) return { body: undefined };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const fakes = new Map<string, { fake: FakeGitHub; pull: FakePullRequest; installation: number }>();
  const seen: Seen[] = [];
  /** Lists of repositories the driver asks about by name (how many have their current head reviewed). */
  const watched = new Map<string, Watched[]>();
  let server: Server | undefined;
  // Both processes measure time from their own start; `origin` puts the router's times on the wall clock.
  const origin = performance.timeOrigin;

  const handle = async (cmd: FleetCommand): Promise<unknown> => {
    switch (cmd.type) {
      case "init": {
        for (const r of cmd.repos) {
          const pull: FakePullRequest = { ...cmd.templates[r.template], owner: r.owner, repo: r.repo };
          const fake = new FakeGitHub({ pull, app: cmd.app, installationId: r.installation, latencyMs: cmd.latencyMs });
          await fake.start();
          fakes.set(`${r.owner}/${r.repo}`, { fake, pull, installation: r.installation });
        }
        const any = [...fakes.values()][0];
        server = createServer((req: IncomingMessage, res: ServerResponse) => {
          const chunks: Buffer[] = [];
          req.on("data", (c: Buffer) => chunks.push(c));
          req.on("end", () => {
            const at = origin + performance.now();
            const text = chunks.length ? Buffer.concat(chunks).toString("utf8") : "";
            // Parsed once, here: the fake is handed the parsed body.
            const body = parseBody(text);
            let target = any;
            const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\//.exec(req.url ?? "");
            const graphql = !m && req.url?.startsWith("/api/graphql");
            if (m) target = fakes.get(`${m[1]}/${m[2]}`) ?? target;
            else if (graphql) {
              const vars = (body?.body as { variables?: { owner?: string; repo?: string } } | undefined)?.variables;
              target = fakes.get(`${vars?.owner}/${vars?.repo}`) ?? target;
            }
            const token = /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens/.exec(req.url ?? "");
            const installation = token ? Number(token[1]) : m || graphql ? target.installation : 0;
            const path = (req.url ?? "").split("?")[0];
            // Only what the figures need is kept: the body of writes (a review's commit) and of GraphQL queries.
            seen.push({ at, installation, repo: m ? `${m[1]}/${m[2]}` : undefined, request: { method: req.method ?? "GET", path, body: graphql ? (body?.body ?? {}) : text && req.method !== "GET" ? body?.body : undefined } });
            // Handed to the repository's fake in this process: a second HTTP hop would only add CPU.
            target.fake.serve(req, res, text, body).catch(() => {
              if (!res.headersSent) res.writeHead(502).end();
            });
          });
        });
        await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
        return { host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
      }
      case "watch":
        watched.set(cmd.name, cmd.repos.map((repo) => ({ ...fakes.get(repo)! })));
        return {};
      case "reviewed":
        return (watched.get(cmd.name) ?? []).filter(isReviewed).length;
      case "push": {
        const f = fakes.get(cmd.repo)!;
        f.fake.push(cmd.headSha, { ...f.pull.headFiles, ...cmd.addFiles });
        return {};
      }
      case "reset":
        seen.length = 0;
        return {};
      case "collect":
        return {
          seen,
          // Every head a review started for (a check run on it), by repository.
          heads: Object.fromEntries([...fakes].map(([repo, f]) => [repo, new Set(f.fake.checkRuns.map((r) => r.head_sha)).size])),
        };
      case "stop":
        server?.close();
        for (const { fake } of fakes.values()) await fake.stop();
        return {};
    }
  };

  process.on("message", (msg: { id: number; cmd: FleetCommand }) => {
    void handle(msg.cmd).then(
      (result) => process.send!({ id: msg.id, result }),
      (error: unknown) => process.send!({ id: msg.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on("disconnect", () => process.exit(0));
}

if (process.send) await main();
