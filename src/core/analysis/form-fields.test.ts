import { formFacts, formFieldKind, isDynamicForm, projectFormClass } from "./form-fields.js";
import { modelFacts } from "./model-fields.js";

const file = (path: string, text: string) => ({ path, text });

describe("formFacts", () => {
  const forms = file(
    "app/forms.py",
    "from django import forms\nfrom django.forms import ModelForm\nfrom .models import Item\n\n" +
      "class SearchForm(forms.Form):\n    method = forms.ChoiceField(choices=[('a', 'A')])\n    owner = forms.ModelChoiceField(queryset=None)\n" +
      "    page = forms.IntegerField()\n    q = forms.CharField()\n\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n" +
      "        self.fields['country'] = forms.MultipleChoiceField(choices=[])\n        self.fields['note'] = forms.CharField()\n\n" +
      "class WiderSearch(SearchForm):\n    q = forms.ChoiceField(choices=[])\n\n    def clean_method(self):\n        return self.data['m']\n\n" +
      "class ItemForm(ModelForm):\n    class Meta:\n        model = Item\n        exclude = ('secret',)\n",
  );
  const models = file(
    "app/models.py",
    "from django.db import models\n\nclass Item(models.Model):\n    status = models.CharField(max_length=5, choices=[('o', 'Open')])\n" +
      "    title = models.CharField(max_length=50)\n    parent = models.ForeignKey('Item', on_delete=models.CASCADE)\n    count = models.IntegerField()\n" +
      "    secret = models.CharField(max_length=5, choices=[('x', 'X')])\n",
  );
  const index = formFacts([forms, models], modelFacts([forms, models]));

  it("reads each declared field's kind, from the class body and from literal self.fields[...] assignments", () => {
    expect(index.SearchForm.fields).toEqual({ method: "choice", owner: "choice", page: "bounded", q: "text", country: "choice", note: "text" });
  });

  it("follows project base classes, and a clean_<field>() makes the field text", () => {
    expect(formFieldKind(index, "WiderSearch", "q")).toBe("choice");
    expect(formFieldKind(index, "WiderSearch", "owner")).toBe("choice");
    expect(formFieldKind(index, "WiderSearch", "method")).toBe("text");
    expect(formFieldKind(index, "SearchForm", "missing")).toBeUndefined();
    expect(formFieldKind(index, "Unknown", "method")).toBeUndefined();
  });

  it("gives a ModelForm its model's fields: choices and relations are choices, exclude leaves fields out", () => {
    expect(index.ItemForm.fields).toMatchObject({ status: "choice", title: "text", parent: "choice", count: "bounded" });
    expect(index.ItemForm.fields.secret).toBeUndefined();
  });

  it("marks a form that adds fields named from its input as dynamic, not one naming them from elsewhere", () => {
    const dyn = (init: string) =>
      formFacts([file("f.py", "from django import forms\n\nclass F(forms.Form):\n    a = forms.CharField()\n\n    def __init__(self, names, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n" + init)]);
    expect(isDynamicForm(dyn("        for name in self.data:\n            self.fields[name] = forms.CharField()\n"), "F")).toBe(true);
    expect(isDynamicForm(dyn("        for name in names:\n            self.fields[name] = forms.CharField()\n"), "F")).toBe(true);
    expect(isDynamicForm(dyn("        self.fields[kwargs['extra']] = forms.CharField()\n"), "F")).toBe(true);
    expect(isDynamicForm(dyn("        for tag in Tag.objects.all():\n            self.fields['tag_%d' % tag.pk] = forms.BooleanField()\n"), "F")).toBe(false);
    expect(isDynamicForm(dyn("        for key in ('x', 'y'):\n            self.fields[key] = forms.CharField()\n"), "F")).toBe(false);
    expect(isDynamicForm(dyn("        self.fields['x'].initial = 1\n        self.fields.pop('a')\n"), "F")).toBe(false);
  });

  it("resolves a name to the project's form class only through a module that defines it", () => {
    const f = formFacts([file("src/shop/forms/search.py", "from django import forms\n\nclass SearchForm(forms.Form):\n    q = forms.CharField()\n")]);
    expect(projectFormClass(f, "SearchForm", undefined)).toBe("SearchForm");
    expect(projectFormClass(f, "SearchForm", ".forms.SearchForm")).toBe("SearchForm");
    expect(projectFormClass(f, "SearchForm", "shop.forms.search.SearchForm")).toBe("SearchForm");
    expect(projectFormClass(f, "SearchForm", "shop.forms.SearchForm")).toBe("SearchForm");
    expect(projectFormClass(f, "Finder", "shop.forms.search.SearchForm")).toBe("SearchForm");
    expect(projectFormClass(f, "SearchForm", "vendor.forms.SearchForm")).toBeUndefined();
    expect(projectFormClass(f, "SearchForm", "django.contrib.admin.forms.SearchForm")).toBeUndefined();
    expect(projectFormClass(f, "OtherForm", undefined)).toBeUndefined();
  });
});
