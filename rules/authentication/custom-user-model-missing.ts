import { defineRule } from "../../src/core/analysis/define-rule.js";
import { settingStrings } from "../../src/core/analysis/settings-values.js";

const AUTH_APPS = new Set(["django.contrib.auth", "django.contrib.auth.apps.AuthConfig"]);

/** True for paths the default config treats as base settings modules (which this rule checks themselves). */
function looksLikeBaseSettings(p: string): boolean {
  const file = p.slice(p.lastIndexOf("/") + 1);
  if (/^(prod|dev|local|test|ci|live|deploy|staging)/.test(file)) return false;
  return /(^|\/)settings\//.test(p) || /^settings(_\w+)?\.py$/.test(file) || /_settings\.py$/.test(file);
}

export default defineRule({
  id: "custom-user-model-missing",
  severity: "low",
  confidence: "low",
  cwe: 1188,
  owasp: "A04:2021",
  guideSection: "authentication",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/customizing/#using-a-custom-user-model-when-starting-a-project",
  language: "settings",
  settingsKinds: ["base"],
  examplePath: "mysite/settings.py",
  docs: {
    what: "Finds base settings that install `django.contrib.auth` without setting `AUTH_USER_MODEL`.",
    why:
      "Security features often need changes to the user model later: e-mail login, MFA state, account lockout, " +
      "verified flags. Swapping in a custom user model after the first migration is a difficult manual migration, " +
      "so those fixes get postponed.",
    example: 'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "django.contrib.contenttypes",\n]\n',
    good: "INSTALLED_APPS = [\n    \"django.contrib.auth\",\n    \"django.contrib.contenttypes\",\n    \"users\",\n]\nAUTH_USER_MODEL = \"users.User\"\n",
    fix:
      "When starting a project, create `class User(AbstractUser): pass` in an app (e.g. `users`) and set " +
      '`AUTH_USER_MODEL = "users.User"` before the first `migrate`.',
    note:
      "Django's documentation recommends a custom user model for every new project. For an existing project with " +
      "migrated data this is a planning note, not an urgent fix.",
  },
  messages: {
    noCustomUser:
      "`django.contrib.auth` is installed but `AUTH_USER_MODEL` is not set. Django recommends a custom user model when starting a project; switching later is hard.",
  },
  checkSettings({ settings, path, reportFile }) {
    if (!settings.complete || settings.has("AUTH_USER_MODEL")) return;
    const apps = settingStrings(settings, "INSTALLED_APPS");
    const auth = apps?.items.find((i) => AUTH_APPS.has(i.value));
    if (!auth) return;
    // Reported once, in the base settings module that lists the auth app, not again in each module star-importing it.
    if (auth.path !== undefined && auth.path !== path && looksLikeBaseSettings(auth.path)) return;
    reportFile("noCustomUser", {}, auth.path === path ? auth.node : undefined);
  },
});
