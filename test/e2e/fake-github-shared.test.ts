import { FakeGitHub, gitBlobSha, type FakePullRequest } from "../../src/demo/fake-github.js";

// The load benchmark serves many copies of one pull request: fakes given the same file maps share their
// listing, and one fake's push never shows in another's answers.
const APP = { id: 77, slug: "django-sec" };
const BASE_FILES = { "app/views.py": "def a():\n    return 1\n", "app/models.py": "X = 1\n" };
const HEAD_FILES = { ...BASE_FILES, "app/views.py": "def a():\n    return 2\n" };

function pullOf(repo: string): FakePullRequest {
  return { owner: "org", repo, number: 5, title: "t", author: "dev", baseRef: "main", baseSha: "b".repeat(40), headRef: "f", headSha: "a".repeat(40), baseFiles: BASE_FILES, headFiles: HEAD_FILES };
}

async function get(host: string, path: string): Promise<any> {
  const res = await fetch(`http://${host}/api/v3/repos/org/${path}`, { headers: { authorization: "token ghs_fake" } });
  return res.json();
}

it("gives git's blob id, the same for a text seen before", () => {
  // `printf 'hello\n' | git hash-object --stdin`
  expect(gitBlobSha("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  expect(gitBlobSha("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  expect(gitBlobSha(new TextEncoder().encode("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
});

it("lists the same files for copies of one pull request, and each copy's own push only in that copy", async () => {
  const one = new FakeGitHub({ pull: pullOf("one"), app: APP, installationId: 1 });
  const two = new FakeGitHub({ pull: pullOf("two"), app: APP, installationId: 2 });
  const [h1, h2] = [await one.start(), await two.start()];
  try {
    const names = (files: { filename: string }[]) => files.map((f) => f.filename);
    expect(names(await get(h1, "one/pulls/5/files"))).toEqual(["app/views.py"]);
    expect(names(await get(h2, "two/pulls/5/files"))).toEqual(["app/views.py"]);
    const treeBefore = await get(h1, `one/git/trees/${"a".repeat(40)}?recursive=1`);
    expect(treeBefore.tree.map((t: { path: string }) => t.path)).toEqual(["app/models.py", "app/views.py"]);

    one.push("c".repeat(40), { ...HEAD_FILES, "app/urls.py": "urlpatterns = []\n" });
    expect(names(await get(h1, "one/pulls/5/files"))).toEqual(["app/urls.py", "app/views.py"]);
    expect(names(await get(h2, "two/pulls/5/files"))).toEqual(["app/views.py"]);
    const treeAfter = await get(h1, `one/git/trees/${"c".repeat(40)}?recursive=1`);
    expect(treeAfter.tree.map((t: { path: string }) => t.path)).toEqual(["app/models.py", "app/urls.py", "app/views.py"]);
    expect(treeAfter.tree.find((t: { path: string }) => t.path === "app/urls.py").sha).toBe(gitBlobSha("urlpatterns = []\n"));
  } finally {
    await one.stop();
    await two.stop();
  }
});

it("serves a commit's contents and listing the same every time, and a push's new head in place of the old one", async () => {
  const fake = new FakeGitHub({ pull: pullOf("three"), app: APP, installationId: 3 });
  const host = await fake.start();
  const raw = async (path: string) => {
    const res = await fetch(`http://${host}/api/v3/repos/org/three/${path}`, { headers: { authorization: "token ghs_fake" } });
    return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
  };
  try {
    const [head, base] = ["a".repeat(40), "b".repeat(40)];
    const first = await raw(`contents/app/views.py?ref=${head}`);
    expect(first.status).toBe(200);
    expect(first.type).toBe("application/json; charset=utf-8");
    expect(Buffer.from(JSON.parse(first.text).content, "base64").toString("utf8")).toBe(HEAD_FILES["app/views.py"]);
    expect(await raw(`contents/app/views.py?ref=${head}`)).toEqual(first);
    expect(Buffer.from(JSON.parse((await raw(`contents/app/views.py?ref=${base}`)).text).content, "base64").toString("utf8")).toBe(BASE_FILES["app/views.py"]);
    expect((await raw(`contents/app/missing.py?ref=${head}`)).status).toBe(404);
    const listing = await raw("pulls/5/files?per_page=100");
    expect(await raw("pulls/5/files?per_page=100")).toEqual(listing);

    fake.push("c".repeat(40), { ...HEAD_FILES, "app/views.py": "def a():\n    return 3\n" });
    expect((await raw(`contents/app/views.py?ref=${head}`)).status).toBe(404);
    const pushed = JSON.parse((await raw(`contents/app/views.py?ref=${"c".repeat(40)}`)).text);
    expect(Buffer.from(pushed.content, "base64").toString("utf8")).toBe("def a():\n    return 3\n");
    expect(pushed.sha).toBe(gitBlobSha("def a():\n    return 3\n"));
    expect(JSON.parse((await raw("pulls/5/files?per_page=100")).text)[0].patch).toContain("+    return 3");
    // A body that is not JSON is refused, as before.
    const bad = await fetch(`http://${host}/api/v3/repos/org/three/check-runs`, { method: "POST", headers: { authorization: "token ghs_fake" }, body: "{not json" });
    expect(bad.status).toBe(400);
  } finally {
    await fake.stop();
  }
});
