import { BASE, baseProject, type CatalogCase, prodProject } from "./catalog-harness.js";

const py = String.raw;
const html = String.raw;

// Built at run time so the repository holds no text that looks like a committed key.
const stripeKey = "sk" + "_live_" + "51Hc9xYzAbCdEfGhIjKlMnOp";
const githubToken = "ghp" + "_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

const one = (path: string, text: string): Record<string, string> => ({ [path]: text });

export const codePositive: CatalogCase[] = [
  // Authorization: class-based views
  {
    name: "UpdateView without an access mixin",
    files: one("blog/views.py", py`from django.urls import reverse_lazy
from django.views.generic import UpdateView

from .models import Post


# expect: cbv-missing-access-control
class PostUpdateView(UpdateView):
    model = Post
    fields = ["title", "content"]
    success_url = reverse_lazy("post-list")
`),
  },
  {
    name: "DeleteView and CreateView through the generic module",
    files: one("blog/views.py", py`from django.views import generic

from .models import Post


# expect: cbv-missing-access-control
class PostDeleteView(generic.DeleteView):
    model = Post
    success_url = "/"


# expect: cbv-missing-access-control
class PostCreateView(generic.edit.CreateView):
    model = Post
    fields = ["title"]
`),
  },
  {
    name: "FormView from django.views.generic.edit",
    files: one("accounts/views.py", py`from django.views.generic.edit import FormView

from .forms import ChangeEmailForm


# expect: cbv-missing-access-control
class ChangeEmailView(FormView):
    template_name = "accounts/change_email.html"
    form_class = ChangeEmailForm

    def form_valid(self, form):
        form.save()
        return super().form_valid(form)
`),
  },
  {
    name: "LoginRequiredMixin listed after the view",
    files: one("blog/views.py", py`from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import UpdateView

from .models import Post


# expect: cbv-missing-access-control
class PostUpdateView(UpdateView, LoginRequiredMixin):
    model = Post
    fields = ["title"]
`),
  },
  {
    name: "permission_required decorator without raise_exception",
    files: one("polls/views.py", py`from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render

from .models import Poll


# expect: permission-required-redirects
@permission_required("polls.change_poll")
def edit_poll(request, pk):
    poll = get_object_or_404(Poll, pk=pk)
    return render(request, "polls/edit.html", {"poll": poll})
`),
  },
  // Authorization: DRF
  {
    name: "ModelViewSet with AllowAny",
    files: one("api/views.py", py`from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from .models import Post
from .serializers import PostSerializer


class PostViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()
    serializer_class = PostSerializer
    # expect: drf-allow-any-on-write
    permission_classes = [AllowAny]
`),
  },
  {
    name: "APIView with post() and permissions.AllowAny",
    files: one("api/views.py", py`from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView


class CommentView(APIView):
    # expect: drf-allow-any-on-write
    permission_classes = (permissions.AllowAny,)

    def post(self, request):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=201)
`),
  },
  {
    name: "@api_view POST with @permission_classes([AllowAny])",
    files: one("api/views.py", py`from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


@api_view(["GET", "POST"])
# expect: drf-allow-any-on-write
@permission_classes([AllowAny])
def post_list(request):
    if request.method == "POST":
        serializer = PostSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
    return Response(PostSerializer(Post.objects.all(), many=True).data)
`),
  },
  {
    name: "authentication_classes = [] on write views",
    files: one("api/views.py", py`from rest_framework import viewsets
from rest_framework.decorators import api_view, authentication_classes
from rest_framework.response import Response
from rest_framework.views import APIView


class TransferView(APIView):
    # expect: drf-authentication-disabled
    authentication_classes = []

    def post(self, request):
        return Response(make_transfer(request.data))


class OrderViewSet(viewsets.ModelViewSet):
    # expect: drf-authentication-disabled
    authentication_classes = ()
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


@api_view(["POST"])
# expect: drf-authentication-disabled
@authentication_classes([])
def update_profile(request):
    return Response(save_profile(request.data))
`),
  },
  // SQL injection
  {
    name: "raw() with an f-string (the guide's BAD example)",
    files: one("users/queries.py", py`from .models import User


def get_user_bad(username):
    # expect: raw-sql-interpolation
    return User.objects.raw(f"SELECT * FROM users WHERE username = '{username}'")
`),
  },
  {
    name: "cursor.execute with % formatting inside a with block",
    files: one("reports/queries.py", py`from django.db import connection


def orders_for(customer_id):
    with connection.cursor() as cursor:
        # expect: raw-sql-interpolation
        cursor.execute("SELECT * FROM orders WHERE customer_id = %s" % customer_id)
        return cursor.fetchall()
`),
  },
  {
    name: "cursor.execute with .format() through a local variable",
    files: one("reports/queries.py", py`import django.db


def search(term, order):
    sql = "SELECT id, name FROM products WHERE name LIKE '%{}%' ORDER BY {}".format(term, order)
    cursor = django.db.connection.cursor()
    # expect: raw-sql-interpolation
    cursor.execute(sql)
    return cursor.fetchall()
`),
  },
  {
    name: "executemany with + concatenation through a local variable",
    files: one("reports/loader.py", py`from django.db import connections


def load(table, rows):
    query = "INSERT INTO " + table + " (name, price) VALUES (%s, %s)"
    with connections["warehouse"].cursor() as c:
        # expect: raw-sql-interpolation
        c.executemany(query, rows)
`),
  },
  {
    name: "RawSQL with an f-string",
    files: one("shop/queries.py", py`from django.db.models.expressions import RawSQL

from .models import Product


def ranked(column):
    # expect: raw-sql-interpolation
    return Product.objects.annotate(rank=RawSQL(f"SELECT COUNT(*) FROM sales WHERE sales.{column} = shop_product.id", []))
`),
  },
  {
    name: "extra(where=) and extra(select=) with interpolation",
    files: one("shop/queries.py", py`from .models import Product


def filtered(category, field):
    # expect: raw-sql-interpolation
    qs = Product.objects.extra(where=["category = '%s'" % category])
    # expect: raw-sql-interpolation
    return qs.extra(select={"value": "SELECT {} FROM stats".format(field)})
`),
  },
  {
    name: "raw() with a %-formatted local variable",
    files: one("users/queries.py", py`from .models import User


def by_email(email):
    query = "SELECT * FROM users WHERE email = '%s'" % email
    # expect: raw-sql-interpolation
    return list(User.objects.raw(query))
`),
  },
  // XSS in code
  {
    name: "mark_safe on a parameter (the guide's BAD example)",
    files: one("blog/utils.py", py`from django.utils.safestring import mark_safe


def render_bad(user_input):
    # expect: mark-safe-untrusted
    return mark_safe(user_input)
`),
  },
  {
    name: "mark_safe imported under an alias, with an f-string",
    files: one("blog/templatetags/blog_tags.py", py`from django import template
from django.utils.safestring import mark_safe as ms

register = template.Library()


@register.simple_tag
def badge(label):
    # expect: mark-safe-untrusted
    return ms(f'<span class="badge">{label}</span>')
`),
  },
  {
    name: "SafeString on a %-formatted string",
    files: one("blog/utils.py", py`from django.utils.safestring import SafeString


def link(url, text):
    # expect: mark-safe-untrusted
    return SafeString('<a href="%s">%s</a>' % (url, text))
`),
  },
  {
    name: "format_html with an f-string, .format() and no arguments",
    files: one("blog/utils.py", py`from django.utils.html import format_html


def greet(name):
    # expect: format-html-misuse
    return format_html(f"<b>Hello {name}</b>")


def row(cells):
    # expect: format-html-misuse
    return format_html("<tr>{}</tr>".format(cells))


def banner(message):
    html = "<div class='banner'>" + message + "</div>"
    # expect: format-html-misuse
    return format_html(html)
`),
  },
  // CSP and headers in code
  {
    name: "Content-Security-Policy header with unsafe-inline in script-src",
    files: one("core/middleware.py", py`class CSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # expect: csp-unsafe-source
        response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
        return response
`),
  },
  // CSRF
  {
    name: "@csrf_exempt on a webhook (the guide's example)",
    files: one("payments/views.py", py`from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


# expect: csrf-exempt-view
@csrf_exempt
def webhook_view(request):
    handle_event(request.body)
    return HttpResponse(status=200)
`),
  },
  {
    name: "csrf_exempt through method_decorator on a class",
    files: one("payments/views.py", py`from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt


# expect: csrf-exempt-view
@method_decorator(csrf_exempt, name="dispatch")
class PaymentCallbackView(View):
    def post(self, request):
        return process(request.POST)
`),
  },
  // File uploads
  {
    name: "FileField and ImageField without validators",
    files: one("documents/models.py", py`from django.db import models


class Document(models.Model):
    title = models.CharField(max_length=200)
    # expect: upload-without-validation
    file = models.FileField(upload_to="documents/")
    # expect: upload-without-validation
    attachment = models.FileField(upload_to="attachments/%Y/%m/", blank=True)
`),
  },
  {
    // ImageField checks the extension (validate_image_file_extension) and that Pillow can open the file,
    // but not the size: reported at low severity.
    name: "ImageField without validators",
    files: one("accounts/models.py", py`from django.db import models


class Profile(models.Model):
    # expect: upload-without-validation
    avatar = models.ImageField(upload_to="avatars/", blank=True)
`),
  },
  {
    name: "forms.FileField without validators",
    files: one("documents/forms.py", py`from django import forms


class UploadForm(forms.Form):
    title = forms.CharField(max_length=100)
    # expect: upload-without-validation
    attachment = forms.FileField()
`),
  },
  {
    name: "media served by django.views.static.serve",
    files: one("mysite/urls.py", py`from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    # expect: media-served-by-django
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
`),
  },
  // Secrets in code
  {
    name: "API keys and tokens as literals in code",
    files: one("billing/client.py", py`import requests
import stripe

# expect: hardcoded-credential
stripe.api_key = "${stripeKey}"
# expect: hardcoded-credential
GITHUB_TOKEN = "${githubToken}"


def fetch_repos():
    return requests.get("https://api.github.com/user/repos", headers={"Authorization": f"token {GITHUB_TOKEN}"})
`),
  },
  // Data flow
  {
    name: "request data into SQL, HTML, shell, eval, pickle, redirect, path, URL, header and model",
    files: one("shop/views.py", py`import os
import pickle
import subprocess

import requests
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from .models import Product


def search(request):
    q = request.GET["q"]
    with connection.cursor() as cursor:
        # The data-flow finding replaces the pattern one (raw-sql-interpolation) on the same line: it says more.
        # expect: tainted-sql
        cursor.execute("SELECT * FROM shop_product WHERE name = '" + q + "'")
    # expect: tainted-html
    return HttpResponse(mark_safe("<h1>" + q + "</h1>"))


def ping(request):
    host = request.GET.get("host")
    # expect: tainted-command
    os.system("ping -c 1 " + host)
    # expect: tainted-command
    subprocess.run(f"nslookup {host}", shell=True)
    return HttpResponse("ok")


def calc(request):
    # expect: tainted-code-eval
    return HttpResponse(str(eval(request.POST["expr"])))


def restore(request):
    # expect: unsafe-deserialization
    state = pickle.loads(request.body)
    return HttpResponse(str(state))


def go(request):
    # expect: open-redirect
    return redirect(request.GET.get("next"))


def download(request):
    name = request.GET["file"]
    # expect: tainted-path
    with open(os.path.join("/srv/reports", name), "rb") as f:
        return HttpResponse(f.read())


def preview(request):
    # expect: tainted-ssrf
    r = requests.get(request.GET["url"], timeout=5)
    return HttpResponse(r.text, content_type="text/plain")


def export(request):
    response = HttpResponse("a,b\n", content_type="text/csv")
    # expect: tainted-header
    response["Content-Disposition"] = "attachment; filename=" + request.GET["name"]
    return response


def create_product(request):
    # expect: mass-assignment
    Product.objects.create(**request.POST.dict())
    return HttpResponse(status=201)
`),
  },
  {
    name: "spelling variants: % and + in raw(), f-string execute without with, extra(tables=), module-qualified mark_safe",
    files: one("people/views.py", py`from django.contrib.messages.views import SuccessMessageMixin
from django.db import connection
from django.utils import safestring
from django.utils.html import format_html
from django.views.generic import UpdateView
from rest_framework import generics, permissions

from .models import Person


def by_name(name):
    # expect: raw-sql-interpolation
    return Person.objects.raw("SELECT * FROM people WHERE name = '%s'" % name)


def by_name_concat(name):
    # expect: raw-sql-interpolation
    return Person.objects.raw("SELECT * FROM people WHERE name = '" + name + "'")


def ordered(order):
    cursor = connection.cursor()
    # expect: raw-sql-interpolation
    cursor.execute(f"SELECT * FROM people ORDER BY {order}")


def joined(table):
    # expect: raw-sql-interpolation
    return Person.objects.extra(tables=[table], where=["people.id = %s" % table])


def bio(html):
    # expect: mark-safe-untrusted
    return safestring.mark_safe(html)


def line_break():
    # format_html() without arguments: deprecated in Django 5.0, an error in 6.0.
    # expect: format-html-misuse
    return format_html("<br>")


# expect: cbv-missing-access-control
class PersonUpdate(SuccessMessageMixin, UpdateView):
    model = Person
    fields = ["name"]
    success_message = "Saved"


class PersonListCreate(generics.ListCreateAPIView):
    # expect: drf-allow-any-on-write
    permission_classes = [permissions.AllowAny]
    serializer_class = PersonSerializer
`),
  },
  {
    name: "csrf_exempt wrapped around views in a URLconf",
    files: one("payments/urls.py", py`from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views

urlpatterns = [
    # expect: csrf-exempt-view
    path("hook/", csrf_exempt(views.hook)),
    # expect: csrf-exempt-view
    path("callback/", csrf_exempt(views.CallbackView.as_view())),
    path("", views.index),
]
`),
  },
  {
    name: "template variants: POST in capitals, |safe in an attribute, JS values and handlers",
    files: one("shop/templates/shop/item.html", html`{% load static %}
{# expect: template-form-without-csrf-token #}
<form action="/comment/" method='POST'>
  <input name="body">
</form>
{# expect: template-safe-filter #}
<a href="{{ item.url|safe }}">{{ item.name }}</a>
<script>
  {# expect: template-var-in-script #}
  var data = {{ data|safe }};
  {# expect: template-var-in-script #}
  var n = {{ count }};
</script>
{# expect: template-var-in-script #}
<div onclick="go('{{ item.name }}')">open</div>
`),
  },
];

export const codeNegative: CatalogCase[] = [
  {
    name: "the guide's PostUpdateView with LoginRequiredMixin and PermissionRequiredMixin",
    files: one("blog/views.py", py`from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.views.generic import UpdateView

from .models import Post


class PostUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    model = Post
    fields = ["title", "content"]
    permission_required = "app.can_edit_others"
    raise_exception = True  # Return 403 instead of redirect

    def get_queryset(self):
        """Only allow users to edit their own posts."""
        return Post.objects.filter(author=self.request.user)
`),
  },
  {
    // Since Django 2.1 the mixin answers 403 to logged-in users and redirects only anonymous ones to
    // the login page, so `raise_exception` is optional there (the rule's note says so); the decorator
    // still redirects everyone and is reported.
    name: "PermissionRequiredMixin without raise_exception",
    files: one("blog/views.py", py`from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DeleteView

from .models import Post


class PostDeleteView(PermissionRequiredMixin, DeleteView):
    model = Post
    permission_required = "blog.delete_post"
    success_url = "/"
`),
  },
  {
    name: "views protected by decorators, UserPassesTestMixin and the guide's custom mixin",
    files: one("blog/views.py", py`from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from .models import Post


class AdminRequiredMixin:
    """Mixin to require admin role."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_admin():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_required, name="dispatch")
class PostCreateView(CreateView):
    model = Post
    fields = ["title"]


class PostUpdateView(UserPassesTestMixin, UpdateView):
    model = Post
    fields = ["title"]

    def test_func(self):
        return self.get_object().author == self.request.user


class SiteSettingsView(AdminRequiredMixin, FormView):
    form_class = SiteSettingsForm


class PostListView(ListView):
    model = Post


class PostDetailView(DetailView):
    model = Post


@permission_required("polls.change_poll", raise_exception=True)
def edit_poll(request, pk):
    ...


@login_required
@permission_required("polls.delete_poll", login_url="/no-access/")
def delete_poll(request, pk):
    ...
`),
  },
  {
    name: "DRF views: read-only AllowAny, IsOwnerOrReadOnly, the guide's protected_view",
    files: one("api/views.py", py`from rest_framework import generics, permissions, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response


class IsOwnerOrReadOnly(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.author == request.user


class PublicPostViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Post.objects.all()
    serializer_class = PostSerializer
    permission_classes = [AllowAny]


class PostList(generics.ListAPIView):
    queryset = Post.objects.all()
    serializer_class = PostSerializer
    permission_classes = [AllowAny]


class PostViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()
    serializer_class = PostSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly]


@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def protected_view(request):
    return Response({"message": "You are authenticated"})


@api_view(["GET"])
@permission_classes([AllowAny])
def health(request):
    return Response({"ok": True})
`),
  },
  {
    name: "parameterised SQL (the guide's GOOD examples)",
    files: one("users/queries.py", py`from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .models import Product, User


def search_users(query):
    return User.objects.raw("SELECT * FROM users WHERE username = %s", [query])


def by_email(user_input_email, status):
    return User.objects.raw("SELECT * FROM users WHERE email = %s AND status = %s", [user_input_email, status])


def get_users_by_email(email):
    return User.objects.filter(email__iexact=email)


def search_users_complex(query):
    return User.objects.filter(Q(username__icontains=query) | Q(email__icontains=query))


def orders_for(customer_id, since):
    sql = "SELECT * FROM orders WHERE customer_id = %s AND created > %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id, since])
        cursor.execute("SELECT * FROM orders WHERE id = %(id)s", {"id": customer_id})
        return cursor.fetchall()


def ranked(threshold):
    return Product.objects.annotate(hot=RawSQL("SELECT COUNT(*) FROM sales WHERE amount > %s", (threshold,)))


def filtered(category):
    return Product.objects.extra(where=["category = %s"], params=[category])


def constant_pieces():
    table = "shop_product"
    query = "SELECT COUNT(*) FROM " + table
    with connection.cursor() as cursor:
        cursor.execute(query)
`),
  },
  {
    name: "escaped HTML (the guide's GOOD examples)",
    files: one("blog/utils.py", py`from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def render_good(user_input):
    return mark_safe(escape(user_input))


def greet_user(username):
    return format_html("<b>{}</b>", username)


def greet_escaped(username):
    return format_html("{}", escape(username))


def icon():
    return mark_safe('<svg class="icon"><use href="#star"></use></svg>')


def items(rows):
    return format_html("<ul>{}</ul>", format_html_join("\n", "<li>{}</li>", ((r,) for r in rows)))
`),
  },
  {
    name: "the guide's CSP middleware and headers",
    files: one("core/middleware.py", py`from django.conf import settings

CSP_DEFAULT_SRC = "'self'"
CSP_SCRIPT_SRC = "'self' https://cdn.example.com"
CSP_STYLE_SRC = "'self' 'unsafe-inline'"


class SecurityHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        response["Content-Security-Policy"] = "default-src 'self'"
        return response


class CSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Content-Security-Policy"] = (
            f"default-src {CSP_DEFAULT_SRC}; "
            f"script-src {CSP_SCRIPT_SRC}; "
            f"style-src {CSP_STYLE_SRC}; "
        )
        return response
`),
  },
  {
    name: "CSRF kept on: decorators that protect, and a signed webhook",
    files: one("payments/views.py", py`import hmac

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt, csrf_protect, ensure_csrf_cookie


@csrf_protect
def transfer(request):
    return HttpResponse("ok")


@ensure_csrf_cookie
def spa(request):
    return HttpResponse("app")


@csrf_exempt
def stripe_webhook(request):
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(settings.WEBHOOK_SECRET.encode(), request.body, "sha256").hexdigest()
    if not hmac.compare_digest(signature, expected):
        return HttpResponseForbidden()
    return HttpResponse(status=200)
`),
  },
  {
    name: "the guide's validated FileField and a form with clean_<field>",
    files: one("documents/models.py", py`import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models


def validate_file_extension(value):
    """Validate file extension."""
    ext = os.path.splitext(value.name)[1]
    valid_extensions = [".jpg", ".jpeg", ".png", ".gif", ".pdf"]
    if not ext.lower() in valid_extensions:
        raise ValidationError("Unsupported file extension.")


def validate_file_size(value):
    """Validate file size (max 5MB)."""
    if value.size > 5 * 1024 * 1024:
        raise ValidationError("File too large. Max size is 5MB.")


class Document(models.Model):
    file = models.FileField(upload_to="documents/", validators=[validate_file_extension, validate_file_size])
    avatar = models.ImageField(upload_to="avatars/", validators=[FileExtensionValidator(["png", "jpg"]), validate_file_size])


class UploadForm(forms.Form):
    attachment = forms.FileField()

    def clean_attachment(self):
        f = self.cleaned_data["attachment"]
        validate_file_extension(f)
        validate_file_size(f)
        return f
`),
  },
  {
    // Read-only views with no authentication classes accept no writes, so there is nothing to forge
    // (the rule's note); an IsAuthenticated list view without authentication simply answers 403.
    name: "authentication_classes = [] on a read-only list view",
    files: one("api/views.py", py`from rest_framework import generics
from rest_framework.permissions import AllowAny


class PublicPostList(generics.ListAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = PostSerializer
`),
  },
  {
    // Sign-up, login and token endpoints are public by design (the rule's note lists them).
    name: "AllowAny on login and sign-up endpoints",
    files: one("accounts/api.py", py`from rest_framework import generics, permissions


class RegisterView(generics.CreateAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = RegisterSerializer


class LoginView(generics.GenericAPIView):
    permission_classes = (permissions.AllowAny,)

    def post(self, request):
        return login_response(request)
`),
  },
  {
    name: "templates: static scripts, escapejs in a handler, json_script",
    files: one("shop/templates/shop/list.html", html`{% load static %}
<script src="{% static 'shop/app.js' %}"></script>
{{ items|json_script:"items-data" }}
<button onclick="select('{{ item.slug|escapejs }}')">pick</button>
<form method="post">{% csrf_token %}<button>Buy</button></form>
<p>{{ description|linebreaks }}</p>
`),
  },
  {
    name: "media served only in DEBUG, or by static()",
    files: one("mysite/urls.py", py`from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.DEBUG:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
`),
  },
  {
    name: "secrets from the environment in code; password form fields",
    files: one("billing/client.py", py`import os

import stripe
from django import forms
from django.conf import settings

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
GITHUB_TOKEN = os.getenv("GITHUB_TOKEN", "")
api_key = settings.SENDGRID_API_KEY


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput)
`),
  },
  {
    name: "request data handled safely",
    files: one("shop/views.py", py`from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import ProductForm
from .models import Product


def search(request):
    q = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM shop_product WHERE name = %s", [q])
    return HttpResponse("<h1>" + escape(q) + "</h1>")


def detail(request):
    product = get_object_or_404(Product, pk=int(request.GET["id"]))
    return render(request, "shop/detail.html", {"product": product, "q": request.GET.get("q")})


def go(request):
    nxt = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(nxt)
    return redirect("/")


def create_product(request):
    form = ProductForm(request.POST)
    if form.is_valid():
        form.save()
    return JsonResponse({"ok": form.is_valid()})
`),
  },
];

const BASE_MIDDLEWARE_WITH_CSP = middlewareWithCsp();

// Settings-side CSP cases live here because they pair with the header cases above.
export const cspPositive: CatalogCase[] = [
  {
    name: "django-csp middleware without any CSP settings",
    files: baseProject({
      MIDDLEWARE: `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # expect: csp-not-configured
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]`,
    }),
  },
  {
    name: "django-csp 3 script-src with unsafe-inline and unsafe-eval",
    files: prodProject({
      CSP: `CSP_DEFAULT_SRC = ("'self'",)
# expect: csp-unsafe-source
CSP_SCRIPT_SRC = ("'self'", "'unsafe-inline'", "'unsafe-eval'")`,
    }, {
      MIDDLEWARE: BASE_MIDDLEWARE_WITH_CSP,
    }),
  },
  {
    name: "django-csp 3 default-src with *",
    files: prodProject({
      CSP: `# expect: csp-unsafe-source
CSP_DEFAULT_SRC = ("'self'", "*")
CSP_IMG_SRC = ("'self'", "data:", "https:")`,
    }, {
      MIDDLEWARE: BASE_MIDDLEWARE_WITH_CSP,
    }),
  },
  {
    name: "django-csp 4 CONTENT_SECURITY_POLICY with UNSAFE_INLINE",
    files: prodProject({
      CSP: `from csp.constants import SELF, UNSAFE_INLINE

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # expect: csp-unsafe-source
        "script-src": [SELF, UNSAFE_INLINE],
    },
}`,
    }, {
      MIDDLEWARE: BASE_MIDDLEWARE_WITH_CSP,
    }),
  },
];

export const cspNegative: CatalogCase[] = [
  {
    name: "the guide's CSP settings with the django-csp middleware",
    files: prodProject({
      CSP: `CSP_DEFAULT_SRC = ("'self'",)
CSP_SCRIPT_SRC = ("'self'", "https://cdn.example.com")
CSP_STYLE_SRC = ("'self'", "'unsafe-inline'")
CSP_IMG_SRC = ("'self'", "data:", "https:")
CSP_CONNECT_SRC = ("'self'", "https://api.example.com")`,
    }, {
      MIDDLEWARE: BASE_MIDDLEWARE_WITH_CSP,
    }),
  },
];

function middlewareWithCsp(): string {
  const lines = BASE.split("\n");
  const start = lines.findIndex((l) => l.startsWith("MIDDLEWARE = ["));
  const end = lines.findIndex((l, i) => i > start && l === "]");
  const block = lines.slice(start, end + 1);
  block.splice(2, 0, '    "csp.middleware.CSPMiddleware",');
  return block.join("\n");
}

export const templatePositive: CatalogCase[] = [
  {
    name: "|safe on a variable and {% autoescape off %}",
    files: one("blog/templates/blog/post_detail.html", html`{% extends "base.html" %}
{% block content %}
  <h1>{{ post.title }}</h1>
  {# expect: template-safe-filter #}
  <div class="body">{{ post.body|safe }}</div>
  {# expect: template-autoescape-off #}
  {% autoescape off %}
    {{ post.signature }}
  {% endautoescape %}
{% endblock %}
`),
  },
  {
    name: "variable inside <script> without escapejs",
    files: one("blog/templates/blog/profile.html", html`<script>
  {# expect: template-var-in-script #}
  var username = "{{ user.username }}";
  {# expect: template-var-in-script #}
  const query = '{{ request.GET.q }}';
</script>
`),
  },
  {
    name: "POST form without csrf_token",
    files: one("blog/templates/blog/comment_form.html", html`{% extends "base.html" %}
{% block content %}
{# expect: template-form-without-csrf-token #}
<form method="post" action="{% url 'comment-create' %}">
  {{ form.as_p }}
  <button type="submit">Submit</button>
</form>
{% endblock %}
`),
  },
];

export const templateNegative: CatalogCase[] = [
  {
    name: "the guide's template: escaping, escapejs, json_script, csrf_token",
    files: one("blog/templates/blog/safe.html", html`{% extends "base.html" %}
{% block content %}
  {{ user_input }}
  {{ user_input|escape }}
  {{ user_input|striptags }}
  <script>
    var username = "{{ username|escapejs }}";
  </script>
  {{ chart_data|json_script:"chart-data" }}
  <script>
    const data = JSON.parse(document.getElementById("chart-data").textContent);
  </script>
  <form method="post">
    {% csrf_token %}
    {{ form.as_p }}
    <button type="submit">Submit</button>
  </form>
  <form method="get" action="/search/">
    <input name="q" value="{{ q }}">
  </form>
  {% autoescape on %}{{ post.body }}{% endautoescape %}
{% endblock %}
`),
  },
];
