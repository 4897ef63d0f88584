import { runRule } from "../../../test/helpers/test-rule.js";
import cbvMissingAccessControl from "../../../rules/authorization/cbv-missing-access-control.js";
import { buildProjectIndex } from "./project-index.js";

const VIEWS =
  "from django.views.generic import FormView, UpdateView\nfrom .forms import SettingForm\nfrom .models import Status\n\n\n" +
  "class SettingView(FormView):\n    form_class = SettingForm\n    template_name = 'settings.html'\n    def form_valid(self, form):\n        form.save()\n        return super().form_valid(form)\n\n\n" +
  "class StatusEdit(UpdateView):\n    model = Status\n    fields = ['note']\n\n\n" +
  // A sibling with an access mixin: the module checks access in its classes (the evidence that makes a bare route worth a comment).
  "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views.generic import ListView\n\n\nclass StatusList(LoginRequiredMixin, ListView):\n    model = Status\n";

const index = (routes: string) => buildProjectIndex([{ path: "proj/routes.py", text: routes }, { path: "proj/views.py", text: VIEWS }]).views;
const confidences = (routes: string) => runRule(cbvMissingAccessControl, VIEWS, "proj/views.py", { "proj/routes.py": routes }).findings.map((f) => `${f.line}:${f.confidence}`);

describe("views routed through a site that checks access itself", () => {
  it("a view mounted in a django-cradmin app (crapp.Url in appurls) is guarded by the cradmin instance: listed, not commented", () => {
    for (const source of ["from cradmin_legacy import crapp", "from django_cradmin import crapp"]) {
      const app =
        `${source}\nfrom . import views\n\n\nclass App(crapp.App):\n    appurls = [\n        crapp.Url(\n            r"^status/(?P<pk>\\d+)/edit$",\n` +
        "            views.StatusEdit.as_view(),\n            name='edit'),\n        crapp.Url(r'^settings$', views.SettingView.as_view(), name=crapp.INDEXVIEW_NAME),\n    ]\n";
      expect(index(app)).toEqual({ StatusEdit: "guarded", SettingView: "guarded" });
      expect(confidences(app)).toEqual(["6:low", "14:low"]);
    }
  });

  it("a view handed to a method of the admin site (register_view, a project's register_url) is served through admin_view", () => {
    const routes = "from django.contrib import admin\nfrom . import views\n\nadmin.site.register_url(r'^settings/$', views.SettingView.as_view(), 'settings_change')\n" +
      "admin.site.register_view(\n    'status/edit/',\n    view=views.StatusEdit.as_view(),\n    name='status-edit',\n)\n";
    expect(index(routes)).toEqual({ SettingView: "guarded", StatusEdit: "guarded" });
    expect(confidences(routes)).toEqual(["6:low", "14:low"]);
    // A ModelAdmin's get_urls that wraps the view in self.admin_site.admin_view.
    const getUrls = "from django.urls import path\n\nclass StatusAdmin(admin.ModelAdmin):\n    def get_urls(self):\n        return [path('edit/', self.admin_site.admin_view(StatusEdit.as_view()))] + super().get_urls()\n";
    expect(index(getUrls).StatusEdit).toBe("guarded");
  });

  it("the same views routed by a plain URL pattern, by a crapp.Url of another library, or bare in a get_urls stay reported", () => {
    const plain = "from django.urls import path\nfrom . import views\n\nurlpatterns = [\n    path('settings/', views.SettingView.as_view()),\n    path('status/<int:pk>/', views.StatusEdit.as_view()),\n]\n";
    expect(index(plain)).toEqual({ SettingView: "bare", StatusEdit: "bare" });
    expect(confidences(plain)).toEqual(["6:medium", "14:medium"]);
    // `crapp` that is not django-cradmin's: nothing known checks access.
    const lookalike = "from myproject import crapp\nfrom . import views\n\nurls = [crapp.Url(r'^settings$', views.SettingView.as_view())]\n";
    expect(index(lookalike).SettingView).toBe("bare");
    // A ModelAdmin.get_urls that routes the view without admin_view: any logged-out visitor reaches it.
    const unwrapped = "from django.urls import path\n\nclass StatusAdmin(admin.ModelAdmin):\n    def get_urls(self):\n        return [path('edit/', StatusEdit.as_view())] + super().get_urls()\n";
    expect(index(unwrapped).StatusEdit).toBe("bare");
    // Routed after an admin-site call on the same line: only the call's own arguments are guarded.
    const after = "from django.urls import path\nurlpatterns = [path('admin/', admin.site.urls), path('s/', admin.site.admin_view(SettingView.as_view())), path('e/', StatusEdit.as_view())]\n";
    expect(index(after)).toEqual({ SettingView: "guarded", StatusEdit: "bare" });
  });
});
