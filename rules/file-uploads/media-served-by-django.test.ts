import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./media-served-by-django.js";

const head = "from django.conf import settings\nfrom django.urls import path, re_path\nfrom django.views.static import serve\n";
const route = "re_path(r'^media/(?P<path>.*)$', serve, {'document_root': settings.MEDIA_ROOT})";

testRule(rule, {
  valid: [
    { name: "static() helper", code: "from django.conf import settings\nfrom django.conf.urls.static import static\nurlpatterns = []\nurlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n" },
    { name: "guarded by settings.DEBUG", code: head + "urlpatterns = []\nif settings.DEBUG:\n    urlpatterns += [\n        " + route + ",\n    ]\n" },
    { name: "guarded by DEBUG and another flag", code: head + "DEBUG = settings.DEBUG\nurlpatterns = []\nif DEBUG and SERVE_MEDIA:\n    urlpatterns.append(" + route + ")\n" },
    { name: "else of if not DEBUG", code: head + "urlpatterns = []\nif not settings.DEBUG:\n    pass\nelse:\n    urlpatterns += [" + route + "]\n" },
    { name: "conditional expression", code: head + "urlpatterns = [" + route + "] if settings.DEBUG else []\n" },
    { name: "staticfiles serve refuses without DEBUG", code: "from django.urls import re_path\nfrom django.contrib.staticfiles.views import serve\nurlpatterns = [re_path(r'^static/(?P<path>.*)$', serve)]\n" },
    { name: "a project view named serve", code: "from django.urls import path\nfrom .views import serve\nurlpatterns = [path('files/<path:path>', serve)]\n" },
  ],
  invalid: [
    { name: "unguarded re_path", code: head + "urlpatterns = [\n    " + route + ",\n]\n", errors: [{ messageId: "serveInProduction", line: 5 }] },
    {
      name: "module import and old url()",
      code: "from django.conf.urls import url\nfrom django.views import static\nurlpatterns = [url(r'^media/(?P<path>.*)$', static.serve, {'document_root': '/srv/media'})]\n",
      errors: [{ messageId: "serveInProduction", line: 3 }],
    },
    { name: "inside if not DEBUG", code: head + "urlpatterns = []\nif not settings.DEBUG:\n    urlpatterns += [path('media/<path:path>', serve, {'document_root': settings.MEDIA_ROOT})]\n", errors: [{ messageId: "serveInProduction", line: 6 }] },
    { name: "view keyword and alias", code: "from django.urls import path\nfrom django.views.static import serve as media\nurlpatterns = [path('m/<path:path>', view=media)]\n", errors: [{ messageId: "serveInProduction", line: 3 }] },
    { name: "guarded by an unrelated flag", code: head + "urlpatterns = []\nif settings.SERVE_MEDIA:\n    urlpatterns += [" + route + "]\n", errors: [{ messageId: "serveInProduction", line: 6 }] },
  ],
});
