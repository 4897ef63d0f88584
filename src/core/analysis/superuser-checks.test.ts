import { refusesAllButSuperusers, requiresSuperuser, superuserDecoratorNames } from "./superuser-checks.js";

describe("requiresSuperuser", () => {
  it("holds for a superuser test, alone or with further requirements", () => {
    expect(requiresSuperuser("u.is_superuser")).toBe(true);
    expect(requiresSuperuser("user.is_active and user.is_superuser")).toBe(true);
    expect(requiresSuperuser("(u.is_superuser == True)")).toBe(true);
  });
  it("fails for staff tests, alternatives, negations and other calls", () => {
    expect(requiresSuperuser("u.is_staff")).toBe(false);
    expect(requiresSuperuser("u.is_staff or u.is_superuser")).toBe(false);
    expect(requiresSuperuser("u.is_superuser or u.groups.filter(name='x').exists()")).toBe(false);
    expect(requiresSuperuser("not u.is_superuser")).toBe(false);
    expect(requiresSuperuser("u.is_authenticated")).toBe(false);
  });
});

describe("refusesAllButSuperusers", () => {
  it("holds for a negated superuser test, or one operand of an `or` that is", () => {
    expect(refusesAllButSuperusers("not request.user.is_superuser")).toBe(true);
    expect(refusesAllButSuperusers("not (request.user.is_authenticated and request.user.is_superuser)")).toBe(true);
    expect(refusesAllButSuperusers("not request.user.is_active or not request.user.is_superuser")).toBe(true);
    expect(refusesAllButSuperusers("request.user.is_superuser is False")).toBe(true);
  });
  it("fails when staff also pass, or when the test only refuses some non-superusers", () => {
    expect(refusesAllButSuperusers("not request.user.is_staff")).toBe(false);
    expect(refusesAllButSuperusers("not (request.user.is_staff or request.user.is_superuser)")).toBe(false);
    expect(refusesAllButSuperusers("not request.user.is_superuser and not request.user.is_staff")).toBe(false);
    expect(refusesAllButSuperusers("request.user.is_superuser")).toBe(false);
  });
});

describe("superuserDecoratorNames", () => {
  it("finds a wrapper that refuses everyone but superusers, and a name bound to a superuser test", () => {
    const text =
      "from functools import wraps\nfrom django.core.exceptions import PermissionDenied\nfrom django.contrib.auth.decorators import user_passes_test\n\n" +
      "def superuser_required(view):\n    @wraps(view)\n    def inner(request, *args, **kwargs):\n        if not request.user.is_superuser:\n            raise PermissionDenied\n        return view(request, *args, **kwargs)\n    return inner\n\n" +
      "admin_only = user_passes_test(lambda u: u.is_active and u.is_superuser, login_url='/login/')\n";
    expect(superuserDecoratorNames(text)).toEqual(["admin_only", "superuser_required"]);
  });
  it("leaves out decorators that also let staff through, and functions that make no decorator", () => {
    const text =
      "def staff_or_superuser(view):\n    def inner(request, *args, **kwargs):\n        if not (request.user.is_staff or request.user.is_superuser):\n            raise PermissionDenied\n        return view(request, *args, **kwargs)\n    return inner\n\n" +
      "def is_root(user):\n    if not user.is_superuser:\n        return False\n    return True\n\n" +
      "either = user_passes_test(lambda u: u.is_staff or u.is_superuser)\n";
    expect(superuserDecoratorNames(text)).toEqual([]);
  });
});
