import { admitsSlash, buildProjectIndex } from "./project-index.js";

describe("admitsSlash: whether a capture can carry '/' or '\\\\'", () => {
  it.each([
    [String.raw`[\w.@+-]+`, false],
    [String.raw`\d+`, false],
    [String.raw`[^/\\]+`, false],
    [String.raw`(?:[\w.-]+(?<!\.json))|\+?[\d.\-]+|[\w.%+-]+@[\w.-]+\.[a-zA-Z]{2,}`, false],
    ["[^/]+", true],
    [".+", true],
    [String.raw`\S+`, true],
    [String.raw`[!-~]+`, true],
    [String.raw`[\w/]+`, true],
    [String.raw`[\w\\]+`, true],
    [String.raw`\x2f`, true],
  ])("%s -> %s", (re, admits) => {
    expect(admitsSlash(re)).toBe(admits);
  });
});

describe("admitsSlash with slashOnly: whether a capture can carry '/'", () => {
  it.each([
    ["[^/]+", false],
    [String.raw`[\w\\]+`, false],
    [String.raw`[\w.@+-]+`, false],
    [".+", true],
    [String.raw`\S+`, true],
    ["[^,]+", true],
    [String.raw`[\w/]+`, true],
    [String.raw`\x2f`, true],
  ])("%s -> %s", (re, admits) => {
    expect(admitsSlash(re, true)).toBe(admits);
  });
});

describe("project index: URL parameters that hold no '/' (componentUrlParams)", () => {
  const urls = (routes: string) => buildProjectIndex([{ path: "shop/urls.py", text: `from django.urls import path, re_path\nfrom . import views\nurlpatterns = [\n${routes}]\n` }]);
  it("keeps str, slug, int, uuid and [^/]+ captures on every route, not path:, .+ or a capture that may be empty", () => {
    const index = urls("    path('a/<name>/<slug:s>/<int:n>/<uuid:u>/<path:p>', views.one),\n    re_path(r'^b/(?P<x>[^/]+)/(?P<y>.+)/(?P<z>[^/]*)$', views.two),\n");
    expect(index.componentUrlParams).toEqual({ one: ["n", "name", "s", "u"], two: ["x"] });
    expect(index.segmentUrlParams).toEqual({ one: ["n", "s", "u"] });
  });
  it("drops a parameter that one route to the view lets hold '/'", () => {
    expect(urls("    path('a/<str:name>', views.one),\n    path('b/<path:name>', views.one),\n").componentUrlParams).toEqual({});
  });
});

describe("project index: models keyed by text", () => {
  const index = buildProjectIndex([
    {
      path: "shop/models.py",
      text:
        "from django.db import models\n\nclass Base(models.Model):\n    code = models.CharField(\n        max_length=20,\n        primary_key=True,\n    )\n\n    class Meta:\n        abstract = True\n\n\nclass Course(Base):\n    owner = models.ForeignKey('auth.User', related_name='courses', on_delete=models.CASCADE)\n\n\nclass Order(models.Model):\n    id = models.BigAutoField(primary_key=True)\n    key = models.UUIDField(unique=True)\n\n\nclass Ticket(models.Model):\n    id = models.UUIDField(primary_key=True)\n",
    },
    { path: "shop/migrations/0001_initial.py", text: "class Migration(migrations.Migration):\n    operations = [\n        migrations.AddField(\n            field=models.CharField(primary_key=True, max_length=3),\n        ),\n    ]\n" },
  ]);
  it("lists text-keyed models, their subclasses and reverse managers, not integer/UUID keys or migrations", () => {
    expect(index.textKeyModels).toEqual(["Base", "Course", "base_set", "course_set", "courses"]);
  });
});
