import { runRule } from "../../../test/helpers/test-rule.js";
import debugEnabled from "../../../rules/production-settings/debug-enabled-in-settings.js";
import secretKeyHardcoded from "../../../rules/secrets/secret-key-hardcoded.js";
import { developmentOnlyEvidence } from "./deployed-settings.js";

const STARTPROJECT =
  '"""\nDjango settings for shop project.\n"""\n\n# Quick-start development settings - unsuitable for production\n' +
  'SECRET_KEY = "1znyfpwp*_#!r0#l248lht*6)_0b+504n"\nDEBUG = True\n';

const confidences = (rule: Parameters<typeof runRule>[0], code: string, path: string) => runRule(rule, code, path).findings.map((f) => `${f.ruleId}:${f.line}:${f.confidence}`);

describe("development-only settings evidence", () => {
  it("a settings module in a devproject/ or testproject/ folder is low confidence, saying why", () => {
    for (const path of ["devproject/settings.py", "testproject/settings.py", "src/test_project/settings.py", "dev/settings.py"]) {
      const result = runRule(secretKeyHardcoded, STARTPROJECT, path);
      expect(result.findings.map((f) => f.confidence)).toEqual(["low"]);
      expect(result.findings[0].message).toContain("production may never load it");
    }
    expect(confidences(debugEnabled, STARTPROJECT, "devproject/settings.py")).toEqual(["debug-enabled-in-settings:7:low"]);
  });

  it("a settings module named for development or CI, or whose docstring says so, is low confidence", () => {
    expect(confidences(debugEnabled, "DEBUG = True\n", "config/settings/docker_dev.py")).toEqual(["debug-enabled-in-settings:1:low"]);
    expect(confidences(debugEnabled, '"""Local development settings for shop."""\nDEBUG = True\n', "shop/settings.py")).toEqual(["debug-enabled-in-settings:2:low"]);
    expect(confidences(debugEnabled, '"""Settings for the test runner; never use in production."""\nDEBUG = True\n', "shop/settings.py")).toEqual(["debug-enabled-in-settings:2:low"]);
  });

  it("startproject's 'unsuitable for production' comment is no evidence: a real project's settings.py stays reported", () => {
    expect(confidences(secretKeyHardcoded, STARTPROJECT, "shop/settings.py")).toEqual(["secret-key-hardcoded:6:high"]);
    expect(confidences(debugEnabled, STARTPROJECT, "shop/settings.py")).toEqual(["debug-enabled-in-settings:7:high"]);
    // A production module beside development ones, and a project whose name merely contains "dev" or "test".
    expect(confidences(debugEnabled, "import os\nDEBUG = os.environ.get('Debug', False)\n", "config/settings/docker.py").map((s) => s.replace(/:\d+:/, ":"))).toEqual(["debug-enabled-in-settings:high"]);
    expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "abc-committed"\n', "devices/settings.py")).toEqual(["secret-key-hardcoded:1:high"]);
    expect(confidences(secretKeyHardcoded, 'SECRET_KEY = "abc-committed"\n', "contest/settings.py")).toEqual(["secret-key-hardcoded:1:high"]);
  });

  it("reads only folders, the module's name and its docstring", () => {
    expect(developmentOnlyEvidence("devproject/settings.py", undefined)).toContain("devproject/");
    expect(developmentOnlyEvidence("shop/settings/production.py", '"""Production settings: not for local development use."""')).toBeUndefined();
    expect(developmentOnlyEvidence("shop/settings.py", '"""Django settings for shop project."""')).toBeUndefined();
  });
});
