/**
 * Loaded into a load-scenario worker with `node --import` (bench only): once a second it appends one JSON
 * line to BENCH_PROBE_FILE with what the process did in that second: CPU milliseconds (all its threads),
 * CPU milliseconds spent in the analysis (run-review.ts's analysisCpu), event-loop utilization (busy share of wall time: a loop busy while the process got less CPU was waiting
 * for a core), main-thread GC pause milliseconds by kind, the heap, and the slot governor's last reading.
 * It tells a worker with nothing to do (low loop utilization) from one starved of CPU, and shows GC cost.
 */
import { appendFileSync } from "node:fs";
import { constants, performance, PerformanceObserver } from "node:perf_hooks";
import { lastGovernorReading } from "../src/queue/slot-governor.js";
import { analysisCpu } from "../src/github/run-review.js";

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const gc = { minor: 0, major: 0, incremental: 0, weak: 0, minorCount: 0, majorCount: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        gc.minor += entry.duration;
        gc.minorCount++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major += entry.duration;
        gc.majorCount++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.incremental += entry.duration;
      else gc.weak += entry.duration;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  let lastCpu = process.cpuUsage();
  let lastElu = performance.eventLoopUtilization();
  let lastGc = { ...gc };
  let lastAnalysis = analysisCpu.micros;
  const timer = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const delta = Object.fromEntries(Object.entries(gc).map(([k, v]) => [k, Math.round((v - lastGc[k as keyof typeof gc]) * 10) / 10]));
    lastGc = { ...gc };
    const g = lastGovernorReading();
    const mem = process.memoryUsage();
    const analysisMs = Math.round((analysisCpu.micros - lastAnalysis) / 1000);
    lastAnalysis = analysisCpu.micros;
    const line = { t: Date.now(), cpuMs: Math.round((cpu.user + cpu.system) / 1000), elu: Math.round(elu.utilization * 1000) / 1000, gc: delta, heapMb: Math.round(mem.heapUsed / 1048576), analysisMs, slots: g?.slots, peakBusy: g?.peakBusy };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // The benchmark has removed its directory: it no longer reads this process.
    }
  }, 1000);
  timer.unref();
}
