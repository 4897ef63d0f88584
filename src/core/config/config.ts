import type { Confidence, Severity } from "../analysis/types.js";

export type RuleSetting = "off" | "on" | Severity;
export type FailOn = Severity | "never";

export interface Config {
  /** Per-rule switch or severity override, by rule id. */
  rules: Record<string, RuleSetting>;
  /** Globs of files to analyse; empty means every file the analyzer understands. */
  include: string[];
  exclude: string[];
  /** Globs of settings modules. */
  settings: string[];
  /** Globs of settings modules deployed to production (a subset of `settings`). */
  productionSettings: string[];
  /** Globs of settings modules that never reach production (local, dev, test). */
  developmentSettings: string[];
  failOn: FailOn;
  maxInlineComments: number;
  reviewEvent: "COMMENT" | "REQUEST_CHANGES";
  /** Files larger than this many bytes are skipped and listed. */
  maxFileSize: number;
  /** Data-flow (taint) rules on or off. */
  taint: boolean;
  /**
   * The app comments inline only on findings at or above this confidence; lower ones are listed in the
   * check run ("worth a look") and never fail it. The CLI gates its exit code on the same level.
   */
  commentConfidence: Confidence;
  /** Honour other tools' suppressions of the same hazard (`# nosec B308`, `# noqa: S308`, `# nosemgrep`). */
  honorForeignSuppressions: boolean;
}

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  rules: {},
  include: [],
  exclude: [
    "**/node_modules/**",
    "**/.venv/**",
    "**/venv/**",
    "**/site-packages/**",
    "**/migrations/**",
    "**/tests/**",
    "**/test/**",
    "**/test_*.py",
    "**/*_test.py",
    "**/tests.py",
    "**/conftest.py",
    // Test-support modules beside product code: `test.py` (a `TestCase` base), `testutils.py`, `testcases.py`.
    "**/test.py",
    "**/testutils.py",
    "**/testcases.py",
    "**/testutils/**",
    "**/test_utils/**",
    // behave's acceptance tests: step definitions and their hooks (`features/steps/*.py`, `features/environment.py`).
    "**/features/steps/**",
    "**/features/environment.py",
  ],
  settings: ["**/settings.py", "**/settings/**/*.py", "**/settings_*.py", "**/*_settings.py", "**/config/django/*.py"],
  productionSettings: [
    "**/settings/prod*.py",
    "**/settings/production/**/*.py",
    "**/settings/live.py",
    "**/settings_live.py",
    "**/config/django/prod*.py",
    "**/settings/deploy*.py",
    "**/settings_prod*.py",
    "**/prod*_settings.py",
  ],
  developmentSettings: [
    "**/settings/dev*.py",
    "**/settings/local*.py",
    "**/settings/test*.py",
    "**/settings/unittest*.py",
    "**/settings/*_test.py",
    "**/settings/*_tests.py",
    "**/settings/ci.py",
    "**/config/django/local*.py",
    "**/config/django/dev*.py",
    "**/config/django/test*.py",
    "**/settings_dev*.py",
    "**/settings_local*.py",
    "**/settings_test*.py",
    "**/*dev*_settings.py",
    "**/local_settings.py",
    "**/test_settings.py",
  ],
  failOn: "high",
  maxInlineComments: 25,
  reviewEvent: "COMMENT",
  maxFileSize: 1_000_000,
  taint: true,
  commentConfidence: "medium",
  honorForeignSuppressions: true,
}) as Config;
