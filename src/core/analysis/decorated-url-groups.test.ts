import { runRule } from "../../../test/helpers/test-rule.js";
import cbvMissingAccessControl from "../../../rules/authorization/cbv-missing-access-control.js";
import { buildProjectIndex } from "./project-index.js";

const VIEWS =
  "from django.views.generic import UpdateView\nfrom .models import Team\n\n\nclass TeamUpdate(UpdateView):\n    model = Team\n    fields = ['name', 'users']\n\n\n" +
  // A sibling with an access mixin: the module checks access in its classes (the evidence that makes a bare route worth a comment).
  "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views.generic import ListView\n\n\nclass TeamList(LoginRequiredMixin, ListView):\n    model = Team\n";
const urls = (patterns: string) =>
  "from django.contrib.auth.decorators import login_required\nfrom django.urls import path\nfrom django.views.decorators.cache import never_cache\nfrom django.views.decorators.csrf import ensure_csrf_cookie\n" +
  "from . import views\nfrom .decorators import team_members_only\nfrom .utils import decorated_patterns\n\nurlpatterns = []\n" +
  patterns;

const views = (patterns: string) => buildProjectIndex([{ path: "proj/urls.py", text: urls(patterns) }, { path: "proj/views.py", text: VIEWS }]).views;
const confidences = (patterns: string) => runRule(cbvMissingAccessControl, VIEWS, "proj/views.py", { "proj/urls.py": urls(patterns) }).findings.map((f) => f.confidence);

describe("URL patterns routed through a helper that applies a list of decorators", () => {
  it("a view inside decorated_patterns([login_required, ...], path(...)) is guarded, and the edit view is not commented", () => {
    const grouped = "urlpatterns += decorated_patterns(\n    [login_required, team_members_only],\n    path(\n        'team/<int:pk>/edit/', views.TeamUpdate.as_view(), name='team_update'\n    ),\n)\n";
    expect(views(grouped).TeamUpdate).toBe("guarded");
    expect(confidences(grouped)).toEqual(["low"]);
    const decoratorCalls = "urlpatterns += decorated_patterns([login_required, never_cache], path('team/<int:pk>/edit/', views.TeamUpdate.as_view()))\n";
    expect(views(decoratorCalls).TeamUpdate).toBe("guarded");
  });

  it("a module list of patterns given to the helper with * is wrapped where the list is built or appended to", () => {
    const splat =
      "map_urls = [\n    path('map/<int:pk>/permissions/', views.TeamUpdate.as_view(), name='perms'),\n]\nother = []\nother.append(path('x/', views.Other.as_view()))\n" +
      "urlpatterns += decorated_patterns([team_members_only, never_cache], *map_urls)\n";
    expect(views(splat).TeamUpdate).toBe("guarded");
    expect(views(splat).Other).toBe("bare");
    const appended = "extra = []\nextra.append(\n    path('map/<int:pk>/permissions/', views.TeamUpdate.as_view()),\n)\nurlpatterns += decorated_patterns([team_members_only], *extra)\n";
    expect(views(appended).TeamUpdate).toBe("guarded");
    const cacheOnly = "map_urls = [path('map/<int:pk>/permissions/', views.TeamUpdate.as_view())]\nurlpatterns += decorated_patterns([never_cache], *map_urls)\n";
    expect(views(cacheOnly).TeamUpdate).toBe("bare");
  });

  it("a group whose decorators only set caching or CSRF cookies, a bare pattern, or a view routed after the group stays bare", () => {
    const cacheOnly = "urlpatterns += decorated_patterns(\n    [ensure_csrf_cookie, never_cache],\n    path('team/<int:pk>/edit/', views.TeamUpdate.as_view()),\n)\n";
    expect(views(cacheOnly).TeamUpdate).toBe("bare");
    expect(confidences(cacheOnly)).toEqual(["medium"]);
    expect(views("urlpatterns += [path('team/<int:pk>/edit/', views.TeamUpdate.as_view())]\n").TeamUpdate).toBe("bare");
    const after = "urlpatterns += decorated_patterns([login_required], path('me/', views.Other.as_view()))\nurlpatterns += [path('team/<int:pk>/edit/', views.TeamUpdate.as_view())]\n";
    expect(views(after).TeamUpdate).toBe("bare");
  });
});
