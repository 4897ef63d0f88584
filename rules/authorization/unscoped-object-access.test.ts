import { testRule } from "../../test/helpers/test-rule.js";
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

testRule(rule, {
  valid: [
    { name: "every view checks the object", code: head + checkedSiblings },
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
  ],
  invalid: [
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
  ],
});
