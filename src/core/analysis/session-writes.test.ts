import { functionBody, sessionWriterFunctions, writesOnlyOwnSession } from "./session-writes.js";

describe("writes only to the caller's own session", () => {
  it("a session or cookie write with harmless calls; words in strings and comments are not calls", () => {
    expect(writesOnlyOwnSession('    # do not save() here\n    request.session["sort"] = request.POST.get("sort", "price(asc)")\n')).toBe(true);
    expect(writesOnlyOwnSession("    response = HttpResponse('ok')\n    response.set_cookie('lang', 'de')\n    return response\n")).toBe(true);
    expect(writesOnlyOwnSession("    self.request.session.pop('cart_hint', None)\n    self.request.session.update({'k': 1})\n")).toBe(true);
    expect(writesOnlyOwnSession("    remember(request, 'x')\n", new Set(["remember"]))).toBe(true);
  });

  it("a model or queryset write, an unknown project call, super(), or no session write at all is not", () => {
    expect(writesOnlyOwnSession('    request.session["sort"] = "price"\n    request.user.save()\n')).toBe(false);
    expect(writesOnlyOwnSession('    request.session["sort"] = "price"\n    Order.objects.filter(pk=1).delete()\n')).toBe(false);
    expect(writesOnlyOwnSession('    request.session["sort"] = "price"\n    record(request)\n')).toBe(false);
    expect(writesOnlyOwnSession("    return super().post(request)\n")).toBe(false);
    expect(writesOnlyOwnSession("    return Response({'ok': True})\n")).toBe(false);
    expect(writesOnlyOwnSession("    remember(request, 'x')\n")).toBe(false);
  });

  it("finds project helpers that only write the session; a same-named helper elsewhere that does more disqualifies the name", () => {
    const theme = 'def set_theme(request, theme: str) -> None:\n    """Store it."""\n    request.session["theme"] = theme\n\n\ndef load(request):\n    return request.session.get("theme")\n';
    expect(sessionWriterFunctions([{ path: "app/theme.py", text: theme }])).toEqual(["set_theme"]);
    expect(sessionWriterFunctions([{ path: "app/theme.py", text: theme }, { path: "b/x.py", text: "def set_theme(user, t):\n    user.theme = t\n    user.save()\n" }])).toEqual([]);
    expect(functionBody("def f(a=g()):\n    x = 1\n    return x\ny = 2\n", 0)).toBe("    x = 1\n    return x");
  });
});
