import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./view-missing-sibling-protection.js";

const head = `from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from .models import Note
`;
const siblings = `
@login_required
def note_list(request):
    return render(request, "notes.html", {"notes": Note.objects.filter(owner=request.user)})

@login_required
def note_detail(request, pk):
    return render(request, "note.html", {"note": get_object_or_404(Note, pk=pk, owner=request.user)})

@login_required
def note_edit(request, pk):
    note = get_object_or_404(Note, pk=pk, owner=request.user)
    note.save()
    return render(request, "note.html", {"note": note})
`;
const drfHead = `from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from .permissions import IsOwner
`;
const actions = (extra: string, classBody = "") => `
class NoteViewSet(viewsets.ModelViewSet):
${classBody}    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsOwner])
    def archive(self, request, pk=None):
        return self.get_object()

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsOwner])
    def pin(self, request, pk=None):
        return self.get_object()

    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated, IsOwner])
    def history(self, request, pk=None):
        return self.get_object()
${extra}`;

const bodyChecked = `from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from .models import Organization, Template

def default_templates(request, organization_id):
    user = request.user
    if not user.is_superuser and not user.is_manager(organization_id):
        return HttpResponse(status=403)
    org = get_object_or_404(Organization, pk=organization_id)
    return JsonResponse({"templates": [str(t.pk) for t in org.templates.all()]})

def schema(request):
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    return JsonResponse({})
`;

testRule(rule, {
  valid: [
    { name: "every view is protected", code: head + siblings + "\n@login_required\ndef note_delete(request, pk):\n    Note.objects.filter(pk=pk, owner=request.user).delete()\n" },
    { name: "the unprotected view checks in its body", code: head + siblings + "\ndef note_delete(request, pk):\n    if not request.user.is_authenticated:\n        return redirect_to_login(request.path)\n    Note.objects.filter(pk=pk, owner=request.user).delete()\n" },
    { name: "a public endpoint by name", code: head + siblings + "\ndef signup(request):\n    form = SignupForm(request.POST)\n    form.save()\n" },
    { name: "the unprotected view only renders a page", code: head + siblings + "\ndef about(request):\n    return render(request, 'about.html')\n" },
    { name: "too few siblings to show a convention", code: head + "@login_required\ndef a(request):\n    pass\n\n@login_required\ndef b(request):\n    pass\n\ndef c(request, pk):\n    Note.objects.get(pk=pk).delete()\n" },
    { name: "two unprotected views: no single odd one out", code: head + siblings + "\ndef x(request, pk):\n    Note.objects.get(pk=pk).delete()\n\ndef y(request, pk):\n    Note.objects.get(pk=pk).delete()\n" },
    {
      name: "bulk PATCH/DELETE action under the viewset's own permission classes (checked as an update or delete)",
      code: drfHead + "from .permissions import SubmissionPermission\n" + actions("\n    @action(detail=False, methods=['PATCH', 'DELETE'])\n    def bulk(self, request, *args, **kwargs):\n        return self.bulk_change(request)\n", "    permission_classes = (SubmissionPermission,)\n"),
    },
    {
      name: "PATCH action under permission classes a viewset base of the module sets",
      code: drfHead + "from .permissions import SubmissionPermission\nclass Base(viewsets.ModelViewSet):\n    permission_classes = [IsAuthenticated, SubmissionPermission]\n" + actions("\n    @action(detail=True, methods=['patch'])\n    def rename(self, request, pk=None):\n        return self.get_object()\n").replace("NoteViewSet(viewsets.ModelViewSet)", "NoteViewSet(Base)"),
    },
    {
      name: "PATCH action under permission classes a project viewset base in another module sets",
      code: drfHead + "from .base import ProtectedViewSet\n" + actions("\n    @action(detail=True, methods=['patch'])\n    def rename(self, request, pk=None):\n        return self.get_object()\n").replace("NoteViewSet(viewsets.ModelViewSet)", "NoteViewSet(ProtectedViewSet)"),
      context: { "app/base.py": "from rest_framework import viewsets\nfrom .permissions import IsOwner\nclass OwnedViewSet(viewsets.ModelViewSet):\n    permission_classes = (\n        IsOwner,\n    )\nclass ProtectedViewSet(OwnedViewSet):\n    pass\n" },
    },
    { name: "every action declares permission classes", code: drfHead + actions("\n    @action(detail=True, methods=['post'], permission_classes=[IsOwner])\n    def close(self, request, pk=None):\n        return self.get_object()\n") },
    { name: "a read-only action without permission classes", code: drfHead + actions("\n    @action(detail=True, methods=['get'])\n    def preview(self, request, pk=None):\n        return self.get_object()\n") },
    {
      name: "body-checked siblings; the third view scopes its query to the user",
      code: bodyChecked + "\ndef default_values(request):\n    pks = request.GET.get('pks', '').split(',')\n    values = Template.objects.filter(pk__in=pks, organization__in=request.user.organizations_managed)\n    return JsonResponse({'values': list(values)})\n",
    },
    {
      name: "body-checked siblings; the third view reads nothing by id",
      code: bodyChecked + "\ndef backends(request):\n    return JsonResponse({'backends': list(BACKENDS)})\n",
    },
    {
      name: "one body-checked sibling is too few",
      code: bodyChecked.replace(/\ndef schema[\s\S]*$/, "\n") + "\ndef default_values(request):\n    values = Template.objects.filter(pk__in=request.GET['pks'].split(','))\n    return JsonResponse({'values': list(values)})\n",
    },
  ],
  invalid: [
    {
      name: "body-checked siblings; the third view returns objects picked by request ids and checks nothing",
      code: bodyChecked + "\ndef default_values(request):\n    pks = request.GET.get('pks', '').split(',')\n    values = Template.objects.filter(pk__in=pks).values_list('default_values', flat=True)\n    return JsonResponse({'values': list(values)})\n",
      errors: [{ messageId: "missingSiblingCheck", line: 19, messageIncludes: "`default_values` returns objects picked by id" }],
    },
    {
      name: "the one view without the module's decorator deletes by id",
      code: head + siblings + "\ndef note_delete(request, pk):\n    Note.objects.filter(pk=pk).delete()\n",
      errors: [{ messageId: "missingDecorator", line: 19, messageIncludes: "`@login_required`" }],
    },
    {
      name: "POST action under the viewset's permission classes, which check a POST as a create",
      code: drfHead + "from .permissions import EngagementPermission\n" + actions("\n    @action(detail=True, methods=['post'])\n    def close(self, request, pk=None):\n        return self.get_object()\n", "    permission_classes = (IsAuthenticated, EngagementPermission)\n"),
      errors: [{ messageId: "actionWithoutPermissions", line: 21 }],
    },
    {
      name: "PATCH action under a viewset that allows anyone",
      code: drfHead + "from rest_framework.permissions import AllowAny\n" + actions("\n    @action(detail=True, methods=['patch'])\n    def rename(self, request, pk=None):\n        return self.get_object()\n", "    permission_classes = [AllowAny]\n"),
      errors: [{ messageId: "actionWithoutPermissions", line: 21 }],
    },
    {
      name: "PATCH action whose project viewset base in another module allows anyone",
      code: drfHead + "from .base import OpenViewSet\n" + actions("\n    @action(detail=True, methods=['patch'])\n    def rename(self, request, pk=None):\n        return self.get_object()\n").replace("NoteViewSet(viewsets.ModelViewSet)", "NoteViewSet(OpenViewSet)"),
      context: { "app/base.py": "from rest_framework import viewsets\nfrom rest_framework.permissions import AllowAny\nclass OpenViewSet(viewsets.ModelViewSet):\n    permission_classes = [AllowAny]\n" },
      errors: [{ messageId: "actionWithoutPermissions", line: 20 }],
    },
    {
      name: "write action without the permission classes its siblings declare",
      code: drfHead + actions("\n    @action(detail=True, methods=['post'])\n    def close(self, request, pk=None):\n        return self.get_object()\n"),
      errors: [{ messageId: "actionWithoutPermissions", line: 19 }],
    },
  ],
});

describe("view-missing-sibling-protection confidence of a write action", () => {
  const confidences = (body: string) => runRule(rule, drfHead + actions(body)).findings.map((f) => f.confidence);
  it("comments on an action that works on the URL's object like its siblings but without their permission classes", () => {
    expect(confidences("\n    @action(detail=True, methods=['post'])\n    def close(self, request, pk=None):\n        return self.get_object()\n")).toEqual(["medium"]);
  });
  it("lists an action that works with the caller's own related object at low confidence", () => {
    expect(confidences("\n    @action(detail=True, methods=['post'])\n    def pay(self, request, pk=None):\n        registration = Note.objects.get(pk=pk).registration_of(request.user)\n        registration.pay()\n        return Response()\n")).toEqual(["low"]);
  });
});

describe("view-missing-sibling-protection: checks and capabilities in the odd view's own body", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}:${f.confidence}`);
  const bodyHead = `from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from .http import Http403
from .models import Newsletter, Payment

def edit(request, pk):
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    return render(request, "e.html", {"nl": get_object_or_404(Newsletter, pk=pk, owner=request.user)})

def send(request, pk):
    if not request.user.is_superuser:
        raise Http403
    return render(request, "s.html", {"nl": get_object_or_404(Newsletter, pk=pk)})
`;

  it("a view that raises the project's own 403 exception when the object's check fails checks the caller; without the raise it is reported", () => {
    const view = (refusal: string) =>
      head + siblings + `\ndef view_in_browser(request, pk):\n    note = get_object_or_404(Note, pk=pk)\n    if not note.allow_view_by(request.user):\n        key = request.GET.get("key", "")\n        if key != note.security_key:\n${refusal}\n    return render(request, "v.html", {"note": note})\n`;
    expect(found(view("            raise Http403"))).toEqual([]);
    expect(found(view("            raise errors.Forbidden()"))).toEqual([]);
    // Unsafe twins: the failed check only logs; an exception that is no refusal.
    expect(found(view("            log(key)"))).toEqual(["missingDecorator:19:medium"]);
    expect(found(view("            raise ValueError(key)"))).toEqual(["missingDecorator:19:medium"]);
  });

  it("an object found by its id and a random key from the same link is the link holder's (low); by the id alone it is reported", () => {
    const view = (lookup: string) => bodyHead + `\ndef thank_you(request, payment_id, guid=""):\n    payment = ${lookup}\n    return render(request, "receipt.html", {"payment": payment})\n`;
    expect(found(view("get_object_or_404(Payment, pk=payment_id, guid=guid)"))).toEqual(["missingSiblingCheck:17:low"]);
    expect(found(view("get_object_or_404(Payment, pk=payment_id)"))).toEqual(["missingSiblingCheck:17:medium"]);
    // A constant key is no secret the caller holds.
    expect(found(view("get_object_or_404(Payment, pk=payment_id, guid='')"))).toEqual(["missingSiblingCheck:17:medium"]);
  });
});

describe("view-missing-sibling-protection and helpers the project index finds", () => {
  const helper = "\ndef note_delete(request, pk):\n    Note.objects.get(pk=pk).delete()\n";
  const urls = "from django.urls import path\nfrom . import views\nurlpatterns = [path('', views.note_list), path('<int:pk>/', views.note_detail), path('<int:pk>/edit/', views.note_edit)]\n";
  const caller = "from django.contrib.auth.decorators import login_required\nfrom notes.views import note_delete\n\n@login_required\ndef bulk(request):\n    for pk in request.user.notes.values_list('pk', flat=True):\n        note_delete(request, pk)\n";
  it("a request-taking function another module calls and no URLconf routes is a helper, not the odd view out", () => {
    expect(runRule(rule, head + siblings + helper, "notes/views.py", { "notes/urls.py": urls, "bulk/views.py": caller }).findings).toEqual([]);
  });
  it("routed too, it is a view again and is reported", () => {
    const routed = urls.replace("]\n", ", path('<int:pk>/delete/', views.note_delete)]\n");
    expect(runRule(rule, head + siblings + helper, "notes/views.py", { "notes/urls.py": routed, "bulk/views.py": caller }).findings.map((f) => f.line)).toEqual([19]);
  });
});
