import { BlobCache } from "./blob-cache.js";

describe("BlobCache", () => {
  it("returns a text by repository and blob SHA, and nothing without a SHA", () => {
    const cache = new BlobCache(1000);
    cache.set("acme/shop", "abc", "x = 1\n");
    expect(cache.get("acme/shop", "abc")).toBe("x = 1\n");
    expect(cache.get("acme/other", "abc")).toBeUndefined();
    expect(cache.get("acme/shop", null)).toBeUndefined();
    cache.set("acme/shop", undefined, "y");
    expect(cache.size).toBe(1);
  });

  it("drops the least recently used texts when full, and never holds one text over a quarter of it", () => {
    const cache = new BlobCache(100); // 50 UTF-16 code units
    for (const sha of ["a", "b", "c", "d"]) cache.set("r", sha, sha.repeat(12));
    expect(cache.get("r", "a")).toBeDefined(); // a is now the most recent
    cache.set("r", "e", "e".repeat(12));
    expect(["a", "b", "c", "d", "e"].map((sha) => Boolean(cache.get("r", sha)))).toEqual([true, false, true, true, true]);
    cache.set("r", "big", "z".repeat(13));
    expect(cache.get("r", "big")).toBeUndefined();
  });
});
