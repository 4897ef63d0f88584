import { isStrictPattern, modelFacts, modelField, isMarkupFreeModelMethod, isSafeHtmlModelMethod, isSafeHtmlMethodName, isScalarModelMethod } from "./model-fields.js";

describe("isStrictPattern", () => {
  it("accepts anchored patterns made of classes and escapes free of markup characters", () => {
    expect(isStrictPattern("^[\\.\\_\\-0-9a-z]+$")).toBe(true);
    expect(isStrictPattern("^[\\w.-]+$")).toBe(true);
    expect(isStrictPattern("^\\/[/.a-zA-Z0-9-_]*$")).toBe(true);
    expect(isStrictPattern("\\A[a-z][a-z0-9]{2,30}\\Z")).toBe(true);
    // Used with `.match()`, which anchors at the start; lookarounds consume nothing.
    expect(isStrictPattern("(?!-)[A-Z\\d-]{1,63}(?<!-)$", true)).toBe(true);
  });
  it("refuses patterns that let markup through or are not anchored", () => {
    expect(isStrictPattern("^.+$")).toBe(false);
    expect(isStrictPattern("^[^@]+$")).toBe(false);
    expect(isStrictPattern("^\\S+$")).toBe(false);
    expect(isStrictPattern("^[ -~]+$")).toBe(false); // the printable ASCII range holds < > " ' &
    expect(isStrictPattern("^[\\w<>]+$")).toBe(false);
    expect(isStrictPattern("[\\w.-]+$")).toBe(false); // not anchored at the start (re.search)
    expect(isStrictPattern("^[\\w.-]+")).toBe(false); // not anchored at the end
    expect(isStrictPattern("^(a|b)\\1$")).toBe(false);
  });
});

const validators =
  "import re\nfrom django.core import validators\nfrom django.core.exceptions import ValidationError\n\n" +
  "def validate_name(value):\n    validators.RegexValidator('^[\\.\\_\\-0-9a-z]+$', 'Enter a valid name.', 'invalid')(value)\n\n" +
  "def validate_hostname(hostname):\n    allowed = re.compile('(?!-)[A-Z\\d-]{1,63}(?<!-)$', re.IGNORECASE)\n    for name in hostname.split('.'):\n        if not allowed.match(name):\n            raise ValidationError('bad')\n\n" +
  "def validate_domain_name(value):\n    value = value.lstrip('*.')\n    try:\n        validate_hostname(value)\n    except ValidationError:\n        raise ValidationError('Not a valid domain name.')\n\n" +
  "def validate_emailname(value):\n    value += '@localhost'\n    try:\n        validators.EmailValidator()(value)\n    except ValidationError:\n        raise ValidationError('bad')\n\n" +
  "def validate_loose(value):\n    if not re.match(r'^.+$', value):\n        raise ValidationError('bad')\n\n" +
  "validate_code = validators.RegexValidator(r'^[A-Z]{3}$')\n";

const models =
  "from django.db import models\nfrom django.core.validators import RegexValidator, validate_slug, validate_email\nfrom . import validators\n\n" +
  "class Database(models.Model):\n    HTTP = 'http'\n    name = models.CharField(max_length=64, validators=[validators.validate_name])\n" +
  "    users = models.ManyToManyField('databases.DatabaseUser', related_name='databases')\n    size = models.PositiveIntegerField()\n" +
  "    kind = models.CharField(max_length=8, choices=(('a', 'A'), ('b', 'B')))\n    notes = models.TextField()\n    dump = models.FileField(upload_to='dumps')\n\n" +
  "    class Meta:\n        ordering = ('name',)\n\n" +
  "    def compute_total(self):\n        if self.size:\n            return round(self.size * 1.5, 2)\n        return 0\n\n" +
  "    def get_protocol(self):\n        return self.HTTP\n\n" +
  "    def label(self):\n        return self.notes\n\n" +
  "class DatabaseUser(models.Model):\n    username = models.CharField(max_length=16, validators=[RegexValidator(r'^[\\w.-]+$', 'bad')])\n" +
  "    email = models.EmailField()\n    mail_name = models.CharField(max_length=64, validators=[validators.validate_emailname])\n" +
  "    host = models.CharField(max_length=255, validators=[validators.validate_domain_name])\n    slug = models.CharField(max_length=50, validators=[validate_slug])\n" +
  "    contact = models.CharField(max_length=50, validators=[validate_email])\n    loose = models.CharField(max_length=50, validators=[validators.validate_loose])\n" +
  "    inverse = models.CharField(max_length=50, validators=[RegexValidator(r'^[a-z]+$', inverse_match=True)])\n" +
  "    code = models.CharField(max_length=3, validators=[validators.validate_code])\n    site = models.URLField()\n" +
  "    owner = models.ForeignKey(Database, on_delete=models.CASCADE)\n\n" +
  "class PremiumUser(DatabaseUser):\n    level = models.IntegerField()\n";

describe("modelFacts", () => {
  const facts = modelFacts([
    { path: "core/validators.py", text: validators },
    { path: "databases/models.py", text: models },
  ]);
  it("calls markup-free what a type, choices or a strict validator keeps markup out of", () => {
    expect(modelField(facts, "Database", "name")).toBe("safe");
    expect(modelField(facts, "Database", "size")).toBe("safe");
    expect(modelField(facts, "Database", "kind")).toBe("safe");
    expect(modelField(facts, "DatabaseUser", "username")).toBe("safe");
    expect(modelField(facts, "DatabaseUser", "host")).toBe("safe"); // delegates to a strict validator of the project
    expect(modelField(facts, "DatabaseUser", "slug")).toBe("safe");
    expect(modelField(facts, "DatabaseUser", "code")).toBe("safe");
    expect(modelField(facts, "PremiumUser", "username")).toBe("safe"); // inherited
  });
  it("calls text what may hold markup: e-mail addresses (quoted local parts), URLs, loose or inverse patterns", () => {
    expect(modelField(facts, "Database", "notes")).toBe("text");
    expect(modelField(facts, "DatabaseUser", "email")).toBe("text");
    expect(modelField(facts, "DatabaseUser", "mail_name")).toBe("text");
    expect(modelField(facts, "DatabaseUser", "contact")).toBe("text");
    expect(modelField(facts, "DatabaseUser", "loose")).toBe("text");
    expect(modelField(facts, "DatabaseUser", "inverse")).toBe("text");
    expect(modelField(facts, "DatabaseUser", "site")).toBe("text");
    expect(modelField(facts, "Database", "ordering")).toBeUndefined(); // Meta is not a field
  });
  it("leaves out forms and serializers: their fields are input, not what a model stores", () => {
    const more = modelFacts([
      { path: "a/forms.py", text: "from django import forms\n\nclass LoginForm(forms.Form):\n    count = forms.IntegerField()\n\nclass Other(Base):\n    count = forms.IntegerField()\n    size = models.IntegerField()\n" },
    ]);
    expect(more.LoginForm).toBeUndefined();
    expect(modelField(more, "Other", "count")).toBeUndefined();
    expect(modelField(more, "Other", "size")).toBe("safe");
  });
  it("records files, forward and reverse relations", () => {
    expect(modelField(facts, "Database", "dump")).toBe("file");
    expect(modelField(facts, "Database", "users")).toBe("=DatabaseUser");
    expect(modelField(facts, "DatabaseUser", "databases")).toBe("=Database");
    expect(modelField(facts, "DatabaseUser", "owner")).toBe("=Database");
    expect(modelField(facts, "Database", "databaseuser_set")).toBe("=DatabaseUser");
  });
  it("records methods that only return numbers or class constants", () => {
    expect(isMarkupFreeModelMethod(facts, "Database", "compute_total")).toBe(true);
    expect(isMarkupFreeModelMethod(facts, "Database", "get_protocol")).toBe(true);
    expect(isMarkupFreeModelMethod(facts, "Database", "label")).toBe(false);
  });
});

describe("model methods that return translated constants or look them up in a table of constants", () => {
  const model =
    "from django.db import models\nfrom django.utils.translation import gettext_lazy as _\n\nclass Transaction(models.Model):\n    DONE = 'done'\n    STATE_HELP = {\n        DONE: _('The transaction is executed '\n                'on the bank.'),\n        'failed': _(\"It failed.\"),  # lost\n    }\n    state = models.CharField(max_length=10)\n    note = models.TextField()\n    source = models.ForeignKey('Source', on_delete=models.CASCADE)\n\n" +
    "    def get_state_help(self):\n        if self.source:\n            return self.source.plugin.state_help.get(self.state) or self.STATE_HELP.get(self.state)\n        return self.STATE_HELP.get(self.state, '')\n\n" +
    "    def title(self):\n        return _('Transaction')\n\n" +
    "    def total(self):\n        return round(self.amount or 0, 2)\n\n" +
    "    def get_note(self):\n        return self.NOTES.get(self.state) or self.note\n\n" +
    "    def get_other(self):\n        return self.source.plugin.other_help.get(self.state)\n";
  const plugins = "from django.utils.translation import gettext_lazy as _\n\nclass Plugin:\n    state_help = {}\n    other_help = {}\n\nclass Card(Plugin):\n    state_help = {'done': _('Charged.')}\n    other_help = {'done': _('Charged.')}\n\nclass Wire(Plugin):\n    NOTES = {'x': 'y'}\n    def __init__(self, desc):\n        self.other_help = {'done': desc}\n";
  const facts = modelFacts([{ path: "pay/models.py", text: model }, { path: "pay/plugins.py", text: plugins }]);
  it("counts translated literals and lookups in dicts whose every assignment holds text constants", () => {
    expect(isMarkupFreeModelMethod(facts, "Transaction", "get_state_help")).toBe(true);
    expect(isMarkupFreeModelMethod(facts, "Transaction", "title")).toBe(true);
    // `or` inside a call is the call's own argument: the whole return is one number.
    expect(isMarkupFreeModelMethod(facts, "Transaction", "total")).toBe(true);
  });
  it("refuses a lookup falling back on a model field, or in a dict some code fills with other values", () => {
    expect(isMarkupFreeModelMethod(facts, "Transaction", "get_note")).toBe(false);
    expect(isMarkupFreeModelMethod(facts, "Transaction", "get_other")).toBe(false);
  });
  it("refuses a table holding markup or computed values", () => {
    const bad = modelFacts([{ path: "pay/models.py", text: model.replace("_(\"It failed.\")", "'<b>failed</b>'") }, { path: "pay/plugins.py", text: plugins }]);
    expect(isMarkupFreeModelMethod(bad, "Transaction", "get_state_help")).toBe(false);
    const computed = modelFacts([{ path: "pay/models.py", text: model.replace("_(\"It failed.\")", "describe('failed')") }, { path: "pay/plugins.py", text: plugins }]);
    expect(isMarkupFreeModelMethod(computed, "Transaction", "get_state_help")).toBe(false);
  });
});

describe("isSafeHtmlModelMethod", () => {
  const facts = modelFacts([
    {
      path: "app/models.py",
      text:
        "from django.db import models\nfrom django.utils.safestring import mark_safe\nfrom django.utils.html import format_html\n\n" +
        "class Base(models.Model):\n    status = models.CharField(max_length=20)\n\n" +
        "    @property\n    def badge(obj):\n        if not obj.status:\n            return ''\n        return mark_safe('<b>%s</b>' % obj.status)  # judged where it is built\n\n" +
        "    def card(self):\n        return format_html(\n            '<i>{}</i>', self.status\n        )\n\n" +
        "    def mixed(self):\n        if self.status:\n            return mark_safe('<b>x</b>')\n        return '<i>%s</i>' % self.status\n\n" +
        "    def wrapped(self):\n        return mark_safe('<b>x</b>') + self.status\n\n" +
        "    def count(self):\n        return len(self.status)\n\n" +
        "class Item(Base):\n    title = models.CharField(max_length=20)\n",
    },
  ]);
  it("holds methods and properties whose every return is HTML a call made safe, or a markup-free value, through bases", () => {
    expect(isSafeHtmlModelMethod(facts, "Item", "badge")).toBe(true);
    expect(isSafeHtmlModelMethod(facts, "Item", "card")).toBe(true);
  });
  it("leaves out a method with one raw return, a safe call followed by more text, and one that returns no HTML at all", () => {
    expect(isSafeHtmlModelMethod(facts, "Item", "mixed")).toBe(false);
    expect(isSafeHtmlModelMethod(facts, "Item", "wrapped")).toBe(false);
    expect(isSafeHtmlModelMethod(facts, "Item", "count")).toBe(false);
    expect(isMarkupFreeModelMethod(facts, "Item", "count")).toBe(true);
  });
});

describe("isSafeHtmlMethodName", () => {
  const file = (text: string) => ({ path: "a/models.py", text: "from django.db import models\nfrom django.utils.safestring import mark_safe\n\n" + text });
  const safe = "class Base(models.Model):\n    status = models.CharField(max_length=9)\n\n    @property\n    def badge(self):\n        return mark_safe('<b>x</b>')\n";
  it("holds a name the project's models only define as a safe-HTML property", () => {
    expect(isSafeHtmlMethodName(modelFacts([file(safe)]), "badge")).toBe(true);
    expect(isSafeHtmlMethodName(modelFacts([file(safe)]), "status")).toBe(false);
  });
  it("refuses it when another model declares a field of that name or a method that returns raw text", () => {
    const field = "class Other(models.Model):\n    badge = models.TextField()\n";
    expect(isSafeHtmlMethodName(modelFacts([file(safe), { path: "b/models.py", text: "from django.db import models\n" + field }]), "badge")).toBe(false);
    const raw = "class Other(models.Model):\n    note = models.TextField()\n\n    def badge(self):\n        return '<i>%s</i>' % self.note\n";
    expect(isSafeHtmlMethodName(modelFacts([file(safe), { path: "b/models.py", text: "from django.db import models\n" + raw }]), "badge")).toBe(false);
  });
});

describe("scalar methods", () => {
  const models = modelFacts([
    {
      path: "shop/models.py",
      text:
        "from django.db import models\n\nclass Base(models.Model):\n    total = models.IntegerField()\n\n    def doubled(self, factor=2):\n        return int(self.total * factor)\n\n" +
        "class Pricing(Base):\n    price = models.DecimalField(max_digits=9, decimal_places=2)\n    member_price = models.DecimalField(max_digits=9, decimal_places=2)\n    label = models.CharField(max_length=100)\n\n" +
        "    def price_for(self, user=AnonymousUser(), kind='regular'):\n        if user.is_member:\n            return self.member_price\n        return self.price\n\n" +
        "    def title_for(self, user):\n        return self.label\n\n" +
        "    def reprice(self, by):\n        self.price += by\n        self.save()\n        return self.price\n\n" +
        "    def nothing(self, user):\n        log(user)\n",
    },
  ]);
  it("names methods, whatever their parameters, that return only number fields of the row or numbers", () => {
    expect(isScalarModelMethod(models, "Pricing", "price_for")).toBe(true);
    expect(isScalarModelMethod(models, "Pricing", "doubled")).toBe(true);
  });
  it("leaves out methods returning text, writing rows, or returning nothing", () => {
    expect(isScalarModelMethod(models, "Pricing", "title_for")).toBe(false);
    expect(isScalarModelMethod(models, "Pricing", "reprice")).toBe(false);
    expect(isScalarModelMethod(models, "Pricing", "nothing")).toBe(false);
    expect(isScalarModelMethod(models, "Other", "price_for")).toBe(false);
  });
});

describe("modelFacts: choices", () => {
  const choices =
    "from django.db import models\nfrom django.utils.translation import gettext_lazy as _\nfrom .constants import IMPORTED_CHOICES\n\n" +
    "STATUS_CHOICES = (\n    ('draft', _('Draft')),\n    ('live', _('Live')),\n)\n\n" +
    "class Color(models.TextChoices):\n    RED = 'red', _('Red')\n    BLUE = 'blue', _('Blue')\n\n" +
    "class Level(models.IntegerChoices):\n    LOW = 1\n    HIGH = 2\n\n" +
    "def plan_choices():\n    return [(p.code, p.name) for p in Plan.objects.all()]\n\n" +
    "class Post(models.Model):\n    KIND_DRAFT = 'd'\n    KIND_CHOICES = [(KIND_DRAFT, 'Draft'), ('g', (('g1', 'Group one'),))]\n" +
    "    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default='draft')\n" +
    "    kind = models.CharField(max_length=1, choices=KIND_CHOICES)\n" +
    "    color = models.CharField(max_length=10, choices=Color.choices)\n" +
    "    level = models.CharField(max_length=10, choices=Level.choices)\n" +
    "    imported = models.CharField(max_length=10, choices=IMPORTED_CHOICES)\n" +
    "    language = models.CharField(max_length=10, choices=settings.LANGUAGES)\n" +
    "    plan = models.CharField(max_length=10, choices=plan_choices)\n" +
    "    topic = models.CharField(max_length=10, choices=[(t, t) for t in TOPICS])\n" +
    "    marked = models.CharField(max_length=10, choices=[('b', '<b>Bold</b>')])\n" +
    "    computed = models.CharField(max_length=10, choices=COMPUTED)\n" +
    "    title = models.CharField(max_length=10)\n\n" +
    "COMPUTED = sorted(STATUS_CHOICES)\n";
  const constants = "IMPORTED_CHOICES = (\n    ('a', 'A'),  # first\n    ('b', 'B'),\n)\n";
  const facts = modelFacts([
    { path: "blog/models.py", text: choices },
    { path: "blog/constants.py", text: constants },
  ]);
  it("calls markup-free a field whose choices are constants: a literal, a module or class constant, a TextChoices class, a setting", () => {
    for (const f of ["status", "kind", "color", "level", "imported", "language"]) expect([f, modelField(facts, "Post", f)]).toEqual([f, "safe"]);
  });
  it("keeps as text a field whose choices come from a callable, a comprehension, a computed name, or hold markup", () => {
    for (const f of ["plan", "topic", "marked", "computed", "title"]) expect([f, modelField(facts, "Post", f)]).toEqual([f, "text"]);
  });
  it("still lists every field declared with choices as a choice field (a ModelForm cleans it to one of them)", () => {
    expect(facts.Post.choiceFields?.sort()).toEqual(["color", "computed", "imported", "kind", "language", "level", "marked", "plan", "status", "topic"]);
  });
});
