import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { startAppServer } from "../github/app-server.js";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest, type StoredCheckRun } from "./fake-github.js";

// The demo behind `npm run demo`: replays a bundled pull request through the real app (signed webhook, Probot
// middleware, handlers, review pipeline) against a fake GitHub on 127.0.0.1, then prints what the app
// posted. No GitHub account, no network.

const APP = { id: 1, slug: "django-sec" };
const INSTALLATION_ID = 1;

export interface DemoOutput {
  write(chunk: string): unknown;
}

export interface DemoOptions {
  /** Probot's log level for the app (default: warn, so only problems show). */
  logLevel?: string;
  /** A different Octokit class for the app (tests turn throttling off). */
  Octokit?: Parameters<typeof startAppServer>[0]["Octokit"];
}

/** Runs the demo, writing what the app posted to `out`. Resolves when both servers are closed. */
export async function runDemo(out: DemoOutput, options: DemoOptions = {}): Promise<void> {
  const fixtures = join(packageRoot(), "src", "demo", "fixtures", "pull-request");
  const meta = JSON.parse(readFileSync(join(fixtures, "pull-request.json"), "utf8")) as Omit<FakePullRequest, "baseFiles" | "headFiles">;
  const pull: FakePullRequest = { ...meta, baseFiles: readTree(join(fixtures, "base")), headFiles: readTree(join(fixtures, "head")) };
  const github = new FakeGitHub({ pull, app: APP, installationId: INSTALLATION_ID });
  const host = await github.start();
  const secret = randomBytes(16).toString("hex");
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const app = await startAppServer({
    env: { APP_ID: String(APP.id), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: options.logLevel ?? "warn" },
    Octokit: options.Octokit,
  });
  try {
    out.write(`django-sec demo: pull request #${pull.number} "${pull.title}" (${pull.baseRef} <- ${pull.headRef})\n`);
    out.write(`Fake GitHub API on http://${host}, app on ${app.url}. Sending a signed pull_request.opened webhook...\n\n`);
    const status = await deliver(app.url + app.webhookPath, secret, "pull_request", pullRequestDelivery(pull, INSTALLATION_ID));
    if (status !== 202) throw new Error(`the app answered the webhook with HTTP ${status}`);
    await app.idle();
    printReviews(github, out);
    printCheckRun(github.checkRuns.at(-1), out);

    out.write(rule("Re-delivery"));
    out.write("Sending the same event again (as GitHub's \"Redeliver\" button would)...\n");
    const before = github.comments.length;
    const again = await deliver(app.url + app.webhookPath, secret, "pull_request", pullRequestDelivery(pull, INSTALLATION_ID));
    await app.idle();
    out.write(`The app answered HTTP ${again} and recognised the delivery: it reviews each commit once.\n`);
    const rerun = github.checkRuns.at(-1);
    out.write(`New inline comments: ${github.comments.length - before}. Check run: ${rerun?.conclusion} ("${rerun?.output?.title}").\n`);
    out.write(rule("A fix is pushed"));
    const fixedSha = "f1".repeat(20);
    const views = pull.headFiles["shop/views.py"];
    const fixedViews = views.replace(
      `cursor.execute(f"SELECT id, name FROM shop_product WHERE name LIKE '%{term}%'")`,
      `cursor.execute("SELECT id, name FROM shop_product WHERE name LIKE %s", [f"%{term}%"])`,
    );
    github.push(fixedSha, { ...pull.headFiles, "shop/views.py": fixedViews });
    out.write(`Pushing ${fixedSha.slice(0, 7)}, which passes the search term as a query parameter, and sending pull_request.synchronize...\n`);
    const resolvedBefore = github.comments.filter((c) => c.resolved).length;
    await deliver(app.url + app.webhookPath, secret, "pull_request", pullRequestDelivery(pull, INSTALLATION_ID, "synchronize"));
    await app.idle();
    const afterFix = github.checkRuns.at(-1);
    out.write(`Threads resolved as fixed: ${github.comments.filter((c) => c.resolved).length - resolvedBefore}. New inline comments: ${github.comments.length - before}. `);
    out.write(`Check run on ${afterFix?.head_sha.slice(0, 7)}: ${afterFix?.conclusion} ("${afterFix?.output?.title}").\n`);
    out.write(`\nGitHub API requests made by the app: ${github.requests.length}.\n`);
  } finally {
    await app.close();
    await github.stop();
  }
}

function printReviews(github: FakeGitHub, out: DemoOutput): void {
  for (const review of github.reviews) {
    out.write(rule(`Review (${review.event}) on ${review.commit_id.slice(0, 7)}`));
    out.write(`${review.body}\n`);
    for (const c of review.comments) {
      const lines = c.start_line ? `lines ${c.start_line}-${c.line}` : `line ${c.line}`;
      out.write(rule(`Inline comment: ${c.path} ${lines}`));
      out.write(`${c.body}\n`);
    }
  }
  if (!github.reviews.length) out.write("(no review posted)\n");
}

function printCheckRun(run: StoredCheckRun | undefined, out: DemoOutput): void {
  if (!run) return void out.write("(no check run)\n");
  out.write(rule(`Check run "${run.name}": ${run.status}, conclusion ${run.conclusion ?? "none"}`));
  out.write(`# ${run.output?.title ?? ""}\n\n${run.output?.summary ?? ""}\n`);
  if (run.output?.text) out.write(`\n${run.output.text}\n`);
  out.write(`\nAnnotations (${run.annotations.length}):\n`);
  for (const a of run.annotations) out.write(`- ${a.path}:${a.start_line} [${a.annotation_level}] ${a.title}: ${String(a.message).split("\n")[0]}\n`);
}

async function deliver(url: string, secret: string, event: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else files[relative(root, abs).split(sep).join("/")] = readFileSync(abs, "utf8");
    }
  };
  walk(root);
  return files;
}

/** The repository root: the first directory above this file with a package.json (works from src/ and dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("could not find the django-sec package root from the demo script");
    dir = up;
  }
  return dir;
}

function rule(title: string): string {
  return `\n──── ${title} ${"─".repeat(Math.max(4, 72 - title.length))}\n`;
}
