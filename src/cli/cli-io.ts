import { allRules } from "../../rules/index.js";
import { isDocsBase, withDocsBase, type Rule } from "../core/analysis/define-rule.js";

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

/** Environment variable naming where rule documentation links point (default: django-sec's docs/rules.md). */
export const RULE_DOCS_BASE_ENV = "DJANGO_SEC_RULE_DOCS_BASE";

/** The rules a run uses: the injected ones (tests) or every rule, linking to `DJANGO_SEC_RULE_DOCS_BASE` when set. */
export function rulesOf(io: CliIO): Rule[] {
  const base = io.env[RULE_DOCS_BASE_ENV];
  if (base !== undefined && base !== "" && !isDocsBase(base)) throw new FatalError(`${RULE_DOCS_BASE_ENV} must be an http(s) URL such as https://ghe.example.com/org/django-sec/blob/main/docs/rules.md#`);
  return withDocsBase(io.rules ?? allRules, base);
}

/** The rules to analyse with: docs links play no part, so the unchanged list (worker threads load only that one). */
export function analysisRules(io: CliIO): Rule[] {
  return io.rules ?? allRules;
}
