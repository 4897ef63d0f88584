import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { PyValue } from "../../src/core/analysis/py-value.js";
import { dictEntry, isProjectSettings, ownWinner } from "../../src/core/analysis/settings-values.js";

const BUILT_IN = ["UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"];
const GUIDE_MIN_LENGTH = 12;
/** What a project's own validator class checks, read from its name, by the built-in it stands in for. */
const EQUIVALENT: Record<string, RegExp> = {
  UserAttributeSimilarityValidator: /Similar|Attribute/i,
  MinimumLengthValidator: /Length/i,
  CommonPasswordValidator: /Common|Breach|Pwned|Blocklist|Blacklist/i,
  NumericPasswordValidator: /Numeric/i,
};
/** The checks NIST SP 800-63B asks for (length, a blocklist of common passwords); the other two add less. */
const ESSENTIAL = new Set(["MinimumLengthValidator", "CommonPasswordValidator"]);

/** The class name a validator entry names (`...password_validation.MinimumLengthValidator` -> `MinimumLengthValidator`). */
function validatorClass(entry: PyValue): string | undefined {
  const name = dictEntry(entry, "NAME");
  return name?.kind === "str" ? name.value.split(".").pop() : undefined;
}

export default defineRule({
  id: "password-validators-missing",
  severity: "medium",
  confidence: "high",
  cwe: 521,
  owasp: "A07:2021",
  guideSection: "passwords",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/passwords/#enabling-password-validation",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what:
      "Finds settings where `AUTH_PASSWORD_VALIDATORS` is missing or empty, leaves out one of Django's four built-in " +
      "validators, or lets `MinimumLengthValidator` accept passwords shorter than 12 characters.",
    why:
      "Without validators users can pick `123456` or their own username. Short and common passwords fall to credential " +
      "stuffing and online guessing within a few attempts.",
    example: "AUTH_PASSWORD_VALIDATORS = []\n",
    summary: "Finds missing, incomplete or weak AUTH_PASSWORD_VALIDATORS.",
    good: "AUTH_PASSWORD_VALIDATORS = [\n    {\"NAME\": \"django.contrib.auth.password_validation.UserAttributeSimilarityValidator\"},\n    {\"NAME\": \"django.contrib.auth.password_validation.MinimumLengthValidator\", \"OPTIONS\": {\"min_length\": 12}},\n    {\"NAME\": \"django.contrib.auth.password_validation.CommonPasswordValidator\"},\n    {\"NAME\": \"django.contrib.auth.password_validation.NumericPasswordValidator\"},\n]\n",
    fix:
      "List all four validators from `django.contrib.auth.password_validation` (UserAttributeSimilarityValidator, " +
      "MinimumLengthValidator, CommonPasswordValidator, NumericPasswordValidator) and give MinimumLengthValidator " +
      "`\"OPTIONS\": {\"min_length\": 12}`.",
    note:
      "The minimum of 12 characters follows the guide; Django's own default is 8, so the `startproject` settings are " +
      "reported too. Validators only run in forms and `validate_password()`: `User.objects.create_user()` and " +
      "`set_password()` don't check them. A project's own validator named for the same check (`MinLengthValidator`, " +
      "`MyCommonPasswordValidator`) counts as that check; with length and common-password checks in place, a missing " +
      "similarity or all-digits check is reported at low severity.",
  },
  messages: {
    missing: "`AUTH_PASSWORD_VALIDATORS` is not set, so users can choose any password. Add Django's four built-in validators.",
    empty: "`AUTH_PASSWORD_VALIDATORS` is empty, so users can choose any password. Add Django's four built-in validators.",
    lacking: "`AUTH_PASSWORD_VALIDATORS` leaves out {{missing}}. Add it so weak passwords are rejected.",
    shortMinLength: "`MinimumLengthValidator` accepts passwords of {{length}} characters. Set `min_length` to at least 12.",
    defaultMinLength:
      "`MinimumLengthValidator` has no `min_length`, so Django's default of 8 characters applies. Set `\"OPTIONS\": {\"min_length\": 12}`.",
  },
  checkSettings({ settings, imports, path, report, reportFile }) {
    const a = settings.get("AUTH_PASSWORD_VALIDATORS");
    if (!a) {
      // A module that star-imports a settings module inherits the gap; that module reports it once.
      if (settings.complete && isProjectSettings(settings) && imports.starImports.length === 0) reportFile("missing");
      return;
    }
    const own = ownWinner(settings, "AUTH_PASSWORD_VALIDATORS", path);
    if (!own) return; // set in a star-imported module (reported there) or only for DEBUG/tests
    const value = own.value;
    if (value.kind !== "list") return;
    if (value.items.length === 0) return report(own.node, "empty");
    const classes = value.items.map(validatorClass);
    if (classes.every((c) => c !== undefined)) {
      // A project validator named for the same check (`MinLengthValidator`, `DojoCommonPasswordValidator`) covers it.
      const missing = BUILT_IN.filter((v) => !classes.includes(v) && !classes.some((c) => c !== undefined && !BUILT_IN.includes(c) && EQUIVALENT[v].test(c)));
      // With length and common-password checks in place, the similarity and all-digits checks are a smaller gap.
      const essentialMissing = missing.some((m) => ESSENTIAL.has(m));
      if (missing.length) report(own.node, "lacking", { missing: missing.map((m) => `\`${m}\``).join(", ") }, essentialMissing ? {} : { severity: "low" });
    }
    value.items.forEach((entry, i) => {
      if (classes[i] !== "MinimumLengthValidator") return;
      const options = dictEntry(entry, "OPTIONS");
      const min = dictEntry(options, "min_length");
      if (min?.kind === "int") {
        // 8 and more meets NIST SP 800-63B's floor: below the guide's 12, worth a look rather than a comment.
        if (min.value < GUIDE_MIN_LENGTH) report(min.node, "shortMinLength", { length: min.value }, min.value >= 8 ? { confidence: "low" } : {});
      } else if (!options || (options.kind === "dict" && !min && !options.node.text.includes("**"))) {
        report(entry.node, "defaultMinLength", {}, { confidence: "low" });
      }
    });
  },
});
