import { createHmac } from "node:crypto";
import { FakeGitHub, pullRequestDelivery, type FakePullRequest } from "../../src/demo/fake-github.js";
import { startAppServer, type RunningAppServer } from "../../src/github/app-server.js";
import { testOctokit, testPrivateKey } from "../github/helpers/app-harness.js";
import { validateRequestBody } from "../github/helpers/openapi.js";
import { BASE, HEAD } from "../github/pr-world.js";

// A pull request adding an UpdateView: whether it needs its own access check depends on MIDDLEWARE in
// settings the pull request does not touch, so the app reads the repository's settings modules.
const SECRET = "project-settings-secret";
const VIEW = "from django.views.generic import UpdateView\n\n\nclass PostEdit(UpdateView):\n    model = Post\n    fields = [\"title\"]\n";
const settings = (middleware: string) => `SECRET_KEY = "x"\nMIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n${middleware}]\n`;

async function review(settingsText: string, number: number): Promise<{ github: FakeGitHub; ruleIds: string[] }> {
  const pull: FakePullRequest = {
    owner: "acme", repo: "blog", number, title: "Edit posts", author: "dev-ana", baseRef: "main", baseSha: BASE, headRef: "edit", headSha: HEAD,
    baseFiles: { "mysite/settings/base.py": settingsText, "mysite/settings/production.py": "from .base import *\n" },
    headFiles: { "mysite/settings/base.py": settingsText, "mysite/settings/production.py": "from .base import *\n", "blog/views.py": VIEW },
  };
  const github = new FakeGitHub({ app: { id: 4242, slug: "django-sec" }, installationId: 31337, pull });
  const host = await github.start();
  let app: RunningAppServer | undefined;
  try {
    app = await startAppServer({
      env: { APP_ID: "4242", PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET, GHE_HOST: host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
      Octokit: testOctokit(),
    });
    const body = JSON.stringify(pullRequestDelivery(pull, 31337));
    const res = await fetch(`${app.url}${app.webhookPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": `ps-${number}`, "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
      body,
    });
    expect(res.status).toBe(202);
    await app.idle();
  } finally {
    await app?.close();
    await github.stop();
  }
  const [run] = github.checkRuns;
  expect(run.status).toBe("completed");
  return { github, ruleIds: run.annotations.map((a: { path: string; title?: string; message: string }) => `${a.path} ${a.title ?? a.message}`) };
}

it("reports the view when the settings have no login-required middleware", async () => {
  const { github, ruleIds } = await review(settings(""), 41);
  expect(ruleIds.join("\n")).toMatch(/blog\/views\.py .*cbv-missing-access-control/);
  expect(github.requests.some((r) => /\/git\/trees\//.test(r.path))).toBe(true);
});

it("stays silent when the project's settings install LoginRequiredMiddleware", async () => {
  const { github, ruleIds } = await review(settings('    "django.contrib.auth.middleware.LoginRequiredMiddleware",\n'), 42);
  expect(ruleIds.join("\n")).not.toMatch(/cbv-missing-access-control/);
  const tree = github.requests.find((r) => /\/git\/trees\//.test(r.path))!;
  expect(tree.path).toMatch(new RegExp(`/git/trees/${HEAD}\\?recursive=true$`));
  expect(validateRequestBody("GET", tree.path.split("?")[0], undefined)).toEqual([]);
});
