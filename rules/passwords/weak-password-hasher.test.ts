import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./weak-password-hasher.js";

const H = "django.contrib.auth.hashers";
const guide = `PASSWORD_HASHERS = [\n    "${H}.Argon2PasswordHasher",\n    "${H}.PBKDF2PasswordHasher",\n    "${H}.PBKDF2SHA1PasswordHasher",\n    "${H}.BCryptSHA256PasswordHasher",\n]\n`;

testRule(rule, {
  valid: [
    { name: "the guide's list", code: guide },
    { name: "scrypt first", code: `PASSWORD_HASHERS = ["${H}.ScryptPasswordHasher", "${H}.PBKDF2PasswordHasher"]\n` },
    { name: "custom hasher first is not judged", code: `PASSWORD_HASHERS = ["accounts.hashers.StrongerPBKDF2", "${H}.PBKDF2PasswordHasher"]\n` },
    { name: "MD5 in test settings", code: `PASSWORD_HASHERS = ["${H}.MD5PasswordHasher"]\n`, path: "mysite/settings/test.py" },
    { name: "MD5 in a test-run branch", code: `import sys\nif "test" in sys.argv:\n    PASSWORD_HASHERS = ["${H}.MD5PasswordHasher"]\n`, path: "mysite/settings.py" },
    { name: "MD5 under if DEBUG", code: `if DEBUG:\n    PASSWORD_HASHERS = ["${H}.MD5PasswordHasher"]\n` },
    { name: "not set (Django's default is PBKDF2)", code: "DEBUG = False\n" },
    { name: "production inherits MD5 from base (reported in base)", code: "from .base import *\n", context: { "mysite/settings/base.py": `PASSWORD_HASHERS = ["${H}.MD5PasswordHasher"]\n` } },
    { name: "look-alike string elsewhere", code: `LEGACY_NOTE = "${H}.MD5PasswordHasher"\n` },
  ],
  invalid: [
    { name: "MD5 only", code: `PASSWORD_HASHERS = ["${H}.MD5PasswordHasher"]\n`, errors: [{ messageId: "weakFirst", line: 1, messageIncludes: "MD5PasswordHasher" }] },
    { name: "unsalted SHA1 first in settings.py", code: `PASSWORD_HASHERS = (\n    "${H}.UnsaltedSHA1PasswordHasher",\n    "${H}.PBKDF2PasswordHasher",\n)\n`, path: "mysite/settings.py", errors: [{ messageId: "weakFirst", line: 2 }] },
    { name: "PBKDF2SHA1 first", code: `PASSWORD_HASHERS = ["${H}.PBKDF2SHA1PasswordHasher", "${H}.PBKDF2PasswordHasher"]\n`, errors: [{ messageId: "weakerFirst", line: 1 }] },
    { name: "crypt kept after a strong one", code: `PASSWORD_HASHERS = [\n    "${H}.Argon2PasswordHasher",\n    "${H}.CryptPasswordHasher",\n]\n`, errors: [{ messageId: "weakLegacy", line: 3 }] },
    { name: "MD5 appended with +=", code: `from .base import *\nPASSWORD_HASHERS += ["${H}.MD5PasswordHasher"]\n`, context: { "mysite/settings/base.py": guide }, errors: [{ messageId: "weakLegacy", line: 2 }] },
  ],
});

describe("weak-password-hasher severity", () => {
  it.each([
    [`PASSWORD_HASHERS = ["${H}.MD5PasswordHasher"]\n`, "high"],
    [`PASSWORD_HASHERS = ["${H}.BCryptPasswordHasher"]\n`, "medium"],
    [`PASSWORD_HASHERS = ["${H}.PBKDF2PasswordHasher", "${H}.SHA1PasswordHasher"]\n`, "low"],
  ])("%s -> %s", (code, severity) => {
    expect(runRule(rule, code).findings.map((f) => f.severity)).toEqual([severity]);
  });
});
