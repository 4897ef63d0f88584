import { buildProjectIndex, ownViewHandlers } from "../../src/core/analysis/project-index.js";

describe("project index: which HTTP methods project class-based views answer", () => {
  const index = buildProjectIndex([
    {
      path: "shop/views.py",
      text: `from django.views.generic import DetailView, FormView, TemplateView
from oscar.apps.checkout import views

class Display(DetailView):
    template_name = "d.html"

class Child(Display):
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

class Editing(Display):
    def post(self, request, *args, **kwargs):
        self.get_object().delete()

class EditChild(Editing):
    pass

class Form(FormView):
    pass

class OwnDispatch(TemplateView):
    def dispatch(self, request, *args, **kwargs):
        return handle(request)

class Handing(TemplateView):
    def dispatch(self, request, *args, **kwargs):
        return super(Handing, self).dispatch(request, *args, **kwargs)

class GetOnly(SomeLibraryView):
    http_method_names = ["get", "head"]

class ThankYouView(views.ThankYouView):
    template_name = "t.html"

class Unknown(SomeLibraryView):
    pass

class OrderMixin:
    def get_queryset(self):
        return self.request.user.orders.all()

class Mixed(OrderMixin, Display):
    pass
`,
    },
  ]);

  it("resolves project bases and Django's views: display views answer safe methods only, form views and own POST handlers do not", () => {
    expect(index.viewHandlers).toMatchObject({ Display: "safe", Child: "safe", Handing: "safe", GetOnly: "safe", Editing: "unsafe", EditChild: "unsafe", Form: "unsafe", OwnDispatch: "unsafe", OrderMixin: "neutral", Mixed: "safe" });
  });

  it("leaves out a class with a base out of sight, including a library class of its own name", () => {
    expect(index.viewHandlers).not.toHaveProperty("Unknown");
    expect(index.viewHandlers).not.toHaveProperty("ThankYouView");
  });

  it("reads a class body: unsafe handlers, a dispatch of its own, a safe-only method list", () => {
    expect(ownViewHandlers("class A(View):\n    async def delete(self, request):\n        pass\n")).toBe("unsafe");
    expect(ownViewHandlers("class A(View):\n    put = update\n")).toBe("unsafe");
    expect(ownViewHandlers("class A(View):\n    http_method_names = ('get', 'options')\n")).toBe("safe");
    expect(ownViewHandlers("class A(View):\n    http_method_names = ['get', 'post']\n")).toBeUndefined();
    expect(ownViewHandlers("class A(View):\n    def get(self, request):\n        pass\n")).toBeUndefined();
  });

  it("lists viewsets that set (or inherit from a project base) a literal list of permission classes without AllowAny", () => {
    const idx = buildProjectIndex([
      {
        path: "app/base.py",
        text: "from rest_framework import viewsets\nclass Owned(viewsets.ModelViewSet):\n    permission_classes = (\n        IsAuthenticated,  # signed in\n        IsOwner,\n    )\nclass Child(Owned):\n    pass\nclass Open(Owned):\n    permission_classes = [permissions.AllowAny]\nclass Computed(viewsets.ModelViewSet):\n    permission_classes = get_permissions()\nclass Empty(viewsets.ModelViewSet):\n    permission_classes = []\n",
      },
    ]);
    expect(idx.protectedViewsets).toEqual(["Child", "Owned"]);
  });
});
