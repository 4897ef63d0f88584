import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { allRules } from "../../rules/index.js";
import { runCli } from "./run-cli.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const exampleDir = join(repoRoot, "examples", "vulnerable-shop");
const MARKER = /(?:#|\{#)\s*(expect|ok):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;
const MARKER_LINE = /^(#|\{#)\s*(expect|ok|todo-expect|todo-ok):/;

interface Marker {
  kind: "expect" | "ok";
  ruleId: string;
  /** `path:line` of the code the marker is about (the next line that is not a marker). */
  at: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

function readMarkers(): Marker[] {
  const out: Marker[] = [];
  for (const file of listFiles(exampleDir).filter((f) => /\.(py|html)$/.test(f))) {
    const path = relative(repoRoot, file).split("\\").join("/");
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      const m = MARKER.exec(line);
      if (!m) return;
      let target = i + 1;
      while (target < lines.length && (!lines[target].trim() || MARKER_LINE.test(lines[target].trim()))) target++;
      for (const ruleId of m[2].split(",").map((s) => s.trim())) out.push({ kind: m[1] as Marker["kind"], ruleId, at: `${path}:${target + 1}` });
    });
  }
  return out;
}

const markers = readMarkers();
const ruleIds = [...new Set([...markers.map((m) => m.ruleId), ...allRules.map((r) => r.id)])].sort();

describe("examples/vulnerable-shop", () => {
  let findings: { ruleId: string; path: string; line: number }[] = [];
  let errors: unknown[] = [];

  beforeAll(async () => {
    const r = await runCli(["scan", "examples/vulnerable-shop", "--format", "json", "--fail-on", "never"], { cwd: repoRoot, rules: "all" });
    if (r.code !== 0) throw new Error(`scan failed (${r.code}): ${r.stderr}`);
    ({ findings, errors } = JSON.parse(r.stdout));
  });

  it("has markers for most rules and marker ids that are real rule ids or planned ones", () => {
    expect(markers.filter((m) => m.kind === "expect").length).toBeGreaterThan(40);
    for (const m of markers) expect(m.ruleId).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("scans every file without errors", () => {
    expect(errors).toEqual([]);
  });

  it.each(ruleIds)("%s: findings match the expect markers exactly", (ruleId) => {
    const expected = markers.filter((m) => m.kind === "expect" && m.ruleId === ruleId).map((m) => m.at).sort();
    const got = [...new Set(findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.line}`))].sort();
    expect(got).toEqual(expected);
  });

  it("reports nothing on the lines marked ok", () => {
    const flagged = new Set(findings.map((f) => `${f.ruleId} ${f.path}:${f.line}`));
    const violations = markers.filter((m) => m.kind === "ok" && flagged.has(`${m.ruleId} ${m.at}`));
    expect(violations).toEqual([]);
  });
});
