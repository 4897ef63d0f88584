#!/usr/bin/env node
// Entry point of the django-sec GitHub Action (action.yml). Runs `django-sec diff` against the pull
// request's base (or `django-sec scan` on any other event), writes SARIF for code scanning, prints
// workflow annotations, a job summary and step outputs, and exits 1 when a finding reaches fail-on.
//
// Environment: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY (set by Actions); INPUT_CONFIG, INPUT_FAIL_ON, INPUT_PATHS, INPUT_SARIF_FILE
// (set by action.yml); DJANGO_SEC_BIN, the CLI's bin script (action.yml installs it).
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const PR_EVENTS = new Set(["pull_request", "pull_request_target"]);
const FAIL_ON = new Set(["high", "medium", "low", "never"]);
const LEVEL = { high: "error", medium: "warning", low: "notice" };
const RANK = { high: 3, medium: 2, low: 1 };
// Actions shows at most 10 error and 10 warning annotations per step (and 50 per job); the rest go
// to the job summary and the SARIF.
const ANNOTATIONS_PER_LEVEL = 10;
const SUMMARY_ROWS = 200;

/** What to run for this event: `diff` against the pull request's base commit, else `scan`. */
export function planRun(eventName, event) {
  const base = event?.pull_request?.base?.sha;
  if (PR_EVENTS.has(eventName) && typeof base === "string" && /^[0-9a-f]{40}$/.test(base)) return { command: "diff", base };
  return { command: "scan" };
}

/** Inputs as the CLI takes them; throws with a message a workflow author understands. */
export function readInputs(env) {
  const failOn = (env.INPUT_FAIL_ON ?? "").trim();
  if (failOn && !FAIL_ON.has(failOn)) throw new Error(`input fail-on must be one of high, medium, low, never; got "${failOn}"`);
  const paths = (env.INPUT_PATHS ?? "").split(/[\n ]+/).map((p) => p.trim()).filter(Boolean);
  for (const p of paths) if (p.startsWith("-")) throw new Error(`input paths: "${p}" is not a path`);
  return { config: (env.INPUT_CONFIG ?? "").trim() || undefined, failOn: failOn || undefined, paths, sarifFile: (env.INPUT_SARIF_FILE ?? "").trim() || "django-sec.sarif" };
}

/** The CLI's arguments for one report format. */
export function cliArgs(plan, inputs, format, output) {
  const args = [plan.command];
  if (plan.base) args.push("--base", plan.base);
  args.push("--format", format, "--output", output);
  if (inputs.config) args.push("--config", inputs.config);
  if (inputs.failOn) args.push("--fail-on", inputs.failOn);
  return [...args, "--", ...inputs.paths];
}

// Workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * One `::error`/`::warning`/`::notice` line per finding, at most ANNOTATIONS_PER_LEVEL of each level.
 * Low-confidence findings stay out of the diff, as the app keeps them out of its inline review; the
 * summary lists them.
 */
export function annotations(findings) {
  const shown = { error: 0, warning: 0, notice: 0 };
  const lines = [];
  for (const f of sortFindings(findings)) {
    if (f.confidence === "low") continue;
    const level = LEVEL[f.severity] ?? "warning";
    if (shown[level] >= ANNOTATIONS_PER_LEVEL) continue;
    shown[level]++;
    const props = [`file=${escapeProperty(f.path)}`, `line=${f.line}`, `endLine=${Math.max(f.line, f.endLine ?? f.line)}`, `col=${f.column ?? 1}`, `title=${escapeProperty(`django-sec ${f.ruleId} (${f.severity})`)}`];
    lines.push(`::${level} ${props.join(",")}::${escapeData(f.message)}`);
  }
  return { lines, shown: lines.length };
}

const cell = (s) => String(s).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The job summary: counts, then a markdown table of findings (severity first). */
export function summaryMarkdown({ plan, findings, errors, exitCode, failOn, annotated }) {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const what = plan.command === "diff" ? `lines changed since \`${plan.base.slice(0, 12)}\`` : "the repository";
  const out = [`## django-sec`, ""];
  if (!findings.length) out.push(`No findings in ${what}.`);
  else out.push(`${findings.length} finding${findings.length === 1 ? "" : "s"} in ${what}: ${counts.high} high, ${counts.medium} medium, ${counts.low} low.`);
  out.push("", exitCode === 1 ? `**Failed**: at least one finding is at or above \`fail-on\` (${failOn ?? "the config's, default high"}).` : `Passed (\`fail-on\`: ${failOn ?? "the config's, default high"}).`);
  if (findings.length) {
    out.push("", "| Severity | Confidence | Rule | Location | Message |", "|---|---|---|---|---|");
    for (const f of sortFindings(findings).slice(0, SUMMARY_ROWS)) out.push(`| ${f.severity} | ${f.confidence ?? ""} | \`${cell(f.ruleId)}\` | \`${cell(f.path)}:${f.line}\` | ${cell(f.message)} |`);
    if (findings.length > SUMMARY_ROWS) out.push("", `…and ${findings.length - SUMMARY_ROWS} more; the SARIF file lists them all.`);
    if (annotated < findings.length) out.push("", `${annotated} of ${findings.length} findings are annotations on this run (low-confidence findings are listed here only, and Actions shows at most ${ANNOTATIONS_PER_LEVEL} annotations per level in a step).`);
  }
  if (errors.length) {
    out.push("", `Skipped ${errors.length} file${errors.length === 1 ? "" : "s"}: ${errors.slice(0, 20).map((e) => `\`${cell(e.path)}\` (${cell(e.reason)})`).join(", ")}${errors.length > 20 ? ", …" : ""}.`);
  }
  return out.join("\n") + "\n";
}

function sortFindings(findings) {
  return [...findings].sort((a, b) => (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}

/** Appends `name=value` lines to the GITHUB_OUTPUT file (values are single-line here). */
function setOutputs(env, outputs) {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(""));
}

/** Runs the action; returns the process exit code. */
export function run(env, write = (s) => process.stdout.write(s)) {
  const fail = (message) => {
    write(`::error title=django-sec::${escapeData(message)}\n`);
    return 2;
  };
  let inputs;
  try {
    inputs = readInputs(env);
  } catch (error) {
    return fail(error.message);
  }
  if (!env.DJANGO_SEC_BIN) return fail("DJANGO_SEC_BIN is not set: action.yml installs the CLI and sets it");
  let event = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
    } catch (error) {
      return fail(`cannot read the event payload ${env.GITHUB_EVENT_PATH}: ${error.message}`);
    }
  }
  const cwd = env.GITHUB_WORKSPACE || process.cwd();
  const plan = planRun(env.GITHUB_EVENT_NAME, event);
  if (plan.command === "diff") {
    const present = spawnSync("git", ["cat-file", "-e", `${plan.base}^{commit}`], { cwd, encoding: "utf8" });
    if (present.status !== 0) {
      // A shallow checkout lacks the base: fetch it and enough history to find the merge base.
      spawnSync("git", ["fetch", "--no-tags", "--quiet", "origin", plan.base], { cwd, encoding: "utf8" });
      if (spawnSync("git", ["rev-parse", "--is-shallow-repository"], { cwd, encoding: "utf8" }).stdout.trim() === "true") {
        spawnSync("git", ["fetch", "--no-tags", "--quiet", "--unshallow", "origin"], { cwd, encoding: "utf8" });
      }
    }
  }
  const sarifPath = isAbsolute(inputs.sarifFile) ? inputs.sarifFile : resolve(cwd, inputs.sarifFile);
  const jsonPath = resolve(env.RUNNER_TEMP || cwd, `django-sec-${process.pid}.json`);
  const cli = (format, output) => {
    const r = spawnSync(process.execPath, [env.DJANGO_SEC_BIN, ...cliArgs(plan, inputs, format, output)], { cwd, encoding: "utf8", env: { ...env, NO_COLOR: "1" }, maxBuffer: 1 << 28 });
    if (r.stderr) process.stderr.write(r.stderr);
    return r;
  };
  write(`django-sec: ${plan.command === "diff" ? `diff against the pull request's base ${plan.base}` : "scan"}${inputs.paths.length ? ` of ${inputs.paths.join(" ")}` : ""}\n`);
  const json = cli("json", jsonPath);
  if (json.status !== 0 && json.status !== 1) return fail(`django-sec exited with ${json.status ?? json.signal}: ${(json.stderr || "").trim().split("\n").pop()}`);
  const sarif = cli("sarif", sarifPath);
  if (sarif.status !== json.status) return fail(`django-sec --format sarif exited with ${sarif.status ?? sarif.signal}: ${(sarif.stderr || "").trim().split("\n").pop()}`);
  const report = JSON.parse(readFileSync(jsonPath, "utf8"));
  rmSync(jsonPath, { force: true });
  const findings = report.findings ?? [];
  const errors = report.errors ?? [];
  const notes = annotations(findings);
  for (const line of notes.lines) write(line + "\n");
  const summary = summaryMarkdown({ plan, findings, errors, exitCode: json.status, failOn: inputs.failOn, annotated: notes.shown });
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
  const count = (s) => findings.filter((f) => f.severity === s).length;
  setOutputs(env, { findings: findings.length, high: count("high"), medium: count("medium"), low: count("low"), "sarif-file": sarifPath, mode: plan.command, failed: json.status === 1 });
  write(`django-sec: ${findings.length} finding${findings.length === 1 ? "" : "s"}; SARIF in ${inputs.sarifFile}\n`);
  if (json.status === 1) write(`::error title=django-sec::findings at or above fail-on (${inputs.failOn ?? "the config's, default high"}); see the job summary\n`);
  return json.status;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = run(process.env);
}
