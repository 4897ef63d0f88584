import { checkedAsPublicUrl, ssrfGuardFunctions } from "./ssrf-guards.js";

describe("ssrfGuardFunctions", () => {
  const guards = (text: string) => ssrfGuardFunctions([{ path: "app/net.py", text }]);

  it("finds a function that refuses internal addresses of its parameter, and a method that calls such a check of its module", () => {
    const text =
      "import ipaddress\n\ndef ensure_public(url):\n    ip = ipaddress.ip_address(resolve(url))\n    if ip.is_private or ip.is_loopback:\n        raise ValueError(url)\n\n" +
      "class V:\n    def _reject(self, ips):\n        for ip in ips:\n            if not ip.is_global:\n                return False\n        return True\n\n" +
      "    def _validate(self, url):\n        return self._reject(lookup(url))\n";
    expect(guards(text)).toEqual(["_reject:0:ips", "_validate:0:url", "ensure_public:0:url"]);
  });
  it("leaves out functions that only read the properties, that check no parameter, and HTTP handlers", () => {
    const text =
      "def describe(ip):\n    return {'private': ip.is_private}\n\n" +
      "def check_settings():\n    if ipaddress.ip_address(HOST).is_private:\n        raise ValueError(HOST)\n\n" +
      "class V:\n    def get(self, request, url):\n        if ipaddress.ip_address(url).is_private:\n            raise ValueError(url)\n";
    expect(guards(text)).toEqual([]);
  });
});

describe("checkedAsPublicUrl", () => {
  it("is true when the variable is the argument the guard checks, false otherwise or without guards", () => {
    expect(checkedAsPublicUrl("    self._validate(url)\n", "url", ["_validate:0:url"])).toBe(true);
    expect(checkedAsPublicUrl("    self._validate(other)\n", "url", ["_validate:0:url"])).toBe(false);
    expect(checkedAsPublicUrl("    self._validate(url)\n", "url", [])).toBe(false);
  });
});

describe("ssrfGuardFunctions in a module that never works with IP addresses", () => {
  it("does not take a model's `is_private` flag for an address check", () => {
    const text = "from django.core.exceptions import PermissionDenied\n\ndef ensure_visible(doc):\n    if doc.is_private:\n        raise PermissionDenied(doc)\n";
    expect(ssrfGuardFunctions([{ path: "app/access.py", text }])).toEqual([]);
  });
});
