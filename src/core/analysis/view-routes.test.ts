import taintedPath from "../../../rules/data-flow/tainted-path.js";
import unscopedObjectAccess from "../../../rules/authorization/unscoped-object-access.js";
import { DEFAULT_CONFIG } from "../config/config.js";
import { analyzeSources } from "./analyze-project.js";
import { blankCommentsAndStrings, viewRoutes } from "./view-routes.js";
import type { SourceFile } from "./types.js";

const SETTINGS = "ROOT_URLCONF = 'proj.urls'\n";
const ROOT = "from django.urls import include, path\n\nurlpatterns = [path('shop/', include('proj.shop.urls'))]\n";
const VIEWS =
  "from django.http import HttpResponse\n\n" +
  "def show(request, name):\n    return HttpResponse(open(name, 'rb'))\n\n" +
  "def other(request):\n    return HttpResponse('')\n";

const files = (extra: Record<string, string>): SourceFile[] =>
  Object.entries({ "proj/settings.py": SETTINGS, "proj/urls.py": ROOT, "proj/shop/views.py": VIEWS, ...extra }).map(([path, text]) => ({ path, text }));
const routes = (extra: Record<string, string>, wholeProject = true) => viewRoutes(files(extra), { wholeProject });
const unreferenced = (extra: Record<string, string>) => routes(extra)?.unreferenced?.["proj/shop/views.py"] ?? [];
const helpers = (extra: Record<string, string>) => routes(extra)?.helpers["proj/shop/views.py"] ?? [];

describe("view routes: views the project's URLconfs reach", () => {
  it("a view routed through its module (`views.show`), by its imported name, or by a dotted string is reached", () => {
    expect(unreferenced({ "proj/shop/urls.py": "from django.urls import path\nfrom . import views\nurlpatterns = [path('<name>/', views.show), path('', views.other)]\n" })).toEqual([]);
    expect(unreferenced({ "proj/shop/urls.py": "from django.urls import path\nfrom proj.shop.views import show, other\nurlpatterns = [path('<name>/', show), path('', other)]\n" })).toEqual([]);
    expect(unreferenced({ "proj/shop/urls.py": "from django.conf.urls import url\nurlpatterns = [url(r'^(?P<name>\\w+)/$', 'proj.shop.views.show'), url(r'^$', 'proj.shop.views.other')]\n" })).toEqual([]);
    // A module alias and a decorator applied where the view is routed.
    expect(unreferenced({ "proj/shop/urls.py": "from django.urls import path\nfrom django.contrib.auth.decorators import login_required\nimport proj.shop.views as shop_views\nurlpatterns = [path('<name>/', login_required(shop_views.show)), path('', shop_views.other)]\n" })).toEqual([]);
    // An aliased name, and an `include()` of a list written in place.
    expect(unreferenced({ "proj/shop/urls.py": "from django.urls import include, path\nfrom .views import show as legacy_show, other\nurlpatterns = [path('s/', include([path('<name>/', legacy_show), path('', other)]))]\n" })).toEqual([]);
  });

  it("a view whose only URL line is commented out, or that nothing names, is unreferenced; the routed one is not", () => {
    const urls = "from django.urls import path\nfrom . import views\nurlpatterns = [\n    path('', views.other),\n    # path('<name>/', views.show),\n]\n";
    expect(unreferenced({ "proj/shop/urls.py": urls })).toEqual(["show"]);
    expect(unreferenced({ "proj/shop/urls.py": "from django.urls import path\nfrom . import views\nurlpatterns = [path('', views.other)]\n" })).toEqual(["show"]);
    // A `#` inside a string is no comment.
    expect(unreferenced({ "proj/shop/urls.py": "from django.urls import path\nfrom . import views\nurlpatterns = [path('a#b', views.show), path('', views.other)]\n" })).toEqual([]);
  });

  it("class-based views are reached through as_view(), a DRF router or a subclass; a view class nothing names is not", () => {
    const views = "from django.views.generic import TemplateView\nfrom rest_framework import viewsets\n\nclass Page(TemplateView):\n    pass\n\nclass Things(viewsets.ModelViewSet):\n    pass\n\nclass Unused(TemplateView):\n    pass\n";
    const urls = "from django.urls import path\nfrom rest_framework.routers import DefaultRouter\nfrom .views import Page, Things\nrouter = DefaultRouter()\nrouter.register('things', Things)\nurlpatterns = [path('', Page.as_view())] + router.urls\n";
    expect(routes({ "proj/shop/views.py": views, "proj/shop/urls.py": urls })?.unreferenced?.["proj/shop/views.py"]).toEqual(["Unused"]);
    const sub = "from proj.shop.views import Unused\n\nclass Used(Unused):\n    pass\n";
    expect(routes({ "proj/shop/views.py": views, "proj/shop/urls.py": urls, "proj/blog/views.py": sub, "proj/blog/urls.py": "from django.urls import path\nfrom .views import Used\nurlpatterns = [path('', Used.as_view())]\n" })?.unreferenced?.["proj/shop/views.py"] ?? []).toEqual([]);
  });

  it("a request-taking function only other modules call is a helper, read per module: a routed namesake elsewhere is another function", () => {
    const urls = "from django.urls import path\nfrom . import views\nurlpatterns = [path('', views.other)]\n";
    const pages = "from proj.shop.views import show\n\ndef page(request, pk):\n    return show(request, Page.objects.get(pk=pk).image.name)\n";
    const chapters = "def show(request, cm_id):\n    return None\n";
    const chapterUrls = "from django.urls import path\nfrom . import views\nurlpatterns = [path('<int:cm_id>/', views.show)]\n";
    const extra = { "proj/shop/urls.py": urls, "proj/pages/views.py": pages, "proj/pages/urls.py": "from django.urls import path\nfrom . import views\nurlpatterns = [path('<int:pk>/', views.page)]\n", "proj/chapters/views.py": chapters, "proj/chapters/urls.py": chapterUrls };
    expect(helpers(extra)).toEqual(["show"]);
    expect(routes(extra)?.helpers["proj/chapters/views.py"]).toBeUndefined();
    expect(routes(extra)?.unreferenced?.["proj/chapters/views.py"]).toBeUndefined();
    // Called by its module's own views too.
    expect(helpers({ "proj/shop/urls.py": urls, "proj/shop/views.py": VIEWS + "\ndef third(request):\n    return show(request, 'a')\n" })).toEqual(["show"]);
    // Also routed: no helper.
    expect(helpers({ ...extra, "proj/shop/urls.py": "from django.urls import path\nfrom . import views\nurlpatterns = [path('', views.other), path('<name>/', views.show)]\n" })).toEqual([]);
  });

  it("stays unsure (possibly routed) when something it cannot classify names the function or its module", () => {
    const urls = "from django.urls import path\nfrom . import views\nurlpatterns = [path('', views.other)]\n";
    const none = (extra: Record<string, string>) => {
      const r = routes({ "proj/shop/urls.py": urls, ...extra });
      return [...(r?.unreferenced?.["proj/shop/views.py"] ?? []), ...(r?.helpers["proj/shop/views.py"] ?? [])];
    };
    expect(none({})).toEqual(["show"]);
    // `getattr(views, name)`: any function of the module may be routed by name.
    expect(none({ "proj/api/urls.py": "from django.urls import path\nfrom proj.shop import views\nurlpatterns = [path(n + '/', getattr(views, n)) for n in NAMES]\n" })).toEqual([]);
    // A string naming it (old `patterns()` prefixes, settings such as CSRF_FAILURE_VIEW, a dispatch table).
    expect(none({ "proj/shop/dispatch.py": "HANDLERS = {'s': 'show'}\n" })).toEqual([]);
    // A value (not a call) in ordinary code: a dispatch dict, a signal connection.
    expect(none({ "proj/shop/dispatch.py": "from .views import show\nHANDLERS = {'s': show}\n" })).toEqual([]);
    // `x.show` in a URLconf whose `x` is not an import the index places.
    expect(none({ "proj/api/urls.py": "from django.urls import path\nurlpatterns = [path('s/', registry.views.show)]\n" })).toEqual([]);
    // A decorator that may register the function (django-ninja's `@router.get`).
    expect(none({ "proj/shop/views.py": VIEWS.replace("def show", "@router.get('/s')\ndef show") })).toEqual([]);
    // A dynamic import naming the module.
    expect(none({ "proj/loader.py": "from importlib import import_module\nmods = [import_module(f'{app}.views') for app in APPS]\n" })).toEqual([]);
    // A module name built from a constant, whose members are read with `dir()`: what its package re-exports too.
    const discovered = { "proj/shop/views.py": VIEWS.replace("def show(request, name)", "from proj.shop.api import Things\n\ndef show(request, name)"), "proj/shop/api.py": "from rest_framework import viewsets\n\nclass Things(viewsets.ModelViewSet):\n    pass\n" };
    const loader = "from importlib import import_module\nMODULE = 'views'\n\ndef load(app):\n    module = import_module('{}.{}'.format(app, MODULE))\n    return [getattr(module, n) for n in dir(module)]\n";
    expect(routes({ "proj/shop/urls.py": urls, ...discovered })?.unreferenced?.["proj/shop/api.py"]).toEqual(["Things"]);
    expect(routes({ "proj/shop/urls.py": urls, ...discovered, "proj/apps.py": loader })?.unreferenced?.["proj/shop/api.py"]).toBeUndefined();
    expect(none({ ...discovered, "proj/apps.py": loader })).toEqual([]);
  });

  it("knows nothing without a URLconf, and reports nothing unreferenced unless the files are the whole project with its ROOT_URLCONF", () => {
    expect(viewRoutes([{ path: "proj/shop/views.py", text: VIEWS }], { wholeProject: true })).toBeUndefined();
    const urls = { "proj/shop/urls.py": "from django.urls import path\nfrom . import views\nurlpatterns = [path('', views.other)]\n" };
    expect(routes(urls, false)?.unreferenced).toBeUndefined();
    expect(viewRoutes(files(urls).filter((f) => f.path !== "proj/settings.py"), { wholeProject: true })?.unreferenced).toBeUndefined();
  });

  it("blanks comments and string contents, keeping offsets and quotes", () => {
    const text = "x = 'a # b'  # path('', views.show)\ny = \"\"\"doc\nviews.show\"\"\"\nz = r'\\d+'\n";
    const { code, strings } = blankCommentsAndStrings(text);
    expect(code.length).toBe(text.length);
    expect(code).not.toContain("views.show");
    expect(code.split("\n").length).toBe(text.split("\n").length);
    expect(strings).toEqual(["a # b", "doc\nviews.show", "\\d+"]);
  });
});

describe("rules and view routes", () => {
  const analyze = (rule: typeof taintedPath, path: string, code: string, context: Record<string, string>, wholeProject = true) =>
    analyzeSources({ files: [{ path, text: code }], contextFiles: Object.entries(context).map(([p, text]) => ({ path: p, text })), config: { ...DEFAULT_CONFIG, exclude: [] }, rules: [rule], wholeProject }).findings.map(
      (f) => `${f.line}:${f.confidence}`,
    );
  const base = "from django.core.files.storage import default_storage\nfrom django.http import HttpResponse\n\ndef file_display(request, file_path):\n    return HttpResponse(default_storage.open(file_path).read())\n";
  const caller = "from proj.base.views import file_display\n\ndef logo(request, pk):\n    return file_display(request, Directory.objects.get(pk=pk).logo.name)\n";
  const context = (urls: string) => ({ "proj/settings.py": SETTINGS, "proj/urls.py": urls, "proj/dirs/views.py": caller });

  it("tainted-path: a helper's parameter is not a URL parameter; the same function routed is reported", () => {
    const urls = "from django.urls import path\nfrom proj.dirs import views\nurlpatterns = [path('<int:pk>/logo/', views.logo)]\n";
    expect(analyze(taintedPath, "proj/base/views.py", base, context(urls))).toEqual([]);
    const routed = "from django.urls import path\nfrom proj.base import views as base_views\nfrom proj.dirs import views\nurlpatterns = [path('<int:pk>/logo/', views.logo), path('f/<path:file_path>', base_views.file_display)]\n";
    expect(analyze(taintedPath, "proj/base/views.py", base, context(routed))).toEqual(["5:medium"]);
  });

  it("a project with no URLconf keeps today's findings", () => {
    expect(analyze(taintedPath, "proj/base/views.py", base, { "proj/settings.py": SETTINGS })).toEqual(["5:medium"]);
  });

  const sibling = (name: string) => `def ${name}(request, id):\n    f = get_object_or_404(File, pk=id)\n    if not has_view_perm(request.user, 'files.view_file', f):\n        raise PermissionDenied\n    return render(request, 'd.html', {'f': f})\n\n`;
  const files = "from django.core.exceptions import PermissionDenied\nfrom django.shortcuts import get_object_or_404, render\nfrom proj.perms import has_view_perm\nfrom .models import File\n\n" +
    sibling("details") + sibling("edit") + sibling("delete") +
    "def tinymce_upload_template(request, id):\n    f = get_object_or_404(File, pk=id)\n    return render(request, 't.html', {'file': f})\n";
  const fileUrls = (line: string) => ({
    "proj/settings.py": SETTINGS,
    "proj/urls.py": "from django.urls import include, path\nurlpatterns = [path('files/', include('proj.files.urls'))]\n",
    "proj/files/urls.py": `from django.urls import re_path\nfrom . import views\nurlpatterns = [\n    re_path(r'^(?P<id>\\d+)/$', views.details),\n    re_path(r'^(?P<id>\\d+)/e/$', views.edit),\n    re_path(r'^(?P<id>\\d+)/d/$', views.delete),\n    ${line}\n]\n`,
  });

  it("unscoped-object-access: a view whose URL line is commented out is listed at low confidence, saying why", () => {
    const line = "re_path(r'^t/(?P<id>\\d+)/$', views.tinymce_upload_template),";
    const routed = analyze(unscopedObjectAccess, "proj/files/views.py", files, fileUrls(line));
    expect(routed).toEqual(["25:high"]);
    const low = analyzeSources({
      files: [{ path: "proj/files/views.py", text: files }],
      contextFiles: Object.entries(fileUrls(`#${line}`)).map(([path, text]) => ({ path, text })),
      config: { ...DEFAULT_CONFIG, exclude: [] },
      rules: [unscopedObjectAccess],
      wholeProject: true,
    }).findings;
    expect(low.map((f) => `${f.line}:${f.confidence}`)).toEqual(["25:low"]);
    expect(low[0].message).toContain("`tinymce_upload_template`");
    // The app (not the whole project in sight): today's confidence.
    expect(analyze(unscopedObjectAccess, "proj/files/views.py", files, fileUrls(`#${line}`), false)).toEqual(routed);
  });
});
