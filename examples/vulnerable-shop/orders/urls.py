from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("checkout/", views.checkout, name="checkout"),
    path("webhooks/payment/", views.payment_webhook, name="payment-webhook"),
    path("webhooks/shipping/", views.shipping_webhook, name="shipping-webhook"),
    path("export/", views.export_orders, name="export"),
    path("invoice/", views.download_invoice, name="invoice"),
    path("done/", views.after_checkout, name="done"),
    path("tracking/", views.carrier_status, name="tracking"),
]
