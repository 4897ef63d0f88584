import type { CatalogCase } from "./catalog-harness.js";

const py = String.raw;
const html = String.raw;

const one = (path: string, text: string): Record<string, string> => ({ [path]: text });

// Data-flow cases written from the product description: request data (GET/POST/COOKIES/META/headers/
// body/FILES, DRF data/query_params, URL parameters, self.kwargs, cleaned_data) reaching SQL, HTML,
// shell, eval, deserialisation, redirects, paths, outgoing requests, response headers and models.
export const flowPositive: CatalogCase[] = [
  // SQL
  {
    name: "flow: cursor.execute with %-formatting of a URL parameter",
    files: one("shop/views.py", py`from django.db import connection
from django.http import JsonResponse


def product(request, slug):
    with connection.cursor() as cur:
        # expect: tainted-sql
        cur.execute("SELECT id, name FROM shop_product WHERE slug = '%s'" % slug)
        row = cur.fetchone()
    return JsonResponse({"id": row[0], "name": row[1]})
`),
  },
  {
    name: "flow: raw() with .format() of a cookie",
    files: one("shop/views.py", py`from django.shortcuts import render

from .models import Product


def recent(request):
    region = request.COOKIES.get("region", "eu")
    # expect: tainted-sql
    products = Product.objects.raw("SELECT * FROM shop_product WHERE region = '{}'".format(region))
    return render(request, "shop/list.html", {"products": products})
`),
  },
  {
    name: "flow: extra(select=) from DRF query_params in an APIView",
    files: one("api/views.py", py`from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Order


class OrderList(APIView):
    def get(self, request):
        field = request.query_params.get("sort", "created")
        # expect: tainted-sql
        qs = Order.objects.extra(order_by=[field], select={"total": "price * " + request.query_params["factor"]})
        return Response([o.pk for o in qs])
`),
  },
  {
    name: "flow: RawSQL from self.kwargs in a class-based view",
    files: one("shop/views.py", py`from django.db.models.expressions import RawSQL
from django.http import JsonResponse
from django.views import View

from .models import Product


class RankView(View):
    def get(self, request, *args, **kwargs):
        col = self.kwargs["column"]
        # expect: tainted-sql
        qs = Product.objects.annotate(rank=RawSQL(f"SELECT COUNT(*) FROM shop_sale WHERE {col} > 0", ()))
        return JsonResponse({"n": qs.count()})
`),
  },
  {
    name: "flow: SQL built in a helper from cleaned_data",
    files: one("reports/views.py", py`from django.db import connection
from django.http import HttpResponse

from .forms import ReportForm


def build_query(table, where):
    return "SELECT * FROM " + table + " WHERE " + where


def run(sql):
    with connection.cursor() as cursor:
        # expect: tainted-sql
        cursor.execute(sql)
        return cursor.fetchall()


def report(request):
    form = ReportForm(request.POST)
    if form.is_valid():
        rows = run(build_query("reports_sale", form.cleaned_data["filter"]))
        return HttpResponse(str(rows))
    return HttpResponse(status=400)
`),
  },
  {
    name: "flow: DRF ViewSet request.data into execute via an f-string",
    files: one("api/views.py", py`from django.db import connection
from rest_framework import viewsets
from rest_framework.response import Response


class TagViewSet(viewsets.ViewSet):
    def create(self, request):
        name = request.data["name"]
        cursor = connection.cursor()
        # expect: tainted-sql
        cursor.execute(f"INSERT INTO tags (name) VALUES ('{name}')")
        return Response(status=201)
`),
  },
  // HTML
  {
    name: "flow: mark_safe on a GET value with %-formatting",
    files: one("blog/views.py", py`from django.shortcuts import render
from django.utils.safestring import mark_safe


def search(request):
    term = request.GET.get("q", "")
    # expect: tainted-html
    banner = mark_safe("<p>Results for <b>%s</b></p>" % term)
    return render(request, "blog/search.html", {"banner": banner})
`),
  },
  {
    name: "flow: HttpResponse with HTML from an f-string of POST data",
    files: one("blog/views.py", py`from django.http import HttpResponse


def comment_preview(request):
    body = request.POST["body"]
    # expect: tainted-html
    return HttpResponse(f"<div class='comment'>{body}</div>")
`),
  },
  {
    name: "flow: SafeString from a header in a class-based view",
    files: one("blog/views.py", py`from django.http import HttpResponse
from django.utils.safestring import SafeString
from django.views import View


class Greeting(View):
    def get(self, request):
        agent = self.request.headers.get("User-Agent", "")
        # expect: tainted-html
        html = SafeString("<small>" + agent + "</small>")
        return HttpResponse(html)
`),
  },
  {
    name: "flow: HTML built in a helper then marked safe",
    files: one("blog/views.py", py`from django.shortcuts import render
from django.utils.safestring import mark_safe


def badge(label):
    return "<span class='badge'>" + label + "</span>"


def profile(request, username):
    # expect: tainted-html
    return render(request, "blog/profile.html", {"badge": mark_safe(badge(username))})
`),
  },
  // Shell
  {
    name: "flow: subprocess.check_output with shell=True and a POST value",
    files: one("tools/views.py", py`import subprocess

from django.http import HttpResponse


def whois(request):
    domain = request.POST.get("domain")
    # expect: tainted-command
    out = subprocess.check_output("whois %s" % domain, shell=True)
    return HttpResponse(out, content_type="text/plain")
`),
  },
  {
    name: "flow: os.system in a DRF function view",
    files: one("tools/views.py", py`import os

from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["POST"])
def convert(request):
    fmt = request.data.get("format")
    # expect: tainted-command
    os.system("convert input.png output." + fmt)
    return Response({"ok": True})
`),
  },
  {
    name: "flow: subprocess.Popen shell=True from a URL parameter",
    files: one("tools/views.py", py`from subprocess import Popen, PIPE

from django.http import HttpResponse


def tail(request, name):
    cmd = "tail -n 50 /var/log/app/" + name
    # expect: tainted-command
    proc = Popen(cmd, shell=True, stdout=PIPE)
    return HttpResponse(proc.communicate()[0], content_type="text/plain")
`),
  },
  // eval / exec
  {
    name: "flow: exec of request.body",
    files: one("tools/views.py", py`from django.http import HttpResponse


def run_snippet(request):
    code = request.body.decode()
    # expect: tainted-code-eval
    exec(code)
    return HttpResponse("done")
`),
  },
  {
    name: "flow: eval of a GET value in a class-based view",
    files: one("tools/views.py", py`from django.http import JsonResponse
from django.views import View


class Calc(View):
    def get(self, request):
        expr = request.GET["expr"]
        # expect: tainted-code-eval
        result = eval(expr)
        return JsonResponse({"result": result})
`),
  },
  // Deserialisation
  {
    name: "flow: yaml.load without a Loader on an uploaded file",
    files: one("imports/views.py", py`import yaml
from django.http import JsonResponse


def upload(request):
    f = request.FILES["config"]
    # expect: unsafe-deserialization
    data = yaml.load(f.read())
    return JsonResponse({"keys": list(data)})
`),
  },
  {
    name: "flow: yaml.load with yaml.Loader on POST data",
    files: one("imports/views.py", py`import yaml
from django.http import JsonResponse


def upload(request):
    text = request.POST["yaml"]
    # expect: unsafe-deserialization
    data = yaml.load(text, Loader=yaml.Loader)
    return JsonResponse(data)
`),
  },
  {
    name: "flow: pickle.loads of a base64 cookie",
    files: one("cart/views.py", py`import base64
import pickle

from django.shortcuts import render


def cart(request):
    raw = request.COOKIES.get("cart", "")
    # expect: unsafe-deserialization
    items = pickle.loads(base64.b64decode(raw))
    return render(request, "cart/cart.html", {"items": items})
`),
  },
  // Redirects
  {
    name: "flow: HttpResponseRedirect to a POST value",
    files: one("accounts/views.py", py`from django.contrib.auth import login
from django.http import HttpResponseRedirect


def sign_in(request):
    login(request, request.user)
    next_url = request.POST.get("next", "/")
    # expect: open-redirect
    return HttpResponseRedirect(next_url)
`),
  },
  {
    name: "flow: redirect to the Referer header",
    files: one("accounts/views.py", py`from django.shortcuts import redirect


def back(request):
    # expect: open-redirect
    return redirect(request.META.get("HTTP_REFERER"))
`),
  },
  {
    name: "flow: redirect in a class-based view's post",
    files: one("accounts/views.py", py`from django.shortcuts import redirect
from django.views import View


class Logout(View):
    def post(self, request):
        target = self.request.GET.get("next")
        # expect: open-redirect
        return redirect(target)
`),
  },
  // File paths
  {
    name: "flow: open() of an f-string path from GET",
    files: one("docs/views.py", py`from django.http import HttpResponse


def page(request):
    name = request.GET["page"]
    # expect: tainted-path
    with open(f"/srv/docs/{name}.md") as fh:
        return HttpResponse(fh.read(), content_type="text/plain")
`),
  },
  {
    name: "flow: FileResponse of os.path.join with a URL parameter",
    files: one("docs/views.py", py`import os

from django.conf import settings
from django.http import FileResponse


def download(request, filename):
    path = os.path.join(settings.MEDIA_ROOT, "exports", filename)
    # expect: tainted-path
    return FileResponse(open(path, "rb"))
`),
  },
  {
    name: "flow: a client-sent file name beside an upload used as a path",
    files: one("docs/views.py", py`from django.http import HttpResponse


def upload(request):
    upload = request.FILES["doc"]
    # expect: tainted-path
    with open("/srv/uploads/" + request.POST["filename"], "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return HttpResponse("saved")
`),
  },
  // Outgoing requests
  {
    name: "flow: requests.post to a DRF-provided webhook URL",
    files: one("hooks/views.py", py`import requests
from rest_framework.response import Response
from rest_framework.views import APIView


class TestHook(APIView):
    def post(self, request):
        url = request.data["url"]
        # expect: tainted-ssrf
        r = requests.post(url, json={"ping": True}, timeout=5)
        return Response({"status": r.status_code})
`),
  },
  {
    name: "flow: urllib urlopen of a GET value",
    files: one("hooks/views.py", py`from urllib.request import urlopen

from django.http import HttpResponse


def fetch(request):
    # expect: tainted-ssrf
    body = urlopen(request.GET["src"]).read()
    return HttpResponse(body, content_type="text/plain")
`),
  },
  {
    name: "flow: requests.get with an f-string host from a view argument",
    files: one("hooks/views.py", py`import requests
from django.http import JsonResponse


def status(request, host):
    # expect: tainted-ssrf
    r = requests.get(f"http://{host}/health", timeout=3)
    return JsonResponse({"up": r.ok})
`),
  },
  // Response headers
  {
    name: "flow: Location header from a cookie",
    files: one("shop/views.py", py`from django.http import HttpResponse


def next_page(request):
    response = HttpResponse(status=302)
    # expect: tainted-header
    response["Location"] = request.COOKIES["return_to"]
    return response
`),
  },
  {
    name: "flow: headers= argument of HttpResponse from GET",
    files: one("shop/views.py", py`from django.http import HttpResponse


def export(request):
    name = request.GET.get("name", "export")
    # expect: tainted-header
    return HttpResponse("a,b\n", content_type="text/csv", headers={"Content-Disposition": "attachment; filename=" + name})
`),
  },
  // Mass assignment
  {
    name: "flow: Model(**request.POST.dict())",
    files: one("users/views.py", py`from django.http import HttpResponse

from .models import Profile


def create(request):
    # expect: mass-assignment
    profile = Profile(**request.POST.dict())
    profile.save()
    return HttpResponse(status=201)
`),
  },
  {
    name: "flow: queryset.update(**request.data) in a DRF view",
    files: one("users/views.py", py`from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import Profile


@api_view(["PATCH"])
def patch_profile(request, pk):
    # expect: mass-assignment
    Profile.objects.filter(pk=pk, user=request.user).update(**request.data)
    return Response(status=204)
`),
  },
  {
    name: "flow: update(**data) with data copied from POST",
    files: one("users/views.py", py`from django.http import HttpResponse

from .models import Profile


def edit(request):
    profile = Profile.objects.get(user=request.user)
    data = request.POST.dict()
    # expect: mass-assignment
    Profile.objects.filter(pk=profile.pk).update(**data)
    return HttpResponse("ok")
`),
  },
  {
    name: "flow: getlist joined into an IN clause",
    files: one("shop/views.py", py`from django.db import connection
from django.http import JsonResponse


def compare(request):
    ids = ",".join(request.GET.getlist("id"))
    with connection.cursor() as c:
        # expect: tainted-sql
        c.execute("SELECT id, price FROM shop_product WHERE id IN (" + ids + ")")
        return JsonResponse({"rows": c.fetchall()})
`),
  },
  {
    name: "flow: a CBV method helper runs the SQL",
    files: one("shop/views.py", py`from django.db import connection
from django.http import JsonResponse
from django.views import View


class SearchView(View):
    def _rows(self, term):
        with connection.cursor() as cursor:
            # expect: tainted-sql
            cursor.execute("SELECT id FROM shop_product WHERE name LIKE '%%" + term + "%%'")
            return cursor.fetchall()

    def get(self, request):
        return JsonResponse({"rows": self._rows(request.GET.get("q", ""))})
`),
  },
  {
    name: "flow: QUERY_STRING echoed in an HTML response",
    files: one("blog/views.py", py`from django.http import HttpResponse


def debug_echo(request):
    qs = request.META.get("QUERY_STRING", "")
    # expect: tainted-html
    return HttpResponse("<pre>" + qs + "</pre>")
`),
  },
  {
    name: "flow: format_html with a format string built from request data",
    files: one("blog/views.py", py`from django.http import HttpResponse
from django.utils.html import format_html


def hello(request):
    name = request.GET.get("name", "")
    # expect: tainted-html
    return HttpResponse(format_html("<b>Hello " + name + "</b>{}", "!"))
`),
  },
  {
    name: "flow: HttpResponsePermanentRedirect from a ViewSet action",
    files: one("api/views.py", py`from django.http import HttpResponsePermanentRedirect
from rest_framework import viewsets
from rest_framework.decorators import action


class LinkViewSet(viewsets.ViewSet):
    @action(detail=False, methods=["get"])
    def follow(self, request):
        dest = request.query_params["to"]
        # expect: open-redirect
        return HttpResponsePermanentRedirect(dest)
`),
  },
  {
    name: "flow: compile() of POST source",
    files: one("tools/views.py", py`from django.http import HttpResponse


def check_syntax(request):
    src = request.POST["source"]
    # expect: tainted-code-eval
    compile(src, "<input>", "exec")
    return HttpResponse("ok")
`),
  },
  {
    name: "flow: marshal.loads of the request body",
    files: one("tools/views.py", py`import marshal

from django.http import JsonResponse


def load(request):
    # expect: unsafe-deserialization
    obj = marshal.loads(request.body)
    return JsonResponse({"type": type(obj).__name__})
`),
  },
  {
    name: "flow: pathlib read of a GET value",
    files: one("docs/views.py", py`from pathlib import Path

from django.conf import settings
from django.http import HttpResponse


def page(request):
    target = Path(settings.BASE_DIR) / "docs" / request.GET["name"]
    # expect: tainted-path
    return HttpResponse(target.read_text(), content_type="text/plain")
`),
  },
  {
    name: "flow: default_storage.delete of a POST value",
    files: one("docs/views.py", py`from django.core.files.storage import default_storage
from django.http import HttpResponse


def remove(request):
    name = request.POST["name"]
    # expect: tainted-path
    default_storage.delete(name)
    return HttpResponse(status=204)
`),
  },
  {
    name: "flow: httpx and requests.Session with URLs from the request",
    files: one("hooks/views.py", py`import httpx
import requests
from django.http import JsonResponse


def probe(request):
    target = request.POST["target"]
    # expect: tainted-ssrf
    a = httpx.get(target, timeout=5)
    session = requests.Session()
    # expect: tainted-ssrf
    b = session.get(request.GET["mirror"], timeout=5)
    return JsonResponse({"a": a.status_code, "b": b.status_code})
`),
  },
  {
    name: "flow: response.headers[...] from a header of the request",
    files: one("shop/views.py", py`from django.http import JsonResponse


def ping(request):
    response = JsonResponse({"ok": True})
    # expect: tainted-header
    response.headers["X-Request-Id"] = request.headers["X-Request-Id"]
    return response
`),
  },
  {
    name: "flow: update_or_create defaults from POST",
    files: one("users/views.py", py`from django.http import HttpResponse

from .models import Preference


def save_prefs(request):
    # expect: mass-assignment
    Preference.objects.update_or_create(user=request.user, defaults=request.POST.dict())
    return HttpResponse("saved")
`),
  },
];

export const flowNegative: CatalogCase[] = [
  {
    // Django's multipart parser keeps only the last component of an upload's name and refuses "." and "..".
    name: "flow safe: an upload's own name joined to a folder",
    files: one("docs/views.py", py`from django.http import HttpResponse


def upload(request):
    upload = request.FILES["doc"]
    with open("/srv/uploads/" + upload.name, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return HttpResponse("saved")
`),
  },
  {
    name: "flow safe: JSON text and DRF Response of request data",
    files: one("api/views.py", py`import json

from django.http import HttpResponse
from rest_framework.response import Response
from rest_framework.views import APIView


def echo(request):
    return HttpResponse(json.dumps(request.GET.dict()), content_type="application/json")


class Echo(APIView):
    def post(self, request):
        return Response({"received": request.data})
`),
  },
  {
    name: "flow safe: ORM filters with query_params in get_queryset",
    files: one("api/views.py", py`from rest_framework import viewsets

from .models import Order
from .serializers import OrderSerializer


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderSerializer

    def get_queryset(self):
        qs = Order.objects.filter(owner=self.request.user)
        status = self.request.query_params.get("status")
        if status:
            qs = qs.filter(status=status).extra(where=["total > %s"], params=[self.request.query_params.get("min", 0)])
        return qs
`),
  },
  {
    name: "flow safe: redirect to a fixed path with a quoted query string",
    files: one("accounts/views.py", py`from urllib.parse import quote

from django.http import HttpResponseRedirect
from django.urls import reverse


def to_login(request):
    return HttpResponseRedirect(reverse("login") + "?next=" + quote(request.GET.get("next", "/")))
`),
  },
  {
    name: "flow safe: list-form subprocess with an uploaded file path",
    files: one("tools/views.py", py`import subprocess

from django.http import HttpResponse


def thumbnail(request):
    upload = request.FILES["image"]
    subprocess.run(["convert", upload.temporary_file_path(), "-resize", "200x200", "/tmp/thumb.png"], check=True)
    return HttpResponse("ok")
`),
  },
  {
    name: "flow safe: requests to a fixed host with a request value in the path",
    files: one("hooks/views.py", py`import requests
from django.http import JsonResponse

API = "https://api.example.com"


def user(request, user_id):
    r = requests.get(f"https://api.example.com/users/{user_id}", timeout=5)
    s = requests.get(API + "/orgs/" + request.GET["org"], timeout=5)
    return JsonResponse({"user": r.json(), "org": s.json()})
`),
  },
  {
    name: "flow safe: uploaded file saved under a generated name",
    files: one("docs/views.py", py`import os
import uuid

from django.conf import settings
from django.http import HttpResponse


def upload(request):
    f = request.FILES["doc"]
    path = os.path.join(settings.MEDIA_ROOT, "uploads", f"{uuid.uuid4().hex}.bin")
    with open(path, "wb") as out:
        for chunk in f.chunks():
            out.write(chunk)
    return HttpResponse("saved")
`),
  },
  {
    name: "flow safe: yaml.load with CSafeLoader",
    files: one("imports/views.py", py`import yaml
from django.http import JsonResponse


def upload(request):
    data = yaml.load(request.body, Loader=yaml.CSafeLoader)
    return JsonResponse(data)
`),
  },
  {
    name: "flow safe: parameterised execute and raw with a URL parameter",
    files: one("shop/views.py", py`from django.db import connection
from django.http import JsonResponse

from .models import Product


def product(request, slug):
    with connection.cursor() as cur:
        cur.execute("SELECT id, name FROM shop_product WHERE slug = %s", [slug])
        row = cur.fetchone()
    items = Product.objects.raw("SELECT * FROM shop_product WHERE slug = %s", params=[slug])
    return JsonResponse({"id": row[0], "n": len(list(items))})
`),
  },
  {
    name: "flow safe: int() before an f-string LIMIT",
    files: one("shop/views.py", py`from django.db import connection
from django.http import JsonResponse


def top(request):
    limit = int(request.GET.get("limit", 10))
    with connection.cursor() as cur:
        cur.execute(f"SELECT id FROM shop_product ORDER BY sales DESC LIMIT {limit}")
        return JsonResponse({"ids": [r[0] for r in cur.fetchall()]})
`),
  },
  {
    name: "flow safe: %d and {:d} numeric conversions of request data",
    files: one("shop/views.py", py`from django.db import connection
from django.http import JsonResponse


def page(request):
    with connection.cursor() as cur:
        # "%d" % "1; DROP TABLE" raises TypeError: only a number can reach the SQL.
        cur.execute("SELECT id FROM shop_product LIMIT %d OFFSET %d" % (request.GET["limit"], 0))
        cur.execute(f"SELECT id FROM shop_product WHERE price > {request.GET['min']:d}")
        return JsonResponse({"ids": [r[0] for r in cur.fetchall()]})
`),
  },
  {
    name: "flow safe: allow-list membership check before extra()",
    files: one("api/views.py", py`from django.http import JsonResponse

from .models import Order

ALLOWED = ("created", "total")


def orders(request):
    field = request.GET.get("sort", "created")
    if field not in ALLOWED:
        return JsonResponse({"error": "bad sort"}, status=400)
    qs = Order.objects.extra(order_by=[field])
    return JsonResponse({"n": qs.count()})
`),
  },
  {
    name: "flow safe: escape() and format_html with arguments",
    files: one("blog/views.py", py`from django.http import HttpResponse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def search(request):
    term = request.GET.get("q", "")
    banner = format_html("<p>Results for <b>{}</b></p>", term)
    note = mark_safe("<i>" + escape(request.GET.get("note", "")) + "</i>")
    return HttpResponse(banner + note)
`),
  },
  {
    name: "flow safe: render() passes request data to an autoescaped template",
    files: one("blog/views.py", py`from django.shortcuts import render
from django.views import View


class Search(View):
    def get(self, request):
        return render(request, "blog/search.html", {"q": self.request.GET.get("q", "")})
`),
  },
  {
    name: "flow safe: plain-text and JSON responses of request data",
    files: one("blog/views.py", py`from django.http import HttpResponse, JsonResponse


def echo(request):
    return HttpResponse(request.GET.get("msg", ""), content_type="text/plain")


def echo_json(request):
    return JsonResponse({"msg": request.POST.get("msg")})
`),
  },
  {
    name: "flow safe: mark_safe of a constant",
    files: one("blog/views.py", py`from django.shortcuts import render
from django.utils.safestring import mark_safe


def home(request):
    return render(request, "blog/home.html", {"hr": mark_safe("<hr>"), "q": request.GET.get("q")})
`),
  },
  {
    name: "flow safe: shlex.quote and list-form subprocess",
    files: one("tools/views.py", py`import shlex
import subprocess

from django.http import HttpResponse


def whois(request):
    domain = request.POST.get("domain", "")
    out = subprocess.check_output("whois " + shlex.quote(domain), shell=True)
    out2 = subprocess.run(["dig", "+short", domain], capture_output=True, check=False).stdout
    return HttpResponse(out + out2, content_type="text/plain")
`),
  },
  {
    name: "flow safe: shell=True with a constant command",
    files: one("tools/views.py", py`import subprocess

from django.http import HttpResponse


def uptime(request):
    out = subprocess.check_output("uptime", shell=True)
    return HttpResponse(out, content_type="text/plain")
`),
  },
  {
    name: "flow safe: ast.literal_eval and json.loads of request data",
    files: one("tools/views.py", py`import ast
import json

from django.http import JsonResponse


def parse(request):
    value = ast.literal_eval(request.POST["value"])
    payload = json.loads(request.body)
    return JsonResponse({"value": value, "payload": payload})
`),
  },
  {
    name: "flow safe: yaml.safe_load and yaml.load with SafeLoader",
    files: one("imports/views.py", py`import yaml
from django.http import JsonResponse


def upload(request):
    a = yaml.safe_load(request.FILES["config"].read())
    b = yaml.load(request.POST["yaml"], Loader=yaml.SafeLoader)
    return JsonResponse({"a": a, "b": b})
`),
  },
  {
    name: "flow safe: pickle.loads of a server-side constant file",
    files: one("cart/views.py", py`import pickle

from django.conf import settings
from django.http import JsonResponse


def model_info(request):
    with open(settings.BASE_DIR / "model.pkl", "rb") as fh:
        model = pickle.loads(fh.read())
    return JsonResponse({"name": model.name})
`),
  },
  {
    name: "flow safe: redirect after url_has_allowed_host_and_scheme",
    files: one("accounts/views.py", py`from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View


class SignIn(View):
    def post(self, request):
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = settings.LOGIN_REDIRECT_URL
        return HttpResponseRedirect(next_url)
`),
  },
  {
    name: "flow safe: redirect to a named URL with a request argument",
    files: one("accounts/views.py", py`from django.shortcuts import redirect


def go(request):
    return redirect("shop:product", slug=request.GET["slug"])


def go_pk(request, pk):
    return redirect("shop:detail", pk=pk)
`),
  },
  {
    name: "flow safe: os.path.basename before joining",
    files: one("docs/views.py", py`import os

from django.conf import settings
from django.http import FileResponse


def download(request):
    name = os.path.basename(request.GET["file"])
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, "exports", name), "rb"))
`),
  },
  {
    name: "flow safe: path from an allow-list of report names",
    files: one("docs/views.py", py`from django.http import Http404, HttpResponse

REPORTS = {"q1": "/srv/reports/q1.csv", "q2": "/srv/reports/q2.csv"}


def report(request, key):
    path = REPORTS.get(key)
    if path is None:
        raise Http404
    with open(path) as fh:
        return HttpResponse(fh.read(), content_type="text/csv")
`),
  },
  {
    name: "flow safe: requests.get to a fixed host with request data as params",
    files: one("hooks/views.py", py`import requests
from django.http import JsonResponse


def weather(request):
    r = requests.get("https://api.weather.example/v1/current", params={"city": request.GET["city"]}, timeout=5)
    return JsonResponse(r.json())
`),
  },
  {
    name: "flow safe: outgoing URL chosen from an allow-list",
    files: one("hooks/views.py", py`import requests
from django.http import JsonResponse

FEEDS = {"news": "https://news.example/feed", "blog": "https://blog.example/feed"}


def feed(request):
    url = FEEDS.get(request.GET.get("name"), FEEDS["news"])
    return JsonResponse({"len": len(requests.get(url, timeout=5).text)})
`),
  },
  {
    name: "flow safe: response header from a constant and an int",
    files: one("shop/views.py", py`from django.http import HttpResponse


def export(request):
    response = HttpResponse("a,b\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="export.csv"'
    response["X-Page"] = str(int(request.GET.get("page", 1)))
    return response
`),
  },
  {
    name: "flow safe: ModelForm and explicit fields instead of **request.POST",
    files: one("users/views.py", py`from django.http import HttpResponse

from .forms import ProfileForm
from .models import Profile


def create(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        form.save()
    Profile.objects.create(user=request.user, bio=request.POST.get("bio", ""))
    return HttpResponse(status=201)
`),
  },
  {
    name: "flow safe: DRF serializer validated_data",
    files: one("users/views.py", py`from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Profile
from .serializers import ProfileSerializer


class ProfileCreate(APIView):
    def post(self, request):
        serializer = ProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        Profile.objects.create(user=request.user, **serializer.validated_data)
        return Response(status=201)
`),
  },
  {
    name: "flow safe: **kwargs from a dict of constants and request.user",
    files: one("users/views.py", py`from django.http import HttpResponse

from .models import Profile


def create(request):
    defaults = {"bio": "", "owner": request.user}
    Profile.objects.create(**defaults)
    return HttpResponse(status=201)
`),
  },
];

export const flowTemplatePositive: CatalogCase[] = [
  {
    name: "flow template: |safe on a user field and autoescape off block",
    files: one("blog/templates/blog/post.html", html`{% extends "base.html" %}
{% block content %}
<article>
  {# expect: template-safe-filter #}
  <div class="body">{{ post.body|safe }}</div>
  {# expect: template-autoescape-off #}
  {% autoescape off %}
    {{ comment.text }}
  {% endautoescape %}
</article>
{% endblock %}
`),
  },
  {
    name: "flow template: variable in a script and a POST form without csrf_token",
    files: one("shop/templates/shop/cart.html", html`<script>
  {# expect: template-var-in-script #}
  var coupon = "{{ request.GET.coupon }}";
</script>
{# expect: template-form-without-csrf-token #}
<form method="post" action="{% url 'cart:apply' %}">
  <input name="code">
  <button>Apply</button>
</form>
`),
  },
  {
    name: "flow template: safe and unescaped values inside script, a handler and a mixed-case post form",
    files: one("shop/templates/shop/checkout.html", html`{% extends "base.html" %}
{% block content %}
<script>
  {# expect: template-var-in-script #}
  const total = {{ order.total }};
  {# |safe inside <script> is reported once, by template-var-in-script (it supersedes template-safe-filter there). #}
  {# expect: template-var-in-script #}
  const note = "{{ order.note|safe }}";
</script>
{# expect: template-form-without-csrf-token #}
<form action="{% url 'shop:pay' %}" method="Post" class="pay">
  <button type="submit">Pay</button>
</form>
{% endblock %}
`),
  },
];

export const flowTemplateNegative: CatalogCase[] = [
  {
    name: "flow template safe: json_script, escapejs in a handler, GET search and escaped output",
    files: one("shop/templates/shop/search.html", html`{% extends "base.html" %}
{% block content %}
{{ results_meta|json_script:"results-meta" }}
<form action="{% url 'shop:search' %}" method="get">
  <input type="search" name="q" value="{{ request.GET.q }}">
</form>
<button onclick="track('{{ query|escapejs }}')">Track</button>
<p>{{ product.description|linebreaksbr }}</p>
<script src="{% static 'shop/search.js' %}"></script>
{% endblock %}
`),
  },
  {
    name: "flow template safe: escapejs, json_script, GET form and csrf_token",
    files: one("shop/templates/shop/cart.html", html`{{ cart_data|json_script:"cart-data" }}
<script>
  var coupon = "{{ coupon|escapejs }}";
  const cart = JSON.parse(document.getElementById("cart-data").textContent);
</script>
<form method="get" action="/search/">
  <input name="q" value="{{ q }}">
</form>
<form method="post">
  {% csrf_token %}
  <input name="code">
</form>
`),
  },
];
