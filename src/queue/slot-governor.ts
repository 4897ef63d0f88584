import { performance } from "node:perf_hooks";

/**
 * How many reviews a worker runs at once, chosen from what the worker measures rather than fixed.
 *
 * A review spends most of its wall time waiting: for GitHub's answers and for its installation's writes to
 * be spaced a second apart. A fixed number of slots is therefore either too few (the slots are all taken by
 * waiting reviews while the CPU idles: the load scenario's single worker used 72 % of its core with 16 of
 * 16 slots busy) or too many for slower GitHub answers or larger pull requests. The governor adds slots
 * while every slot is in use and the event loop still has room, and gives them back when the loop is
 * saturated, so that the analysis, not the waiting, sets a worker's pace.
 */
export interface SlotLimits {
  min: number;
  max: number;
  /** Add slots only while the event loop was busy less than this share of the last interval. */
  growBelow: number;
  /** Remove slots when the event loop was busy more than this share of the last interval. */
  shrinkAbove: number;
}

/**
 * The band in which the governor holds: grow while the event loop was busy less than 90 % of the last second,
 * give back above 97 %. A higher band (95 % / 99 %) was measured too: one worker reviewed about 10 % more a minute,
 * but its loop was then too busy to send granted writes on time (two writes of one installation reached GitHub
 * 0–25 ms apart instead of the paced second) and the slowest installation waited 10–18.5 s for its first check run
 * instead of 8.7–12 s (idle machine, 120 installations × 4 pull requests). The pacing and the first check run matter more.
 */
export const DEFAULT_SLOT_LIMITS: SlotLimits = { min: 4, max: 64, growBelow: 0.9, shrinkAbove: 0.97 };

export interface SlotSample {
  /** Share of the last interval the event loop was busy (0..1). */
  utilization: number;
  /** Most jobs running at once during the last interval. */
  peakBusy: number;
}

/** The slot count for the next interval: a quarter more when full with room to spare, an eighth less when saturated. */
export function nextSlots(current: number, sample: SlotSample, limits: SlotLimits = DEFAULT_SLOT_LIMITS): number {
  const clamp = (n: number) => Math.max(limits.min, Math.min(limits.max, n));
  if (sample.utilization > limits.shrinkAbove) return clamp(current - Math.max(1, Math.floor(current / 8)));
  if (sample.utilization < limits.growBelow && sample.peakBusy >= current) return clamp(current + Math.max(1, Math.ceil(current / 4)));
  return clamp(current);
}

/** The last adjustment of this process's most recent governor: what it measured and the slots it chose (diagnostics, benchmarks). */
export interface GovernorReading extends SlotSample {
  slots: number;
}

let lastReading: GovernorReading | undefined;

/** The last reading of this process's governor, or undefined before its first tick. */
export function lastGovernorReading(): GovernorReading | undefined {
  return lastReading;
}

/** What the governor needs of a queue. */
export interface GovernedQueue {
  slots(): number;
  setSlots(n: number): void;
  /** Most jobs running at once since the last call (then starts over from the jobs running now). */
  takePeakBusy(): number;
}

export interface SlotGovernor {
  /** One adjustment, from the utilization measured since the previous one; returns the slots now. */
  tick(): number;
  stop(): void;
}

/**
 * Adjusts `queue`'s slots every `intervalMs` (0: only when `tick()` is called, as tests do). `utilization`
 * defaults to this process's event-loop utilization since the previous tick.
 */
export function governSlots(queue: GovernedQueue, options: { limits?: SlotLimits; intervalMs?: number; utilization?: () => number } = {}): SlotGovernor {
  const limits = options.limits ?? DEFAULT_SLOT_LIMITS;
  let last = performance.eventLoopUtilization();
  const utilization =
    options.utilization ??
    (() => {
      const now = performance.eventLoopUtilization();
      const used = performance.eventLoopUtilization(now, last).utilization;
      last = now;
      return used;
    });
  const tick = () => {
    const sample = { utilization: utilization(), peakBusy: queue.takePeakBusy() };
    const next = nextSlots(queue.slots(), sample, limits);
    if (next !== queue.slots()) queue.setSlots(next);
    lastReading = { ...sample, slots: next };
    return next;
  };
  const timer = options.intervalMs ? setInterval(tick, options.intervalMs) : undefined;
  timer?.unref();
  return { tick, stop: () => timer && clearInterval(timer) };
}
