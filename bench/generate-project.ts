/**
 * Deterministic generator of realistic Django projects for benchmarks: apps with models, views (function and
 * class-based), forms, DRF serializers and viewsets, urls, admin, templates and split settings, with a few guide
 * violations sprinkled in. The same seed always gives the same files.
 */
export interface GeneratedFile {
  path: string;
  text: string;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ["order", "product", "invoice", "customer", "ticket", "article", "comment", "payment", "shipment", "review", "coupon", "report", "account", "profile", "message", "booking", "event", "document", "category", "tag"];
const FIELDS = ["title", "name", "slug", "status", "amount", "notes", "email", "phone", "reference", "description", "code", "label"];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Generates `files` files (about 200 lines of Python each on average) from `seed`. */
export function generateProject(files: number, seed = 1): GeneratedFile[] {
  const rnd = mulberry32(seed);
  const out: GeneratedFile[] = [...settingsFiles(rnd)];
  let app = 0;
  while (out.length < files) {
    const name = `${pick(rnd, NOUNS)}s_${app++}`;
    const models = Array.from({ length: 12 + Math.floor(rnd() * 12) }, (_, i) => `${cap(pick(rnd, NOUNS))}${i}`);
    const appFiles: GeneratedFile[] = [
      { path: `project/${name}/models.py`, text: modelsPy(rnd, models) },
      { path: `project/${name}/views.py`, text: viewsPy(rnd, models) },
      { path: `project/${name}/api.py`, text: apiPy(rnd, models) },
      { path: `project/${name}/forms.py`, text: formsPy(rnd, models) },
      { path: `project/${name}/urls.py`, text: urlsPy(models) },
      { path: `project/${name}/admin.py`, text: adminPy(models) },
      { path: `project/${name}/services.py`, text: servicesPy(rnd, models) },
      { path: `project/${name}/templates/${name}/list.html`, text: template(rnd, models[0]) },
      { path: `project/${name}/templates/${name}/form.html`, text: template(rnd, models[1] ?? models[0]) },
      { path: `project/${name}/__init__.py`, text: "" },
    ];
    out.push(...appFiles.slice(0, files - out.length));
  }
  return out;
}

function settingsFiles(rnd: () => number): GeneratedFile[] {
  const debug = rnd() < 0.5 ? "DEBUG = True" : 'DEBUG = os.environ.get("DEBUG", "False") == "True"';
  return [
    {
      path: "project/config/settings/base.py",
      text: `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-${Math.floor(rnd() * 1e9).toString(36)}")
${debug}
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "config.urls"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
SESSION_COOKIE_AGE = 3600 * 24 * 30
REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}
`,
    },
    {
      path: "project/config/settings/production.py",
      text: `from .base import *

DEBUG = False
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600
SECURE_BROWSER_XSS_FILTER = True
`,
    },
  ];
}

function modelsPy(rnd: () => number, models: string[]): string {
  const lines = ["from django.db import models", "from django.conf import settings", "from django.core.validators import FileExtensionValidator", ""];
  for (const m of models) {
    lines.push(`class ${m}(models.Model):`, `    """A ${m.toLowerCase()} record."""`, "");
    for (let i = 0; i < 4 + Math.floor(rnd() * 6); i++) {
      const f = `${pick(rnd, FIELDS)}_${i}`;
      lines.push(rnd() < 0.2 ? `    ${f} = models.FileField(upload_to="uploads/")` : rnd() < 0.5 ? `    ${f} = models.CharField(max_length=${50 + i * 10}, blank=True)` : `    ${f} = models.IntegerField(default=0)`);
    }
    lines.push(
      "    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)",
      "    created = models.DateTimeField(auto_now_add=True)",
      "",
      "    class Meta:",
      `        ordering = ["-created"]`,
      "",
      "    def __str__(self):",
      `        return f"${m} {self.pk}"`,
      "",
      "    def total(self):",
      "        value = 0",
      "        for i in range(10):",
      "            if i % 2:",
      "                value += i * 2",
      "            else:",
      "                value -= 1",
      "        return value",
      "",
    );
  }
  return lines.join("\n");
}

function viewsPy(rnd: () => number, models: string[]): string {
  const lines = [
    "from django.contrib.auth.decorators import login_required",
    "from django.contrib.auth.mixins import LoginRequiredMixin",
    "from django.db import connection",
    "from django.http import HttpResponse, JsonResponse",
    "from django.shortcuts import get_object_or_404, redirect, render",
    "from django.utils.safestring import mark_safe",
    "from django.views.decorators.csrf import csrf_exempt",
    "from django.views.generic import DetailView, ListView, UpdateView",
    "",
    "from .models import " + models.join(", "),
    "",
  ];
  for (const m of models) {
    const low = m.toLowerCase();
    lines.push(
      `class ${m}List(LoginRequiredMixin, ListView):`,
      `    model = ${m}`,
      "    paginate_by = 20",
      "",
      "    def get_queryset(self):",
      "        qs = super().get_queryset().filter(owner=self.request.user)",
      `        term = self.request.GET.get("q")`,
      "        if term:",
      "            qs = qs.filter(name__icontains=term)",
      "        return qs",
      "",
      rnd() < 0.3 ? `class ${m}Update(UpdateView):` : `class ${m}Update(LoginRequiredMixin, UpdateView):`,
      `    model = ${m}`,
      `    fields = ["notes_1"]`,
      "",
      "@login_required",
      `def ${low}_detail(request, pk):`,
      `    obj = get_object_or_404(${m}, pk=pk, owner=request.user)`,
      `    return render(request, "${low}/detail.html", {"object": obj})`,
      "",
    );
    if (rnd() < 0.15) {
      lines.push(
        `def ${low}_search(request):`,
        `    q = request.GET["q"]`,
        "    with connection.cursor() as cursor:",
        `        cursor.execute(f"SELECT id FROM ${low} WHERE name = '{q}'")`,
        "        rows = cursor.fetchall()",
        `    return JsonResponse({"ids": [r[0] for r in rows]})`,
        "",
      );
    }
    if (rnd() < 0.1) {
      lines.push("@csrf_exempt", `def ${low}_hook(request):`, `    return HttpResponse(mark_safe(request.POST.get("msg", "")))`, "");
    }
    lines.push(
      `def ${low}_next(request):`,
      `    target = request.GET.get("next", "/")`,
      `    if not target.startswith("/"):`,
      `        target = "/"`,
      "    return redirect(target)",
      "",
    );
  }
  return lines.join("\n");
}

function apiPy(rnd: () => number, models: string[]): string {
  const lines = [
    "from rest_framework import permissions, serializers, viewsets",
    "from .models import " + models.join(", "),
    "",
  ];
  for (const m of models) {
    lines.push(
      `class ${m}Serializer(serializers.ModelSerializer):`,
      "    class Meta:",
      `        model = ${m}`,
      `        fields = "__all__"`,
      "",
      `class ${m}ViewSet(viewsets.ModelViewSet):`,
      `    serializer_class = ${m}Serializer`,
      rnd() < 0.2 ? "    permission_classes = [permissions.AllowAny]" : "    permission_classes = [permissions.IsAuthenticated]",
      "",
      "    def get_queryset(self):",
      `        return ${m}.objects.filter(owner=self.request.user)`,
      "",
    );
  }
  return lines.join("\n");
}

function formsPy(rnd: () => number, models: string[]): string {
  const lines = ["from django import forms", "from .models import " + models.join(", "), ""];
  for (const m of models) {
    lines.push(
      `class ${m}Form(forms.ModelForm):`,
      "    class Meta:",
      `        model = ${m}`,
      `        exclude = ["owner"]`,
      "",
      "    def clean(self):",
      "        data = super().clean()",
      `        if data.get("amount_${Math.floor(rnd() * 9)}", 0) < 0:`,
      `            raise forms.ValidationError("Amount must be positive.")`,
      "        return data",
      "",
    );
  }
  return lines.join("\n");
}

function urlsPy(models: string[]): string {
  const lines = ["from django.urls import path", "from . import views", "", "urlpatterns = ["];
  for (const m of models) {
    const low = m.toLowerCase();
    lines.push(`    path("${low}/", views.${m}List.as_view(), name="${low}-list"),`, `    path("${low}/<int:pk>/", views.${low}_detail, name="${low}-detail"),`);
  }
  lines.push("]", "");
  return lines.join("\n");
}

function adminPy(models: string[]): string {
  return ["from django.contrib import admin", "from .models import " + models.join(", "), "", ...models.map((m) => `admin.site.register(${m})`), ""].join("\n");
}

function servicesPy(rnd: () => number, models: string[]): string {
  const lines = ["import logging", "from decimal import Decimal", "", "logger = logging.getLogger(__name__)", ""];
  for (let i = 0; i < 40 + Math.floor(rnd() * 30); i++) {
    lines.push(
      `def compute_${i}(items, rate=Decimal("0.2")):`,
      `    """Totals for ${pick(rnd, models)}."""`,
      "    total = Decimal(0)",
      "    for item in items:",
      "        price = item.get('price', 0)",
      "        qty = item.get('qty', 1)",
      "        if qty <= 0:",
      "            logger.warning('bad quantity %s', qty)",
      "            continue",
      "        total += Decimal(price) * qty",
      "    return {'total': total, 'tax': total * rate, 'items': [x['id'] for x in items if 'id' in x]}",
      "",
    );
  }
  return lines.join("\n");
}

function template(rnd: () => number, model: string): string {
  const low = model.toLowerCase();
  return `{% extends "base.html" %}
{% block content %}
<h1>{{ title }}</h1>
<form method="post" action="">
  ${rnd() < 0.8 ? "{% csrf_token %}" : ""}
  {{ form.as_p }}
  <button type="submit">Save</button>
</form>
<ul>
{% for obj in object_list %}
  <li><a href="{% url '${low}-detail' obj.pk %}">{{ obj }}</a> {{ obj.notes_1${rnd() < 0.2 ? "|safe" : ""} }}</li>
{% endfor %}
</ul>
<script>
  const count = {{ object_list|length }};
</script>
{% endblock %}
`;
}
