import { adminClassFacts, adminShownNames, isAdminClass } from "./admin-columns.js";

const files = [
  { path: "core/admin.py", text: "from django.contrib import admin\n\nclass BaseAdmin(admin.ModelAdmin):\n    list_display = ['edit_link']\n\n    def edit_link(self, obj):\n        return ''\n" },
  { path: "pages/admin.py", text: "from core.admin import BaseAdmin\n\nclass PageAdmin(BaseAdmin):\n    list_display = ['title', 'link']\n\nclass NewsAdmin(BaseAdmin):\n    fields = ('title',)\n" },
  { path: "pages/local.py", text: "from pages.admin import NewsAdmin\n\nclass LocalNewsAdmin(NewsAdmin):\n    def get_list_display(self, request):\n        return ('teaser',)\n" },
  { path: "blog/admin.py", text: "from django.contrib import admin\n\nclass SketchAdmin(admin.ModelAdmin):\n    def link(self, obj):\n        return ''\n" },
];

describe("adminShownNames", () => {
  const facts = adminClassFacts(files);
  it("gathers the names of the class, its ancestors, and its subclasses with their ancestors", () => {
    const news = adminShownNames(facts, "NewsAdmin")!;
    expect([...news].sort()).toEqual(["edit_link", "teaser", "title"]);
    // A sibling's options (PageAdmin lists `link`) show nothing of NewsAdmin.
    expect(news.has("link")).toBe(false);
    expect(adminShownNames(facts, "PageAdmin")!.has("link")).toBe(true);
  });
  it("knows nothing of a class out of the facts, one with no option that picks columns, or one with a project base unread", () => {
    expect(adminShownNames(facts, "OtherAdmin")).toBeUndefined();
    expect(adminShownNames(facts, "SketchAdmin")).toBeUndefined();
    expect(adminShownNames(facts, "NewsAdmin", ["NewsAdmin", "BaseAdmin", "Unread"])).toBeDefined();
    const mixed = adminClassFacts([...files, { path: "x/admin.py", text: "class MixedAdmin(LinkMixin, BaseAdmin):\n    list_display = ['title']\n" }]);
    expect(adminShownNames(mixed, "MixedAdmin", ["LinkMixin"])).toBeUndefined();
    expect(adminShownNames(mixed, "MixedAdmin")).toBeDefined();
  });
  it("tells admin classes by their name or a base's", () => {
    expect(isAdminClass("BoxAdmin", ["object"])).toBe(true);
    expect(isAdminClass("Lines", ["TabularInline"])).toBe(true);
    expect(isAdminClass("LinkMixin", ["object"])).toBe(false);
  });
});
