import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./custom-user-model-missing.js";

const apps = 'INSTALLED_APPS = [\n    "django.contrib.admin",\n    "django.contrib.auth",\n    "django.contrib.contenttypes",\n]\n';

testRule(rule, {
  valid: [
    { name: "custom user model set", code: apps + 'AUTH_USER_MODEL = "users.User"\n', path: "mysite/settings.py" },
    { name: "auth not installed", code: 'INSTALLED_APPS = ["django.contrib.contenttypes", "shop"]\n', path: "mysite/settings.py" },
    { name: "unresolved star import may set it", code: "from .components import *\n" + apps, path: "mysite/settings/base.py" },
    { name: "production settings are not checked", code: apps, path: "mysite/settings/production.py" },
    { name: "development settings are not checked", code: apps, path: "mysite/settings/dev.py" },
    { name: "set in a star-imported module", code: "from .auth import *\n" + apps, path: "mysite/settings/base.py", context: { "mysite/settings/auth.py": 'AUTH_USER_MODEL = "accounts.Account"\n' } },
    { name: "apps built dynamically", code: "INSTALLED_APPS = get_apps()\n", path: "mysite/settings.py" },
    { name: "package __init__ star-importing base (reported in base)", code: "from .base import *\nDEBUG = False\n", path: "mysite/settings/__init__.py", context: { "mysite/settings/base.py": apps } },
  ],
  invalid: [
    { name: "startproject settings.py", code: apps, path: "mysite/settings.py", errors: [{ messageId: "noCustomUser", line: 3 }] },
    { name: "settings/base.py with AuthConfig", code: 'INSTALLED_APPS = ["django.contrib.auth.apps.AuthConfig"]\n', path: "mysite/settings/base.py", errors: [{ messageId: "noCustomUser", line: 1 }] },
    { name: "apps listed in a star-imported module", code: "from .apps import *\nDEBUG = False\n", path: "mysite/settings.py", context: { "mysite/apps.py": apps }, errors: [{ messageId: "noCustomUser", line: 1 }] },
    { name: "auth appended", code: 'INSTALLED_APPS = ["shop"]\nINSTALLED_APPS += ["django.contrib.auth"]\n', path: "mysite/settings.py", errors: [{ messageId: "noCustomUser", line: 2 }] },
  ],
});
