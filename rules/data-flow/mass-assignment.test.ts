import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./mass-assignment.js";

const h = "from .models import Order\n";

testRule(rule, {
  valid: [
    { name: "setattr under a fixed attribute-name prefix", code: h + "def v(request):\n    kind = request.GET.get('list')\n    setting = Setting.objects.get(user=request.user)\n    setting._meta.get_field(f'notify_on_{kind}')\n    setattr(setting, f'notify_on_{kind}', False)\n    setting.save()\n" },
    {
      name: "URL parameter every pattern limits to fixed words",
      path: "shop/views.py",
      code: "from django.views.generic import RedirectView\nfrom django.shortcuts import get_object_or_404\nfrom .models import Address\n\nclass SetDefault(RedirectView):\n    def get(self, request, *args, pk=None, action=None, **kwargs):\n        address = get_object_or_404(Address, user=request.user, pk=pk)\n        setattr(address, 'is_%s' % action, True)\n        address.save()\n        return super().get(request, *args, **kwargs)\n",
      context: { "shop/urls.py": "from django.urls import re_path\nfrom . import views\nurlpatterns = [re_path(r'^addresses/(?P<pk>\\d+)/(?P<action>default_for_(billing|shipping))/$', views.SetDefault.as_view())]\n" },
    },
    { name: "explicit fields", code: h + "def v(request):\n    Order.objects.create(item=request.POST['item'], qty=int(request.POST['qty']))\n" },
    { name: "allow-listed keys", code: h + "FIELDS = ('item', 'qty')\ndef v(request):\n    data = {k: request.POST[k] for k in FIELDS}\n    Order.objects.create(**data)\n" },
    { name: "filtered comprehension", code: h + "ALLOWED = {'status'}\ndef v(request):\n    f = {k: v for k, v in request.GET.items() if k in ALLOWED}\n    return Order.objects.filter(**f)\n" },
    { name: "validated form data", code: h + "from .forms import OrderForm\ndef v(request):\n    form = OrderForm(request.POST)\n    if form.is_valid():\n        Order.objects.create(**form.cleaned_data)\n" },
    { name: "constant keys with request values", code: h + "def v(request):\n    Order.objects.filter(**{'status': request.GET['s']})\n" },
    {
      name: "a lookup dictionary keyed by the view's lookup_field, taken when the caller passed no keyword filters (`kwargs or ...`)",
      code: "from rest_framework.viewsets import GenericViewSet\nclass V(GenericViewSet):\n    def _lookup(self):\n        return {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}\n    def one(self, **filters):\n        filters = filters or self._lookup()\n        return self.get_queryset().filter(**filters)\n",
    },
    { name: "dict() with keyword arguments", code: h + "def v(request, name, kind):\n    data = dict(name=name, kind=kind, status=request.GET['s'])\n    return Order.objects.get(**data)\n" },
    {
      name: "cleaned_data plus keys set by the view",
      code: h + "def form_valid(self, form):\n    data = form.cleaned_data\n    data['note'] = form.data['note'].strip()\n    data['owner'] = self.kwargs['user']\n    Order(**data).save()\n",
    },
    {
      name: "list of dictionaries with constant keys, iterated into Q(**...)",
      code: h + "from functools import reduce\nimport operator\nfrom django.db.models import Q\nFIELDS = ['title', 'isbn']\ndef v(request):\n    q = request.GET.get('q')\n    entries = [{f'{name}__icontains': q} for name in FIELDS] + [{'tags__iexact': q}]\n    return Order.objects.filter(reduce(operator.or_, (Q(**e) for e in entries)))\n",
    },
    {
      name: "helper returns None early, else an int() of the request's value",
      code: h + "def get_value(request, name):\n    value = request.GET[name] if name in request.GET else None\n    if value is None:\n        return value\n    try:\n        value = int(value)\n    except ValueError:\n        raise\n    return value\ndef page(queryset, after, order_by):\n    col = order_by.lstrip('-')\n    return queryset.filter(**{f'{col}__gt': after})\ndef v(request):\n    after = get_value(request, 'after')\n    return page(Order.objects.all(), after, '-id')\n",
    },
    {
      name: "URL kind first picks a model from a class dictionary of literal keys",
      code: "from .models import A, B\nclass V:\n    models = {'property': A, 'taxlot': B}\n    def post(self, request, kind):\n        Model = self.models[kind]\n        return Model.objects.filter(**{f'{kind}__name': request.data['n']})\n",
    },
    {
      name: "URL kind first picks a model from a module dictionary of literal keys",
      code: "from .models import A, B\nMODELS = {'a': A, 'b': B}\ndef v(request, kind):\n    Model = MODELS[kind]\n    return Model.objects.filter(**{f'{kind}__name': request.GET['n']})\n",
    },
    { name: "for loop over a list literal of constant-key dictionaries", code: h + "def v(request):\n    for f in [{'status': request.GET['s']}, {'kind': request.GET['k']}]:\n        Order.objects.filter(**f)\n" },
    { name: "empty dict filled under constant keys", code: h + "def v(request):\n    f = {}\n    f['status'] = request.GET['s']\n    return Order.objects.filter(**f)\n" },
    {
      name: "column names read from a parameter the view fills with a constant list (only values from the client)",
      code: "from django.apps import apps\nfrom rest_framework.views import APIView\nclass V(APIView):\n    def post(self, request):\n        LOCATIONS = (('core.user', 'username'), ('payment.check', 'username'))\n        pairs = request.data.get('mappings')\n        locations = [(apps.get_model(m), c) for (m, c) in LOCATIONS]\n        for pair in pairs:\n            self._replace(list(pair.keys())[0], list(pair.values())[0], locations)\n    def _replace(self, old, new, locations):\n        for (model, column) in locations:\n            model.objects.filter(**{column: old}).update(**{column: new})\n",
    },
    {
      name: "column chosen in a loop over a constant tuple",
      code: h + "def v(request):\n    for column in ('username', 'email'):\n        Order.objects.filter(**{column: request.GET['old']}).update(**{column: request.GET['new']})\n",
    },
    {
      name: "update dict built by a helper that copies only the keys of its `fields` allow-list, passed to update(**...)",
      code: h + "from .models import Invoice\nclass V:\n    def update(self, request, pk):\n        self.update_invoice(request.data, pk)\n    def update_invoice(self, request_data, pk):\n        data = self.build(data=request_data, fields=Invoice.UPDATABLE_FIELDS)\n        if data:\n            Invoice.objects.filter(pk=pk).update(**data)\n    def build(self, data, fields):\n        out = {}\n        for field in fields:\n            if field in data:\n                out[field.replace('invoice_', '')] = data.get(field)\n        return out\n",
    },
    {
      name: "the same helper's dict set with a setattr loop over items(), after keys the code adds",
      code: h + "FIELDS = ('name', 'catalog')\ndef build(data, fields):\n    out = {}\n    for field in fields:\n        if field in data:\n            out[field] = data.get(field)\n    return out\ndef v(request, pk):\n    order = Order.objects.get(pk=pk)\n    data = build(request.POST, FIELDS)\n    data['course'] = request.POST.get('course')\n    for attr, value in data.items():\n        setattr(order, attr, value)\n    order.save()\n",
    },
    {
      name: "query-param lookups kept only when in the view's filter_fields, returned in a tuple and unpacked before filter(**...)",
      code: h + "class LookupFilter:\n    def lookups(self, request, filter_fields):\n        positional, kw = [], {}\n        for name, value in request.query_params.items():\n            field, _, lookup = name.rpartition('__')\n            if field in filter_fields and lookup in {'exact', 'icontains'}:\n                kw[f'{field}__{lookup}'] = value\n        return positional, kw\n    def filter_queryset(self, request, queryset, view):\n        q, kw = self.lookups(request, view.filter_fields)\n        return queryset.filter(*q, **kw)\n",
    },
    {
      name: "request key skipped unless in a constant allow-list (`not in ...: continue`), returned in a tuple",
      code: h + "ALLOWED = {'status', 'created'}\ndef lookups(request):\n    kw = {}\n    for key, value in request.GET.items():\n        if key not in ALLOWED:\n            continue\n        kw[key] = value\n    return kw, len(kw)\ndef v(request):\n    kw, order = lookups(request)\n    return Order.objects.filter(**kw)\n",
    },
    {
      name: "request key checked against the model's own field names",
      code: h + "def v(request):\n    names = [f.name for f in Order._meta.get_fields()]\n    kw = {k: val for k, val in request.GET.items() if k in names}\n    return Order.objects.filter(**kw)\n",
    },
    {
      name: "keys() of a dict with constant keys",
      code: h + "def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    data = {'name': request.POST['name']}\n    for attr in data.keys():\n        setattr(order, attr, data[attr])\n",
    },
  ],
  invalid: [
    {
      name: "request data on either side of `or`: the query string's own keys when it has any",
      code: "from rest_framework.viewsets import GenericViewSet\nclass V(GenericViewSet):\n    def _lookup(self):\n        return {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}\n    def one(self):\n        filters = self.request.GET.dict() or self._lookup()\n        return self.get_queryset().filter(**filters)\n",
      errors: [{ messageId: "fromVariable", line: 7 }],
    },
    {
      name: "column names read from a parameter the caller fills from the request",
      code: "from rest_framework.views import APIView\nfrom .models import Order\nclass V(APIView):\n    def post(self, request):\n        self._replace(request.data['old'], request.data['new'], [(Order, request.data['column'])])\n    def _replace(self, old, new, locations):\n        for (model, column) in locations:\n            model.objects.filter(**{column: old}).update(**{column: new})\n",
      errors: [{ messageId: "fromSource", line: 8 }],
    },
    {
      name: "the allow-list helper called with the client's own list of fields",
      code: h + "from .models import Invoice\nclass V:\n    def update(self, request, pk):\n        data = self.build(data=request.data, fields=request.data.getlist('fields'))\n        Invoice.objects.filter(pk=pk).update(**data)\n    def build(self, data, fields):\n        out = {}\n        for field in fields:\n            out[field] = data.get(field)\n        return out\n",
      errors: [{ messageId: "fromVariable", line: 6 }],
    },
    {
      name: "a helper that copies every key of the request, set with a setattr loop",
      code: h + "def build(data):\n    out = {}\n    for field in data:\n        out[field] = data.get(field)\n    return out\ndef v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for attr, value in build(request.POST).items():\n        setattr(order, attr, value)\n",
      errors: [{ messageId: "fromVariable", line: 10 }],
    },
    {
      name: "filter and update of one chain from the request's dictionaries: one finding on the line",
      code: h + "def v(request):\n    Order.objects.filter(**request.GET.dict()).update(**request.POST.dict())\n",
      errors: [{ messageId: "fromSource", line: 3, messageIncludes: "reaches `Order.objects.filter`" }],
    },
    {
      name: "URL kind looked up with .get() (no KeyError, so nothing is proven)",
      code: "from .models import A, B\nMODELS = {'a': A, 'b': B}\ndef v(request, kind):\n    Model = MODELS.get(kind)\n    return Model.objects.filter(**{f'{kind}__name': request.GET['n']})\n",
      errors: [{ messageId: "fromSource", line: 5 }],
    },
    {
      name: "URL kind looked up in a dictionary the module fills at run time",
      code: "from .models import A\nMODELS = {}\ndef v(request, kind):\n    Model = MODELS[kind]\n    return Model.objects.filter(**{f'{kind}__name': request.GET['n']})\n",
      errors: [{ messageId: "fromSource", line: 5 }],
    },
    {
      name: "the request's dictionary under `is not None`",
      code: h + "def v(request):\n    f = request.GET.dict()\n    if f is not None:\n        return Order.objects.filter(**f)\n",
      errors: [{ messageId: "fromVariable", line: 5 }],
    },
    {
      name: "list holding the request's own dictionary, iterated into filter(**...)",
      code: h + "def v(request):\n    for f in [{'status': request.GET['s']}, request.GET.dict()]:\n        Order.objects.filter(**f)\n",
      errors: [{ messageId: "fromVariable", line: 4 }],
    },
    {
      name: "comprehension of request-chosen keys, iterated into Q(**...)",
      code: h + "from django.db.models import Q\ndef v(request):\n    entries = [{k: val} for k, val in request.GET.items()]\n    return Order.objects.filter(*[Q(**e) for e in entries])\n",
      errors: [{ messageId: "fromVariable", line: 5 }],
    },
    {
      name: "URL parameter one pattern leaves open",
      path: "shop/views.py",
      code: "from django.views.generic import RedirectView\nfrom django.shortcuts import get_object_or_404\nfrom .models import Address\n\nclass SetDefault(RedirectView):\n    def get(self, request, *args, pk=None, action=None, **kwargs):\n        address = get_object_or_404(Address, user=request.user, pk=pk)\n        setattr(address, 'is_%s' % action, True)\n        address.save()\n        return super().get(request, *args, **kwargs)\n",
      context: { "shop/urls.py": "from django.urls import path, re_path\nfrom . import views\nurlpatterns = [\n    re_path(r'^addresses/(?P<pk>\\d+)/(?P<action>default_for_(billing|shipping))/$', views.SetDefault.as_view()),\n    path('a/<int:pk>/<slug:action>/', views.SetDefault.as_view()),\n]\n" },
      errors: [{ messageId: "fromSource", line: 8 }],
    },
    {
      name: "URL parameter captured by a word pattern",
      path: "shop/views.py",
      code: "from django.views.generic import RedirectView\nfrom django.shortcuts import get_object_or_404\nfrom .models import Address\n\nclass SetDefault(RedirectView):\n    def get(self, request, *args, pk=None, action=None, **kwargs):\n        address = get_object_or_404(Address, user=request.user, pk=pk)\n        setattr(address, 'is_%s' % action, True)\n        address.save()\n        return super().get(request, *args, **kwargs)\n",
      context: { "shop/urls.py": "from django.urls import re_path\nfrom . import views\nurlpatterns = [re_path(r'^addresses/(?P<pk>\\d+)/(?P<action>\\w+)/$', views.SetDefault.as_view())]\n" },
      errors: [{ messageId: "fromSource", line: 8 }],
    },
    {
      name: "the same tuple-returning helper without the allow-list check",
      code: h + "class LookupFilter:\n    def lookups(self, request):\n        positional, kw = [], {}\n        for name, value in request.query_params.items():\n            kw[name] = value\n        return positional, kw\n    def filter_queryset(self, request, queryset, view):\n        q, kw = self.lookups(request)\n        return queryset.filter(*q, **kw)\n",
      errors: [{ messageId: "fromVariable", line: 10 }],
    },
    {
      name: "a tuple whose other item is the request's own dictionary",
      code: h + "def lookups(request):\n    kw = {}\n    for key, value in request.GET.items():\n        if key in ('status',):\n            kw[key] = value\n    return request.GET.dict(), kw\ndef v(request):\n    raw, kw = lookups(request)\n    return Order.objects.filter(**raw)\n",
      errors: [{ messageId: "fromVariable", line: 10 }],
    },
    {
      name: "membership in the request's own keys bounds nothing",
      code: h + "def v(request):\n    kw = {}\n    for key in request.GET:\n        if key in request.GET:\n            kw[key] = request.GET[key]\n    return Order.objects.filter(**kw)\n",
      errors: [{ messageId: "fromSource", line: 7 }],
    },
    {
      name: "membership in a dictionary read from the request bounds nothing (`not in data: continue`)",
      code: h + "def v(request):\n    kw = {}\n    data = request.POST.dict()\n    for key, value in request.GET.items():\n        if key not in data:\n            continue\n        kw[key] = value\n    return Order.objects.filter(**kw)\n",
      errors: [{ messageId: "fromVariable", line: 9 }],
    },
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
    { name: "setattr under a prefix that still reaches is_staff", code: h + "def v(request):\n    flag = request.GET.get('flag')\n    setattr(request.user, 'is_' + flag, True)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "setattr with a request prefix before a fixed suffix", code: h + "def v(request):\n    kind = request.GET.get('kind')\n    setattr(request.user, f'{kind}_enabled', True)\n", errors: [{ messageId: "fromVariable", line: 4 }] },
    { name: "setattr loop", code: h + "def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for key, value in request.POST.items():\n        setattr(order, key, value)\n", errors: [{ messageId: "fromVariable", line: 5, messageIncludes: "`key` comes from `request.POST.items()`" }] },
  ],
});

describe("mass-assignment: setattr names limited by match/case", () => {
  const loop = (cases: string) => h + "def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for key, value in request.POST.items():\n        match key:\n" + cases;
  const lines = (code: string) => runRule(rule, code).findings.map((f) => f.line);

  it("a setattr under `case` of string literals only (an allow-list) is no finding", () => {
    expect(lines(loop('            case "csrfmiddlewaretoken":\n                continue\n            case "note" | "phone":\n                setattr(order, key, value)\n'))).toEqual([]);
  });

  it("a wildcard or capture case, a guard-only match on another name, or setattr outside the match stays reported", () => {
    expect(lines(loop("            case _:\n                setattr(order, key, value)\n"))).toEqual([7]);
    expect(lines(loop('            case "note" | other:\n                setattr(order, key, value)\n'))).toEqual([7]);
    expect(lines(h + 'def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for key, value in request.POST.items():\n        match value:\n            case "x":\n                setattr(order, key, value)\n')).toEqual([7]);
    expect(lines(loop('            case "note":\n                pass\n        setattr(order, key, value)\n'))).toEqual([8]);
  });
});

describe("mass-assignment and dictionaries whose constant keys hold different data", () => {
  const head = "from .models import Site, Filter\n\ndef build(request, blog):\n    data = {'blog': blog.pk}\n    data['site'] = {'name': blog.site_name, 'domain': blog.domain}\n    get_params = request.GET.copy()\n    data['filterset'] = {'get_params': get_params.dict()}\n    data['filterset']['choices'] = [c for c in get_params]\n";
  const lines = (tail: string) => runRule(rule, head + tail, "blog/builders.py").findings.map((f) => f.line);
  it("is silent when the splatted key only ever held the code's own values", () => {
    expect(lines("    return Site(**data['site'])\n")).toEqual([]);
    expect(lines("    site = data['site']\n    return Site.objects.create(**site)\n")).toEqual([]);
    // A branch that leaves the dict alone: after it the keys are still known.
    expect(lines("    if blog.open:\n        x = data['filterset']['choices']\n    return Site(**data['site'])\n")).toEqual([]);
  });
  it("reports the key that holds request data, and any key once the whole dict took it", () => {
    expect(lines("    return Filter(**data['filterset'])\n")).toEqual([9]);
    expect(lines("    data.update(request.POST.dict())\n    return Site(**data['site'])\n")).toEqual([10]);
    expect(lines("    data[request.GET['k']] = request.GET.dict()\n    return Site(**data['site'])\n")).toEqual([10]);
    expect(lines("    data['site']['extra'] = request.GET.dict()\n    return Site(**data['site'])\n")).toEqual([10]);
    expect(lines("    data['site'] = request.GET.dict()\n    return Site(**data['site'])\n")).toEqual([10]);
  });
  it("does not trust the keys when a branch rebinds the name to request data", () => {
    expect(lines("    if blog.open:\n        data = request.POST.dict()\n    return Site(**data['site'])\n")).toEqual([11]);
    expect(lines("    other = {**data}\n    return Site(**other['site'])\n")).toEqual([10]);
  });
});

describe("mass-assignment: lookup names built from a form's closed choices", () => {
  const forms =
    "from django import forms\n\nclass SearchForm(forms.Form):\n" +
    "    method = forms.ChoiceField(choices=[('iexact', 'Exactly'), ('icontains', 'Contains')])\n" +
    "    target = forms.TypedChoiceField(choices=[('series', 'Series'), ('issue', 'Issue')])\n" +
    "    kinds = forms.MultipleChoiceField(choices=[('a', 'A')])\n" +
    "    name = forms.CharField()\n";
  const view = (body: string) =>
    "from django.db.models import Q\nfrom .models import Series\nfrom .forms import SearchForm\n\ndef search(request):\n    form = SearchForm(request.GET)\n    if not form.is_valid():\n        return None\n" + body;
  const lines = (code: string, formsText = forms) => runRule(rule, code, "app/views.py", { "app/forms.py": formsText }).findings.map((f) => f.line);

  it("is silent for a key made of ChoiceField values and constants (%, f-string, +, format, join)", () => {
    expect(lines(view("    data = form.cleaned_data\n    op = str(data['method'] or 'iregex')\n    return Series.objects.filter(Q(**{'name__%s' % op: data['name']}))\n"))).toEqual([]);
    expect(lines(view("    op = form.cleaned_data.get('method')\n    return Series.objects.filter(**{f'name__{op}': form.cleaned_data['name']})\n"))).toEqual([]);
    expect(lines(view("    d = form.cleaned_data\n    key = d['target'] + '__name__' + d['method']\n    return Series.objects.filter(**{key: d['name']})\n"))).toEqual([]);
    expect(lines(view("    d = form.cleaned_data\n    return Series.objects.filter(**{'{}__name__{}'.format(d['target'], d['method']): d['name']})\n"))).toEqual([]);
    expect(lines(view("    d = form.cleaned_data\n    return Series.objects.filter(**{'__'.join([d['target'], 'name', d['method']]): d['name']})\n"))).toEqual([]);
  });

  it("follows the value into a helper of the module, with a prefix the code computes", () => {
    const helper =
      "def prefix_for(target):\n    if target == 'issue':\n        return 'series__'\n    return ''\n\n" +
      "def by_name(data, op):\n    prefix = prefix_for(data['target'])\n    return Q(**{'%sname__%s' % (prefix, op): data['name']})\n\n";
    expect(lines(helper + view("    data = form.cleaned_data\n    op = str(data['method'] or 'iregex')\n    return Series.objects.filter(by_name(data, op))\n"))).toEqual([]);
  });

  it("reads the form class of a class-based view's form_class, and a ModelForm field of a model field with choices", () => {
    const cbv = "from django.views.generic import FormView\nfrom .models import Series\nfrom .forms import SearchForm\n\nclass Search(FormView):\n    form_class = SearchForm\n\n    def form_valid(self, form):\n        op = form.cleaned_data['method']\n        return Series.objects.filter(**{'name__' + op: form.cleaned_data['name']})\n";
    expect(lines(cbv)).toEqual([]);
    const post = "from django.views.generic import FormView\nfrom .models import Series\nfrom .forms import SearchForm\n\nclass Search(FormView):\n    form_class = SearchForm\n\n    def post(self, request):\n        form = self.get_form()\n        form.is_valid()\n        return Series.objects.filter(**{'name__' + form.cleaned_data[FIELD]: 1})\n";
    expect(lines(post.replace("FIELD", "'method'"))).toEqual([]);
    expect(lines(post.replace("FIELD", "'name'"))).toEqual([11]);
    const modelForm = "from django import forms\nfrom .models import Series\n\nclass SearchForm(forms.ModelForm):\n    class Meta:\n        model = Series\n        fields = ['method', 'name']\n";
    const models = "from django.db import models\n\nclass Series(models.Model):\n    method = models.CharField(max_length=9, choices=[('iexact', 'Exactly')])\n    name = models.CharField(max_length=9)\n";
    const code = view("    op = form.cleaned_data['method']\n    return Series.objects.filter(**{'name__' + op: 1})\n");
    expect(runRule(rule, code, "app/views.py", { "app/forms.py": modelForm, "app/models.py": models }).findings).toEqual([]);
    const free = view("    op = form.cleaned_data['name']\n    return Series.objects.filter(**{'name__' + op: 1})\n");
    expect(runRule(rule, free, "app/views.py", { "app/forms.py": modelForm, "app/models.py": models }).findings.map((f) => f.line)).toEqual([10]);
  });

  it("still reports a key holding a CharField value, a field whose clean method replaces it, or request.GET", () => {
    expect(lines(view("    d = form.cleaned_data\n    return Series.objects.filter(**{'%s__%s' % (d['name'], d['method']): 1})\n"))).toEqual([10]);
    expect(lines(view("    op = form.cleaned_data['method']\n    return Series.objects.filter(**{'name__' + op: 1})\n"), forms + "\n    def clean_method(self):\n        return self.data['raw']\n")).toEqual([10]);
    expect(lines(view("    op = request.GET['method']\n    return Series.objects.filter(**{'name__' + op: 1})\n"))).toEqual([10]);
    // An unknown form class (not the project's): its fields are not known.
    const other = view("    op = form.cleaned_data['method']\n    return Series.objects.filter(**{'name__' + op: 1})\n").replace("from .forms import SearchForm", "from vendor.forms import SearchForm");
    expect(runRule(rule, other, "app/views.py", { "app/forms.py": forms }).findings.map((f) => f.line)).toEqual([10]);
    expect(runRule(rule, other.replace("vendor.forms", "app.forms"), "app/views.py", { "app/forms.py": forms }).findings).toEqual([]);
  });
});

describe("mass-assignment: the keys of a form's cleaned_data", () => {
  const forms = "from django import forms\n\nclass ItemsForm(forms.Form):\n    notes = forms.CharField()\n    grade = forms.IntegerField()\n";
  const view = (loop: string) =>
    "from .forms import ItemsForm\nfrom .models import Item\n\ndef edit(request):\n    edit_form = ItemsForm(request.POST)\n    if edit_form.is_valid():\n        cd = edit_form.cleaned_data\n" + loop;
  const lines = (code: string, formsText = forms) => runRule(rule, code, "app/views.py", { "app/forms.py": formsText }).findings.map((f) => f.line);

  it("is silent when setattr names come from iterating cleaned_data, its keys() or items()", () => {
    expect(lines(view("        for field in cd:\n            for item in Item.objects.all():\n                setattr(item, field, cd[field])\n"))).toEqual([]);
    expect(lines(view("        for field in cd.keys():\n            setattr(Item(), field, cd[field])\n"))).toEqual([]);
    expect(lines(view("        for field, value in edit_form.cleaned_data.items():\n            setattr(Item(), field, value)\n"))).toEqual([]);
  });

  it("still reports names from request.POST, or from a form that adds fields named by its input", () => {
    expect(lines(view("        for field in request.POST:\n            setattr(Item(), field, cd.get(field))\n"))).toEqual([9]);
    const dynamic = forms + "\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n        for name in self.data:\n            self.fields[name] = forms.CharField(required=False)\n";
    expect(lines(view("        for field in cd:\n            setattr(Item(), field, cd[field])\n"), dynamic)).toEqual([9]);
    expect(lines(view("        Item.objects.create(**cd)\n"), dynamic)).toEqual([8]);
    // Fields named from the database are the server's names.
    const fromDb = forms + "\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n        for tag in Tag.objects.all():\n            self.fields['tag_%d' % tag.pk] = forms.BooleanField(required=False)\n";
    expect(lines(view("        for field in cd:\n            setattr(Item(), field, cd[field])\n"), fromDb)).toEqual([]);
  });
});

describe("mass-assignment confidence from the evidence that the client picks the names", () => {
  const run = (body: string, path = "shop/views.py") => runRule(rule, h + body, path).findings.map((f) => `${f.line}:${f.confidence}`);

  it("keeps a whole request mapping at the rule's confidence, for writes and lookups", () => {
    expect(run("def v(request):\n    Order.objects.create(**request.POST.dict())\n")).toEqual([`3:${rule.confidence}`]);
    expect(run("def v(request):\n    Order.objects.filter(pk=1).update(**request.data)\n")).toEqual([`3:${rule.confidence}`]);
    expect(run("import json\ndef v(request):\n    data = json.loads(request.body)\n    Order(**data).save()\n")).toEqual([`5:${rule.confidence}`]);
    expect(run("def v(request):\n    params = request.GET.dict()\n    return Order.objects.filter(**params)\n")).toEqual([`4:${rule.confidence}`]);
    expect(run("def v(request, pk):\n    order = Order.objects.get(pk=pk)\n    for key, value in request.POST.items():\n        setattr(order, key, value)\n")).toEqual([`5:${rule.confidence}`]);
  });

  it("keeps a client dictionary unpacked as it came, and a setattr name that is the request value itself", () => {
    expect(run("def v(request):\n    attrs = request.data.get('attrs')\n    Order.objects.create(**attrs)\n")).toEqual([`4:${rule.confidence}`]);
    expect(run("def v(request, sku):\n    attrs = request.data['attrs']\n    Order.objects.update_or_create(sku=sku, defaults=attrs)\n")).toEqual([`4:${rule.confidence}`]);
    expect(run("def v(request):\n    setattr(request.user, request.POST['name'], request.POST['value'])\n")).toEqual([`3:${rule.confidence}`]);
  });

  it("lists a name the code builds from one request value at low confidence", () => {
    expect(run("def v(request):\n    flag = request.GET.get('flag')\n    setattr(request.user, 'is_' + flag, True)\n")).toEqual(["4:low"]);
    expect(run("def v(request):\n    field = request.GET['field']\n    return Order.objects.filter(**{field + '__icontains': request.GET['q']})\n")).toEqual(["4:low"]);
    expect(run("def v(request):\n    kw = {}\n    kw['%s__%s' % (request.GET['f'], request.GET['op'])] = request.GET['q']\n    return Order.objects.filter(**kw)\n")).toEqual(["5:low"]);
  });

  it("lists code that only staff reach at low confidence, also through a base class of the module", () => {
    const admin = (bases: string) =>
      "from django.contrib.admin import ModelAdmin\nclass BaseAdmin(ModelAdmin):\n    pass\n" +
      `class ConfigAdmin(${bases}):\n    def preview(self, request):\n        kwargs = {}\n        for key, value in request.POST.items():\n            kwargs[key] = value\n        return Order(**kwargs)\n`;
    expect(run(admin("BaseAdmin"))).toEqual(["10:low"]);
    expect(run(admin("object"))).toEqual([`10:${rule.confidence}`]);
  });
});

describe("mass-assignment: one form field's cleaned value unpacked as keywords", () => {
  const conf = (source: string) =>
    runRule(rule, `from django.views.generic import FormView\nfrom .models import Voucher\nfrom .forms import UploadForm\n\nclass Upload(FormView):\n    form_class = UploadForm\n\n    def form_valid(self, form):\n        values = ${source}\n        Voucher.objects.create(**values, user=self.request.user)\n`).findings.map((f) => `${f.line}:${f.confidence}`);
  it("is low for form.cleaned_data['voucher'] (a mapping its clean method built); the rule's confidence for the request body", () => {
    expect(conf('form.cleaned_data["voucher"]')).toEqual(["10:low"]);
    expect(conf("self.request.POST.dict()")).toEqual([`10:${rule.confidence}`]);
  });
});
