import { fetchProjectSettings } from "../../src/github/settings-context.js";

describe("fetchProjectSettings deployment files", () => {
  it("reads web server configurations after the files that name the settings module, within the same cap", async () => {
    const tree = [
      ...Array.from({ length: 25 }, (_, i) => ({ path: `deploy/nginx/site${i}.conf`, type: "blob", sha: `n${i}` })),
      { path: "Dockerfile", type: "blob", sha: "d" },
      { path: "mysite/wsgi.py", type: "blob", sha: "w" },
      { path: "docs/nginx.md", type: "blob", sha: "m" },
    ];
    const octokit = { rest: { git: { getTree: async () => ({ data: { tree } }) } } };
    const read = async (path: string) => `# ${path}`;
    const files = await fetchProjectSettings(octokit as never, { owner: "o", repo: "r" } as never, "c0ffee", () => false, new Set(), read);
    const paths = files.map((f) => f.path);
    expect(paths.slice(0, 2)).toEqual(["Dockerfile", "mysite/wsgi.py"]);
    expect(paths).toHaveLength(20);
    expect(paths.slice(2).every((p) => p.startsWith("deploy/nginx/"))).toBe(true);
    expect(paths).not.toContain("docs/nginx.md");
  });

  it("reads the root setup.py with the files that name the settings module, and nested ones after web server configurations", async () => {
    const tree = [
      ...Array.from({ length: 25 }, (_, i) => ({ path: `packages/p${i}/setup.py`, type: "blob", sha: `s${i}` })),
      { path: "deploy/nginx/site.conf", type: "blob", sha: "n" },
      { path: "manage.py", type: "blob", sha: "m" },
      { path: "pyproject.toml", type: "blob", sha: "p" },
      { path: "setup.py", type: "blob", sha: "r" },
    ];
    const octokit = { rest: { git: { getTree: async () => ({ data: { tree } }) } } };
    const files = await fetchProjectSettings(octokit as never, { owner: "o", repo: "r" } as never, "c0ffee", () => false, new Set(), async (path: string) => `# ${path}`);
    const paths = files.map((f) => f.path);
    expect(paths.slice(0, 4)).toEqual(["manage.py", "pyproject.toml", "setup.py", "deploy/nginx/site.conf"]);
    expect(paths).toHaveLength(20);
    expect(paths.slice(4).every((p) => p.startsWith("packages/") && p.endsWith("/setup.py"))).toBe(true);
  });
});
