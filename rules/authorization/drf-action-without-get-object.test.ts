import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-action-without-get-object.js";

const head = `from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from .models import Finding
from .helpers import reset_duplicate
from .permissions import IsFindingOwner
`;

// A project permission class with an object check, and one without, in another module.
const permissionsModule = `from rest_framework.permissions import BasePermission

class BaseObjectPermission(BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.owner == request.user

class IsFindingOwner(BaseObjectPermission):
    pass

class IsStaffish(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_staff
`;

// Project helpers one hop away: one loads by id unscoped, one scopes to the requesting user.
const helpersModule = `from django.shortcuts import get_object_or_404
from .models import Finding

def reset_duplicate(user, finding_id):
    finding = get_object_or_404(Finding, id=finding_id)
    finding.duplicate = False
    finding.last_reviewed_by = user
    finding.save()

def get_finding_or_404(pk, request):
    return get_object_or_404(Finding.objects, pk=pk, owner=request.user)
`;

const context = { "shop/permissions.py": permissionsModule, "shop/helpers.py": helpersModule };

// A user-scoped get_queryset: get_object() would refuse other users' findings.
const scopedViewSet = `
class FindingViewSet(viewsets.ModelViewSet):
    def get_queryset(self):
        return Finding.objects.filter(owner=self.request.user)
`;

testRule(rule, {
  valid: [
    {
      name: "the action loads the object with get_object",
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    permission_classes = [IsFindingOwner]

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        finding = self.get_object()
        finding.active = False
        finding.save()
        return Response()
`,
    },
    {
      name: "list action (detail=False) has no object",
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    @action(detail=False, methods=["get"])
    def recent(self, request, pk=None):
        return Response(Finding.objects.filter(pk__gt=pk).values())
`,
    },
    {
      name: "the action never uses pk",
      code: head + scopedViewSet + `
    @action(detail=True, methods=["get"])
    def schema(self, request, pk=None):
        return Response({"fields": []})
`,
    },
    {
      name: "the action hands pk to a project permission helper",
      code: head + "from .common import get_and_check_project\n" + `
class ProjectViewSet(viewsets.ModelViewSet):
    permission_classes = [IsFindingOwner]

    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        project = get_and_check_project(request, pk, ("change_project",))
        return Response(project.duplicate().pk)
`,
    },
    {
      name: "a local function named action",
      code: "def action(**kw):\n    return lambda f: f\n\nclass V:\n    @action(detail=True)\n    def close(self, request, pk=None):\n        Finding.objects.filter(pk=pk).delete()\n",
    },
    {
      name: "nothing for get_object() to add: no scoped queryset, no object permission",
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    queryset = Finding.objects.all()

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`,
    },
    {
      name: "permission classes resolved through the project have no has_object_permission",
      code: head + "from .permissions import IsStaffish\n" + `
class FindingViewSet(viewsets.ModelViewSet):
    permission_classes = [IsStaffish]

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`,
      context,
    },
    {
      name: "a plain ViewSet has no get_object() to call",
      code: head + `
class FindingViewSet(viewsets.ViewSet):
    permission_classes = [IsFindingOwner]

    def get_queryset(self):
        return Finding.objects.filter(owner=self.request.user)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`,
    },
    {
      name: "a project helper one hop away loads the object scoped to the user",
      code: head + "from .helpers import get_finding_or_404\n" + scopedViewSet + `
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        finding = get_finding_or_404(pk, request)
        finding.active = False
        finding.save()
        return Response()
`,
      context,
    },
    {
      name: "a self method loads through get_queryset()",
      code: head + scopedViewSet + `
    def get_finding(self, pk):
        return self.get_queryset().get(pk=pk)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        finding = self.get_finding(pk)
        finding.delete()
        return Response()
`,
    },
    {
      name: "a self method rejects any pk that is not the caller",
      code: head + scopedViewSet + `
    def validate_request_user(self, pk, request):
        finding = Finding.objects.get(pk=pk)
        if finding.owner != request.user:
            return False, Response(status=403)
        return True, finding

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        ok, finding = self.validate_request_user(pk, request)
        return Response()
`,
    },
    {
      name: "the query is scoped to the tenant in the same call",
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    permission_classes = [IsFindingOwner]

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        org = self.get_organization(request)
        Finding.objects.get(pk=pk, organization_id=org).delete()
        return Response()
`,
    },
    {
      name: "a decorator on the action checks the pk object",
      code: head + "from django.utils.decorators import method_decorator\nfrom .decorators import has_perm, has_hierarchy_access\n" + scopedViewSet + `
    @method_decorator([has_perm("can_modify_data"), has_hierarchy_access(finding_id_kwarg="pk")])
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`,
    },
  ],
  invalid: [
    {
      name: "pk passed to a helper out of sight, object permissions declared on the action",
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["post"], permission_classes=[IsFindingOwner])
    def reset_duplicate(self, request, pk):
        reset_duplicate(request.user, pk)
        return Response(status=204)
`,
      errors: [{ messageId: "pkWithoutGetObject", line: 10, messageIncludes: "permission classes" }],
    },
    {
      name: "queryset filtered by pk directly on a viewset whose get_queryset scopes by user",
      code: head + scopedViewSet + `
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`,
      errors: [{ messageId: "pkWithoutGetObject", line: 13, messageIncludes: "tenant filters" }],
    },
    {
      name: "project helper one hop away loads unscoped; the permission class has has_object_permission in another module",
      code: head + `
class FindingViewSet(viewsets.GenericViewSet):
    permission_classes = [IsFindingOwner]

    @action(detail=True, methods=["post"])
    def reset(self, request, pk=None):
        reset_duplicate(request.user, pk)
        return Response(status=204)
`,
      context,
      errors: [{ messageId: "pkWithoutGetObject", line: 12 }],
    },
    {
      name: "a self method loads by pk unscoped, DjangoObjectPermissions on the class",
      code: head + "from rest_framework.permissions import DjangoObjectPermissions\n" + `
class FindingViewSet(viewsets.ModelViewSet):
    permission_classes = [DjangoObjectPermissions]

    def load(self, pk):
        return Finding.objects.get(pk=pk)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        finding = self.load(pk)
        finding.delete()
        return Response()
`,
      errors: [{ messageId: "pkWithoutGetObject", line: 16 }],
    },
  ],
});

describe("drf-action-without-get-object confidence", () => {
  const confidences = (code: string, ctx: Record<string, string> = {}) => runRule(rule, code, undefined, ctx).findings.map((f) => f.confidence);

  it("is high when the unscoped load and the object permission are both seen", () => {
    const code = head + `
class FindingViewSet(viewsets.GenericViewSet):
    permission_classes = [IsFindingOwner]

    @action(detail=True, methods=["post"])
    def reset(self, request, pk=None):
        reset_duplicate(request.user, pk)
        return Response(status=204)
`;
    expect(confidences(code, context)).toEqual(["high"]);
  });

  it("is medium when action-level permission classes and the helper are out of sight but the viewset's other methods use get_object()", () => {
    const code = head + `
class FindingViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["post"], permission_classes=[IsFindingOwner])
    def reset_duplicate(self, request, pk):
        reset_duplicate(request.user, pk)
        return Response(status=204)

    @action(detail=True, methods=["post"], permission_classes=[IsFindingOwner])
    def close(self, request, pk):
        finding = self.get_object()
        finding.close()
        return Response(status=204)
`;
    expect(confidences(code)).toEqual(["medium"]);
  });

  it("is low when the helper is out of sight and no other method of the viewset uses get_object()", () => {
    const code = head + `
class FindingViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["post"], permission_classes=[IsFindingOwner])
    def reset_duplicate(self, request, pk):
        reset_duplicate(request.user, pk)
        return Response(status=204)
`;
    expect(confidences(code)).toEqual(["low"]);
  });

  it("is medium when a decorator that does not name pk sits on an action loading the viewset's own model unscoped", () => {
    const code = head + "from django.utils.decorators import method_decorator\nfrom .decorators import has_perm\n" + scopedViewSet + `
    @method_decorator([has_perm("requires_member")])
    @action(detail=True, methods=["put"])
    def show(self, request, pk):
        return Response(Finding.objects.get(pk=pk).title)
`;
    expect(confidences(code)).toEqual(["medium"]);
  });

  it("is low when a decorator on the action may check something and pk goes to a helper out of sight", () => {
    const code = head + "from django.utils.decorators import method_decorator\nfrom .decorators import has_perm\nfrom .other import load_finding\n" + scopedViewSet + `
    @method_decorator([has_perm("requires_member")])
    @action(detail=True, methods=["put"])
    def show(self, request, pk):
        return Response(load_finding(pk).title)
`;
    expect(confidences(code)).toEqual(["low"]);
  });

  it("is low when the base class is a project class out of sight", () => {
    const code = head + "from .viewsets import OrgViewSet\n" + `
class FindingViewSet(OrgViewSet):
    permission_classes = [IsFindingOwner]

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`;
    expect(confidences(code)).toEqual(["low"]);
  });

  it("follows a project base class to its user-scoped get_queryset", () => {
    const base = `from rest_framework.viewsets import ModelViewSet\n\nclass OrgViewSet(ModelViewSet):\n    def get_queryset(self):\n        return self.queryset.filter(organization=self.request.user.org)\n`;
    const code = head + "from .viewsets import OrgViewSet\n" + `
class FindingViewSet(OrgViewSet):
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`;
    expect(confidences(code, { "shop/viewsets.py": base })).toEqual(["high"]);
    const plain = `from rest_framework.viewsets import ViewSet\n\nclass OrgViewSet(ViewSet):\n    pass\n`;
    expect(confidences(code, { "shop/viewsets.py": plain })).toEqual([]);
  });
});
