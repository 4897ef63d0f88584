import { pullRequestPayload, startWorld, statusOf, type World } from "../faults/harness.js";
import { BASE } from "../github/pr-world.js";

// The app over HTTP against the fake GitHub: a pull request that only adds a comment to a production
// settings module must not report a setting the module already missed as new (nor fail the check on
// it); the base version is read once per module and cached across pushes.

const PATH = "mysite/settings/production.py";
const SETTINGS = [
  "SECRET_KEY = __import__('os').environ['SECRET_KEY']",
  "DEBUG = False",
  "ALLOWED_HOSTS = ['shop.example.com']",
  "INSTALLED_APPS = ['django.contrib.auth', 'shop']",
  "ROOT_URLCONF = 'mysite.urls'",
  "",
].join("\n");
const HEAD_1 = "1".repeat(40);
const HEAD_2 = "2".repeat(40);

const checkText = (w: World) => {
  const run = w.github.checkRuns.at(-1)!;
  return `${run.output?.title}\n${run.output?.summary}\n${run.output?.text ?? ""}`;
};
const baseReads = (w: World) => w.github.requests.filter((r) => r.method === "GET" && decodeURIComponent(r.path).includes(`/contents/${PATH}?ref=${BASE}`)).length;

describe("file-level findings in a changed settings module", () => {
  let world: World | undefined;
  afterEach(async () => world?.close());

  it("a comment added to the module leaves a setting it already missed pre-existing, and reads the base once", async () => {
    world = await startWorld({
      pull: { headSha: HEAD_1, baseFiles: { [PATH]: SETTINGS }, headFiles: { [PATH]: `# Production settings.\n${SETTINGS}` } },
    });
    expect(await statusOf(world.deliver("pull_request", pullRequestPayload(world.pull)))).toBe(202);
    await world.settle(1);
    let text = checkText(world);
    const preExisting = text.slice(text.indexOf("Pre-existing findings"));
    expect(text).toContain("Pre-existing findings");
    expect(preExisting).toContain("`password-validators-missing`");
    expect(text.slice(0, text.indexOf("Pre-existing findings"))).not.toContain("Production settings have no `AUTH_PASSWORD_VALIDATORS`");
    expect(baseReads(world)).toBe(1);

    // A second push: the base version comes from the cache.
    Object.assign(world.pull, { headSha: HEAD_2, headFiles: { [PATH]: `# Production settings, v2.\n${SETTINGS}` } });
    expect(await statusOf(world.deliver("pull_request", pullRequestPayload(world.pull, "synchronize")))).toBe(202);
    await world.settle(2);
    text = checkText(world);
    expect(text.slice(text.indexOf("Pre-existing findings"))).toContain("`password-validators-missing`");
    expect(baseReads(world)).toBe(1);
  });
});
