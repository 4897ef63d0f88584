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

/** CPU seconds a process's main thread (the thread whose id is the process id) has used so far; NaN when unreadable. */
export function mainThreadCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** CPU seconds of named processes between `mark()` and `read()`. */
export class CpuMeter {
  private readonly start = new Map<string, number>();
  private readonly startMain = new Map<string, number>();

  constructor(private readonly pids: Map<string, number | undefined>) {}

  mark(): void {
    for (const [name, pid] of this.pids) {
      this.start.set(name, processCpuSeconds(pid));
      this.startMain.set(name, mainThreadCpuSeconds(pid));
    }
  }

  /** CPU seconds used by each process's main thread since `mark()` (the rest is its helper threads: V8's GC and compiler, libuv). */
  readMain(): Map<string, number> {
    return new Map([...this.pids].map(([name, pid]) => [name, mainThreadCpuSeconds(pid) - (this.startMain.get(name) ?? NaN)]));
  }

  /** CPU seconds used by each process since `mark()`. */
  read(): Map<string, number> {
    return new Map([...this.pids].map(([name, pid]) => [name, processCpuSeconds(pid) - (this.start.get(name) ?? NaN)]));
  }
}
