import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-action-without-get-object.js";

const head = `from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from .models import Finding
from .helpers import reset_duplicate
from .permissions import IsFindingOwner
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
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["get"])
    def schema(self, request, pk=None):
        return Response({"fields": []})
`,
    },
    {
      name: "the action hands pk to a project permission helper",
      code: head + "from .common import get_and_check_project\n" + `
class ProjectViewSet(viewsets.ModelViewSet):
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
  ],
  invalid: [
    {
      name: "pk passed to a helper, object permissions declared on the action",
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
      name: "queryset filtered by pk directly",
      code: head + `
class FindingViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        Finding.objects.filter(pk=pk).update(active=False)
        return Response()
`,
      errors: [{ messageId: "pkWithoutGetObject", line: 10 }],
    },
  ],
});
