import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./unscoped-object-access.js";

const head = `from django.shortcuts import get_object_or_404, render
from django.core.exceptions import PermissionDenied
from .auth import user_has_permission_or_403
from .models import Invoice, Note
`;
const checkedSiblings = `
def view_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    user_has_permission_or_403(request.user, invoice, "view")
    return render(request, "invoice.html", {"invoice": invoice})

def edit_invoice(request, iid):
    invoice = Invoice.objects.get(pk=iid)
    if invoice.owner != request.user:
        raise PermissionDenied
    return render(request, "edit.html", {"invoice": invoice})
`;

const viewsetHead = `from django.shortcuts import get_object_or_404
from rest_framework import viewsets
from rest_framework.decorators import action
from .auth import user_has_permission_or_403
from .queries import get_authorized_engagements
from .models import Engagement, Answered

class EngagementViewSet(viewsets.ModelViewSet):
    queryset = Engagement.objects.none()

    def get_queryset(self):
        return get_authorized_engagements("view")
`;
const orgHead = `from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from .models import Organization, Note
`;

const cloneAction = (check: string) => `from django.contrib import admin
from .models import Organization, Template

class TemplateAdmin(admin.ModelAdmin):
    def clone_selected(self, request, queryset):
        user = request.user

        def save_clones(view, user, queryset, organization=None):
${check}            for template in queryset:
                clone = template.clone(user)
                if organization:
                    clone.organization = Organization.objects.get(pk=organization)
                clone.save()

        selectable = Organization.objects.filter(pk__in=user.organizations_managed)
        if len(selectable) > 1:
            organization = request.POST.get("organization")
            if organization:
                save_clones(self, user, queryset, organization)
                return None
            return render_choices(request, selectable)
        save_clones(self, user, queryset)
`;
const teamView = (lookup: string) => `from django.shortcuts import get_object_or_404, redirect, render
from .models import Project, Team

def move_project(request, pk):
    project = get_object_or_404(Project, pk=pk, owner=request.user)
    if request.method == "POST":
${lookup}
        project.save()
        return redirect("project", pk=pk)
    teams = Team.objects.filter(members=request.user)
    return render(request, "move.html", {"teams": teams})
`;
const reportView = (newBranch: string, condition = "settings.NEW_LOCATIONS") => `from django.conf import settings
from django.shortcuts import get_object_or_404, render
from .models import Endpoint, Location, Product

def product_endpoint_report(request, pid):
    product = get_object_or_404(Product, id=pid)
    if ${condition}:
${newBranch}
        endpoints = endpoints.distinct()
    else:
        endpoints = Endpoint.objects.filter(product=product, finding__active=True)
        endpoints = endpoints.distinct()
    return render(request, "report.html", {"product": product, "endpoints": endpoints})
`;

testRule(rule, {
  valid: [
    { name: "both branches of a feature switch filter by the URL's object", code: reportView("        endpoints = Location.objects.filter(products__product=product, findings__active=True)") },
    { name: "the branches differ by who asks", code: reportView("        endpoints = Location.objects.filter(findings__active=True)", "request.user.is_superuser") },
    { name: "the branches differ by a request parameter", code: reportView("        endpoints = Location.objects.filter(findings__active=True)", "request.GET.get('all')") },
    {
      name: "the other branch is tied to the URL's object through a variable",
      code: reportView("        products = product.children.all()\n        endpoints = Location.objects.filter(products__in=products)"),
    },
    { name: "a nested helper checks the POSTed tenant id before using it", code: cloneAction("            if organization and not user.is_manager(organization):\n                return\n") },
    { name: "the POSTed id is loaded through the queryset of offered choices", code: teamView("        project.team = Team.objects.filter(members=request.user).get(pk=request.POST['team'])") },
    { name: "the POSTed id is tested against the offered choices", code: teamView("        team_id = request.POST['team']\n        if int(team_id) not in {t.pk for t in Team.objects.filter(members=request.user)}:\n            return redirect('home')\n        project.team = Team.objects.get(pk=team_id)") },
    { name: "the POSTed team is joined, not made the parent of a record", code: teamView("        team = Team.objects.get(pk=request.POST['team'])\n        team.members.add(request.user)") },
    { name: "the lookup of the POSTed id itself names the user", code: teamView("        project.team = get_object_or_404(Team, pk=request.POST['team'], members=request.user)") },
    {
      name: "no user-limited choices of the model in the view",
      code: `from .models import Team

def team_name(request):
    team = Team.objects.get(pk=request.GET["team"])
    return team.name
`,
    },
    { name: "every view checks the object", code: head + checkedSiblings },
    {
      name: "the object only builds a redirect to a page that checks access itself",
      code: head + checkedSiblings + `
from django.shortcuts import redirect

def redirect_to(request, path):
    return redirect(f"{request.scheme}://{request.get_host()}{path}")

def open_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    return redirect_to(request, f"/app/invoice/{invoice.id}")
`,
    },
    {
      name: "the lookup is scoped to the requesting user",
      code: head + checkedSiblings + `
def copy_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid, owner=request.user)
    invoice.pk = None
    invoice.save()
`,
    },
    {
      name: "lookup through the user's related manager",
      code: head + checkedSiblings + `
def copy_invoice(request, iid):
    invoice = request.user.invoices.get(pk=iid)
    invoice.save()
`,
    },
    {
      name: "a project decorator checks the object",
      code: head + "from .auth import user_is_authorized\n" + checkedSiblings + `
@user_is_authorized(Invoice, "edit", "iid")
def copy_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    invoice.save()
`,
    },
    {
      name: "a lone unchecked view: no evidence of the project's convention",
      code: head + `
def copy_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    invoice.save()
`,
    },
    {
      name: "siblings check a different model",
      code: head + checkedSiblings + `
def view_note(request, nid):
    note = get_object_or_404(Note, pk=nid)
    return render(request, "note.html", {"note": note})
`,
    },
    {
      name: "most views of the model are unchecked (checks live elsewhere, e.g. a middleware)",
      code: head + `
def view_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    user_has_permission_or_403(request.user, invoice, "view")

def a(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)

def b(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
`,
    },
    {
      name: "queryset the rule cannot see",
      code: head + checkedSiblings + `
def copy_invoice(request, iid):
    invoice = get_object_or_404(get_authorized_invoices("edit"), id=iid)
    invoice.save()
`,
    },
    {
      name: "the user's own account by request.user",
      code: "from django.contrib.auth.models import User\n\ndef edit_me(request):\n    user = User.objects.get(pk=request.user.pk)\n    user.save()\n",
    },
    {
      name: "a user account edited in a staff dashboard",
      path: "shop/dashboard/views.py",
      code: "from django.shortcuts import get_object_or_404\nfrom django.contrib.auth.models import User\n\ndef deactivate(request, pk):\n    user = get_object_or_404(User, pk=pk)\n    user.is_active = False\n    user.save()\n",
    },
    {
      name: "an access-right lookup for request.user",
      code: "from .models import AccessRight\n\ndef review(request):\n    right = AccessRight.objects.get(document_id=request.POST['document_id'], user=request.user)\n    right.save()\n",
    },
    {
      name: "child object tied to the user-scoped parent",
      code: head + "from .models import Workout, Day\n" + `
def edit_day(request, id, day_id):
    workout = get_object_or_404(Workout, pk=id, user=request.user)
    day = get_object_or_404(Day, pk=day_id, workout=workout)
    day.name = request.POST["name"]
    day.save()
`,
    },
    {
      name: "second object only read (a public catalogue entry)",
      code: head + "from .models import Workout, Exercise\n" + `
def add_exercise(request, id, exercise_id):
    workout = get_object_or_404(Workout, pk=id, user=request.user)
    exercise = get_object_or_404(Exercise, pk=exercise_id)
    workout.exercises.add(exercise)
`,
    },
    {
      name: "owner id written from request.user",
      code: "from django.contrib.auth.decorators import login_required\nfrom .models import Submission\n\n@login_required\ndef submit(request):\n    data = {}\n    data['user_id'] = request.user.id\n    data['document_id'] = request.POST.get('document_id')\n    Submission.objects.create(**data)\n",
    },
    {
      name: "a recipient chosen in the request by a view that acts as request.user",
      code: "from .models import Message\n\ndef send(request):\n    Message.objects.create(sender=request.user, user_id=request.POST['to'], text=request.POST['text'])\n",
    },
    {
      name: "owner id from the request in a view that checks staff rights",
      code: "from .models import Submission\n\ndef assign(request):\n    if not request.user.is_staff:\n        raise PermissionDenied\n    Submission.objects.create(user_id=request.POST['user_id'])\n",
    },
    {
      name: "a viewset scopes the model and the other view goes through it",
      code: viewsetHead + `
def link(request, eid):
    engagement = get_object_or_404(get_authorized_engagements("edit"), pk=eid)
    engagement.save()
`,
    },
    {
      name: "a viewset scopes the model and the other view checks the object",
      code: viewsetHead + `
def link(request, eid):
    engagement = get_object_or_404(Engagement.objects, pk=eid)
    user_has_permission_or_403(request.user, engagement, "edit")
    engagement.save()
`,
    },
    {
      name: "a viewset scopes the model and the other view only asks whether a slug is taken",
      code: viewsetHead + `
def import_dump(request):
    slug = request.data.get("slug")
    if Engagement.objects.filter(slug=slug).exists():
        return None
`,
    },
    {
      name: "the viewset's get_queryset returns every object",
      code: viewsetHead.replace("get_authorized_engagements(\"view\")", "Engagement.objects.all()") + `
def link(request, eid):
    engagement = get_object_or_404(Engagement.objects, pk=eid)
    engagement.save()
`,
    },
    {
      name: "a role check without the object where most views check nothing in sight (checks live in a middleware)",
      code: head + `
def view_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    user_has_permission_or_403(request.user, invoice, "view")

def a(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)

def b(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)

def c(request, iid):
    user_has_global_permission_or_403(request.user, "add")
    invoice = get_object_or_404(Invoice, id=iid)
`,
    },
    {
      name: "a role check plus a check of another chosen object",
      code: head + checkedSiblings + `
def a(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)

def b(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    user_has_permission_or_403(request.user, invoice, "edit")

def move_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    user_has_permission_or_403(request.user, form.cleaned_data.get("customer"), "edit")
    invoice.save()
`,
    },
    {
      name: "organization loaded by id after a check that the user manages it",
      code: orgHead + `
def default_templates(request, organization_id):
    user = request.user
    if not user.is_superuser and not user.is_manager(organization_id):
        return HttpResponse(status=403)
    org = get_object_or_404(Organization, pk=organization_id)
    return JsonResponse({"name": org.name})
`,
    },
    {
      name: "a non-tenant object after an authentication check only (no evidence it is private)",
      code: orgHead + `
def note(request, nid):
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    note = get_object_or_404(Note, pk=nid)
    return JsonResponse({"text": note.text})
`,
    },
  ],
  invalid: [
    {
      name: "a feature switch's branch lists every row where the other filters by the URL's object",
      code: reportView("        endpoints = Location.objects.filter(findings__active=True)"),
      errors: [{ messageId: "branchDropsScope", line: 8, messageIncludes: "limits it to `product`" }],
    },
    {
      name: "a nested helper of an admin action loads the POSTed tenant id through the unscoped manager",
      code: cloneAction(""),
      errors: [{ messageId: "outsideOfferedChoices", line: 12, messageIncludes: "Organization.objects.filter(pk__in=user.organizations_managed)" }],
    },
    {
      name: "a function view offers the user's teams and loads any team the POST names",
      code: teamView("        project.team = Team.objects.get(pk=request.POST['team'])"),
      errors: [{ messageId: "outsideOfferedChoices", line: 7, messageIncludes: "request's `team`" }],
    },
    {
      name: "the POSTed team, loaded into a variable, becomes the parent of a new record",
      code: teamView("        team = get_object_or_404(Team, pk=request.POST['team'])\n        Project.objects.create(name=project.name, team=team)"),
      errors: [{ messageId: "outsideOfferedChoices", line: 7, messageIncludes: "`team` (a `Team`)" }],
    },
    {
      name: "the object is shown before the redirect branch",
      code: head + checkedSiblings + `
from django.shortcuts import redirect

def open_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    if request.GET.get("app"):
        return redirect(f"/app/invoice/{invoice.id}")
    return render(request, "invoice.html", {"invoice": invoice})
`,
      errors: [{ messageId: "uncheckedLikeSiblings", line: 20 }],
    },
    {
      name: "one view skips the check its siblings make",
      code: head + checkedSiblings + `
def copy_invoice(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    invoice.pk = None
    invoice.save()
`,
      errors: [{ messageId: "uncheckedLikeSiblings", line: 18, messageIncludes: "`invoice` (a `Invoice`)" }],
    },
    {
      name: "filter(pk=...).first() with the id from the query string",
      code: head + checkedSiblings + `
def delete_invoice(request):
    iid = request.GET.get("id")
    Invoice.objects.filter(pk=iid).first().delete()
`,
      errors: [{ messageId: "uncheckedLikeSiblings", line: 19, messageIncludes: "request's `iid`" }],
    },
    {
      name: "class-based view method reading self.kwargs",
      code: head + checkedSiblings + `
from django.views import View

class InvoiceCopy(View):
    def post(self, request, *args, **kwargs):
        invoice = Invoice.objects.get(pk=self.kwargs["pk"])
        invoice.save()
`,
      errors: [{ messageId: "uncheckedLikeSiblings", line: 21 }],
    },
    {
      name: "UpdateView editing the account named by the URL",
      code: "from django.shortcuts import get_object_or_404\nfrom django.contrib.auth.models import User\nfrom django.views.generic import UpdateView\n\nclass EditProfile(UpdateView):\n    def get_object(self, *args, **kwargs):\n        user = get_object_or_404(User, pk=self.kwargs['pk'])\n        return user.userprofile\n",
      errors: [{ messageId: "userAccountById", line: 7 }],
    },
    {
      name: "lookup for a user id taken from the POST body",
      code: "from .models import AccessRight\n\ndef review(request):\n    document_id = request.POST.get('document_id')\n    user_id = request.POST.get('user_id')\n    right = AccessRight.objects.get(document_id=document_id, user_id=user_id)\n    right.rights = 'review'\n    right.save()\n",
      errors: [{ messageId: "ownerFromRequest", line: 6, messageIncludes: "`user_id`" }],
    },
      {
      name: "child object edited without tying it to the user-scoped parent",
      code: head + "from .models import Workout, Day\nfrom .forms import DayForm\n" + `
def edit_day(request, id, day_id):
    workout = get_object_or_404(Workout, pk=id, user=request.user)
    day = get_object_or_404(Day, pk=day_id)
    form = DayForm(request.POST, instance=day)
    form.save()
`,
      errors: [{ messageId: "notTiedToScopedParent", line: 10, messageIncludes: "`workout`" }],
    },
      {
      name: "owner id of a new record taken from the POST body",
      code: "from django.contrib.auth.decorators import login_required\nfrom .models import Submission\n\n@login_required\ndef submit(request):\n    data = {}\n    data['user_id'] = request.POST.get('user_id')\n    data['document_id'] = request.POST.get('document_id')\n    record(data)\n",
      errors: [{ messageId: "ownerWrittenFromRequest", line: 7, messageIncludes: "`user_id`" }],
    },
    {
      name: "owner keyword of create() taken from the request",
      code: "from .models import Comment\n\ndef comment(request):\n    author = request.POST['author']\n    Comment.objects.create(author_id=author, text=request.POST['text'])\n",
      errors: [{ messageId: "ownerWrittenFromRequest", line: 5, messageIncludes: "`author_id`" }],
    },
    {
      name: "a view loads a model a viewset of the module scopes, through the unscoped manager",
      code: viewsetHead + `
class SurveyViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["post"], url_path=r"link/(?P<engagement_id>\\d+)")
    def link(self, request, pk, engagement_id):
        survey = self.get_object()
        engagement = get_object_or_404(Engagement.objects, pk=engagement_id)
        Answered.objects.get_or_create(engagement=engagement, survey=survey)
`,
      errors: [{ messageId: "bypassesGuardedModel", line: 18, messageIncludes: "`EngagementViewSet`" }],
    },
    {
      name: "a function view loads a model a class-based view scopes to request.user",
      code: `from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from .models import Invoice

class InvoiceDetail(DetailView):
    model = Invoice

    def get_queryset(self):
        return Invoice.objects.filter(owner=self.request.user)

def invoice_pdf(request, pk):
    invoice = Invoice.objects.get(pk=pk)
    return render_pdf(invoice)
`,
      errors: [{ messageId: "bypassesGuardedModel", line: 12, messageIncludes: "filters by `request.user`" }],
    },
    {
      name: "a role check without the object, where sibling views check the object",
      code: head + checkedSiblings + `
def a(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)

def b(request, iid):
    invoice = get_object_or_404(Invoice, id=iid)
    user_has_permission_or_403(request.user, invoice, "edit")

def copy_invoice(request, iid):
    user_has_global_permission_or_403(request.user, "add")
    invoice = get_object_or_404(Invoice, id=iid)
    return render(request, "invoice.html", {"invoice": invoice})
`,
      errors: [{ messageId: "onlyGlobalCheck", line: 26, messageIncludes: "`user_has_global_permission_or_403`" }],
    },
    {
      name: "organization loaded by URL id after an authentication-only check",
      code: orgHead + `
def default_templates(request, organization_id):
    user = request.user
    authenticated = user.is_authenticated
    if not authenticated and not user.is_staff:
        return HttpResponse(status=403)
    org = get_object_or_404(Organization, pk=organization_id, is_active=True)
    return JsonResponse({"name": org.name})
`,
      errors: [{ messageId: "tenantAuthenticationOnly", line: 10, messageIncludes: "`org` (a `Organization`)" }],
    },
  ],
});

describe("unscoped-object-access: lookups a secret from the link authorises", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}:${f.confidence}`);
  const profileHead = "from django.shortcuts import get_object_or_404, render\nfrom .models import UserProfile, User\n\n";

  it("an e-mail link's view that looks the account up by its random unique_id and never reads request.user is low", () => {
    const unsubscribe = "def unsubscribe(request, uuid):\n    profile = get_object_or_404(UserProfile, unique_id=uuid)\n    profile.email_communications_enabled = False\n    profile.save()\n    return render(request, 'x.html')\n";
    expect(conf(profileHead + unsubscribe)).toEqual(["userAccountById:5:low"]);
  });

  it("a lookup by a token key, or a change authorised by a secret URL argument passed to a check, is low", () => {
    const byToken = "def activate(request, pk, token):\n    profile = get_object_or_404(UserProfile, pk=pk, activation_token=token)\n    profile.active = True\n    profile.save()\n";
    expect(conf(profileHead + byToken)).toEqual(["userAccountById:5:low"]);
    const confirm =
      "def confirm(request, user_id, secret):\n    user = User.objects.get(pk=int(user_id))\n    if not AccountService(user).confirm_account(secret):\n        return redirect('login')\n    user.is_active = True\n    user.save()\n";
    expect(conf(profileHead + confirm)).toEqual(["userAccountById:5:low"]);
  });

  it("the same lookups by a plain id, by a uuid in a view that acts for the logged-in user, or with an unused secret argument stay reported", () => {
    // The module edits accounts as the requesting user's own elsewhere (the evidence that makes an account edit inline-worthy).
    const own = "\ndef my_profile(request):\n    form = ProfileForm(request.POST or None, instance=request.user.userprofile)\n    return render(request, 'p.html', {'form': form})\n";
    const conf = (code: string) => runRule(rule, code + own).findings.map((f) => `${f.messageId}:${f.line}:${f.confidence}`);
    expect(conf(profileHead + "def unsubscribe(request, pk):\n    profile = get_object_or_404(UserProfile, pk=pk)\n    profile.email_communications_enabled = False\n    profile.save()\n")).toEqual(["userAccountById:5:medium"]);
    expect(conf(profileHead + "def edit(request, uuid):\n    profile = get_object_or_404(UserProfile, unique_id=uuid)\n    profile.bio = request.POST['bio']\n    profile.editor = request.user\n    profile.save()\n")).toEqual(["userAccountById:5:medium"]);
    expect(conf(profileHead + "def confirm(request, user_id, secret):\n    user = User.objects.get(pk=int(user_id))\n    user.is_active = True\n    user.save()\n")).toEqual(["userAccountById:5:medium"]);
  });
});

describe("unscoped-object-access: object checks in their other real forms", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}`);
  const userHead = "from django.shortcuts import get_object_or_404, render, redirect\nfrom django.contrib.auth.models import User\n\n";

  it("an account edit gated by a permission of the requesting user is a staff action; without the gate it is reported", () => {
    const gated = (gate: string) =>
      userHead + `def mentor(request, user_id):\n${gate}    user = get_object_or_404(User, id=user_id)\n    indexer = user.indexer\n    if indexer.mentor is None:\n        indexer.mentor = request.user\n        indexer.save()\n    return redirect("home")\n`;
    expect(found(gated("    if not request.user.has_perm('indexer.can_mentor'):\n        return render_error(request, 'no')\n"))).toEqual([]);
    expect(found(gated("    me = request.user\n    if not me.has_perms(['indexer.can_mentor']):\n        raise SomeError()\n"))).toEqual([]);
    // Unsafe twins: no gate; a positive test that does not refuse; a permission of the loaded account, not of the caller.
    expect(found(gated(""))).toEqual(["userAccountById:5"]);
    expect(found(gated("    if request.user.has_perm('indexer.can_mentor'):\n        log('mentor')\n"))).toEqual(["userAccountById:7"]);
  });

  it("a view gated by the caller's Django permission is not a sibling that forgot the object check; the same view without the gate is", () => {
    const code = (gate: string) => `from django.shortcuts import get_object_or_404, render
from django.core.exceptions import PermissionDenied
from .models import Changeset

def edit(request, id):
    changeset = get_object_or_404(Changeset, id=id)
    if changeset.indexer != request.user:
        raise PermissionDenied
    return render(request, "e.html", {"c": changeset})

def submit(request, id):
    changeset = get_object_or_404(Changeset, id=id)
    if request.user != changeset.indexer:
        raise PermissionDenied
    changeset.submit()

def assign(request, id):
${gate}    changeset = get_object_or_404(Changeset, id=id)
    changeset.approver = request.user
    changeset.save()
`;
    expect(found(code("    if not request.user.has_perm('indexer.can_approve'):\n        return render_error(request, 'no')\n"))).toEqual([]);
    expect(found(code(""))).toEqual(["uncheckedLikeSiblings:18"]);
  });

  it("siblings that narrow the query the same way for every user (`get_all_institutions()`, `filter(is_public=True)`) are no evidence; siblings passing the user are", () => {
    const code = (scope: string) => `from django.shortcuts import render
from django.views.generic import View
from .models import Institution

class InstitutionDetail(View):
    def get(self, request, *args, **kwargs):
        institution = Institution.objects.${scope}.get(id=self.kwargs['institution_id'])
        return render(request, "detail.html", {"institution": institution})

class InstitutionExport(View):
    def get(self, request, *args, **kwargs):
        institution = Institution.objects.${scope}.get(id=self.kwargs['institution_id'])
        return render(request, "export.html", {"institution": institution})

class InstitutionMembers(View):
    def get(self, request, *args, **kwargs):
        institution = Institution.objects.get(id=self.kwargs['institution_id'])
        return render(request, "members.html", {"institution": institution})
`;
    expect(found(code("get_all_institutions()"))).toEqual([]);
    expect(found(code("filter(is_public=True, kind='uni')"))).toEqual([]);
    expect(found(code("for_user(request.user)"))).toEqual(["uncheckedLikeSiblings:17"]);
    expect(found(code("visible_to(self.request)"))).toEqual(["uncheckedLikeSiblings:17"]);
  });
  it("a Q filter passed by position that names the user scopes the lookup; one that names something else does not", () => {
    const code = (filter: string) => `from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.core.exceptions import PermissionDenied
from .models import Playbook

def edit(request, pk):
    playbook = get_object_or_404(Playbook, id=pk)
    if playbook.creator != request.user:
        raise PermissionDenied
    return render(request, "e.html", {"p": playbook})

def run(request, pk):
    playbook = get_object_or_404(Playbook, id=pk)
    if request.user != playbook.creator:
        raise PermissionDenied
    playbook.run()

def files(request, pk):
    user = request.user
    playbook = get_object_or_404(Playbook, ${filter}id=pk)
    return render(request, "f.html", {"p": playbook})
`;
    expect(found(code("Q(creator=user) | Q(scope='public'), "))).toEqual([]);
    expect(found(code("Q(creator=request.user), "))).toEqual([]);
    expect(found(code("Q(scope='public'), "))).toEqual(["uncheckedLikeSiblings:20"]);
  });
  it("a comparison of a part of the account (`indexer = user.indexer`) with request.user checks it; a comparison with something else does not", () => {
    const unmentor = (test: string) =>
      userHead + `def unmentor(request, user_id):\n    user = get_object_or_404(User, id=user_id)\n    indexer = user.indexer\n    if ${test}:\n        return render_error(request, "no")\n    indexer.mentor = None\n    indexer.save()\n`;
    expect(found(unmentor("request.user != indexer.mentor"))).toEqual([]);
    expect(found(unmentor("indexer.mentor is None"))).toEqual(["userAccountById:5"]);
  });

  it("an account only named by a new record the caller writes is not changed; changing it through a part is", () => {
    const report = (line: string) =>
      `from django.shortcuts import get_object_or_404, redirect\nfrom .models import Profile, Alert\n\ndef report(request, profile_pk):\n    profile = get_object_or_404(Profile, pk=profile_pk)\n${line}    return redirect(profile.get_absolute_url())\n`;
    expect(found(report("    alert = Alert(author=request.user, profile=profile, text=request.POST['reason'])\n    alert.save()\n"))).toEqual([]);
    expect(found(report("    settings = profile.settings\n    settings.hidden = True\n    settings.save()\n"))).toEqual(["userAccountById:5"]);
  });

  it("an invite loaded by the URL's uidb64 and authorised by a token generator's check_token is checked; without it, like its siblings, it is reported", () => {
    const code = (check: string) => `from django.shortcuts import get_object_or_404
from django.views import View
from django.core.exceptions import PermissionDenied
from .models import Invite

class InviteDetail(View):
    def get(self, request, pk):
        invite = get_object_or_404(Invite, pk=pk)
        if invite.owner != request.user:
            raise PermissionDenied
        return render(request, "x.html", {"invite": invite})

class InviteEdit(View):
    def post(self, request, pk):
        invite = get_object_or_404(Invite, pk=pk)
        if not user_can_edit_invite(request.user, invite):
            raise PermissionDenied
        invite.save()

class InviteAccept(View):
    def dispatch(self, request, *args, **kwargs):
        token = kwargs.get("token")
        self.invite = Invite.objects.get(pk=force_str(urlsafe_base64_decode(kwargs.get("uidb64"))))
        if ${check}:
            return super().dispatch(request, *args, **kwargs)
        return render(request, "invalid.html")

    def check_token(self, invite, token):
        return InviteTokenGenerator().check_token(invite, token)
`;
    expect(found(code("self.check_token(self.invite, token)"))).toEqual([]);
    expect(found(code("default_token_generator.check_token(self.invite, token)"))).toEqual([]);
    expect(found(code("self.invite.status == 'pending'"))).toEqual(["uncheckedLikeSiblings:23"]);
  });

  it("an owner taken from an object found by a secret token field is the link holder's; from a plain id it is the caller's pick", () => {
    const activate = (key: string) => `from django.shortcuts import get_object_or_404, render
from .models import TokenRegister, Provider

def activate_account(request):
    token = request.GET["token"]
    token = get_object_or_404(TokenRegister, ${key}=token)
    usr = token.user
    usr.is_active = True
    Provider.objects.create(user=usr, provider="x")
    return render(request, "ok.html")
`;
    expect(found(activate("token"))).toEqual([]);
    expect(found(activate("pk"))).toEqual(["ownerWrittenFromRequest:9"]);
  });

  it("a view that only redirects to the object's canonical URL (HttpResponseRedirect(obj.get_absolute_url())) shows nothing of it", () => {
    const code = (ret: string) => `from django.shortcuts import get_object_or_404, render
from django.http import HttpResponseRedirect
from django.core.exceptions import PermissionDenied
from .models import Project

def project_detail(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not has_permission("view", request.user, project):
        raise PermissionDenied
    return render(request, "p.html", {"project": project})

def project_edit(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not has_permission("edit", request.user, project):
        raise PermissionDenied
    return render(request, "e.html", {"project": project})

def project_detail_redirect(request, pk):
    """The legacy URL."""
    project = get_object_or_404(Project, pk=pk)
    ${ret}
`;
    expect(found(code("return HttpResponseRedirect(project.get_absolute_url())"))).toEqual([]);
    expect(found(code("return render(request, 'p.html', {'project': project})"))).toEqual(["uncheckedLikeSiblings:20"]);
  });
});

describe("unscoped-object-access: checks one hop away and membership ties", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}`);
  const collections = (view: string) => `from django.shortcuts import get_object_or_404, render
from django.core.exceptions import PermissionDenied
from .models import Collection, Item

def get_item_for_collector(item_id, collector):
    item = get_object_or_404(Item, id=item_id)
    if item.collector != collector:
        raise PermissionDenied
    return item

def check_item_is_in_collection(request, item, collection):
    if item not in collection.items.all():
        raise ErrorWithMessage("not in this collection")

def check_same_name(request, item, collection):
    if item.name != collection.name:
        raise ErrorWithMessage("renamed")

def get_collection_for_owner(request, collection_id):
    collection = get_object_or_404(Collection, id=collection_id)
    if collection.collector.user != request.user:
        return None, render_error(request, "not yours")
    return collection, None

def add_issues_to_collection(request, collection_id, issues):
    collection, error = get_collection_for_owner(request, collection_id)
    if not collection:
        return error
    for issue in issues:
        collection.items.create(issue=issue)

def add_to_collection_unchecked(req, collection_id, issues):
    collection = Collection.objects.get(id=collection_id)
    for issue in issues:
        collection.items.create(issue=issue)

def describe_collection(req, collection_id):
    collection = Collection.objects.get(id=collection_id)
    return collection.get_accessories()

def load_collection_for(request, collection_id):
    return Collection.objects.filter(id=collection_id, collector__user=request.user).first()

def view_collection(request, collection_id):
    collection = get_object_or_404(Collection, id=collection_id, collector=request.user.collector)
    return render(request, "c.html", {"c": collection})

def edit_collection(request, collection_id):
    collection = get_object_or_404(Collection, id=collection_id, collector=request.user.collector)
    collection.save()

def delete_collection(request, collection_id):
    collection = get_object_or_404(Collection, id=collection_id, collector=request.user.collector)
    collection.delete()
${view}`;

  it("a collection tied by a membership test (in a helper or the view) to an item the user owns is checked; a test against another unscoped object is not", () => {
    const deleteItem = (check: string) => `
def delete_item(request, item_id, collection_id):
    collection = get_object_or_404(Collection, id=collection_id)
    item = get_item_for_collector(item_id, request.user.collector)
${check}    collection.items.remove(item)
`;
    expect(found(collections(deleteItem("    check_item_is_in_collection(request, item, collection)\n")))).toEqual([]);
    expect(found(collections(deleteItem("    if item not in collection.items.all():\n        raise ErrorWithMessage('no')\n")))).toEqual([]);
    // Unsafe twins: the item is not the user's; the helper's test does not tie them; the test does not refuse.
    const unscopedItem = deleteItem("    check_item_is_in_collection(request, item, collection)\n").replace("get_item_for_collector(item_id, request.user.collector)", "get_object_or_404(Item, id=item_id)");
    expect(found(collections(unscopedItem))).toEqual(["uncheckedLikeSiblings:57"]);
    expect(found(collections(deleteItem("    check_same_name(request, item, collection)\n")))).toEqual(["uncheckedLikeSiblings:57"]);
    expect(found(collections(deleteItem("    if item not in collection.items.all():\n        log('odd')\n")))).toEqual(["uncheckedLikeSiblings:57"]);
  });

  it("an id handed to a helper whose body checks the owner (directly or through a checking call) is checked; a helper that checks nothing is not", () => {
    const add = (helper: string) => `
def add_series(request, series_id):
    collection_id = int(request.POST["collection_id"])
    collection = get_object_or_404(Collection, id=collection_id)
    messages.success(request, "added")
    return ${helper}(request, collection_id, [])
`;
    expect(found(collections(add("add_issues_to_collection")))).toEqual([]);
    expect(found(collections(add("get_collection_for_owner")))).toEqual([]);
    expect(found(collections(add("load_collection_for")))).toEqual([]);
    expect(found(collections(add("add_to_collection_unchecked")))).toEqual(["uncheckedLikeSiblings:58"]);
    // `get_accessories()` is no access check.
    expect(found(collections(add("describe_collection")))).toEqual(["uncheckedLikeSiblings:58"]);
  });
});

describe("unscoped-object-access: an account edit by URL id needs the module's own-account convention to be commented", () => {
  const conf = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.confidence}`);
  const edit = "from django.shortcuts import get_object_or_404, render, redirect\nfrom django.contrib.auth.models import User\n\ndef deactivate(request, user_id):\n    user = get_object_or_404(User, pk=user_id)\n    user.is_active = False\n    user.save()\n    return redirect('home')\n";
  it("is medium when another view of the module edits the requesting user's own account", () => {
    expect(conf(edit + "\ndef settings(request):\n    form = SettingsForm(request.POST or None, instance=request.user)\n    if form.is_valid():\n        form.save()\n    return render(request, 's.html', {'form': form})\n")).toEqual(["userAccountById:medium"]);
    expect(conf(edit + "\ndef avatar(request):\n    profile = request.user.profile\n    profile.avatar = request.FILES['avatar']\n    profile.save()\n    return redirect('home')\n")).toEqual(["userAccountById:medium"]);
  });
  it("is low when nothing in the module shows accounts are edited as one's own", () => {
    expect(conf(edit)).toEqual(["userAccountById:low"]);
    expect(conf(edit + "\ndef people(request):\n    return render(request, 'p.html', {'users': User.objects.all(), 'viewer': request.user})\n")).toEqual(["userAccountById:low"]);
  });
});

describe("unscoped-object-access: sign-in views write a token for the user whose credentials they checked", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}`);
  // DRF's documented way to customise token sign-in: the user comes from AuthTokenSerializer, which calls authenticate().
  const tokenView = (base: string) => `from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView
from .serializers import GrantSerializer

class IssueToken(${base}):
    serializer_class = GrantSerializer

    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token = Token.objects.create(user=user)
        return Response({"token": token.key})
`;

  it("is silent in an ObtainAuthToken subclass, reported when the same body is a plain APIView", () => {
    expect(found(tokenView("ObtainAuthToken"))).toEqual([]);
    expect(found(tokenView("APIView"))).toEqual(["ownerWrittenFromRequest:14"]);
  });

  it("is silent when the view checks the credentials itself with authenticate()", () => {
    const own = tokenView("APIView").replace('user = serializer.validated_data["user"]', 'user = authenticate(request, username=request.data["username"], password=request.data["password"])\n        user = serializer.validated_data["user"] if user else None');
    expect(found(own)).toEqual([]);
  });
});

describe("unscoped-object-access: a get_queryset() that only annotates rows for the user limits nothing", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}`);
  const module = (queryset: string) => `from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, View
from .models import Organisation, OrganisationFollow

class OrganisationView(DetailView):
    model = Organisation

    def get_queryset(self):
        qs = super().get_queryset()
        user = self.request.user
        if user.is_authenticated:
${queryset}
        return qs

class FollowToggle(View):
    def post(self, request, organisation_slug):
        organisation = get_object_or_404(Organisation, slug=organisation_slug)
        OrganisationFollow.objects.get_or_create(organisation=organisation, creator=request.user)
        return HttpResponse("ok")
`;

  it("is silent when request.user only feeds an annotate(Exists(...)) column; reported when the same view filters the rows by it", () => {
    const annotated = '            qs = qs.annotate(_is_following=Exists(OrganisationFollow.objects.filter(organisation=OuterRef("pk"), creator=user)))';
    const filtered = "            qs = qs.filter(members=user)";
    expect(found(module(annotated))).toEqual([]);
    expect(found(module(filtered))).toEqual(["bypassesGuardedModel:18"]);
  });
});

describe("unscoped-object-access: a project's own 403 exception refuses like PermissionDenied", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}`);
  const module = (gate: string) => `from django.shortcuts import get_object_or_404, render
from .http import Http403
from .perms import has_perm, has_view_perm
from .models import Contact

def detail(request, id):
    contact = get_object_or_404(Contact, pk=id)
    if not has_view_perm(request.user, "contacts.view_contact", contact):
        raise Http403
    return render(request, "c.html", {"contact": contact})

def edit(request, id):
    contact = get_object_or_404(Contact, pk=id)
    if not has_perm(request.user, "contacts.change_contact", contact):
        raise Http403
    return render(request, "e.html", {"contact": contact})

def delete(request, id):
    contact = get_object_or_404(Contact, pk=id)
${gate}
    contact.delete()
    return render(request, "d.html")
`;

  it("a view that raises Http403 (or a *Forbidden exception) unless the caller holds a permission is checked", () => {
    expect(found(module("    if not has_perm(request.user, 'contacts.delete_contact'):\n        raise Http403"))).toEqual([]);
    expect(found(module("    if not request.user.profile.is_superuser:\n        raise errors.Forbidden()"))).toEqual([]);
  });

  it("the same view without the refusal, or raising an exception that refuses nothing, is reported", () => {
    expect(found(module("    log(contact)"))).toEqual(["uncheckedLikeSiblings:19"]);
    expect(found(module("    if not contact.email:\n        raise ValueError('no e-mail')"))).toEqual(["uncheckedLikeSiblings:19"]);
    // Only an authentication test guards the refusal: still reported.
    expect(found(module("    if not request.user.is_authenticated:\n        raise Http403"))).toEqual(["uncheckedLikeSiblings:19"]);
  });
});

describe("unscoped-object-access: an object used only to find the requesting user's own rows", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}`);
  const module = (use: string) => `from django.shortcuts import get_object_or_404, redirect, render
from django.core.exceptions import PermissionDenied
from .models import Group, GroupMembership

def detail(request, group_slug):
    group = get_object_or_404(Group, slug=group_slug)
    if not has_perm(request.user, "groups.view_group", group):
        raise PermissionDenied
    return render(request, "g.html", {"group": group})

def edit(request, group_slug):
    group = get_object_or_404(Group, slug=group_slug)
    if not has_perm(request.user, "groups.change_group", group):
        raise PermissionDenied
    return render(request, "e.html", {"group": group})

def unsubscribe(request, group_slug):
    group = get_object_or_404(Group, slug=group_slug)
${use}
    return redirect("group.detail", group_slug=group_slug)
`;

  it("is silent when the object only keys lookups of the user's own membership", () => {
    expect(found(module("    membership = get_object_or_404(GroupMembership, group=group, member=request.user, status=True)\n    membership.unsubscribe()"))).toEqual([]);
    expect(found(module("    GroupMembership.objects.filter(group=group, member=request.user).delete()"))).toEqual([]);
  });

  it("stays reported when the object is also shown or changed, keys a lookup of anyone's rows, or becomes a new record's parent", () => {
    expect(found(module("    GroupMembership.objects.filter(group=group, member=request.user).delete()\n    group.members_count -= 1\n    group.save()"))).toEqual(["uncheckedLikeSiblings:18"]);
    expect(found(module("    GroupMembership.objects.filter(group=group).delete()"))).toEqual(["uncheckedLikeSiblings:18"]);
    expect(found(module("    GroupMembership.objects.create(group=group, member=request.user)"))).toEqual(["uncheckedLikeSiblings:18"]);
  });
});

describe("unscoped-object-access: an object used only to write the requesting user's own row under it", () => {
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.messageId}:${f.line}:${f.confidence}`);
  const module = (lookup: string, use: string) => `from django.shortcuts import get_object_or_404, redirect, render
from django.core.exceptions import PermissionDenied
from .models import Group, GroupMembership

def detail(request, group_slug):
    group = get_object_or_404(Group, slug=group_slug)
    if not has_perm(request.user, "groups.view_group", group):
        raise PermissionDenied
    return render(request, "g.html", {"group": group})

def edit(request, group_slug):
    group = get_object_or_404(Group, slug=group_slug)
    if not has_perm(request.user, "groups.change_group", group):
        raise PermissionDenied
    return render(request, "e.html", {"group": group})

def subscribe(request, group_slug):
    group = ${lookup}
${use}
    return redirect("group.detail", group_slug=group_slug)
`;
  const selfAdd = "get_object_or_404(Group, slug=group_slug, allow_self_add=True, status_detail='active')";

  it("is low (worth a look, not a comment) when the object only keys the user's own membership it finds or creates", () => {
    const join =
      "    [membership] = GroupMembership.objects.filter(group=group, member=request.user, status=True)[:1] or [None]\n" +
      "    if not membership:\n        membership = GroupMembership.add_to_group(group=group, member=request.user)\n    membership.subscribe_to_newsletter()";
    expect(found(module(selfAdd, join))).toEqual(["uncheckedLikeSiblings:18:low"]);
    expect(found(module("get_object_or_404(Group, slug=group_slug)", "    GroupMembership.objects.get_or_create(group=group, member=request.user)"))).toEqual(["uncheckedLikeSiblings:18:low"]);
    expect(found(module("get_object_or_404(Group, slug=group_slug)", "    GroupMembership.objects.create(group=group, member=request.user, status=True, role='member')"))).toEqual(["uncheckedLikeSiblings:18:low"]);
  });

  it("stays inline when the object itself is written, shown, or a row of another user is written", () => {
    const alsoChanged = "    GroupMembership.objects.get_or_create(group=group, member=request.user)\n    group.member_count += 1\n    group.save()";
    expect(found(module(selfAdd, alsoChanged))).toEqual(["uncheckedLikeSiblings:18:high"]);
    expect(found(module(selfAdd, "    GroupMembership.objects.create(group=group, member=request.user)\n    return render(request, 'g.html', {'group': group})"))).toEqual(["uncheckedLikeSiblings:18:high"]);
    expect(found(module(selfAdd, "    GroupMembership.objects.create(group=group, member_id=request.POST['user'])"))).toEqual(["uncheckedLikeSiblings:18:high"]);
    expect(found(module(selfAdd, "    group.delete()"))).toEqual(["uncheckedLikeSiblings:18:high"]);
    // Content the request supplies, written under the object with the user as its author.
    expect(found(module(selfAdd, "    GroupMessage.objects.create(group=group, author=request.user, text=request.POST['text'])"))).toEqual(["uncheckedLikeSiblings:18:high"]);
  });
});

describe("unscoped-object-access: a view that answers only a scalar of the row", () => {
  const found = (code: string, models: string) =>
    runRule(rule, code, "shop/views.py", { "shop/models.py": models }).findings.map((f) => `${f.messageId}:${f.line}:${f.confidence}`);
  const pricingModel = `from django.db import models
from django.contrib.auth.models import User

class Pricing(models.Model):
    label = models.CharField(max_length=100)
    regular_price = models.DecimalField(max_digits=15, decimal_places=2)
    member_price = models.DecimalField(max_digits=15, decimal_places=2)
    notes = models.TextField()
    owner = models.ForeignKey(User, null=True, on_delete=models.SET_NULL)

    def get_price_for_user(self, user=AnonymousUser(), list_type="regular"):
        if not user.is_anonymous and user.profile.is_member:
            return self.member_price
        return self.regular_price

    def describe(self, user):
        return self.notes

    def bump(self, by):
        self.regular_price += by
        self.save()
        return self.regular_price
`;
  const views = (use: string, extra = "") => `import json
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from .models import Pricing

def pricing_edit(request, id):
    pricing = get_object_or_404(Pricing, pk=id)
    if not has_perm(request.user, "shop.change_pricing", pricing):
        raise Http403
    return render(request, "edit.html", {"pricing": pricing})

def pricing_view(request, id):
    pricing = get_object_or_404(Pricing, pk=id)
    if not has_perm(request.user, "shop.view_pricing", pricing):
        raise Http403
    return render(request, "view.html", {"pricing": pricing})
${extra}
def query_price(request):
    pricing = get_object_or_404(Pricing, pk=request.POST.get("pricing_id", 0))
${use}
`;

  it("is low when only a number or a scalar method's result of the object leaves the view", () => {
    const quote = '    price = pricing.get_price_for_user(request.user, list_type=request.POST.get("list_type"))\n    return HttpResponse(json.dumps({"price": price}))';
    expect(found(views(quote), pricingModel)).toEqual(["uncheckedLikeSiblings:19:low"]);
    expect(found(views('    return JsonResponse({"price": pricing.regular_price, "member": str(pricing.member_price)})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:low"]);
  });

  it("stays inline when text or the object is returned, the object is changed, the model is out of sight, or a sibling scopes the model to the user", () => {
    expect(found(views('    return JsonResponse({"notes": pricing.notes})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    expect(found(views('    return JsonResponse({"d": pricing.describe(request.user)})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    expect(found(views('    return render(request, "view.html", {"pricing": pricing})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    expect(found(views('    return JsonResponse({"price": pricing.bump(1)})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    expect(found(views('    pricing.regular_price = 0\n    pricing.save()\n    return JsonResponse({"price": pricing.regular_price})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    expect(found(views('    return JsonResponse({"price": pricing.regular_price})'), "")).toEqual(["uncheckedLikeSiblings:19:high"]);
    // A scalar that keys a write of the row, or is handed to another call.
    expect(found(views('    Pricing.objects.filter(pk=pricing.pk).update(regular_price=0)\n    return JsonResponse({"ok": True})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    expect(found(views('    reprice_later.delay(pricing.regular_price)\n    return JsonResponse({"ok": True})'), pricingModel)).toEqual(["uncheckedLikeSiblings:19:high"]);
    const scopedSibling = '\ndef my_pricing(request, id):\n    pricing = get_object_or_404(Pricing, pk=id, owner=request.user)\n    return render(request, "view.html", {"pricing": pricing})\n';
    expect(found(views('    return JsonResponse({"price": pricing.regular_price})', scopedSibling), pricingModel)).toEqual(["uncheckedLikeSiblings:23:high"]);
  });
});
