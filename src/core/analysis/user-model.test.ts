import { modelFacts } from "./model-fields.js";
import { isUsernameChain, userModelFacts } from "./user-model.js";
import type { SourceFile } from "./types.js";

const facts = (files: Record<string, string>) => {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  const u = userModelFacts(list, modelFacts(list));
  return { username: u.username, getUsername: u.getUsername };
};
const asText = (files: Record<string, string>) => {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return userModelFacts(list, modelFacts(list)).asText;
};
const settings = (label: string) => ({ "proj/settings.py": `INSTALLED_APPS = ['accounts']\nAUTH_USER_MODEL = '${label}'\n` });
const userClass = (body: string, bases = "AbstractUser") =>
  `from django.contrib.auth.models import AbstractUser, AbstractBaseUser, PermissionsMixin\nfrom django.contrib.auth.validators import UnicodeUsernameValidator\nfrom django.db import models\n\nclass User(${bases}):\n${body}\n`;

describe("userModelFacts", () => {
  it("keeps Django's username for the default auth.User, with or without the setting", () => {
    expect(facts({ "shop/models.py": "from django.db import models\n\nclass Order(models.Model):\n    note = models.TextField()\n" })).toEqual({ username: true, getUsername: true });
    expect(facts(settings("auth.User"))).toEqual({ username: true, getUsername: true });
  });
  it("keeps it for an AbstractUser subclass that does not redeclare username, through a project base too", () => {
    expect(facts({ ...settings("accounts.User"), "accounts/models.py": userClass("    bio = models.TextField()") })).toEqual({ username: true, getUsername: true });
    const chain = "from django.contrib.auth.models import AbstractUser\n\nclass BaseUser(AbstractUser):\n    class Meta:\n        abstract = True\n\nclass Member(BaseUser):\n    pass\n";
    expect(facts({ ...settings("accounts.Member"), "accounts/models.py": chain })).toEqual({ username: true, getUsername: true });
  });
  it("drops it when the user model redeclares username without a strict validator", () => {
    const loose = userClass("    username = models.CharField(max_length=150, unique=True)");
    expect(facts({ ...settings("accounts.User"), "accounts/models.py": loose })).toEqual({ username: false, getUsername: false });
    // Even when the settings are not among the files, a user class in sight is judged.
    expect(facts({ "accounts/models.py": loose })).toEqual({ username: false, getUsername: false });
    const strict = userClass("    username = models.CharField(max_length=150, unique=True, validators=[UnicodeUsernameValidator()])");
    expect(facts({ ...settings("accounts.User"), "accounts/models.py": strict })).toEqual({ username: true, getUsername: true });
  });
  it("drops it for an AbstractBaseUser model with a username of its own, and for a swapped username_validator", () => {
    const base = userClass("    username = models.CharField(max_length=40, unique=True)\n    USERNAME_FIELD = 'username'", "AbstractBaseUser, PermissionsMixin");
    expect(facts({ ...settings("accounts.User"), "accounts/models.py": base })).toEqual({ username: false, getUsername: false });
    const swapped = userClass("    username_validator = LooseValidator()");
    expect(facts({ ...settings("accounts.User"), "accounts/models.py": swapped })).toEqual({ username: false, getUsername: false });
  });
  it("keeps username but not get_username() when USERNAME_FIELD is the e-mail", () => {
    expect(facts({ ...settings("accounts.User"), "accounts/models.py": userClass("    USERNAME_FIELD = 'email'\n    REQUIRED_FIELDS = []") })).toEqual({ username: true, getUsername: false });
  });
  it("knows nothing when the setting is computed or names a class out of sight", () => {
    expect(facts({ "proj/settings.py": "import os\nAUTH_USER_MODEL = os.environ['USER_MODEL']\n" })).toEqual({ username: false, getUsername: false });
    expect(facts(settings("thirdparty.Account"))).toEqual({ username: false, getUsername: false });
  });
  it("ignores a test module's swapped user model", () => {
    expect(facts({ "accounts/tests/test_custom.py": "from django.test import override_settings\nAUTH_USER_MODEL = 'tests.CustomUser'\n" })).toEqual({ username: true, getUsername: true });
  });
});

describe("userModelFacts asText", () => {
  const str = (body: string, fields = "    bio = models.TextField()") => ({ ...settings("accounts.User"), "accounts/models.py": userClass(`${fields}\n\n    def __str__(self):\n${body}`) });
  it("is the validated username for auth.User and a subclass that keeps Django's __str__", () => {
    expect(asText(settings("auth.User"))).toBe(true);
    expect(asText({ ...settings("accounts.User"), "accounts/models.py": userClass("    bio = models.TextField()") })).toBe(true);
  });
  it("follows a project __str__ that only returns the username", () => {
    expect(asText(str("        return self.username"))).toBe(true);
    expect(asText(str("        # the handle\n        return str(self.get_username())"))).toBe(true);
  });
  it("is not for any other __str__, a loose username, or an e-mail USERNAME_FIELD", () => {
    expect(asText(str("        return self.get_full_name() or self.username"))).toBe(false);
    expect(asText(str("        return f'{self.username}'"))).toBe(false);
    expect(asText(str("        return self.username", "    username = models.CharField(max_length=150, unique=True)"))).toBe(false);
    expect(asText({ ...settings("accounts.User"), "accounts/models.py": userClass("    USERNAME_FIELD = 'email'\n    REQUIRED_FIELDS = []") })).toBe(false);
  });
});

describe("isUsernameChain", () => {
  const list = (extra: Record<string, string> = {}): SourceFile[] => Object.entries({ ...settings("auth.User"), ...extra }).map(([path, text]) => ({ path, text }));
  const chain = (files: SourceFile[], expression: string) => {
    const models = modelFacts(files);
    return isUsernameChain(userModelFacts(files, models), models, expression);
  };
  it("reads the username of a user object", () => {
    const files = list();
    expect(chain(files, "user.username")).toBe(true);
    expect(chain(files, "request.user.username")).toBe(true);
    expect(chain(files, "comment.author_user.get_username")).toBe(true);
  });
  it("not other names, not of other objects, not when another model declares a free-text username", () => {
    const files = list();
    expect(chain(files, "user.first_name")).toBe(false);
    expect(chain(files, "user.email")).toBe(false);
    expect(chain(files, "account.username")).toBe(false);
    const other = list({ "mail/models.py": "from django.db import models\n\nclass Mailbox(models.Model):\n    username = models.CharField(max_length=200)\n" });
    expect(chain(other, "user.username")).toBe(false);
  });
});
