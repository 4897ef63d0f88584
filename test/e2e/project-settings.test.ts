import { FakeGitHub, pullRequestDelivery, type FakePullRequest } from "../../src/demo/fake-github.js";
import type { RunningAppServer } from "../../src/github/app-server.js";
import { validateRequestBody } from "../github/helpers/openapi.js";
import { BASE, HEAD } from "../github/pr-world.js";
import { deliver, E2E_APP, E2E_INSTALLATION, serveApp, stopAll } from "./serve-app.js";

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
  const github = new FakeGitHub({ app: E2E_APP, installationId: E2E_INSTALLATION, pull });
  let app: RunningAppServer | undefined;
  try {
    app = await serveApp(await github.start(), SECRET);
    const res = await deliver(app, SECRET, "pull_request", pullRequestDelivery(pull, E2E_INSTALLATION), `ps-${number}`);
    expect(res.status).toBe(202);
    await app.idle();
  } finally {
    await stopAll(app, github);
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
