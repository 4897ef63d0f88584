import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-orm-field.js";

const h = "from .models import Ticket\n";

testRule(rule, {
  valid: [
    { name: "allow-listed sort", code: h + "SORTS = {'id', 'title'}\ndef v(request):\n    sort = request.GET.get('sort', 'id')\n    if sort not in SORTS:\n        sort = 'id'\n    return Ticket.objects.order_by(sort)\n" },
    { name: "sort checked before use", code: h + "def v(request):\n    sort = request.GET.get('sort')\n    if sort in ('id', '-id'):\n        return Ticket.objects.all().order_by(sort)\n    return Ticket.objects.all()\n" },
    { name: "constant field names", code: h + "def v(request):\n    return Ticket.objects.filter(owner=request.user).order_by('-created').values('id', 'title')\n" },
    { name: "a request value as a filter value, not a field name", code: h + "def v(request):\n    return Ticket.objects.filter(title=request.GET['q']).values_list('id', flat=True)\n" },
    { name: "a list's order_by that is not a queryset", code: h + "def v(request):\n    rows = load_rows()\n    return rows.order_by(request.GET['sort'])\n" },
  ],
  invalid: [
    { name: "order_by from the query string", code: h + "def v(request):\n    return Ticket.objects.filter(public=True).order_by(request.GET.get('sort', 'id'))\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "values of request-chosen fields", code: h + "def v(request):\n    fields = request.GET.getlist('fields')\n    return list(Ticket.objects.values(*fields))\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "ordering a queryset held in `qs`", code: h + "def v(request):\n    raw = request.GET['order']\n    qs = Ticket.objects.all()\n    return qs.order_by(raw)\n", errors: [{ messageId: "fromVariable", line: 5 }] },
  ],
});

describe("tainted-orm-field next to a comparison", () => {
  it("a copy of the value checked, the original used: low", () => {
    const code = h + "def v(request):\n    raw = request.GET.get('order', 'id')\n    name = raw.lstrip('-')\n    if name not in ('id', 'title'):\n        return Ticket.objects.all()\n    return Ticket.objects.all().order_by(raw)\n";
    expect(runRule(rule, code).findings.map((f) => f.confidence)).toEqual(["low"]);
  });
  it("no comparison in sight: the rule's confidence", () => {
    const code = h + "def v(request):\n    raw = request.GET.get('order', 'id')\n    return Ticket.objects.all().order_by(raw)\n";
    expect(runRule(rule, code).findings.map((f) => f.confidence)).toEqual(["medium"]);
  });
});

describe("tainted-orm-field and a form's closed choices", () => {
  const forms =
    "from django import forms\n\nclass SortForm(forms.Form):\n    sort = forms.ChoiceField(choices=[('title', 'Title'), ('-created', 'Newest')])\n    free = forms.CharField()\n";
  const view = (expr: string) =>
    "from .models import Ticket\nfrom .forms import SortForm\n\ndef tickets(request):\n    form = SortForm(request.GET)\n    form.is_valid()\n    return Ticket.objects.filter(public=True).order_by(" + expr + ")\n";
  const lines = (code: string) => runRule(rule, code, "app/views.py", { "app/forms.py": forms }).findings.map((f) => f.line);

  it("is silent when the field names come from a ChoiceField of the form", () => {
    expect(lines(view("form.cleaned_data['sort']"))).toEqual([]);
    expect(lines(view("'-' + form.cleaned_data.get('sort', 'title')"))).toEqual([]);
  });

  it("still reports a CharField of the form, or a default taken from the request", () => {
    expect(lines(view("form.cleaned_data['free']"))).toEqual([7]);
    expect(lines(view("form.cleaned_data.get('sort', request.GET['s'])"))).toEqual([7]);
  });
});
