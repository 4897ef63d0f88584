import { classifyPaths } from "../../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../../src/core/config/config.js";

// A worker keeps one classifier per set of globs for all its reviews, so what it remembers per path is bounded and
// its answers stay right after it starts over.
describe("classifyPaths", () => {
  it("hands out one classifier per set of globs and a different one for other globs", () => {
    const a = classifyPaths({ ...DEFAULT_CONFIG });
    expect(classifyPaths({ ...DEFAULT_CONFIG })).toBe(a);
    const other = classifyPaths({ ...DEFAULT_CONFIG, exclude: [...DEFAULT_CONFIG.exclude, "legacy/**"] });
    expect(other).not.toBe(a);
    expect(a.language("legacy/views.py")).toBe("python");
    expect(other.language("legacy/views.py")).toBeUndefined();
  });

  it("answers the same for a path before and after it has seen more paths than it keeps", () => {
    const c = classifyPaths({ ...DEFAULT_CONFIG, exclude: ["vendor/**"] });
    const before = [c.language("shop/settings.py"), c.settingsKind("shop/settings.py"), c.isSettingsModule("shop/settings.py"), c.language("vendor/x.py")];
    for (let i = 0; i < 60_000; i++) {
      c.language(`app${i}/views.py`);
      c.settingsKind(`app${i}/views.py`);
    }
    expect([c.language("shop/settings.py"), c.settingsKind("shop/settings.py"), c.isSettingsModule("shop/settings.py"), c.language("vendor/x.py")]).toEqual(before);
    expect(before).toEqual(["python", "base", true, undefined]);
    expect(c.settingsKind("app59999/views.py")).toBe("none");
  });
});
