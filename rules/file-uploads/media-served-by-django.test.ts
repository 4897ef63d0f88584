import { runRule, testRule } from "../../test/helpers/test-rule.js";
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
    { name: "collected static files", code: head + "urlpatterns = [re_path(r'^static/(?P<path>.*)$', serve, {'document_root': settings.STATIC_ROOT})]\n" },
    { name: "one fixed file from the static folder", code: head + "from django.views import static\nurlpatterns = [path('robots.txt', static.serve, {'document_root': CONSTANTS.STATIC_DIR, 'path': 'robots.txt'})]\n" },
    { name: "one fixed file even from MEDIA_ROOT", code: head + "urlpatterns = [path('favicon.ico', serve, {'path': 'favicon.ico', 'document_root': settings.MEDIA_ROOT})]\n" },
    { name: "a built bundle folder", code: head + "import os\nurlpatterns = [re_path(r'^sw/(?P<path>.*)$', serve, {'document_root': os.path.join(settings.PROJECT_PATH, 'static-transpile/js')})]\n" },
    { name: "STATICFILES_DIRS entry through a module name", code: head + "ROOT = settings.STATICFILES_DIRS[0]\nurlpatterns = [re_path(r'^assets/(?P<path>.*)$', serve, {'document_root': ROOT})]\n" },
  ],
  invalid: [
    { name: "unguarded re_path", code: head + "urlpatterns = [\n    " + route + ",\n]\n", errors: [{ messageId: "serveUploads", line: 5, messageIncludes: "settings.MEDIA_ROOT" }] },
    { name: "a folder inside MEDIA_ROOT", code: head + "import os\nurlpatterns = [re_path(r'^media/cache/(?P<path>.*)$', serve, {'document_root': os.path.join(settings.MEDIA_ROOT, 'CACHE')})]\n", errors: [{ messageId: "serveUploads", line: 5 }] },
    { name: "MEDIA_ROOT through a module name", code: head + "UPLOADS = settings.MEDIA_ROOT\nurlpatterns = [re_path(r'^m/(?P<path>.*)$', serve, {'document_root': UPLOADS})]\n", errors: [{ messageId: "serveUploads", line: 5 }] },
    { name: "the default storage's folder", code: head + "from django.core.files.storage import default_storage\nurlpatterns = [re_path(r'^m/(?P<path>.*)$', serve, kwargs={'document_root': default_storage.location})]\n", errors: [{ messageId: "serveUploads", line: 5 }] },
    { name: "a fixed path name that is not a literal still serves the folder", code: head + "urlpatterns = [re_path(r'^m/(?P<name>.*)$', serve, {'document_root': settings.MEDIA_ROOT, 'path': NAME})]\n", errors: [{ messageId: "serveUploads", line: 4 }] },
    { name: "a folder the rule cannot place", code: head + "urlpatterns = [re_path(r'^p/(?P<path>.*)$', serve, {'document_root': plugin.get_path('files')})]\n", errors: [{ messageId: "serveInProduction", line: 4 }] },
    {
      name: "module import and old url()",
      code: "from django.conf.urls import url\nfrom django.views import static\nurlpatterns = [url(r'^media/(?P<path>.*)$', static.serve, {'document_root': '/srv/media'})]\n",
      errors: [{ messageId: "serveUploads", line: 3 }],
    },
    { name: "inside if not DEBUG", code: head + "urlpatterns = []\nif not settings.DEBUG:\n    urlpatterns += [path('media/<path:path>', serve, {'document_root': settings.MEDIA_ROOT})]\n", errors: [{ messageId: "serveUploads", line: 6 }] },
    { name: "view keyword and alias", code: "from django.urls import path\nfrom django.views.static import serve as media\nurlpatterns = [path('m/<path:path>', view=media)]\n", errors: [{ messageId: "serveInProduction", line: 3 }] },
    { name: "guarded by an unrelated flag", code: head + "urlpatterns = []\nif settings.SERVE_MEDIA:\n    urlpatterns += [" + route + "]\n", errors: [{ messageId: "serveUploads", line: 6 }] },
    { name: "DEBUG or another flag", code: head + "urlpatterns = []\nif settings.DEBUG or settings.FORCE_MEDIA:\n    urlpatterns += [" + route + "]\n", errors: [{ messageId: "serveUploads", line: 6 }] },
  ],
});

describe("media-served-by-django confidence", () => {
  it.each([
    ["MEDIA_ROOT: the rule's own", route, rule.confidence],
    ["a folder it cannot place: low", "re_path(r'^p/(?P<path>.*)$', serve, {'document_root': plugin.get_path('files')})", "low"],
    ["no document_root: low", "path('m/<path:path>', serve)", "low"],
  ])("%s", (_name, pattern, confidence) => {
    const found = runRule(rule, head + "urlpatterns = [" + pattern + "]\n", "mysite/urls.py").findings;
    expect(found.map((f) => f.confidence)).toEqual([confidence]);
  });
});

describe("media-served-by-django behind a shipped web server configuration", () => {
  const urls = head + `urlpatterns = [\n    ${route},\n]\n`;
  const confidence = (context: Record<string, string>) => runRule(rule, urls, "mysite/urls.py", context).findings.map((f) => `${f.confidence} ${f.messageId}`);
  it("is low confidence when the nginx config answers /media/ itself", () => {
    expect(confidence({ "nginx/default.conf": "server {\n    location /media/ {\n        alias /var/akvo/media/;\n    }\n}\n" })).toEqual(["low servedByWebServer"]);
  });
  it("stays when the web server answers other prefixes only", () => {
    expect(confidence({ "nginx/default.conf": "server {\n    location /static/ {\n        alias /srv/static/;\n    }\n    location / {\n        proxy_pass http://app;\n    }\n}\n" })).toEqual(["high serveUploads"]);
  });
});
