import { admitsPathCharacter, admitsSlash, buildProjectIndex } from "./project-index.js";

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

describe("project index: URL parameters that hold no '/', '\\\\' or '.' (plainNameUrlParams)", () => {
  const urls = (routes: string) =>
    buildProjectIndex([{ path: "shop/urls.py", text: `from django.urls import path, re_path\nfrom . import views\nurlpath = get_setting("module", "shop", "url")\nurlpatterns = [\n${routes}]\n` }]);
  it("keeps digits, \\w, int, slug and uuid captures, also in a pattern formatted with %; not [\\w.-]+, str:, or a capture holding a placeholder", () => {
    const index = urls(
      "    re_path(r'^%s/export/download/(?P<identifier>\\d+)/$' % urlpath, views.export_download),\n" +
        "    re_path(r'^%s/(?P<target>\\w+)/(?P<file>[\\w.-]+)/(?P<n>[_\\d]+)/$' % (urlpath,), views.group_export),\n" +
        "    re_path(r'^x/(?P<part>%s\\d+)/$' % urlpath, views.partial),\n" +
        "    path('a/<int:n>/<slug:s>/<uuid:u>/<str:name>/', views.one),\n",
    );
    expect(index.plainNameUrlParams).toEqual({ export_download: ["identifier"], group_export: ["n", "target"], one: ["n", "s", "u"] });
    expect(index.componentUrlParams?.export_download).toEqual(["identifier"]);
  });
  it("drops a parameter that one route to the view lets hold a dot", () => {
    expect(urls("    re_path(r'^%s/(?P<identifier>\\d+)/$' % urlpath, views.dl),\n    re_path(r'^b/(?P<identifier>[\\w.]+)/$', views.dl),\n").plainNameUrlParams).toEqual({});
  });
});

describe("admitsPathCharacter: whether a capture can carry '/', '\\\\' or '.'", () => {
  it.each([
    [String.raw`\d+`, false],
    [String.raw`\w+`, false],
    [String.raw`[_\d]+`, false],
    [String.raw`[a-z0-9_-]+`, false],
    [String.raw`[\w.-]+`, true],
    [String.raw`[\w\.]+`, true],
    [String.raw`\w+\.csv`, true],
    ["[^/]+", true],
    [String.raw`[,-0]+`, true],
    [".+", true],
  ])("%s -> %s", (re, admits) => {
    expect(admitsPathCharacter(re)).toBe(admits);
  });
});
