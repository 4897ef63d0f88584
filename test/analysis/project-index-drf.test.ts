import { buildProjectIndex, loaderKind } from "../../src/core/analysis/project-index.js";

describe("project index: DRF classes and object loaders", () => {
  const index = buildProjectIndex([
    {
      path: "app/permissions.py",
      text: `from rest_framework.permissions import BasePermission, DjangoObjectPermissions

class BaseRelated(BasePermission):
    def has_permission(self, request, view):
        return True

    def has_object_permission(self, request, view, obj):
        return obj.owner == request.user

class IsFindingRelated(BaseRelated):
    permission_map = {}

class IsStaff(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_staff

class Guarded(DjangoObjectPermissions):
    pass
`,
    },
    {
      path: "app/viewsets.py",
      text: `from rest_framework.viewsets import ModelViewSet, ViewSet
from rest_framework import generics

class OrgMixin:
    def get_queryset(self):
        return self.queryset.filter(organization=self.request.user.org)

class OrgModelViewSet(OrgMixin, ModelViewSet):
    pass

class PlainViewSet(ViewSet):
    def get_queryset(self):
        return Thing.objects.all()

class Detail(generics.RetrieveUpdateAPIView):
    pass
`,
    },
    {
      path: "app/helpers.py",
      text: `def load_scoped(pk, request):
    return get_object_or_404(Printer.objects, pk=pk, user=request.user)

def load_any(user, finding_id):
    finding = get_object_or_404(Finding, id=finding_id)
    finding.last_reviewed_by = user
    return finding

def unrelated(request):
    return Printer.objects.filter(user=request.user)
`,
    },
  ]);

  it("marks permission classes that (through a project ancestor) implement has_object_permission", () => {
    expect(index.permissionClasses).toMatchObject({ BaseRelated: true, IsFindingRelated: true, IsStaff: false, Guarded: true });
  });

  it("lists generic views through project bases and not plain ViewSets", () => {
    expect(index.genericViewClasses).toEqual(expect.arrayContaining(["OrgModelViewSet", "Detail"]));
    expect(index.genericViewClasses).not.toContain("PlainViewSet");
    expect(index.genericViewClasses).not.toContain("OrgMixin");
    expect(index.knownClasses).toContain("PlainViewSet");
  });

  it("lists classes whose get_queryset (own or inherited) filters by user or tenant", () => {
    expect(index.scopedQuerysetClasses).toEqual(expect.arrayContaining(["OrgMixin", "OrgModelViewSet"]));
    expect(index.scopedQuerysetClasses).not.toContain("PlainViewSet");
  });

  it("sorts helpers that load by an id parameter into scoped and unscoped", () => {
    expect(index.objectLoaders).toEqual({ load_scoped: "scoped", load_any: "unscoped" });
  });

  it("does not take an attribute assignment of the user for a scoped query", () => {
    expect(loaderKind("def f(user, pk):\n    o = Thing.objects.get(pk=pk)\n    o.editor = user\n", ["user", "pk"])).toBe("unscoped");
    expect(loaderKind("def f(user, pk):\n    return Thing.objects.get(pk=pk, owner=user)\n", ["user", "pk"])).toBe("scoped");
    expect(loaderKind("def f(request):\n    return Thing.objects.get(pk=1)\n", ["request"])).toBeUndefined();
  });
});
