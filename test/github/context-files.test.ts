import nock from "nock";
import taintedHtml from "../../rules/data-flow/tainted-html.js";
import { analyzeProject } from "../../src/core/analysis/analyze-project.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { gitBlobSha } from "../../src/demo/fake-github.js";
import { CONTEXT_LIMITS, importedModules, planContextFiles, templateApps, type TreeBlob } from "../../src/github/context-files.js";
import { fixture, testProbot } from "./helpers/app-harness.js";
import { MockGitHub } from "./helpers/github-mock.js";
import { CHECK_RUN_ID, HEAD, mockReadPhase, mockStart, PR, REPO_PATH } from "./pr-world.js";

const blob = (path: string, size = 100): TreeBlob => ({ path, sha: `sha-${path}`, size });
const plan = (changed: Record<string, string>, paths: (string | TreeBlob)[], eligible = (_: string) => true) =>
  planContextFiles(
    Object.entries(changed).map(([path, text]) => ({ path, text })),
    [...Object.keys(changed).map((p) => blob(p)), ...paths.map((p) => (typeof p === "string" ? blob(p) : p))],
    (p) => !(p in changed) && eligible(p),
  );

describe("planContextFiles", () => {
  it("reads the project modules a changed module imports, relative and absolute, and not third-party ones", () => {
    const views = "from django.http import HttpResponse\nfrom .utils import render_safe\nfrom . import forms\nfrom core.html import (\n    clean,\n    strip,\n)\nimport shop.decorators\nimport requests\n";
    const got = plan({ "shop/views.py": views }, ["shop/utils.py", "shop/forms.py", "core/html.py", "shop/decorators.py", "shop/admin.py", "other/views.py"]);
    expect(got.files.map((e) => e.path)).toEqual(["shop/utils.py", "shop/forms.py", "core/html.py", "shop/decorators.py"]);
  });

  it("resolves absolute imports from folders above the module (a src/ layout) and package modules", () => {
    const tree = new Map([["src/acme/lib/perms/__init__.py", 1], ["src/acme/lib/perms/checks.py", 1]]);
    const file = { path: "src/acme/orders/views.py", text: "from acme.lib.perms import checks\n" };
    expect(importedModules(file, tree)).toEqual(["src/acme/lib/perms/__init__.py", "src/acme/lib/perms/checks.py"]);
  });

  it("reads the project modules a settings module's MIDDLEWARE names by dotted path", () => {
    const tree = new Map([["src/tenant/middleware.py", 1], ["core/middleware/__init__.py", 1]]);
    const file = { path: "src/config/settings.py", text: 'MIDDLEWARE = [\n    "django.middleware.csrf.CsrfViewMiddleware",\n    "tenant.middleware.TenantCsrfMiddleware",\n    "core.middleware.AuditMiddleware",\n]\nNAME = "tenant.middleware.helper"\n' };
    expect(importedModules(file, tree)).toEqual(["src/tenant/middleware.py", "core/middleware/__init__.py"]);
  });

  it("adds the app's decorators, utils, forms and models, from a views/ package too", () => {
    const got = plan({ "shop/views/orders.py": "x = 1\n" }, ["shop/decorators.py", "shop/utils/__init__.py", "shop/utils/money.py", "shop/forms.py", "shop/models.py", "shop/admin.py", "blog/utils.py"]);
    expect(got.files.map((e) => e.path)).toEqual(["shop/decorators.py", "shop/utils/__init__.py", "shop/utils/money.py", "shop/forms.py", "shop/models.py"]);
  });

  it("reads every URLconf of the repository when Python changed, or none when there are more than the cap", () => {
    const urlconfs = ["mysite/urls.py", "shop/urls.py", "api/urls/v1.py", "blog/routers.py", "shop/admin_urls.py"];
    expect(plan({ "shop/views.py": "x = 1\n" }, [...urlconfs, "shop/urlsafe.py"]).files.map((e) => e.path)).toEqual(urlconfs);
    // A template alone needs no URLconf.
    expect(plan({ "shop/templates/shop/a.html": "{{ x }}" }, urlconfs).files).toEqual([]);
    const many = Array.from({ length: CONTEXT_LIMITS.maxUrlconfs + 1 }, (_, i) => `app${i}/urls.py`);
    const over = plan({ "shop/views.py": "x = 1\n" }, many);
    expect(over.files).toEqual([]);
    expect(over.urlconfsLeftOut).toBe(true);
  });

  it("reads the views and template tags of the app that owns a changed template", () => {
    const tree = ["shop/views.py", "shop/templatetags/money.py", "shop/models.py", "blog/views.py"];
    expect(plan({ "shop/templates/shop/basket.html": "{{ x }}" }, tree).files.map((e) => e.path)).toEqual(["shop/views.py", "shop/templatetags/money.py", "shop/models.py"]);
    // A project-level templates/ folder: the app is named by the template name's first part.
    expect(templateApps("templates/blog/post.html", tree.map((p) => blob(p)))).toEqual(["blog"]);
  });

  it("reads the templates a changed view names", () => {
    const views = 'from django.shortcuts import render\n\ndef basket(request):\n    return render(request, "shop/basket.html", {"n": 1})\n';
    const got = plan({ "shop/views.py": views }, ["shop/templates/shop/basket.html", "shop/templates/shop/other.html"]);
    expect(got.files.map((e) => e.path)).toEqual(["shop/templates/shop/basket.html"]);
  });

  it("keeps to the file and byte caps and never plans what is not eligible or too large", () => {
    const imports = Array.from({ length: 60 }, (_, i) => `from .m${i} import x`).join("\n");
    const tree = Array.from({ length: 60 }, (_, i) => `shop/m${i}.py`);
    const got = plan({ "shop/views.py": imports }, tree);
    expect(got.related).toBe(CONTEXT_LIMITS.maxFiles);
    expect(got.leftOut).toBe(20);
    const big = plan({ "shop/views.py": "from .a import x\nfrom .b import y\nfrom .c import z\n" }, [blob("shop/a.py", CONTEXT_LIMITS.maxFileBytes + 1), "shop/b.py", "shop/c.py"], (p) => p !== "shop/c.py");
    expect(big.files.map((e) => e.path)).toEqual(["shop/b.py"]);
  });
});

// A view parameter that every URL pattern capturing it keeps free of markup is no injection (the CLI knows it
// from plugins/urls.py); its twin, captured as any text, is.
const VIEWS_BEFORE = "from django.http import HttpResponseBadRequest\n";
const VIEWS_AFTER = `${VIEWS_BEFORE}

def proxy(request, kind):
    return HttpResponseBadRequest("<p>Unknown plugin type: " + kind + "</p>")


def proxy_named(request, name):
    return HttpResponseBadRequest("<p>Unknown plugin: " + name + "</p>")
`;
const URLS = `from django.urls import re_path
from . import views

urlpatterns = [
    re_path(r"^(?P<kind>[a-z0-9._]+)/$", views.proxy),
    re_path(r"^named/(?P<name>[^/]+)/$", views.proxy_named),
]
`;
const KIND_LINE = 5;
const NAME_LINE = 9;
const CHECK_PATH = new RegExp(`^${REPO_PATH}/check-runs/${CHECK_RUN_ID}$`);
const REVIEWS = new RegExp(`^${REPO_PATH}/pulls/${PR}/reviews$`);
const TREE = new RegExp(`^${REPO_PATH}/git/trees/${HEAD}\\?recursive=true$`);

describe("the app reads the project context the changed files need", () => {
  let gh: MockGitHub;
  beforeEach(() => {
    gh = new MockGitHub();
  });
  afterEach(() => {
    nock.cleanAll();
  });

  const head = { "plugins/views.py": VIEWS_AFTER, "plugins/urls.py": URLS, "plugins/__init__.py": "", "README.md": "# plugins\n" };
  const treeOf = (files: Record<string, string>) => ({ sha: HEAD, truncated: false, tree: Object.entries(files).map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text) })) });

  async function review(mockContext: () => void, probot = testProbot([taintedHtml]), strict = true) {
    mockStart(gh);
    mockReadPhase(gh, { files: [{ filename: "plugins/views.py", before: VIEWS_BEFORE, after: VIEWS_AFTER }], tree: false });
    mockContext();
    gh.on("POST", REVIEWS, 200, { id: 1 });
    gh.on("PATCH", CHECK_PATH, 200, {});
    await probot.receive({ id: `delivery-${Math.random()}`, name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    if (strict) gh.assertDone();
    const [posted] = gh.bodies("POST", REVIEWS);
    return (posted.comments as { path: string; line: number }[]).map((c) => `${c.path}:${c.line}`);
  }

  it("the CLI, with the whole tree, drops the bounded parameter and keeps its twin", async () => {
    const result = await analyzeProject({ files: Object.entries(head).map(([path, text]) => ({ path, text })), config: DEFAULT_CONFIG, rules: [taintedHtml] });
    const confident = result.findings.filter((f) => f.confidence !== "low");
    expect(confident.map((f) => `${f.path}:${f.line}`)).toEqual([`plugins/views.py:${NAME_LINE}`]);
  });

  it("without the tree, the app comments on both (today's behaviour when the context cannot be read)", async () => {
    const comments = await review(() => gh.on("GET", TREE, 404, { message: "Not Found" }));
    expect(comments).toEqual([`plugins/views.py:${KIND_LINE}`, `plugins/views.py:${NAME_LINE}`]);
  });

  it("with only views.py in the pull request, reads urls.py in one GraphQL query and comments only on the unbounded twin", async () => {
    const comments = await review(() => {
      gh.on("GET", TREE, 200, treeOf(head));
      gh.on("POST", "/graphql", 200, (body: { variables: Record<string, string> }) => {
        const repository: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(body.variables)) {
          const m = /^e(\d+)$/.exec(k);
          if (m) {
            const text = head[v.slice(v.indexOf(":") + 1) as keyof typeof head];
            repository[`f${m[1]}`] = text === undefined ? null : { text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false };
          }
        }
        return { data: { repository } };
      });
    });
    expect(comments).toEqual([`plugins/views.py:${NAME_LINE}`]);
    const [query] = gh.bodies("POST", /^\/graphql$/);
    // The URLconf; never the changed file, a module it does not import or the README.
    expect(Object.values(query.variables).filter((v) => String(v).startsWith(`${HEAD}:`))).toEqual([`${HEAD}:plugins/urls.py`]);
  });

  it("a context read that fails leaves the review as it was without context", async () => {
    const comments = await review(() => {
      gh.on("GET", TREE, 200, treeOf(head));
      gh.on("POST", "/graphql", 502, { message: "Bad Gateway" });
    });
    expect(comments).toEqual([`plugins/views.py:${KIND_LINE}`, `plugins/views.py:${NAME_LINE}`]);
  });

  it("reads a context file once: a second run finds it in the blob cache by SHA", async () => {
    const probot = testProbot([taintedHtml]);
    const respond = (body: { variables: Record<string, string> }) => {
      const repository: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body.variables)) {
        const m = /^e(\d+)$/.exec(k);
        const text = m ? head[v.slice(v.indexOf(":") + 1) as keyof typeof head] : undefined;
        if (m) repository[`f${m[1]}`] = text === undefined ? null : { text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false };
      }
      return { data: { repository } };
    };
    expect(await review(() => {
      gh.on("GET", TREE, 200, treeOf(head));
      gh.on("POST", "/graphql", 200, respond);
    }, probot)).toEqual([`plugins/views.py:${NAME_LINE}`]);
    nock.cleanAll();
    gh = new MockGitHub();
    // No GraphQL query this time: the texts come from the cache (the tree is listed again: it names the SHAs).
    // (The changed file comes from the cache too, so its contents mock goes unused: not strict.)
    expect(await review(() => gh.on("GET", TREE, 200, treeOf(head)), probot, false)).toEqual([`plugins/views.py:${NAME_LINE}`]);
    expect(gh.calls.some((c) => c.path.endsWith("/graphql"))).toBe(false);
  });
});
