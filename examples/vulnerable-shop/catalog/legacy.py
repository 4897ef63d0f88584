"""Endpoints kept for version 1 of the mobile app. Scheduled for removal."""
import yaml
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from orders.models import Coupon

from .models import Product


def search_v1(request):
    term = request.GET.get("q", "")
    # expect: tainted-sql
    rows = Product.objects.raw("SELECT * FROM catalog_product WHERE name LIKE '%%" + term + "%%'")
    return JsonResponse({"ids": [p.id for p in rows]})


def count_v1(request):
    with connection.cursor() as cursor:
        # ok: tainted-sql
        cursor.execute("SELECT COUNT(*) FROM catalog_product WHERE category_id = %s", [request.GET.get("c")])
        return JsonResponse({"count": cursor.fetchone()[0]})


def banner_v1(request):
    # expect: tainted-html
    return HttpResponse(mark_safe("<h1>" + request.GET.get("title", "Shop") + "</h1>"))


def price_v1(request):
    # "2 * 9.99" style expressions from the old price calculator.
    # expect: tainted-code-eval
    total = eval(request.GET["expression"])
    return JsonResponse({"total": total})


def export_v1(request):
    response = HttpResponse("id,name\n", content_type="text/csv")
    # expect: tainted-header
    response["Content-Disposition"] = "attachment; filename=" + request.GET.get("name", "export.csv")
    return response


def create_coupon_v1(request):
    # expect: mass-assignment
    coupon = Coupon.objects.create(**request.POST.dict())
    return JsonResponse({"id": coupon.id})


def import_v1(request):
    # ok: unsafe-deserialization
    data = yaml.safe_load(request.body)
    return JsonResponse({"items": len(data or [])})


def continue_v1(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=True):
        target = "/"
    # ok: open-redirect
    return redirect(target)
