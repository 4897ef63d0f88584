import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import csrfExemptView from "../../rules/csrf/csrf-exempt-view.js";
import suppressionWithoutReason from "../../rules/meta/suppression-without-reason.js";
import { defineRule, type Rule } from "../../src/core/analysis/define-rule.js";
import { main } from "../../src/cli/main.js";

/** A high-severity rule for exit-code tests: any call to the builtin `eval`. */
export const evalRule = defineRule({
  id: "test-eval-call",
  severity: "high",
  confidence: "high",
  cwe: 95,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/security/",
  docs: { what: "Finds eval() calls in tests.", why: "eval runs code.", example: "eval(x)\n", fix: "Do not call eval." },
  messages: { evalCall: "`eval` runs arbitrary code." },
  query: `(call function: (identifier) @fn (#eq? @fn "eval")) @call`,
  check({ node, report }) {
    report(node("call"), "evalCall");
  },
});

/** A settings rule that shows whether star-imported modules were found: silent only when SECRET_KEY is known. */
export const secretKeyKnownRule = defineRule({
  id: "test-secret-key-known",
  severity: "low",
  confidence: "high",
  cwe: 321,
  owasp: "A05:2021",
  guideSection: "secrets",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
  language: "settings",
  settingsKinds: ["production"],
  docs: { what: "Test rule for context files.", why: "Tests need it.", example: "DEBUG = False\n", fix: "Nothing to fix." },
  messages: { incomplete: "A star import could not be resolved.", missing: "SECRET_KEY is not set." },
  checkSettings({ settings, reportFile }) {
    if (!settings.complete) reportFile("incomplete");
    else if (!settings.has("SECRET_KEY")) reportFile("missing");
  },
});

export const cliTestRules: Rule[] = [csrfExemptView, suppressionWithoutReason, evalRule, secretKeyKnownRule];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  rules?: Rule[] | "all";
}

/** Runs the CLI in-process with captured output. */
export async function runCli(argv: string[], options: RunOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv,
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (s: string) => (stdout += s), isTTY: options.stdoutTTY ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.stderrTTY ?? false },
    rules: options.rules === "all" ? undefined : (options.rules ?? cliTestRules),
  });
  return { code, stdout, stderr };
}

/** Writes files (text or bytes) under a new temp directory and returns it. */
export function tempProject(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "django-sec-cli-"));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: GIT_ENV, encoding: "utf8" });
}
