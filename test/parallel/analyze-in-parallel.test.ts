import { allRules } from "../../rules/index.js";
import { analyzeProject, type AnalysisResult, type AnalyzeInput } from "../../src/core/analysis/analyze-project.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";
import { analyzeInParallel, type ParallelOptions } from "../../src/parallel/analyze-in-parallel.js";
import { cliTestRules } from "../cli/run-cli.js";
import { mixedProject } from "./mixed-project.js";

// These run from the .ts sources, where no worker can run the analyzer itself: they cover the
// fallbacks and what happens when workers fail (fixtures/*.mjs). built-parallel.test.ts covers
// real workers on the built output.

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const files = mixedProject(40, 3);
const input: AnalyzeInput = { files, config: { ...DEFAULT_CONFIG }, rules: allRules };

async function run(input: AnalyzeInput, options: ParallelOptions) {
  const plans: { workers: number; chunks: number }[] = [];
  const failures: Error[] = [];
  const progress: string[] = [];
  const result = await analyzeInParallel(
    { ...input, onFile: (done, total) => progress.push(`${done}/${total}`) },
    { ...options, onPlan: (p) => plans.push(p), onWorkerFailure: (e) => failures.push(e) },
  );
  return { result, plans, failures, progress };
}

const everyFile = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}/${n}`);

let expected: AnalysisResult;
beforeAll(async () => {
  expected = await analyzeProject(input);
});

describe("analyzeInParallel falls back to in-process analysis", () => {
  const manyChunks = { maxFiles: 5, maxBytes: 1e9 };
  it.each<[string, AnalyzeInput, ParallelOptions]>([
    ["one job", input, { jobs: 1, minBytes: 0, budget: manyChunks, workerScript: fixture("crash-on-chunk.mjs") }],
    ["injected rules", { ...input, rules: cliTestRules }, { jobs: 2, minBytes: 0, budget: manyChunks, workerScript: fixture("crash-on-chunk.mjs") }],
    ["a copy of the rule list", { ...input, rules: [...allRules] }, { jobs: 2, minBytes: 0, budget: manyChunks, workerScript: fixture("crash-on-chunk.mjs") }],
    ["input below the size threshold", input, { jobs: 2, budget: manyChunks, workerScript: fixture("crash-on-chunk.mjs") }],
    ["missing worker script", input, { jobs: 2, minBytes: 0, budget: manyChunks, workerScript: new URL("./fixtures/no-such-worker.js", import.meta.url) }],
    ["default worker script missing (ts sources under jest)", input, { jobs: 2, minBytes: 0, budget: manyChunks }],
    ["a path given twice", { ...input, files: [...files, files[3]] }, { jobs: 2, minBytes: 0, budget: manyChunks, workerScript: fixture("crash-on-chunk.mjs") }],
    ["a single chunk", input, { jobs: 2, minBytes: 0, budget: { maxFiles: 1e6, maxBytes: 1e12 }, workerScript: fixture("crash-on-chunk.mjs") }],
  ])("%s", async (_name, caseInput, options) => {
    const r = await run(caseInput, options);
    expect(r.plans).toEqual([{ workers: 0, chunks: 0 }]);
    expect(r.failures).toEqual([]);
    expect(r.result).toEqual(await analyzeProject(caseInput));
    expect(r.progress).toEqual(everyFile(caseInput.files.length));
  });
});

describe("analyzeInParallel when workers fail", () => {
  it.each([
    ["crash on the first chunk", "crash-on-chunk.mjs", /simulated worker crash/],
    ["exit before ready", "exit-at-start.mjs", /exit code 3/],
    ["a message outside the protocol", "odd-message.mjs", /unexpected message \(surprise\)/],
    ["a chunk reported as failed after one file", "fails-chunk.mjs", /TypeError: simulated failure/],
    ["a clean exit in the middle of a chunk", "silent-exit.mjs", /exit code 0/],
  ])("%s: redoes the work in-process, counts each file once, and says so", async (_name, script, message) => {
    const r = await run(input, { jobs: 2, minBytes: 0, budget: { maxFiles: 5, maxBytes: 1e9 }, workerScript: fixture(script) });
    expect(r.plans).toEqual([{ workers: 2, chunks: expect.any(Number) }]);
    expect(r.plans[0].chunks).toBeGreaterThan(5);
    expect(r.failures).toHaveLength(2);
    for (const f of r.failures) expect(f.message).toMatch(message);
    expect(JSON.stringify(r.result)).toBe(JSON.stringify(expected));
    expect(r.progress).toEqual(everyFile(files.length));
  });

  it("rejects, without hanging, when the analysis itself throws", async () => {
    const failing = { ...input, config: { ...input.config, maxFileSize: Symbol("not a number") as unknown as number } };
    await expect(analyzeProject(failing)).rejects.toThrow();
    await expect(run(failing, { jobs: 2, minBytes: 0, budget: { maxFiles: 5, maxBytes: 1e9 }, workerScript: fixture("crash-on-chunk.mjs") })).rejects.toThrow(TypeError);
  });
});
