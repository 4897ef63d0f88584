import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-default-permission-allow-any.js";

const P = "rest_framework.permissions";
const base = "mysite/settings/base.py";

testRule(rule, {
  valid: [
    { name: "IsAuthenticated default", code: `REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["${P}.IsAuthenticated"]}\n` },
    { name: "custom permission default", code: 'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ("api.permissions.IsOwner",)}\n' },
    { name: "no DRF", code: 'INSTALLED_APPS = ["django.contrib.admin"]\n' },
    { name: "AllowAny only in a view module", code: `from rest_framework.permissions import AllowAny\npermission_classes = [AllowAny]\n`, path: "api/views.py" },
    { name: "dict changed with update()", code: 'REST_FRAMEWORK = {"PAGE_SIZE": 1}\nREST_FRAMEWORK.update(SECURE_DRF)\n' },
    { name: "dev settings allow any", code: `REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["${P}.AllowAny"]}\n`, path: "mysite/settings/local.py" },
    { name: "inherited from base", code: "from .base import *\n", context: { [base]: `REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["${P}.AllowAny"]}\n` } },
    { name: "installed, star import unresolved", code: 'from .api import *\nINSTALLED_APPS = ["rest_framework"]\n' },
  ],
  invalid: [
    { name: "AllowAny default", code: `REST_FRAMEWORK = {\n    "DEFAULT_PERMISSION_CLASSES": [\n        "${P}.AllowAny",\n    ],\n}\n`, errors: [{ messageId: "allowAny", line: 3 }] },
    { name: "empty list", code: 'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": []}\n', errors: [{ messageId: "emptyList", line: 1 }] },
    { name: "key missing", code: 'REST_FRAMEWORK = {\n    "PAGE_SIZE": 20,\n}\n', path: "mysite/settings.py", errors: [{ messageId: "missingKey", line: 1 }] },
    { name: "installed without settings", code: 'INSTALLED_APPS = [\n    "rest_framework",\n]\n', errors: [{ messageId: "drfDefaults", line: 2 }] },
    { name: "production overrides base with AllowAny", code: `from .base import *\nREST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["${P}.AllowAny"]}\n`, context: { [base]: `REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["${P}.IsAuthenticated"]}\n` }, errors: [{ messageId: "allowAny", line: 2 }] },
  ],
});
