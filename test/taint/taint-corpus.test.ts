import { scoreCorpus } from "./taint-corpus.js";

describe("taint corpus", () => {
  const scores = scoreCorpus();

  it("reports nothing on `# ok:` lines", () => {
    expect(scores.flatMap((s) => s.falsePositives.map((l) => `${s.ruleId} ${l.path}:${l.line}`))).toEqual([]);
  });

  it("reports nothing on unmarked lines", () => {
    expect(scores.flatMap((s) => s.unmarked.map((l) => `${s.ruleId} ${l.path}:${l.line}`))).toEqual([]);
  });

  it("finds at least 90% of the `# expect:` lines", () => {
    const expected = scores.reduce((n, s) => n + s.expected, 0);
    const found = scores.reduce((n, s) => n + s.found, 0);
    expect(found / expected).toBeGreaterThanOrEqual(0.9);
  });

  it.each(scores.map((s) => [s.ruleId, s] as const))("%s has true positives to find", (_id, s) => {
    expect(s.expected).toBeGreaterThanOrEqual(2);
  });
});
