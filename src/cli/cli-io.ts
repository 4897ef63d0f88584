import { allRules } from "../../rules/index.js";
import type { Rule } from "../core/analysis/define-rule.js";

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI takes from the outside world, so tests can run it in-process. */
export interface CliIO {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Rules to run (default: every rule). */
  rules?: Rule[];
}

/** A failure that stops the run with exit code 2 and a message for the user. */
export class FatalError extends Error {
  override name = "FatalError";
}

/** The rules a run uses: the injected ones (tests) or every rule. */
export function rulesOf(io: CliIO): Rule[] {
  return io.rules ?? allRules;
}
