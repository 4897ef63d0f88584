import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./cbv-missing-access-control.js";

const gen = "from django.views.generic import CreateView, UpdateView, DeleteView, FormView, DetailView\n";
const mix = "from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin\n";

const download = (extra = "") => gen + "from django.http import HttpResponse\n\nclass DocDownload(DetailView):\n    model = Document\n" + extra + "\n    def render_to_response(self, context, **kw):\n        with open(self.object.path, 'rb') as fh:\n            resp = HttpResponse(fh.read())\n        resp['Content-Disposition'] = 'attachment'\n        return resp\n";

testRule(rule, {
  valid: [
    {
      name: "access mixin after a view but before another Django view: C3 puts View.dispatch after the mixin, so its check runs",
      code: gen + mix + "from django.views.generic import TemplateView\nclass Detail(FormView, PermissionRequiredMixin, TemplateView):\n    permission_required = 'x.change'\n",
    },
    {
      name: "Django 5.1's LoginRequiredMiddleware in the project's settings",
      code: gen + "class Edit(UpdateView):\n    model = Post\n",
      context: { "mysite/settings.py": 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.auth.middleware.LoginRequiredMiddleware",\n]\n' },
    },
    {
      name: "django-stronghold's middleware added in a split settings module",
      code: gen + "class Edit(FormView):\n    form_class = EditForm\n    def form_valid(self, form):\n        form.save()\n        return super().form_valid(form)\n",
      context: {
        "mysite/settings/base.py": 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n',
        "mysite/settings/production.py": 'from .base import *\nMIDDLEWARE += ["stronghold.middleware.LoginRequiredMiddleware"]\n',
      },
    },
    { name: "the guide's protected update view", code: gen + mix + "class PostUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):\n    model = Post\n    permission_required = 'app.can_edit_others'\n    raise_exception = True\n" },
    { name: "read-only view", code: gen + "class PostDetail(DetailView):\n    model = Post\n" },
    { name: "UserPassesTestMixin", code: gen + mix + "class Del(UserPassesTestMixin, DeleteView):\n    def test_func(self):\n        return self.request.user.is_staff\n" },
    {
      name: "method_decorator login_required on dispatch",
      code: gen + "from django.utils.decorators import method_decorator\nfrom django.contrib.auth.decorators import login_required\n@method_decorator(login_required, name='dispatch')\nclass Edit(UpdateView):\n    model = Post\n",
    },
    {
      name: "project decorator on the class",
      code: gen + "from accounts.decorators import staff_only\n@staff_only\nclass Edit(UpdateView):\n    model = Post\n",
    },
    { name: "dispatch override", code: gen + "class Edit(UpdateView):\n    def dispatch(self, request, *a, **k):\n        return super().dispatch(request, *a, **k)\n" },
    { name: "get_queryset scoped to the user", code: gen + "class Edit(UpdateView):\n    def get_queryset(self):\n        return Post.objects.filter(author=self.request.user)\n" },
    { name: "hand-written check raising PermissionDenied", code: gen + "from django.core.exceptions import PermissionDenied\nclass Edit(UpdateView):\n    def get_object(self, queryset=None):\n        obj = super().get_object(queryset)\n        if obj.owner_id != self.request.user.pk:\n            raise PermissionDenied\n        return obj\n" },
    { name: "project mixin imported from elsewhere", code: gen + "from core.mixins import StaffRequiredMixin\nclass Edit(StaffRequiredMixin, UpdateView):\n    model = Post\n" },
    { name: "unresolved base", code: gen + "from core.views import *\nclass Edit(OwnerOnly, UpdateView):\n    model = Post\n" },
    {
      name: "local base with an access mixin is followed",
      code: gen + mix + "class Protected(LoginRequiredMixin):\n    pass\nclass Edit(Protected, UpdateView):\n    model = Post\n",
    },
    {
      name: "local mixin with a dispatch check",
      code: gen + "class OwnerRequired:\n    def dispatch(self, request, *a, **k):\n        return super().dispatch(request, *a, **k)\nclass Edit(OwnerRequired, UpdateView):\n    model = Post\n",
    },
    { name: "local base used by protected subclasses", code: gen + mix + "class PostEditBase(UpdateView):\n    model = Post\nclass PostEdit(LoginRequiredMixin, PostEditBase):\n    pass\n" },
    { name: "a FormView used as a page: no form_valid() or handler of its own, so a submission only redirects", code: gen + "class Report(FormView):\n    template_name = 'report.html'\n    success_url = '/'\n    def get(self, request, *args, **kwargs):\n        return self.render_to_response({'rows': Row.objects.all()})\n" },
    { name: "public form by name", code: gen + "class ContactView(FormView):\n    form_class = ContactForm\nclass SignUpView(CreateView):\n    form_class = SignUpForm\n" },
    { name: "wrapped with login_required in the same module", code: gen + "from django.contrib.auth.decorators import login_required\nfrom django.urls import path\nclass Edit(UpdateView):\n    model = Post\nurlpatterns = [path('e/<int:pk>/', login_required(Edit.as_view()))]\n" },
    { name: "wrapped with login_required over several lines", code: gen + "from django.contrib.auth.decorators import login_required\nfrom django.urls import path\nclass Edit(UpdateView):\n    model = Post\nurlpatterns = [\n    path(\n        'e/<int:pk>/',\n        login_required(\n            Edit.as_view()\n        ),\n    ),\n]\n" },
    { name: "local class named like a generic view", code: "class UpdateView:\n    pass\nclass Edit(UpdateView):\n    model = Post\n" },
    { name: "reusable base naming no model or form", code: gen + "class DeleteWithoutConfirmationView(DeleteView):\n    def get(self, request, *args, **kwargs):\n        return self.post(request, *args, **kwargs)\n" },
    {
      name: "a very long chain of local bases is left alone",
      code: gen + "class A0(UpdateView):\n    model = Post\n" + Array.from({ length: 40 }, (_, i) => `class A${i + 1}(A${i}):\n    pass\n`).join(""),
    },
    { name: "django auth views are not judged", code: "from django.contrib.auth.views import PasswordChangeView\nclass ChangePw(PasswordChangeView):\n    pass\n" },
    { name: "file download whose get_queryset is limited to the user", code: download("\n    def get_queryset(self):\n        return Document.objects.filter(owner=self.request.user)\n") },
    { name: "file download with an ownership check", code: download().replace("class DocDownload(DetailView)", "from django.core.exceptions import PermissionDenied\nclass DocDownload(DetailView)").replace("with open", "if self.object.owner != self.request.user:\n            raise PermissionDenied\n        with open") },
    { name: "detail view rendering a page, not a file", code: gen + "class DocDetail(DetailView):\n    model = Document\n    template_name = 'doc.html'\n" },
  ],
  invalid: [
    {
      name: "DetailView sending the stored file of any object",
      code: download(),
      errors: [{ messageId: "fileOfAnyObject", line: 4, messageIncludes: "any `Document`" }],
    },
    {
      name: "a login-required middleware that is commented out, or only in a non-settings module",
      code: gen + "class Edit(UpdateView):\n    model = Post\n",
      context: {
        "mysite/settings.py": 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    # "django.contrib.auth.middleware.LoginRequiredMiddleware",\n]\n',
        "mysite/middleware_notes.py": 'MIDDLEWARE = ["django.contrib.auth.middleware.LoginRequiredMiddleware"]\n',
      },
      errors: [{ messageId: "missingAccessControl", line: 2 }],
    },
    {
      name: "the bare update view",
      code: gen + "class PostUpdateView(UpdateView):\n    model = Post\n    fields = ['title']\n",
      errors: [{ messageId: "missingAccessControl", line: 2, messageIncludes: "edit objects" }],
    },
    {
      name: "delete view through the edit module and SuccessMessageMixin",
      code: "from django.views.generic.edit import DeleteView\nfrom django.contrib.messages.views import SuccessMessageMixin\nclass Remove(SuccessMessageMixin, DeleteView):\n    model = Post\n",
      errors: [{ messageId: "missingAccessControl", line: 3, messageIncludes: "`DeleteView`" }],
    },
    {
      name: "module alias and Base view",
      code: "from django.views import generic\nclass Make(generic.edit.BaseCreateView):\n    model = Post\n",
      errors: [{ messageId: "missingAccessControl", line: 2, messageIncludes: "create objects" }],
    },
    {
      name: "csrf/caching decorators are not access checks",
      code: gen + "from django.utils.decorators import method_decorator\nfrom django.views.decorators.cache import never_cache\n@method_decorator(never_cache, name='dispatch')\nclass Edit(UpdateView):\n    model = Post\n",
      errors: [{ messageId: "missingAccessControl", line: 5 }],
    },
    {
      name: "local base without protection is followed, its form_valid() included",
      code: gen + "class Common:\n    template_name = 'x.html'\n    def form_valid(self, form):\n        form.instance.transfer()\n        return super().form_valid(form)\nclass Edit(Common, FormView):\n    form_class = TransferForm\n",
      errors: [{ messageId: "missingAccessControl", line: 7, messageIncludes: "submit this form" }],
    },
    {
      name: "a FormView whose own post() acts",
      code: gen + "class Close(FormView):\n    template_name = 'close.html'\n    def post(self, request, *args, **kwargs):\n        Vote.objects.filter(pk=kwargs['pk']).update(open=False)\n        return redirect('/')\n",
      errors: [{ messageId: "missingAccessControl", line: 2, messageIncludes: "submit this form" }],
    },
    {
      name: "get_queryset not scoped to the user",
      code: gen + "class Edit(UpdateView):\n    def get_queryset(self):\n        return Post.objects.filter(published=True)\n",
      errors: [{ messageId: "missingAccessControl", line: 2 }],
    },
    {
      name: "access mixin after the view",
      code: gen + mix + "class Edit(UpdateView, LoginRequiredMixin):\n    model = Post\n",
      errors: [{ messageId: "mixinAfterView", line: 3, messageIncludes: "`LoginRequiredMixin` comes after `UpdateView`" }],
    },
    {
      name: "access mixin after a view, followed only by a project class",
      code: gen + mix + "class Detail(FormView, PermissionRequiredMixin, SchemaHelpers):\n    permission_required = 'x.change'\n",
      errors: [{ messageId: "mixinAfterView", line: 3 }],
    },
    {
      name: "access mixin after a read view",
      code: gen + mix + "class Show(DetailView, PermissionRequiredMixin):\n    permission_required = 'x.view'\n",
      errors: [{ messageId: "mixinAfterView", line: 3 }],
    },
  ],
});

describe("cbv-missing-access-control: confidence of a file download of any object", () => {
  const confidence = (code: string, path?: string) => runRule(rule, code, path).findings.filter((f) => f.messageId === "fileOfAnyObject").map((f) => f.confidence);
  it("is medium for a download view among checked or no other views", () => {
    expect(confidence(download())).toEqual(["medium"]);
  });
  it("is low in a staff area, whose access control lives in the app's URLs", () => {
    expect(confidence(download(), "shop/dashboard/views.py")).toEqual(["low"]);
  });
  it("is low when the module's other generic views show no check either", () => {
    expect(confidence(download() + "\nclass DocDelete(DeleteView):\n    model = Document\n")).toEqual(["low"]);
  });
});

describe("cbv-missing-access-control and how the URL conf routes the view", () => {
  // A sibling with LoginRequiredMixin shows the module checks access in its classes.
  const view =
    "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views.generic import CreateView, UpdateView\nfrom .models import Post\nclass Make(CreateView):\n    model = Post\n    fields = ['title']\n" +
    "class Edit(LoginRequiredMixin, UpdateView):\n    model = Post\n    fields = ['title']\n";
  const confidence = (urls: string) => runRule(rule, view, "blog/views.py", { "blog/urls.py": "from django.urls import path\nfrom .views import Make\nfrom .decorators import setup_pending\n" + urls }).findings.map((f) => f.confidence);
  it("is low confidence when a project decorator wraps the view where it is routed", () => {
    expect(confidence("urlpatterns = [path('setup/', setup_pending(Make.as_view()))]\n")).toEqual(["low"]);
  });
  it("keeps the rule's confidence when only csrf_exempt wraps it", () => {
    expect(confidence("from django.views.decorators.csrf import csrf_exempt\nurlpatterns = [path('setup/', csrf_exempt(Make.as_view()))]\n")).toEqual([rule.confidence]);
  });
  it("keeps the rule's confidence when one route is bare", () => {
    expect(confidence("urlpatterns = [path('setup/', setup_pending(Make.as_view())), path('make/', Make.as_view())]\n")).toEqual([rule.confidence]);
  });
  const routes = { "blog/urls.py": "from django.urls import path\nfrom .views import Make\nurlpatterns = [path('make/', Make.as_view())]\n" };
  const alone = (code: string) => runRule(rule, code, "blog/views.py", routes).findings.map((f) => f.confidence);
  it("is low confidence when no other class-based view of the module checks access (its checks live elsewhere)", () => {
    expect(alone("from django.views.generic import CreateView\nfrom .models import Post\nclass Make(CreateView):\n    model = Post\n    fields = ['title']\n")).toEqual(["low"]);
    expect(alone("from django.views.generic import CreateView, UpdateView\nfrom .models import Post\nclass Make(CreateView):\n    model = Post\n    fields = ['title']\nclass Edit(UpdateView):\n    model = Post\n    fields = ['title']\n")).toEqual(["low", "low"]);
  });
  it("is low confidence when most other class-based views of the module check nothing either", () => {
    const code =
      "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views.generic import CreateView, DetailView, ListView\nfrom .models import Post\nclass Make(CreateView):\n    model = Post\n    fields = ['title']\n" +
      "class Show(DetailView):\n    model = Post\nclass Index(ListView):\n    model = Post\nclass Mine(LoginRequiredMixin, ListView):\n    model = Post\n";
    expect(alone(code)).toEqual(["low"]);
  });
});

describe("cbv-missing-access-control: checks in get_object() and first-run setup views", () => {
  const ids = (code: string) => runRule(rule, gen + code).findings.map((f) => `${f.messageId}:${f.line}`);
  const setProject =
    "\nclass SetProjectView(UpdateView):\n    model = Request\n    form_class = AssignProjectForm\n\n    def get_object(self, queryset=None):\n        obj = super().get_object(queryset=queryset)\n";

  it("get_object() that refuses the object under a condition on the request is a check", () => {
    expect(ids(setProject + "        if not can_manage_object(obj, self.request):\n            raise Http404\n        return obj\n")).toEqual([]);
  });

  it("get_object() that raises 404 for another reason is not", () => {
    expect(ids(setProject + "        if obj.deleted:\n            raise Http404\n        return obj\n")).toEqual(["missingAccessControl:3"]);
  });

  const setup = (post: string) =>
    "from django.contrib.auth import get_user_model\nUser = get_user_model()\n\nclass BlankSiteStartView(FormView):\n    form_class = SuperuserCreationForm\n    template_name = 'start.html'\n\n" +
    "    def get(self, request):\n        if User.objects.exists():\n            return redirect('index')\n        return super().get(request)\n\n    def post(self, request):\n" + post;

  it("a first-run setup view whose post() turns requests away once any user exists is not reported", () => {
    expect(ids(setup("        with self.lock:\n            if User.objects.exists():\n                messages.error(request, 'already set up')\n                return redirect('login')\n            return super().post(request)\n"))).toEqual([]);
  });

  it("one whose post() does not check (only get() does), or checks the opposite, is reported", () => {
    expect(ids(setup("        return super().post(request)\n"))).toEqual(["missingAccessControl:5"]);
    expect(ids(setup("        if not User.objects.exists():\n            return redirect('setup')\n        return super().post(request)\n"))).toEqual(["missingAccessControl:5"]);
  });
});
