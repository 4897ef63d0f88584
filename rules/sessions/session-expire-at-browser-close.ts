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
      "Finds `SESSION_EXPIRE_AT_BROWSER_CLOSE = True` relied on to end sessions while `SESSION_COOKIE_AGE` still lets " +
      "them live longer than a day (two weeks when it is not set).",
    why:
      "The setting only makes the cookie a browser-session cookie. Browsers that restore the last session keep such " +
      "cookies across restarts, and the server accepts the session until `SESSION_COOKIE_AGE` runs out. On a shared " +
      "computer the next person can still be logged in.",
    example: "SESSION_EXPIRE_AT_BROWSER_CLOSE = True\n",
    fix:
      "Keep the setting if you like, but bound sessions on the server: set `SESSION_COOKIE_AGE` to the longest session " +
      "you accept (for example `3600 * 8`), and run `clearsessions` regularly.",
    note:
      "Informational. `SESSION_EXPIRE_AT_BROWSER_CLOSE = False` (Django's default, used by the guide) is not reported: " +
      "then `SESSION_COOKIE_AGE` is the documented lifetime and session-cookie-age-too-long checks it.",
  },
  messages: {
    unbounded:
      "Browsers that restore sessions keep this cookie, and the server accepts it for {{age}} (`SESSION_COOKIE_AGE`). Set a shorter `SESSION_COOKIE_AGE` to really bound sessions.",
  },
  checkSettings({ settings, report }) {
    const own = productionAssignments(settings, "SESSION_EXPIRE_AT_BROWSER_CLOSE").filter((a) => a.value.kind === "bool" && a.value.value);
    if (!own.length) return;
    const ageSetting = settings.get("SESSION_COOKIE_AGE");
    let age: number | undefined;
    if (!ageSetting) age = settings.complete ? DJANGO_DEFAULT_AGE : undefined;
    else if (ageSetting.value.kind === "int") age = ageSetting.value.value;
    if (age === undefined || age <= ONE_DAY) return;
    const text = age % ONE_DAY === 0 ? `${age / ONE_DAY} days` : `${Math.round(age / 3600)} hours`;
    for (const a of own) report(a.node, "unbounded", { age: text });
  },
});
