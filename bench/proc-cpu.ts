/**
 * CPU time of processes, for benchmarks that run several: Linux's `/proc/<pid>/stat` (user + system
 * time, in clock ticks of 10 ms) for other processes, `process.cpuUsage()` for this one. CPU seconds do
 * not depend on what else the machine runs, so they show where a run's work goes even on a loaded
 * machine, where wall-clock rates do not.
 */
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far (its threads included); NaN when it cannot be read (not Linux, gone). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "pid (comm) ": state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** CPU seconds of named processes between `mark()` and `read()`. */
export class CpuMeter {
  private readonly start = new Map<string, number>();

  constructor(private readonly pids: Map<string, number | undefined>) {}

  mark(): void {
    for (const [name, pid] of this.pids) this.start.set(name, processCpuSeconds(pid));
  }

  /** CPU seconds used by each process since `mark()`. */
  read(): Map<string, number> {
    return new Map([...this.pids].map(([name, pid]) => [name, processCpuSeconds(pid) - (this.start.get(name) ?? NaN)]));
  }
}
