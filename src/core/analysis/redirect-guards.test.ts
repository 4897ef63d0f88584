import { checkedAsLocalUrl, redirectGuardFunctions } from "./redirect-guards.js";

describe("redirectGuardFunctions", () => {
  const guards = (text: string) => redirectGuardFunctions([{ path: "app/utils.py", text }]);

  it("finds functions and methods that check a parameter with Django's host check, resolve() or a '//' refusal", () => {
    const text =
      "from django.urls import resolve\nfrom django.utils.http import url_has_allowed_host_and_scheme\n\n" +
      "def is_local(request, url):\n    return url_has_allowed_host_and_scheme(url=url, allowed_hosts={request.get_host()})\n\n" +
      "def routes(path):\n    try:\n        resolve(path)\n    except Exception:\n        return False\n    return True\n\n" +
      "class Mixin:\n    def relative(self, target):\n        return target.startswith('/') and not target.startswith('//')\n";
    expect(guards(text)).toEqual(["is_local:1:url", "relative:0:target", "routes:0:path"]);
  });
  it("finds a helper that reads the parameter's netloc", () => {
    expect(guards("from urllib.parse import urlparse\n\ndef is_relative(url):\n    return not urlparse(url).netloc\n")).toEqual(["is_relative:0:url"]);
  });
  it("leaves out functions that check a value that is not their parameter, and HTTP handlers", () => {
    const text =
      "from django.utils.http import url_has_allowed_host_and_scheme\n\n" +
      "def next_url(request):\n    nxt = request.GET.get('next')\n    return nxt if url_has_allowed_host_and_scheme(nxt, None) else '/'\n\n" +
      "class V:\n    def get(self, request, url):\n        return url_has_allowed_host_and_scheme(url, None)\n";
    expect(guards(text)).toEqual([]);
  });
  it("does not take another module's resolve() for Django's", () => {
    expect(guards("from .dns import resolve\n\ndef lookup(host):\n    return resolve(host)\n")).toEqual([]);
  });
});

describe("checkedAsLocalUrl", () => {
  it("is true when the variable is the argument the check examines, by position or keyword", () => {
    expect(checkedAsLocalUrl("ok = url_has_allowed_host_and_scheme(nxt, allowed_hosts=None)", "nxt", [])).toBe(true);
    expect(checkedAsLocalUrl("if is_local(request, url=nxt):", "nxt", ["is_local:1:url"])).toBe(true);
    expect(checkedAsLocalUrl("if self.is_local(request, nxt):", "nxt", ["is_local:1:url"])).toBe(true);
  });
  it("is false when the variable is another argument, or only part of one", () => {
    expect(checkedAsLocalUrl("url = get_redirect_url(request, default=nxt)", "nxt", ["get_redirect_url:2:next"])).toBe(false);
    expect(checkedAsLocalUrl("if is_local(nxt, url):", "nxt", ["is_local:1:url"])).toBe(false);
    expect(checkedAsLocalUrl("ok = url_has_allowed_host_and_scheme(nxt + '/x', None)", "nxt", [])).toBe(false);
    expect(checkedAsLocalUrl("ok = other_check(nxt)", "nxt", ["is_local:0:url"])).toBe(false);
  });
});
