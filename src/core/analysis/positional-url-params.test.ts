import { regexLiteral, unnamedGroups } from "./positional-url-params.js";

describe("unnamedGroups", () => {
  it("lists capturing groups in the order they open, nested ones after their parent", () => {
    expect(unnamedGroups("^a/(\\d+)/((\\w+)/)?$")).toEqual(["\\d+", "(\\w+)/", "\\w+"]);
  });
  it("skips non-capturing groups, lookarounds, escaped and bracketed parentheses", () => {
    expect(unnamedGroups("^(?:x|y)/(?=a)\\(([()a-z]+)\\)$")).toEqual(["[()a-z]+"]);
  });
  it("is undefined when a named group is present or the regex is unbalanced", () => {
    expect(unnamedGroups("^(?P<year>\\d+)/(\\w+)$")).toBeUndefined();
    expect(unnamedGroups("^(\\w+$")).toBeUndefined();
    expect(unnamedGroups("^[(\\w+$")).toBeUndefined();
  });
});

describe("regexLiteral", () => {
  it("keeps raw literals and the backslashes Python leaves alone in plain ones", () => {
    expect(regexLiteral("r", "'^(\\w+)$'")).toBe("^(\\w+)$");
    expect(regexLiteral("", "'^(\\w+)$'")).toBe("^(\\w+)$");
    expect(regexLiteral("", "'^(\\\\d+)$'")).toBe("^(\\d+)$");
  });
  it("is undefined for escapes whose value differs and for formatted literals", () => {
    expect(regexLiteral("", "'^\\b(x)$'")).toBeUndefined();
    expect(regexLiteral("f", "'^{p}(x)$'")).toBeUndefined();
  });
});
