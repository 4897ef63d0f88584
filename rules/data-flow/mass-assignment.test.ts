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
  ],
  invalid: [
    { name: "create from POST", code: h + "def v(request):\n    Order.objects.create(**request.POST.dict())\n", errors: [{ messageId: "fromSource", line: 3, messageIncludes: "`request.POST.dict()`" }] },
    { name: "filter from GET", code: h + "def v(request):\n    params = request.GET.dict()\n    return Order.objects.filter(**params)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "model constructor", code: h + "def v(request):\n    Order(**request.POST.dict()).save()\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "update_or_create defaults", code: h + "def v(request, sku):\n    Order.objects.update_or_create(sku=sku, defaults=request.POST.dict())\n", errors: [{ messageId: "fromSource", line: 3 }] },
    { name: "setattr loop", code: h + "def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for key, value in request.POST.items():\n        setattr(order, key, value)\n", errors: [{ messageId: "fromVariable", line: 5, messageIncludes: "`key` comes from `request.POST.items()`" }] },
  ],
});
