/**
 * Milliseconds of CPU this process has used. Bounds on how long an input takes to handle are measured in CPU
 * time, not wall time: on a loaded machine other processes stretch the wall clock, never this process's own
 * CPU use, so the bound tells a quadratic scan from a linear one whatever else the machine is doing.
 */
export function cpuMillis(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
