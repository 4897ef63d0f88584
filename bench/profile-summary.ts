/**
 * Where a V8 CPU profile's time went, by package: `node dist/bench/profile-summary.js DIR [--per N]` reads
 * every `.cpuprofile` in DIR (as `load-scenario.js --cpu-prof DIR` writes them) and prints, for each, the
 * self time of its samples grouped by npm package (node_modules/<name>), this app's own code (src/, rules/),
 * Node's internals, and V8's own entries (garbage collector, program, idle). `--per N` divides by N (the
 * pull requests of the run) to give milliseconds per review. Only the main thread is sampled: V8's helper
 * threads (concurrent marking, parallel scavenges' helpers, background compilation) are not in it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The group a call frame's time counts under. */
export function groupOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node internals";
  if (/\/dist\/(src|rules)\//.test(url)) return `app ${/\/dist\/(src\/[^/]+|rules)/.exec(url)![1]}`;
  if (/\/dist\/bench\//.test(url)) return "bench probe";
  return "other";
}

/** Milliseconds of self time per group. */
export function summarize(profile: Profile): Map<string, number> {
  const groups = new Map(profile.nodes.map((n) => [n.id, groupOf(n.callFrame)]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const g = groups.get(id) ?? "other";
    out.set(g, (out.get(g) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

if (process.argv[1]?.endsWith("profile-summary.js")) {
  const dir = process.argv[2];
  const perIndex = process.argv.indexOf("--per");
  const per = perIndex > 0 ? Number(process.argv[perIndex + 1]) : 1;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort()) {
    const sums = summarize(JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile);
    const busy = [...sums].filter(([g]) => g !== "(idle)").reduce((n, [, ms]) => n + ms, 0);
    console.log(`\n${file}: ${(busy / per).toFixed(1)} ms busy${per !== 1 ? " per review" : ""}`);
    for (const [g, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`  ${g.padEnd(34)} ${(ms / per).toFixed(1).padStart(8)}`);
  }
}
