import { runRule } from "../../../test/helpers/test-rule.js";
import taintedPath from "../../../rules/data-flow/tainted-path.js";
import { buildProjectIndex } from "./project-index.js";

const VIEWS =
  "from django.conf import settings\nfrom django.http import HttpResponse\n\ndef development_rendered(request, filename):\n" +
  "    with open(settings.STATIC_ROOT / 'rendered' / request.GET['name'], encoding='utf-8') as fixture:\n        return HttpResponse(fixture)\n";
const APP_URLS = "from django.urls import path\nfrom proj.development import views\nurlpatterns = [path('rendered/', views.development_rendered)]\n";
const rootUrls = (block: string) => "from django.conf import settings\nfrom django.urls import include, path\n\nurlpatterns = [path('', include('proj.shop.urls'))]\n\n" + block;

const run = (root: string) =>
  runRule(taintedPath, VIEWS, "proj/development/views.py", { "proj/urls.py": root, "proj/development/urls.py": APP_URLS, "proj/development/__init__.py": "" }).findings.map((f) => f.confidence);

describe("views of an app routed only when DEBUG is on", () => {
  it("an app whose URLconf is included only inside `if settings.DEBUG:` has low-confidence findings, saying why", () => {
    const root = rootUrls("if settings.DEBUG:\n    urlpatterns += [path('development/', include('proj.development.urls'))]\n\n    if settings.ENABLE_DEBUG_TOOLBAR:\n        urlpatterns += [path('__debug__/', include('debug_toolbar.urls'))]\n");
    expect(run(root)).toEqual(["low"]);
    const result = runRule(taintedPath, VIEWS, "proj/development/views.py", { "proj/urls.py": root, "proj/development/urls.py": APP_URLS });
    expect(result.findings[0].message).toContain("settings.DEBUG");
    expect(buildProjectIndex([{ path: "proj/urls.py", text: root }, { path: "proj/development/urls.py", text: APP_URLS }, { path: "proj/development/views.py", text: VIEWS }]).debugOnlyPaths).toEqual([
      "proj/development/urls.py",
      "proj/development/views.py",
    ]);
  });

  it("the same app included outside the DEBUG block too, under `if not settings.DEBUG:`, or after the block ends, keeps its confidence", () => {
    expect(run(rootUrls("urlpatterns += [path('development/', include('proj.development.urls'))]\n"))).toEqual(["medium"]);
    expect(run(rootUrls("if not settings.DEBUG:\n    urlpatterns += [path('development/', include('proj.development.urls'))]\n"))).toEqual(["medium"]);
    expect(run(rootUrls("if settings.DEBUG:\n    urlpatterns += [path('media/', serve)]\nurlpatterns += [path('development/', include('proj.development.urls'))]\n"))).toEqual(["medium"]);
    expect(run(rootUrls("if settings.DEBUG:\n    urlpatterns += [path('development/', include('proj.development.urls'))]\nurlpatterns += [path('dev/', include('proj.development.urls'))]\n"))).toEqual(["medium"]);
  });

  it("a view routed by name only inside the DEBUG block has low-confidence findings; the module's other views keep theirs", () => {
    const views = VIEWS + "\ndef download(request):\n    return HttpResponse(open(request.GET['name'], 'rb'))\n";
    const urls = (block: string) =>
      "from django.conf import settings\nfrom django.urls import path\nfrom proj.shop import views\n\nurlpatterns = [path('download/', views.download)]\n" + block;
    const run2 = (block: string) => runRule(taintedPath, views, "proj/shop/views.py", { "proj/urls.py": urls(block) }).findings.map((f) => `${f.line}:${f.confidence}`);
    expect(run2("if settings.DEBUG:\n    urlpatterns += [\n        path('rendered/', views.development_rendered),\n    ]\n")).toEqual(["5:low", "9:medium"]);
    // Routed outside the block as well: reachable in production.
    expect(run2("if settings.DEBUG:\n    urlpatterns += [path('rendered/', views.development_rendered)]\nurlpatterns += [path('r/', views.development_rendered)]\n")).toEqual(["5:medium", "9:medium"]);
  });
});
