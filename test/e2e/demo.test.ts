import { runDemo } from "../../src/demo/demo.js";
import { testOctokit } from "../github/helpers/app-harness.js";

describe("npm run demo", () => {
  it("reviews the bundled pull request, does not repeat itself on redelivery, and resolves a fixed finding", async () => {
    let text = "";
    await runDemo({ write: (chunk: string) => (text += chunk) }, { logLevel: "fatal", Octokit: testOctokit() });
    expect(text).toContain("──── Review (COMMENT) on 8a7b6c5");
    expect(text).toContain("Inline comment: shop/views.py line 27");
    // The webhook never acts for a signed-in user, so CSRF is only worth a look: listed, not commented.
    expect(text).not.toContain("Inline comment: shop/views.py line 33");
    expect(text).toContain("shop/views.py:33 [notice] csrf-exempt-view (medium, low confidence: worth a look): `payment_webhook` accepts cross-site POSTs.");
    expect(text).toMatch(/<!-- django-sec:fp=[0-9a-f]{24} -->/);
    expect(text).toMatch(/Check run "django-sec": completed, conclusion failure/);
    expect(text).toContain("Sending the same event again");
    expect(text).toMatch(/Sending the same event again[\s\S]*New inline comments: 0\./);
    expect(text).toMatch(/Threads resolved as fixed: 1\. New inline comments: 0\./);
    // production.py had no LOGGING on the base branch either: that finding predates the pull request.
    const firstCheck = text.slice(text.indexOf('Check run "django-sec"'), text.indexOf("Sending the same event again"));
    expect(firstCheck).toContain("# 4 high, 1 medium in this change; 2 worth a look");
    expect(firstCheck.slice(firstCheck.indexOf("### Pre-existing findings in touched files"))).toContain("`security-logging-missing`");
  });
});
