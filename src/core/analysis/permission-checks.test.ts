import { permissionTestNames, refusesUnprivileged, requiresPrivilege } from "./permission-checks.js";

const helpers = new Set(["is_reviewer"]);

describe("requiresPrivilege", () => {
  it.each([
    ["user.has_perm('finaid.review')", true],
    ["request.user.has_perms(['a.b', 'a.c'])", true],
    ["u.is_active and u.is_staff", true],
    ["(u.is_superuser == True)", true],
    ["is_reviewer(request.user)", true],
    ["u.is_authenticated", false],
    ["obj.owner == user or user.has_perm('a.b')", false],
    ["not user.has_perm('a.b')", false],
    ["can_edit(user, obj)", false],
  ])("%s -> %s", (expr, expected) => {
    expect(requiresPrivilege(expr, helpers)).toBe(expected);
  });
  it("reads `or` inside a permission name as text", () => {
    expect(requiresPrivilege("user.has_perm('app.vendor or buyer')")).toBe(true);
  });
});

describe("refusesUnprivileged", () => {
  it.each([
    ["not request.user.has_perm('reviews.can_manage_%s' % slug)", true],
    ["not is_reviewer(request.user)", true],
    ["not (request.user.has_perm('a.b') and request.user.is_active)", true],
    ["request.method != 'POST' or not request.user.has_perm('a.b')", true],
    ["not request.user.has_perm('a.b') and obj.owner != request.user", false],
    ["request.user.has_perm('a.b')", false],
    ["not request.user.is_authenticated", false],
  ])("%s -> %s", (cond, expected) => {
    expect(refusesUnprivileged(cond, helpers)).toBe(expected);
  });
});

describe("permissionTestNames", () => {
  it("names functions whose every return is a privilege test", () => {
    const text = [
      "def is_reviewer(user):",
      "    \"\"\"Financial aid reviewers.\"\"\"",
      "    return user.has_perm('finaid.review_financial_aid')",
      "",
      "def is_chair(user):",
      "    if user.is_superuser:",
      "        return True",
      "    return user.has_perm('reviews.can_manage')",
      "",
      "def can_edit(user, page):",
      "    return page.owner == user or user.has_perm('pages.change_page')",
      "",
      "def staff_required(view):",
      "    def wrapper(request):",
      "        return view(request) if request.user.is_staff else None",
      "    return wrapper",
      "",
    ].join("\n");
    expect(permissionTestNames(text)).toEqual(["is_reviewer"]);
  });
  it("names nothing in a module without privilege tests", () => {
    expect(permissionTestNames("def f(user):\n    return user.is_authenticated\n")).toEqual([]);
  });
});
