import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./mass-assignment.js";

const h = "from .models import Order\n";

testRule(rule, {
  valid: [
    { name: "explicit fields", code: h + "def v(request):\n    Order.objects.create(item=request.POST['item'], qty=int(request.POST['qty']))\n" },
    { name: "allow-listed keys", code: h + "FIELDS = ('item', 'qty')\ndef v(request):\n    data = {k: request.POST[k] for k in FIELDS}\n    Order.objects.create(**data)\n" },
    { name: "filtered comprehension", code: h + "ALLOWED = {'status'}\ndef v(request):\n    f = {k: v for k, v in request.GET.items() if k in ALLOWED}\n    return Order.objects.filter(**f)\n" },
    { name: "validated form data", code: h + "from .forms import OrderForm\ndef v(request):\n    form = OrderForm(request.POST)\n    if form.is_valid():\n        Order.objects.create(**form.cleaned_data)\n" },
    { name: "constant keys with request values", code: h + "def v(request):\n    Order.objects.filter(**{'status': request.GET['s']})\n" },
    { name: "dict() with keyword arguments", code: h + "def v(request, name, kind):\n    data = dict(name=name, kind=kind, status=request.GET['s'])\n    return Order.objects.get(**data)\n" },
    {
      name: "cleaned_data plus keys set by the view",
      code: h + "def form_valid(self, form):\n    data = form.cleaned_data\n    data['note'] = form.data['note'].strip()\n    data['owner'] = self.kwargs['user']\n    Order(**data).save()\n",
    },
    { name: "empty dict filled under constant keys", code: h + "def v(request):\n    f = {}\n    f['status'] = request.GET['s']\n    return Order.objects.filter(**f)\n" },
  ],
  invalid: [
    { name: "create from POST", code: h + "def v(request):\n    Order.objects.create(**request.POST.dict())\n", errors: [{ messageId: "fromSource", line: 3, messageIncludes: "`request.POST.dict()`" }] },
    { name: "filter from GET", code: h + "def v(request):\n    params = request.GET.dict()\n    return Order.objects.filter(**params)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "model constructor", code: h + "def v(request):\n    Order(**request.POST.dict()).save()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "update_or_create defaults", code: h + "def v(request, sku):\n    Order.objects.update_or_create(sku=sku, defaults=request.POST.dict())\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "dict() of a request mapping", code: h + "def v(request):\n    data = dict(request.POST.items(), owner=1)\n    Order.objects.create(**data)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    {
      name: "dict filled under request-chosen keys",
      code: h + "def v(request):\n    f = {}\n    for key in request.GET:\n        f[key] = request.GET[key]\n    return Order.objects.filter(**f)\n",
      errors: [{ messageId: "fromSource", line: 6 }],
    },
    {
      name: "constant key added to a request copy",
      code: h + "def v(request):\n    data = request.POST.dict()\n    data['owner'] = request.GET['u']\n    Order.objects.create(**data)\n",
      errors: [{ messageId: "fromVariable", line: 5 }],
    },
    { name: "setattr loop", code: h + "def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for key, value in request.POST.items():\n        setattr(order, key, value)\n", errors: [{ messageId: "fromVariable", line: 5, messageIncludes: "`key` comes from `request.POST.items()`" }] },
  ],
});
