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

describe("test code is not analysed by default", () => {
  const classify = classifyPaths(DEFAULT_CONFIG);
  it.each([
    ["misago/users/test.py", undefined],
    ["shop/testutils.py", undefined],
    ["shop/testcases.py", undefined],
    ["shop/testutils/factories.py", undefined],
    ["shop/test_utils/client.py", undefined],
    ["shop/tests/test_views.py", undefined],
    ["conftest.py", undefined],
    ["features/steps/exp_sharing.py", undefined],
    ["features/environment.py", undefined],
    // Product modules whose names only contain "test".
    ["shop/testimonials.py", "python"],
    ["shop/latest.py", "python"],
    ["exams/test_results/views.py", "python"],
    ["shop/contest.py", "python"],
    ["shop/features/views.py", "python"],
  ])("%s is %s", (path, language) => {
    expect(classify.language(path)).toBe(language);
  });
});

describe("classifiers built once per set of globs", () => {
  it("gives each config the tests of its own globs, also after another config's", () => {
    const excluding = { ...DEFAULT_CONFIG, exclude: [...DEFAULT_CONFIG.exclude, "legacy/**"] };
    expect(classifyPaths(DEFAULT_CONFIG).language("legacy/views.py")).toBe("python");
    expect(classifyPaths(excluding).language("legacy/views.py")).toBeUndefined();
    expect(classifyPaths({ ...DEFAULT_CONFIG }).language("legacy/views.py")).toBe("python");
    expect(classifyPaths({ ...excluding })).toBe(classifyPaths(excluding));
  });
});
