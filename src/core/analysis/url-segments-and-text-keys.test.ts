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
