import { classifyPaths } from "./classify-path.js";
import { DEFAULT_CONFIG } from "./config.js";

describe("settings kinds by path", () => {
  const classify = classifyPaths(DEFAULT_CONFIG);
  it.each([
    ["config/django/production.py", "production"],
    ["config/django/prod.py", "production"],
    ["config/django/base.py", "base"],
    ["config/django/local.py", "development"],
    ["config/django/test.py", "development"],
    ["proj/settings/unittests.py", "development"],
    ["proj/settings/integration_tests.py", "development"],
    ["proj/settings/latest.py", "base"],
    ["project/settings_live.py", "production"],
    ["mysite/settings/prod.py", "production"],
    ["mysite/settings.py", "base"],
    ["config/django.py", "none"],
    ["shop/django/production.py", "none"],
    ["app/live.py", "none"],
  ])("%s is %s", (path, kind) => {
    expect(classify.settingsKind(path)).toBe(kind);
  });
});
