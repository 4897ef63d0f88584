import { readFileSync, writeFileSync } from "node:fs";
import type { Finding } from "../core/analysis/types.js";
import { FatalError } from "./cli-io.js";

/** The baseline file: findings known when it was written, by fingerprint (paths and lines are for people). */
interface BaselineFile {
  tool: "django-sec";
  version: 1;
  toolVersion: string;
  findings: { fingerprint: string; ruleId: string; path: string; line: number }[];
}

/** Writes every finding's fingerprint to `path`; returns how many. */
export function writeBaseline(path: string, findings: readonly Finding[], toolVersion: string): number {
  const file: BaselineFile = {
    tool: "django-sec",
    version: 1,
    toolVersion,
    findings: findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, line: f.line })),
  };
  try {
    writeFileSync(path, JSON.stringify(file, null, 2) + "\n");
  } catch (error) {
    throw new FatalError(`cannot write the baseline: ${(error as { code?: string }).code ?? "write failed"}`);
  }
  return file.findings.length;
}

/** The fingerprints a baseline file lists. A missing or malformed file stops the run (exit code 2). */
export function readBaseline(path: string, name: string): Set<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FatalError(`cannot read the baseline ${name}: ${code === "ENOENT" ? "no such file (create it with --write-baseline)" : code ?? "not valid JSON"}`);
  }
  const findings = (parsed as { findings?: unknown } | null)?.findings;
  if ((parsed as { tool?: unknown } | null)?.tool !== "django-sec" || !Array.isArray(findings)) {
    throw new FatalError(`the baseline ${name} is not a django-sec baseline (write one with --write-baseline)`);
  }
  const out = new Set<string>();
  for (const f of findings) {
    const fp = (f as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fp === "string") out.add(fp);
  }
  return out;
}
