/**
 * Simulated time for limiter tests: `sleep` parks a caller until the clock reaches its wake time, and
 * `settle` advances the clock only when every caller still running is parked, so the outcome does not
 * depend on how fast the machine (or Redis) answers.
 */
export class FakeClock {
  now: number;
  private readonly timers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  constructor(start = 1_000_000) {
    this.now = start;
  }

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, wake });
    });

  /** Runs `tasks` to completion, advancing the clock whenever all unfinished tasks are asleep. */
  async settle<T>(tasks: Promise<T>[]): Promise<T[]> {
    let pending = tasks.length;
    const results = tasks.map((t) =>
      t.then(
        (value) => {
          pending--;
          return { ok: true as const, value };
        },
        (error: unknown) => {
          pending--;
          return { ok: false as const, error };
        },
      ),
    );
    while (pending > 0) {
      if (this.timers.length >= pending) {
        this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = this.timers.shift()!;
        this.now = Math.max(this.now, next.at);
        next.wake();
      }
      await new Promise((r) => setImmediate(r));
    }
    const settled = await Promise.all(results);
    const failed = settled.find((s) => !s.ok);
    if (failed && !failed.ok) throw failed.error;
    return settled.map((s) => (s.ok ? s.value : (undefined as T)));
  }
}

/** The most timestamps in any window of `windowMs`. */
export function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
