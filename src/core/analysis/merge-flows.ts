import type { MarkedFinding } from "./types.js";

/**
 * One request value that reaches several sinks of one rule in one function is one problem with one fix
 * (check or clean the value where it is read), so it gets one finding, not one per sink. The finding
 * kept is the first sink inside the change (a pull request that adds only the third sink is told about
 * that line), or the first sink when none is; the others are listed in its message and in `alsoAt`, with
 * their fingerprints so an earlier comment on one of them is not taken for a fixed finding.
 *
 * Only data-flow findings whose trace starts at the value's read are merged, and only with others of the
 * same rule, message, severity and confidence from the same read: different sources, or a sink the
 * analysis judged differently, stay separate findings.
 */
export function mergeSameFlow(findings: readonly MarkedFinding[]): MarkedFinding[] {
  const groups = new Map<string, MarkedFinding[]>();
  for (const f of findings) {
    const key = flowKey(f);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const folded = new Set<MarkedFinding>();
  const merged = new Map<MarkedFinding, MarkedFinding>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const kept = group.find((f) => f.inChange) ?? group[0];
    const others = group.filter((f) => f !== kept).sort((a, b) => a.line - b.line);
    for (const f of others) folded.add(f);
    merged.set(kept, {
      ...kept,
      message: `${kept.message} The same value also reaches ${sinkList(others)}.`,
      alsoAt: others.map((f) => ({ line: f.line, fingerprint: f.fingerprint })),
    });
  }
  if (!folded.size) return [...findings];
  return findings.filter((f) => !folded.has(f)).map((f) => merged.get(f) ?? f);
}

/** The fingerprints a finding stands for: its own and those of the sinks merged into it. */
export function fingerprintsOf(f: Pick<MarkedFinding, "fingerprint" | "alsoAt">): string[] {
  return [f.fingerprint, ...(f.alsoAt ?? []).map((a) => a.fingerprint)];
}

/** The lines a finding stands for: its own start line and those of the sinks merged into it. */
export function linesOf(f: Pick<MarkedFinding, "line" | "alsoAt">): number[] {
  return [f.line, ...(f.alsoAt ?? []).map((a) => a.line)];
}

// The taint engine's traces start with the read of the request value (`<source> read`) and end at the sink (`reaches `x``).
function flowKey(f: MarkedFinding): string | undefined {
  const first = f.trace?.[0];
  const last = f.trace?.[f.trace.length - 1];
  if (f.fileLevel || !first || !last || first === last || !first.label.endsWith(" read") || !last.label.startsWith("reaches ")) return undefined;
  return [f.ruleId, f.messageId, f.path, f.severity, f.confidence, first.line, first.label].join("\u0000");
}

// "`open` on lines 124 and 140", or "`os.unlink` on line 122 and `open` on line 124" when the sinks differ.
function sinkList(others: MarkedFinding[]): string {
  const bySink = new Map<string, number[]>();
  for (const f of others) {
    const sink = f.trace![f.trace!.length - 1].label.replace(/^reaches /, "");
    bySink.set(sink, [...(bySink.get(sink) ?? []), f.line]);
  }
  return andList([...bySink].map(([sink, lines]) => `${sink} on ${lines.length === 1 ? "line" : "lines"} ${andList(lines.map(String))}`));
}

function andList(items: string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
