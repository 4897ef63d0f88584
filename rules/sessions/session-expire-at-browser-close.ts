import { defineRule } from "../../src/core/analysis/define-rule.js";
import { productionAssignments } from "../../src/core/analysis/settings-values.js";

const ONE_DAY = 24 * 3600;
const DJANGO_DEFAULT_AGE = 14 * ONE_DAY;

export default defineRule({
  id: "session-expire-at-browser-close",
  severity: "low",
  confidence: "medium",
  cwe: 613,
  owasp: "A07:2021",
  guideSection: "sessions",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/http/sessions/#browser-length-sessions-vs-persistent-sessions",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Reports `SESSION_EXPIRE_AT_BROWSER_CLOSE = False` in settings that reach production: sessions then outlive the " +
      "browser and last for `SESSION_COOKIE_AGE` (two weeks when it is not set). Informational.",
    why:
      "A persistent session cookie stays valid after the browser is closed. On a shared or lost computer the next " +
      "person is still logged in until the cookie expires. The guide calls this setting \"better UX, but less secure\".",
    example: "SESSION_EXPIRE_AT_BROWSER_CLOSE = False\n",
    good: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\nSESSION_COOKIE_AGE = 3600 * 8\n",
    fix:
      "For sensitive sites set `SESSION_EXPIRE_AT_BROWSER_CLOSE = True`, and in any case bound sessions on the server " +
      "with a short `SESSION_COOKIE_AGE` (for example `3600 * 8`), running `clearsessions` regularly.",
    note:
      "Low and informational: persistent sessions are a product decision, and Django's default. Only an explicit " +
      "`False` is reported, not the default. `True` is not reported, although browsers that restore the last " +
      "session keep browser-length cookies across restarts, so `SESSION_COOKIE_AGE` remains the real bound on the server.",
  },
  messages: {
    persistent:
      "Sessions outlive the browser and stay valid for {{age}}{{unset}}. On shared computers the next person is still logged in: consider `SESSION_EXPIRE_AT_BROWSER_CLOSE = True` and a shorter `SESSION_COOKIE_AGE`.",
  },
  checkSettings({ settings, report }) {
    const own = productionAssignments(settings, "SESSION_EXPIRE_AT_BROWSER_CLOSE").filter((a) => a.value.kind === "bool" && !a.value.value);
    if (!own.length) return;
    const ageSetting = settings.get("SESSION_COOKIE_AGE");
    let age: number | undefined;
    if (!ageSetting) age = settings.complete ? DJANGO_DEFAULT_AGE : undefined;
    else if (ageSetting.value.kind === "int") age = ageSetting.value.value;
    const text = age === undefined ? "as long as `SESSION_COOKIE_AGE` allows" : age % ONE_DAY === 0 ? `${age / ONE_DAY} days` : `${Math.round(age / 3600)} hours`;
    for (const a of own) report(a.node, "persistent", { age: text, unset: ageSetting ? "" : " (`SESSION_COOKIE_AGE` is not set: Django's two weeks)" });
  },
});
