import { decodeSource } from "./decode-source.js";

const enc = (s: string) => new TextEncoder().encode(s);

describe("decodeSource", () => {
  it.each([
    ["plain UTF-8", enc("x = 'é'\n"), { ok: true, text: "x = 'é'\n" }],
    ["BOM is dropped", new Uint8Array([0xef, 0xbb, 0xbf, ...enc("x=1")]), { ok: true, text: "x=1" }],
    ["empty file", new Uint8Array(), { ok: true, text: "" }],
  ])("%s", (_name, bytes, expected) => {
    expect(decodeSource(bytes, 100)).toEqual(expected);
  });

  it.each([
    ["binary", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), "binary"],
    ["Latin-1", new Uint8Array([0x78, 0x3d, 0xe9, 0x0a]), "not-utf8"],
    ["too large", enc("x".repeat(101)), "too-large"],
  ])("%s is refused", (_name, bytes, reason) => {
    const result = decodeSource(bytes, 100);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toBe(reason);
  });
});
