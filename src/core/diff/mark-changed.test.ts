import { allRules } from "../../../rules/index.js";
import { analyzeSources } from "../analysis/analyze-project.js";
import { DEFAULT_CONFIG } from "../config/config.js";
import type { ChangeSet, FileChange } from "./types.js";

// A file-level finding (a setting missing from a settings module) is about the whole file, so any edit
// of the file used to count it as "in this change". It now counts only when the base version of the
// module does not have it, or when the change touches the statement it is reported at.

const SETTINGS = [
  "from pathlib import Path",
  "",
  "BASE_DIR = Path(__file__).resolve().parent.parent",
  "SECRET_KEY = __import__('os').environ['SECRET_KEY']",
  "DEBUG = False",
  "ALLOWED_HOSTS = ['shop.example.com']",
  "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes', 'shop']",
  "ROOT_URLCONF = 'mysite.urls'",
  "",
].join("\n");
const VALIDATORS = "AUTH_PASSWORD_VALIDATORS = [{'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator', 'OPTIONS': {'min_length': 12}}, {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'}, {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'}, {'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'}]\n";
const PATH = "mysite/settings/production.py";

function change(added: [number, number][], extra: Partial<FileChange> = {}): ChangeSet {
  const ranges = added.map(([start, end]) => ({ start, end }));
  return new Map([[PATH, { path: PATH, status: "modified", binary: false, added: ranges, hunks: ranges, ...extra }]]);
}

function missingValidators(head: string, changes: ChangeSet, base?: { path: string; text: string }) {
  const result = analyzeSources({ files: [{ path: PATH, text: head }], config: DEFAULT_CONFIG, rules: allRules, changes, baseFiles: base ? [base] : undefined });
  return result.findings.filter((f) => f.ruleId === "password-validators-missing").map((f) => f.inChange);
}

describe("file-level findings against the base version of a settings module", () => {
  const withComment = `# Production settings.\n${SETTINGS}`;

  it("a comment added to a module missing a setting it already missed: not in the change", () => {
    expect(missingValidators(withComment, change([[1, 1]]), { path: PATH, text: SETTINGS })).toEqual([false]);
  });

  it("the same edit without the base text: in the change, as before (the fallback)", () => {
    expect(missingValidators(withComment, change([[1, 1]]))).toEqual([true]);
  });

  it("the change removes the setting: the finding is new, so in the change", () => {
    expect(missingValidators(SETTINGS, change([[5, 5]]), { path: PATH, text: SETTINGS + VALIDATORS })).toEqual([true]);
  });

  it("a renamed module is compared with its old path's base text", () => {
    const renamed = change([[1, 1]], { oldPath: "mysite/settings/prod.py", status: "renamed" });
    expect(missingValidators(withComment, renamed, { path: "mysite/settings/prod.py", text: SETTINGS })).toEqual([false]);
  });

  it("a module with no added lines never has findings in the change", () => {
    expect(missingValidators(SETTINGS, change([]), { path: PATH, text: SETTINGS })).toEqual([false]);
  });

  it("line-level findings are unaffected by the base text", () => {
    const head = SETTINGS.replace("DEBUG = False", "DEBUG = True");
    const result = analyzeSources({ files: [{ path: PATH, text: head }], config: DEFAULT_CONFIG, rules: allRules, changes: change([[5, 5]]), baseFiles: [{ path: PATH, text: head }] });
    expect(result.findings.filter((f) => f.ruleId === "debug-enabled-in-settings").map((f) => f.inChange)).toEqual([true]);
  });
});
