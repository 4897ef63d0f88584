import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Receiver memory under unauthenticated abuse: N concurrent bodies of SIZE MB with a bad signature
// against `npm start` (the built server, started here on 127.0.0.1 with a throwaway key). Reports the
// server's peak resident memory (VmHWM from /proc) before and after, and how each body was answered.
// Loopback only; the run is bounded by a deadline and the server is killed at the end.
//
//   npm run build && node dist/bench/webhook-abuse.js [--bodies 32] [--mb 25] [--server path/to/server.js]

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const bodies = Number(arg("bodies", "32"));
const mb = Number(arg("mb", "25"));
const serverJs = resolve(arg("server", join(here, "..", "src", "github", "server.js")));
const DEADLINE_MS = 180_000;

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}

async function main(): Promise<void> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const child = spawn(process.execPath, [serverJs], {
    cwd: here,
    env: { PATH: process.env.PATH ?? "", APP_ID: "4242", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "bench-secret", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "error", GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const deadline = setTimeout(() => {
    process.stderr.write("webhook-abuse: deadline passed, stopping\n");
    child.kill("SIGKILL");
    process.exit(1);
  }, DEADLINE_MS);
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolveUrl(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
    });
    await new Promise((r) => setTimeout(r, 500));
    const idle = memory(child.pid!);
    const body = Buffer.alloc(Math.floor(mb * 1024 * 1024), 0x61);
    let sampledPeak = idle.rssMb;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memory(child.pid!).rssMb)), 20);
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: bodies }, (_, i) =>
        new Promise<string>((done) => {
          const req = request(`${url}/api/github/webhooks`, {
            method: "POST",
            headers: { "content-type": "application/json", "content-length": body.length, "x-github-event": "pull_request", "x-github-delivery": `abuse-${i}`, "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
          });
          req.on("response", (res) => {
            res.resume();
            res.on("end", () => done(String(res.statusCode)));
          });
          req.on("error", (e: NodeJS.ErrnoException) => done(e.code ?? "error"));
          req.end(body);
        }),
      ),
    );
    clearInterval(sampler);
    const after = memory(child.pid!);
    const counts: Record<string, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    const result = {
      server: serverJs,
      bodies,
      mbEach: mb,
      answers: counts,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      idleRssMb: idle.rssMb,
      peakRssMb: after.peakMb,
      sampledPeakRssMb: sampledPeak,
      rssAfterMb: after.rssMb,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearTimeout(deadline);
    child.kill("SIGKILL");
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`webhook-abuse: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
