import { DeclaredSize, FakeGitHub } from "../../src/demo/fake-github.js";
import { defaultPull } from "./harness.js";

// The fault suite's 50 MB file is declared by size: the fake must answer for it as GitHub does for a
// huge file (size, no content, no patch) without work that grows with the size.

describe("a file the fake GitHub knows by its size only", () => {
  it("is listed without a patch and served without content, with its size, in the contents API and trees", async () => {
    const huge = new DeclaredSize(50 * 1024 * 1024);
    const pull = defaultPull({ headBytes: { "shop/huge.py": huge } });
    const github = new FakeGitHub({ app: { id: 1, slug: "x" }, installationId: 1, pull });
    const host = await github.start();
    try {
      const get = async (path: string, init?: RequestInit) => (await fetch(`http://${host}/api/v3/repos/acme/shop${path}`, { headers: { authorization: "token t" }, ...init })).json();
      const files = (await get("/pulls/12/files?per_page=100")) as { filename: string; patch?: string; sha: string }[];
      const listed = files.find((f) => f.filename === "shop/huge.py")!;
      expect(listed.patch).toBeUndefined();
      const contents = await get(`/contents/shop%2Fhuge.py?ref=${pull.headSha}`);
      expect(contents).toMatchObject({ type: "file", size: 50 * 1024 * 1024, encoding: "none", content: "", sha: listed.sha });
      const tree = (await get(`/git/trees/${pull.headSha}?recursive=1`)) as { tree: { path: string; size: number }[] };
      expect(tree.tree.find((t) => t.path === "shop/huge.py")?.size).toBe(50 * 1024 * 1024);
    } finally {
      await github.stop();
    }
    expect(() => new DeclaredSize(1000)).toThrow(RangeError);
  });
});
