import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./password-validators-missing.js";

const PV = "django.contrib.auth.password_validation";
const all = (minLength = "12") =>
  `AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "${PV}.UserAttributeSimilarityValidator"},
    {"NAME": "${PV}.MinimumLengthValidator", "OPTIONS": {"min_length": ${minLength}}},
    {"NAME": "${PV}.CommonPasswordValidator"},
    {"NAME": "${PV}.NumericPasswordValidator"},
]
`;
const base = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "all four with min_length 12", code: all() },
    { name: "min_length 16", code: all("16") },
    { name: "in settings.py", code: all(), path: "mysite/settings.py" },
    { name: "gap inherited from base is reported in base, not again here", code: "from .base import *\nDEBUG = False\n", context: { [base]: 'DEBUG = True\nINSTALLED_APPS = ["django.contrib.auth"]\n' } },
    { name: "production inherits them from base", code: "from .base import *\nDEBUG = False\n", context: { [base]: all() } },
    { name: "unresolved star import silences missing", code: "from .common import *\nDEBUG = False\n" },
    { name: "development settings may drop validators", code: "AUTH_PASSWORD_VALIDATORS = []\n", path: "mysite/settings/dev.py" },
    { name: "empty only under if DEBUG", code: all() + "if DEBUG:\n    AUTH_PASSWORD_VALIDATORS = []\n" },
    { name: "built by a function", code: "AUTH_PASSWORD_VALIDATORS = build_validators()\n" },
    { name: "custom validator entries (unknown names) are not judged", code: `AUTH_PASSWORD_VALIDATORS = [{"NAME": NAME_FROM_CONFIG}, {"NAME": "${PV}.MinimumLengthValidator", "OPTIONS": {"min_length": 14}}]\n` },
    { name: "an app's own settings.py of constants", code: 'PAGE_SIZE = 20\nCACHE_PREFIX = "shop"\n', path: "shop/settings.py" },
    { name: "ordinary module", code: "AUTH_PASSWORD_VALIDATORS = []\n", path: "shop/views.py" },
  ],
  invalid: [
    { name: "empty list", code: "AUTH_PASSWORD_VALIDATORS = []\n", errors: [{ messageId: "empty", line: 1 }] },
    { name: "missing in a complete module", code: 'DEBUG = False\nROOT_URLCONF = "mysite.urls"\n', errors: [{ messageId: "missing", line: 1 }] },
    { name: "min_length 8", code: all("8"), errors: [{ messageId: "shortMinLength", line: 3, messageIncludes: "8 characters" }] },
    {
      name: "startproject defaults (no OPTIONS)",
      code: `AUTH_PASSWORD_VALIDATORS = [\n    {"NAME": "${PV}.UserAttributeSimilarityValidator"},\n    {"NAME": "${PV}.MinimumLengthValidator"},\n    {"NAME": "${PV}.CommonPasswordValidator"},\n    {"NAME": "${PV}.NumericPasswordValidator"},\n]\n`,
      path: "mysite/settings.py",
      errors: [{ messageId: "defaultMinLength", line: 3, messageIncludes: "default of 8" }],
    },
    {
      name: "only the length validator",
      code: `AUTH_PASSWORD_VALIDATORS = [{"NAME": "${PV}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}}]\n`,
      errors: [{ messageId: "lacking", line: 1, messageIncludes: "`CommonPasswordValidator`" }],
    },
    {
      name: "production overrides base with an empty list",
      code: "from .base import *\nAUTH_PASSWORD_VALIDATORS = []\n",
      context: { [base]: all() },
      errors: [{ messageId: "empty", line: 2 }],
    },
  ],
});

describe("password-validators-missing and a project's own validators", () => {
  const own = (names: string[]) => `AUTH_PASSWORD_VALIDATORS = [\n${names.map((n) => `    {"NAME": "${n}"},\n`).join("")}]\n`;
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.severity} ${f.message}`);
  it("counts project validators named for length and common passwords; the rest is low severity", () => {
    const got = found(own(["accounts.validators.MinLengthValidator", "accounts.validators.MyCommonPasswordValidator", "accounts.validators.SymbolValidator"]));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^low .*`UserAttributeSimilarityValidator`, `NumericPasswordValidator`/);
  });
  it("keeps the rule's severity when no validator checks common passwords", () => {
    const got = found(own(["accounts.validators.MinLengthValidator", "accounts.validators.UppercaseValidator"]));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(new RegExp(`^${rule.severity} .*\`CommonPasswordValidator\``));
  });
  it("keeps the rule's severity when the length check is missing", () => {
    const got = found(own([`${PV}.CommonPasswordValidator`, `${PV}.UserAttributeSimilarityValidator`, `${PV}.NumericPasswordValidator`]));
    expect(got).toEqual([`${rule.severity} \`AUTH_PASSWORD_VALIDATORS\` leaves out \`MinimumLengthValidator\`. Add it so weak passwords are rejected.`]);
  });
});
