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
