import json
import os
import pickle
import subprocess

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Order

PAYMENT_API_URL = "https://payments.example.com/v1/charges"
# expect: hardcoded-credential
PAYMENT_API_KEY = "shop-live-4f9d2c7e1b8a6d3f"


@login_required
def order_list(request):
    orders = Order.objects.filter(customer=request.user).order_by("-created")
    return render(request, "orders/order_list.html", {"orders": orders})


@login_required
def order_detail(request, pk):
    order = get_object_or_404(Order, pk=pk, customer=request.user)
    return render(request, "orders/order_detail.html", {"order": order})


# ok: csrf-exempt-view
@require_POST
@login_required
def checkout(request):
    payload = json.loads(request.body)
    # ok: tainted-ssrf
    response = requests.post(
        PAYMENT_API_URL,
        json={"amount": payload["amount"]},
        headers={"Authorization": f"Bearer {PAYMENT_API_KEY}"},
        timeout=10,
    )
    return JsonResponse({"ok": response.ok})


# expect: csrf-exempt-view
@csrf_exempt
def payment_webhook(request):
    # expect: unsafe-deserialization
    event = pickle.loads(request.body)
    Order.objects.filter(pk=event["order_id"]).update(status=event["status"])
    return HttpResponse(status=204)


# expect: suppression-without-reason
# django-sec: ignore[csrf-exempt-view]
@csrf_exempt
def shipping_webhook(request):
    return HttpResponse(status=204)


@login_required
def export_orders(request):
    fmt = request.GET.get("format", "csv")
    # expect: tainted-command
    subprocess.run(f"manage.py export_orders --format {fmt}", shell=True, check=True)
    return HttpResponse("Export started.")


@login_required
def download_invoice(request):
    name = request.GET["file"]
    # expect: tainted-path
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, "invoices", name), "rb"))


def after_checkout(request):
    # expect: open-redirect
    return redirect(request.GET.get("next", "/"))


def carrier_status(request):
    tracking_url = request.GET["tracking_url"]
    # expect: tainted-ssrf
    return JsonResponse(requests.get(tracking_url, timeout=5).json())
