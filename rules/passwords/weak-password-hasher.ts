import { defineRule } from "../../src/core/analysis/define-rule.js";
import { isTestOnly, stringItems } from "../../src/core/analysis/settings-values.js";

const HASHERS = "django.contrib.auth.hashers.";
/** Fast or broken hashers: a stolen hash table is cracked at billions of guesses per second. */
const WEAK = new Set(["MD5PasswordHasher", "SHA1PasswordHasher", "UnsaltedMD5PasswordHasher", "UnsaltedSHA1PasswordHasher", "CryptPasswordHasher"]);
const STRONG = new Set(["Argon2PasswordHasher", "PBKDF2PasswordHasher", "BCryptSHA256PasswordHasher", "ScryptPasswordHasher"]);
/** Acceptable for checking old hashes, but not the best choice for new ones. */
const WEAKER = new Set(["PBKDF2SHA1PasswordHasher", "BCryptPasswordHasher"]);

export default defineRule({
  id: "weak-password-hasher",
  severity: "high",
  confidence: "high",
  cwe: [916, 328],
  owasp: "A02:2021",
  guideSection: "passwords",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/passwords/#how-django-stores-passwords",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds `PASSWORD_HASHERS` that hash new passwords with MD5, SHA1, unsalted or crypt hashers, or list such a hasher " +
      "at all, and a first entry that is not one of Argon2, PBKDF2 (SHA256), BCryptSHA256 or Scrypt.",
    why:
      "Django hashes new and changed passwords with the first hasher. If the user table leaks, fast hashes such as MD5 or " +
      "SHA1 let attackers try billions of guesses per second and recover most passwords.",
    example: 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n',
    summary: "Finds PASSWORD_HASHERS that use MD5, SHA1, unsalted or crypt hashers, or a weak first hasher.",
    good: "PASSWORD_HASHERS = [\n    \"django.contrib.auth.hashers.Argon2PasswordHasher\",\n    \"django.contrib.auth.hashers.PBKDF2PasswordHasher\",\n]\n",
    fix:
      "Put `Argon2PasswordHasher` (needs `argon2-cffi`) or `PBKDF2PasswordHasher` first. Keep older hashers after it only " +
      "while old hashes remain; Django upgrades each hash when its user next logs in.",
    note:
      "Hashers after the first only verify existing hashes, so a weak one there is reported with lower severity. " +
      "`SHA1PasswordHasher`, `UnsaltedSHA1PasswordHasher` and `UnsaltedMD5PasswordHasher` were removed in Django 5.1 and " +
      "`CryptPasswordHasher` in Django 5.0. Test settings often use `MD5PasswordHasher` for speed on purpose; " +
      "development settings and `if \"test\" in sys.argv:` branches are not checked.",
  },
  messages: {
    weakFirst: "New passwords are hashed with `{{hasher}}`, which is fast to crack. Put `Argon2PasswordHasher` or `PBKDF2PasswordHasher` first.",
    weakerFirst:
      "New passwords are hashed with `{{hasher}}`. Put `Argon2PasswordHasher`, `PBKDF2PasswordHasher`, `BCryptSHA256PasswordHasher` or `ScryptPasswordHasher` first.",
    weakLegacy:
      "`{{hasher}}` can still verify old password hashes. Remove it once no stored hash uses it (Django upgrades hashes at login).",
  },
  checkSettings({ settings, report }) {
    for (const a of settings.own("PASSWORD_HASHERS")) {
      if (a.debugOnly || isTestOnly(a.node) || a.op === "mutation") continue;
      const list = stringItems(a.value);
      if (!list) continue;
      list.items.forEach((item, i) => {
        const cls = item.value.startsWith(HASHERS) ? item.value.slice(HASHERS.length) : undefined;
        if (!cls) return;
        const first = i === 0 && a.op === "=";
        if (first && WEAK.has(cls)) report(item.node, "weakFirst", { hasher: cls });
        else if (first && WEAKER.has(cls)) report(item.node, "weakerFirst", { hasher: cls }, { severity: "medium" });
        else if (!first && WEAK.has(cls)) report(item.node, "weakLegacy", { hasher: cls }, { severity: "low" });
      });
    }
  },
});
