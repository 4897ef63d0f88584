import { defineRule } from "../../src/core/analysis/define-rule.js";
import { classAttribute, classMethods } from "./class-views.js";
import { detailAction, moduleViews } from "./object-lookups.js";

const USES_OBJECT = /\bself\.get_object\s*\(|\bcheck_object_permissions\s*\(|\bself\.(get_queryset|filter_queryset)\s*\(|\bsuper\(\)\.\w+\s*\(/;
const PROJECT_CHECK = /PermissionDenied|HttpResponseForbidden|HTTP_403|has_perm|_or_403|has_object_permission/;
// A project check on the object or its id: `check_project_perms(request, task.project)`, `get_and_check_task(request, pk)`.
const CHECKING_HELPER = /\b\w*(perm|authori[sz]|_and_check|check_access|_or_403)\w*\s*\(/i;

export default defineRule({
  id: "drf-action-without-get-object",
  severity: "high",
  confidence: "medium",
  cwe: [639, 862],
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/permissions/#object-level-permissions",
  docs: {
    what:
      "Finds DRF `@action(detail=True)` methods that work on the object named by the URL's `pk` without calling `self.get_object()`, so neither the viewset's `get_queryset()` scoping nor its object permissions run.",
    why:
      "DRF checks object permissions (`has_object_permission`) only inside `get_object()`. An action that passes `pk` to a query or a helper skips them: any user allowed to call the endpoint can act on any object by changing the id.",
    example:
      "from rest_framework import viewsets\nfrom rest_framework.decorators import action\nfrom rest_framework.response import Response\nfrom .models import Finding\nfrom .permissions import IsFindingOwner\n\nclass FindingViewSet(viewsets.ModelViewSet):\n    permission_classes = [IsFindingOwner]\n\n    @action(detail=True, methods=[\"post\"])\n    def close(self, request, pk=None):\n        Finding.objects.filter(pk=pk).update(active=False)\n        return Response()\n",
    good: "from rest_framework import viewsets\nfrom rest_framework.decorators import action\nfrom rest_framework.response import Response\nfrom .models import Finding\nfrom .permissions import IsFindingOwner\n\nclass FindingViewSet(viewsets.ModelViewSet):\n    permission_classes = [IsFindingOwner]\n\n    @action(detail=True, methods=[\"post\"])\n    def close(self, request, pk=None):\n        finding = self.get_object()\n        finding.active = False\n        finding.save()\n        return Response()\n",
    fix:
      "Load the object with `self.get_object()` (which applies `get_queryset()` and `check_object_permissions`) and work on it. Good:\n\n```python\n@action(detail=True, methods=[\"post\"])\ndef close(self, request, pk=None):\n    finding = self.get_object()\n    finding.active = False\n    finding.save()\n```",
    note:
      "High confidence when the viewset or the action declares `permission_classes` or another method of the viewset uses `self.get_object()` (the project relies on object permissions); medium otherwise. Silent when the action calls `self.get_object()`, `check_object_permissions`, `self.get_queryset()`/`filter_queryset()`, a `super()` method, raises `PermissionDenied`, or never uses `pk`. It cannot tell whether a helper the action passes `pk` to checks permissions itself.",
  },
  mentions: /detail\s*=\s*True|detail_route/,
  messages: {
    pkWithoutGetObject:
      "`{{action}}` acts on the object named by the URL's `pk` without `self.get_object()`, so {{what}} never run for it. Call `self.get_object()` and use the object it returns.",
  },
  checkModule({ root, imports, report }) {
    for (const view of moduleViews(root)) {
      if (!view.cls) continue;
      const deco = detailAction(view, imports);
      if (!deco) continue;
      const lookup = [...view.urlParams].includes("pk") ? "pk" : undefined;
      const body = view.node.childForFieldName("body")?.text ?? "";
      if (!lookup || !/\bpk\b/.test(body)) continue;
      if (USES_OBJECT.test(body) || PROJECT_CHECK.test(body) || CHECKING_HELPER.test(body)) continue;
      const perms = /permission_classes/.test(deco.text) || !!classAttribute(view.cls, "permission_classes");
      const siblingsGetObject = classMethods(view.cls).some((m) => m.node !== view.node && /\bself\.get_object\s*\(/.test(m.node.text));
      const what = perms ? "the permission classes' object checks and `get_queryset()`" : "`get_queryset()` and the object permissions";
      report(view.nameNode, "pkWithoutGetObject", { action: view.name, what }, { confidence: perms || siblingsGetObject ? "high" : "medium" });
    }
  },
});
