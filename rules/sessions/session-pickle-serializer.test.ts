import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./session-pickle-serializer.js";

testRule(rule, {
  valid: [
    { name: "JSON serializer", code: 'SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"\n' },
    { name: "not set", code: "DEBUG = False\n" },
    { name: "pickle in development settings", code: 'SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"\n', path: "mysite/settings/dev.py" },
    { name: "other setting naming pickle", code: 'CACHE_SERIALIZER = "django_redis.serializers.pickle.PickleSerializer"\n' },
    { name: "custom JSON serializer", code: 'SESSION_SERIALIZER = "core.sessions.PickleFreeJSONSerializer"\n' },
  ],
  invalid: [
    { name: "Django PickleSerializer", code: 'SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"\n', errors: [{ messageId: "pickle", line: 1, messageIncludes: "Django 5.0" }] },
    { name: "in settings.py", code: "SESSION_SERIALIZER = 'django.contrib.sessions.serializers.PickleSerializer'\n", path: "mysite/settings.py", errors: [{ messageId: "pickle", line: 1 }] },
    { name: "custom pickle serializer", code: 'SESSION_SERIALIZER = "core.sessions.PickleSerializer"\n', errors: [{ messageId: "pickle", line: 1 }] },
  ],
});
