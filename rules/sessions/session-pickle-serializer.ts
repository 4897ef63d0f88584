import { defineRule } from "../../src/core/analysis/define-rule.js";
import { productionAssignments } from "../../src/core/analysis/settings-values.js";

export default defineRule({
  id: "session-pickle-serializer",
  severity: "high",
  confidence: "high",
  cwe: 502,
  owasp: "A08:2021",
  guideSection: "sessions",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/http/sessions/#session-serialization",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds `SESSION_SERIALIZER` set to a pickle serializer such as `django.contrib.sessions.serializers.PickleSerializer`.",
    why:
      "Unpickling runs code. With signed-cookie sessions, or when session data can be written by someone else, anyone who " +
      "knows or leaks the `SECRET_KEY` can craft a session that executes commands on the server.",
    example: 'SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"\n',
    summary: "Finds SESSION_SERIALIZER set to a pickle serializer.",
    good: "SESSION_SERIALIZER = \"django.contrib.sessions.serializers.JSONSerializer\"\n",
    fix:
      "Remove the setting to use the default `JSONSerializer`, and store only JSON-friendly values in the session " +
      "(ids and strings instead of model instances or datetimes).",
    note: "Django deprecated `PickleSerializer` in 4.1 and removed it in 5.0; a custom pickle serializer carries the same risk.",
  },
  messages: {
    pickle:
      "`SESSION_SERIALIZER` unpickles session data: a leaked `SECRET_KEY` becomes remote code execution. Use the default `JSONSerializer` (PickleSerializer was removed in Django 5.0).",
  },
  checkSettings({ settings, report }) {
    for (const a of productionAssignments(settings, "SESSION_SERIALIZER")) {
      if (a.value.kind === "str" && /(^|\.)\w*PickleSerializer$/.test(a.value.value)) report(a.node, "pickle");
    }
  },
});
